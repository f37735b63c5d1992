"""Reports as CSV, for a spreadsheet opened in Excel with the Indonesian locale (id-ID).

One CSV per section (:class:`~.model.Bagian`, one table): the header rows as the grid of the
printout (a spanned heading in its first cell, the cells it covers left empty), then the body rows.
No letterhead, title or signatures: the file is the table, named after the report, year and period.

Choices, for a Kasubbag who double-clicks the file in Excel id-ID:

* UTF-8 with a byte-order mark (Excel reads UTF-8 only with it), lines ending CRLF;
* ``;`` between fields: with the decimal comma of id-ID, Excel's list separator is ``;``;
* numbers exactly as stored in the XLSX (the cell's value, rounded as printed), with a decimal comma
  and no thousands separator (``1234567``, ``107,14``, ``0,5``): Excel id-ID reads them as numbers.
  Percentages are the number 107,14 (as in the XLSX), Rupiah whole numbers; text cells ("belum lapor",
  "–") stay text;
* CSV-injection safe: a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  is prefixed with ``'`` so Excel never evaluates it as a formula. Number cells are written from the
  Decimal value (digits, one comma, a leading minus) and need no prefix.

Several sections (Target dan Capaian per triwulan, the Lampiran PK's A/B/C) → :func:`render_csv_zip`,
a ZIP of one CSV per section; one section → :func:`render_csv`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from collections.abc import Sequence
from decimal import Decimal

from .model import Bagian
from .model import BarisLaporan
from .model import FormatKolom
from .model import Laporan
from .model import LaporanBertahap

BOM = "\ufeff"
PEMISAH = ";"
#: First characters that make Excel (or LibreOffice) read a cell as a formula — and the apostrophe
#: itself: Excel hides a leading ``'`` as its text marker, so a text that starts with one gets another.
_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r", "'")
#: The date of every ZIP entry: a fixed moment, so the same report gives the same bytes.
_WAKTU_ZIP = (2024, 1, 1, 0, 0, 0)


def aman(teks: str) -> str:
    """A text cell that no spreadsheet evaluates: prefix ``'`` before a formula's first character."""
    return "'" + teks if teks.startswith(_AWAL_RUMUS) else teks


def angka_excel(nilai: Decimal) -> str:
    """A number as Excel id-ID reads it: decimal comma, no thousands separator, no exponent."""
    teks = format(nilai, "f")
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    if teks in ("-0", ""):
        teks = "0"
    return teks.replace(".", ",")


def _judul(bagian: Bagian) -> list[list[str]]:
    grid = [["" for _ in bagian.kolom] for _ in range(bagian.jumlah_baris_judul)]
    for sel in bagian.judul_kolom:
        grid[sel.baris][sel.kolom] = aman(sel.teks)
    return grid


def _badan(bagian: Bagian, daftar: Iterable[BarisLaporan]) -> Iterable[list[str]]:
    angka = [k.format is not FormatKolom.TEKS for k in bagian.kolom]
    for baris in daftar:
        isi = []
        for c, sel in enumerate(baris.sel):
            nilai = sel.nilai if c < len(angka) and angka[c] else None
            isi.append(angka_excel(nilai) if nilai is not None else aman(sel.teks or ""))
        yield isi


def _penulis(keluaran: io.StringIO):
    return csv.writer(keluaran, delimiter=PEMISAH, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def render_csv(bagian: Bagian, baris: Sequence[BarisLaporan] | None = None) -> bytes:
    """One section as a CSV file (UTF-8 with BOM, ``;``, decimal comma).

    :param bagian: the section (its columns, header rows and, unless ``baris`` is given, body rows).
    :param baris: the body rows when they come from elsewhere (a streamed report).
    :return: the file's bytes.
    """
    keluaran = io.StringIO()
    keluaran.write(BOM)
    penulis = _penulis(keluaran)
    penulis.writerows(_judul(bagian))
    penulis.writerows(_badan(bagian, bagian.baris if baris is None else baris))
    return keluaran.getvalue().encode("utf-8")


def nama_bagian(nomor: int, bagian: Bagian) -> str:
    """A section's file name inside the ZIP: its number and a slug of its sheet name or title."""
    dasar = re.sub(r"[^a-z0-9]+", "-", (bagian.nama_sheet or bagian.judul or "bagian").lower()).strip("-")
    return f"{nomor:02d}-{dasar[:60] or 'bagian'}.csv"


def isi_bagian(laporan: Laporan | LaporanBertahap) -> list[tuple[Bagian, Sequence[BarisLaporan]]]:
    """Each section with its body rows (a streamed report's blocks gathered per section)."""
    if isinstance(laporan, Laporan):
        return [(b, b.baris) for b in laporan.bagian]
    kumpulan: list[list[BarisLaporan]] = [[] for _ in laporan.bagian]
    for blok in laporan.blok:
        for i, daftar in enumerate(blok):
            kumpulan[i].extend(daftar)
    return list(zip(laporan.bagian, kumpulan, strict=True))


def render_csv_zip(laporan: Laporan | LaporanBertahap) -> bytes:
    """Every section of a report as its own CSV in one ZIP (names ``01-<section>.csv``, in order).

    :param laporan: the report model, or a streamed report.
    :return: the ZIP's bytes.
    """
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", compression=zipfile.ZIP_DEFLATED) as arsip:
        for nomor, (bagian, baris) in enumerate(isi_bagian(laporan), start=1):
            info = zipfile.ZipInfo(nama_bagian(nomor, bagian), date_time=_WAKTU_ZIP)
            info.compress_type = zipfile.ZIP_DEFLATED
            arsip.writestr(info, render_csv(bagian, baris))
    return keluaran.getvalue()
