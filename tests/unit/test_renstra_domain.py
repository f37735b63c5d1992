"""Renstra rules as pure functions: periods, targets inside the period, the PK vs Renstra comparison
and the % of the way from the baseline to the end target."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.renstra import StatusBanding
from sipekerja_module.domain.renstra import TargetRenstra
from sipekerja_module.domain.renstra import bandingkan_target
from sipekerja_module.domain.renstra import periksa_indikator
from sipekerja_module.domain.renstra import periksa_periode
from sipekerja_module.domain.renstra import periksa_tautan_renstra
from sipekerja_module.domain.renstra import periksa_tumpang_tindih
from sipekerja_module.domain.renstra import persen_menuju_target_akhir

D = Decimal


def test_period_end_before_start_or_too_long_is_refused():
    periksa_periode(2021, 2026)
    periksa_periode(2025, 2025)
    with pytest.raises(NilaiTidakValid, match="Tahun akhir \\(2020\\) tidak boleh sebelum tahun awal \\(2021\\)"):
        periksa_periode(2021, 2020)
    with pytest.raises(NilaiTidakValid, match="paling lama 10 tahun"):
        periksa_periode(2021, 2031)
    with pytest.raises(NilaiTidakValid, match="antara 2000 dan 2100"):
        periksa_periode(1999, 2003)


def test_periods_sharing_a_year_overlap_and_adjacent_ones_do_not():
    periksa_tumpang_tindih(2027, 2031, [(2021, 2026), (2032, 2036)])
    for awal, akhir in ((2026, 2030), (2018, 2021), (2022, 2023), (2010, 2040)):
        with pytest.raises(NilaiTidakValid, match="bertumpang tindih"):
            periksa_tumpang_tindih(awal, akhir, [(2021, 2026)])


def test_indicator_targets_outside_the_period_negative_values_and_baseline_year_are_refused():
    ok = dict(tahun_awal=2021, tahun_akhir=2026, baseline=D(1), tahun_baseline=2020, target_akhir=D(2))
    periksa_indikator(**ok, target_per_tahun={2021: D(1), 2026: D(2), 2027: None})  # an empty year is no target
    for ubah, pesan in (({"target_per_tahun": {2027: D(1)}}, "Target tahun 2027 di luar periode Renstra 2021"),
                        ({"target_per_tahun": {2021: D(-1)}}, "Target tahun 2021 tidak boleh negatif"),
                        ({"baseline": D(-1)}, "Baseline tidak boleh negatif"),
                        ({"target_akhir": D(-1)}, "Target akhir periode tidak boleh negatif"),
                        ({"tahun_baseline": None}, "Tahun baseline wajib diisi"),
                        ({"tahun_baseline": 2022}, "Tahun baseline harus tahun awal periode")):
        with pytest.raises(NilaiTidakValid, match=pesan):
            periksa_indikator(**{**ok, "target_per_tahun": {}, **ubah})


def test_pk_link_needs_the_same_agency_and_a_year_inside_the_period():
    periksa_tautan_renstra(perangkat_daerah_id=1, tahun=2024, renstra_perangkat_daerah_id=1, tahun_awal=2021,
                           tahun_akhir=2026)
    with pytest.raises(NilaiTidakValid, match="perangkat daerah lain"):
        periksa_tautan_renstra(perangkat_daerah_id=1, tahun=2024, renstra_perangkat_daerah_id=2, tahun_awal=2021,
                               tahun_akhir=2026)
    with pytest.raises(NilaiTidakValid, match="Tahun 2027 di luar periode Renstra 2021"):
        periksa_tautan_renstra(perangkat_daerah_id=1, tahun=2027, renstra_perangkat_daerah_id=1, tahun_awal=2021,
                               tahun_akhir=2026)


def test_pk_target_compared_with_the_renstra_target_of_the_year():
    assert bandingkan_target(Target.tunggal(D("93.0")), D(93)) is StatusBanding.SAMA
    assert bandingkan_target(Target.tunggal(95), D(93)) is StatusBanding.BERBEDA
    assert bandingkan_target(Target.rentang(90, 95), D(93)) is StatusBanding.BERBEDA  # a range never equals
    assert bandingkan_target(None, D(93)) is StatusBanding.PK_TANPA_TARGET
    assert bandingkan_target(Target.tunggal(95), None) is StatusBanding.RENSTRA_TANPA_TARGET
    assert bandingkan_target(None, D(93), ada_pk=False) is StatusBanding.TANPA_PK
    assert StatusBanding.BERBEDA.label == "Berbeda dari Renstra"


def test_percent_of_the_way_follows_the_direction_and_guards_division_by_zero():
    # Higher is better: baseline 82, end 97, realisasi 91 → 60 %.
    assert persen_menuju_target_akhir(D(91), D(82), D(97)) == D(60)
    # Lower is better (end below baseline): baseline 10, end 4, realisasi 7 → 50 %; 12 moved away → −33,3 %.
    assert persen_menuju_target_akhir(D(7), D(10), D(4)) == D(50)
    assert persen_menuju_target_akhir(D(12), D(10), D(4)) < 0
    # Beyond the end target: above 100, never clamped.
    assert persen_menuju_target_akhir(D(100), D(82), D(97)) == D(120)
    # No baseline: from zero.
    assert persen_menuju_target_akhir(D(30), None, D(40)) == D(75)
    # No distance to travel, or nothing to measure.
    assert persen_menuju_target_akhir(D(5), D(5), D(5)) is None
    assert persen_menuju_target_akhir(D(5), None, D(0)) is None
    assert persen_menuju_target_akhir(None, D(1), D(2)) is None
    assert persen_menuju_target_akhir(D(1), D(1), None) is None


def test_target_renstra_value_gives_a_years_target_and_the_way_to_the_end():
    t = TargetRenstra(indikator_renstra_id=1, uraian="Indeks Sistem Merit", satuan="Indeks", tahun_awal=2021,
                      tahun_akhir=2026, baseline=D("0.52"), tahun_baseline=2020,
                      target_per_tahun={2023: D("0.69"), 2024: D("0.75")}, target_akhir=D("0.85"))
    assert t.target_tahun(2024) == D("0.75") and t.target_tahun(2027) is None
    assert t.persen_menuju_target_akhir(D("0.85")) == D(100)
    with pytest.raises(AttributeError):
        t.uraian = "x"  # frozen
