"""The Perjanjian Kinerja document of one position (PermenPAN-RB 53/2014): the main text
"PERJANJIAN KINERJA TAHUN N" with the statement between pihak pertama and pihak kedua and both
signatures, then the lampiran — Sasaran | Indikator Kinerja | Target, and Program / Kegiatan /
Sub Kegiatan | Anggaran | Keterangan — signed again. Portrait A4 or F4 (reportlab, with the
letterhead, footer and signature blocks of :mod:`.pdf`), and an XLSX (xlsxwriter).

Built from a :class:`~sipekerja_module.domain.pk.DokumenPK` only; the rows of both lampiran tables
come from :func:`baris_sasaran` and :func:`baris_program` (pure, unit-tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

import xlsxwriter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import PageBreak
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from ..domain.angka import format_angka
from ..domain.capaian import format_target
from ..domain.nip import format_nip
from ..domain.periode import format_tanggal
from ..domain.pk import PEMBUKA_PK
from ..domain.pk import DokumenPK
from ..domain.pk import Pihak
from .kop import NAMA_KOSONG
from .model import Kop
from .model import TandaTangan
from .pdf import FONT
from .pdf import FONT_TEBAL
from .pdf import MARGIN
from .pdf import UKURAN_KERTAS
from .pdf import _kanvas_bernomor
from .pdf import _kop
from .pdf import _tanda_tangan
from .pdf import judul_bersama
from .pdf import tanda_tangan_setelah_tabel

_UKURAN = 10
_INDENTASI = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2, "lain": 0}


def judul_pk(dok: DokumenPK) -> str:
    """``PERJANJIAN KINERJA TAHUN 2024``."""
    return f"PERJANJIAN KINERJA TAHUN {dok.tahun}"


def teks_target(target, satuan: str) -> str:
    """The target as printed with its unit: ``95 Persen``, ``80–90 Persen``; ``–`` when not set."""
    teks = format_target(target)
    return teks if target is None else f"{teks} {satuan}".strip()


def teks_rupiah(nilai: Decimal | None) -> str:
    """Rupiah in whole numbers, ``1.234.567``; ``–`` when not set."""
    return "\u2013" if nilai is None else format_angka(nilai, 0)


@dataclass(frozen=True)
class BarisSasaran:
    """A row of table A: the sasaran (printed on its first indicator's row), number, indicator, target."""

    nomor: str
    sasaran: str
    indikator: str
    target: str
    #: How many rows the sasaran cell spans (0 on the rows it spans over).
    rentang: int
    nilai_target: Decimal | None = None


def baris_sasaran(dok: DokumenPK) -> list[BarisSasaran]:
    """Rows of the lampiran's table A: each sasaran with its indicators and targets.

    :param dok: the PK.
    :return: the rows; a sasaran without indicators still gets one row.
    """
    hasil = []
    for nomor, s in enumerate(dok.sasaran, start=1):
        if not s.indikator:
            hasil.append(BarisSasaran(str(nomor), s.uraian, "\u2013", "\u2013", 1))
            continue
        for urut, ind in enumerate(s.indikator):
            pertama = urut == 0
            hasil.append(BarisSasaran(
                str(nomor) if pertama else "", s.uraian if pertama else "", ind.uraian,
                teks_target(ind.target, ind.satuan), len(s.indikator) if pertama else 0,
                ind.target.nilai if ind.target is not None and not ind.target.is_rentang else None))
    return hasil


@dataclass(frozen=True)
class BarisProgram:
    nomor: str
    uraian: str
    anggaran: str
    keterangan: str
    kedalaman: int
    nilai: Decimal | None = None
    total: bool = False


def baris_program(dok: DokumenPK) -> list[BarisProgram]:
    """Rows of the lampiran's table B with the *Jumlah* row last.

    :param dok: the PK.
    :return: the rows (programs numbered; kegiatan and sub kegiatan indented under them).
    """
    hasil, nomor = [], 0
    for p in dok.program:
        bernomor = p.level in ("program", "lain")
        nomor += bernomor
        uraian = f"{p.kode} {p.uraian}".strip() if p.kode else p.uraian
        hasil.append(BarisProgram(str(nomor) if bernomor else "", uraian, teks_rupiah(p.anggaran), p.keterangan,
                                  _INDENTASI.get(p.level, 0), p.anggaran))
    hasil.append(BarisProgram("", "Jumlah", teks_rupiah(dok.total_anggaran), "", 0, dok.total_anggaran, total=True))
    return hasil


def tanda_tangan_pk(dok: DokumenPK) -> tuple[TandaTangan, TandaTangan]:
    """Both signature blocks: pihak kedua on the left, pihak pertama on the right under the place and date."""

    def blok(pihak: Pihak, peran: str) -> TandaTangan:
        return TandaTangan(tempat=dok.tempat, tanggal=dok.tanggal, jabatan=pihak.jabatan,
                           nama=pihak.nama or NAMA_KOSONG, nip=pihak.nip, peran=peran)

    return blok(dok.pihak_kedua, "PIHAK KEDUA"), blok(dok.pihak_pertama, "PIHAK PERTAMA")


# --- PDF ---------------------------------------------------------------------------------------


def _gaya(tebal: bool = False, rata: int = TA_JUSTIFY, ukuran: float = _UKURAN, kiri: float = 0) -> ParagraphStyle:
    return ParagraphStyle(f"pk-{tebal}-{rata}-{ukuran}-{kiri}", fontName=FONT_TEBAL if tebal else FONT,
                          fontSize=ukuran, leading=ukuran * 1.3, alignment=rata, leftIndent=kiri, spaceAfter=4)


def _p(teks: str, **gaya) -> Paragraph:
    return Paragraph(escape(teks), _gaya(**gaya))


def _identitas(pihak: Pihak, lebar: float) -> Table:
    baris = [["Nama", ":", _p(pihak.nama or NAMA_KOSONG, tebal=True, rata=0)],
             ["Jabatan", ":", _p(pihak.jabatan, rata=0)]]
    if pihak.pangkat:
        baris.append(["Pangkat/Gol.", ":", _p(pihak.pangkat, rata=0)])
    if pihak.nip:
        baris.append(["NIP", ":", _p(format_nip(pihak.nip), rata=0)])
    tabel = Table(baris, colWidths=[28 * mm, 4 * mm, lebar - 32 * mm - 10 * mm])
    tabel.setStyle(TableStyle([("FONT", (0, 0), (1, -1), FONT, _UKURAN), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (0, -1), 10 * mm)]))
    return tabel


