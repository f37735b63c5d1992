"""The LKjIP Bab III draft (``domain.lkjip.BabIII``) as tables, charts and documents: the page's
rows, a portrait PDF (reportlab, letterhead and the Kepala's signature), an XLSX (xlsxwriter) and a
DOCX (python-docx: agencies edit this chapter in Word).

Every table is built once by a pure row builder (:func:`tabel_capaian`, :func:`tabel_perbandingan`,
:func:`tabel_renstra`, :func:`tabel_anggaran`), so the four outputs print the same cells. A cell
carries its text as printed and, for a number, the value (stored as a number in the XLSX).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

import docx
import xlsxwriter
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.shapes import Line
from reportlab.graphics.shapes import Rect
from reportlab.graphics.shapes import String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import KeepTogether
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from ..domain.angka import TANDA_KOSONG
from ..domain.angka import bulatkan
from ..domain.angka import format_angka
from ..domain.angka import format_persen
from ..domain.capaian import format_target
from ..domain.lkjip import AnggaranProgram
from ..domain.lkjip import BabIII
from ..domain.lkjip import CapaianTahun
from ..domain.lkjip import IndikatorBab3
from ..domain.lkjip import SasaranBab3
from ..domain.nip import format_nip
from ..domain.periode import NAMA_BULAN
from ..domain.periode import format_tanggal
from .grafik import Grafik
from .grafik import Seri
from .grafik import batang_horizontal
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

JUDUL_BAB = "BAB III AKUNTABILITAS KINERJA"
JUDUL_CAPAIAN = "A. Capaian Kinerja Organisasi"
JUDUL_ANGGARAN = "B. Realisasi Anggaran"
BELUM_LAPOR = "belum lapor"
TIDAK_DITAUTKAN = "tidak terukur"
#: Printed where the year's notes hold nothing for a field.
TANPA_CATATAN = "(belum ada catatan pada realisasi bulanan)"
#: The analysis fields, as the LKjIP names them.
BIDANG_ANALISIS = (("faktor_pendorong", "Faktor pendorong"), ("faktor_penghambat", "Faktor penghambat"),
                   ("tindak_lanjut", "Tindak lanjut / langkah perbaikan"))


@dataclass(frozen=True)
class SelBab3:
    """A printed cell: the text, and for numbers the value and its kind (``angka``, ``persen``, ``rupiah``)."""

    teks: str
    nilai: Decimal | None = None
    jenis: str = "teks"


@dataclass(frozen=True)
class Tabel:
    """A table of the chapter: column titles and rows of cells; ``lebar`` relative column widths."""

    judul: str
    kolom: tuple[str, ...]
    baris: tuple[tuple[SelBab3, ...], ...]
    lebar: tuple[float, ...]
    #: Index of the columns printed right-aligned (numbers).
    kanan: frozenset[int] = frozenset()


def teks_angka(nilai: Decimal | None) -> str:
    """A measure as printed: as written when it has at most two decimals (``48``, ``12,5``), else two."""
    if nilai is None:
        return TANDA_KOSONG
    return format_angka(nilai, None) if nilai == nilai.quantize(Decimal("0.01")) else format_angka(nilai, 2)


def _sel_angka(nilai: Decimal | None, jenis: str = "angka") -> SelBab3:
    if nilai is None:
        return SelBab3(TANDA_KOSONG)
    if jenis == "persen":
        return SelBab3(format_persen(nilai), bulatkan(nilai), "persen")
    if jenis == "rupiah":
        return SelBab3(format_angka(nilai, 0), nilai, "rupiah")
    return SelBab3(teks_angka(nilai), nilai, "angka")


def _sel_realisasi(c: CapaianTahun) -> SelBab3:
    if not c.tertaut:
        return SelBab3(TIDAK_DITAUTKAN)
    if c.realisasi is None:
        return SelBab3(BELUM_LAPOR)
    sel = _sel_angka(c.realisasi)
    return SelBab3(f"{sel.teks} ({c.label_data_sd})", sel.nilai, sel.jenis) if c.data_sd else sel


def _sel_capaian(c: CapaianTahun) -> SelBab3:
    if c.belum_lapor:
        return SelBab3(BELUM_LAPOR)
    return _sel_angka(c.capaian, "persen")


def tabel_capaian(s: SasaranBab3, tahun: int) -> Tabel:
    """Indikator | Satuan | Target | Realisasi | Capaian | Predikat of a sasaran for the year."""
    baris = tuple(
        (SelBab3(str(n)), SelBab3(i.uraian), SelBab3(i.satuan), SelBab3(format_target(i.tahun_ini.target)),
         _sel_realisasi(i.tahun_ini), _sel_capaian(i.tahun_ini),
         SelBab3(i.tahun_ini.predikat.label if i.tahun_ini.predikat else TANDA_KOSONG))
        for n, i in enumerate(s.indikator, start=1))
    return Tabel(f"Capaian indikator kinerja tahun {tahun}",
                 ("No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian", "Predikat"), baris,
                 (0.05, 0.37, 0.1, 0.1, 0.14, 0.11, 0.13), frozenset({3, 4, 5}))


def tabel_perbandingan(s: SasaranBab3, bab: BabIII) -> Tabel:
    """Realisasi and capaian of each indicator in the earlier years and this one."""
    tahun = (*bab.tahun_pembanding, bab.tahun)
    kolom = ("No", "Indikator Kinerja", *(f"{judul} {t}" for t in tahun for judul in ("Realisasi", "Capaian")))
    baris = tuple(
        (SelBab3(str(n)), SelBab3(f"{i.uraian} ({i.satuan})"),
         *(sel for c in i.seri for sel in (_sel_realisasi(c), _sel_capaian(c))))
        for n, i in enumerate(s.indikator, start=1))
    sisa = 0.61 / (2 * len(tahun))
    judul = "Perbandingan realisasi dan capaian dengan tahun sebelumnya"
    if not bab.tahun_pembanding:
        judul += " (belum ada data tahun sebelumnya di sistem)"
    return Tabel(judul, kolom, baris,
                 (0.05, 0.34, *([sisa] * (2 * len(tahun)))), frozenset(range(2, len(kolom))))


def tabel_renstra(s: SasaranBab3, tahun: int) -> Tabel:
    """Baseline | end-of-period target | realisasi | % of the way, per indicator ("–" without a Renstra target)."""
    baris = []
    for n, i in enumerate(s.indikator, start=1):
        r = i.renstra
        akhir = TANDA_KOSONG if r is None else f"{teks_angka(r.target_akhir)} ({r.tahun_akhir})"
        baris.append((SelBab3(str(n)), SelBab3(f"{i.uraian} ({i.satuan})"),
                      _sel_angka(r.baseline if r else None),
                      SelBab3(akhir, r.target_akhir if r else None, "angka" if r and r.target_akhir is not None
                              else "teks"),
                      _sel_realisasi(i.tahun_ini), _sel_angka(r.persen_jalan if r else None, "persen")))
    return Tabel("Perbandingan dengan target akhir Renstra",
                 ("No", "Indikator Kinerja", "Baseline", "Target Akhir Renstra", f"Realisasi {tahun}",
                  "% Capaian thd Target Akhir"), tuple(baris), (0.05, 0.39, 0.12, 0.16, 0.14, 0.14),
                 frozenset({2, 3, 4, 5}))


def _baris_anggaran(nomor: str, a: AnggaranProgram) -> tuple[SelBab3, ...]:
    return (SelBab3(nomor), SelBab3(f"{a.kode} {a.nama}".strip()), _sel_angka(a.pagu, "rupiah"),
            _sel_angka(a.realisasi, "rupiah") if a.realisasi is not None else SelBab3(BELUM_LAPOR),
            _sel_angka(a.persen, "persen"))


def tabel_anggaran(bab: BabIII) -> Tabel:
    """Program | Pagu | Realisasi | %, with the *Jumlah* row last."""
    baris = [_baris_anggaran(str(n), p) for n, p in enumerate(bab.program, start=1)]
    baris.append(_baris_anggaran("", bab.total_anggaran))
    return Tabel(f"Realisasi anggaran per program tahun {bab.tahun}",
                 ("No", "Program", "Pagu (Rp)", "Realisasi (Rp)", "% Realisasi"), tuple(baris),
                 (0.05, 0.47, 0.18, 0.18, 0.12), frozenset({2, 3, 4}))


def kalimat_capaian(i: IndikatorBab3, tahun: int) -> str:
    """The opening sentence of an indicator's analysis, drafted from its figures (to be edited)."""
    c = i.tahun_ini
    if not c.tertaut:
        return (f"Indikator {i.uraian} belum ditautkan ke indikator rencana, sehingga realisasinya tahun {tahun} "
                "belum terukur di sistem.")
    if c.realisasi is None:
        return f"Realisasi indikator {i.uraian} tahun {tahun} belum dilaporkan (atau belum diverifikasi)."
    kalimat = (f"Realisasi indikator {i.uraian} tahun {tahun} sebesar {teks_angka(c.realisasi)} {i.satuan}"
               + (f" ({c.label_data_sd})" if c.data_sd else "")
               + f" dari target {format_target(c.target)} {i.satuan}")
    if c.capaian is not None:
        kalimat += f", capaian {format_persen(c.capaian)}" + (f" ({c.predikat.label})" if c.predikat else "")
    kalimat += "."
    lalu = [r for r in i.riwayat if r.realisasi is not None]
    if lalu:
        kalimat += " Tahun sebelumnya: " + "; ".join(
            f"{r.tahun} realisasi {teks_angka(r.realisasi)}" + (f" ({r.label_data_sd})" if r.data_sd else "")
            + (f", capaian {format_persen(r.capaian)}" if r.capaian is not None else "") for r in lalu) + "."
    if i.renstra is not None and i.renstra.persen_jalan is not None:
        kalimat += (f" Terhadap target akhir Renstra {teks_angka(i.renstra.target_akhir)} {i.satuan} "
                    f"({i.renstra.tahun_akhir}) telah tercapai {format_persen(i.renstra.persen_jalan)}.")
    return kalimat


