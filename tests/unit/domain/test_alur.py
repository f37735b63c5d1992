"""The quarter's flow rules: deadlines as read, window state now, landing month, completeness of
a submission, monitoring cells."""

from dataclasses import replace
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from sipekerja_module.domain.alur import Fase
from sipekerja_module.domain.alur import KeadaanJendela
from sipekerja_module.domain.alur import TriwulanBelumLengkap
from sipekerja_module.domain.alur import assert_triwulan_lengkap
from sipekerja_module.domain.alur import batas_untuk_unit
from sipekerja_module.domain.alur import bulan_berakhir
from sipekerja_module.domain.alur import bulan_isian
from sipekerja_module.domain.alur import fase_tenggat
from sipekerja_module.domain.alur import format_batas
from sipekerja_module.domain.alur import format_sisa
from sipekerja_module.domain.alur import keadaan_jendela
from sipekerja_module.domain.alur import kekurangan_triwulan
from sipekerja_module.domain.alur import kelas_sel
from sipekerja_module.domain.alur import periksa_tanpa_realisasi
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.periode import StatusJendela
from sipekerja_module.domain.periode import buka_kembali
from sipekerja_module.domain.periode import default_jendela
from sipekerja_module.domain.status import StatusPeriode

WITA = ZoneInfo("Asia/Makassar")
TW2 = default_jendela(2024, WITA)[1]  # April..June, closes 31 July 2024 23:59:59.999999 WITA
IND = [(1, "Jumlah Dokumen SK"), (2, "Persentase Layanan Tepat Waktu")]


def test_deadline_is_written_with_pukul_and_the_zone_name():
    assert format_batas(TW2.ditutup) == "s.d. 31 Juli 2024 pukul 23.59 WITA"
    assert format_batas(datetime(2024, 7, 31, 16, tzinfo=ZoneInfo("Asia/Jakarta"))) == \
        "s.d. 31 Juli 2024 pukul 16.00 WIB"


@pytest.mark.parametrize("sisa, teks", [(timedelta(days=3, hours=4, minutes=5), "3 hari 4 jam"),
                                        (timedelta(hours=5, minutes=12), "5 jam 12 menit"),
                                        (timedelta(seconds=30), "kurang dari 1 menit")])
def test_countdown_in_words(sisa, teks):
    assert format_sisa(sisa) == teks


def test_stored_terbuka_window_is_closed_once_its_deadline_has_passed():
    assert TW2.status is StatusJendela.TERBUKA
    assert keadaan_jendela(TW2, datetime(2024, 7, 31, 23, 0, tzinfo=WITA)) is KeadaanJendela.TERBUKA
    assert keadaan_jendela(TW2, datetime(2024, 8, 1, 0, 0, tzinfo=WITA)) is KeadaanJendela.DITUTUP


def test_window_state_before_opening_reopened_and_closed_by_utama():
    assert keadaan_jendela(TW2, datetime(2024, 3, 1, tzinfo=WITA)) is KeadaanJendela.BELUM_DIBUKA
    now = datetime(2024, 9, 1, tzinfo=WITA)
    dibuka = buka_kembali(TW2, sampai=now + timedelta(days=3), now=now)
    assert keadaan_jendela(dibuka, now) is KeadaanJendela.DIBUKA_KEMBALI
    ditutup = replace(TW2, status=StatusJendela.DITUTUP)
    assert keadaan_jendela(ditutup, datetime(2024, 5, 1, tzinfo=WITA)) is KeadaanJendela.DITUTUP


def test_window_reopened_for_one_unit_gives_that_unit_its_own_deadline():
    sampai = datetime(2024, 8, 10, 16, tzinfo=WITA)
    assert batas_untuk_unit(TW2, [sampai]) == sampai
    assert batas_untuk_unit(TW2, []) == TW2.ditutup
    assert batas_untuk_unit(TW2, [datetime(2024, 7, 1, tzinfo=WITA)]) == TW2.ditutup  # an earlier one changes nothing


@pytest.mark.parametrize("now, fase", [
    (datetime(2024, 3, 31, tzinfo=WITA), Fase.BELUM_DIBUKA),
    (datetime(2024, 6, 1, tzinfo=WITA), Fase.BERJALAN),
    (datetime(2024, 7, 28, tzinfo=WITA), Fase.SEGERA),
    (datetime(2024, 8, 1, tzinfo=WITA), Fase.LEWAT),
])
def test_phase_against_the_deadline(now, fase):
    assert fase_tenggat(dibuka=TW2.dibuka, batas=TW2.ditutup, now=now) is fase