def _halaman_utama(dok: DokumenPK, lebar: float) -> list[Flowable]:
    isi: list[Flowable] = [
        _p(judul_pk(dok), tebal=True, rata=TA_CENTER, ukuran=12),
        _p(dok.pihak_pertama.jabatan.upper(), tebal=True, rata=TA_CENTER, ukuran=11),
        Spacer(1, 5 * mm),
        _p(PEMBUKA_PK),
        _identitas(dok.pihak_pertama, lebar),
        _p("selanjutnya disebut pihak pertama."),
        _identitas(dok.pihak_kedua, lebar),
        _p("selaku atasan pihak pertama, selanjutnya disebut pihak kedua."),
    ]
    isi += [_p(teks.format(tahun=dok.tahun)) for teks in dok.pernyataan]
    isi.append(_tanda_tangan(list(tanda_tangan_pk(dok)), lebar))
    return isi


_GRID = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]


def _tabel(data: list[list], lebar_kolom: list[float], garis: list[tuple]) -> Table:
    tabel = Table(data, colWidths=lebar_kolom, repeatRows=1)
    tabel.setStyle(TableStyle([
        *garis, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9")),
    ]))
    return tabel


def _garis_kelompok(akhir_kelompok: list[int]) -> list[tuple]:
    """Lines of the sasaran table: No and Sasaran are written once per sasaran and ruled only below
    its last indicator (not merged cells: a SPAN cannot be split across pages, and a sasaran with
    many indicators must be able to continue on the next page)."""
    return [("BOX", (0, 0), (-1, -1), 0.5, colors.black), ("LINEAFTER", (0, 0), (-2, -1), 0.5, colors.black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black), ("LINEBELOW", (2, 1), (-1, -1), 0.5, colors.black),
            *(("LINEBELOW", (0, r), (1, r), 0.5, colors.black) for r in akhir_kelompok)]


