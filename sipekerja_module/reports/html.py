"""Compact HTML of a report's body rows, for the report page.

A report page is mostly its body rows (a year of *Target dan Capaian Kerja* is thousands of
cells), so a cell carries no more markup than it needs: a number cell is ``<td class=n>``, the
indented tree column ``<td class=i3>``, a text cell a bare ``<td>``, and a row is classed by its
kind (``<tr class=program>``); ``sipekerja.css`` (``.sipekerja-laporan``) styles them. The optional
``</td>`` end tags are left out (HTML allows it); ``</tr>`` is kept so a row can be found whole.
Texts are escaped here; the page marks the result safe.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

from .model import BarisLaporan
from .model import FormatKolom
from .model import Kolom
from .tables import BELUM_LAPOR

#: Deepest indentation class of the tree column (``.i5``); deeper rows share it.
INDENTASI_MAKS = 5


def _awal_sel(teks: str, kolom: Kolom, kedalaman: int) -> str:
    if teks == BELUM_LAPOR:
        return "<td class=n data-belum-lapor>"
    if kolom.format is not FormatKolom.TEKS:
        return "<td class=n>"
    if kolom.bertingkat:
        return f"<td class=i{min(kedalaman, INDENTASI_MAKS)}>"
    return "<td>"


def baris_html(baris: BarisLaporan, kolom: Sequence[Kolom]) -> str:
    """One body row as compact HTML.

    :param baris: the row.
    :param kolom: the columns of its section (format and indentation).
    :return: ``<tr class=jenis><td…>teks…</tr>``, texts escaped.
    """
    kedalaman = baris.kedalaman
    isi = [f"<tr class={baris.jenis.value}>"]
    for sel, kol in zip(baris.sel, kolom):
        teks = sel.teks
        isi.append(_awal_sel(teks, kol, kedalaman))
        isi.append(escape(teks))
    isi.append("</tr>")
    return "".join(isi)


def badan_html(baris: Sequence[BarisLaporan], kolom: Sequence[Kolom]) -> str:
    """The rows of a section as compact HTML; a section without rows says so.

    :param baris: the rows.
    :param kolom: the section's columns.
    :return: the content of its ``<tbody>``.
    """
    if not baris:
        return f'<tr><td colspan={len(kolom)} class="text-muted">Tidak ada data.</tr>'
    return "".join(baris_html(b, kolom) for b in baris)
