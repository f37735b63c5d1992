"""Text in a PDF table cell stays inside its column, however long its words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from sipekerja_module.reports.pdf import FONT
from sipekerja_module.reports.pdf import UKURAN_HURUF
from sipekerja_module.reports.pdf import _bungkus


def _lebar(baris: str) -> float:
    return stringWidth(baris, FONT, UKURAN_HURUF)


def test_a_word_wider_than_the_column_is_cut_with_a_hyphen_not_left_to_overrun():
    teks, n = _bungkus("Meningkatnya akuntabilitas PENYELENGGARAANPEMERINTAHANDAERAH", FONT, 40.0)
    baris = teks.split("\n")
    assert n == len(baris) > 3
    assert all(_lebar(b) <= 40.0 for b in baris)
    assert any(b.endswith("-") for b in baris)
    assert "".join(b.removesuffix("-") for b in baris).replace(" ", "") == \
        "MeningkatnyaakuntabilitasPENYELENGGARAANPEMERINTAHANDAERAH"


def test_text_that_fits_is_left_as_it_is():
    assert _bungkus("Program", FONT, 200.0) == ("Program", 1)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ", min_size=1, max_size=120),
       st.floats(min_value=25, max_value=300))
def test_every_wrapped_line_fits_its_column_and_no_letter_is_lost(teks, lebar):
    hasil, n = _bungkus(teks, FONT, lebar)
    baris = hasil.split("\n")
    assert n == len(baris)
    assert all(_lebar(b) <= lebar for b in baris)
    assert "".join(b.removesuffix("-") for b in baris).replace(" ", "") == teks.replace(" ", "")
