"""The plan loader's cache (``queries.rencana``: the structure under the plan version, monthly values
under each owner's version): a repeat load reads the header with the versions only, a load after a
write reads again only the owners the write touched, and what
it hands out always equals a fresh load — after any sequence of committed writes, in every way of
loading, and inside a transaction that has written but not committed."""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType

import pytest
from sqlalchemy import event
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import Tahun
from sipekerja_module.models import TargetKinerja
from sipekerja_module.queries.rencana import load_rencana

_NILAI = "sipekerja_nilai_bulanan"
_BULANAN = ("sipekerja_realisasi_kinerja", "sipekerja_realisasi_anggaran")


@pytest.fixture
def demo(session, demo_2024):
    pd = session.scalar(select(PerangkatDaerah).where(PerangkatDaerah.kode == "BKPSDM"))
    tahun = session.scalar(select(Tahun).where(Tahun.tahun == 2024))
    return pd.id, tahun.id


@contextmanager
def pernyataan():
    """Every statement sent to the engine inside the block, with its parameters."""
    semua: list[tuple[str, object]] = []

    def catat(conn, cursor, statement, parameters, context, executemany):
        semua.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", catat)
    try:
        yield semua
    finally:
        event.remove(db.engine, "before_cursor_execute", catat)


def _bulanan(semua) -> list[tuple[str, object]]:
    return [(s, p) for s, p in semua if any(t in s for t in _BULANAN)]


def _segar(app, **pilihan):
    """A load with the cache out of the way (then no versions are handed out either)."""
    cache = app.extensions.pop(_NILAI)
    try:
        return load_rencana(**pilihan)
    finally:
        app.extensions[_NILAI] = cache


def _isi(data):
    """The loaded values without the versions they were read at."""
    return replace(data, versi_rencana=None, versi_isi_indikator=MappingProxyType({}),
                   versi_isi_node=MappingProxyType({}))


def test_a_repeat_load_reads_no_monthly_value_and_a_write_reads_again_only_its_owner(app, session, demo,
                                                                                       monkeypatch):
    pd_id, tahun_id = demo
    app.extensions[_NILAI].clear()
    with pernyataan() as pertama:
        load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id)
    with pernyataan() as kedua:
        ulang = load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id)
    assert len(_bulanan(pertama)) == 2 and _bulanan(kedua) == []
    assert (len(pertama), len(kedua)) == (8, 1)  # then: the header with the owners' versions only

    baris = session.scalar(select(RealisasiKinerja).join(Indikator).where(
        Indikator.perangkat_daerah_id == pd_id, RealisasiKinerja.nilai.is_not(None)).order_by(RealisasiKinerja.id))
    baris.nilai += 1
    session.commit()
    dibaca: list = []
    simpan = app.extensions[_NILAI].set_many
    monkeypatch.setattr(app.extensions[_NILAI], "set_many", lambda isi: (dibaca.extend(isi), simpan(isi)))
    with pernyataan() as ketiga:
        sesudah = load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id)
    assert len(_bulanan(ketiga)) == 1 and len(ketiga) == 2  # the kinerja values; no anggaran value changed
    assert [(k[0], k[1]) for k in dibaca] == [("sipekerja_realisasi_kinerja", baris.indikator_id)]
    assert sesudah.realisasi_kinerja[baris.indikator_id][baris.bulan] == baris.nilai
    assert sesudah != ulang
    assert _isi(sesudah) == _segar(app, perangkat_daerah_id=pd_id, tahun_id=tahun_id)


def test_a_transaction_that_wrote_reads_its_own_values_not_the_cache(session, demo):
    pd_id, tahun_id = demo
    load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id)
    baris = session.scalar(select(RealisasiKinerja).join(Indikator).where(
        Indikator.perangkat_daerah_id == pd_id, RealisasiKinerja.nilai.is_not(None)).order_by(RealisasiKinerja.id))
    baris.nilai += 7
    session.flush()
    data = load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id)
    assert data.realisasi_kinerja[baris.indikator_id][baris.bulan] == baris.nilai
    assert data.versi_rencana is None  # uncommitted: nothing may be cached under a version


def _cara_memuat(pd_id: int, tahun_id: int, unit_id: int) -> list[dict]:
    dasar = {"perangkat_daerah_id": pd_id, "tahun_id": tahun_id}
    return [dasar, {**dasar, "hanya_terverifikasi": True}, {**dasar, "unit_kerja_id": unit_id},
            {**dasar, "sampai_bulan": 6}, {**dasar, "dengan_realisasi": False},
            {**dasar, "unit_kerja_id": unit_id, "hanya_terverifikasi": True, "sampai_bulan": 9}]


