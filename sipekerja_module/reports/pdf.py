"""Render a :class:`~sipekerja_module.reports.model.Laporan` to PDF with reportlab.

Landscape A4 or F4, the agency letterhead on the first page, the header rows of each table
repeated on every page, "Halaman x dari y" on every page (two passes over the saved page states,
the reportlab *NumberedCanvas* pattern), and a signature block at the end.

Speed (PLATFORM_NOTES §6): one big ``Table`` is re-measured at every page break, so the body is
laid out as a sequence of tables of :data:`BARIS_PER_TABEL` rows. A chunk that starts on a fresh
page carries the header; a chunk that continues on the same page does not, so no header appears
in the middle of a page.

Font: the built-in Helvetica. Its WinAnsi encoding covers every letter of Indonesian and the en
dash; reportlab substitutes symbol glyphs (≥, →) by itself; no TTF file is needed on the server.
User text goes into ``Paragraph`` markup only through :func:`xml.sax.saxutils.escape`.
"""

from __future__ import annotations

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

from ..domain.nip import format_nip
from ..domain.periode import format_tanggal
from .model import Bagian
from .model import BarisLaporan
from .model import FormatKolom
from .model import JenisBaris
from .model import Kop
from .model import Laporan
from .model import TandaTangan

#: Paper sizes offered to the user (portrait width x height); pages are printed landscape.
UKURAN_KERTAS = {"A4": A4, "F4": (215 * mm, 330 * mm)}
#: Body rows per ``Table`` (PLATFORM_NOTES §6: 100-row tables are ~3x faster than one table).
BARIS_PER_TABEL = 100

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
}
_TEBAL = frozenset({JenisBaris.SASARAN, JenisBaris.URUSAN, JenisBaris.BIDANG_URUSAN, JenisBaris.PROGRAM,
                    JenisBaris.KEGIATAN, JenisBaris.TOTAL})


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
    laporan: Laporan,
    *,
    ukuran: str = "A4",
    kop: Kop,
    ttd: TandaTangan | Sequence[TandaTangan] | None,
    baris_per_tabel: int = BARIS_PER_TABEL,
) -> bytes:
    """Render a report as a landscape PDF.

    :param laporan: the report model.
    :param ukuran: paper size, ``"A4"`` or ``"F4"`` (215 x 330 mm).
    :param kop: the agency letterhead (first page).
    :param ttd: one signature block, several side by side (a PK: pihak kedua, pihak pertama), or None.
    :param baris_per_tabel: body rows per reportlab ``Table``.
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
    isi: list[Flowable] = [*_kop(kop, lebar), *_judul(laporan)]
    for nomor, bagian in enumerate(laporan.bagian):
        if nomor and bagian.halaman_baru:
            isi.append(PageBreak())
        elif nomor:
            isi.append(Spacer(1, 6 * mm))
        isi.extend(_bagian(bagian, lebar, baris_per_tabel))
    if ttd is not None:
        isi.append(_tanda_tangan([ttd] if isinstance(ttd, TandaTangan) else list(ttd), lebar))
    kaki = " \u2013 ".join((laporan.judul, *(laporan.subjudul[1:2] or laporan.subjudul[:1])))
    dokumen.build(isi, canvasmaker=_kanvas_bernomor(kaki))
    return keluaran.getvalue()


def _kanvas_bernomor(kaki: str) -> type[Canvas]:
    """A canvas class that keeps each page's state and writes "Halaman x dari y" once the total is known."""

    class KanvasBernomor(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._halaman: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._halaman.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._halaman)
            for keadaan in self._halaman:
                self.__dict__.update(keadaan)
                self._tulis_kaki(total)
                super().showPage()
            super().save()

        def _tulis_kaki(self, total: int) -> None:
            lebar, _ = self._pagesize
            self.setFont(FONT, 6.5)
            self.setFillColor(colors.grey)
            self.drawString(MARGIN, MARGIN, kaki)
            self.drawRightString(lebar - MARGIN, MARGIN, f"Halaman {self._pageNumber} dari {total}")

    return KanvasBernomor


