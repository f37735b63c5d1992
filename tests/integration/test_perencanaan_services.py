"""Perencanaan services: nodes from the nomenclature, grids all-or-nothing, conflicts, lock, audit."""

from datetime import datetime
from datetime import timezone
from decimal import Decimal as D

import pytest
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.errors import KonflikData
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.rencana import IsianTidakValid
from sipekerja_module.domain.rencana import RencanaTerkunci
from sipekerja_module.models import AuditLog
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import TargetAnggaran
from sipekerja_module.models import TargetKinerja
from sipekerja_module.services import perencanaan as svc
from tests import factories as f

NOW = datetime(2024, 1, 15, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def plan(session):
    pd = f.create_perangkat_daerah()
    unit = f.create_unit(pd)
    tahun = f.create_tahun()
    satuan = f.create_satuan()
    f.create_nomenklatur()
    utama = f.create_pengguna()
    sasaran = svc.create_sasaran(perangkat_daerah=pd, tahun=tahun, kode="S1",
                                 uraian="Meningkatnya Kualitas Tata Kelola Manajemen ASN", oleh=utama)
    return {"pd": pd, "unit": unit, "tahun": tahun, "satuan": satuan, "utama": utama, "sasaran": sasaran}


def _count(session, model):
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_adding_a_sub_kegiatan_adds_its_program_and_kegiatan_for_the_unit(session, plan):
    sub = svc.add_node(tahun=plan["tahun"], unit_kerja=plan["unit"], kode="5.03.02.02.01.10",
                       sasaran=plan["sasaran"], oleh=plan["utama"])
    assert sub.kode == "5.03.02.2.01.0010" and sub.level == "sub_kegiatan"
    assert sub.parent.level == "kegiatan" and sub.parent.parent.level == "program"
    assert sub.parent.parent.parent is None
    svc.add_node(tahun=plan["tahun"], unit_kerja=plan["unit"], kode="5.03.02.2.01.0011", sasaran=plan["sasaran"],
                 oleh=plan["utama"])
    assert _count(session, NodeRencana) == 4  # program, kegiatan reused, two sub kegiatan


def test_a_node_cannot_be_added_twice_or_from_an_unknown_code(session, plan):
    svc.add_node(tahun=plan["tahun"], unit_kerja=plan["unit"], kode="5.03.02.2.01.0010", sasaran=None, oleh=None)
    with pytest.raises(NilaiTidakValid, match="sudah ada"):
        svc.add_node(tahun=plan["tahun"], unit_kerja=plan["unit"], kode="5.03.02.2.01.0010", sasaran=None, oleh=None)
    with pytest.raises(NilaiTidakValid, match="tidak ada dalam nomenklatur"):
        svc.add_node(tahun=plan["tahun"], unit_kerja=plan["unit"], kode="5.03.02.2.09.0001", sasaran=None, oleh=None)


def _indikator(plan, **kw):
    sub = svc.add_node(tahun=plan["tahun"], unit_kerja=plan["unit"], kode="5.03.02.2.01.0010",
                       sasaran=plan["sasaran"], oleh=plan["utama"])
    return sub, svc.create_indikator(induk=sub, uraian="Jumlah Dokumen Sistem Informasi", satuan=plan["satuan"],
                                     polaritas=Polaritas.POSITIF, agregasi=kw.get("agregasi", Agregasi.KUMULATIF),
                                     target=Target.tunggal(D(12)), oleh=plan["utama"])


def test_target_grid_is_saved_whole_and_audited(session, plan):
    _, ind = _indikator(plan)
    versi = ind.version
    svc.save_target_kinerja(indikator=ind, nilai_bulanan={b: D(1) for b in range(1, 13)}, versi=versi,
                            oleh=plan["utama"])
    assert _count(session, TargetKinerja) == 12
    assert ind.version == versi + 1
    log = session.execute(select(AuditLog).filter_by(aksi="ubah_target_kinerja")).scalar_one()
    assert log.sesudah["target_bulanan"]["1"] == "1"
    assert log.nip == plan["utama"].nip


def test_inconsistent_grid_saves_nothing(session, plan):
    _, ind = _indikator(plan)
    with pytest.raises(IsianTidakValid, match="Jumlah target bulanan"):
        svc.save_target_kinerja(indikator=ind, nilai_bulanan={1: D(5)}, versi=ind.version, oleh=None)
    assert _count(session, TargetKinerja) == 0


def test_stale_grid_version_is_a_conflict_not_an_overwrite(session, plan):
    _, ind = _indikator(plan)
    dibuka = ind.version
    svc.save_target_kinerja(indikator=ind, nilai_bulanan={12: D(12)}, versi=dibuka, oleh=None)
    with pytest.raises(KonflikData, match="diubah oleh pengguna lain"):
        svc.save_target_kinerja(indikator=ind, nilai_bulanan={6: D(12)}, versi=dibuka, oleh=None)
    values = dict(session.execute(select(TargetKinerja.bulan, TargetKinerja.nilai)).all())
    assert values[12] == D(12) and values[6] is None


def test_anggaran_over_pagu_is_refused_and_within_pagu_saved(session, plan):
    sub, _ = _indikator(plan)
    with pytest.raises(IsianTidakValid, match="melebihi pagu"):
        svc.save_anggaran(node=sub, pagu=D(100), nilai_bulanan={1: D(60), 2: D(50)}, versi=sub.version, oleh=None)
    assert _count(session, TargetAnggaran) == 0
    svc.save_anggaran(node=sub, pagu=D(100), nilai_bulanan={1: D(60), 2: D(40)}, versi=sub.version, oleh=None)
    assert sub.pagu == D(100) and _count(session, TargetAnggaran) == 12


def test_ditetapkan_plan_refuses_target_changes_until_reopened_with_reason(session, plan):
    _, ind = _indikator(plan)
    rencana = svc.get_or_create_rencana(perangkat_daerah_id=plan["pd"].id, tahun_id=plan["tahun"].id)
    svc.tetapkan_rencana(rencana=rencana, oleh=plan["utama"], now=NOW)
    with pytest.raises(RencanaTerkunci):
        svc.save_target_kinerja(indikator=ind, nilai_bulanan={12: D(12)}, versi=ind.version, oleh=None)
    with pytest.raises(NilaiTidakValid, match="Alasan"):
        svc.buka_rencana(rencana=rencana, oleh=plan["utama"], alasan="  ")
    svc.buka_rencana(rencana=rencana, oleh=plan["utama"], alasan="Perubahan DPA")
    svc.save_target_kinerja(indikator=ind, nilai_bulanan={b: D(1) for b in range(1, 13)}, versi=ind.version,
                            oleh=None)
    aksi = session.execute(select(AuditLog.aksi, AuditLog.alasan).where(AuditLog.objek_tipe == "RencanaKerja")).all()
    assert ("buka_rencana", "Perubahan DPA") in aksi and ("tetapkan_rencana", None) in aksi


def test_node_with_realisasi_cannot_be_removed_without_it_can(session, plan):
    sub, ind = _indikator(plan)
    session.add(RealisasiKinerja(indikator_id=ind.id, bulan=1, nilai=D(1)))
    session.flush()
    with pytest.raises(NilaiTidakValid, match="sudah memiliki realisasi"):
        svc.remove_node(node=sub.parent.parent, oleh=None)
    assert _count(session, NodeRencana) == 3
    session.execute(RealisasiKinerja.__table__.delete())
    svc.remove_node(node=sub.parent.parent, oleh=plan["utama"])
    assert _count(session, NodeRencana) == 0
