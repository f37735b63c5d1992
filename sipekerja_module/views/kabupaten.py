"""Kabupaten dashboard for kabupaten-level Pimpinan (Sekda, Bappeda, Inspektorat): capaian and
serapan per perangkat daerah per triwulan, with the ranking; each agency opens read-only; the
*Laporan Pengukuran Kinerja Kabupaten* of a triwulan or the year downloads as PDF or XLSX
(built agency by agency: one statement for the list of agencies, eight per agency, plus a fixed
few for the sign-in, year and scale; rate-limited like the agency reports)."""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import url_for

from ..domain.akses import Fitur
from ..domain.periode import NAMA_TRIWULAN
from ..domain.periode import Periode
from ..extensions import db_session
from ..models import PerangkatDaerah
from ..queries.kabupaten import load_dasbor_kabupaten
from ..queries.kabupaten import muat_per_pd
from ..queries.kabupaten import versi_kabupaten
from ..queries.pengukuran import load_skala_aktif
from ..queries.referensi import get_perangkat_daerah_kode
from ..queries.referensi import list_angka_tahun
from ..queries.referensi import load_identitas_laporan
from ..reports.csv import isi_bagian
from ..reports.csv import render_csv
from ..reports.csv import render_csv_zip
from ..reports.kabupaten import laporan_pengukuran_kabupaten
from ..reports.kop import kop
from ..reports.kop import tanda_tangan_laporan
from ..reports.model import Kop
from ..reports.model import LaporanBertahap
from ..reports.model import TandaTangan
from ..reports.pdf import UKURAN_KERTAS
from ..reports.pdf import render_pdf
from ..reports.xlsx import render_xlsx
from . import fragmen
from . import konteks
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

    isi = fragmen.ambil("kabupaten", (tahun.id,), halaman, lingkup=("kabupaten", *versi_kabupaten()))
    return render_template("sipekerja/kabupaten/index.html", isi=isi)


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
    """Letterhead and signer of the kabupaten report: those the agency named by
    ``SIPEKERJA_PD_LAPORAN_KABUPATEN`` set in Referensi (the agency that compiles it), else the
    configured defaults."""
    config = current_app.config
    kode = config.get("SIPEKERJA_PD_LAPORAN_KABUPATEN")
    pd = get_perangkat_daerah_kode(kode) if kode else None
    data_kop, penandatangan = load_identitas_laporan(pd.id) if pd is not None else (None, ())
    kop_laporan = kop(config, data_kop)
    return kop_laporan, tanda_tangan_laporan(config, lampiran_pk=False, tanggal=konteks.hari_ini(),
                                             kop_laporan=kop_laporan, simpanan=penandatangan)


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


bp.record(batasi_unduhan)  # the agency reports' download limit