def _kop(kop: Kop, lebar: float) -> list[Flowable]:
    baris = [
        [_p(kop.daerah.upper(), tebal=True, rata=TA_CENTER, ukuran=12)],
        [_p(kop.instansi.upper(), tebal=True, rata=TA_CENTER, ukuran=13)],
        [_p(kop.alamat, rata=TA_CENTER, ukuran=8)],
    ]
    tabel = Table(baris, colWidths=[lebar])
    tabel.setStyle(TableStyle([
        ("LINEBELOW", (0, -1), (-1, -1), 1.5, colors.black),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
    ]))
    return [tabel, Spacer(1, 4 * mm)]


def _judul(laporan: Laporan) -> list[Flowable]:
    hasil: list[Flowable] = [_p(laporan.judul, tebal=True, rata=TA_CENTER, ukuran=11, spasi_bawah=2)]
    hasil += [_p(teks, tebal=True, rata=TA_CENTER, ukuran=9, spasi_bawah=1) for teks in laporan.subjudul]
    hasil.append(Spacer(1, 4 * mm))
    return hasil


def _bagian(bagian: Bagian, lebar: float, baris_per_tabel: int) -> list[Flowable]:
    susunan = _Susunan(bagian, lebar)
    hasil: list[Flowable] = [_p(bagian.judul, tebal=True, ukuran=9, spasi_bawah=3)]
    n = len(bagian.baris)
    if not n:
        hasil.append(susunan.tabel(0, 0, True))
        hasil.append(_p("Tidak ada data.", ukuran=7))
        return hasil
    for awal in range(0, n, baris_per_tabel):
        hasil.append(_Potongan(susunan, awal, min(awal + baris_per_tabel, n), pertama=awal == 0))
    return hasil


class _Susunan:
    """The cells and row styles of a section, prepared once; tables are cut from them by row range."""

    def __init__(self, bagian: Bagian, lebar: float) -> None:
        total_lebar = sum(k.lebar for k in bagian.kolom)
        self.lebar_kolom = [lebar * k.lebar / total_lebar for k in bagian.kolom]
        self.judul = _sel_judul(bagian)
        self.n_judul = bagian.jumlah_baris_judul
        self.gaya_judul = _gaya_judul(bagian)
        self.gaya_kolom = [i for i, k in enumerate(bagian.kolom) if k.format is not FormatKolom.TEKS]
        self.sel: list[list] = []
        self.gaya: list[list[tuple]] = []
        for baris in bagian.baris:
            isi, gaya = _isi_baris(baris, bagian, self.lebar_kolom)
            self.sel.append(isi)
            self.gaya.append(gaya)

    def tabel(self, awal: int, akhir: int, dengan_judul: bool) -> Table:
        """A ``Table`` of body rows ``awal..akhir-1``, with the header rows on top when asked."""
        geser = self.n_judul if dengan_judul else 0
        perintah = list(_GAYA_DASAR)
        if dengan_judul:
            perintah += self.gaya_judul
        perintah += [("ALIGN", (i, geser), (i, -1), "RIGHT") for i in self.gaya_kolom]
        for i in range(awal, akhir):
            baris = i - awal + geser
            for nama, kolom_awal, kolom_akhir, nilai in self.gaya[i]:
                perintah.append((nama, (kolom_awal, baris), (kolom_akhir, baris), nilai))
        data = self.sel[awal:akhir]
        tabel = Table((self.judul + data) if dengan_judul else data, colWidths=self.lebar_kolom,
                      repeatRows=geser, splitByRow=1)
        tabel.setStyle(TableStyle(perintah))
        return tabel


_GAYA_DASAR = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("FONTSIZE", (0, 0), (-1, -1), UKURAN_HURUF),
    ("LEADING", (0, 0), (-1, -1), UKURAN_HURUF * 1.2),
    ("GRID", (0, 0), (-1, -1), 0.25, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
]


def _sel_judul(bagian: Bagian) -> list[list]:
    n_kolom = len(bagian.kolom)
    grid: list[list] = [["" for _ in range(n_kolom)] for _ in range(bagian.jumlah_baris_judul)]
    for s in bagian.judul_kolom:
        grid[s.baris][s.kolom] = _p(s.teks, tebal=True, rata=TA_CENTER)
    return grid


def _gaya_judul(bagian: Bagian) -> list[tuple]:
    n = bagian.jumlah_baris_judul
    perintah: list[tuple] = [
        ("BACKGROUND", (0, 0), (-1, n - 1), _WARNA_JUDUL),
        ("VALIGN", (0, 0), (-1, n - 1), "MIDDLE"),
    ]
    for s in bagian.judul_kolom:
        if s.tinggi > 1 or s.lebar > 1:
            perintah.append(("SPAN", (s.kolom, s.baris), (s.kolom + s.lebar - 1, s.baris + s.tinggi - 1)))
    return perintah