def _lampiran(dok: DokumenPK, lebar: float) -> list[Flowable]:
    kecil = {"ukuran": 9, "rata": 0}
    judul = "Sasaran Strategis" if dok.tingkat_instansi else "Sasaran"
    data: list[list] = [[_p(t, tebal=True, rata=TA_CENTER, ukuran=9) for t in ("No", judul, "Indikator Kinerja",
                                                                            "Target")]]
    akhir_kelompok = []
    for nomor, b in enumerate(baris_sasaran(dok), start=1):
        data.append([_p(b.nomor, **kecil), _p(b.sasaran, **kecil), _p(b.indikator, **kecil),
                     _p(b.target, ukuran=9, rata=TA_RIGHT)])
        if b.rentang:
            akhir_kelompok.append(nomor + b.rentang - 1)
    tabel_a = _tabel(data, [10 * mm, lebar * 0.38, lebar * 0.38, lebar - 10 * mm - lebar * 0.76],
                     _garis_kelompok(akhir_kelompok))
    data = [[_p(t, tebal=True, rata=TA_CENTER, ukuran=9) for t in ("No", "Program / Kegiatan / Sub Kegiatan",
                                                                   "Anggaran (Rp)", "Keterangan")]]
    for b in baris_program(dok):
        data.append([_p(b.nomor, **kecil), Paragraph(escape(b.uraian), _gaya(tebal=b.total or b.kedalaman == 0,
                                                                              rata=0, ukuran=9, kiri=b.kedalaman * 8)),
                     _p(b.anggaran, tebal=b.total, ukuran=9, rata=TA_RIGHT), _p(b.keterangan, **kecil)])
    tabel_b = _tabel(data, [10 * mm, lebar * 0.55, lebar * 0.22, lebar - 10 * mm - lebar * 0.77], _GRID)
    return [
        _p(f"LAMPIRAN {judul_pk(dok)}", tebal=True, rata=TA_CENTER, ukuran=12),
        _p(f"{dok.pihak_pertama.jabatan} \u2013 {dok.perangkat_daerah}", tebal=True, rata=TA_CENTER, ukuran=10),
        Spacer(1, 4 * mm), judul_bersama([_p("A. Sasaran dan Indikator Kinerja", tebal=True, rata=0)], tabel_a),
        Spacer(1, 6 * mm),
        judul_bersama([_p("B. Program dan Anggaran", tebal=True, rata=0)],
                      tanda_tangan_setelah_tabel(tabel_b, list(tanda_tangan_pk(dok)), lebar)),
    ]


def render_pk_pdf(dok: DokumenPK, *, kop: Kop, ukuran: str = "A4") -> bytes:
    """Render the PK as a portrait PDF: the agreement, then its lampiran from a new page.

    :param dok: the PK.
    :param kop: the agency letterhead (first page).
    :param ukuran: ``A4`` or ``F4``.
    :return: the PDF bytes.
    :raise ValueError: for an unknown paper size.
    """
    if ukuran not in UKURAN_KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {ukuran!r} (pilih A4 atau F4).")
    halaman = UKURAN_KERTAS[ukuran]
    keluaran = BytesIO()
    dokumen = SimpleDocTemplate(keluaran, pagesize=halaman, leftMargin=2 * MARGIN, rightMargin=2 * MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm, title=judul_pk(dok),
                                author=kop.instansi, subject=dok.pihak_pertama.jabatan)
    lebar = halaman[0] - 4 * MARGIN
    isi = [*_kop(kop, lebar), *_halaman_utama(dok, lebar), PageBreak(), *_lampiran(dok, lebar)]
    dokumen.build(isi, canvasmaker=_kanvas_bernomor(f"{judul_pk(dok)} \u2013 {dok.pihak_pertama.jabatan}"))
    return keluaran.getvalue()


# --- XLSX --------------------------------------------------------------------------------------


