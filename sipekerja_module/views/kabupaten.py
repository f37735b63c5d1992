"""Kabupaten dashboard for kabupaten-level Pimpinan (Sekda, Bappeda, Inspektorat): capaian and
serapan per perangkat daerah per triwulan, with the ranking; each agency opens read-only; the
*Laporan Pengukuran Kinerja Kabupaten* of a triwulan or the year downloads as PDF or XLSX
(built agency by agency: one statement for the list of agencies, eight per agency, plus a fixed
few for the sign-in, year and scale; rate-limited like the agency reports).

The dashboard asks for the report by a POST (:func:`minta_laporan`): it is built as a job
(``antrian.jalankan`` -> ``tugas.buat_laporan_kabupaten``), the browser lands on a page that shows
the progress (``sipekerja.js`` polls :func:`status_laporan`) and the download link when the file is
ready (:func:`unduh_laporan`). Without Redis the job runs inside the POST, so the page says "siap"
at once. Only the user who asked sees the job. The two GET downloads below still build the report
in the request (for scripts and bookmarks); the dashboard no longer links them."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import url_for
from wtforms import SelectField

from .. import antrian
from .. import tugas
from ..commit_hooks import status_ringkasan
from ..domain.akses import Fitur
from ..domain.periode import NAMA_TRIWULAN
from ..domain.periode import Periode
from ..domain.periode import parse_periode
from ..extensions import db_session
from ..models import PerangkatDaerah
from ..queries.kabupaten import load_dasbor_kabupaten
from ..queries.kabupaten import muat_per_pd
from ..queries.kabupaten import versi_kabupaten
from ..queries.pengukuran import load_skala_aktif
from ..queries.referensi import list_angka_tahun
from ..reports.csv import isi_bagian
from ..reports.csv import render_csv
from ..reports.csv import render_csv_zip
from ..reports.kabupaten import laporan_pengukuran_kabupaten
from ..reports.model import Kop
from ..reports.model import LaporanBertahap
from ..reports.model import TandaTangan
from ..reports.pdf import UKURAN_KERTAS
from ..reports.pdf import render_pdf
from ..reports.xlsx import render_xlsx
from ..services.penyimpanan import PenyimpananGagal
from . import fragmen
from . import konteks
from .berkas import jawab_aliran
from .forms import FormulirDasar
from .forms import pilihan
from .laporan import PILIHAN_PERIODE
from .laporan import bagian_terpilih
from .parameter import periode_diminta
from .parameter import ukuran_kertas
from .permissions import require_fitur
from .unduh import CSV_MIME
from .unduh import PDF_MIME
from .unduh import XLSX_MIME
from .unduh import ZIP_MIME
from .unduh import batasi_unduhan
from .unduh import kirim

bp = Blueprint("kabupaten", __name__, url_prefix="/kabupaten")


class LaporanKabupatenForm(FormulirDasar):
    """A request for the *Laporan Pengukuran Kinerja Kabupaten* (built as a job)."""

    periode = SelectField("Periode", choices=pilihan((p.kode, p.label) for p in PILIHAN_PERIODE), default="tahun")
    ukuran = SelectField("Ukuran kertas", choices=pilihan((u, u) for u in UKURAN_KERTAS), default="A4")
    format = SelectField("Format", choices=pilihan((("pdf", "PDF"), ("xlsx", "XLSX"))), default="pdf")


def _assert_kabupaten() -> None:
    if not konteks.is_kabupaten():
        abort(403)  # agency accounts see their own agency only


@bp.get("/")
@require_fitur(Fitur.PENGUKURAN)
def index():
    """Show every agency's capaian and serapan per triwulan with the ranking."""
    _assert_kabupaten()
    tahun = konteks.tahun_terpilih()

    def halaman() -> str:
        return render_template("sipekerja/kabupaten/_halaman.html", baris=load_dasbor_kabupaten(
            tahun_id=tahun.id, skala=load_skala_aktif()), tahun=tahun, daftar_tahun=list_angka_tahun(),
            nama_triwulan=NAMA_TRIWULAN, pilihan_periode=PILIHAN_PERIODE, ukuran_kertas=tuple(UKURAN_KERTAS))

    # The aggregates a queued job rewrote change no data version: their generation joins the key.
    tertunda, generasi = status_ringkasan(tahun.id)
    isi = fragmen.ambil("kabupaten", (tahun.id,), halaman, lingkup=("kabupaten", *versi_kabupaten(), generasi))
    return render_template("sipekerja/kabupaten/index.html", isi=isi, tertunda=len(tertunda), tahun=tahun,
                           form=LaporanKabupatenForm())


