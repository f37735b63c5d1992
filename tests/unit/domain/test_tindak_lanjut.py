"""Rules of the evaluation meetings (issue 16, item 7): which findings are proposed from a measurement,
which units are late, the due date of a decision, who may write what, and the report's rows."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal

import pytest

from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.domain.errors import AksesDitolak
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
from sipekerja_module.domain.predikat import BandPredikat
from sipekerja_module.domain.predikat import SkalaPredikat
from sipekerja_module.domain.predikat import tentukan_predikat
from sipekerja_module.domain.tindak_lanjut import BarisKeputusan
from sipekerja_module.domain.tindak_lanjut import BarisTemuan
from sipekerja_module.domain.tindak_lanjut import HasilRendah
from sipekerja_module.domain.tindak_lanjut import LaporanTindakLanjut
from sipekerja_module.domain.tindak_lanjut import SumberTemuan
from sipekerja_module.domain.tindak_lanjut import UnitTerlambat
from sipekerja_module.domain.tindak_lanjut import assert_boleh_mengelola_rapat
from sipekerja_module.domain.tindak_lanjut import assert_boleh_ubah_status
from sipekerja_module.domain.tindak_lanjut import band_temuan
from sipekerja_module.domain.tindak_lanjut import daftar_peserta
from sipekerja_module.domain.tindak_lanjut import parse_jenis
from sipekerja_module.domain.tindak_lanjut import parse_status
from sipekerja_module.domain.tindak_lanjut import periksa_batas_waktu
from sipekerja_module.domain.tindak_lanjut import periksa_tanggal_rapat
from sipekerja_module.domain.tindak_lanjut import unit_terlambat
from sipekerja_module.domain.tindak_lanjut import usulkan_temuan
from sipekerja_module.reports.tindak_lanjut import baris_keputusan
from sipekerja_module.reports.tindak_lanjut import baris_temuan

UTAMA = Subjek(frozenset({Peran.UTAMA}))
PIMPINAN = Subjek(frozenset({Peran.PIMPINAN}))
BIDANG_7 = Subjek(frozenset({Peran.BIDANG}), unit_id=7)


def _hasil(ind: int, capaian: str | None, skala: SkalaPredikat = SKALA_PERMENDAGRI_86_2017) -> HasilRendah:
    nilai = None if capaian is None else Decimal(capaian)
    return HasilRendah(ind, 7, f"Indikator {ind}", nilai, None if nilai is None else tentukan_predikat(nilai, skala))


def test_findings_are_proposed_for_sangat_rendah_and_rendah_only_at_the_band_edges():
    hasil = [_hasil(1, "50.99"), _hasil(2, "51"), _hasil(3, "65.999"), _hasil(4, "66"), _hasil(5, "120"),
             _hasil(6, None), _hasil(7, "-20")]
    usulan = usulkan_temuan(triwulan=2, hasil=hasil, skala=SKALA_PERMENDAGRI_86_2017, terlambat=[],
                            format_batas=str)
    assert [u.indikator_id for u in usulan] == [1, 2, 3, 7]
    assert all(u.sumber is SumberTemuan.PREDIKAT and u.unit_kerja_id == 7 for u in usulan)
    assert "s.d. Triwulan II: 50,99% (predikat Sangat Rendah)" in usulan[0].uraian
    assert "0,00%" in usulan[-1].uraian  # a negative capaian is displayed clamped at 0


def test_another_agencys_scale_uses_its_own_two_lowest_bands():
    skala = SkalaPredikat((BandPredikat(Decimal(0), "Kurang Berhasil", "danger"),
                           BandPredikat(Decimal(55), "Cukup Berhasil", "warning"),
                           BandPredikat(Decimal(75), "Berhasil", "info"),
                           BandPredikat(Decimal(100), "Sangat Berhasil", "success")))
    assert band_temuan(skala) == {"Kurang Berhasil", "Cukup Berhasil"}
    usulan = usulkan_temuan(triwulan=1, hasil=[_hasil(1, "74.99", skala), _hasil(2, "75", skala)], skala=skala,
                            terlambat=[], format_batas=str)
    assert [u.indikator_id for u in usulan] == [1]


def test_late_units_are_those_past_their_own_deadline_without_verification():
    wita = timezone(timedelta(hours=8))
    batas = datetime(2024, 4, 30, 23, 59, 59, tzinfo=wita)
    now = datetime(2024, 5, 8, 9, tzinfo=wita)
    unit = [(1, "Sekretariat"), (2, "Bidang A"), (3, "Bidang B"), (4, "Bidang C"), (5, "Bidang D")]
    status = {1: "terverifikasi", 2: "diajukan", 3: "dikembalikan"}  # 4: no row (draf)
    telat = unit_terlambat(unit=unit, status=status, batas={1: batas, 2: batas, 3: batas, 4: batas,
                                                            5: now + timedelta(days=3)}, now=now)
    assert [u.unit_kerja_id for u in telat] == [2, 3, 4]  # 5 was reopened until after now
    usulan = usulkan_temuan(triwulan=1, hasil=[], skala=SKALA_PERMENDAGRI_86_2017, terlambat=telat,
                            format_batas=lambda b: b.date().isoformat())
    assert [u.sumber for u in usulan] == [SumberTemuan.TERLAMBAT] * 3
    assert "sudah diajukan tetapi belum diverifikasi sampai batas input (2024-04-30)" in usulan[0].uraian
    assert "dikembalikan dan belum diajukan ulang" in usulan[1].uraian and "belum diajukan" in usulan[2].uraian
    assert isinstance(telat[0], UnitTerlambat)


def test_a_due_date_before_the_meeting_is_refused_the_same_day_is_not():
    rapat = date(2024, 5, 8)
    assert periksa_batas_waktu(rapat, rapat) == rapat
    with pytest.raises(NilaiTidakValid, match="tidak boleh sebelum tanggal rapat \\(8 Mei 2024\\)"):
        periksa_batas_waktu(date(2024, 5, 7), rapat)
    with pytest.raises(NilaiTidakValid, match="wajib diisi"):
        periksa_batas_waktu(None, rapat)


def test_a_meeting_date_belongs_to_its_year_or_the_next():
    assert periksa_tanggal_rapat(date(2025, 1, 20), 2024) == date(2025, 1, 20)  # TW IV is evaluated in January
    for salah in (date(2023, 12, 31), date(2026, 1, 1)):
        with pytest.raises(NilaiTidakValid, match="harus pada tahun 2024 atau 2025"):
            periksa_tanggal_rapat(salah, 2024)


def test_unknown_kinds_and_states_are_refused_in_indonesian():
    with pytest.raises(NilaiTidakValid, match="Jenis keputusan tidak dikenal"):
        parse_jenis("bonus")
    with pytest.raises(NilaiTidakValid, match="Status tindak lanjut tidak dikenal"):
        parse_status("batal")


def test_only_the_utama_records_meetings_and_only_the_assigned_unit_or_utama_reports_status():
    assert_boleh_mengelola_rapat(UTAMA)
    for subjek in (PIMPINAN, BIDANG_7):
        with pytest.raises(AksesDitolak):
            assert_boleh_mengelola_rapat(subjek)
    assert_boleh_ubah_status(UTAMA, 3)
    assert_boleh_ubah_status(BIDANG_7, 7)
    for subjek, unit in ((BIDANG_7, 8), (PIMPINAN, 7), (Subjek(frozenset({Peran.BIDANG})), 7)):
        with pytest.raises(AksesDitolak):
            assert_boleh_ubah_status(subjek, unit)


def test_participants_one_per_line_or_semicolon():
    assert daftar_peserta("Kepala\n\n  Sekretaris ; Kabid A\r\n") == ("Kepala", "Sekretaris", "Kabid A")
    assert daftar_peserta(None) == ()


def test_report_rows_number_findings_and_name_unit_and_person():
    k = BarisKeputusan(asal="TW I 2024", jenis="Reward (penghargaan)", uraian="Piagam", unit="Bidang PPIK",
                       penanggung_jawab="Sekretaris", batas_waktu=date(2024, 5, 31), status="Selesai", catatan="")
    laporan = LaporanTindakLanjut(perangkat_daerah="BKPSDM", tahun=2024, triwulan=1, tanggal=date(2024, 5, 8),
                                  tempat="Aula", pimpinan_rapat="Kepala", peserta=(), notulen=None,
                                  temuan=(BarisTemuan("Sekretariat", "", "Terlambat"),), keputusan=(k,), bawaan=())
    assert baris_temuan(laporan) == [("1", "Sekretariat", "\u2013", "Terlambat")]
    assert baris_keputusan([k]) == [("1", "TW I 2024", "Reward (penghargaan)", "Piagam", "Bidang PPIK / Sekretaris",
                                     "31 Mei 2024", "Selesai", "\u2013")]
    assert laporan.periode == "Triwulan I Tahun 2024"
