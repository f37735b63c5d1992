"""Render a :class:`~sipekerja_module.reports.model.Laporan` (or a streamed
:class:`~sipekerja_module.reports.model.LaporanBertahap`) to PDF with reportlab.

Landscape A4 or F4, the agency letterhead on the first page, the header rows of each table
repeated on every page, "Halaman x dari y" on every page and a signature block at the end.

Speed and memory (issue 8, kabupaten scale):

* every body row is prepared once: text that does not fit its column is wrapped here
  (:func:`~reportlab.lib.utils.simpleSplit`) into a plain multi-line string, and the row's height
  is known from its number of lines. Tables get ``rowHeights``, so reportlab never measures a
  cell, and no ``Paragraph`` is built for the body (a plain string is never parsed as markup);
* pages are cut here from the known heights: each page's rows become one ``Table`` (header on
  top when the rows start a page or the section); style commands cover runs of rows;
* "y" of "Halaman x dari y" is a form XObject drawn on every page and defined once at the end,
  when the total is known, so no page is kept in memory to be written twice;
* the flowables are generated while the document is laid out, so only the rows of the page
  being laid out are held; for a streamed report, rows of the later sections are spooled to a
  temporary file as their blocks arrive.

Font: the built-in Helvetica. Its WinAnsi encoding covers every letter of Indonesian and the en
dash; reportlab substitutes symbol glyphs (≥, →) by itself; no TTF file is needed on the server.
User text goes into ``Paragraph`` markup (letterhead, titles, signatures) only through
:func:`xml.sax.saxutils.escape`.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Generator
from collections.abc import Iterator
from collections.abc import Sequence
from functools import lru_cache
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import PageBreak
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle
from reportlab.platypus.flowables import _ContainerSpace
from reportlab.platypus.flowables import _listWrapOn

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

#: Paper sizes offered to the user (portrait width x height); pages are printed landscape.
UKURAN_KERTAS = {"A4": A4, "F4": (215 * mm, 330 * mm)}
#: Body rows handed to the layout at a time (a page takes as many as fit).
BARIS_PER_TABEL = 100
#: Last body rows of a report kept on the signature's page: a signature never stands alone on a
#: page, apart from the figures it vouches for.
EKOR_TANDA_TANGAN = 3
#: Body rows kept on a heading's page (with the table's header): a section or table heading never
#: stands alone at the foot of a page.
AWAL_SETELAH_JUDUL = 2

FONT = "Helvetica"
FONT_TEBAL = "Helvetica-Bold"
UKURAN_HURUF = 6.5
MARGIN = 10 * mm
_INDENTASI = 6  # points per tree level

_WARNA_JUDUL = colors.HexColor("#D9D9D9")
_WARNA_BARIS = {
    JenisBaris.SASARAN: colors.HexColor("#DDE5F0"),
    JenisBaris.URUSAN: colors.HexColor("#EEEEEE"),
    JenisBaris.BIDANG_URUSAN: colors.HexColor("#EEEEEE"),
    JenisBaris.PROGRAM: colors.HexColor("#F4F4F4"),
    JenisBaris.TOTAL: colors.HexColor("#E4E4E4"),
    JenisBaris.PERANGKAT_DAERAH: colors.HexColor("#C9D7EA"),
}
_TEBAL = frozenset({JenisBaris.SASARAN, JenisBaris.URUSAN, JenisBaris.BIDANG_URUSAN, JenisBaris.PROGRAM,
                    JenisBaris.KEGIATAN, JenisBaris.TOTAL, JenisBaris.PERANGKAT_DAERAH})
#: The levels of a plan tree, top down: a row of one of these kinds heads the rows below it that are
#: deeper, or as deep and of a lower level (see :func:`_kepala`).
_TINGKAT_POHON = {jenis: i for i, jenis in enumerate((
    JenisBaris.SASARAN, JenisBaris.URUSAN, JenisBaris.BIDANG_URUSAN, JenisBaris.PROGRAM, JenisBaris.KEGIATAN,
    JenisBaris.SUB_KEGIATAN, JenisBaris.INDIKATOR))}
_TINGKAT_INDIKATOR = _TINGKAT_POHON[JenisBaris.INDIKATOR]


def _kepala(baris: tuple, berikut: tuple) -> bool:
    """Whether the prepared row ``baris`` heads ``berikut``, the row after it, and so must not end a
    page without it.

    The rule, from the rows' data only (kind and depth, :attr:`BarisLaporan.jenis` and
    :attr:`BarisLaporan.kedalaman`; the depth is carried as the indentation):

    * a sasaran, urusan, bidang urusan, program, kegiatan or sub kegiatan row heads the next row
      when that row is deeper (its first child: a program under a sasaran, an indicator under a
      sub kegiatan), or as deep and of a lower level of the tree (the per-month *Target dan
      Capaian Kerja* prints its levels in columns of their own, every roll-up row at depth 0: a
      kegiatan row is followed by its sub kegiatan there). Followed by a row shallower, or as deep
      and of its own level or a higher one (a sibling, the next program), it heads nothing;
    * an agency's heading row (kabupaten report) heads the next row unless that is another agency's
      heading (its rows start at the depth of the heading itself);
    * indicator, plain and total rows head nothing.

    A run of heading rows (sasaran, program, kegiatan, sub kegiatan stacked) thus heads, link by
    link, the first row below it that heads nothing: the whole run goes with that row.
    """
    jenis = baris[2]
    if jenis is JenisBaris.PERANGKAT_DAERAH:
        return berikut[2] is not JenisBaris.PERANGKAT_DAERAH
    tingkat = _TINGKAT_POHON.get(jenis, _TINGKAT_INDIKATOR)
    if tingkat == _TINGKAT_INDIKATOR:
        return False
    if berikut[3] != baris[3]:
        return berikut[3] > baris[3]
    return _TINGKAT_POHON.get(berikut[2], -1) > tingkat


def _boleh_dipotong(baris: Sequence[tuple], i: int) -> bool:
    """Whether a page (or a piece of rows) may end after ``baris[i - 1]``: no row before ``i`` heads
    the row at ``i`` (:func:`_kepala`). The ends of ``baris`` are always allowed."""
    return i <= 0 or i >= len(baris) or not _kepala(baris[i - 1], baris[i])


def _potongan_boleh(baris: Sequence[tuple], dari: int, sampai: int) -> int | None:
    """The first ``i`` in ``dari..sampai`` after which rows may be cut (:func:`_boleh_dipotong`), or None."""
    for i in range(max(dari, 0), sampai + 1):
        if _boleh_dipotong(baris, i):
            return i
    return None


@lru_cache(maxsize=None)
def _gaya(tebal: bool = False, rata: int = TA_LEFT, indentasi: int = 0, ukuran: float = UKURAN_HURUF,
          spasi_bawah: float = 0) -> ParagraphStyle:
    return ParagraphStyle(
        f"sipekerja-{tebal}-{rata}-{indentasi}-{ukuran}-{spasi_bawah}",
        fontName=FONT_TEBAL if tebal else FONT, fontSize=ukuran, leading=ukuran * 1.2, alignment=rata,
        leftIndent=indentasi * _INDENTASI, spaceAfter=spasi_bawah,
    )


def _p(teks: str, **gaya) -> Paragraph:
    return Paragraph(escape(teks), _gaya(**gaya))


def render_pdf(
    laporan: Laporan | LaporanBertahap,
    *,
    ukuran: str = "A4",
    kop: Kop,
    ttd: TandaTangan | Sequence[TandaTangan] | None,
    baris_per_tabel: int = BARIS_PER_TABEL,
) -> bytes:
    """Render a report as a landscape PDF.

    :param laporan: the report model, or a streamed report (its blocks are consumed here).
    :param ukuran: paper size, ``"A4"`` or ``"F4"`` (215 x 330 mm).
    :param kop: the agency letterhead (first page).
    :param ttd: one signature block, several side by side (a PK: pihak kedua, pihak pertama), or None.
    :param baris_per_tabel: body rows handed to the layout at a time (a page takes what fits).
    :return: the PDF bytes.
    :raise ValueError: for an unknown paper size.
    """
    if ukuran not in UKURAN_KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {ukuran!r} (pilih A4 atau F4).")
    halaman = landscape(UKURAN_KERTAS[ukuran])
    keluaran = BytesIO()
    dokumen = SimpleDocTemplate(
        keluaran, pagesize=halaman, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm, title=laporan.judul, author=kop.instansi, subject=" ".join(laporan.subjudul),
    )
    lebar = halaman[0] - 2 * MARGIN
    daftar_ttd = None if ttd is None else [ttd] if isinstance(ttd, TandaTangan) else list(ttd)
    kaki = " \u2013 ".join((laporan.judul, *(laporan.subjudul[1:2] or laporan.subjudul[:1])))
    with _Sumber(laporan) as sumber:
        isi = _AntrianMalas(_aliran(laporan, sumber, kop, lebar, daftar_ttd, max(baris_per_tabel, 1)))
        dokumen.build(isi, canvasmaker=_kanvas_bernomor(kaki))
    return keluaran.getvalue()


def _aliran(laporan: Laporan | LaporanBertahap, sumber: _Sumber, kop: Kop, lebar: float,
            ttd: list[TandaTangan] | None, baris_per_tabel: int) -> Iterator[Flowable]:
    """The document's flowables, made as the layout asks for them."""
    yield from _kop(kop, lebar)
    yield from _judul(laporan)
    susunan = [_Susunan(bagian, lebar) for bagian in laporan.bagian]
    ekor: list[Flowable] = []
    for nomor, bagian in enumerate(laporan.bagian):
        if nomor and bagian.halaman_baru:
            yield PageBreak()
        elif nomor:
            yield Spacer(1, 6 * mm)
        # The last section's final rows are held back to be kept with the signature.
        tahan = EKOR_TANDA_TANGAN if ttd is not None and nomor == len(laporan.bagian) - 1 else 0
        ekor = yield from _aliran_bagian(_p(bagian.judul, tebal=True, ukuran=9, spasi_bawah=3), susunan[nomor],
                                         sumber.baris(nomor, susunan), baris_per_tabel, tahan)
    if ttd is not None:
        yield _tanda_tangan(ttd, lebar, bersama=ekor)


