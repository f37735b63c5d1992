"""Jinja filters that format numbers and dates the Indonesian way.

They only format: every figure arrives already computed by ``domain/``.
"""

from datetime import date
from datetime import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.dates import format_datetime
from babel.numbers import format_decimal
from flask import Flask

LOCALE = "id_ID"
#: What the screen shows for a month nobody has reported yet: never 0, never 100.
BELUM_LAPOR = "belum lapor"
TIDAK_TERDEFINISI = "–"


def angka_id(nilai: Decimal | int | None, desimal: int = 2) -> str:
    """Format a number as ``1.234.567,89``; ``None`` becomes an en dash.

    :param nilai: the value to show
    :param desimal: the most fraction digits to show (trailing zeros are dropped)
    :return: the formatted text
    """
    if nilai is None:
        return TIDAK_TERDEFINISI
    pattern = "#,##0" + ("." + "#" * desimal if desimal else "")
    return format_decimal(nilai, format=pattern, locale=LOCALE, decimal_quantization=True)


def rupiah(nilai: Decimal | int | None) -> str:
    """Format Rupiah without sen when whole: ``Rp 1.234.567``; ``None`` becomes an en dash."""
    if nilai is None:
        return TIDAK_TERDEFINISI
    return "Rp " + angka_id(nilai, 2)


def persen(nilai: Decimal | None) -> str:
    """Format a capaian with two decimals and a percent sign: ``107,14%``; ``None`` → ``–``."""
    if nilai is None:
        return TIDAK_TERDEFINISI
    return format_decimal(nilai, format="#,##0.00", locale=LOCALE) + "%"


def tanggal_id(nilai: date | datetime | None, dengan_jam: bool = False) -> str:
    """Format a date as ``30 April 2024`` (optionally with ``23.59``)."""
    if nilai is None:
        return TIDAK_TERDEFINISI
    if dengan_jam and isinstance(nilai, datetime):
        return format_datetime(nilai, format="d MMMM y HH.mm", locale=LOCALE)
    return format_date(nilai, format="d MMMM y", locale=LOCALE)


def register_filters(app: Flask) -> None:
    """Register the filters on the host's Jinja environment (names as in STYLE.md)."""
    app.add_template_filter(angka_id, "angka_id")
    app.add_template_filter(rupiah, "rupiah")
    app.add_template_filter(persen, "persen")
    app.add_template_filter(tanggal_id, "tanggal_id")