def analisis(i: IndikatorBab3) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(field title, its texts) for the analysis draft; a field without notes prints :data:`TANPA_CATATAN`."""
    return tuple((judul, getattr(i.catatan, nama) or (TANPA_CATATAN,)) for nama, judul in BIDANG_ANALISIS)


def grafik_indikator(i: IndikatorBab3, id: str) -> Grafik:
    """Capaian of the indicator per year (earlier years and this one), the 100% line dashed."""
    return batang_horizontal(
        id=id, judul=f"Capaian {i.uraian} per tahun",
        deskripsi=f"Capaian indikator {i.uraian} setiap tahun yang ada di sistem; tahun tanpa data ditandai belum "
                  "terukur; garis putus-putus menandai 100%.",
        kategori=[f"Tahun {c.tahun}" for c in i.seri], seri=[Seri("Capaian", tuple(c.capaian for c in i.seri))])


def tanda_tangan_bab3(ttd: Sequence[TandaTangan], bab: BabIII) -> tuple[TandaTangan, ...]:
    """The head of agency's block: as Referensi says; where it names nobody, the Kepala's holder of the
    year (from the positions of the Perjanjian Kinerja)."""
    p = bab.pemegang_kepala
    if p is None:
        return tuple(ttd)
    return tuple(replace(t, nama=p.nama, nip=p.nip, pangkat=p.pangkat or "") if t.nama == NAMA_KOSONG else t
                 for t in ttd)


def subjudul(bab: BabIII) -> tuple[str, ...]:
    """The lines under the chapter title: agency and year, and what the figures are."""
    data = f"data terverifikasi s.d. {NAMA_BULAN[bab.bulan_data - 1]}" if bab.bulan_data else \
        "belum ada data terverifikasi"
    return (f"{bab.perangkat_daerah} \u2013 Tahun {bab.tahun}",
            f"Draf dari SI PEKERJA ({data}); sunting sebelum ditetapkan.")


# --- PDF ---------------------------------------------------------------------------------------


def _gaya(tebal: bool = False, rata: int = TA_LEFT, ukuran: float = 8.5, kiri: float = 0) -> ParagraphStyle:
    return ParagraphStyle(f"lkjip-{tebal}-{rata}-{ukuran}-{kiri}", fontName=FONT_TEBAL if tebal else FONT,
                          fontSize=ukuran, leading=ukuran * 1.25, alignment=rata, leftIndent=kiri, spaceAfter=3)


def _p(teks: str, **gaya) -> Paragraph:
    return Paragraph(escape(teks), _gaya(**gaya))


def _tabel_pdf(t: Tabel, lebar: float, *, tebal_akhir: bool = False,
               ttd: Sequence[TandaTangan] | None = None, pembuka: Sequence[Flowable] = ()) -> list[Flowable]:
    """The table under its title (and ``pembuka``, the headings above it: "A. ...", a sasaran): moved
    whole to the next page when it fits there and not here; when longer than a page, its headings
    stay with its header and first rows (:func:`.pdf.judul_bersama`). With ``ttd``, the signature
    block follows it on a page that also holds the table's last rows."""
    kecil = 7.5
    data: list[list] = [[_p(k, tebal=True, rata=TA_CENTER, ukuran=kecil) for k in t.kolom]]
    for baris in t.baris:
        data.append([_p(sel.teks, ukuran=kecil, rata=TA_RIGHT if n in t.kanan else TA_LEFT)
                     for n, sel in enumerate(baris)])
    tabel = Table(data, colWidths=[lebar * w for w in t.lebar], repeatRows=1)
    gaya = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9"))]
    if tebal_akhir:
        gaya.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#EEEEEE")))
    tabel.setStyle(TableStyle(gaya))
    judul = [*pembuka, _p(t.judul, tebal=True, ukuran=8.5)]
    if ttd is not None:
        return [judul_bersama(judul, tanda_tangan_setelah_tabel(tabel, list(ttd), lebar), utuh=True)]
    return [judul_bersama(judul, tabel, utuh=True), Spacer(1, 4 * mm)]