def _aliran_bagian(judul: Flowable, susunan: _Susunan, sumber: Iterator[tuple], baris_per_tabel: int,
                   tahan: int) -> Generator[Flowable, None, list[Flowable]]:
    """A section's flowables, its last ``tahan`` rows held back: returns those (to be kept with the
    signature). The heading is never left at the foot of a page: it is kept with the table's header
    and first :data:`AWAL_SETELAH_JUDUL` rows (:func:`_potongan`), or, when no more rows are laid
    out before those held back, with these.

    Rows are handed on in pieces cut only where :func:`_boleh_dipotong` allows (never after a row
    heading the next one), so that a piece's last row never heads rows of the next piece; the rows
    held back for the signature start where a cut is allowed too (more than ``tahan`` rows when
    the rows before them head them)."""
    siap: list[tuple] = []
    pertama = True
    cari = 0  # rows of ``siap`` before this index are known not to be allowed cuts past ``batas``
    for baris in sumber:
        siap.append(baris)
        # The first piece holds at least the rows kept with the heading.
        batas = max(baris_per_tabel, AWAL_SETELAH_JUDUL) if pertama else baris_per_tabel
        # The row after a cut must be known (and ``tahan`` rows after it) to tell whether it may be cut.
        if len(siap) > batas + tahan:
            potong = _potongan_boleh(siap, max(batas, cari), len(siap) - max(tahan, 1))
            if potong is None:
                cari = len(siap) - max(tahan, 1) + 1
                continue
            yield from _potongan(susunan, siap[:potong], judul if pertama else None)
            siap, pertama, cari = siap[potong:], False, 0
    if tahan:
        # Where the held-back rows start: ``tahan`` from the end, or earlier so no row left before heads them.
        mulai = len(siap) - tahan
        while mulai > 0 and not _boleh_dipotong(siap, mulai):
            mulai -= 1
        if mulai > 0 and not (pertama and mulai < _awal(siap)):
            yield from _potongan(susunan, siap[:mulai], judul if pertama else None)
            siap, pertama = siap[mulai:], False
    if siap and not tahan:
        yield from _potongan(susunan, siap, judul if pertama else None)
        return []
    ekor: list[Flowable] = []
    if siap:
        ekor = [*([judul] if pertama else []), _Potongan(susunan, siap, pertama=pertama)]
    elif pertama:
        ekor = [judul, susunan.tabel((), True), _p("Tidak ada data.", ukuran=7)]
    if tahan:
        return ekor
    if ekor:
        yield _TetapBersama(ekor)
    return []


