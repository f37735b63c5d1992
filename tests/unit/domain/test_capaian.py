from decimal import Decimal

import pytest

from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.capaian import format_target
from sipekerja_module.domain.capaian import hitung_capaian
from sipekerja_module.domain.capaian import parse_target
from sipekerja_module.domain.capaian import tampilkan_capaian
from sipekerja_module.domain.errors import NilaiTidakValid

D = Decimal
POS = Polaritas.POSITIF
NEG = Polaritas.NEGATIF


def test_capaian_negatif_permenpanrb_6_2022_worked_example_target_7_realisasi_6_5():
    hasil = hitung_capaian(D("7"), D("6.5"), NEG)
    assert bulatkan(hasil) == D("107.14")


def test_capaian_is_returned_unrounded():
    hasil = hitung_capaian(D("7"), D("6.5"), NEG)
    assert hasil != bulatkan(hasil)
    assert D("107.1428") < hasil < D("107.1429")


def test_capaian_positif_is_realisasi_over_target():
    assert hitung_capaian(D("80"), D("60"), POS) == D("75")
    assert hitung_capaian(D("80"), D("100"), POS) == D("125")


@pytest.mark.parametrize("target", [D("7"), D("1"), D("250.5")])
def test_capaian_negatif_at_target_is_100_not_1_percent(target):
    # Regression: the wild formula 1 + (1 - R/T) x 100 gives 1 when R = T.
    assert hitung_capaian(target, target, NEG) == D("100")


@pytest.mark.parametrize("target", [D("7"), D("12.5")])
def test_capaian_negatif_at_target_is_100_not_0_percent(target):
    # Regression: the wild formula (T - R)/T x 100 gives 0 when R = T.
    assert hitung_capaian(target, target, NEG) == D("100")


def test_capaian_negatif_when_realisasi_below_target_exceeds_100():
    assert hitung_capaian(D("10"), D("8"), NEG) == D("120")


def test_capaian_negatif_when_realisasi_above_target_is_below_100():
    assert hitung_capaian(D("10"), D("13"), NEG) == D("70")


def test_capaian_negatif_keeps_raw_negative_value_and_display_clamps_at_0():
    raw = hitung_capaian(D("10"), D("25"), NEG)
    assert raw == D("-50")
    assert tampilkan_capaian(raw) == D("0")
    assert tampilkan_capaian(D("107.5")) == D("107.5")
    assert tampilkan_capaian(None) is None


def test_capaian_negatif_rasio_option_is_target_over_realisasi():
    assert hitung_capaian(D("10"), D("8"), NEG, RumusNegatif.RASIO) == D("125")
    assert hitung_capaian(D("10"), D("20"), NEG, RumusNegatif.RASIO) == D("50")


def test_capaian_negatif_rasio_with_zero_realisasi_is_undefined():
    assert hitung_capaian(D("10"), D("0"), NEG, RumusNegatif.RASIO) is None
    # The default formula is defined there: 0 of a lower-is-better target is 200 %.
    assert hitung_capaian(D("10"), D("0"), NEG) == D("200")


def test_rumus_negatif_does_not_affect_positif_indicators():
    assert hitung_capaian(D("10"), D("8"), POS, RumusNegatif.RASIO) == D("80")


def test_belum_lapor_gives_no_capaian_not_zero():
    assert hitung_capaian(D("10"), None, POS) is None
    assert hitung_capaian(D("10"), None, NEG) is None


@pytest.mark.parametrize("target", [None, D("0"), Target.tunggal(D("0"))])
def test_capaian_undefined_without_target_or_zero_target(target):
    assert hitung_capaian(target, D("5"), POS) is None
    assert hitung_capaian(target, D("5"), NEG) is None


def test_negative_realisasi_raises():
    with pytest.raises(NilaiTidakValid, match="Realisasi tidak boleh negatif"):
        hitung_capaian(D("10"), D("-1"), POS)


def test_negative_realisasi_raises_even_without_target():
    with pytest.raises(NilaiTidakValid):
        hitung_capaian(None, D("-1"), POS)