def _isi_baris(baris: BarisLaporan, bagian: Bagian, lebar_kolom: Sequence[float]) -> tuple[list, list[tuple]]:
    """Cells of a row and its style commands as ``(command, first column, last column, value)``."""
    tebal = baris.jenis in _TEBAL
    font = FONT_TEBAL if tebal else FONT
    gaya: list[tuple] = []
    warna = _WARNA_BARIS.get(baris.jenis)
    if warna is not None:
        gaya.append(("BACKGROUND", 0, -1, warna))
    if tebal:
        gaya.append(("FONTNAME", 0, -1, FONT_TEBAL))
    isi: list = []
    for c, (kolom, sel) in enumerate(zip(bagian.kolom, baris.sel)):
        teks = sel.teks
        if kolom.format is not FormatKolom.TEKS or not teks:
            isi.append(teks)
            continue
        indentasi = baris.kedalaman * _INDENTASI if kolom.bertingkat else 0
        if "\n" not in teks and stringWidth(teks, font, UKURAN_HURUF) <= lebar_kolom[c] - 4 - indentasi:
            # Fits on one line: a plain string (never parsed as markup) is several times cheaper to
            # lay out than a Paragraph, which matters at kabupaten scale.
            isi.append(teks)
            if indentasi:
                gaya.append(("LEFTPADDING", c, c, 2 + indentasi))
        else:
            isi.append(_p(teks, tebal=tebal, indentasi=baris.kedalaman if kolom.bertingkat else 0))
    return isi, gaya


class _Potongan(Flowable):
    """A chunk of body rows that carries the header only when it starts a page (or the section).

    Decided at layout time from the frame (``_atTop``), since only then is it known whether the
    chunk continues on the current page.
    """

    def __init__(self, susunan: _Susunan, awal: int, akhir: int, *, pertama: bool) -> None:
        super().__init__()
        self._susunan = susunan
        self._awal, self._akhir = awal, akhir
        self._pertama = pertama
        self._tabel: Table | None = None
        self._dengan_judul = True

    def _siapkan(self) -> Table:
        frame = getattr(self, "_frame", None)
        dengan_judul = self._pertama or frame is None or bool(frame._atTop)
        if self._tabel is None or dengan_judul != self._dengan_judul:
            self._tabel = self._susunan.tabel(self._awal, self._akhir, dengan_judul)
            self._dengan_judul = dengan_judul
        return self._tabel

    def wrap(self, lebar: float, tinggi: float) -> tuple[float, float]:
        self.width, self.height = self._siapkan().wrap(lebar, tinggi)
        return self.width, self.height

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802 - reportlab API
        self._siapkan().drawOn(canvas, x, y, _sW)

    def split(self, lebar: float, tinggi: float) -> list[Flowable]:
        tabel = self._siapkan()
        tabel.wrap(lebar, tinggi)
        bagian = tabel.split(lebar, tinggi)
        if len(bagian) != 2 or self._dengan_judul:
            return bagian
        # The rest goes to the next page, which must start with the header.
        muat = len(bagian[0]._cellvalues)
        return [bagian[0], self._susunan.tabel(self._awal + muat, self._akhir, True)]


def _tanda_tangan(daftar: list[TandaTangan], lebar: float) -> Flowable:
    kolom = []
    for nomor, t in enumerate(daftar):
        terakhir = nomor == len(daftar) - 1
        isi = [
            _p(f"{t.tempat}, {format_tanggal(t.tanggal)}" if terakhir else " ", rata=TA_CENTER, ukuran=9),
            _p(t.peran or " ", tebal=bool(t.peran), rata=TA_CENTER, ukuran=9),
            _p(t.jabatan, rata=TA_CENTER, ukuran=9),
            *(_p(teks, rata=TA_CENTER, ukuran=9) for teks in t.tambahan),
            Spacer(1, 16 * mm),
            Paragraph(f"<u>{escape(t.nama)}</u>", _gaya(tebal=True, rata=TA_CENTER, ukuran=9)),
        ]
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
    return KeepTogether([Spacer(1, 8 * mm), tabel])

