"""One test per rule of DOMAIN.md "Capaian" and "Roll-up" (as sharpened for issue 13), each named
after its rule, plus regression tests for the defects of issue 13."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.capaian import hitung_capaian
from sipekerja_module.domain.capaian import hitung_capaian_periode
from sipekerja_module.domain.capaian import hitung_serapan
from sipekerja_module.domain.capaian import parse_target
from sipekerja_module.domain.capaian import tampilkan_capaian
from sipekerja_module.domain.data_rencana import DataRencana
from sipekerja_module.domain.data_rencana import IndikatorData
from sipekerja_module.domain.data_rencana import NodeData
from sipekerja_module.domain.data_rencana import SasaranData
from sipekerja_module.domain.data_rencana import UnitData
from sipekerja_module.domain.data_rencana import saring_terverifikasi
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.errors import SkalaPredikatTidakValid
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.pengukuran import hitung_pengukuran_bulanan
from sipekerja_module.domain.penjelasan import jelaskan_capaian
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
from sipekerja_module.domain.predikat import SkalaPredikat
from sipekerja_module.domain.predikat import rangkum_capaian
from sipekerja_module.domain.predikat import tentukan_predikat
from sipekerja_module.domain.rencana import periksa_target_bulanan
from sipekerja_module.domain.rencana import periksa_target_indikator

BULAN = range(1, 13)


def _periode(target, realisasi, agregasi, periode, *, tahunan=None, polaritas=Polaritas.POSITIF,
             rumus=RumusNegatif.SELISIH):
    return hitung_capaian_periode(target_bulanan=target, realisasi_bulanan=realisasi, target_tahunan=tahunan,
                                  agregasi=agregasi, polaritas=polaritas, periode=periode, rumus_negatif=rumus)


# --- Formulas ------------------------------------------------------------------------------------

def test_positif_capaian_is_r_over_t_times_100():
    assert hitung_capaian(D(50), D(48), Polaritas.POSITIF) == D(96)


def test_negatif_capaian_is_2t_minus_r_over_t_times_100_permenpan_6_2022_example():
    assert round(hitung_capaian(D(7), D("6.5"), Polaritas.NEGATIF), 2) == D("107.14")


def test_negatif_t_over_r_is_only_a_per_indicator_option():
    assert hitung_capaian(D(4), D(5), Polaritas.NEGATIF) == D(75)  # (2 × 4 − 5) ÷ 4
    assert hitung_capaian(D(4), D(5), Polaritas.NEGATIF, RumusNegatif.RASIO) == D(80)


def test_range_target_above_uses_upper_bound_below_uses_lower_bound_inside_is_100():
    rentang = Target.rentang(80, 90)
    assert hitung_capaian(rentang, D(85), Polaritas.POSITIF) == 100
    assert hitung_capaian(rentang, D(99), Polaritas.POSITIF) == D(110)
    assert hitung_capaian(rentang, D(60), Polaritas.POSITIF) == D(75)


@pytest.mark.parametrize("salah", [
    lambda t, r: 1 + (1 - r / t) * 100,  # R = T gives 1%
    lambda t, r: (t - r) / t * 100,  # R = T gives 0%
])
def test_known_wrong_negatif_formulas_are_not_used(salah):
    assert hitung_capaian(D(7), D(7), Polaritas.NEGATIF) == 100 != salah(D(7), D(7))


def test_nilai_akhir_is_the_last_reported_month_not_the_maximum():
    c = _periode({b: D(90) for b in BULAN}, {1: D(95), 2: D(70)}, Agregasi.NILAI_AKHIR, Periode.bulanan(2))
    assert c.realisasi_sd == D(70)


def test_two_figures_per_period_to_date_and_against_the_annual_target():
    c = _periode({b: D(10) for b in BULAN}, {1: D(10), 2: D(10), 3: D(10)}, Agregasi.KUMULATIF,
                 Periode.triwulanan(1), tahunan=D(120))
    assert (c.capaian_sd, c.capaian_tahunan) == (D(100), D(25))


# --- Like with like --------------------------------------------------------------------------------

def test_kumulatif_compares_reported_months_sum_with_the_targets_of_the_same_months():
    c = _periode({b: D(10) for b in BULAN}, {1: D(10), 2: D(9), 3: D(10), 4: D(9), 5: D(10)}, Agregasi.KUMULATIF,
                 Periode.triwulanan(2))
    assert (c.realisasi_sd, c.target_sd, c.capaian_sd) == (D(48), D(50), D(96))
    assert c.target_rencana_sd == D(60)


def test_nilai_akhir_compares_last_reported_month_with_that_months_target():
    # Regression (issue 13): August's realisasi was compared with September's target.
    target = {b: D(50 + 5 * b) for b in BULAN}  # August 90, September 95
    c = _periode(target, {7: D(85), 8: D(90)}, Agregasi.NILAI_AKHIR, Periode.triwulanan(3))
    assert (c.realisasi_sd, c.target_sd, c.capaian_sd) == (D(90), D(90), D(100))
    assert c.bulan_terakhir_lapor == 8


def test_rata_rata_compares_mean_of_reported_months_with_mean_target_of_the_same_months():
    c = _periode({1: D(10), 2: D(20), 3: D(90)}, {1: D(10), 2: D(20)}, Agregasi.RATA_RATA, Periode.triwulanan(1))
    assert (c.realisasi_sd, c.target_sd, c.capaian_sd) == (D(15), D(15), D(100))


def test_a_period_with_unreported_months_shows_the_latest_figure_labelled_data_sd():
    data = _data([_ind(1, Agregasi.NILAI_AKHIR)], target={1: {b: D(90) for b in BULAN}}, realisasi={1: {8: D(81)}})
    hasil = hitung_pengukuran(data, Periode.triwulanan(3)).per_indikator[1]
    assert not hasil.belum_lapor and hasil.capaian_sd == D(90) and hasil.label_data_sd == "data s.d. Agustus"
    # The month column still says belum lapor.
    assert hitung_pengukuran_bulanan(data)[9].per_indikator[1].capaian.belum_lapor


def test_belum_lapor_is_not_zero_and_nothing_reported_shows_no_figure():
    data = _data([_ind(1, Agregasi.KUMULATIF)], target={1: {1: D(5)}}, realisasi={1: {1: None}})
    hasil = hitung_pengukuran(data, Periode.bulanan(1)).per_indikator[1]
    assert hasil.belum_lapor and hasil.capaian_sd is None and hasil.predikat_sd is None
    nol = _periode({1: D(5)}, {1: D(0)}, Agregasi.KUMULATIF, Periode.bulanan(1))
    assert nol.capaian_sd == 0  # a reported zero is a real 0%


def test_t_zero_or_no_target_is_undefined_and_left_out_of_means():
    assert _periode({1: D(0)}, {1: D(3)}, Agregasi.KUMULATIF, Periode.bulanan(1)).capaian_sd is None
    assert rangkum_capaian([None, D(80)]).rata_rata == D(80)


def test_negative_negatif_result_is_kept_raw_and_displayed_clamped_at_zero():
    raw = hitung_capaian(D(10), D(25), Polaritas.NEGATIF)
    assert raw == D(-50) and tampilkan_capaian(raw) == 0


def test_anggaran_is_kumulatif_against_pagu_and_against_the_target_of_the_reported_months():
    s = hitung_serapan(pagu=D(1000), target_bulanan={1: D(100), 2: D(100)}, realisasi_bulanan={1: D(50)},
                       sampai_bulan=2)
    assert (s.persen_pagu, s.persen_target_sd) == (D(5), D(50))


def test_blank_monthly_targets_use_the_annual_target_as_decembers_target():
    c = _periode({}, {12: D(85)}, Agregasi.NILAI_AKHIR, Periode.tahunan(), tahunan=Target.rentang(80, 90))
    assert c.target_sd == Target.rentang(80, 90) and c.capaian_sd == 100


def test_monthly_range_targets_aggregate_bound_by_bound():
    c = _periode({1: Target.rentang(8, 10), 2: D(10)}, {1: D(9), 2: D(10)}, Agregasi.KUMULATIF, Periode.bulanan(2))
    assert c.target_sd == Target.rentang(18, 20) and c.capaian_sd == 100


def test_a_range_indicator_gets_a_capaian_and_a_predikat_for_the_year():
    data = _data([_ind(1, Agregasi.NILAI_AKHIR, target=Target.rentang(80, 90))], target={}, realisasi={1: {12: D(95)}})
    hasil = hitung_pengukuran(data, Periode.tahunan()).per_indikator[1]
    assert round(hasil.capaian_sd, 2) == D("105.56") and hasil.predikat_sd.label == "Sangat Tinggi"
    assert hasil.predikat_tahunan is not None


def test_a_range_typed_backwards_or_on_a_negatif_indicator_is_refused():
    with pytest.raises(NilaiTidakValid, match="bukan 90–80"):
        parse_target("90–80")
    with pytest.raises(NilaiTidakValid, match="berpolaritas positif"):
        periksa_target_indikator(Target.rentang(5, 10), Polaritas.NEGATIF)
    assert periksa_target_bulanan({12: Target.rentang(5, 10)}, None, Agregasi.NILAI_AKHIR, Polaritas.NEGATIF)


def test_official_figures_are_verified_figures():
    data = _data([_ind(1, Agregasi.KUMULATIF)], target={1: {b: D(10) for b in BULAN}},
                 realisasi={1: {1: D(10), 4: D(10)}}, belum={(1, 4)})
    resmi = saring_terverifikasi(data)
    assert dict(resmi.realisasi_kinerja[1]) == {1: D(10)} and resmi.hanya_terverifikasi
    layar = hitung_pengukuran(data, Periode.triwulanan(2)).per_indikator[1]
    assert layar.belum_diverifikasi
    assert not hitung_pengukuran(resmi, Periode.triwulanan(2)).per_indikator[1].belum_diverifikasi


def test_the_explanation_names_the_formula_and_the_months_compared():
    c = _periode({b: D(10) for b in BULAN}, {1: D(10), 2: D(9), 3: D(10), 4: D(9), 5: D(10)}, Agregasi.KUMULATIF,
                 Periode.triwulanan(2))
    teks = jelaskan_capaian(c, agregasi=Agregasi.KUMULATIF, polaritas=Polaritas.POSITIF, sampai_bulan=6)
    assert teks == ("Σ realisasi Jan–Mei 48 ÷ Σ target Jan–Mei 50 × 100 = 96,00% (rumus positif R/T), "
                    "data s.d. Mei.")
    negatif = _periode({1: D(7)}, {1: D("6.5")}, Agregasi.NILAI_AKHIR, Periode.bulanan(1), polaritas=Polaritas.NEGATIF)
    assert "rumus negatif (2T−R)/T" in jelaskan_capaian(negatif, agregasi=Agregasi.NILAI_AKHIR,
                                                        polaritas=Polaritas.NEGATIF, sampai_bulan=1)


# --- Roll-up ---------------------------------------------------------------------------------------

def test_roll_up_averages_figures_as_displayed_with_negatives_clamped_at_zero():
    r = rangkum_capaian([D(-50), D(100)])
    assert r.rata_rata == D(50)  # (0 + 100) / 2, not (-50 + 100) / 2


def test_roll_up_leaves_out_undefined_and_belum_lapor_and_counts_them():
    r = rangkum_capaian([None, D(80), None])
    assert (r.rata_rata, r.jumlah_terukur, r.jumlah_belum_terukur) == (D(80), 1, 2)


def test_roll_up_counts_indicators_per_predikat():
    r = rangkum_capaian([D(95), D(80), D(92)])
    assert r.jumlah_per_predikat["Sangat Tinggi"] == 2 and r.jumlah_per_predikat["Tinggi"] == 1


def test_cap_applies_to_means_and_rankings_never_to_an_indicators_own_figure():
    skala = SkalaPredikat(bands=SKALA_PERMENDAGRI_86_2017.bands, nama="Dengan batas", batas_rerata=D(120))
    assert rangkum_capaian([D(200), D(80)], skala).rata_rata == D(100)  # (120 + 80) / 2
    data = _data([_ind(1, Agregasi.KUMULATIF), _ind(2, Agregasi.KUMULATIF)],
                 target={1: {1: D(10)}, 2: {1: D(10)}}, realisasi={1: {1: D(20)}, 2: {1: D(8)}})
    p = hitung_pengukuran(data, Periode.bulanan(1), skala)
    assert p.per_indikator[1].capaian_sd == D(200)
    assert p.total.ringkasan_sd.rata_rata == D(100)
    assert p.per_unit[1].ringkasan_sd.rata_rata == D(100) and p.peringkat[0].hasil.capaian_sd == D(100)


@pytest.mark.parametrize("batas", [D(99), D(1001), D(0)])
def test_cap_below_100_or_above_1000_is_refused(batas):
    with pytest.raises(SkalaPredikatTidakValid, match="antara 100% dan 1.000%"):
        SkalaPredikat(bands=SKALA_PERMENDAGRI_86_2017.bands, batas_rerata=batas)


def test_a_parents_anggaran_never_counts_a_childs_belum_lapor_as_zero():
    # Regression (issue 13): a kegiatan showed a % for a month none of its sub kegiatan reported.
    data = _data([], target={}, realisasi={}, anggaran_target={11: {1: D(100), 2: D(100)}, 12: {1: D(50), 2: D(50)}},
                 anggaran_realisasi={11: {1: D(100), 2: D(90)}, 12: {1: D(50)}})
    p = hitung_pengukuran(data, Periode.bulanan(2))
    kegiatan = p.per_node[10].serapan
    # Sub 12 did not report February: its February target is left out too.
    assert kegiatan.target_sd == D(250) and kegiatan.realisasi_sd == D(240) and kegiatan.persen_target_sd == D(96)
    maret = hitung_pengukuran_bulanan(data)[3].per_node[10].serapan
    assert 3 not in maret.bulan_dibandingkan  # the Target dan Capaian month column says belum lapor


def test_predikat_bands_apply_to_the_unrounded_value():
    assert tentukan_predikat(D("90.999")).label == "Tinggi"


# --- helpers -----------------------------------------------------------------------------------------

def _ind(i, agregasi, *, target=D(120), polaritas=Polaritas.POSITIF):
    return IndikatorData(id=i, sasaran_id=1, node_id=11, uraian=f"Indikator {i}", satuan="Dokumen",
                         polaritas=polaritas, agregasi=agregasi, rumus_negatif=RumusNegatif.SELISIH, target=target,
                         unit_kerja_id=1, urutan=i)


def _data(indikator, *, target, realisasi, belum=frozenset(), anggaran_target=None, anggaran_realisasi=None):
    node = (NodeData(10, None, "kegiatan", "5.03.02.2.01", "Kegiatan", 1, "Unit", 1, None),
            NodeData(11, 10, "sub_kegiatan", "5.03.02.2.01.0010", "Sub A", 1, "Unit", 1, D(1000)),
            NodeData(12, 10, "sub_kegiatan", "5.03.02.2.01.0011", "Sub B", 1, "Unit", 1, D(500)))
    return DataRencana(
        perangkat_daerah_id=1, perangkat_daerah_nama="Dinas", tahun_id=1, tahun=2024, unit_kerja_id=None,
        unit=(UnitData(1, "U", "Unit", "bidang", 1),), sasaran=(SasaranData(1, "S1", "Sasaran", 1),), node=node,
        indikator=tuple(indikator), target_kinerja=target, realisasi_kinerja=realisasi, catatan_kinerja={},
        target_anggaran=anggaran_target or {}, realisasi_anggaran=anggaran_realisasi or {}, catatan_anggaran={},
        nama_nomenklatur={}, bulan_realisasi_terakhir=None, kinerja_belum_diverifikasi=frozenset(belum))
