"""Template filters format the Indonesian way and never turn 'no value' into a number."""

from datetime import date
from datetime import datetime
from decimal import Decimal as D

from sipekerja_module.views.filters import angka_id
from sipekerja_module.views.filters import nip
from sipekerja_module.views.filters import persen
from sipekerja_module.views.filters import rupiah
from sipekerja_module.views.filters import tanggal_id


def test_angka_id_uses_dot_thousands_and_comma_decimals():
    assert angka_id(D("1234567.89")) == "1.234.567,89"
    assert angka_id(D("12.50")) == "12,5"
    assert angka_id(D("2.005"), 2) == "2,01"  # half up, not half even


def test_missing_values_render_as_dash_never_zero():
    assert angka_id(None) == "–"
    assert persen(None) == "–"
    assert rupiah(None) == "–"


def test_persen_and_rupiah():
    assert persen(D("107.142857")) == "107,14%"
    assert rupiah(D("250000000")) == "Rp\u00a0250.000.000"


def test_tanggal_id_uses_indonesian_month_names():
    assert tanggal_id(date(2024, 4, 30)) == "30 April 2024"
    assert tanggal_id(datetime(2024, 7, 31, 23, 59), dengan_jam=True) == "31 Juli 2024 23.59"


def test_nip_is_grouped():
    assert nip("199306242015071002") == "19930624 201507 1 002"
