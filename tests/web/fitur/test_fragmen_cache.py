"""Cached page fragments (views/fragmen.py): a repeat view is served from the cache with fewer
queries, a write shows at once, another agency's or unit's data never leaks through the cache,
and every session gets its own CSRF token inside a cached page."""

from __future__ import annotations

import re
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from portal_stub import create_app
from portal_stub.extensions import db
from sipekerja_module.models import Indikator
from sipekerja_module.models import Pengguna
from tests.conftest import make_test_config
from tests.masuk import masuk
from tests.querycount import QueryCounter

HALAMAN = {
    "rencana": "/sipekerja/perencanaan/?tahun=2024",
    "realisasi": "/sipekerja/realisasi/?bulan=5&tahun=2024",
    "monitoring": "/sipekerja/realisasi/monitoring?tahun=2024",
    "target-capaian": "/sipekerja/laporan/target-capaian?tahun=2024",
    "laporan-pengukuran": "/sipekerja/laporan/pengukuran?tahun=2024&periode=tw2",
    "pengukuran": "/sipekerja/pengukuran/?tahun=2024&periode=b5",
}


@pytest.mark.parametrize("nama", sorted(HALAMAN))
def test_a_repeat_view_is_the_same_page_from_the_cache_with_fewer_queries(app, client_as, nama):
    client = client_as("utama")
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as pertama:
        halaman_pertama = client.get(HALAMAN[nama])
    with QueryCounter(engine) as kedua:
        halaman_kedua = client.get(HALAMAN[nama])
    assert halaman_pertama.status_code == halaman_kedua.status_code == 200
    # Equal but for the CSRF token, which is signed with the time (another value each second).
    tanpa_token = [re.sub(r'name="csrf_token"([^>]*)value="[^"]+"', "", h.get_data(as_text=True))
                   for h in (halaman_pertama, halaman_kedua)]
    assert tanpa_token[1] == tanpa_token[0]
    assert kedua.count < pertama.count and kedua.count <= 9, (pertama.count, kedua.count)


def _ganti_uraian(app, demo, kode_unit: str, uraian: str) -> None:
    with app.app_context():
        db.session.get(Indikator, demo.ind[kode_unit]).uraian = uraian
        db.session.commit()


@pytest.mark.parametrize("nama", ["rencana", "target-capaian", "pengukuran"])
def test_a_committed_write_shows_on_the_next_view(app, client_as, demo, nama):
    client = client_as("utama")
    assert "Uraian yang baru diubah" not in client.get(HALAMAN[nama]).get_data(as_text=True)
    _ganti_uraian(app, demo, "BKPSDM-PPIK", "Uraian yang baru diubah")
    assert "Uraian yang baru diubah" in client.get(HALAMAN[nama]).get_data(as_text=True)


def test_a_saved_realisasi_shows_in_the_month_form_at_once(app, client_as, demo, tw2_dibuka):
    client = client_as("ppik")
    url = "/sipekerja/realisasi/?bulan=6&tahun=2024"
    assert 'value="4.321,5"' not in client.get(url).get_data(as_text=True)
    indikator = demo.ind["BKPSDM-PPIK"]
    assert client.post(url, data={f"k-{indikator}-nilai": "4.321,5"}).status_code == 302
    assert 'value="4.321,5"' in client.get(url).get_data(as_text=True)


def test_a_bidang_account_never_gets_another_units_cached_page(app, client_as, demo):
    """Utama fills the cache with the PPIK plan; Mutasi asking for the same URL gets its own."""
    _ganti_uraian(app, demo, "BKPSDM-PPIK", "Rahasia milik PPIK")
    utama, mutasi = client_as("utama"), client_as("mutasi")
    url = f"/sipekerja/perencanaan/?tahun=2024&unit={demo.unit['BKPSDM-PPIK']}"
    assert "Rahasia milik PPIK" in utama.get(url).get_data(as_text=True)
    for url_mutasi in (url, "/sipekerja/perencanaan/?tahun=2024"):
        assert "Rahasia milik PPIK" not in mutasi.get(url_mutasi).get_data(as_text=True)
    bulan = f"/sipekerja/realisasi/?bulan=5&tahun=2024&unit={demo.unit['BKPSDM-PPIK']}"
    assert utama.get(bulan).status_code == 200
    assert mutasi.get(bulan).status_code == 403


