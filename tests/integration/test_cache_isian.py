"""The month form's material (``queries.realisasi.load_bahan_isian``): besides the plan loader's
values, each owner's realisasi rows (version, *tidak ada realisasi* and its reason) and evidence
are cached under its ``versi_isi``. After every kind of write the form shows, a cached load equals
a fresh one, and only the owners the write touched are read again."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from datetime import timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from sipekerja_module.models import BuktiDukung
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import Tahun
from sipekerja_module.queries import realisasi as queries_realisasi
from sipekerja_module.queries.realisasi import load_bahan_isian
from tests.integration.test_cache_nilai import _NILAI
from tests.integration.test_cache_nilai import _isi

_BULAN = (4, 5, 6)


@pytest.fixture
def unit(session, demo_2024):
    """The agency, year and the unit of the first indicator with a unit."""
    pd = session.scalar(select(PerangkatDaerah).where(PerangkatDaerah.kode == "BKPSDM"))
    tahun = session.scalar(select(Tahun).where(Tahun.tahun == 2024))
    unit_id = session.scalar(select(Indikator.unit_kerja_id).where(
        Indikator.perangkat_daerah_id == pd.id, Indikator.unit_kerja_id.is_not(None)).order_by(Indikator.id))
    return {"perangkat_daerah_id": pd.id, "tahun_id": tahun.id, "unit_kerja_id": unit_id, "bulan": _BULAN}


def _tanpa_versi(bahan):
    return replace(bahan, data=_isi(bahan.data))


def _segar(app, pilihan):
    """A load with the cache out of the way."""
    cache = app.extensions.pop(_NILAI)
    try:
        return _tanpa_versi(load_bahan_isian(**pilihan))
    finally:
        app.extensions[_NILAI] = cache


def _tulisan(session, unit_id: int):
    """Every kind of write the form's rows show besides values: a row's version (a value replaced),
    a new row, *tidak ada realisasi* with a reason, the reason changed, evidence uploaded and
    withdrawn, an anggaran row new and replaced."""
    ind = session.scalars(select(Indikator).where(Indikator.unit_kerja_id == unit_id).order_by(Indikator.id)).all()
    node = session.scalar(select(NodeRencana).where(NodeRencana.unit_kerja_id == unit_id,
                                                    NodeRencana.level == "sub_kegiatan").order_by(NodeRencana.kode))

    def baris(indikator: Indikator, bulan: int) -> RealisasiKinerja:
        ada = session.scalar(select(RealisasiKinerja).filter_by(indikator_id=indikator.id, bulan=bulan))
        if ada is None:
            ada = RealisasiKinerja(indikator_id=indikator.id, bulan=bulan, nilai=None)
            session.add(ada)
        return ada

    def nilai():
        b = baris(ind[0], 5)
        b.nilai = (b.nilai or Decimal(0)) + 1

    def tanpa():
        b = baris(ind[1], 6)
        b.nilai, b.tanpa_realisasi, b.alasan_tanpa_realisasi = None, True, "Tidak ada kegiatan"

    def alasan():
        baris(ind[1], 6).alasan_tanpa_realisasi = "Kegiatan ditunda"

    def unggah():
        session.add(BuktiDukung(indikator_id=ind[2].id, bulan=4, sha256="a" * 64, nama_asli="foto.png",
                                mime="image/png", ukuran=10))

    def tarik():
        session.scalar(select(BuktiDukung).filter_by(indikator_id=ind[2].id, bulan=4, dihapus_dt=None)
                       ).dihapus_dt = datetime.now(timezone.utc)

    def anggaran():
        ada = session.scalar(select(RealisasiAnggaran).filter_by(node_id=node.id, bulan=6))
        if ada is None:
            session.add(RealisasiAnggaran(node_id=node.id, bulan=6, nilai=Decimal(1000)))
        else:
            ada.nilai += 1

    return [nilai, tanpa, alasan, unggah, tarik, anggaran, anggaran]


def test_a_cached_month_form_load_equals_a_fresh_one_after_every_kind_of_write(app, session, unit, monkeypatch):
    dibaca: list = []
    asli = queries_realisasi._baca_isian_pemilik
    monkeypatch.setattr(queries_realisasi, "_baca_isian_pemilik",
                        lambda pemilik, bulan: (dibaca.append(list(pemilik)), asli(pemilik, bulan))[1])
    app.extensions[_NILAI].clear()
    load_bahan_isian(**unit)
    assert len(dibaca[0]) > 3  # the first load read every owner
    for tulis in _tulisan(session, unit["unit_kerja_id"]):
        load_bahan_isian(**unit)  # warm before the write
        dibaca.clear()
        tulis()
        session.commit()
        dari_cache, dibaca_cache = _tanpa_versi(load_bahan_isian(**unit)), list(dibaca)
        assert dari_cache == _segar(app, unit), tulis.__name__
        assert len(dibaca_cache) == 1 and len(dibaca_cache[0]) == 1, (tulis.__name__, dibaca_cache)  # only its owner


def test_the_month_form_shows_what_the_writes_stored(session, unit):
    """The comparison above is not vacuous: the writes reach the loaded material."""
    tulisan = _tulisan(session, unit["unit_kerja_id"])
    for tulis in tulisan[:4]:
        tulis()
        session.commit()
    bahan = load_bahan_isian(**unit)
    ind = [i.id for i in bahan.data.indikator]
    assert bahan.baris_realisasi[(ind[1], 6)][1:] == (True, "Kegiatan ditunda")
    assert [b.nama for b in bahan.bukti[(ind[2], 4)]] == ["foto.png"]
