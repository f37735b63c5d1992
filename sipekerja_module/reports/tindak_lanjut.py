"""The *Laporan Tindak Lanjut Hasil Pengukuran Kinerja* of one evaluation meeting: the meeting's
data (date, place, leader, participants, minutes), its findings per unit and indicator, its
decisions with who follows them up, by when and how far they got, and the decisions of earlier
triwulans still open. Landscape A4 or F4 PDF (reportlab, with the letterhead, footer and signature
blocks of :mod:`.pdf`) and an XLSX (xlsxwriter).

Built from a :class:`~sipekerja_module.domain.tindak_lanjut.LaporanTindakLanjut` only; the table
rows come from :func:`baris_temuan` and :func:`baris_keputusan` (pure, unit-tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from xml.sax.saxutils import escape

import xlsxwriter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from ..domain.nip import format_nip
from ..domain.periode import format_tanggal
from ..domain.tindak_lanjut import BarisKeputusan
from ..domain.tindak_lanjut import LaporanTindakLanjut
from .model import Kop
from .model import TandaTangan
from .pdf import FONT
from .pdf import FONT_TEBAL
from .pdf import MARGIN
from .pdf import UKURAN_KERTAS
from .pdf import _kanvas_bernomor
from .pdf import _kop
from .pdf import judul_bersama
from .pdf import tanda_tangan_setelah_tabel

_UKURAN = 9
JUDUL_TEMUAN = ("No", "Unit Kerja", "Indikator", "Temuan")
JUDUL_KEPUTUSAN = ("No", "Asal", "Jenis", "Keputusan", "Unit / Penanggung Jawab", "Batas Waktu", "Status",
                   "Catatan Tindak Lanjut")


def baris_temuan(laporan: LaporanTindakLanjut) -> list[tuple[str, str, str, str]]:
    """The findings table: number, unit, indicator, finding.

    :param laporan: the report.
    :return: one row per finding.
    """
    return [(str(n), t.unit, t.indikator or "\u2013", t.uraian) for n, t in enumerate(laporan.temuan, start=1)]


def baris_keputusan(daftar: Sequence[BarisKeputusan]) -> list[tuple[str, ...]]:
    """A decisions table: number, where decided, kind, decision, unit (and person), due date,
    status, note.

    :param daftar: the decisions.
    :return: one row per decision.
    """
    return [(str(n), k.asal, k.jenis, k.uraian, k.unit + (f" / {k.penanggung_jawab}" if k.penanggung_jawab else ""),
             format_tanggal(k.batas_waktu), k.status, k.catatan or "\u2013") for n, k in enumerate(daftar, start=1)]


def baris_identitas(laporan: LaporanTindakLanjut) -> list[tuple[str, str]]:
    """The meeting's data as label/value pairs."""
    return [("Perangkat daerah", laporan.perangkat_daerah), ("Periode", laporan.periode),
            ("Tanggal rapat", format_tanggal(laporan.tanggal)), ("Tempat", laporan.tempat),
            ("Pimpinan rapat", laporan.pimpinan_rapat),
            ("Peserta", "; ".join(laporan.peserta) if laporan.peserta else "\u2013"),
            ("Notulen", laporan.notulen or "belum diunggah")]


# --- PDF ---------------------------------------------------------------------------------------


def _gaya(tebal: bool = False, rata: int = TA_LEFT, ukuran: float = _UKURAN) -> ParagraphStyle:
    return ParagraphStyle(f"tl-{tebal}-{rata}-{ukuran}", fontName=FONT_TEBAL if tebal else FONT, fontSize=ukuran,
                          leading=ukuran * 1.25, alignment=rata)


def _p(teks: str, **gaya) -> Paragraph:
    return Paragraph(escape(teks).replace("\n", "<br/>"), _gaya(**gaya))