@bp.get("/buka/<int:pd_id>")
@require_fitur(Fitur.PENGUKURAN)
def buka(pd_id: int):
    """Open one agency read-only: the module's pages then show that agency."""
    _assert_kabupaten()
    pd = db_session.get(PerangkatDaerah, pd_id)
    if pd is None or not pd.aktif:
        abort(404)
    konteks.pilih_perangkat_daerah(pd.id)
    return redirect(url_for("sipekerja.home"))


def _identitas_kabupaten() -> tuple[Kop, tuple[TandaTangan, ...]]:
    return tugas.identitas_kabupaten(konteks.hari_ini())


def _laporan_kabupaten() -> LaporanBertahap:
    """The kabupaten report of ``?tahun=`` and ``?periode=`` (``tw1``..``tw4``, ``tahun``; default the
    year), streamed: agencies are loaded while it is rendered."""
    periode = periode_diminta(boleh_bulan=False) or Periode.tahunan()
    tahun = konteks.tahun_terpilih()
    skala = load_skala_aktif()
    return laporan_pengukuran_kabupaten(
        muat_per_pd(tahun_id=tahun.id, periode=periode, skala=skala), tahun=tahun.tahun, periode=periode,
        skala=skala, daerah=f"Pemerintah {current_app.config['SIPEKERJA_NAMA_DAERAH']}")


@bp.get("/laporan-pengukuran/pdf")
@require_fitur(Fitur.LAPORAN)
def unduh_pdf():
    """Download the *Laporan Pengukuran Kinerja Kabupaten* as a landscape PDF (``?ukuran=`` A4 or F4)."""
    _assert_kabupaten()
    ukuran = ukuran_kertas()
    laporan = _laporan_kabupaten()
    kop_laporan, ttd = _identitas_kabupaten()
    isi = render_pdf(laporan, ukuran=ukuran, kop=kop_laporan, ttd=ttd)
    return kirim(isi, PDF_MIME, f"{laporan.nama_berkas}.pdf")


@bp.get("/laporan-pengukuran/xlsx")
@require_fitur(Fitur.LAPORAN)
def unduh_xlsx():
    """Download the *Laporan Pengukuran Kinerja Kabupaten* as an XLSX workbook, one sheet per section,
    set up to print on the paper of ``?ukuran=`` with the letterhead and the signature block."""
    _assert_kabupaten()
    ukuran = ukuran_kertas()
    laporan = _laporan_kabupaten()
    kop_laporan, ttd = _identitas_kabupaten()
    return kirim(render_xlsx(laporan, kop=kop_laporan, ttd=ttd, ukuran=ukuran), XLSX_MIME,
                 f"{laporan.nama_berkas}.xlsx")


@bp.get("/laporan-pengukuran/csv")
@require_fitur(Fitur.LAPORAN)
def unduh_csv():
    """Download the tables of the *Laporan Pengukuran Kinerja Kabupaten* as a ZIP of CSVs (one per
    section), or ``?bagian=N`` for one section's CSV."""
    _assert_kabupaten()
    laporan = _laporan_kabupaten()
    nomor = bagian_terpilih(len(laporan.bagian))
    if nomor is None:
        return kirim(render_csv_zip(laporan), ZIP_MIME, f"{laporan.nama_berkas}-csv.zip")
    bagian, baris = isi_bagian(laporan)[nomor - 1]
    return kirim(render_csv(bagian, baris), CSV_MIME, f"{laporan.nama_berkas}-bagian-{nomor}.csv")