def test_a_month_is_over_from_midnight_of_the_next_month_in_the_agency_zone():
    assert not bulan_berakhir(2024, 6, datetime(2024, 6, 30, 23, 59, tzinfo=WITA))
    assert bulan_berakhir(2024, 6, datetime(2024, 7, 1, 0, 0, tzinfo=WITA))
    assert bulan_berakhir(2024, 12, datetime(2025, 1, 1, tzinfo=WITA))


def test_bidang_lands_on_the_last_ended_month_of_an_open_triwulan_not_on_a_closed_one():
    # Years later, only Triwulan II reopened: June, not today's month of a closed window.
    assert bulan_isian(tahun=2024, now=datetime(2026, 2, 10, tzinfo=WITA), triwulan_terbuka=[2]) == 6
    # In July, Triwulan II (to the end of July) and III are open: June is the month to report.
    assert bulan_isian(tahun=2024, now=datetime(2024, 7, 15, tzinfo=WITA), triwulan_terbuka=[2, 3]) == 6
    # In January nothing has ended yet: the current month.
    assert bulan_isian(tahun=2024, now=datetime(2024, 1, 15, tzinfo=WITA), triwulan_terbuka=[1]) == 1
    assert bulan_isian(tahun=2024, now=datetime(2026, 2, 10, tzinfo=WITA), triwulan_terbuka=[]) is None


def test_ajukan_refused_while_a_month_of_the_triwulan_is_not_over():
    k = kekurangan_triwulan(tahun=2024, triwulan=2, now=datetime(2024, 6, 20, tzinfo=WITA), indikator=IND,
                            terisi={(i, b) for i, _ in IND for b in (4, 5, 6)})
    assert k.bulan_belum_berakhir == (6,) and not k.lengkap
    with pytest.raises(TriwulanBelumLengkap, match="Juni belum berakhir"):
        assert_triwulan_lengkap(k)


def test_ajukan_refused_when_an_indicator_month_has_neither_value_nor_tidak_ada_realisasi():
    # TW IV with only October filled: November and December of both indicators are missing.
    k = kekurangan_triwulan(tahun=2024, triwulan=4, now=datetime(2025, 1, 5, tzinfo=WITA), indikator=IND,
                            terisi={(1, 10), (2, 10)})
    assert [(x.bulan, x.uraian) for x in k.kosong] == [(11, IND[0][1]), (11, IND[1][1]), (12, IND[0][1]),
                                                       (12, IND[1][1])]
    with pytest.raises(TriwulanBelumLengkap) as info:
        assert_triwulan_lengkap(k)
    assert "Triwulan IV belum dapat diajukan" in info.value.pesan
    assert "November: Jumlah Dokumen SK belum diisi." in info.value.pesan


def test_ajukan_allowed_when_every_indicator_month_is_filled_after_the_triwulan():
    k = kekurangan_triwulan(tahun=2024, triwulan=1, now=datetime(2024, 4, 1, tzinfo=WITA), indikator=IND,
                            terisi={(i, b) for i, _ in IND for b in (1, 2, 3)})
    assert k.lengkap
    assert_triwulan_lengkap(k)


def test_long_lists_of_missing_entries_are_counted_not_all_named():
    banyak = [(i, f"Indikator {i}") for i in range(1, 21)]
    k = kekurangan_triwulan(tahun=2024, triwulan=1, now=datetime(2024, 4, 1, tzinfo=WITA), indikator=banyak,
                            terisi=set())
    pesan = k.pesan()
    assert len(pesan) == 11 and pesan[-1] == "… dan 50 isian lain belum diisi."


def test_tidak_ada_realisasi_requires_a_reason_and_no_value():
    assert periksa_tanpa_realisasi(tanpa_realisasi=True, nilai=None, alasan=" Tidak ada usulan ") == "Tidak ada usulan"
    assert periksa_tanpa_realisasi(tanpa_realisasi=False, nilai=5, alasan=" ") is None
    with pytest.raises(NilaiTidakValid, match="tidak dicentang"):
        periksa_tanpa_realisasi(tanpa_realisasi=False, nilai=None, alasan="lupa mencentang")
    with pytest.raises(NilaiTidakValid, match="alasan"):
        periksa_tanpa_realisasi(tanpa_realisasi=True, nilai=None, alasan="")
    with pytest.raises(NilaiTidakValid, match="tidak keduanya"):
        periksa_tanpa_realisasi(tanpa_realisasi=True, nilai=1, alasan="x")