def _judul_bagian(teks: str, isi: Flowable) -> Flowable:
    """A section heading and its table (or the table and signature): the heading's page also holds
    the table's header and first rows, else both start the next page; a table longer than what is
    left of the page is not pushed whole to the next one, as keepWithNext would."""
    gaya = _gaya(tebal=True, ukuran=10)
    gaya.spaceBefore = 4 * mm
    gaya.spaceAfter = 1 * mm
    return judul_bersama([Paragraph(escape(teks), gaya)], isi)


def _tabel(judul: Sequence[str], baris: Sequence[Sequence[str]], lebar: list[float]) -> Table:
    data = [[_p(t, tebal=True, rata=TA_CENTER) for t in judul]] + [[_p(s) for s in b] for b in baris]
    if not baris:
        data.append([_p("Tidak ada.")] + [""] * (len(judul) - 1))
    tabel = Table(data, colWidths=lebar, repeatRows=1)
    gaya = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9"))]
    if not baris:
        gaya.append(("SPAN", (0, 1), (-1, 1)))
    tabel.setStyle(TableStyle(gaya))
    return tabel


def _lebar_keputusan(lebar: float) -> list[float]:
    bagian = (0.035, 0.07, 0.1, 0.24, 0.15, 0.085, 0.105)
    return [lebar * b for b in bagian] + [lebar * (1 - sum(bagian))]


def render_tindak_lanjut_pdf(laporan: LaporanTindakLanjut, *, kop: Kop, tanda_tangan: Sequence[TandaTangan],
                             ukuran: str = "A4") -> bytes:
    """Render the report as a landscape PDF.

    :param laporan: the report.
    :param kop: the agency letterhead.
    :param tanda_tangan: the signature blocks (the head of agency).
    :param ukuran: ``A4`` or ``F4``.
    :return: the PDF bytes.
    :raise ValueError: for an unknown paper size.
    """
    if ukuran not in UKURAN_KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {ukuran!r} (pilih A4 atau F4).")
    halaman = landscape(UKURAN_KERTAS[ukuran])
    keluaran = BytesIO()
    dokumen = SimpleDocTemplate(keluaran, pagesize=halaman, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN + 4 * mm, title=laporan.judul, author=kop.instansi,
                                subject=laporan.periode)
    lebar = halaman[0] - 2 * MARGIN
    identitas = Table([[_p(a, tebal=True), _p(":"), _p(b)] for a, b in baris_identitas(laporan)],
                      colWidths=[40 * mm, 4 * mm, lebar - 44 * mm])
    identitas.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2)]))
    isi: list[Flowable] = [
        *_kop(kop, lebar),
        _p(laporan.judul, tebal=True, rata=TA_CENTER, ukuran=12),
        _p(f"{laporan.periode} \u2013 {laporan.perangkat_daerah}", tebal=True, rata=TA_CENTER, ukuran=10),
        _judul_bagian("A. Rapat Evaluasi Hasil Pengukuran Kinerja", identitas),
        _judul_bagian("B. Temuan", _tabel(JUDUL_TEMUAN, baris_temuan(laporan),
                                          [lebar * 0.04, lebar * 0.16, lebar * 0.3, lebar * 0.5])),
        _judul_bagian("C. Keputusan dan Tindak Lanjut",
                      _tabel(JUDUL_KEPUTUSAN, baris_keputusan(laporan.keputusan), _lebar_keputusan(lebar))),
        _judul_bagian("D. Keputusan Triwulan Sebelumnya yang Belum Selesai", tanda_tangan_setelah_tabel(
            _tabel(JUDUL_KEPUTUSAN, baris_keputusan(laporan.bawaan), _lebar_keputusan(lebar)), list(tanda_tangan),
            lebar)),
    ]
    dokumen.build(isi, canvasmaker=_kanvas_bernomor(f"{laporan.judul} \u2013 {laporan.periode}"))
    return keluaran.getvalue()


# --- XLSX --------------------------------------------------------------------------------------


