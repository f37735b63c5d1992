"""Render a :class:`~sipekerja_module.reports.model.Laporan` to XLSX with xlsxwriter.

One sheet per section; the title, the section's header rows (merged cells as in the PDF) and the
first two columns frozen; numbers stored as numbers.

Number formats are written in Excel's invariant notation (``#,##0.00``): Excel shows them with
the reader's locale separators, so an Indonesian Windows shows ``1.234.567,89`` and an English
one ``1,234,567.89``. Percentages are stored as the printed figure (107.14, format
``#,##0.00"%"``), not as a fraction, so the cell equals the number in the PDF. Measures and
percentages are stored rounded with the one rounding rule (as printed); Rupiah exactly.

xlsxwriter takes floats: :class:`~decimal.Decimal` values are converted at this boundary and
nowhere else (15 significant digits, ample for Rupiah up to a trillion with sen).

xlsxwriter was chosen over openpyxl for writing: ~4x faster on the kabupaten table
(PLATFORM_NOTES §6); openpyxl stays for reading in the tests and imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Sequence
from io import BytesIO

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..domain.nip import format_nip
from ..domain.periode import format_tanggal
from .model import Bagian
from .model import BarisLaporan
from .model import FormatKolom
from .model import JenisBaris
from .model import Kop
from .model import Laporan
from .model import LaporanBertahap
from .model import TandaTangan

#: Above this many body rows in total the workbook is written in ``constant_memory`` mode (rows
#: are flushed to disk as written; the kabupaten report stays far below the worker's memory limit).
BARIS_MEMORI_TETAP = 2000

FORMAT_ANGKA = {
    FormatKolom.ANGKA: "#,##0.00",
    FormatKolom.RUPIAH: "#,##0",
    FormatKolom.PERSEN: '#,##0.00"%"',
    FormatKolom.BULAT: "#,##0",
}
_WARNA_BARIS = {
    JenisBaris.SASARAN: "#DDE5F0",
    JenisBaris.URUSAN: "#EEEEEE",
    JenisBaris.BIDANG_URUSAN: "#EEEEEE",
    JenisBaris.PROGRAM: "#F4F4F4",
    JenisBaris.TOTAL: "#E4E4E4",
    JenisBaris.PERANGKAT_DAERAH: "#C9D7EA",
}
_TEBAL = frozenset({JenisBaris.SASARAN, JenisBaris.URUSAN, JenisBaris.BIDANG_URUSAN, JenisBaris.PROGRAM,
                    JenisBaris.KEGIATAN, JenisBaris.TOTAL, JenisBaris.PERANGKAT_DAERAH})
_KARAKTER_TERLARANG = re.compile(r"[\[\]:*?/\\]")
#: Excel's paper codes (``<pageSetup paperSize>``): 9 = A4; F4 (215 x 330 mm) is printed on
#: 14 = Folio (8,5 x 13 in, 216 x 330 mm), the size Indonesian offices call F4.
KODE_KERTAS = {"A4": 9, "F4": 14}
#: Empty rows between the table and the signature block, and for the signature itself.
_JARAK_TTD = 2
_RUANG_TTD = 3


def render_xlsx(laporan: Laporan | LaporanBertahap, *, kop: Kop | None = None,
                ttd: TandaTangan | Sequence[TandaTangan] | None = None, ukuran: str = "A4",
                memori_tetap: bool | None = None) -> bytes:
    """Render a report as an XLSX workbook, one sheet per section, each set up to print: landscape
    on the chosen paper, fitted to the page width, the header rows repeated on every page, the
    signature block below the table.

    :param laporan: the report model, or a streamed report: each block's rows are written to
        their sheets as the block arrives (sheets are filled side by side).
    :param kop: the agency letterhead, written above the title when given.
    :param ttd: the signature block(s), written below the table of every sheet (several side by
        side, left to right, as in the PDF), or None.
    :param ukuran: paper size, ``"A4"`` or ``"F4"``.
    :param memori_tetap: force ``constant_memory`` on or off; by default on for a streamed report
        and above :data:`BARIS_MEMORI_TETAP` body rows.
    :return: the workbook bytes.
    :raise ValueError: for an unknown paper size.
    """
    if ukuran not in KODE_KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {ukuran!r} (pilih A4 atau F4).")
    daftar_ttd = [] if ttd is None else [ttd] if isinstance(ttd, TandaTangan) else list(ttd)
    bertahap = isinstance(laporan, LaporanBertahap)
    if memori_tetap is None:
        memori_tetap = bertahap or sum(len(b.baris) for b in laporan.bagian) > BARIS_MEMORI_TETAP
    keluaran = BytesIO()
    buku = xlsxwriter.Workbook(keluaran, {"in_memory": not memori_tetap, "constant_memory": memori_tetap})
    buku.set_properties({"title": laporan.judul, "subject": " ".join(laporan.subjudul),
                         "company": kop.instansi if kop else ""})
    format_ = _Format(buku)
    nama_dipakai: set[str] = set()
    penulis = []
    for nomor, bagian in enumerate(laporan.bagian, start=1):
        lembar = buku.add_worksheet(_nama_sheet(bagian.nama_sheet or bagian.judul or f"Bagian {nomor}", nama_dipakai))
        penulis.append(_PenulisBaris(lembar, bagian, format_, _tulis_kepala(lembar, bagian, laporan, kop, format_,
                                                                                memori_tetap)))
        _atur_cetak(lembar, KODE_KERTAS[ukuran], laporan)
    if isinstance(laporan, LaporanBertahap):
        for blok in laporan.blok:
            for p, baris in zip(penulis, blok):
                p.tulis(baris)
    else:
        for p, bagian in zip(penulis, laporan.bagian):
            p.tulis(bagian.baris)
    if daftar_ttd:
        for p in penulis:
            p.tulis_ttd(daftar_ttd)
    buku.close()
    return keluaran.getvalue()


def _nama_sheet(nama: str, dipakai: set[str]) -> str:
    dasar = _KARAKTER_TERLARANG.sub(" ", nama).strip()[:31] or "Lembar"
    hasil, nomor = dasar, 2
    while hasil.lower() in dipakai:
        akhiran = f" ({nomor})"
        hasil, nomor = dasar[: 31 - len(akhiran)] + akhiran, nomor + 1
    dipakai.add(hasil.lower())
    return hasil


class _Format:
    """Cell formats, created once per combination (xlsxwriter formats are workbook objects)."""

    def __init__(self, buku: xlsxwriter.Workbook) -> None:
        self._buku = buku
        self._cache: dict[tuple, Format] = {}
        self.judul = buku.add_format({"bold": True, "font_size": 12})
        self.subjudul = buku.add_format({"bold": True})
        self.kolom_judul = buku.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True,
                                            "border": 1, "bg_color": "#D9D9D9"})
        self.ttd = buku.add_format({"align": "center"})
        self.ttd_tebal = buku.add_format({"align": "center", "bold": True})
        self.ttd_nama = buku.add_format({"align": "center", "bold": True, "underline": 1})

    def sel(self, format_: FormatKolom, jenis: JenisBaris, indentasi: int, teks: bool) -> Format:
        kunci = (format_, jenis, indentasi, teks)
        hasil = self._cache.get(kunci)
        if hasil is None:
            sifat: dict = {"border": 1, "valign": "top"}
            if format_ is FormatKolom.TEKS:
                sifat.update(text_wrap=True, indent=indentasi)
            elif teks:
                sifat["align"] = "right"  # "belum lapor" / "–" in a column of figures
            else:
                sifat["num_format"] = FORMAT_ANGKA[format_]
            if jenis in _TEBAL:
                sifat["bold"] = True
            if jenis in _WARNA_BARIS:
                sifat["bg_color"] = _WARNA_BARIS[jenis]
            hasil = self._cache[kunci] = self._buku.add_format(sifat)
        return hasil


def _tulis_kepala(lembar: Worksheet, bagian: Bagian, laporan: Laporan | LaporanBertahap, kop: Kop | None,
                  format_: _Format, memori_tetap: bool) -> int:
    """Column widths, letterhead, titles and header rows; returns the first body row."""
    for i, kolom in enumerate(bagian.kolom):
        lembar.set_column(i, i, kolom.lebar)
    baris = 0
    if kop is not None:
        for teks in (kop.daerah.upper(), kop.instansi.upper()):
            lembar.write_string(baris, 0, teks, format_.subjudul)
            baris += 1
        for teks in (kop.alamat, kop.kontak):
            if teks:
                lembar.write_string(baris, 0, teks)
                baris += 1
    lembar.write_string(baris, 0, laporan.judul, format_.judul)
    baris += 1
    for teks in (*laporan.subjudul, bagian.judul):
        lembar.write_string(baris, 0, teks, format_.subjudul)
        baris += 1
    baris += 1
    awal_judul = baris
    _tulis_judul_kolom(lembar, bagian, awal_judul, format_.kolom_judul, memori_tetap)
    baris = awal_judul + bagian.jumlah_baris_judul
    lembar.freeze_panes(baris, 2)
    if baris > awal_judul:
        lembar.repeat_rows(awal_judul, baris - 1)
    return baris


def _atur_cetak(lembar: Worksheet, kertas: int, laporan: Laporan | LaporanBertahap) -> None:
    """Page setup: landscape on ``kertas``, one page wide (as many pages tall as needed), narrow
    margins, centred, "Halaman x dari y" in the footer."""
    lembar.set_paper(kertas)
    lembar.set_landscape()
    lembar.fit_to_pages(1, 0)
    lembar.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    lembar.center_horizontally()
    kaki = laporan.judul.replace("&", "&&")
    lembar.set_footer(f"&L&8{kaki}&R&8Halaman &P dari &N")


class _PenulisBaris:
    """Writes a section's body rows from a given sheet row on; formats looked up once per row kind."""

    def __init__(self, lembar: Worksheet, bagian: Bagian, format_: _Format, baris: int) -> None:
        self._lembar = lembar
        self._format = format_
        self._baris = baris
        self._kolom = [k.format for k in bagian.kolom]
        self._angka = [k.format is not FormatKolom.TEKS for k in bagian.kolom]
        self._bertingkat = [k.bertingkat for k in bagian.kolom]
        self._teks: dict[tuple, list[Format]] = {}
        self._nilai: dict[JenisBaris, dict[FormatKolom, Format]] = {}

    def _format_teks(self, jenis: JenisBaris, kedalaman: int) -> list[Format]:
        kunci = (jenis, kedalaman)
        hasil = self._teks.get(kunci)
        if hasil is None:
            hasil = self._teks[kunci] = [self._format.sel(f, jenis, kedalaman if t else 0, True)
                                         for f, t in zip(self._kolom, self._bertingkat)]
        return hasil

    def _format_nilai(self, jenis: JenisBaris) -> dict[FormatKolom, Format]:
        hasil = self._nilai.get(jenis)
        if hasil is None:
            hasil = self._nilai[jenis] = {f: self._format.sel(f, jenis, 0, False) for f in FORMAT_ANGKA}
        return hasil

    def tulis(self, daftar: Iterable[BarisLaporan]) -> None:
        """Write ``daftar`` below the rows written so far."""
        lembar, angka, kolom = self._lembar, self._angka, self._kolom
        # The methods behind write_number / write_string / write_blank, without their A1-notation
        # decorator: a tenth of the time of a kabupaten-scale sheet (xlsxwriter 3.3, pinned in setup.cfg).
        tulis_angka, tulis_teks, tulis_kosong = lembar._write_number, lembar._write_string, lembar._write_blank
        r = self._baris
        for baris in daftar:
            format_teks = self._format_teks(baris.jenis, baris.kedalaman)
            format_nilai = None
            for c, sel in enumerate(baris.sel):
                if angka[c]:
                    nilai = sel.nilai
                    if nilai is not None:
                        if format_nilai is None:
                            format_nilai = self._format_nilai(baris.jenis)
                        # The one float conversion of the module: xlsxwriter stores IEEE doubles.
                        tulis_angka(r, c, float(nilai), format_nilai[sel.format or kolom[c]])
                        continue
                teks = sel.teks
                if teks:
                    tulis_teks(r, c, teks, format_teks[c])
                else:
                    tulis_kosong(r, c, None, format_teks[c])
            r += 1
        self._baris = r


    def tulis_ttd(self, daftar: Sequence[TandaTangan]) -> None:
        """Write the signature block(s) below the rows written so far: one block on the right,
        several spread from left to right; place and date above the last (rightmost) one."""
        n_kolom = len(self._kolom)
        kanan = max(n_kolom - 2, min(1, n_kolom - 1))
        if len(daftar) == 1:
            kolom = [kanan]
        else:
            kiri = min(1, kanan)
            kolom = [kiri + round(i * (kanan - kiri) / (len(daftar) - 1)) for i in range(len(daftar))]
        awal = self._baris + _JARAK_TTD
        for nomor, (t, c) in enumerate(zip(daftar, kolom)):
            terakhir = nomor == len(daftar) - 1
            baris: list[tuple[str, Format]] = [
                (f"{t.tempat}, {format_tanggal(t.tanggal)}" if terakhir else "", self._format.ttd),
                (t.peran, self._format.ttd_tebal), (t.jabatan, self._format.ttd),
                *((teks, self._format.ttd) for teks in t.tambahan),
                *(("", self._format.ttd) for _ in range(_RUANG_TTD)),
                (t.nama, self._format.ttd_nama),
            ]
            if t.pangkat:
                baris.append((t.pangkat, self._format.ttd))
            if t.nip:
                baris.append((f"NIP. {format_nip(t.nip)}", self._format.ttd))
            for i, (teks, fmt) in enumerate(baris):
                if teks:
                    self._lembar.write_string(awal + i, c, teks, fmt)
        self._baris = awal


