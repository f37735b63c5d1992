"""A neutral model of a printable report: sections of columns, header rows and body rows.

Built by the pure functions of :mod:`~sipekerja_module.reports.tables`; rendered to PDF by
:mod:`~sipekerja_module.reports.pdf` and to XLSX by :mod:`~sipekerja_module.reports.xlsx`. Every cell
carries the text as printed (Indonesian number notation, "belum lapor", "–") and, for numbers,
the value itself, so the spreadsheet stores numbers as numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import Decimal
from enum import Enum


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


@dataclass(frozen=True)
class Sel:
    """A body cell: ``teks`` as printed; ``nilai`` the number for the spreadsheet (None = text)."""

    teks: str
    nilai: Decimal | None = None
    #: Overrides the column's format for this cell (a Rupiah figure in a column of measures).
    format: FormatKolom | None = None


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
    """The agency letterhead, from configuration."""

    #: Government the agency belongs to, e.g. ``PEMERINTAH KABUPATEN PASER``.
    daerah: str
    #: The agency, e.g. ``BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA``.
    instansi: str
    #: Street address, telephone, e-mail, as one line.
    alamat: str


@dataclass(frozen=True)
class TandaTangan:
    """A signature block: place and date, position, name and NIP."""

    tempat: str
    tanggal: date
    jabatan: str
    nama: str
    nip: str | None = None
    #: A line above the position, e.g. ``PIHAK PERTAMA``.
    peran: str = ""
    #: Lines between the position and the name (e.g. rank); rarely used.
    tambahan: tuple[str, ...] = field(default_factory=tuple)