def test_negative_target_raises():
    with pytest.raises(NilaiTidakValid, match="Target tidak boleh negatif."):
        hitung_capaian(D("-10"), D("5"), POS)
    with pytest.raises(NilaiTidakValid, match="Target tidak boleh negatif."):
        Target.tunggal(D("-0.01"))
    with pytest.raises(NilaiTidakValid, match="Target tidak boleh negatif."):
        Target.rentang(D("-1"), D("5"))


def test_float_inputs_are_refused():
    with pytest.raises(NilaiTidakValid):
        hitung_capaian(D("10"), 6.5, POS)  # type: ignore[arg-type]
    with pytest.raises(NilaiTidakValid):
        Target.tunggal(7.0)  # type: ignore[arg-type]


def test_int_inputs_are_accepted_exactly():
    assert hitung_capaian(8, 6, POS) == D("75")  # type: ignore[arg-type]


@pytest.mark.parametrize("polaritas", [POS, NEG])
@pytest.mark.parametrize("realisasi", [D("80"), D("85"), D("90")])
def test_range_target_realisasi_inside_range_is_100(polaritas, realisasi):
    assert hitung_capaian(Target.rentang(D("80"), D("90")), realisasi, polaritas) == D("100")


def test_range_target_above_range_uses_upper_bound():
    target = Target.rentang(D("80"), D("90"))
    assert hitung_capaian(target, D("99"), POS) == D("110")
    assert hitung_capaian(target, D("99"), NEG) == D("90")


def test_range_target_below_range_uses_lower_bound():
    target = Target.rentang(D("80"), D("90"))
    assert hitung_capaian(target, D("60"), POS) == D("75")
    assert hitung_capaian(target, D("60"), NEG) == D("125")


def test_range_target_with_inverted_bounds_raises():
    with pytest.raises(NilaiTidakValid, match="Batas bawah"):
        Target.rentang(D("90"), D("80"))


def test_target_must_be_single_or_complete_range():
    with pytest.raises(NilaiTidakValid):
        Target()
    with pytest.raises(NilaiTidakValid):
        Target(nilai=D("1"), bawah=D("1"), atas=D("2"))
    with pytest.raises(NilaiTidakValid):
        Target(bawah=D("1"))


@pytest.mark.parametrize(
    "teks, expected",
    [
        ("80", Target.tunggal(D("80"))),
        ("12,5", Target.tunggal(D("12.5"))),
        ("1.500", Target.tunggal(D("1500"))),
        ("80\u201390", Target.rentang(D("80"), D("90"))),
        ("80-90", Target.rentang(D("80"), D("90"))),
        ("80 - 90", Target.rentang(D("80"), D("90"))),
        (" 80,5 \u2013 90,25 ", Target.rentang(D("80.5"), D("90.25"))),
        ("80 s.d. 90", Target.rentang(D("80"), D("90"))),
        ("80 s/d 90", Target.rentang(D("80"), D("90"))),
        ("1.000 sampai 2.000", Target.rentang(D("1000"), D("2000"))),
    ],
)
def test_parse_target_accepts_single_and_range_in_indonesian_notation(teks, expected):
    assert parse_target(teks) == expected


@pytest.mark.parametrize("teks", ["", "   ", "abc", "80-", "-", "80 - 90 - 100", "80.5"])
def test_parse_target_rejects_malformed_text(teks):
    with pytest.raises(NilaiTidakValid):
        parse_target(teks)


def test_parse_target_rejects_negative_single_target():
    with pytest.raises(NilaiTidakValid, match="Target tidak boleh negatif."):
        parse_target("-5")


def test_parse_target_rejects_range_with_bounds_reversed():
    with pytest.raises(NilaiTidakValid, match="Batas bawah"):
        parse_target("90-80")


def test_format_target_writes_values_as_typed():
    assert format_target(parse_target("80")) == "80"
    assert format_target(parse_target("12,50")) == "12,5"
    assert format_target(parse_target("1.000 - 2.500,5")) == "1.000\u20132.500,5"
    assert format_target(None) == "\u2013"


def test_target_is_rebuilt_from_its_two_stored_columns():
    from sipekerja_module.domain.capaian import target_dari_kolom

    assert target_dari_kolom(None, None) is None
    assert target_dari_kolom(Decimal("12"), None) == Target.tunggal(Decimal("12"))
    assert target_dari_kolom(Decimal("80"), Decimal("90")) == Target.rentang(Decimal("80"), Decimal("90"))