@bp.post("/laporan-pengukuran/minta")
@require_fitur(Fitur.LAPORAN)
def minta_laporan():
    """Ask for the kabupaten report of ``?tahun=``: a job builds it; the browser goes to its page."""
    _assert_kabupaten()
    tahun = konteks.tahun_terpilih()
    form = LaporanKabupatenForm()
    if not form.validate_on_submit():
        for pesan in (p for daftar in form.errors.values() for p in daftar):
            flash(pesan, "danger")
        return redirect(url_for(".index", tahun=tahun.tahun))
    try:
        tugas.bersihkan_kedaluwarsa()
        tugas_id = tugas.catat_permintaan(pengguna_id=konteks.pengguna().id, tahun=tahun.tahun,
                                          periode=form.periode.data, ukuran=form.ukuran.data,
                                          format=form.format.data)
    except PenyimpananGagal as exc:  # the store keeps the job's record: without it, nothing to follow
        current_app.logger.warning("Permintaan laporan kabupaten tidak dicatat: %s", exc)
        flash(exc.pesan, "danger")
        return redirect(url_for(".index", tahun=tahun.tahun))
    try:
        antrian.jalankan(tugas.buat_laporan_kabupaten, tugas_id, konteks.hari_ini().isoformat())
    except Exception:  # built inline and failed: the job's record says so (logged by the job)
        db_session.rollback()
    return redirect(url_for(".laporan_tugas", tugas_id=tugas_id))


def _meta_milik_sendiri(tugas_id: str) -> dict:
    """The job's record when the signed-in user asked for it; 404 otherwise (unknown, expired, another's)."""
    _assert_kabupaten()
    try:
        meta = tugas.baca_meta(tugas_id)
    except PenyimpananGagal as exc:
        current_app.logger.warning("Status laporan kabupaten tidak terbaca: %s", exc)
        abort(503)
    if meta is None or meta.get("pengguna_id") != konteks.pengguna().id:
        abort(404)
    return meta


@bp.get("/laporan-pengukuran/tugas/<tugas_id>")
@require_fitur(Fitur.LAPORAN)
def laporan_tugas(tugas_id: str):
    """The page of one report job: progress while it is built, the download link when ready."""
    meta = _meta_milik_sendiri(tugas_id)
    return render_template("sipekerja/kabupaten/tugas.html", tugas_id=tugas_id, meta=meta,
                           periode=parse_periode(meta["periode"]))


@bp.get("/laporan-pengukuran/tugas/<tugas_id>/status")
@require_fitur(Fitur.LAPORAN)
def status_laporan(tugas_id: str):
    """The job's status as JSON, polled by the job page: ``status``, ``selesai``, ``total``, ``unduh``."""
    meta = _meta_milik_sendiri(tugas_id)
    siap = meta["status"] == tugas.SIAP
    response = jsonify(status=meta["status"], selesai=meta["selesai"], total=meta["total"], pesan=meta["pesan"],
                       unduh=url_for(".unduh_laporan", tugas_id=tugas_id) if siap else None)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/laporan-pengukuran/tugas/<tugas_id>/unduh")
@require_fitur(Fitur.LAPORAN)
def unduh_laporan(tugas_id: str):
    """Download a finished report (its requester only, within a day), streamed from the store."""
    meta = _meta_milik_sendiri(tugas_id)
    try:
        aliran = tugas.buka_berkas(tugas_id, meta)
    except PenyimpananGagal as exc:
        current_app.logger.warning("Laporan kabupaten tidak terbaca dari penyimpanan: %s", exc)
        abort(503)
    if aliran is None:
        abort(404)
    return jawab_aliran(aliran, mime=XLSX_MIME if meta["format"] == "xlsx" else PDF_MIME, nama=meta["berkas"],
                        ukuran=meta.get("ukuran"))


bp.record(batasi_unduhan)  # the agency reports' download limit