def render_pk_xlsx(dok: DokumenPK, *, kop: Kop) -> bytes:
    """Render the PK as a workbook: sheet *Perjanjian Kinerja* (the agreement) and sheet *Lampiran*
    (both tables; anggaran and single-value targets stored as numbers).

    :param dok: the PK.
    :param kop: the agency letterhead.
    :return: the workbook bytes.
    """
    keluaran = BytesIO()
    buku = xlsxwriter.Workbook(keluaran, {"in_memory": True})
    buku.set_properties({"title": judul_pk(dok), "subject": dok.pihak_pertama.jabatan, "company": kop.instansi})
    tebal = buku.add_format({"bold": True})
    tengah = buku.add_format({"bold": True, "align": "center"})
    bungkus = buku.add_format({"text_wrap": True, "valign": "top"})
    kepala = buku.add_format({"bold": True, "border": 1, "bg_color": "#D9D9D9", "text_wrap": True, "valign": "top"})
    sel = buku.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    rupiah = buku.add_format({"border": 1, "num_format": "#,##0", "valign": "top"})
    rupiah_tebal = buku.add_format({"border": 1, "num_format": "#,##0", "bold": True})

    utama = buku.add_worksheet("Perjanjian Kinerja")
    utama.set_column(0, 0, 16)
    utama.set_column(1, 1, 90)
    baris = 0
    for teks in (kop.daerah.upper(), kop.instansi.upper(), kop.alamat, "", judul_pk(dok), dok.pihak_pertama.jabatan):
        utama.merge_range(baris, 0, baris, 1, teks, tengah)
        baris += 1
    utama.merge_range(baris + 1, 0, baris + 1, 1, PEMBUKA_PK, bungkus)
    baris += 3
    for pihak, penutup in ((dok.pihak_pertama, "selanjutnya disebut pihak pertama."),
                           (dok.pihak_kedua, "selaku atasan pihak pertama, selanjutnya disebut pihak kedua.")):
        for label, nilai in (("Nama", pihak.nama or NAMA_KOSONG), ("Jabatan", pihak.jabatan),
                             ("Pangkat/Gol.", pihak.pangkat), ("NIP", format_nip(pihak.nip) if pihak.nip else None)):
            if nilai:
                utama.write(baris, 0, label, tebal)
                utama.write(baris, 1, nilai)
                baris += 1
        utama.write(baris, 1, penutup)
        baris += 2
    for teks in dok.pernyataan:
        utama.merge_range(baris, 0, baris, 1, teks.format(tahun=dok.tahun), bungkus)
        utama.set_row(baris, 45)
        baris += 2
    utama.write(baris, 1, f"{dok.tempat}, {format_tanggal(dok.tanggal)}" if dok.tanggal else dok.tempat)
    baris += 1
    for t in tanda_tangan_pk(dok):
        utama.write(baris, 0, t.peran, tebal)
        utama.write(baris, 1, f"{t.jabatan} \u2013 {t.nama}" + (f" (NIP. {format_nip(t.nip)})" if t.nip else ""))
        baris += 1

    lampiran = buku.add_worksheet("Lampiran")
    lampiran.set_column(0, 0, 5)
    lampiran.set_column(1, 2, 55)
    lampiran.set_column(3, 3, 22)
    lampiran.merge_range(0, 0, 0, 3, f"LAMPIRAN {judul_pk(dok)}", tengah)
    lampiran.merge_range(1, 0, 1, 3, f"{dok.pihak_pertama.jabatan} \u2013 {dok.perangkat_daerah}", tengah)
    lampiran.write(3, 0, "A. Sasaran dan Indikator Kinerja", tebal)
    judul = "Sasaran Strategis" if dok.tingkat_instansi else "Sasaran"
    lampiran.write_row(4, 0, ["No", judul, "Indikator Kinerja", "Target"], kepala)
    baris = 5
    for b in baris_sasaran(dok):
        lampiran.write(baris, 0, b.nomor, sel)
        lampiran.write(baris, 1, b.sasaran, sel)
        lampiran.write(baris, 2, b.indikator, sel)
        lampiran.write(baris, 3, b.target, sel)
        baris += 1
    baris += 1
    lampiran.write(baris, 0, "B. Program dan Anggaran", tebal)
    lampiran.write_row(baris + 1, 0, ["No", "Program / Kegiatan / Sub Kegiatan", "Anggaran (Rp)", "Keterangan"], kepala)
    baris += 2
    for b in baris_program(dok):
        lampiran.write(baris, 0, b.nomor, sel)
        lampiran.write(baris, 1, ("    " * b.kedalaman) + b.uraian, sel)
        if b.nilai is None:
            lampiran.write(baris, 2, b.anggaran, sel)
        else:
            lampiran.write_number(baris, 2, float(b.nilai), rupiah_tebal if b.total else rupiah)
        lampiran.write(baris, 3, b.keterangan, sel)
        baris += 1
    buku.close()
    return keluaran.getvalue()
