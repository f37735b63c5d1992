"""Referensi services: units, years copied without numbers, windows, satuan, predikat scale."""

from datetime import datetime
from datetime import timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.errors import KonflikData
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.errors import SkalaPredikatTidakValid
from sipekerja_module.domain.periode import StatusJendela
from sipekerja_module.domain.periode import is_jendela_terbuka
from sipekerja_module.models import AuditLog
from sipekerja_module.models import Indikator
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import TargetKinerja
from sipekerja_module.queries.referensi import jendela_domain
from sipekerja_module.services import perencanaan
from sipekerja_module.services import referensi as svc
from tests import factories as f

WITA = ZoneInfo("Asia/Makassar")


def test_unit_codes_are_unique_and_units_deactivate_instead_of_deleting(session):
    pd = f.create_perangkat_daerah()
    unit = svc.save_unit_kerja(perangkat_daerah=pd, kode="bkpsdm-mutasi", nama="Bidang Mutasi", jenis="bidang",
                               oleh=None)
    assert unit.kode == "BKPSDM-MUTASI"
    with pytest.raises(NilaiTidakValid, match="sudah dipakai"):
        svc.save_unit_kerja(perangkat_daerah=pd, kode="BKPSDM-MUTASI", nama="Lain", jenis="bidang", oleh=None)
    svc.save_unit_kerja(perangkat_daerah=pd, kode="BKPSDM-MUTASI", nama="Bidang Mutasi", jenis="bidang",
                        aktif=False, unit=unit, oleh=None)
    assert unit.aktif is False
    with pytest.raises(NilaiTidakValid, match="Jenis"):
        svc.save_unit_kerja(perangkat_daerah=pd, kode="X", nama="X", jenis="dinas", oleh=None)


def test_new_year_gets_default_windows_ending_april_july_october_december(session):
    tahun = svc.create_tahun(tahun=2025, zona=WITA, oleh=None)
    jendela = session.execute(select(JendelaInput).filter_by(tahun_id=tahun.id).order_by("triwulan")).scalars().all()
    akhir = [jendela_domain(j, 2025, WITA).ditutup for j in jendela]
    assert [(a.month, a.day, a.hour, a.minute) for a in akhir] == [(4, 30, 23, 59), (7, 31, 23, 59),
                                                                  (10, 31, 23, 59), (12, 31, 23, 59)]
    with pytest.raises(NilaiTidakValid, match="sudah ada"):
        svc.create_tahun(tahun=2025, zona=WITA, oleh=None)


def test_copying_a_year_copies_the_tree_and_indicators_but_no_numbers(session):
    pd = f.create_perangkat_daerah()
    unit = f.create_unit(pd)
    lama = svc.create_tahun(tahun=2024, zona=WITA, oleh=None)
    satuan = f.create_satuan()
    f.create_nomenklatur()
    sasaran = perencanaan.create_sasaran(perangkat_daerah=pd, tahun=lama, kode="S1", uraian="Sasaran", oleh=None)
    sub = perencanaan.add_node(tahun=lama, unit_kerja=unit, kode="5.03.02.2.01.0010", sasaran=sasaran, oleh=None)
    ind = perencanaan.create_indikator(induk=sub, uraian="Jumlah Dokumen", satuan=satuan,
                                       polaritas=Polaritas.POSITIF, agregasi=Agregasi.KUMULATIF,
                                       target=Target.tunggal(D(12)), oleh=None)
    perencanaan.save_target_kinerja(indikator=ind, nilai_bulanan={b: D(1) for b in range(1, 13)}, versi=None,
                                    oleh=None)
    perencanaan.save_anggaran(node=sub, pagu=D(1000), nilai_bulanan={1: D(500)}, versi=None, oleh=None)

    baru = svc.create_tahun(tahun=2025, zona=WITA, salin_dari=lama, oleh=None)

    nodes = session.execute(select(NodeRencana).filter_by(tahun_id=baru.id)).scalars().all()
    assert sorted(n.level for n in nodes) == ["kegiatan", "program", "sub_kegiatan"]
    sub_baru = next(n for n in nodes if n.level == "sub_kegiatan")
    assert sub_baru.parent.parent.level == "program" and sub_baru.pagu is None
    ind_baru = session.execute(select(Indikator).filter_by(tahun_id=baru.id)).scalar_one()
    assert ind_baru.uraian == "Jumlah Dokumen" and ind_baru.target_tahunan is None
    assert ind_baru.node_id == sub_baru.id
    target_baru = session.execute(select(func.count()).select_from(TargetKinerja)
                                  .where(TargetKinerja.indikator_id == ind_baru.id)).scalar_one()
    assert target_baru == 0


