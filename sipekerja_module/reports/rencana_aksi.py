"""The Rencana Aksi of one PK with its realisasi (issue 16, item 4): "RENCANA AKSI TAHUN N" for a
position, table A — each indicator's annual target, its target and realisasi per triwulan with
the monthly data of its plan indicator beside it — and table B — each action, its output and
penanggung jawab, and its realisasi per triwulan (late ones marked). Signed by the holder of the
position, acknowledged by the one above. Landscape A4 or F4 (reportlab, the letterhead, footer and
signature blocks of :mod:`.pdf`), and an XLSX (xlsxwriter).

Built from a :class:`~sipekerja_module.domain.rencana_aksi.RencanaAksiPK` only; the rows come from
:func:`baris_target` and :func:`baris_aksi` (pure, unit-tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
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
from ..domain.nip import format_nip
from ..domain.pengukuran import label_data_sd
from ..domain.pk import Pihak
from ..domain.rencana_aksi import TRIWULAN
from ..domain.rencana_aksi import IndikatorRencanaAksi
from ..domain.rencana_aksi import RencanaAksiPK
from ..domain.rencana_aksi import label_triwulan
from ..domain.rencana_aksi import sel_aksi
from .kop import NAMA_KOSONG
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

STRIP = "\u2013"


def teks_angka(nilai: Decimal | None) -> str:
    """A measure the Indonesian way (``1.234,5``); ``–`` when empty (never 0)."""
    return STRIP if nilai is None else format_angka(nilai, None)


def judul_rencana_aksi(ra: RencanaAksiPK) -> str:
    """``RENCANA AKSI TAHUN 2024``."""
    return f"RENCANA AKSI TAHUN {ra.tahun}"


def teks_bulanan(ind: IndikatorRencanaAksi, triwulan: int) -> str:
    """The monthly data beside a triwulan: ``12,00 (data s.d. Mei)``, ``belum lapor``, or ``–`` when the
    indicator is not linked to a plan indicator. The realisasi to date is computed (a mean of months,
    say), so it is printed as every computed measure is: two decimals, the one rounding rule."""
    b = ind.bulanan.get(triwulan)
    if b is None:
        return STRIP
    if b.belum_lapor:
        return "belum lapor"
    label = label_data_sd(b.data_sd)
    return format_angka(b.realisasi, 2) + (f" ({label})" if label else "")


@dataclass(frozen=True)
class BarisTarget:
    """A row of table A."""

    nomor: str
    sasaran: str
    indikator: str
    satuan: str
    target_tahunan: str
    #: Per triwulan: (target, realisasi reported by the unit, realisasi from the monthly data).
    triwulan: tuple[tuple[str, str, str], ...]


def baris_target(ra: RencanaAksiPK) -> list[BarisTarget]:
    """Rows of table A: every indicator with its targets and realisasi per triwulan."""
    hasil = []
    for nomor, ind in enumerate(ra.indikator, start=1):
        per_tw = tuple((teks_angka(ind.target.get(tw)),
                        teks_angka(ind.realisasi[tw].nilai) if tw in ind.realisasi else STRIP,
                        teks_bulanan(ind, tw)) for tw in TRIWULAN)
        hasil.append(BarisTarget(str(nomor), ind.sasaran, ind.uraian, ind.satuan, format_target(ind.target_tahunan),
                                 per_tw))
    return hasil


@dataclass(frozen=True)
class BarisAksi:
    """A row of table B."""

    nomor: str
    indikator: str
    aksi: str
    output: str
    penanggung_jawab: str
    #: Per triwulan: "" when not planned, else the state ("Terlaksana", "Terlambat – belum dilaporkan").
    triwulan: tuple[str, ...]
    terlambat: tuple[bool, ...]
    keterangan: str = ""


def _ringkas(teks: str, batas: int | None) -> str:
    return teks if batas is None or len(teks) <= batas else teks[:batas - 1].rstrip() + "\u2026"


def baris_aksi(ra: RencanaAksiPK, hari_ini: date, *, batas_keterangan: int | None = None) -> list[BarisAksi]:
    """Rows of table B: every action with its state per triwulan as of ``hari_ini``.

    :param ra: the Rencana Aksi.
    :param hari_ini: the day late actions are judged on.
    :param batas_keterangan: shorten each triwulan's note to this many characters (the PDF: a table
        row cannot run over a page); None keeps them whole (the XLSX).
    :return: the rows.
    """
    hasil, nomor = [], 0
    for ind in ra.indikator:
        for pertama, aksi in enumerate(ind.aksi):
            nomor += 1
            sel = [sel_aksi(aksi, tw, tahun=ra.tahun, hari_ini=hari_ini) for tw in TRIWULAN]
            catatan = "; ".join(f"{label_triwulan(tw)}: {_ringkas(r.keterangan, batas_keterangan)}"
                                for tw, r in sorted(aksi.realisasi.items()) if r.keterangan)
            hasil.append(BarisAksi(str(nomor), ind.uraian if pertama == 0 else "", aksi.uraian, aksi.output or STRIP,
                                   aksi.penanggung_jawab or STRIP, tuple(s.label for s in sel),
                                   tuple(s.terlambat for s in sel), catatan))
    return hasil


def tanda_tangan_rencana_aksi(ra: RencanaAksiPK) -> list[TandaTangan]:
    """The holder signs on the right under place and date; the position above acknowledges on the left."""
    def blok(pihak: Pihak | None, peran: str) -> TandaTangan:
        return TandaTangan(tempat=ra.tempat, tanggal=ra.tanggal or date(ra.tahun, 1, 1),
                           jabatan=pihak.jabatan if pihak else "", nama=(pihak.nama if pihak else None) or NAMA_KOSONG,
                           nip=pihak.nip if pihak else None, peran=peran)

    return [blok(ra.pihak_kedua, "Mengetahui,"), blok(ra.pihak_pertama, "")]


# --- PDF ---------------------------------------------------------------------------------------

_UKURAN = 7
#: Characters of each triwulan's note printed in the PDF (four full notes would outgrow a page).
_BATAS_KETERANGAN_PDF = 160


def _gaya(tebal: bool = False, rata: int = TA_LEFT, ukuran: float = _UKURAN) -> ParagraphStyle:
    return ParagraphStyle(f"ra-{tebal}-{rata}-{ukuran}", fontName=FONT_TEBAL if tebal else FONT, fontSize=ukuran,
                          leading=ukuran * 1.25, alignment=rata)


def _p(teks: str, **gaya) -> Paragraph:
    return Paragraph(escape(teks), _gaya(**gaya))


def _tabel(data: list[list], lebar_kolom: list[float], gaya: list[tuple], kepala: int) -> Table:
    tabel = Table(data, colWidths=lebar_kolom, repeatRows=kepala)
    tabel.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, kepala - 1), colors.HexColor("#D9D9D9")),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2), *gaya,
    ]))
    return tabel


def _tabel_target(ra: RencanaAksiPK, lebar: float) -> Table:
    kepala = _gaya(tebal=True, rata=TA_CENTER)
    atas = [Paragraph(t, kepala) for t in ("No", "Sasaran", "Indikator Kinerja", "Target PK")]
    bawah: list = ["", "", "", ""]
    for tw in TRIWULAN:
        atas += [Paragraph(label_triwulan(tw), kepala), "", ""]
        bawah += [Paragraph(t, kepala) for t in ("Target", "Realisasi", "Data bulanan")]
    data: list[list] = [atas, bawah]
    for b in baris_target(ra):
        baris = [_p(b.nomor), _p(b.sasaran), _p(b.indikator), _p(f"{b.target_tahunan} {b.satuan}", rata=TA_RIGHT)]
        for t, r, m in b.triwulan:
            baris += [_p(t, rata=TA_RIGHT), _p(r, rata=TA_RIGHT), _p(m, rata=TA_RIGHT)]
        data.append(baris)
    if len(data) == 2:
        data.append([_p("Belum ada indikator.")] + [""] * 15)
    kolom_tw = (lebar - 8 * mm - lebar * 0.36) / 12
    gaya = [("SPAN", (c, 0), (c, 1)) for c in range(4)] + [("SPAN", (4 + 3 * i, 0), (6 + 3 * i, 0)) for i in range(4)]
    return _tabel(data, [8 * mm, lebar * 0.14, lebar * 0.15, lebar * 0.07] + [kolom_tw] * 12, gaya, 2)


def _tabel_aksi(ra: RencanaAksiPK, lebar: float, hari_ini: date) -> Table:
    kepala = _gaya(tebal=True, rata=TA_CENTER)
    judul = ["No", "Indikator Kinerja", "Rencana Aksi", "Output/Target", "Penanggung Jawab",
             *(label_triwulan(tw) for tw in TRIWULAN), "Keterangan"]
    data: list[list] = [[Paragraph(t, kepala) for t in judul]]
    gaya = []
    for nomor, b in enumerate(baris_aksi(ra, hari_ini, batas_keterangan=_BATAS_KETERANGAN_PDF), start=1):
        data.append([_p(b.nomor), _p(b.indikator), _p(b.aksi), _p(b.output), _p(b.penanggung_jawab),
                     *(_p(t, tebal=telat, rata=TA_CENTER) for t, telat in zip(b.triwulan, b.terlambat)),
                     _p(b.keterangan)])
        gaya += [("BACKGROUND", (5 + i, nomor), (5 + i, nomor), colors.HexColor("#F2F2F2"))
                 for i, t in enumerate(b.triwulan) if not t]
    if len(data) == 1:
        data.append([_p("Belum ada rencana aksi.")] + [""] * 9)
    tetap = 8 * mm + lebar * (0.16 + 0.2 + 0.1 + 0.1 + 0.14)
    return _tabel(data, [8 * mm, lebar * 0.16, lebar * 0.2, lebar * 0.1, lebar * 0.1]
                  + [(lebar - tetap) / 4] * 4 + [lebar * 0.14], gaya, 1)


def render_rencana_aksi_pdf(ra: RencanaAksiPK, *, kop: Kop, hari_ini: date, ukuran: str = "A4") -> bytes:
    """Render the Rencana Aksi with its realisasi as a landscape PDF.

    :param ra: the Rencana Aksi.
    :param kop: the agency letterhead.
    :param hari_ini: the day late actions are judged on.
    :param ukuran: ``A4`` or ``F4``.
    :return: the PDF bytes.
    :raise ValueError: for an unknown paper size.
    """
    if ukuran not in UKURAN_KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {ukuran!r} (pilih A4 atau F4).")
    halaman = landscape(UKURAN_KERTAS[ukuran])
    keluaran = BytesIO()
    dokumen = SimpleDocTemplate(keluaran, pagesize=halaman, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                bottomMargin=MARGIN + 4 * mm, title=judul_rencana_aksi(ra), author=kop.instansi,
                                subject=ra.jabatan)
    lebar = halaman[0] - 2 * MARGIN
    isi = [
        *_kop(kop, lebar),
        _p(judul_rencana_aksi(ra), tebal=True, rata=TA_CENTER, ukuran=11),
        _p(f"{ra.jabatan} \u2013 {ra.perangkat_daerah}", tebal=True, rata=TA_CENTER, ukuran=9),
        Spacer(1, 4 * mm),
        judul_bersama([_p("A. Target dan Realisasi Indikator per Triwulan", tebal=True, ukuran=9),
                       Spacer(1, 1 * mm)], _tabel_target(ra, lebar)),
        _p("Target triwulan = target s.d. akhir triwulan; data bulanan = realisasi indikator rencana yang ditautkan "
           "(s.d. akhir triwulan).", ukuran=6.5),
        Spacer(1, 5 * mm),
        judul_bersama([_p("B. Rencana Aksi dan Realisasinya", tebal=True, ukuran=9), Spacer(1, 1 * mm)],
                      tanda_tangan_setelah_tabel(_tabel_aksi(ra, lebar, hari_ini), tanda_tangan_rencana_aksi(ra),
                                                 lebar)),
    ]
    dokumen.build(isi, canvasmaker=_kanvas_bernomor(f"{judul_rencana_aksi(ra)} \u2013 {ra.jabatan}"))
    return keluaran.getvalue()


# --- XLSX --------------------------------------------------------------------------------------


def _lembar_target(target, baris: int, ra: RencanaAksiPK, fmt: dict) -> None:
    target.set_column(0, 0, 5)
    target.set_column(1, 2, 32)
    target.set_column(3, 3, 14)
    target.set_column(4, 15, 11)
    for c, t in enumerate(("No", "Sasaran", "Indikator Kinerja", "Target PK")):
        target.merge_range(baris, c, baris + 1, c, t, fmt["kepala"])
    for i, tw in enumerate(TRIWULAN):
        target.merge_range(baris, 4 + 3 * i, baris, 6 + 3 * i, label_triwulan(tw), fmt["kepala"])
        target.write_row(baris + 1, 4 + 3 * i, ["Target", "Realisasi", "Data bulanan"], fmt["kepala"])
    target.repeat_rows(baris, baris + 1)
    baris += 2
    for ind, b in zip(ra.indikator, baris_target(ra)):
        target.write_row(baris, 0, [b.nomor, b.sasaran, b.indikator, f"{b.target_tahunan} {b.satuan}"], fmt["sel"])
        for i, tw in enumerate(TRIWULAN):
            nilai = (ind.target.get(tw), ind.realisasi[tw].nilai if tw in ind.realisasi else None)
            for j, v in enumerate(nilai):
                if v is None:
                    target.write(baris, 4 + 3 * i + j, STRIP, fmt["sel"])
                else:
                    target.write_number(baris, 4 + 3 * i + j, float(v), fmt["angka"])
            target.write(baris, 6 + 3 * i, b.triwulan[i][2], fmt["sel"])
        baris += 1


def _lembar_aksi(aksi, baris: int, ra: RencanaAksiPK, hari_ini: date, fmt: dict) -> None:
    for c, w in enumerate((5, 32, 40, 18, 18, 14, 14, 14, 14, 30)):
        aksi.set_column(c, c, w)
    aksi.write_row(baris, 0, ["No", "Indikator Kinerja", "Rencana Aksi", "Output/Target", "Penanggung Jawab",
                              *(label_triwulan(tw) for tw in TRIWULAN), "Keterangan"], fmt["kepala"])
    aksi.repeat_rows(baris)
    baris += 1
    for b in baris_aksi(ra, hari_ini):
        aksi.write_row(baris, 0, [b.nomor, b.indikator, b.aksi, b.output, b.penanggung_jawab], fmt["sel"])
        for i, (t, terlambat) in enumerate(zip(b.triwulan, b.terlambat)):
            aksi.write(baris, 5 + i, t, fmt["telat"] if terlambat else fmt["sel"])
        aksi.write(baris, 9, b.keterangan, fmt["sel"])
        baris += 1
    baris += 1
    for t in tanda_tangan_rencana_aksi(ra):
        aksi.write(baris, 2, " ".join(x for x in (t.peran, t.jabatan) if x))
        aksi.write(baris + 1, 2, t.nama + (f" (NIP. {format_nip(t.nip)})" if t.nip else ""))
        baris += 3


def render_rencana_aksi_xlsx(ra: RencanaAksiPK, *, kop: Kop, hari_ini: date) -> bytes:
    """Render the Rencana Aksi as a workbook: sheet *Target* (table A, numbers stored as numbers)
    and sheet *Rencana Aksi* (table B), each set up to print landscape, one page wide.

    :param ra: the Rencana Aksi.
    :param kop: the agency letterhead.
    :param hari_ini: the day late actions are judged on.
    :return: the workbook bytes.
    """
    keluaran = BytesIO()
    buku = xlsxwriter.Workbook(keluaran, {"in_memory": True})
    buku.set_properties({"title": judul_rencana_aksi(ra), "subject": ra.jabatan, "company": kop.instansi})
    tengah = buku.add_format({"bold": True, "align": "center"})
    fmt = {
        "kepala": buku.add_format({"bold": True, "border": 1, "bg_color": "#D9D9D9", "text_wrap": True,
                                   "align": "center", "valign": "vcenter"}),
        "sel": buku.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "angka": buku.add_format({"border": 1, "valign": "top", "num_format": "#,##0.####"}),
        "telat": buku.add_format({"border": 1, "text_wrap": True, "valign": "top", "bold": True,
                                  "font_color": "#C00000"}),
    }

    def siapkan(lembar, kolom: int) -> int:
        lembar.set_landscape()
        lembar.set_paper(9)
        lembar.fit_to_pages(1, 0)
        for baris, teks in enumerate((kop.daerah.upper(), kop.instansi.upper(), kop.alamat, "",
                                      judul_rencana_aksi(ra), f"{ra.jabatan} \u2013 {ra.perangkat_daerah}")):
            lembar.merge_range(baris, 0, baris, kolom - 1, teks, tengah)
        return 7

    target = buku.add_worksheet("Target")
    _lembar_target(target, siapkan(target, 16), ra, fmt)
    aksi = buku.add_worksheet("Rencana Aksi")
    _lembar_aksi(aksi, siapkan(aksi, 10), ra, hari_ini, fmt)
    buku.close()
    return keluaran.getvalue()