def gambar_grafik(g: Grafik, lebar: float) -> Drawing:
    """The SVG layout of :mod:`.grafik` drawn with reportlab graphics, scaled to ``lebar`` (y flipped)."""
    skala = lebar / g.lebar
    tinggi = g.tinggi * skala
    gambar = Drawing(lebar, tinggi)

    def y(nilai: float) -> float:
        return tinggi - nilai * skala

    for gr in g.garis:
        garis = Line(gr.x1 * skala, y(gr.y1), gr.x2 * skala, y(gr.y2),
                     strokeColor=colors.black if gr.acuan else colors.HexColor("#CED4DA"), strokeWidth=0.6)
        if gr.acuan:
            garis.strokeDashArray = [3, 2]
        gambar.add(garis)
    for b in g.batang:
        if b.lebar:
            gambar.add(Rect(b.x * skala, y(b.y + b.tinggi), b.lebar * skala, b.tinggi * skala,
                            fillColor=colors.HexColor(b.warna), strokeColor=None))
        gambar.add(String(b.label_x * skala, y(b.label_y), b.label, fontName=FONT, fontSize=7,
                          fillColor=colors.black if b.terukur else colors.grey))
    for t in g.teks:
        gambar.add(String(t.x * skala, y(t.y), t.isi, fontName=FONT, fontSize=7, textAnchor=t.rata))
    return gambar


