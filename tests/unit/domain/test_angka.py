from decimal import Decimal
from decimal import localcontext

import pytest

from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.angka import format_angka
from sipekerja_module.domain.angka import format_persen
from sipekerja_module.domain.angka import parse_angka
from sipekerja_module.domain.angka import pastikan_decimal
from sipekerja_module.domain.angka import periksa_kolom
from sipekerja_module.domain.angka import periksa_realisasi
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.errors import SipekerjaError

D = Decimal


@pytest.mark.parametrize(
    "nilai, expected",
    [
        ("107.145", "107.15"),
        ("107.144", "107.14"),
        ("2.675", "2.68"),
        ("0.125", "0.13"),
        ("-1.005", "-1.01"),
        ("5", "5.00"),
    ],
)
def test_bulatkan_is_two_decimals_half_up(nilai, expected):
    hasil = bulatkan(D(nilai))
    assert hasil == D(expected)
    assert str(hasil) == expected


def test_bulatkan_ignores_the_callers_decimal_context():
    with localcontext() as konteks:
        konteks.prec = 3
        assert bulatkan(D("107.145")) == D("107.15")


def test_bulatkan_never_returns_negative_zero():
    assert str(bulatkan(D("-0.001"))) == "0.00"


def test_bulatkan_refuses_float():
    with pytest.raises(NilaiTidakValid):
        bulatkan(0.125)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "teks, expected",
    [
        ("1.234.567,89", "1234567.89"),
        ("12,5", "12.5"),
        ("-3", "-3"),
        ("+3", "3"),
        ("\u22123,5", "-3.5"),
        ("1.234", "1234"),
        ("1234567,89", "1234567.89"),
        ("0,5", "0.5"),
        (",5", "0.5"),
        ("  80  ", "80"),
        ("007", "7"),
        ("999.999.999.999.999.999", "999999999999999999"),
    ],
)
def test_parse_angka_reads_indonesian_notation(teks, expected):
    assert parse_angka(teks) == D(expected)


def test_parse_angka_keeps_written_decimals():
    assert str(parse_angka("12,50")) == "12.50"


def test_parse_angka_negative_zero_is_zero():
    assert str(parse_angka("-0")) == "0"


@pytest.mark.parametrize("teks", ["12.5", "1234567.89", "0.500", "0.5"])
def test_parse_angka_rejects_english_decimal_point_as_ambiguous(teks):
    with pytest.raises(NilaiTidakValid, match="gunakan koma untuk desimal"):
        parse_angka(teks)


@pytest.mark.parametrize(
    "teks",
    [
        "", "   ", "abc", "NaN", "nan", "Infinity", "-Infinity", "inf", "1,2,3",
        "1.23.456", "12,", "1.2345", "1e5", "--1", "Rp 5", "1 234",
    ],
)
def test_parse_angka_rejects_garbage(teks):
    with pytest.raises(NilaiTidakValid):
        parse_angka(teks)


def test_parse_angka_rejects_more_than_18_integer_digits():
    with pytest.raises(NilaiTidakValid, match="18 digit"):
        parse_angka("1234567890123456789")
    with pytest.raises(NilaiTidakValid, match="18 digit"):
        parse_angka("1.000.000.000.000.000.000")


def test_parse_angka_error_is_a_sipekerja_error_with_message():
    with pytest.raises(SipekerjaError) as info:
        parse_angka("abc")
    assert "bukan angka yang valid" in info.value.pesan


@pytest.mark.parametrize(
    "nilai, desimal, expected",
    [
        ("1234567.891", 2, "1.234.567,89"),
        ("1234567.895", 2, "1.234.567,90"),
        ("0", 2, "0,00"),
        ("-1234.5", 2, "-1.234,50"),
        ("999.999", 2, "1.000,00"),
        ("1234567", 0, "1.234.567"),
        ("12.3456", 3, "12,346"),
        ("100", None, "100"),
        ("12.500", None, "12,5"),
        ("1500.25", None, "1.500,25"),
        ("-0.001", 2, "0,00"),
    ],
)
def test_format_angka_indonesian(nilai, desimal, expected):
    assert format_angka(D(nilai), desimal) == expected


def test_format_angka_rejects_nan_and_negative_decimals():
    with pytest.raises(NilaiTidakValid):
        format_angka(D("NaN"))
    with pytest.raises(NilaiTidakValid):
        format_angka(D("1"), -1)


def test_format_persen():
    assert format_persen(D("107.142857")) == "107,14%"
    assert format_persen(D("100")) == "100,00%"
    assert format_persen(None) == "\u2013"


def test_pastikan_decimal_refuses_bool_float_and_text():
    for nilai in (True, 1.5, "1"):
        with pytest.raises(NilaiTidakValid):
            pastikan_decimal(nilai)  # type: ignore[arg-type]
    assert pastikan_decimal(3) == D(3)


def test_column_precision_rule_counts_significant_decimals_only():
    """One precision rule for every input path (issue 12): trailing zeros fit, real decimals do not."""
    assert periksa_kolom(Decimal("1.50000"), 4) == Decimal("1.5")
    assert periksa_kolom(Decimal("0E-9"), 2) == 0
    with pytest.raises(NilaiTidakValid, match="paling banyak 2 angka di belakang koma"):
        periksa_kolom(Decimal("1.005"), 2)
    assert periksa_kolom(Decimal("9" * 14 + ".99"), 4)
    with pytest.raises(NilaiTidakValid, match="terlalu besar"):
        periksa_kolom(Decimal("1" + "0" * 14), 4)


def test_realisasi_rule_refuses_negatives_and_what_the_column_cannot_hold():
    assert periksa_realisasi(Decimal(0), 4) == 0
    with pytest.raises(NilaiTidakValid, match="Realisasi tidak boleh negatif"):
        periksa_realisasi(Decimal("-0.01"), 2)
    with pytest.raises(NilaiTidakValid, match="belakang koma"):
        periksa_realisasi(Decimal("0.001"), 2)
