"""A neutral model of a printable report: sections of columns, header rows and body rows.

Built by the pure functions of :mod:`~sipekerja_module.reports.tables`; rendered to PDF by
:mod:`~sipekerja_module.reports.pdf` and to XLSX by :mod:`~sipekerja_module.reports.xlsx`. Every cell
carries the text as printed (Indonesian number notation, "belum lapor", "–") and, for numbers,
the value itself, so the spreadsheet stores numbers as numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any


class FormatKolom(Enum):
    """How a column's values are shown; the spreadsheet number format follows from it."""

    TEKS = "teks"
    #: Counts and measures, two decimals (``1.234,50``).
    ANGKA = "angka"
    #: Rupiah, whole numbers (``1.234.567``).
    RUPIAH = "rupiah"
    #: Percentages stored as 107.14 (not 1.0714) and printed ``107,14%``.
    PERSEN = "persen"
    #: Small whole numbers: row numbers, counts of indicators.
    BULAT = "bulat"


class JenisBaris(Enum):
    """Kind of a body row, for styling (bold, background, indentation)."""

    SASARAN = "sasaran"
    URUSAN = "urusan"
    BIDANG_URUSAN = "bidang_urusan"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"
    INDIKATOR = "indikator"
    BIASA = "biasa"
    TOTAL = "total"
    #: Heading row of an agency in a kabupaten-scale report.
    PERANGKAT_DAERAH = "perangkat_daerah"


@dataclass(frozen=True)
class Kolom:
    """A column: its format and its width in characters (the PDF scales widths to the page)."""

    format: FormatKolom
    lebar: int
    #: Indent this column's text by the row's depth (the "uraian" column of a tree).
    bertingkat: bool = False


@dataclass(frozen=True)
class SelJudul:
    """A header cell at (``baris``, ``kolom``) of the header grid, spanning ``tinggi`` rows and ``lebar`` columns."""

    teks: str
    baris: int
    kolom: int
    tinggi: int = 1
    lebar: int = 1


#: Marks a lazy cell's text or value that is not made yet.
_BELUM: object = object()


class Sel:
    """A body cell: ``teks`` as printed; ``nilai`` the number for the spreadsheet (None = text).

    ``Sel(teks, nilai, format)`` holds both as given. :meth:`tunda` keeps the raw figure and makes
    the text and the value on first access, each on its own: the spreadsheet needs no text for a
    number and the PDF no value, and formatting is most of the cost of building a kabupaten-scale
    report. Treated as immutable; equal when text, value and format are equal.
    """

    __slots__ = ("_teks", "_nilai", "_format", "_mentah", "_buat_teks", "_buat_nilai")

    def __init__(self, teks: str, nilai: Decimal | None = None, format: FormatKolom | None = None) -> None:  # noqa: A002
        self._teks: object = teks
        self._nilai: object = nilai
        self._format = format
        self._mentah = None
        self._buat_teks = self._buat_nilai = None

    @classmethod
    def tunda(cls, mentah: object, format: FormatKolom | None,  # noqa: A002
              buat_teks: Callable[[Any], str], buat_nilai: Callable[[Any], Decimal | None]) -> Sel:
        """A number cell whose text and value are made from ``mentah`` on first access.

        :param mentah: the figure as computed (unrounded), or a target.
        :param format: the cell's format.
        :param buat_teks: ``mentah`` → the printed text.
        :param buat_nilai: ``mentah`` → the value for the spreadsheet (rounded as printed).
        :return: the cell.
        """
        sel = cls.__new__(cls)
        sel._teks = sel._nilai = _BELUM
        sel._format, sel._mentah, sel._buat_teks, sel._buat_nilai = format, mentah, buat_teks, buat_nilai
        return sel

    @property
    def teks(self) -> str:
        """The text as printed."""
        teks = self._teks
        if teks is _BELUM:
            teks = self._teks = self._buat_teks(self._mentah)  # type: ignore[misc]
        return teks  # type: ignore[return-value]

    @property
    def nilai(self) -> Decimal | None:
        """The number for the spreadsheet, as printed (rounded where the text is), or None for text."""
        nilai = self._nilai
        if nilai is _BELUM:
            nilai = self._nilai = self._buat_nilai(self._mentah)  # type: ignore[misc]
        return nilai  # type: ignore[return-value]

    @property
    def format(self) -> FormatKolom | None:  # noqa: A003
        """Overrides the column's format for this cell (a Rupiah figure in a column of measures)."""
        return self._format

    def _kunci(self) -> tuple:
        return self.teks, self.nilai, self._format

    def __eq__(self, lain: object) -> bool:
        if not isinstance(lain, Sel):
            return NotImplemented
        return self._kunci() == lain._kunci()

    def __hash__(self) -> int:
        return hash(self._kunci())

    def __repr__(self) -> str:
        return f"Sel(teks={self.teks!r}, nilai={self.nilai!r}, format={self._format!r})"

    def __reduce__(self):
        return Sel, self._kunci()