def test_a_window_closing_with_time_alone_changes_the_cached_month_form(app, client_as, demo, tw2_dibuka,
                                                                        monkeypatch):
    """No write happens, so the data version stays: whether the window is open is in the key."""
    from sipekerja_module.views import konteks

    client = client_as("ppik")
    url = "/sipekerja/realisasi/?bulan=6&tahun=2024"

    def isian() -> str:
        html = client.get(url).get_data(as_text=True)
        return re.search(rf'<input[^>]*name="k-{demo.ind["BKPSDM-PPIK"]}-nilai"[^>]*>', html).group(0)

    assert "readonly" not in isian()
    delapan_hari_lagi = datetime.now(timezone.utc) + timedelta(days=8)
    monkeypatch.setattr(konteks, "sekarang", lambda: delapan_hari_lagi)
    assert "readonly" in isian()


@pytest.fixture
def csrf_app(app, database_url, tmp_path, demo):
    return create_app(make_test_config(database_url, tmp_path, WTF_CSRF_ENABLED=True))


def _token(html: str) -> set[str]:
    return set(re.findall(r'name="csrf_token"[^>]*value="([^"]+)"', html))


def test_every_session_gets_its_own_csrf_token_in_a_cached_page(csrf_app, demo):
    app = csrf_app
    klien = [app.test_client(), app.test_client()]
    with app.app_context():
        for c in klien:
            masuk(c, db.session.get(Pengguna, demo.pengguna["utama"]))
    url = HALAMAN["rencana"]
    pertama, kedua = (c.get(url).get_data(as_text=True) for c in klien)
    token_pertama, token_kedua = _token(pertama), _token(kedua)
    assert len(token_pertama) == len(token_kedua) == 1 and token_pertama != token_kedua
    assert "<!--sipekerja:csrf-->" not in kedua
    # The second session's token, taken from the cached page, is accepted for its session only.
    hapus = re.search(r'formaction="(/sipekerja/perencanaan/node/\d+/hapus[^"]*)"', kedua).group(1)
    hapus = hapus.replace("&amp;", "&")
    assert klien[0].post(hapus, data={"csrf_token": token_kedua.pop()}).status_code == 400
    assert klien[1].post(hapus, data={"csrf_token": _token(kedua).pop()}).status_code == 302


def test_user_text_that_looks_like_the_token_placeholder_stays_text(csrf_app, demo):
    app = csrf_app
    _ganti_uraian(app, demo, "BKPSDM-PPIK", "<!--sipekerja:csrf--> bukan token")
    client = app.test_client()
    with app.app_context():
        masuk(client, db.session.get(Pengguna, demo.pengguna["utama"]))
    for _ in range(2):  # built, then served from the cache
        html = client.get(HALAMAN["rencana"]).get_data(as_text=True)
        assert "&lt;!--sipekerja:csrf--&gt; bukan token" in html
        assert len(_token(html)) == 1


def test_reopening_the_window_for_one_unit_opens_its_cached_month_form(app, client_as, demo):
    from sipekerja_module.models import JendelaInput
    from sipekerja_module.models import UnitKerja
    from sipekerja_module.services import referensi

    client = client_as("ppik")
    url = "/sipekerja/realisasi/?bulan=6&tahun=2024"
    nama = f'name="k-{demo.ind["BKPSDM-PPIK"]}-nilai"'

    def isian() -> str:
        return re.search(rf"<input[^>]*{nama}[^>]*>", client.get(url).get_data(as_text=True)).group(0)

    assert "readonly" in isian()  # the demo year's Triwulan II closed long ago
    with app.app_context():
        jendela = db.session.execute(db.select(JendelaInput).filter_by(tahun_id=demo.tahun, triwulan=2)).scalar_one()
        unit = db.session.get(UnitKerja, demo.unit["BKPSDM-PPIK"])
        referensi.buka_jendela_untuk_unit(jendela=jendela, unit_kerja=unit, alasan="Data terlambat", oleh=None,
                                          sampai=datetime.now(timezone.utc) + timedelta(days=2),
                                          now=datetime.now(timezone.utc))
        db.session.commit()
    assert "readonly" not in isian()
