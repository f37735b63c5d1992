"""Realisasi services: belum lapor vs 0, windows per unit, isolation, submission and checking."""

from datetime import datetime
from datetime import timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.domain.errors import AksesDitolak
from sipekerja_module.domain.errors import KonflikData
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.errors import TransisiTidakValid
from sipekerja_module.models import AuditLog
from sipekerja_module.models import CatatanVerifikasi
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.services import perencanaan
from sipekerja_module.services import realisasi as svc
from sipekerja_module.services import referensi
from sipekerja_module.services.realisasi import IsianRealisasi
from tests import factories as f

WITA = ZoneInfo("Asia/Makassar")
DALAM_TW1 = datetime(2024, 2, 10, 9, tzinfo=WITA)
SETELAH_TW1 = datetime(2024, 5, 2, 9, tzinfo=WITA)
#: Triwulan I is over, its window (to the end of April) still open: the time to submit it.
SETELAH_MARET = datetime(2024, 4, 2, 9, tzinfo=WITA)


def _lengkapi_tw1(d, nilai=D(1)):
    """Fill January and February with a value and declare March without realisasi."""
    for bulan in (1, 2):
        _simpan(d, {d["ind_a"].id: IsianRealisasi(nilai=nilai)}, bulan=bulan, now=SETELAH_MARET)
    _simpan(d, {d["ind_a"].id: IsianRealisasi(nilai=None, tanpa_realisasi=True,
                                               alasan_tanpa_realisasi="Tidak ada usulan bulan Maret")},
            bulan=3, now=SETELAH_MARET)


@pytest.fixture
def dunia(session):
    pd = f.create_perangkat_daerah()
    unit_a = f.create_unit(pd, "BKPSDM-PPIK", "Bidang PPIK")
    unit_b = f.create_unit(pd, "BKPSDM-MUTASI", "Bidang Mutasi")
    tahun = referensi.create_tahun(tahun=2024, zona=WITA, oleh=None)
    satuan = f.create_satuan()
    f.create_nomenklatur()
    sub_a = perencanaan.add_node(tahun=tahun, unit_kerja=unit_a, kode="5.03.02.2.01.0010", sasaran=None, oleh=None)
    sub_b = perencanaan.add_node(tahun=tahun, unit_kerja=unit_b, kode="5.03.02.2.02.0002", sasaran=None, oleh=None)
    ind_a = f.create_indikator(sub_a, satuan)
    ind_b = f.create_indikator(sub_b, satuan)
    bidang_a = f.create_pengguna("198501012010011001", ("bidang",), unit_a, "Operator A")
    utama = f.create_pengguna()
    return {
        "tahun": tahun, "unit_a": unit_a, "unit_b": unit_b, "sub_a": sub_a, "ind_a": ind_a, "ind_b": ind_b,
        "bidang_a": bidang_a, "utama": utama,
        "subjek_a": Subjek(frozenset({Peran.BIDANG}), unit_a.id), "subjek_utama": Subjek(frozenset({Peran.UTAMA})),
    }


def _simpan(d, kinerja, *, now=DALAM_TW1, bulan=1, anggaran=None, subjek=None, unit=None):
    svc.save_realisasi_bulan(subjek=subjek or d["subjek_a"], oleh=d["bidang_a"], unit_kerja=unit or d["unit_a"],
                             tahun=d["tahun"], bulan=bulan, kinerja=kinerja, anggaran=anggaran or {}, now=now,
                             zona=WITA)


def test_empty_stays_belum_lapor_and_zero_is_a_real_zero(session, dunia):
    _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=None)})
    assert session.execute(select(func.count()).select_from(RealisasiKinerja)).scalar_one() == 0
    _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(0), keterangan="Belum ada usulan")})
    row = session.execute(select(RealisasiKinerja)).scalar_one()
    assert row.nilai == D(0) and row.keterangan == "Belum ada usulan"


def test_realisasi_anggaran_and_notes_are_saved_and_audited(session, dunia):
    _simpan(dunia, {}, anggaran={dunia["sub_a"].id: IsianRealisasi(nilai=D("1500000"), faktor_penghambat="Hujan")})
    log = session.execute(select(AuditLog).filter_by(aksi="isi_realisasi")).scalar_one()
    assert log.sesudah["nilai"] == "1500000" and log.sesudah["faktor_penghambat"] == "Hujan"


def test_bidang_cannot_write_another_units_indicator_and_nothing_is_written(session, dunia):
    with pytest.raises(AksesDitolak):
        _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(1)), dunia["ind_b"].id: IsianRealisasi(nilai=D(1))})
    with pytest.raises(AksesDitolak):
        _simpan(dunia, {dunia["ind_b"].id: IsianRealisasi(nilai=D(1))}, unit=dunia["unit_b"])
    assert session.execute(select(func.count()).select_from(RealisasiKinerja)).scalar_one() == 0


def test_negative_value_refuses_the_whole_month(session, dunia):
    with pytest.raises(NilaiTidakValid, match="negatif"):
        _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(-1))})
    assert session.execute(select(func.count()).select_from(RealisasiKinerja)).scalar_one() == 0


def test_closed_window_refuses_bidang_until_reopened_for_that_unit(session, dunia):
    with pytest.raises(AksesDitolak, match="Jendela input sudah ditutup"):
        _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(1))}, now=SETELAH_TW1)
    tw1 = session.execute(select(JendelaInput).filter_by(tahun_id=dunia["tahun"].id, triwulan=1)).scalar_one()
    referensi.buka_jendela_untuk_unit(jendela=tw1, unit_kerja=dunia["unit_a"], sampai=SETELAH_TW1 + timedelta(days=2),
                                      alasan="Server down", now=SETELAH_TW1, oleh=dunia["utama"])
    _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(1))}, now=SETELAH_TW1)
    assert not svc.is_jendela_terbuka_untuk_unit(tahun=dunia["tahun"], triwulan=1, unit_kerja_id=dunia["unit_b"].id,
                                                 now=SETELAH_TW1, zona=WITA)