def _awal(baris: Sequence[tuple]) -> int:
    """How many of a section's first rows ``baris`` are kept with its heading: at least
    :data:`AWAL_SETELAH_JUDUL`, and on to the first row after which a cut is allowed (a run of
    heading rows goes with the first row below them)."""
    awal = _potongan_boleh(baris, min(AWAL_SETELAH_JUDUL, len(baris)), len(baris))
    return len(baris) if awal is None else awal


def _potongan(susunan: _Susunan, baris: list[tuple], judul: Flowable | None) -> Iterator[Flowable]:
    """Rows of a section; the first piece of a section (``judul``, its heading, given) keeps the
    heading, the table header and the first rows (:func:`_awal`) on one page, the rest following as
    usual (on the same page when it has room, no header repeated there)."""
    if judul is None:
        yield _Potongan(susunan, baris, pertama=False)
        return
    awal = _awal(baris)
    yield _TetapBersama([judul, _Potongan(susunan, baris[:awal], pertama=True)])
    if len(baris) > awal:
        yield _Potongan(susunan, baris[awal:], pertama=False)


class _AntrianMalas(list):
    """The flowable list platypus consumes from its front, filled from a generator as it empties.

    ``BaseDocTemplate.build`` asks ``len(flowables)`` before every flowable and otherwise only
    reads, deletes and inserts at the front; so only a few flowables exist at any time.
    """

    def __init__(self, sumber: Iterator[Flowable]) -> None:
        super().__init__()
        self._sumber: Iterator[Flowable] | None = sumber

    def __len__(self) -> int:
        while self._sumber is not None and super().__len__() < 4:
            berikut = next(self._sumber, None)
            if berikut is None:
                self._sumber = None
            else:
                self.append(berikut)
        return super().__len__()


