from decimal import Decimal

import pytest

from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.capaian import agregasikan
from sipekerja_module.domain.capaian import hitung_capaian_periode
from sipekerja_module.domain.capaian import hitung_serapan
from sipekerja_module.domain.errors import BulanTidakValid
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.periode import Periode

D = Decimal


def test_kumulatif_is_sum_of_reported_months():
    nilai = {1: D("2"), 2: None, 3: D("5")}
    assert agregasikan(nilai, Agregasi.KUMULATIF) == D("7")


def test_nilai_akhir_is_last_reported_month_not_maximum():
    # Regression: nilai akhir taken as the maximum month would give 90 here.
    nilai = {1: D("60"), 2: D("90"), 3: D("75"), 4: None}
    assert agregasikan(nilai, Agregasi.NILAI_AKHIR) == D("75")


def test_nilai_akhir_skips_unreported_months_at_the_end():
    nilai = {1: D("60"), 2: D("70"), 3: None, 5: None}
    assert agregasikan(nilai, Agregasi.NILAI_AKHIR) == D("70")


def test_nilai_akhir_uses_month_order_not_mapping_order():
    nilai = {3: D("30"), 1: D("10"), 2: D("20")}
    assert agregasikan(nilai, Agregasi.NILAI_AKHIR) == D("30")


def test_rata_rata_is_mean_of_reported_months_only():
    nilai = {1: D("80"), 2: None, 3: D("90"), 4: D("100")}
    assert agregasikan(nilai, Agregasi.RATA_RATA) == D("90")


def test_rata_rata_is_unrounded():
    nilai = {1: D("1"), 2: D("1"), 3: D("2")}
    hasil = agregasikan(nilai, Agregasi.RATA_RATA)
    assert D("1.3333") < hasil < D("1.3334")


def test_reported_zero_is_data_not_belum_lapor():
    nilai = {1: D("50"), 2: D("0")}
    assert agregasikan(nilai, Agregasi.NILAI_AKHIR) == D("0")
    assert agregasikan(nilai, Agregasi.RATA_RATA) == D("25")


@pytest.mark.parametrize("agregasi", list(Agregasi))
def test_all_belum_lapor_gives_none_not_zero(agregasi):
    assert agregasikan({1: None, 2: None}, agregasi) is None
    assert agregasikan({}, agregasi) is None


def test_only_months_up_to_sampai_bulan_are_considered():
    nilai = {1: D("1"), 2: D("2"), 3: D("4"), 4: D("8")}
    assert agregasikan(nilai, Agregasi.KUMULATIF, sampai_bulan=3) == D("7")
    assert agregasikan(nilai, Agregasi.NILAI_AKHIR, sampai_bulan=2) == D("2")
    assert agregasikan({6: D("5")}, Agregasi.KUMULATIF, sampai_bulan=3) is None


@pytest.mark.parametrize("bulan", [0, 13, -1])
def test_month_key_outside_1_to_12_raises(bulan):
    with pytest.raises(BulanTidakValid):
        agregasikan({bulan: D("1")}, Agregasi.KUMULATIF)


def test_sampai_bulan_13_raises():
    with pytest.raises(BulanTidakValid, match="Bulan harus 1 sampai 12, bukan 13."):
        agregasikan({1: D("1")}, Agregasi.KUMULATIF, sampai_bulan=13)


def test_agregasikan_does_not_mutate_input():
    nilai = {3: D("3"), 1: D("1"), 2: None}
    salinan = dict(nilai)
    agregasikan(nilai, Agregasi.NILAI_AKHIR)
    assert nilai == salinan and list(nilai) == [3, 1, 2]


def _bulanan(*pasangan):
    return {b: D(v) if v is not None else None for b, v in pasangan}


def test_capaian_periode_reports_to_date_and_against_annual_target():
    target = {b: D("10") for b in range(1, 13)}
    realisasi = _bulanan((1, "10"), (2, "10"), (3, "10"))
    hasil = hitung_capaian_periode(
        target_bulanan=target,
        realisasi_bulanan=realisasi,
        target_tahunan=D("120"),
        agregasi=Agregasi.KUMULATIF,
        polaritas=Polaritas.POSITIF,
        periode=Periode.triwulanan(1),
    )
    assert hasil.target_sd == D("30")
    assert hasil.realisasi_sd == D("30")
    # On track to date, although only a quarter of the annual target.
    assert hasil.capaian_sd == D("100")
    assert hasil.capaian_tahunan == D("25")
    assert hasil.target_tahunan == Target.tunggal(D("120"))
    assert hasil.bulan_terlapor == 3
    assert hasil.belum_lapor is False
    assert hasil.bulan_terakhir_lapor == 3