def test_stale_row_version_is_a_conflict(session, dunia):
    _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(1))})
    row = session.execute(select(RealisasiKinerja)).scalar_one()
    versi = row.version
    _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(2), versi=versi)})
    with pytest.raises(KonflikData):
        _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(3), versi=versi)})
    assert row.nilai == D(2)


def test_submit_return_with_note_fix_resubmit_verify(session, dunia):
    _lengkapi_tw1(dunia)
    common = {"unit_kerja": dunia["unit_a"], "tahun": dunia["tahun"], "triwulan": 1, "now": SETELAH_MARET,
              "zona": WITA}
    status = svc.ajukan_triwulan(subjek=dunia["subjek_a"], oleh=dunia["bidang_a"], **common)
    assert status.status == "diajukan"
    with pytest.raises(AksesDitolak, match="Diajukan"):
        _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(2))}, now=SETELAH_MARET)
    with pytest.raises(AksesDitolak):
        svc.verifikasi_triwulan(subjek=dunia["subjek_a"], oleh=dunia["bidang_a"], status=status)
    with pytest.raises(NilaiTidakValid, match="Catatan"):
        svc.kembalikan_triwulan(subjek=dunia["subjek_utama"], oleh=dunia["utama"], status=status, catatan=" ")
    svc.kembalikan_triwulan(subjek=dunia["subjek_utama"], oleh=dunia["utama"], status=status,
                            catatan="Lampirkan SK")
    _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(2))}, now=SETELAH_MARET)
    svc.ajukan_triwulan(subjek=dunia["subjek_a"], oleh=dunia["bidang_a"], **common)
    svc.verifikasi_triwulan(subjek=dunia["subjek_utama"], oleh=dunia["utama"], status=status)
    assert status.status == "terverifikasi"
    with pytest.raises(TransisiTidakValid):
        svc.verifikasi_triwulan(subjek=dunia["subjek_utama"], oleh=dunia["utama"], status=status)
    riwayat = session.execute(select(CatatanVerifikasi.ke_status, CatatanVerifikasi.catatan)
                              .order_by(CatatanVerifikasi.id)).all()
    assert [r[0] for r in riwayat] == ["diajukan", "dikembalikan", "diajukan", "terverifikasi"]
    assert riwayat[1][1] == "Lampirkan SK"


def test_submission_requires_evidence_when_configured(session, dunia):
    _lengkapi_tw1(dunia)
    with pytest.raises(NilaiTidakValid, match="bukti dukung"):
        svc.ajukan_triwulan(subjek=dunia["subjek_a"], oleh=dunia["bidang_a"], unit_kerja=dunia["unit_a"],
                            tahun=dunia["tahun"], triwulan=1, now=SETELAH_MARET, zona=WITA, wajib_bukti=True)


def _ajukan_tw1(d, now):
    return svc.ajukan_triwulan(subjek=d["subjek_a"], oleh=d["bidang_a"], unit_kerja=d["unit_a"], tahun=d["tahun"],
                               triwulan=1, now=now, zona=WITA)


def test_triwulan_cannot_be_submitted_before_its_months_are_over(session, dunia):
    for bulan in (1, 2):
        _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(1))}, bulan=bulan)
    with pytest.raises(NilaiTidakValid, match="Maret belum berakhir"):
        _ajukan_tw1(dunia, datetime(2024, 3, 31, 23, 0, tzinfo=WITA))
    assert session.execute(select(func.count()).select_from(CatatanVerifikasi)).scalar_one() == 0


def test_triwulan_with_an_empty_month_is_refused_naming_what_is_missing(session, dunia):
    _simpan(dunia, {dunia["ind_a"].id: IsianRealisasi(nilai=D(1))}, bulan=1, now=SETELAH_MARET)
    with pytest.raises(NilaiTidakValid) as info:
        _ajukan_tw1(dunia, SETELAH_MARET)
    uraian = dunia["ind_a"].uraian
    assert f"Februari: {uraian} belum diisi" in info.value.pesan and f"Maret: {uraian} belum diisi" in info.value.pesan
    assert "Januari" not in info.value.pesan


def test_tidak_ada_realisasi_counts_as_filled_and_keeps_the_value_null(session, dunia):
    _lengkapi_tw1(dunia)
    maret = session.execute(select(RealisasiKinerja).filter_by(bulan=3)).scalar_one()
    assert maret.nilai is None and maret.tanpa_realisasi
    assert maret.alasan_tanpa_realisasi == "Tidak ada usulan bulan Maret"
    assert _ajukan_tw1(dunia, SETELAH_MARET).status == "diajukan"


@pytest.mark.parametrize("isian, pesan", [
    (IsianRealisasi(nilai=None, tanpa_realisasi=True, alasan_tanpa_realisasi="  "), "alasan"),
    (IsianRealisasi(nilai=D(2), tanpa_realisasi=True, alasan_tanpa_realisasi="Tidak ada"), "tidak keduanya"),
])
def test_tidak_ada_realisasi_needs_a_reason_and_no_value(session, dunia, isian, pesan):
    with pytest.raises(NilaiTidakValid, match=pesan):
        _simpan(dunia, {dunia["ind_a"].id: isian}, now=SETELAH_MARET)
    assert session.execute(select(func.count()).select_from(RealisasiKinerja)).scalar_one() == 0