class _Sumber:
    """Prepared body rows per section.

    For a :class:`Laporan` the rows are read from its sections. For a :class:`LaporanBertahap`
    the first section's rows come straight from the blocks; the rows of the later sections are
    prepared as their block arrives and spooled to a temporary file (pickled, a block at a time),
    then read back when the layout reaches that section.
    """

    def __init__(self, laporan: Laporan | LaporanBertahap) -> None:
        self._laporan = laporan
        self._gulungan: list = []

    def __enter__(self) -> _Sumber:
        return self

    def __exit__(self, *_exc) -> None:
        for berkas in self._gulungan:
            berkas.close()

    def baris(self, nomor: int, susunan: Sequence[_Susunan]) -> Iterator[tuple]:
        """Prepared rows of section ``nomor`` (sections are asked for in order)."""
        laporan = self._laporan
        if isinstance(laporan, Laporan):
            siapkan = susunan[nomor].siapkan
            for baris in laporan.bagian[nomor].baris:
                yield siapkan(baris)
            return
        if nomor == 0:
            self._gulungan = [tempfile.TemporaryFile() for _ in susunan[1:]]
            siapkan = susunan[0].siapkan
            for blok in laporan.blok:
                for berkas, s, baris in zip(self._gulungan, susunan[1:], blok[1:]):
                    pickle.dump([s.siapkan(b) for b in baris], berkas, pickle.HIGHEST_PROTOCOL)
                for baris in blok[0]:
                    yield siapkan(baris)
                del blok
            return
        berkas = self._gulungan[nomor - 1]
        berkas.seek(0)
        while True:
            try:
                potongan = pickle.load(berkas)
            except EOFError:
                break
            yield from potongan
        berkas.close()


#: Name of page n's form XObject "Halaman n dari y" (``halaman_3``), defined once the total is known.
FORM_HALAMAN = "halaman_{}"
_UKURAN_KAKI = 6.5


def _kanvas_bernomor(kaki: str) -> type[Canvas]:
    """A canvas class that writes the footer on every page as it is finished and refers to the
    page's "Halaman x dari y" form XObject; :meth:`save` defines those forms once the total is
    known, so no page is kept to be written twice (the *NumberedCanvas* pattern keeps them all).

    A form per page rather than one form for the total: the whole "Halaman x dari y" is one
    right-aligned text run, and text extraction (pypdf) reads it back as one line.
    """

    class KanvasBernomor(Canvas):
        _jumlah = 0

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._jumlah += 1
            self.saveState()
            self.setFont(FONT, _UKURAN_KAKI)
            self.setFillColor(colors.grey)
            self.drawString(MARGIN, MARGIN, kaki)
            self.doForm(FORM_HALAMAN.format(self._jumlah))
            self.restoreState()
            super().showPage()

        def save(self) -> None:
            lebar, _ = self._pagesize
            for nomor in range(1, self._jumlah + 1):
                self.beginForm(FORM_HALAMAN.format(nomor), lowerx=lebar / 2, lowery=0, upperx=lebar,
                               uppery=MARGIN + 2 * _UKURAN_KAKI)
                self.setFont(FONT, _UKURAN_KAKI)
                self.setFillColor(colors.grey)
                self.drawRightString(lebar - MARGIN, MARGIN, f"Halaman {nomor} dari {self._jumlah}")
                self.endForm()
            super().save()

    return KanvasBernomor


def _kop(kop: Kop, lebar: float) -> list[Flowable]:
    baris = [
        [_p(kop.daerah.upper(), tebal=True, rata=TA_CENTER, ukuran=12)],
        [_p(kop.instansi.upper(), tebal=True, rata=TA_CENTER, ukuran=13)],
        [_p(kop.alamat, rata=TA_CENTER, ukuran=8)],
    ]
    if kop.kontak:
        baris.append([_p(kop.kontak, rata=TA_CENTER, ukuran=8)])
    tabel = Table(baris, colWidths=[lebar])
    tabel.setStyle(TableStyle([
        ("LINEBELOW", (0, -1), (-1, -1), 1.5, colors.black),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
    ]))
    return [tabel, Spacer(1, 4 * mm)]


def _judul(laporan: Laporan | LaporanBertahap) -> list[Flowable]:
    hasil: list[Flowable] = [_p(laporan.judul, tebal=True, rata=TA_CENTER, ukuran=11, spasi_bawah=2)]
    hasil += [_p(teks, tebal=True, rata=TA_CENTER, ukuran=9, spasi_bawah=1) for teks in laporan.subjudul]
    hasil.append(Spacer(1, 4 * mm))
    return hasil


