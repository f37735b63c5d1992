"""The Renstra period as a printable table (landscape PDF; the same grid as XLSX): per indicator the
baseline, each year's Renstra target with the PK target(s) of that year below it, and the end-of-period
target; cells where the PK differs from the Renstra are shaded and marked "(beda)".

Built from a :class:`~sipekerja_module.domain.renstra.IsiRenstra` only.
"""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import escape

import xlsxwriter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from ..domain.angka import format_angka
from ..domain.capaian import format_target
from ..domain.renstra import IsiRenstra
from ..domain.renstra import SelTahun
from ..domain.renstra import StatusBanding
from .model import Kop
from .pdf import FONT
from .pdf import FONT_TEBAL
from .pdf import MARGIN
from .pdf import UKURAN_KERTAS
from .pdf import _kanvas_bernomor
from .pdf import _kop

_UKURAN = 7.5
_KUNING = colors.HexColor("#FFF3CD")
KETERANGAN = ("Angka atas: target Renstra tahun itu; di bawahnya: target indikator Perjanjian Kinerja tahun itu "
              "yang ditautkan ke indikator Renstra (PK). \u201c(beda)\u201d dan sel berwarna: target PK berbeda dari "
              "target Renstra tahun yang sama.")


def judul_renstra(isi: IsiRenstra) -> str:
    return f"TARGET RENCANA STRATEGIS (RENSTRA) {isi.renstra.periode}"


def _p(teks: str, *, tebal: bool = False, rata: int = TA_LEFT, ukuran: float = _UKURAN) -> Paragraph:
    gaya = ParagraphStyle(f"renstra-{tebal}-{rata}-{ukuran}", fontName=FONT_TEBAL if tebal else FONT,
                          fontSize=ukuran, leading=ukuran * 1.25, alignment=rata)
    return Paragraph(teks, gaya)


def _angka(nilai) -> str:
    return "\u2013" if nilai is None else format_angka(nilai, None)


def teks_sel(sel: SelTahun) -> str:
    """A year's cell as marked-up text: the Renstra target, then each linked PK target."""
    baris = [escape(_angka(sel.target_renstra))]
    for pk in sel.pk:
        tanda = " <b>(beda)</b>" if pk.status is StatusBanding.BERBEDA else ""
        baris.append(f"<font color='#555555'>PK: {escape(format_target(pk.target))}</font>{tanda}")
    return "<br/>".join(baris)


def render_renstra_pdf(isi: IsiRenstra, *, kop: Kop, perangkat_daerah: str, ukuran: str = "A4") -> bytes:
    """Render a Renstra period as a landscape PDF table with the letterhead.

    :param isi: the period's grid.
    :param kop: the agency letterhead.
    :param perangkat_daerah: the agency's name (subtitle).
    :param ukuran: ``A4`` or ``F4``.
    :return: the PDF bytes.
    :raise ValueError: for an unknown paper size.
    """
    if ukuran not in UKURAN_KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {ukuran!r} (pilih A4 atau F4).")
    halaman = landscape(UKURAN_KERTAS[ukuran])
    keluaran = BytesIO()
    dokumen = SimpleDocTemplate(keluaran, pagesize=halaman, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN + 4 * mm, title=judul_renstra(isi), author=kop.instansi)
    lebar = halaman[0] - 2 * MARGIN
    tahun = isi.renstra.daftar_tahun
    tetap = [8 * mm, 15 * mm, 17 * mm] + [17 * mm] * len(tahun) + [17 * mm]
    sisa = lebar - sum(tetap)
    kolom = [tetap[0], sisa * 0.42, sisa * 0.58, *tetap[1:]]
    kepala = [_p(t, tebal=True, rata=TA_CENTER) for t in ("No", "Sasaran", "Indikator Kinerja", "Satuan",
                                                          "Baseline")]
    kepala += [_p(str(t), tebal=True, rata=TA_CENTER) for t in tahun] + [_p("Target Akhir Periode", tebal=True,
                                                                            rata=TA_CENTER)]
    data = [kepala]
    gaya = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9"))]
    for nomor, b in enumerate(isi.baris, start=1):
        baseline = escape(_angka(b.baseline)) + (f"<br/>({b.tahun_baseline})" if b.tahun_baseline else "")
        baris = [_p(str(nomor), rata=TA_CENTER), _p(escape(b.sasaran)), _p(escape(b.uraian)), _p(escape(b.satuan)),
                 _p(baseline, rata=TA_RIGHT)]
        for i, sel in enumerate(b.sel):
            baris.append(_p(teks_sel(sel), rata=TA_RIGHT))
            if sel.status is StatusBanding.BERBEDA:
                gaya.append(("BACKGROUND", (5 + i, nomor), (5 + i, nomor), _KUNING))
        baris.append(_p(escape(_angka(b.target_akhir)), rata=TA_RIGHT))
        data.append(baris)
    if not isi.baris:
        data.append([_p("Belum ada indikator Renstra.")] + [""] * (len(kolom) - 1))
        gaya.append(("SPAN", (0, 1), (-1, 1)))
    tabel = Table(data, colWidths=kolom, repeatRows=1)
    tabel.setStyle(TableStyle(gaya))
    isi_pdf = [*_kop(kop, lebar), _p(judul_renstra(isi), tebal=True, rata=TA_CENTER, ukuran=11),
               _p(escape(perangkat_daerah.upper()), tebal=True, rata=TA_CENTER, ukuran=9)]
    if isi.renstra.nomor:
        isi_pdf.append(_p(escape(isi.renstra.nomor), rata=TA_CENTER, ukuran=8))
    isi_pdf += [Spacer(1, 4 * mm), tabel, Spacer(1, 3 * mm), _p(escape(KETERANGAN), ukuran=7)]
    dokumen.build(isi_pdf, canvasmaker=_kanvas_bernomor(f"{judul_renstra(isi)} \u2013 {perangkat_daerah}"))
    return keluaran.getvalue()