def _tulis_judul_kolom(lembar: Worksheet, bagian: Bagian, awal: int, fmt: Format, memori_tetap: bool) -> None:
    if not memori_tetap:
        for s in bagian.judul_kolom:
            if s.tinggi > 1 or s.lebar > 1:
                lembar.merge_range(awal + s.baris, s.kolom, awal + s.baris + s.tinggi - 1, s.kolom + s.lebar - 1,
                                   s.teks, fmt)
            else:
                lembar.write_string(awal + s.baris, s.kolom, s.teks, fmt)
        return
    # constant_memory flushes a row as soon as a later row is written, and merge_range writes the
    # whole area at once; so write the header strictly row by row and register the merged areas
    # directly on the worksheet's merge list (xlsxwriter 3.3, pinned in setup.cfg).
    mulai = {(s.baris, s.kolom): s for s in bagian.judul_kolom}
    for r in range(bagian.jumlah_baris_judul):
        for c in range(len(bagian.kolom)):
            s = mulai.get((r, c))
            if s is not None:
                lembar.write_string(awal + r, c, s.teks, fmt)
            else:
                lembar.write_blank(awal + r, c, None, fmt)
    for s in bagian.judul_kolom:
        if s.tinggi > 1 or s.lebar > 1:
            lembar.merge.append([awal + s.baris, s.kolom, awal + s.baris + s.tinggi - 1, s.kolom + s.lebar - 1])