_PADDING_ATAS = _PADDING_BAWAH = 1.5
_PADDING_SISI = 2
_LEADING = UKURAN_HURUF * 1.2

_GAYA_DASAR = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTSIZE", (0, 0), (-1, -1), UKURAN_HURUF),
    ("LEADING", (0, 0), (-1, -1), _LEADING),
    ("GRID", (0, 0), (-1, -1), 0.25, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), _PADDING_SISI),
    ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING_SISI),
    ("TOPPADDING", (0, 0), (-1, -1), _PADDING_ATAS),
    ("BOTTOMPADDING", (0, 0), (-1, -1), _PADDING_BAWAH),
]


@lru_cache(maxsize=8192)
def _bungkus(teks: str, font: str, lebar: float) -> tuple[str, int]:
    """``teks`` wrapped to ``lebar`` points: (lines joined by newlines, number of lines)."""
    if "\n" not in teks and stringWidth(teks, font, UKURAN_HURUF) <= lebar:
        return teks, 1
    baris = [potongan for b in simpleSplit(teks, font, UKURAN_HURUF, lebar) or [""]
             for potongan in _potong_kata_panjang(b, font, lebar)]
    return "\n".join(baris), len(baris)


def _potong_kata_panjang(baris: str, font: str, lebar: float) -> list[str]:
    """``baris`` as it is when it fits; otherwise cut between letters, each cut marked with a hyphen.

    ``simpleSplit`` breaks only at spaces, so one word wider than a narrow column (a long name in
    the per-month report's Sasaran column) would run into the next column.
    """
    if stringWidth(baris, font, UKURAN_HURUF) <= lebar:
        return [baris]
    hasil: list[str] = []
    sisa = baris
    while stringWidth(sisa, font, UKURAN_HURUF) > lebar:
        n = len(sisa) - 1
        while n > 1 and stringWidth(sisa[:n] + "-", font, UKURAN_HURUF) > lebar:
            n -= 1
        bagian, sisa = sisa[:n], sisa[n:]
        hasil.append(bagian if bagian.endswith(" ") or sisa.startswith(" ") else bagian + "-")
        sisa = sisa.lstrip(" ")
    hasil.append(sisa)
    return hasil