@pytest.mark.parametrize("status, terlapor, fase, berakhir, kode", [
    (StatusPeriode.DRAF, 0, Fase.LEWAT, True, "terlambat"),
    (StatusPeriode.DRAF, 5, Fase.LEWAT, True, "terlambat"),
    (StatusPeriode.DRAF, 0, Fase.BERJALAN, False, "belum_waktunya"),
    (StatusPeriode.DRAF, 0, Fase.BERJALAN, True, "belum_lapor"),
    (StatusPeriode.DRAF, 0, Fase.SEGERA, True, "segera"),
    (StatusPeriode.DRAF, 3, Fase.BERJALAN, True, "draf"),
    (StatusPeriode.DIAJUKAN, 5, Fase.LEWAT, True, "diajukan"),
    (StatusPeriode.TERVERIFIKASI, 5, Fase.LEWAT, True, "terverifikasi"),
])
def test_monitoring_tells_overdue_from_not_yet_due(status, terlapor, fase, berakhir, kode):
    assert kelas_sel(status=status, terlapor=terlapor, fase=fase, berakhir=berakhir).kode == kode


def test_year_deadlines_give_a_reopened_unit_its_own_date_and_window():
    from sipekerja_module.domain.alur import TenggatTahun

    jendela = tuple(default_jendela(2024, WITA))
    sampai = datetime(2026, 2, 20, 16, tzinfo=WITA)
    tenggat = TenggatTahun(jendela, {(2, 7): (sampai,)})
    now = datetime(2026, 2, 10, tzinfo=WITA)
    assert tenggat.terbuka(2, 7, now) and not tenggat.terbuka(2, 8, now) and not tenggat.terbuka(1, 7, now)
    assert tenggat.batas(2, 7) == sampai and tenggat.batas(2, 8) == jendela[1].ditutup
    assert tenggat.fase(2, 7, now) is Fase.BERJALAN and tenggat.fase(2, 8, now) is Fase.LEWAT
    assert tenggat.berikut(now, 7) == (2, sampai) and tenggat.berikut(now, 8) is None
    assert tenggat.berikut(datetime(2024, 4, 3, tzinfo=WITA)) == (1, jendela[0].ditutup)
    assert tenggat.berikut(datetime(2024, 5, 3, tzinfo=WITA)) == (2, jendela[1].ditutup)


def test_only_the_note_of_the_current_state_is_a_banner():
    from collections import namedtuple

    from sipekerja_module.domain.alur import catatan_berlaku

    T = namedtuple("T", "ke catatan")
    dikembalikan = [T("diajukan", None), T("dikembalikan", "Lampirkan SK")]
    assert catatan_berlaku(StatusPeriode.DIKEMBALIKAN, dikembalikan).catatan == "Lampirkan SK"
    diverifikasi = dikembalikan + [T("diajukan", None), T("terverifikasi", None)]
    assert catatan_berlaku(StatusPeriode.TERVERIFIKASI, diverifikasi) is None
    assert catatan_berlaku(StatusPeriode.DIAJUKAN, dikembalikan + [T("diajukan", None)]) is None
    assert catatan_berlaku(StatusPeriode.DRAF, []) is None


def test_triwulan_berjalan_of_current_past_and_future_years():
    from sipekerja_module.domain.alur import triwulan_berjalan

    assert triwulan_berjalan(2024, datetime(2024, 5, 3, tzinfo=WITA)) == 2
    assert triwulan_berjalan(2024, datetime(2026, 2, 1, tzinfo=WITA)) == 4
    assert triwulan_berjalan(2027, datetime(2026, 2, 1, tzinfo=WITA)) == 1


def test_summary_highlights_the_latest_triwulan_with_data_not_an_empty_one():
    from sipekerja_module.domain.alur import triwulan_sorotan

    assert triwulan_sorotan(4, {1: 45, 2: 52, 3: 0, 4: 0}) == 2
    assert triwulan_sorotan(2, {1: 45, 2: 52, 3: 50}) == 2
    assert triwulan_sorotan(1, {}) == 1


def test_warnings_before_ajukan_count_missing_evidence_per_month():
    from sipekerja_module.domain.alur import ringkas_peringatan

    baris = ringkas_peringatan([("April", "A", "Belum ada bukti dukung untuk bulan ini."),
                                ("April", "B", "Belum ada bukti dukung untuk bulan ini."),
                                ("Juni", "C", "Nilai turun dari 81,09 pada bulan sebelumnya; pastikan benar.")])
    assert baris == ["April: 2 nilai belum memiliki bukti dukung.",
                     "Juni — C: Nilai turun dari 81,09 pada bulan sebelumnya; pastikan benar."]
