"""Cached page fragments: the heavy, data-only part of a page, rendered once per data version.

A fragment is keyed by its name, the agency, the agency's data version
(``PerangkatDaerah.versi_data``, bumped at the commit of every write to the agency — see
``services.versi``) and whatever else it depends on (year, unit, period, the flags that change
what the viewer may click). A write therefore makes every cached fragment of its agency
unreachable; nothing is invalidated by hand and a fragment is never older than its key. A page
that shows less than all of its agency's data passes a narrower version as its ``lingkup``
(:func:`lingkup_agensi`: the plan tree its plan's, the monitoring board its fill state's, the
printed reports their verified figures'; the month form its unit's realisasi version), and only
the writes that change what it shows make it unreachable.

What may go in a fragment: what the agency's data and the key determine. What may not: anything
per user, per session or per moment (the signed-in name, "today", whether an input window is open
now unless that flag is part of the key). The one exception is the CSRF token of the forms inside
a fragment: it is stored as a placeholder and the current session's token is put back on the way
out. The placeholder is an HTML comment, which escaped user text can never produce.

Below the pages, :func:`ambil_blok` caches blocks of a page (report rows, the Pengukuran ranking)
each under a digest of its own inputs instead of the agency's version: a write bumps the version,
so the next view renders the page again, but it finds again every block whose inputs the write did
not change (``views/laporan_blok.py``).

The store is a ``cachelib`` cache: by default an ``extensions.CacheProses`` per worker process
(least recently used first out, ``SIPEKERJA_CACHE_ENTRI`` entries at most, and
``SIPEKERJA_CACHE_BLOK_ENTRI`` blocks in a second one; no pickling, so a hit costs a lookup and
a cached value must never be changed by its reader); a host can pass any cachelib cache (e.g. a
``RedisCache`` shared by its workers) as ``SIPEKERJA_CACHE``, which then holds both and pickles
every value (tests/web/fitur/test_cache_bersama.py), or ``False`` to turn caching off.
"""

from __future__ import annotations

import copyreg
import hashlib
from collections.abc import Callable
from collections.abc import Sequence
from types import MappingProxyType
from typing import TypeVar

from cachelib import BaseCache
from cachelib import NullCache
from flask import Flask
from flask import current_app
from flask import g
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..domain.predikat import SkalaPredikat
from ..extensions import CacheProses
from ..queries.pengukuran import load_skala_aktif
from ..queries.referensi import list_angka_tahun
from . import konteks

T = TypeVar("T")
_EXT = "sipekerja_fragmen"
_EXT_BLOK = "sipekerja_fragmen_blok"
_TEMPAT_TOKEN = "<!--sipekerja:csrf-->"


def _proksi_baca(isi: dict) -> MappingProxyType:
    return MappingProxyType(isi)


# A shared cache pickles what it keeps, and the domain's frozen results hold read-only mappings
# (``MappingProxyType``), which pickle cannot store by itself: store them as their dict.
copyreg.pickle(MappingProxyType, lambda proksi: (_proksi_baca, (dict(proksi),)))


def init_cache(app: Flask) -> None:
    """Create the fragment store of ``app`` from its configuration."""
    pilihan = app.config["SIPEKERJA_CACHE"]
    if isinstance(pilihan, BaseCache):
        store = pilihan
    elif pilihan is False:
        store = NullCache()
    else:
        store = CacheProses(app.config["SIPEKERJA_CACHE_ENTRI"])
    app.extensions[_EXT] = store
    # Row blocks are many and small: their own store, so they never push whole pages out (and back).
    if isinstance(pilihan, BaseCache) or pilihan is False:
        app.extensions[_EXT_BLOK] = store
    else:
        app.extensions[_EXT_BLOK] = CacheProses(app.config["SIPEKERJA_CACHE_BLOK_ENTRI"])


def lingkup_agensi(jenis: str) -> tuple:
    """The current agency with one of its narrower versions (``services.versi``) — ``rencana``,
    ``isian`` or ``terverifikasi`` — as the ``lingkup`` of a fragment that shows only what that
    version covers: then a write elsewhere (a Bidang's save, for a page of the plan or of verified
    figures) leaves the fragment in the store."""
    pd = konteks.perangkat_daerah()
    return (pd.id, jenis, getattr(pd, f"versi_{jenis}"))


def _kunci(nama: str, kunci: tuple, lingkup: tuple | None) -> str:
    if lingkup is None:
        pd = konteks.perangkat_daerah()
        lingkup = (pd.id, pd.versi_data)
    return ":".join((current_app.config["SIPEKERJA_CACHE_PREFIX"], nama, *map(str, lingkup), *map(str, kunci)))