class _Susunan:
    """A section's column widths, header (wrapped and measured once) and row preparation."""

    def __init__(self, bagian: Bagian, lebar: float) -> None:
        total_lebar = sum(k.lebar for k in bagian.kolom) or 1
        self.lebar_kolom = [lebar * k.lebar / total_lebar for k in bagian.kolom]
        self.n_kolom = len(bagian.kolom)
        self.n_judul = bagian.jumlah_baris_judul
        ruang = [w - 2 * _PADDING_SISI for w in self.lebar_kolom]
        #: Per column: room for text (None: a figure column, printed as is), indented by depth.
        self._ruang_teks = [ruang[c] if k.format is FormatKolom.TEKS else None for c, k in enumerate(bagian.kolom)]
        self._bertingkat = [c for c, k in enumerate(bagian.kolom) if k.bertingkat]
        self._kanan = [c for c, k in enumerate(bagian.kolom) if k.format is not FormatKolom.TEKS]
        self.judul: list[list[str]] = [["" for _ in range(self.n_kolom)] for _ in range(self.n_judul)]
        gaya_judul: list[tuple] = []
        if self.n_judul:
            gaya_judul += [
                ("BACKGROUND", (0, 0), (-1, self.n_judul - 1), _WARNA_JUDUL),
                ("VALIGN", (0, 0), (-1, self.n_judul - 1), "MIDDLE"),
                ("ALIGN", (0, 0), (-1, self.n_judul - 1), "CENTER"),
                ("FONTNAME", (0, 0), (-1, self.n_judul - 1), FONT_TEBAL),
            ]
        for s in bagian.judul_kolom:
            lebar_sel = sum(self.lebar_kolom[s.kolom:s.kolom + s.lebar]) - 2 * _PADDING_SISI
            self.judul[s.baris][s.kolom] = _bungkus(s.teks, FONT_TEBAL, lebar_sel)[0]
            if s.tinggi > 1 or s.lebar > 1:
                gaya_judul.append(("SPAN", (s.kolom, s.baris), (s.kolom + s.lebar - 1, s.baris + s.tinggi - 1)))
        self.gaya_judul = gaya_judul
        self.tinggi_judul: list[float] = []
        if self.n_judul:
            contoh = Table(self.judul, colWidths=self.lebar_kolom, style=_GAYA_DASAR + gaya_judul)
            contoh.wrap(lebar, 10_000)
            self.tinggi_judul = list(contoh._rowHeights)
        self.total_judul = sum(self.tinggi_judul)

    def siapkan(self, baris: BarisLaporan) -> tuple:
        """A body row ready to lay out: (cells, height, kind, indentation in points)."""
        tebal = baris.jenis in _TEBAL
        font = FONT_TEBAL if tebal else FONT
        indentasi = baris.kedalaman * _INDENTASI
        isi = []
        garis = 1
        ruang_teks = self._ruang_teks
        for c, sel in enumerate(baris.sel):
            teks = sel.teks
            ruang = ruang_teks[c]
            if ruang is None or not teks:
                isi.append(teks)
                continue
            if indentasi and c in self._bertingkat:
                ruang -= indentasi
            teks, n = _bungkus(teks, font, ruang)
            isi.append(teks)
            if n > garis:
                garis = n
        return isi, garis * _LEADING + _PADDING_ATAS + _PADDING_BAWAH, baris.jenis, indentasi

    def tabel(self, baris: Sequence[tuple], dengan_judul: bool) -> Table:
        """One ``Table`` of prepared rows, with the header rows on top when asked."""
        geser = self.n_judul if dengan_judul else 0
        perintah = list(_GAYA_DASAR)
        if dengan_judul:
            perintah += self.gaya_judul
        if baris:
            perintah += [("ALIGN", (c, geser), (c, -1), "RIGHT") for c in self._kanan]
            perintah += self._gaya_baris(baris, geser)
        data = [b[0] for b in baris]
        tinggi = [b[1] for b in baris]
        if dengan_judul:
            data = self.judul + data
            tinggi = self.tinggi_judul + tinggi
        return Table(data, colWidths=self.lebar_kolom, rowHeights=tinggi, style=perintah)

    def _gaya_baris(self, baris: Sequence[tuple], geser: int) -> list[tuple]:
        """Background, bold and indentation, one command per run of equal rows."""
        perintah: list[tuple] = []
        awal = 0
        n = len(baris)
        for i in range(1, n + 1):
            if i < n and baris[i][2] is baris[awal][2] and baris[i][3] == baris[awal][3]:
                continue
            jenis, indentasi = baris[awal][2], baris[awal][3]
            r0, r1 = awal + geser, i - 1 + geser
            warna = _WARNA_BARIS.get(jenis)
            if warna is not None:
                perintah.append(("BACKGROUND", (0, r0), (-1, r1), warna))
            if jenis in _TEBAL:
                perintah.append(("FONTNAME", (0, r0), (-1, r1), FONT_TEBAL))
            if indentasi:
                perintah += [("LEFTPADDING", (c, r0), (c, r1), _PADDING_SISI + indentasi) for c in self._bertingkat]
            awal = i
        return perintah


class _Potongan(Flowable):
    """Prepared rows of a section, cut into pages from their known heights.

    Carries the header when it starts a page or the section (decided at layout time from the
    frame's ``_atTop``, since only then is it known whether the rows continue a page). Cut at a
    page foot, it backs off so that the page does not end with a row heading the next one
    (:func:`_kepala`); the rest then starts the next page.
    """

    def __init__(self, susunan: _Susunan, baris: list[tuple], *, pertama: bool) -> None:
        super().__init__()
        self._susunan = susunan
        self._baris = baris
        self._pertama = pertama
        self._tinggi_baris = sum(b[1] for b in baris)
        self._dengan_judul = True

    def _judul_perlu(self) -> bool:
        frame = getattr(self, "_frame", None)
        return self._pertama or frame is None or bool(frame._atTop)

    def wrap(self, lebar: float, tinggi: float) -> tuple[float, float]:
        self._dengan_judul = self._judul_perlu()
        self.width = sum(self._susunan.lebar_kolom)
        self.height = self._tinggi_baris + (self._susunan.total_judul if self._dengan_judul else 0)
        return self.width, self.height

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - reportlab API
        tabel = self._susunan.tabel(self._baris, self._dengan_judul)
        tabel.wrapOn(canvas, self.width, self.height)
        tabel.drawOn(canvas, x, y, _sW)

    def split(self, lebar: float, tinggi: float) -> list[Flowable]:
        dengan_judul = self._judul_perlu()
        sisa = tinggi - (self._susunan.total_judul if dengan_judul else 0)
        muat = 0
        for b in self._baris:
            if b[1] > sisa:
                break
            sisa -= b[1]
            muat += 1
        frame = getattr(self, "_frame", None)
        if muat == 0:
            if frame is None or not frame._atTop:
                return []  # on to the next page
            muat = 1  # a row taller than a whole page: print it and let it run over
        if muat >= len(self._baris):
            return [self._susunan.tabel(self._baris, dengan_judul)]
        # Back off so that the page does not end with a row heading the next (:func:`_kepala`): a
        # run of heading rows moves with the first row below it.
        muat_semula = muat
        while muat and not _boleh_dipotong(self._baris, muat):
            muat -= 1
        if muat == 0:
            if not self._pertama and frame is not None and not frame._atTop:
                # Rows of this section before these end the page (cut where allowed): all go on.
                return []
            muat = muat_semula  # the page would hold no row of the section: cut as before
        # The rest goes to the next page, which starts with the header (never below the cut: when
        # backing off left room here, the rows moved must not come back to this page's foot).
        return [self._susunan.tabel(self._baris[:muat], dengan_judul), PageBreak(),
                _Potongan(self._susunan, self._baris[muat:], pertama=True)]


