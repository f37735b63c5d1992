"""Plan-grid rules: monthly targets add up, December closes the year, anggaran within pagu."""

from decimal import Decimal as D

import pytest

from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.rencana import IsianTidakValid
from sipekerja_module.domain.rencana import RencanaTerkunci
from sipekerja_module.domain.rencana import assert_isian_valid
from sipekerja_module.domain.rencana import assert_rencana_bisa_diubah
from sipekerja_module.domain.rencana import periksa_anggaran_bulanan
from sipekerja_module.domain.rencana import periksa_target_bulanan


def bulanan(*nilai):
    return {bulan: (None if n is None else D(n)) for bulan, n in enumerate(nilai, start=1)}


def test_kumulatif_months_that_add_up_to_the_annual_target_pass():
    satu = bulanan(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
    assert periksa_target_bulanan(satu, Target.tunggal(D(12)), Agregasi.KUMULATIF) == []


def test_kumulatif_months_that_fall_short_are_reported_with_both_sums():
    kesalahan = periksa_target_bulanan(bulanan(1, 1, 1), Target.tunggal(D(12)), Agregasi.KUMULATIF)
    assert len(kesalahan) == 1
    assert kesalahan[0].bulan is None
    assert "(3)" in kesalahan[0].pesan and "(12)" in kesalahan[0].pesan


def test_nilai_akhir_december_must_equal_the_annual_target():
    ok = bulanan(*([None] * 11 + ["95"]))
    assert periksa_target_bulanan(ok, Target.tunggal(D(95)), "nilai_akhir") == []
    salah = bulanan(*(["50"] * 11 + ["90"]))
    kesalahan = periksa_target_bulanan(salah, Target.tunggal(D(95)), "nilai_akhir")
    assert [k.bulan for k in kesalahan] == [12]
    assert "Desember" in kesalahan[0].pesan


def test_nilai_akhir_without_december_is_reported():
    kesalahan = periksa_target_bulanan(bulanan("10", "20"), Target.tunggal(D(95)), Agregasi.NILAI_AKHIR)
    assert [k.bulan for k in kesalahan] == [12]


def test_range_target_accepts_a_december_inside_the_range():
    grid = bulanan(*([None] * 11 + ["85"]))
    assert periksa_target_bulanan(grid, Target.rentang(D(80), D(90)), Agregasi.NILAI_AKHIR) == []
    grid = bulanan(*([None] * 11 + ["91"]))
    assert periksa_target_bulanan(grid, Target.rentang(D(80), D(90)), Agregasi.NILAI_AKHIR) != []


def test_rata_rata_mean_of_filled_months_must_equal_the_annual_target():
    assert periksa_target_bulanan(bulanan("80", "90", None, "85"), Target.tunggal(D(85)), Agregasi.RATA_RATA) == []
    assert periksa_target_bulanan(bulanan("80", "80"), Target.tunggal(D(85)), Agregasi.RATA_RATA) != []


def test_negative_month_is_reported_by_month_name():
    kesalahan = periksa_target_bulanan(bulanan("1", "-1"), Target.tunggal(D(12)), Agregasi.KUMULATIF)
    assert kesalahan[0].bulan == 2
    assert "Februari" in kesalahan[0].pesan and "negatif" in kesalahan[0].pesan


def test_empty_grid_or_no_annual_target_only_checks_signs():
    assert periksa_target_bulanan({}, Target.tunggal(D(12)), Agregasi.KUMULATIF) == []
    assert periksa_target_bulanan(bulanan("3"), None, Agregasi.KUMULATIF) == []


def test_anggaran_may_add_up_to_at_most_the_pagu():
    assert periksa_anggaran_bulanan(bulanan("100", "200"), D(300)) == []
    assert periksa_anggaran_bulanan(bulanan("100", "150"), D(300)) == []
    kesalahan = periksa_anggaran_bulanan(bulanan("100", "250"), D(300))
    assert len(kesalahan) == 1 and "melebihi pagu" in kesalahan[0].pesan
    assert "Rp 350" in kesalahan[0].pesan and "Rp 300" in kesalahan[0].pesan


def test_anggaran_without_pagu_is_refused():
    assert "pagu" in periksa_anggaran_bulanan(bulanan("100"), None)[0].pesan


def test_assert_isian_valid_raises_with_every_problem():
    with pytest.raises(IsianTidakValid) as info:
        assert_isian_valid(periksa_target_bulanan(bulanan("-1", "-2"), Target.tunggal(D(3)), Agregasi.KUMULATIF))
    assert [k.bulan for k in info.value.kesalahan] == [1, 2]
    assert_isian_valid([])


def test_ditetapkan_plan_refuses_changes_draf_allows():
    assert_rencana_bisa_diubah("draf")
    with pytest.raises(RencanaTerkunci, match="ditetapkan"):
        assert_rencana_bisa_diubah("ditetapkan")