def render_renstra_xlsx(isi: IsiRenstra, *, kop: Kop, perangkat_daerah: str) -> bytes:
    """The same grid as a workbook: one row per indicator, per year the Renstra target and the PK
    target(s) of that year (text), a difference marked "beda"; numbers as numbers.

    :param isi: the period's grid.
    :param kop: the agency letterhead (title rows).
    :param perangkat_daerah: the agency's name.
    :return: the XLSX bytes.
    """
    keluaran = BytesIO()
    buku = xlsxwriter.Workbook(keluaran, {"in_memory": True})
    lembar = buku.add_worksheet("Renstra")
    tebal = buku.add_format({"bold": True})
    kepala = buku.add_format({"bold": True, "border": 1, "bg_color": "#D9D9D9", "text_wrap": True, "valign": "top"})
    sel = buku.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    angka = buku.add_format({"border": 1, "valign": "top", "num_format": "#,##0.####"})
    beda = buku.add_format({"border": 1, "text_wrap": True, "valign": "top", "bg_color": "#FFF3CD"})
    lembar.write(0, 0, kop.instansi.upper(), tebal)
    lembar.write(1, 0, judul_renstra(isi), tebal)
    lembar.write(2, 0, perangkat_daerah)
    lembar.write(3, 0, isi.renstra.nomor)
    tahun = isi.renstra.daftar_tahun
    judul = ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Baseline", "Tahun Baseline"]
    for t in tahun:
        judul += [f"Target Renstra {t}", f"Target PK {t}"]
    judul.append("Target Akhir Periode")
    lembar.write_row(5, 0, judul, kepala)
    for nomor, b in enumerate(isi.baris, start=1):
        r = 5 + nomor
        lembar.write_row(r, 0, [nomor, b.sasaran, b.uraian, b.satuan], sel)
        _nilai(lembar, r, 4, b.baseline, angka)
        _nilai(lembar, r, 5, b.tahun_baseline, angka)
        for i, s in enumerate(b.sel):
            _nilai(lembar, r, 6 + 2 * i, s.target_renstra, angka)
            teks = "; ".join(format_target(p.target) + (" (beda)" if p.status is StatusBanding.BERBEDA else "")
                             for p in s.pk)
            lembar.write_string(r, 7 + 2 * i, teks, beda if s.status is StatusBanding.BERBEDA else sel)
        _nilai(lembar, r, 6 + 2 * len(tahun), b.target_akhir, angka)
    lembar.set_column(1, 2, 40)
    lembar.set_column(3, 5 + 2 * len(tahun) + 1, 12)
    lembar.write(7 + len(isi.baris), 0, KETERANGAN)
    buku.close()
    return keluaran.getvalue()


def _nilai(lembar, baris: int, kolom: int, nilai, fmt) -> None:
    if nilai is None:
        lembar.write_blank(baris, kolom, None, fmt)
    else:
        lembar.write_number(baris, kolom, float(nilai), fmt)