def _tanda_tangan(daftar: list[TandaTangan], lebar: float, *, bersama: Sequence[Flowable] = ()) -> Flowable:
    """The signature block (one signer on the right, several side by side), kept on one page
    together with ``bersama``: the flowables it must not be parted from (the last rows of the
    report's table), which move with it to the next page when the block does not fit."""
    return _TetapBersama([*bersama, *_blok_tanda_tangan(daftar, lebar)])


def tanda_tangan_setelah_tabel(tabel: Table, daftar: list[TandaTangan], lebar: float) -> Flowable:
    """``tabel`` (a reportlab ``Table`` whose header rows repeat) followed by the signature block,
    laid out so that the signature's page holds at least the table's last
    :data:`EKOR_TANDA_TANGAN` rows: for the documents built of whole tables (Rencana Aksi,
    tindak lanjut, LKjIP), as :func:`_aliran` does for the reports."""
    return _EkorTabel(tabel, _blok_tanda_tangan(daftar, lebar))


def _blok_tanda_tangan(daftar: list[TandaTangan], lebar: float) -> list[Flowable]:
    kolom = []
    for nomor, t in enumerate(daftar):
        terakhir = nomor == len(daftar) - 1
        isi = [
            # A no-break space keeps an empty line's height, so blocks side by side stay level.
            _p(f"{t.tempat}, {format_tanggal(t.tanggal)}" if terakhir else "\u00a0", rata=TA_CENTER, ukuran=9),
            _p(t.peran or "\u00a0", tebal=bool(t.peran), rata=TA_CENTER, ukuran=9),
            _p(t.jabatan, rata=TA_CENTER, ukuran=9),
            *(_p(teks, rata=TA_CENTER, ukuran=9) for teks in t.tambahan),
            Spacer(1, 16 * mm),
            Paragraph(f"<u>{escape(t.nama)}</u>", _gaya(tebal=True, rata=TA_CENTER, ukuran=9)),
        ]
        if t.pangkat:
            isi.append(_p(t.pangkat, rata=TA_CENTER, ukuran=9))
        if t.nip:
            isi.append(_p(f"NIP. {format_nip(t.nip)}", rata=TA_CENTER, ukuran=9))
        kolom.append(isi)
    lebar_blok = min(lebar / max(len(daftar), 1), 95 * mm)
    if len(daftar) == 1:
        # One signer signs on the right, as on Indonesian official documents.
        data, lebar_kolom = [["", kolom[0]]], [lebar - lebar_blok, lebar_blok]
    else:
        data, lebar_kolom = [kolom], [lebar / len(daftar)] * len(daftar)
    tabel = Table(data, colWidths=lebar_kolom)
    tabel.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 8 * mm), tabel]


class _TetapBersama(KeepTogether):
    """``KeepTogether`` whose content is measured in the frame it is offered: a held-back
    :class:`_Potongan` then knows whether it starts a page, so its header is counted only when it
    would be printed (it moves to the next page only when it truly does not fit)."""

    def wrap(self, lebar: float, tinggi: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)
        for flowable in self._content:
            flowable._frame = frame
        return super().wrap(lebar, tinggi)



