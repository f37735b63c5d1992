"""The plan loader: a constant number of statements, plain values, unit filter, and the tree rows."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.data_rencana import DataRencana
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.pohon import pohon_rencana
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import Sasaran
from sipekerja_module.models import Satuan
from sipekerja_module.models import Tahun
from sipekerja_module.models import TargetKinerja
from sipekerja_module.models import UnitKerja
from sipekerja_module.queries.rencana import load_rencana


@contextmanager
def count_statements():
    """Collect every SQL statement sent to the engine inside the block."""
    statements: list[str] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


@pytest.fixture
def demo(session, demo_2024):
    pd = session.scalar(select(PerangkatDaerah).where(PerangkatDaerah.kode == "BKPSDM"))
    tahun = session.scalar(select(Tahun).where(Tahun.tahun == 2024))
    return pd, tahun


def _unit(session, kode: str) -> UnitKerja:
    return session.scalar(select(UnitKerja).where(UnitKerja.kode == kode))


def _satu_indikator(session) -> tuple[int, int]:
    """An agency with one sasaran and one IKU with one monthly target and one realisasi."""
    pd = PerangkatDaerah(kode="DINAS-X", nama="Dinas X")
    tahun = Tahun(tahun=2030)
    satuan = Satuan(nama="Persen-X")
    session.add_all([pd, tahun, satuan])
    session.flush()
    sasaran = Sasaran(perangkat_daerah_id=pd.id, tahun_id=tahun.id, kode="S1", uraian="Sasaran satu")
    session.add(sasaran)
    session.flush()
    ind = Indikator(tahun_id=tahun.id, perangkat_daerah_id=pd.id, sasaran_id=sasaran.id, uraian="IKU satu",
                    satuan_id=satuan.id, polaritas="positif", agregasi="nilai_akhir", target_tahunan=Decimal(80))
    session.add(ind)
    session.flush()
    session.add_all([TargetKinerja(indikator_id=ind.id, bulan=12, nilai=Decimal(80)),
                     RealisasiKinerja(indikator_id=ind.id, bulan=1, nilai=Decimal(70))])
    session.flush()
    return pd.id, tahun.id


def _kalikan_data(session, pd_id: int, tahun_id: int, kali: int) -> None:
    """Copy every node indicator of the agency ``kali - 1`` times, with its targets and realisasi."""
    kolom = [c.name for c in Indikator.__table__.columns if c.name != "id"]
    asli = session.execute(select(Indikator.__table__).where(
        Indikator.perangkat_daerah_id == pd_id, Indikator.tahun_id == tahun_id, Indikator.node_id.is_not(None)
    )).mappings().all()
    target = session.execute(select(TargetKinerja.__table__)).mappings().all()
    realisasi = session.execute(select(RealisasiKinerja.__table__)).mappings().all()
    for salinan in range(1, kali):
        for baris in asli:
            nilai = {k: baris[k] for k in kolom}
            nilai["uraian"] = f"{baris['uraian']} (salinan {salinan})"
            baru = session.execute(insert(Indikator.__table__).values(**nilai)).inserted_primary_key[0]
            session.execute(insert(TargetKinerja.__table__), [
                {"indikator_id": baru, "bulan": t["bulan"], "nilai": t["nilai"], "version": 1}
                for t in target if t["indikator_id"] == baris["id"]
            ])
            session.execute(insert(RealisasiKinerja.__table__), [
                {k: r[k] for k in r.keys() if k != "id"} | {"indikator_id": baru}
                for r in realisasi if r["indikator_id"] == baris["id"]
            ])
    session.flush()


def _kumpulkan_objek(nilai, hasil: list) -> None:
    if dataclasses.is_dataclass(nilai):
        hasil.append(nilai)
        for f in dataclasses.fields(nilai):
            _kumpulkan_objek(getattr(nilai, f.name), hasil)
    elif isinstance(nilai, (tuple, list)):
        for item in nilai:
            _kumpulkan_objek(item, hasil)
    elif hasattr(nilai, "items"):
        for k, v in nilai.items():
            _kumpulkan_objek(k, hasil)
            _kumpulkan_objek(v, hasil)
    else:
        hasil.append(nilai)


def test_load_rencana_runs_the_same_statements_for_one_indicator_demo_and_ten_times_demo(session, demo):
    pd_kecil, tahun_kecil = _satu_indikator(session)
    pd, tahun = demo
    with count_statements() as kecil:
        data_kecil = load_rencana(perangkat_daerah_id=pd_kecil, tahun_id=tahun_kecil)
    with count_statements() as sedang:
        data_demo = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    _kalikan_data(session, pd.id, tahun.id, 10)
    with count_statements() as besar:
        data_besar = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    mutasi = _unit(session, "BKPSDM-MUTASI").id
    with count_statements() as unit:
        load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, unit_kerja_id=mutasi)

    assert len(data_kecil.indikator) == 1
    assert len(data_besar.indikator) > 9 * len(data_demo.indikator)
    assert len(sedang) == len(besar) == len(unit) == 8
    assert len(kecil) == 7  # an agency without plan nodes has no anggaran values to read


def test_load_rencana_returns_plain_frozen_values_and_keeps_belum_lapor_as_none(session, demo):
    pd, tahun = demo
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)

    objek: list = []
    _kumpulkan_objek(data, objek)
    modul = {type(o).__module__ for o in objek}
    assert not any(m.startswith("sipekerja_module.models") or m.startswith("sqlalchemy") for m in modul)
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.tahun = 2025  # type: ignore[misc]

    mutasi = _unit(session, "BKPSDM-MUTASI").id
    ind_mutasi = [i for i in data.indikator if i.unit_kerja_id == mutasi]
    assert ind_mutasi
    for ind in ind_mutasi:
        assert 5 in data.realisasi_kinerja[ind.id]
        assert data.realisasi_kinerja[ind.id][5] is None
        assert data.realisasi_kinerja[ind.id][4] is not None
    assert data.bulan_realisasi_terakhir == 5
    assert data.tahun == 2024
    assert data.nama_nomenklatur["5.03"] == "KEPEGAWAIAN"
    assert len([i for i in data.indikator if i.is_iku]) == 4
    assert all(i.induk == (("sasaran", i.sasaran_id) if i.is_iku else ("node", i.node_id)) for i in data.indikator)


def test_load_rencana_reads_notes_and_budget(session, demo):
    pd, tahun = demo
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)

    jumlah_catatan = session.scalar(select(func.count()).select_from(RealisasiKinerja).where(
        (RealisasiKinerja.faktor_penghambat.is_not(None)) | (RealisasiKinerja.faktor_pendorong.is_not(None))
        | (RealisasiKinerja.keterangan.is_not(None)) | (RealisasiKinerja.tindak_lanjut.is_not(None))
    ))
    assert len(data.catatan_kinerja) == jumlah_catatan > 0
    assert data.catatan_anggaran
    sub = [n for n in data.node if n.level == "sub_kegiatan"]
    assert len(sub) == 42
    for node in sub:
        assert sum(data.target_anggaran[node.id].values()) == node.pagu


def test_load_rencana_for_a_bidang_has_only_its_nodes_and_no_iku(session, demo):
    pd, tahun = demo
    mutasi = _unit(session, "BKPSDM-MUTASI")
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, unit_kerja_id=mutasi.id)

    assert {n.unit_kerja_id for n in data.node} == {mutasi.id}
    assert data.indikator and {i.unit_kerja_id for i in data.indikator} == {mutasi.id}
    assert not any(i.is_iku for i in data.indikator)
    assert set(data.realisasi_kinerja) <= {i.id for i in data.indikator}
    assert set(data.target_anggaran) <= {n.id for n in data.node}
    assert [u.id for u in data.unit] == [mutasi.id]

    baris = pohon_rencana(data)
    assert [b.nama for b in baris if b.jenis == "sasaran"] == ["Meningkatnya Kualitas Tata Kelola Manajemen ASN"]
    assert all(b.unit == mutasi.nama for b in baris if b.jenis in ("program", "kegiatan", "sub_kegiatan"))


def test_load_rencana_refuses_an_unknown_agency_or_year(session, demo):
    pd, tahun = demo
    with pytest.raises(NilaiTidakValid):
        load_rencana(perangkat_daerah_id=pd.id + 999, tahun_id=tahun.id)
    with pytest.raises(NilaiTidakValid):
        load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id + 999)


def test_pohon_rencana_orders_sasaran_urusan_bidang_program_kegiatan_sub_kegiatan(session, demo):
    pd, tahun = demo
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    baris = pohon_rencana(data)

    assert [(b.jenis, b.kedalaman) for b in baris[:6]] == [
        ("sasaran", 0), ("indikator", 1), ("indikator", 1), ("urusan", 1), ("bidang_urusan", 2), ("program", 3),
    ]
    assert baris[3].nama == "UNSUR PENUNJANG URUSAN PEMERINTAHAN"
    assert baris[4].nama == "KEPEGAWAIAN"
    kedalaman = {"sasaran": 0, "urusan": 1, "bidang_urusan": 2, "program": 3, "kegiatan": 4, "sub_kegiatan": 5}
    sebelum = None
    for b in baris:
        if b.jenis != "indikator":
            assert b.kedalaman == kedalaman[b.jenis]
        if sebelum is not None:
            assert b.kedalaman <= sebelum.kedalaman + 1
        sebelum = b
    # Siblings ascend by code.
    for i, b in enumerate(baris):
        if b.jenis in ("program", "kegiatan", "sub_kegiatan"):
            saudara = [s for s in baris[i + 1:] if s.kedalaman <= b.kedalaman]
            if saudara and saudara[0].kedalaman == b.kedalaman and saudara[0].jenis == b.jenis:
                assert saudara[0].kode >= b.kode
    # Every indicator and node appears exactly once.
    assert sorted(b.indikator_id for b in baris if b.jenis == "indikator") == sorted(i.id for i in data.indikator)
    node_ids = [n for b in baris if b.jenis != "indikator" for n in b.node_ids]
    assert sorted(node_ids) == sorted(n.id for n in data.node)
    assert len({b.kunci for b in baris}) == len(baris)


def test_pohon_rencana_merges_same_code_programs_of_several_units(session, demo):
    pd, tahun = demo
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    baris = pohon_rencana(data)

    program = [b for b in baris if b.jenis == "program" and b.kode == "5.03.02"]
    # One row per sasaran: PPIK + Mutasi serve SS.1, PKA + Penilaian serve SS.2.
    assert len(program) == 2
    assert len(program[0].node_ids) == 2 and len(program[1].node_ids) == 2
    assert program[0].unit == ("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian, "
                               "Bidang Mutasi dan Promosi")
    assert session.scalar(select(func.count()).select_from(NodeRencana).where(NodeRencana.kode == "5.03.02")) == 4


def test_pohon_rencana_sums_pagu_and_target_anggaran_up_the_tree(session, demo):
    pd, tahun = demo
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    baris = pohon_rencana(data)
    node_by_id = {n.id: n for n in data.node}

    for i, b in enumerate(baris):
        if b.jenis == "indikator":
            continue
        subtree = [b]
        for s in baris[i + 1:]:
            if s.kedalaman <= b.kedalaman:
                break
            subtree.append(s)
        sub_ids = [n for s in subtree if s.jenis == "sub_kegiatan" for n in s.node_ids]
        pagu = sum((node_by_id[n].pagu for n in sub_ids), Decimal(0))
        target = sum((v for n in sub_ids for v in data.target_anggaran.get(n, {}).values()), Decimal(0))
        assert b.pagu == (pagu if sub_ids else None), b.kunci
        assert b.target_anggaran == (target if sub_ids else None), b.kunci

    total = sum(b.pagu for b in baris if b.jenis == "sasaran")
    assert total == sum(n.pagu for n in data.node if n.pagu is not None) == Decimal("17832857000")


def test_pohon_rencana_puts_nodes_without_sasaran_last(session, demo):
    pd, tahun = demo
    session.execute(NodeRencana.__table__.update().where(NodeRencana.kode.like("5.04%")).values(sasaran_id=None))
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    baris = pohon_rencana(data)

    sasaran = [b for b in baris if b.jenis == "sasaran"]
    assert sasaran[-1].nama == "Belum dikaitkan dengan sasaran"
    akhir = baris.index(sasaran[-1])
    assert {b.kode for b in baris[akhir:] if b.jenis == "program"} == {"5.04.02"}


def test_data_rencana_is_a_frozen_dataclass():
    assert dataclasses.is_dataclass(DataRencana)
    assert DataRencana.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_load_rencana_can_skip_realisasi_and_later_months_and_keeps_the_rest_equal(session, demo):
    pd, tahun = demo
    penuh = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)
    rencana_saja = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, dengan_realisasi=False)
    assert rencana_saja.target_kinerja == penuh.target_kinerja
    assert rencana_saja.target_anggaran == penuh.target_anggaran
    assert not rencana_saja.realisasi_kinerja and not rencana_saja.catatan_kinerja
    assert pohon_rencana(rencana_saja) == pohon_rencana(penuh)  # the plan view needs no realisasi
    sampai_maret = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, sampai_bulan=3)
    assert all(set(b) <= {1, 2, 3} for b in sampai_maret.realisasi_kinerja.values())
    assert all(set(b) <= {1, 2, 3} for b in sampai_maret.target_kinerja.values())
    assert {i: {b: v for b, v in m.items() if b <= 3} for i, m in penuh.realisasi_kinerja.items()} == \
        {i: dict(m) for i, m in sampai_maret.realisasi_kinerja.items()} | \
        {i: {} for i in penuh.realisasi_kinerja if i not in sampai_maret.realisasi_kinerja}