def test_reopening_a_window_needs_a_reason_and_is_audited(session):
    tahun = svc.create_tahun(tahun=2024, zona=WITA, oleh=None)
    tw1 = session.execute(select(JendelaInput).filter_by(tahun_id=tahun.id, triwulan=1)).scalar_one()
    d = jendela_domain(tw1, 2024, WITA)
    with pytest.raises(NilaiTidakValid, match="Alasan"):
        svc.update_jendela(jendela=tw1, versi=tw1.version, perangkat_daerah=None, dibuka=d.dibuka, ditutup=d.ditutup,
                           status=StatusJendela.DIBUKA_KEMBALI, dibuka_kembali_sampai=d.ditutup + timedelta(days=7),
                           alasan="", oleh=None)
    versi = tw1.version
    svc.update_jendela(jendela=tw1, versi=versi, perangkat_daerah=None, dibuka=d.dibuka, ditutup=d.ditutup,
                       status=StatusJendela.DIBUKA_KEMBALI, dibuka_kembali_sampai=d.ditutup + timedelta(days=7),
                       alasan="Gangguan jaringan", oleh=None)
    after = jendela_domain(tw1, 2024, WITA)
    assert is_jendela_terbuka(after, datetime(2024, 5, 3, 10, tzinfo=WITA))
    assert not is_jendela_terbuka(after, datetime(2024, 5, 9, 10, tzinfo=WITA))
    with pytest.raises(KonflikData):
        svc.update_jendela(jendela=tw1, versi=versi, perangkat_daerah=None, dibuka=d.dibuka, ditutup=d.ditutup,
                           status=StatusJendela.DITUTUP, oleh=None)
    log = session.execute(select(AuditLog).filter_by(aksi="ubah_jendela")).scalar_one()
    assert log.alasan == "Gangguan jaringan" and log.sesudah["status"] == "dibuka_kembali"


def test_window_reopened_for_one_unit_requires_future_moment(session):
    pd = f.create_perangkat_daerah()
    unit = f.create_unit(pd)
    tahun = svc.create_tahun(tahun=2024, zona=WITA, oleh=None)
    tw1 = session.execute(select(JendelaInput).filter_by(tahun_id=tahun.id, triwulan=1)).scalar_one()
    now = datetime(2024, 5, 2, tzinfo=WITA)
    with pytest.raises(NilaiTidakValid, match="masa depan"):
        svc.buka_jendela_untuk_unit(jendela=tw1, unit_kerja=unit, sampai=now, alasan="x", now=now, oleh=None)
    buka = svc.buka_jendela_untuk_unit(jendela=tw1, unit_kerja=unit, sampai=now + timedelta(days=3),
                                       alasan="Operator sakit", now=now, oleh=None)
    assert buka.sampai_dt == now + timedelta(days=3)


def test_predikat_scale_is_validated_and_only_one_is_active(session):
    bands = [(D(0), "Kurang Berhasil", "danger"), (D(55), "Cukup Berhasil", "warning"),
             (D(75), "Berhasil", "primary"), (D(100), "Sangat Berhasil", "success")]
    a = svc.save_skala_predikat(perangkat_daerah=None, nama="Skala Lokal", bands=bands, aktifkan=True, oleh=None)
    b = svc.save_skala_predikat(perangkat_daerah=None, nama="Permendagri 86/2017", bands=[
        (D(0), "Sangat Rendah", "dark"), (D(51), "Rendah", "danger"), (D(66), "Sedang", "warning"),
        (D(76), "Tinggi", "primary"), (D(91), "Sangat Tinggi", "success")], aktifkan=True, oleh=None)
    assert b.aktif and not a.aktif
    assert [band.label for band in b.band][0] == "Sangat Tinggi"
    with pytest.raises(SkalaPredikatTidakValid):
        svc.save_skala_predikat(perangkat_daerah=None, nama="Rusak", bands=[(D(10), "A", "x"), (D(50), "B", "y")],
                                aktifkan=False, oleh=None)


def test_satuan_names_are_unique(session):
    svc.save_satuan(nama="Dokumen", perangkat_daerah=None, oleh=None)
    with pytest.raises(NilaiTidakValid, match="sudah ada"):
        svc.save_satuan(nama="Dokumen", perangkat_daerah=None, oleh=None)