class _EkorTabel(Flowable):
    """A table and the flowables after it (the signature block), split so that these never start a
    page: the page they are on also holds at least the table's last :data:`EKOR_TANDA_TANGAN` body
    rows (all of them when it has fewer). When all fits, all is drawn here as it is."""

    def __init__(self, tabel: Table, setelah: list[Flowable]) -> None:
        super().__init__()
        self._tabel = tabel
        self._setelah = setelah
        self._ukuran: list[tuple[float, float]] = []

    def wrap(self, lebar: float, tinggi: float) -> tuple[float, float]:
        canv = getattr(self, "canv", None)
        self._ukuran = [f.wrapOn(canv, lebar, tinggi) for f in (self._tabel, *self._setelah)]
        self.width = max(w for w, _ in self._ukuran)
        self.height = sum(h for _, h in self._ukuran)
        return self.width, self.height

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - reportlab API
        atas = y + self.height
        for f, (w, h) in zip((self._tabel, *self._setelah), self._ukuran):
            atas -= h
            f.drawOn(canvas, x, atas, _sW + self.width - w)

    def split(self, lebar: float, tinggi: float) -> list[Flowable]:
        tabel = self._tabel
        tabel.wrapOn(getattr(self, "canv", None), lebar, tinggi)
        ulang = tabel.repeatRows if isinstance(tabel.repeatRows, int) else len(tabel.repeatRows)
        tinggi_baris = tabel._rowHeights
        badan = len(tinggi_baris) - ulang
        # Body rows that fit here, leaving the last EKOR_TANDA_TANGAN for the signature's page.
        muat, terpakai = 0, sum(tinggi_baris[:ulang])
        for h in tinggi_baris[ulang:ulang + badan - EKOR_TANDA_TANGAN]:
            if terpakai + h > tinggi:
                break
            terpakai += h
            muat += 1
        bagian = tabel.split(lebar, terpakai + 0.01) if muat else []
        if len(bagian) == 2:
            return [bagian[0], _EkorTabel(bagian[1], self._setelah)]
        frame = getattr(self, "_frame", None)
        if frame is not None and frame._atTop:
            # Nothing can be left on this page (a fresh one): let the table run on by itself.
            return [tabel, KeepTogether(self._setelah)]
        return []  # on to the next page, the table's last rows with the signature


def judul_bersama(judul: Sequence[Flowable], isi: Flowable, *, utuh: bool = False) -> Flowable:
    """``judul`` (a heading, a table's title: paragraphs and spacers) followed by ``isi`` (a
    reportlab ``Table``, or a table with its signature from :func:`tanda_tangan_setelah_tabel`),
    laid out so that the headings never end a page: their page also holds the table's header and
    first :data:`AWAL_SETELAH_JUDUL` body rows (all when it has fewer), else all move to the next page.

    :param utuh: move the whole (headings and table) to the next page when it does not fit here but
        fits on a page (a short table is not cut), as ``KeepTogether`` does.
    """
    return _JudulBersama(list(judul), isi, utuh=utuh)


def _tabel_di(isi: Flowable) -> Table | None:
    """The table whose first rows ``isi`` starts with (None: not a table)."""
    if isinstance(isi, _EkorTabel):
        return isi._tabel
    return isi if isinstance(isi, Table) else None


def _jumlah_judul_tabel(tabel: Table) -> int:
    return tabel.repeatRows if isinstance(tabel.repeatRows, int) else len(tabel.repeatRows)


class _JudulBersama(_ContainerSpace, Flowable):
    """See :func:`judul_bersama`. Like ``KeepTogether`` it always asks to be split, and its split
    hands the frame the headings and the pieces of the table cut at this page's foot (by the
    table's own ``split``), or nothing (on to the next page) when the first rows would not be
    among them."""

    def __init__(self, judul: list[Flowable], isi: Flowable, *, utuh: bool) -> None:
        super().__init__()
        self._judul = judul
        self._isi = isi
        self._utuh = utuh
        self._content = [*judul, isi]
        self._tinggi = 0.0

    def wrap(self, lebar: float, tinggi: float) -> tuple[float, float]:
        w, self._tinggi = _listWrapOn(self._content, lebar, getattr(self, "canv", None))
        return w, 0xFFFFFF  # always split

    def split(self, lebar: float, tinggi: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        di_atas = frame is None or bool(frame._atTop)
        canv = getattr(self, "canv", None)
        _, self._tinggi = _listWrapOn(self._content, lebar, canv)
        if self._tinggi <= tinggi:
            return list(self._content)  # all of it fits here
        if self._utuh and not di_atas and self._tinggi <= frame._height - frame._topPadding - frame._bottomPadding:
            return []  # the whole fits on the next page
        # The headings' height as the frame stacks them, with every space counted in full.
        tinggi_judul = 1.0 + self._isi.getSpaceBefore()
        for f in self._judul:
            tinggi_judul += f.wrapOn(canv, lebar, tinggi)[1] + f.getSpaceBefore() + f.getSpaceAfter()
        sisa = tinggi - tinggi_judul
        potongan = self._isi.split(lebar, sisa) if sisa > 0 else []
        if potongan and self._awal_ada(potongan[0]):
            return [*self._judul, *potongan]
        if di_atas:
            return list(self._content)  # a page cannot do better: let the table split as it can
        return []

    def _awal_ada(self, pertama: Flowable) -> bool:
        """Whether ``pertama``, the piece left on this page, holds the table's header and first rows."""
        tabel = _tabel_di(self._isi)
        if tabel is None or not isinstance(pertama, Table):
            return True
        judul = _jumlah_judul_tabel(tabel)
        perlu = min(AWAL_SETELAH_JUDUL, tabel._nrows - judul)
        return pertama._nrows - judul >= perlu
