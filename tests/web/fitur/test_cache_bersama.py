"""A host may give the module a shared cache (``SIPEKERJA_CACHE``, e.g. a ``RedisCache``): every
value then goes through pickle. cachelib's ``SimpleCache`` pickles the same way, in this process,
so it stands in for Redis here: every heavy page is served from it, first built and then found
again, exactly as it is rendered with no cache at all."""

from __future__ import annotations

import re

import pytest
from cachelib import SimpleCache

from sipekerja_module.views import fragmen

HALAMAN = [
    "/sipekerja/perencanaan/?tahun=2024",
    "/sipekerja/realisasi/?bulan=5&tahun=2024",
    "/sipekerja/realisasi/monitoring?tahun=2024",
    "/sipekerja/laporan/target-capaian?tahun=2024",
    "/sipekerja/laporan/pengukuran?tahun=2024&periode=tw2",
    "/sipekerja/pengukuran/?tahun=2024&periode=b5",
    "/sipekerja/pengukuran/?tahun=2024&periode=tw2",
    "/sipekerja/pengukuran/?tahun=2024&periode=tahun",
    "/sipekerja/",
]


def _halaman(client, url: str) -> str:
    respons = client.get(url)
    assert respons.status_code == 200, (url, respons.status_code)
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", respons.get_data(as_text=True))


def _pakai_cache(app, cache) -> None:
    app.config["SIPEKERJA_CACHE"] = cache
    fragmen.init_cache(app)


@pytest.mark.parametrize("url", HALAMAN)
def test_a_page_from_a_pickling_shared_cache_is_the_page_rendered_without_one(app, client_as, url):
    client = client_as("utama")
    _pakai_cache(app, False)
    segar = _halaman(client, url)
    bersama = SimpleCache(threshold=100_000)
    _pakai_cache(app, bersama)
    assert _halaman(client, url) == segar
    assert bersama._cache, "nothing was stored in the shared cache"
    assert _halaman(client, url) == segar