def test_nilai_akhir_without_a_target_in_its_last_reported_month_uses_the_target_in_force():
    # Like with like (DOMAIN.md, sharpened): May's realisasi is compared with the target in force in
    # May (March's 50), no longer with June's 70, a month that was not reported.
    target = _bulanan((3, "50"), (6, "70"), (12, "90"))
    realisasi = _bulanan((1, "40"), (4, "80"), (5, "65"))
    hasil = hitung_capaian_periode(
        target_bulanan=target,
        realisasi_bulanan=realisasi,
        target_tahunan=D("90"),
        agregasi=Agregasi.NILAI_AKHIR,
        polaritas=Polaritas.POSITIF,
        periode=Periode.triwulanan(2),
    )
    assert hasil.target_sd == D("50")
    assert hasil.target_rencana_sd == D("70")
    assert hasil.realisasi_sd == D("65")  # May, not the higher April value
    assert hasil.capaian_sd == D("130")
    assert hasil.bulan_terlapor == 2
    assert hasil.bulan_terakhir_lapor == 5


def test_capaian_periode_belum_lapor_in_period_is_flagged():
    hasil = hitung_capaian_periode(
        target_bulanan={b: D("1") for b in range(1, 13)},
        realisasi_bulanan=_bulanan((1, "1"), (4, None)),
        target_tahunan=D("12"),
        agregasi=Agregasi.KUMULATIF,
        polaritas=Polaritas.POSITIF,
        periode=Periode.triwulanan(2),
    )
    assert hasil.belum_lapor is True
    assert hasil.bulan_terlapor == 0
    assert hasil.realisasi_sd == D("1")  # January still counts to date
    assert hasil.bulan_terakhir_lapor == 1


def test_capaian_periode_with_nothing_reported_has_no_capaian():
    hasil = hitung_capaian_periode(
        target_bulanan={1: D("5")},
        realisasi_bulanan={},
        target_tahunan=D("60"),
        agregasi=Agregasi.KUMULATIF,
        polaritas=Polaritas.NEGATIF,
        periode=Periode.bulanan(1),
    )
    assert hasil.capaian_sd is None and hasil.capaian_tahunan is None
    assert hasil.belum_lapor is True and hasil.bulan_terakhir_lapor is None


def test_capaian_periode_tahun_covers_all_months():
    hasil = hitung_capaian_periode(
        target_bulanan={12: D("8")},
        realisasi_bulanan={12: D("6")},
        target_tahunan=Target.rentang(D("5"), D("8")),
        agregasi=Agregasi.NILAI_AKHIR,
        polaritas=Polaritas.NEGATIF,
        periode=Periode.tahunan(),
    )
    assert hasil.capaian_sd == D("125")
    assert hasil.capaian_tahunan == D("100")  # inside the range


def test_capaian_periode_rejects_negative_monthly_realisasi():
    with pytest.raises(NilaiTidakValid):
        hitung_capaian_periode(
            target_bulanan={1: D("5")},
            realisasi_bulanan={1: D("-1"), 2: D("3")},
            target_tahunan=None,
            agregasi=Agregasi.NILAI_AKHIR,
            polaritas=Polaritas.POSITIF,
            periode=Periode.bulanan(2),
        )


def test_serapan_is_cumulative_against_pagu_and_the_target_of_the_reported_months():
    # Like with like: February is belum lapor, so its target is left out too (it used to count as
    # a 0 realisasi against 100.000 of target: 50% instead of 66,67%).
    hasil = hitung_serapan(
        pagu=D("1000000"),
        target_bulanan={1: D("100000"), 2: D("100000"), 3: D("200000"), 4: D("300000")},
        realisasi_bulanan={1: D("50000"), 2: None, 3: D("150000"), 4: D("999")},
        sampai_bulan=3,
    )
    assert hasil.target_sd == D("300000")
    assert hasil.target_rencana_sd == D("400000")
    assert hasil.bulan_dibandingkan == (1, 3)
    assert hasil.realisasi_sd == D("200000")
    assert hasil.persen_pagu == D("20")
    assert round(hasil.persen_target_sd, 2) == D("66.67")


def test_serapan_without_pagu_or_realisasi_is_undefined_not_zero():
    tanpa_pagu = hitung_serapan(pagu=None, target_bulanan={}, realisasi_bulanan={1: D("5")}, sampai_bulan=12)
    assert tanpa_pagu.persen_pagu is None and tanpa_pagu.persen_target_sd is None
    belum = hitung_serapan(pagu=D("100"), target_bulanan={1: D("10")}, realisasi_bulanan={}, sampai_bulan=12)
    assert belum.persen_pagu is None and belum.realisasi_sd is None


def test_serapan_negative_pagu_raises():
    with pytest.raises(NilaiTidakValid, match="Pagu tidak boleh negatif."):
        hitung_serapan(pagu=D("-1"), target_bulanan={}, realisasi_bulanan={}, sampai_bulan=1)