def render_tindak_lanjut_xlsx(laporan: LaporanTindakLanjut, *, kop: Kop, tanda_tangan: Sequence[TandaTangan]
                              ) -> bytes:
    """Render the report as one printable sheet: the meeting, the findings, the decisions, the
    open decisions of earlier triwulans, the signature.

    :param laporan: the report.
    :param kop: the agency letterhead.
    :param tanda_tangan: the signature blocks.
    :return: the workbook bytes.
    """
    keluaran = BytesIO()
    buku = xlsxwriter.Workbook(keluaran, {"in_memory": True})
    buku.set_properties({"title": laporan.judul, "subject": laporan.periode, "company": kop.instansi})
    tebal = buku.add_format({"bold": True})
    tengah = buku.add_format({"bold": True, "align": "center"})
    kepala = buku.add_format({"bold": True, "border": 1, "bg_color": "#D9D9D9", "text_wrap": True, "valign": "top"})
    sel = buku.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    bungkus = buku.add_format({"text_wrap": True, "valign": "top"})
    lembar = buku.add_worksheet("Tindak Lanjut")
    lembar.set_landscape()
    lembar.set_paper(9)
    lembar.fit_to_pages(1, 0)
    for kolom, lebar in enumerate((5, 12, 18, 45, 26, 16, 16, 40)):
        lembar.set_column(kolom, kolom, lebar)
    terakhir = len(JUDUL_KEPUTUSAN) - 1
    baris = 0
    for teks in (kop.daerah.upper(), kop.instansi.upper(), kop.alamat, "", laporan.judul,
                 f"{laporan.periode} \u2013 {laporan.perangkat_daerah}"):
        lembar.merge_range(baris, 0, baris, terakhir, teks, tengah)
        baris += 1
    baris += 1
    lembar.write(baris, 0, "A. Rapat Evaluasi Hasil Pengukuran Kinerja", tebal)
    baris += 1
    for label, nilai in baris_identitas(laporan):
        lembar.merge_range(baris, 0, baris, 2, label, tebal)
        lembar.merge_range(baris, 3, baris, terakhir, nilai, bungkus)
        baris += 1

    def tabel(judul: str, kolom: Sequence[str], isi: list[tuple[str, ...]], gabung_akhir: bool) -> None:
        nonlocal baris
        baris += 1
        lembar.write(baris, 0, judul, tebal)
        baris += 1
        if gabung_akhir:
            lembar.write_row(baris, 0, kolom[:-1], kepala)
            lembar.merge_range(baris, len(kolom) - 1, baris, terakhir, kolom[-1], kepala)
        else:
            lembar.write_row(baris, 0, kolom, kepala)
        baris += 1
        for b in isi or [("Tidak ada.",) + ("",) * (len(kolom) - 1)]:
            if gabung_akhir:
                lembar.write_row(baris, 0, b[:-1], sel)
                lembar.merge_range(baris, len(kolom) - 1, baris, terakhir, b[-1], sel)
            else:
                lembar.write_row(baris, 0, b, sel)
            baris += 1

    tabel("B. Temuan", JUDUL_TEMUAN, baris_temuan(laporan), True)
    tabel("C. Keputusan dan Tindak Lanjut", JUDUL_KEPUTUSAN, baris_keputusan(laporan.keputusan), False)
    tabel("D. Keputusan Triwulan Sebelumnya yang Belum Selesai", JUDUL_KEPUTUSAN, baris_keputusan(laporan.bawaan),
          False)
    baris += 1
    for t in tanda_tangan:
        for teks in (f"{t.tempat}, {format_tanggal(t.tanggal)}", t.jabatan, "", "", t.nama,
                     t.pangkat, f"NIP. {format_nip(t.nip)}" if t.nip else ""):
            if teks:
                lembar.write(baris, 6, teks)
            baris += 1
    buku.close()
    return keluaran.getvalue()