def ambil(nama: str, kunci: tuple, buat: Callable[[], str], *, lingkup: tuple | None = None) -> Markup:
    """The HTML fragment ``nama`` of the current agency for ``kunci``, rendered by ``buat()`` on a miss.

    :param nama: the fragment (one per page part).
    :param kunci: everything besides the agency's data that the fragment depends on.
    :param buat: loads and renders the fragment (``render_template``); called only on a miss.
    :param lingkup: whose data the fragment shows, with its version; by default the current
        agency and its ``versi_data`` (the kabupaten dashboard passes the version of all agencies).
    :return: the fragment, with this session's CSRF token in its forms.
    """
    kunci_lengkap = _kunci(nama, kunci, lingkup)
    store: BaseCache = current_app.extensions[_EXT]
    html = store.get(kunci_lengkap)
    if html is None:
        html = str(buat())
        token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        if token:
            html = html.replace(token, _TEMPAT_TOKEN)
        store.set(kunci_lengkap, html)
    if _TEMPAT_TOKEN in html:
        html = html.replace(_TEMPAT_TOKEN, generate_csrf())
    return Markup(html)


def render_isi(nama: str, **konteks) -> str:
    """Render the template of a fragment without the app's context processors: they give the
    signed-in user, the menu and the bell, which a fragment must not show, and cost a page
    render's worth of work again (the page around the fragment runs them once). The Jinja
    globals (``url_for``, ``config``, ``csrf_token``) are there as usual.

    :param nama: the template.
    :param konteks: its variables.
    """
    return current_app.jinja_env.get_template(nama).render(konteks)


def ambil_data(nama: str, kunci: tuple, buat: Callable[[], T], *, lingkup: tuple | None = None) -> T:
    """A small picklable value derived from the current agency's data (e.g. the input windows of
    a year), cached under the same version as the fragments (or the narrower ``lingkup``, as in
    :func:`ambil`); ``buat()`` runs only on a miss.

    Only for values that the data version fully determines: anything that depends on the moment is
    computed from the value by the caller, on every request.
    """
    kunci_lengkap = _kunci(nama, kunci, lingkup)
    store: BaseCache = current_app.extensions[_EXT]
    nilai = store.get(kunci_lengkap)
    if nilai is None:
        nilai = buat()
        store.set(kunci_lengkap, nilai)
    return nilai


def ambil_data_rencana(nama: str, kunci: tuple, buat: Callable[[], T]) -> T:
    """:func:`ambil_data` under the current agency's plan version (``versi_rencana``): for what no
    realisasi changes — Referensi (windows, the scale, letterhead and signers), units, the plan's
    structure and its versions — so that a save leaves it in the store."""
    return ambil_data(nama, kunci, buat, lingkup=lingkup_agensi("rencana"))


def daftar_tahun() -> list[int]:
    """The years to choose from (``queries.referensi.list_angka_tahun``), kept under the current
    agency's plan version: a year is added by a write that marks every agency (``services.versi``)."""
    return ambil_data_rencana("daftar-tahun", (), list_angka_tahun)


def skala_aktif() -> SkalaPredikat:
    """The current agency's active predikat scale (``queries.pengukuran.load_skala_aktif``), kept
    under its plan version: one entry for every page that grades."""
    pd_id = konteks.perangkat_daerah().id
    return ambil_data_rencana("skala", (), lambda: load_skala_aktif(pd_id))


def ambil_blok(nama: str, masukan: Sequence[object], buat: Callable[[Sequence[int]], Sequence[T]]) -> list[T]:
    """Blocks of a page keyed by their own inputs: ``masukan[i]`` is everything block ``i`` is made
    from (a ``repr``-stable value), so a block is found again exactly while its inputs are the same
    and a write invalidates the blocks whose inputs it changed and no other.

    :param nama: the kind of block (one per page part).
    :param masukan: per block, its inputs.
    :param buat: given the positions of the blocks not found, makes them (same order).
    :return: every block, in the order of ``masukan``.
    """
    awalan = f"{current_app.config['SIPEKERJA_CACHE_PREFIX']}:{nama}:"
    kunci = [awalan + hashlib.blake2b(repr(m).encode(), digest_size=20).hexdigest() for m in masukan]
    store: BaseCache = current_app.extensions[_EXT_BLOK]
    blok = list(store.get_many(*kunci)) if kunci else []
    hilang = [i for i, b in enumerate(blok) if b is None]
    if hilang:
        baru = buat(hilang)
        for i, b in zip(hilang, baru):
            blok[i] = b
        store.set_many({kunci[i]: blok[i] for i in hilang})
    return blok