def _tulis_acak(session, acak: random.Random, pd_id: int) -> None:  # noqa: C901 - one branch per kind of write
    """One write a user could make: a kinerja value set, replaced or emptied, an anggaran value, a
    period state, a monthly target, an indicator renamed."""
    indikator = session.scalars(select(Indikator).where(Indikator.perangkat_daerah_id == pd_id)).all()
    ind = acak.choice(indikator)
    bulan = acak.randint(1, 12)
    langkah = acak.randrange(5)
    if langkah == 0:
        baris = session.scalar(select(RealisasiKinerja).filter_by(indikator_id=ind.id, bulan=bulan))
        nilai = acak.choice([None, Decimal(acak.randint(0, 50))])
        if baris is None:
            session.add(RealisasiKinerja(indikator_id=ind.id, bulan=bulan, nilai=nilai))
        else:
            baris.nilai = nilai
    elif langkah == 1:
        node = acak.choice(session.scalars(select(NodeRencana).where(
            NodeRencana.perangkat_daerah_id == pd_id, NodeRencana.level == "sub_kegiatan")).all())
        baris = session.scalar(select(RealisasiAnggaran).filter_by(node_id=node.id, bulan=bulan))
        if baris is None:
            session.add(RealisasiAnggaran(node_id=node.id, bulan=bulan, nilai=Decimal(acak.randint(0, 10**6))))
        else:
            baris.nilai = Decimal(acak.randint(0, 10**6))
    elif langkah == 2 and ind.unit_kerja_id is not None:
        triwulan = (bulan - 1) // 3 + 1
        status = session.scalar(select(StatusPeriodeUnit).filter_by(unit_kerja_id=ind.unit_kerja_id,
                                                                    tahun_id=ind.tahun_id, triwulan=triwulan))
        if status is None:
            status = StatusPeriodeUnit(unit_kerja_id=ind.unit_kerja_id, tahun_id=ind.tahun_id, triwulan=triwulan)
            session.add(status)
        status.status = "draf" if status.status == "terverifikasi" else "terverifikasi"
    elif langkah == 4:
        ind.uraian = f"Indikator {acak.randint(1, 10**6)}"
    else:
        target = session.scalar(select(TargetKinerja).filter_by(indikator_id=ind.id, bulan=bulan))
        if target is not None:
            target.nilai = Decimal(acak.randint(1, 50))
    session.commit()


@pytest.mark.parametrize("benih", range(2))
def test_cached_loads_equal_fresh_loads_after_any_sequence_of_writes(app, session, demo, benih):
    pd_id, tahun_id = demo
    unit_id = session.scalar(select(Indikator.unit_kerja_id).where(
        Indikator.perangkat_daerah_id == pd_id, Indikator.unit_kerja_id.is_not(None)).order_by(Indikator.id))
    cara = _cara_memuat(pd_id, tahun_id, unit_id)
    acak = random.Random(benih)
    for _ in range(8):
        for pilihan in cara:  # the cache is warm for every way of loading before each write
            load_rencana(**pilihan)
        _tulis_acak(session, acak, pd_id)
        for pilihan in cara:
            assert _isi(load_rencana(**pilihan)) == _segar(app, **pilihan), pilihan


def test_a_load_while_committing_is_not_cached_under_the_new_versions(app, session, demo):
    """What a commit hook reads (the inline dashboard recompute runs before the commit, after the
    versions were bumped) may still be rolled back: it carries no versions and stores nothing."""
    pd_id, tahun_id = demo
    dimuat = []

    def muat(sesi) -> None:
        dimuat.append(load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id))

    baris = session.scalar(select(RealisasiKinerja).join(Indikator).where(
        Indikator.perangkat_daerah_id == pd_id, RealisasiKinerja.nilai.is_not(None)).order_by(RealisasiKinerja.id))
    baris.nilai += 3
    app.extensions[_NILAI].clear()
    event.listen(session(), "before_commit", muat)
    try:
        session.commit()
    finally:
        event.remove(session(), "before_commit", muat)
    assert dimuat and dimuat[0].versi_rencana is None
    assert len(app.extensions[_NILAI]) == 0