@dataclass(frozen=True)
class BarisLaporan:
    """A body row."""

    jenis: JenisBaris
    sel: tuple[Sel, ...]
    #: Depth in the tree, used to indent the column marked ``bertingkat``.
    kedalaman: int = 0


@dataclass(frozen=True)
class Bagian:
    """A section of a report: one table in the PDF (from a new page), one sheet in the XLSX."""

    judul: str
    kolom: tuple[Kolom, ...]
    judul_kolom: tuple[SelJudul, ...]
    baris: tuple[BarisLaporan, ...]
    #: Short sheet name (Excel allows 31 characters).
    nama_sheet: str = ""
    #: Start the section on a new page of the PDF.
    halaman_baru: bool = True

    @property
    def jumlah_baris_judul(self) -> int:
        """Number of header rows."""
        return max((s.baris + s.tinggi for s in self.judul_kolom), default=0)


@dataclass(frozen=True)
class Laporan:
    """A whole report."""

    judul: str
    subjudul: tuple[str, ...]
    bagian: tuple[Bagian, ...]
    #: Base of the download file name, without extension (e.g. ``pengukuran-kinerja-2024-tw2``).
    nama_berkas: str = "laporan"


@dataclass(frozen=True)
class Kop:
    """The agency letterhead (Referensi, with configuration as the default: ``reports.kop.kop``)."""

    #: Government the agency belongs to, e.g. ``PEMERINTAH KABUPATEN PASER``.
    daerah: str
    #: The agency, e.g. ``BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA``.
    instansi: str
    #: Street address as one line.
    alamat: str
    #: Telephone, e-mail and website as one line ("" when none is set).
    kontak: str = ""
    #: Place of signing printed before the date (``Tana Paser``).
    tempat: str = ""


@dataclass(frozen=True)
class TandaTangan:
    """A signature block: place and date, position, name, rank and NIP."""

    tempat: str
    tanggal: date
    jabatan: str
    nama: str
    nip: str | None = None
    #: Rank and grade printed below the name, e.g. ``Pembina Utama Muda (IV/c)``; "" for none.
    pangkat: str = ""
    #: A line above the position, e.g. ``PIHAK PERTAMA``.
    peran: str = ""
    #: Lines between the position and the name (e.g. rank); rarely used.
    tambahan: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class LaporanBertahap:
    """A report whose body rows arrive in blocks (one per perangkat daerah), to be written as they
    come so that memory does not grow with the number of blocks.

    ``bagian`` gives each section's columns and header rows (their ``baris`` are ignored);
    ``blok`` yields, per block, the rows of every section in section order. It is consumed once.
    """

    judul: str
    subjudul: tuple[str, ...]
    bagian: tuple[Bagian, ...]
    blok: Iterable[Sequence[Sequence[BarisLaporan]]]
    nama_berkas: str = "laporan"