def _indikator_pdf(i: IndikatorBab3, nomor: str, tahun: int, lebar: float) -> list[Flowable]:
    isi: list[Flowable] = [_p(f"{nomor} {i.uraian}", tebal=True, ukuran=8.5),
                           _p(kalimat_capaian(i, tahun), rata=TA_JUSTIFY)]
    isi.append(gambar_grafik(grafik_indikator(i, f"g-{i.id}"), lebar * 0.85))
    for judul, teks in analisis(i):
        # A field's title stays with its first note.
        poin = [_p(f"\u2022 {t}", kiri=8, rata=TA_JUSTIFY) for t in teks]
        isi += [KeepTogether([_p(f"{judul}:", tebal=True), *poin[:1]]), *poin[1:]]
    return [KeepTogether(isi[:3]), *isi[3:], Spacer(1, 3 * mm)]


def render_bab3_pdf(bab: BabIII, *, kop: Kop, ttd: Sequence[TandaTangan], ukuran: str = "A4") -> bytes:
    """Render the chapter as a portrait PDF with the letterhead and the Kepala's signature.

    :param bab: the chapter.
    :param kop: the agency letterhead.
    :param ttd: the signature blocks (the head of agency).
    :param ukuran: ``A4`` or ``F4``.
    :return: the PDF bytes.
    :raise ValueError: for an unknown paper size.
    """
    if ukuran not in UKURAN_KERTAS:
        raise ValueError(f"Ukuran kertas tidak dikenal: {ukuran!r} (pilih A4 atau F4).")
    halaman = UKURAN_KERTAS[ukuran]
    keluaran = BytesIO()
    dokumen = SimpleDocTemplate(keluaran, pagesize=halaman, leftMargin=2 * MARGIN, rightMargin=2 * MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm, title=f"LKjIP {bab.tahun} {JUDUL_BAB}",
                                author=kop.instansi)
    lebar = halaman[0] - 4 * MARGIN
    isi: list[Flowable] = [*_kop(kop, lebar), _p(JUDUL_BAB, tebal=True, rata=TA_CENTER, ukuran=12)]
    isi += [_p(t, rata=TA_CENTER, ukuran=9) for t in subjudul(bab)]
    isi.append(Spacer(1, 3 * mm))
    # "A. ..." and each sasaran's heading go with what follows them (never alone at a page foot).
    pembuka = [_p(JUDUL_CAPAIAN, tebal=True, ukuran=10)]
    if not bab.sasaran:
        isi.append(KeepTogether([*pembuka, _p("Perjanjian Kinerja Kepala belum memuat sasaran.")]))
    for s in bab.sasaran:
        pembuka.append(_p(f"Sasaran {s.nomor}: {s.uraian}", tebal=True, ukuran=9.5))
        isi += _tabel_pdf(tabel_capaian(s, bab.tahun), lebar, pembuka=pembuka)
        pembuka = []
        isi += _tabel_pdf(tabel_perbandingan(s, bab), lebar)
        isi += _tabel_pdf(tabel_renstra(s, bab.tahun), lebar)
        for n, i in enumerate(s.indikator, start=1):
            isi += _indikator_pdf(i, f"{s.nomor}.{n}", bab.tahun, lebar)
    isi += _tabel_pdf(tabel_anggaran(bab), lebar, tebal_akhir=True, ttd=ttd,
                      pembuka=[_p(JUDUL_ANGGARAN, tebal=True, ukuran=10)])
    dokumen.build(isi, canvasmaker=_kanvas_bernomor(f"LKjIP {bab.tahun} \u2013 {JUDUL_BAB} \u2013 "
                                                    f"{bab.perangkat_daerah}"))
    return keluaran.getvalue()


