"""LKjIP Bab III (Akuntabilitas Kinerja) drafted from the year's data (issue 16, item 6).

Routes (``/sipekerja/lkjip``): the draft of a year as a page, and as PDF (A4/F4, portrait), XLSX and
DOCX. Everything is GET: nothing is stored; the agency edits the chapter in Word.

Access: the Laporan feature — the Pengguna Utama and the Pimpinan (read-only) of the agency; a
Sekretariat/Bidang account gets 403 (the chapter is the agency's, drawn from every unit's data, as
the other printed reports). Figures are verified figures only (DOMAIN.md "Official figures are
verified figures"), on the page too, since the page is the draft of a printed document.
"""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import render_template
from flask.blueprints import BlueprintSetupState

from ..domain.akses import Fitur
from ..domain.lkjip import BabIII
from ..queries.lkjip import load_bab3
from ..queries.pengukuran import load_skala_aktif
from ..queries.referensi import list_angka_tahun
from ..queries.referensi import load_identitas_laporan
from ..reports.kop import kop
from ..reports.kop import tanda_tangan_laporan
from ..reports.lkjip import JUDUL_ANGGARAN
from ..reports.lkjip import JUDUL_BAB
from ..reports.lkjip import JUDUL_CAPAIAN
from ..reports.lkjip import analisis
from ..reports.lkjip import grafik_indikator
from ..reports.lkjip import kalimat_capaian
from ..reports.lkjip import render_bab3_docx
from ..reports.lkjip import render_bab3_pdf
from ..reports.lkjip import render_bab3_xlsx
from ..reports.lkjip import subjudul
from ..reports.lkjip import tabel_anggaran
from ..reports.lkjip import tabel_capaian
from ..reports.lkjip import tabel_perbandingan
from ..reports.lkjip import tabel_renstra
from ..reports.lkjip import tanda_tangan_bab3
from ..reports.pdf import UKURAN_KERTAS
from . import konteks
from .parameter import ukuran_kertas
from .permissions import require_fitur
from .unduh import PDF_MIME
from .unduh import XLSX_MIME
from .unduh import batasi_unduhan
from .unduh import kirim

bp = Blueprint("lkjip", __name__, url_prefix="/lkjip")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _bab3() -> BabIII | None:
    pd, tahun = konteks.perangkat_daerah(), konteks.tahun_terpilih()
    return load_bab3(perangkat_daerah_id=pd.id, tahun_id=tahun.id, skala=load_skala_aktif(pd.id))


def _bab3_wajib() -> BabIII:
    bab = _bab3()
    if bab is None:
        abort(404, description="Perjanjian Kinerja Kepala untuk tahun ini belum dibuat.")
    return bab


def _identitas(bab: BabIII | None):
    """The letterhead and the head of agency's signature (Referensi; the Kepala's holder where it names nobody)."""
    data_kop, penandatangan = load_identitas_laporan(konteks.perangkat_daerah().id)
    kop_laporan = kop(current_app.config, data_kop)
    ttd = tanda_tangan_laporan(current_app.config, lampiran_pk=False, tanggal=konteks.hari_ini(),
                               kop_laporan=kop_laporan, simpanan=penandatangan)
    return kop_laporan, ttd if bab is None else tanda_tangan_bab3(ttd, bab)


@bp.get("/")
@require_fitur(Fitur.LAPORAN)
def index():
    """Show the year's Bab III draft: per sasaran the tables, a chart and the analysis per indicator,
    the realisasi anggaran per program, and the download buttons."""
    tahun = konteks.tahun_terpilih()
    bab = _bab3()
    kop_laporan, ttd = _identitas(bab)
    return render_template(
        "sipekerja/lkjip/index.html", bab=bab, tahun=tahun, daftar_tahun=list_angka_tahun(), kop=kop_laporan,
        ttd=ttd, ukuran_kertas=tuple(UKURAN_KERTAS), judul_bab=JUDUL_BAB, judul_capaian=JUDUL_CAPAIAN,
        judul_anggaran=JUDUL_ANGGARAN, subjudul=subjudul, tabel_capaian=tabel_capaian,
        tabel_perbandingan=tabel_perbandingan, tabel_renstra=tabel_renstra, tabel_anggaran=tabel_anggaran,
        kalimat_capaian=kalimat_capaian, analisis=analisis, grafik_indikator=grafik_indikator)


def _nama(bab: BabIII) -> str:
    return f"lkjip-{bab.tahun}-bab-iii"


@bp.get("/pdf")
@require_fitur(Fitur.LAPORAN)
def unduh_pdf():
    """Download the draft as a portrait PDF (A4 or F4) with the letterhead and the Kepala's signature."""
    ukuran = ukuran_kertas()
    bab = _bab3_wajib()
    kop_laporan, ttd = _identitas(bab)
    return kirim(render_bab3_pdf(bab, kop=kop_laporan, ttd=ttd, ukuran=ukuran), PDF_MIME, f"{_nama(bab)}.pdf")


@bp.get("/xlsx")
@require_fitur(Fitur.LAPORAN)
def unduh_xlsx():
    """Download the draft as an XLSX workbook (Capaian, Analisis, Anggaran)."""
    bab = _bab3_wajib()
    kop_laporan, ttd = _identitas(bab)
    return kirim(render_bab3_xlsx(bab, kop=kop_laporan, ttd=ttd), XLSX_MIME, f"{_nama(bab)}.xlsx")


@bp.get("/docx")
@require_fitur(Fitur.LAPORAN)
def unduh_docx():
    """Download the draft as a Word document to edit."""
    bab = _bab3_wajib()
    kop_laporan, ttd = _identitas(bab)
    return kirim(render_bab3_docx(bab, kop=kop_laporan, ttd=ttd), DOCX_MIME, f"{_nama(bab)}.docx")


def _batas_unduh_docx() -> str:
    return current_app.config["SIPEKERJA_UNDUH_RATE_LIMIT"]


def _batasi_docx(state: BlueprintSetupState) -> None:
    """The host's download rate limit on the DOCX too (``unduh.batasi_unduhan`` covers PDF and XLSX)."""
    for limiter in state.app.extensions.get("limiter", ()):
        nama = f"{state.name_prefix}.{state.name}.unduh_docx".lstrip(".")
        state.app.view_functions[nama] = limiter.limit(_batas_unduh_docx)(state.app.view_functions[nama])


bp.record(batasi_unduhan)
bp.record(_batasi_docx)
