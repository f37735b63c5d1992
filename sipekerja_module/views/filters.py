"""Jinja filters that format numbers and dates the Indonesian way.

They only format: every figure arrives already computed by ``domain/``. Numbers go through
``domain.angka`` so screens, PDF and messages share the one rounding rule (half up; Babel
would round half-even); dates use Babel's Indonesian locale data.
"""

from datetime import date
from datetime import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.dates import format_datetime
from flask import Flask

from ..domain.angka import TANDA_KOSONG
from ..domain.angka import format_angka
from ..domain.angka import format_persen
from ..domain.angka import format_rupiah
from ..domain.capaian import Target
from ..domain.capaian import format_target
from ..domain.nip import format_nip
from ..reports.grafik import svg_html

LOCALE = "id_ID"


def angka_id(nilai: Decimal | int | Target | None, desimal: int | None = None) -> str:
    """Format a number as ``1.234.567,89``; ``None`` becomes an en dash; a range target as ``80–90``.

    :param nilai: the value to show
    :param desimal: decimals to round to (half up); ``None`` shows the value as stored,
        without trailing zeros
    :return: the formatted text
    """
    if nilai is None:
        return TANDA_KOSONG
    if isinstance(nilai, Target):  # a range target ("80–90")
        return format_target(nilai, desimal)
    return format_angka(nilai, desimal)


#: Format Rupiah: ``Rp 1.234.567`` (sen only when present); ``None`` becomes an en dash.
rupiah = format_rupiah


def persen(nilai: Decimal | None) -> str:
    """Format a capaian with two decimals: ``107,14%``; ``None`` (undefined) becomes ``–``."""
    return format_persen(nilai)


def tanggal_id(nilai: date | datetime | None, dengan_jam: bool = False) -> str:
    """Format a date as ``30 April 2024`` (optionally ``30 April 2024 23.59``)."""
    if nilai is None:
        return TANDA_KOSONG
    if dengan_jam and isinstance(nilai, datetime):
        return format_datetime(nilai, format="d MMMM y HH.mm", locale=LOCALE)
    return format_date(nilai, format="d MMMM y", locale=LOCALE)


def nip(nilai: str | None) -> str:
    """Group an 18-digit NIP for display: ``19930624 201507 1 002``."""
    if not nilai:
        return TANDA_KOSONG
    return format_nip(nilai)


def register_filters(app: Flask) -> None:
    """Register the filters on the host's Jinja environment (names as in STYLE.md)."""
    for name, function in (("angka_id", angka_id), ("rupiah", rupiah), ("persen", persen),
                           ("tanggal_id", tanggal_id), ("nip", nip)):
        app.add_template_filter(function, name)
    app.add_template_global(svg_html, "svg_grafik")