# --- XLSX --------------------------------------------------------------------------------------


def render_bab3_xlsx(bab: BabIII, *, kop: Kop, ttd: Sequence[TandaTangan]) -> bytes:
    """Render the chapter as a workbook: sheet *Capaian* (every sasaran's tables, numbers stored as
    numbers), *Analisis* (the notes per indicator) and *Anggaran*, each with the letterhead lines.

    :param bab: the chapter.
    :param kop: the agency letterhead.
    :param ttd: the signature blocks.
    :return: the workbook bytes.
    """
    keluaran = BytesIO()
    buku = xlsxwriter.Workbook(keluaran, {"in_memory": True})
    buku.set_properties({"title": f"LKjIP {bab.tahun} {JUDUL_BAB}", "company": kop.instansi})
    f = {
        "judul": buku.add_format({"bold": True}),
        "kepala": buku.add_format({"bold": True, "border": 1, "bg_color": "#D9D9D9", "text_wrap": True,
                                   "valign": "top"}),
        "teks": buku.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "angka": buku.add_format({"border": 1, "num_format": "#,##0.##", "valign": "top"}),
        "persen": buku.add_format({"border": 1, "num_format": "0.00\"%\"", "valign": "top"}),
        "rupiah": buku.add_format({"border": 1, "num_format": "#,##0", "valign": "top"}),
        "bungkus": buku.add_format({"text_wrap": True, "valign": "top"}),
    }

    def kepala(lembar, judul: str) -> int:
        for n, teks in enumerate((kop.daerah.upper(), kop.instansi.upper(), JUDUL_BAB, *subjudul(bab), judul)):
            lembar.write(n, 0, teks, f["judul"])
        return 7

    def tulis_tabel(lembar, baris: int, t: Tabel) -> int:
        lembar.write(baris, 0, t.judul, f["judul"])
        lembar.write_row(baris + 1, 0, t.kolom, f["kepala"])
        baris += 2
        for isi in t.baris:
            for k, sel in enumerate(isi):
                if sel.nilai is not None:
                    lembar.write_number(baris, k, float(sel.nilai), f[sel.jenis])
                else:
                    lembar.write(baris, k, sel.teks, f["teks"])
            baris += 1
        return baris + 1

    capaian = buku.add_worksheet("Capaian")
    capaian.set_column(0, 0, 5)
    capaian.set_column(1, 1, 50)
    capaian.set_column(2, 12, 15)
    baris = kepala(capaian, JUDUL_CAPAIAN)
    for s in bab.sasaran:
        capaian.write(baris, 0, f"Sasaran {s.nomor}: {s.uraian}", f["judul"])
        baris += 1
        for t in (tabel_capaian(s, bab.tahun), tabel_perbandingan(s, bab), tabel_renstra(s, bab.tahun)):
            baris = tulis_tabel(capaian, baris, t)

    lembar = buku.add_worksheet("Analisis")
    lembar.set_column(0, 0, 8)
    lembar.set_column(1, 1, 40)
    lembar.set_column(2, 5, 45)
    baris = kepala(lembar, "Draf analisis per indikator")
    lembar.write_row(baris, 0, ("No", "Indikator Kinerja", "Uraian capaian",
                                *(judul for _, judul in BIDANG_ANALISIS)), f["kepala"])
    baris += 1
    for s in bab.sasaran:
        for n, i in enumerate(s.indikator, start=1):
            lembar.write_row(baris, 0, (f"{s.nomor}.{n}", i.uraian, kalimat_capaian(i, bab.tahun),
                                        *("\n".join(teks) for _, teks in analisis(i))), f["teks"])
            baris += 1

    anggaran = buku.add_worksheet("Anggaran")
    anggaran.set_column(0, 0, 5)
    anggaran.set_column(1, 1, 60)
    anggaran.set_column(2, 4, 18)
    baris = tulis_tabel(anggaran, kepala(anggaran, JUDUL_ANGGARAN), tabel_anggaran(bab))
    for t in ttd:
        anggaran.write(baris, 1, f"{t.tempat}, {format_tanggal(t.tanggal)}")
        anggaran.write(baris + 1, 1, t.jabatan)
        anggaran.write(baris + 2, 1, t.nama + (f" (NIP. {format_nip(t.nip)})" if t.nip else ""))
        baris += 4
    buku.close()
    return keluaran.getvalue()


# --- DOCX --------------------------------------------------------------------------------------


def _tabel_docx(dokumen, t: Tabel) -> None:
    dokumen.add_paragraph(t.judul).runs[0].bold = True
    tabel = dokumen.add_table(rows=1, cols=len(t.kolom))
    tabel.style = "Table Grid"
    for k, judul in enumerate(t.kolom):
        sel = tabel.rows[0].cells[k]
        sel.text = judul
        sel.paragraphs[0].runs[0].bold = True
    for isi in t.baris:
        sel_baris = tabel.add_row().cells
        for k, sel in enumerate(isi):
            sel_baris[k].text = sel.teks
            if k in t.kanan:
                sel_baris[k].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dokumen.add_paragraph()


def render_bab3_docx(bab: BabIII, *, kop: Kop, ttd: Sequence[TandaTangan]) -> bytes:
    """Render the chapter as a Word document to edit: headings (Bab, A/B, each sasaran and indicator),
    the tables as Word tables, the drafted sentences and notes as paragraphs and bullets, the
    signature block. The charts are in the PDF and on the page (the DOCX carries their figures in the
    comparison table).

    :param bab: the chapter.
    :param kop: the agency letterhead.
    :param ttd: the signature blocks.
    :return: the DOCX bytes.
    """
    dokumen = docx.Document()
    dokumen.core_properties.title = f"LKjIP {bab.tahun} \u2013 {JUDUL_BAB}"
    dokumen.core_properties.author = kop.instansi
    gaya = dokumen.styles["Normal"]
    gaya.font.name = "Arial"
    gaya.font.size = Pt(11)
    for teks in (kop.daerah.upper(), kop.instansi.upper(), kop.alamat):
        p = dokumen.add_paragraph(teks)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dokumen.add_heading(JUDUL_BAB, level=1)
    for teks in subjudul(bab):
        dokumen.add_paragraph(teks)
    dokumen.add_heading(JUDUL_CAPAIAN, level=2)
    for s in bab.sasaran:
        dokumen.add_heading(f"Sasaran {s.nomor}: {s.uraian}", level=3)
        for t in (tabel_capaian(s, bab.tahun), tabel_perbandingan(s, bab), tabel_renstra(s, bab.tahun)):
            _tabel_docx(dokumen, t)
        for n, i in enumerate(s.indikator, start=1):
            dokumen.add_heading(f"{s.nomor}.{n} {i.uraian}", level=4)
            dokumen.add_paragraph(kalimat_capaian(i, bab.tahun))
            for judul, teks in analisis(i):
                dokumen.add_paragraph(f"{judul}:").runs[0].bold = True
                for baris in teks:
                    dokumen.add_paragraph(baris, style="List Bullet")
    dokumen.add_heading(JUDUL_ANGGARAN, level=2)
    _tabel_docx(dokumen, tabel_anggaran(bab))
    for t in ttd:
        baris = [f"{t.tempat}, {format_tanggal(t.tanggal)}", t.jabatan, "", "", t.nama]
        baris += [t.pangkat] if t.pangkat else []
        baris += [f"NIP. {format_nip(t.nip)}"] if t.nip else []
        for teks in baris:
            dokumen.add_paragraph(teks).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    keluaran = BytesIO()
    dokumen.save(keluaran)
    return keluaran.getvalue()
