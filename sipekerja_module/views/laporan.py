"""Laporan: the three printed reports — Target dan Capaian Kerja, Laporan Pengukuran Kinerja,
Lampiran Perjanjian Kinerja — as a page, a landscape PDF (A4 or F4) and an XLSX.

Access: Utama, and Pimpinan who may view and download (everything here is GET); a Bidang
account gets 403. Each request loads the plan once (``load_rencana``) and builds one report
(``reports.tables``); the renderers only lay it out. The report page is a cached fragment
(``views.fragmen``): built once per data version of the agency, so the full-year *Target dan
Capaian Kerja* costs about as much as a light page until the next write. Downloads are
rate-limited through the host's Flask-Limiter when it has one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask import send_file
from sqlalchemy import select

from ..domain.akses import Fitur
from ..domain.akses import Peran
from ..domain.data_rencana import DataRencana
from ..domain.pengukuran import hitung_pengukuran
from ..domain.pengukuran import hitung_pengukuran_bulanan
from ..domain.periode import Periode
from ..extensions import db_session
from ..models import Pengguna
from ..models import UnitKerja
from ..queries.pengukuran import load_skala_aktif
from ..queries.rencana import load_rencana
from ..reports.model import Kop
from ..reports.model import Laporan
from ..reports.model import TandaTangan
from ..reports.pdf import UKURAN_KERTAS
from ..reports.pdf import render_pdf
from ..reports.tables import BELUM_LAPOR
from ..reports.tables import lampiran_pk
from ..reports.tables import laporan_pengukuran
from ..reports.tables import laporan_target_capaian
from ..reports.xlsx import render_xlsx
from . import fragmen
from . import konteks
from .pengukuran import periode_terpilih
from .pengukuran import tolak
from .pengukuran import unit_dipilih
from .permissions import require_fitur

bp = Blueprint("laporan", __name__, url_prefix="/laporan")
PDF_MIME = "application/pdf"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Printed on the name line when no name is configured, to be filled in by hand.
NAMA_KOSONG = "...................................."
#: Periods of the Laporan Pengukuran Kinerja (per triwulan and the year).
PILIHAN_PERIODE = (*(Periode.triwulanan(t) for t in range(1, 5)), Periode.tahunan())


@dataclass(frozen=True)
class Susunan:
    """A built report with its download name and the period it covers (None: the whole year plan)."""

    laporan: Laporan
    nama_berkas: str
    periode: Periode | None = None


def _pengukuran(data: DataRencana) -> Susunan:
    periode = periode_terpilih(data, boleh_bulan=False)
    laporan = laporan_pengukuran(data, hitung_pengukuran(data, periode, load_skala_aktif()))
    return Susunan(laporan, f"laporan-pengukuran-{periode.kode}-{data.tahun}", periode)


def _target_capaian(data: DataRencana) -> Susunan:
    laporan = laporan_target_capaian(data, hitung_pengukuran_bulanan(data, load_skala_aktif()))
    return Susunan(laporan, f"target-capaian-kerja-{data.tahun}")


def _lampiran_pk(data: DataRencana) -> Susunan:
    return Susunan(lampiran_pk(data), f"lampiran-pk-{data.tahun}")


#: URL name → (title, builder).
JENIS_LAPORAN: dict[str, tuple[str, Callable[[DataRencana], Susunan]]] = {
    "target-capaian": ("Target dan Capaian Kerja", _target_capaian),
    "pengukuran": ("Laporan Pengukuran Kinerja", _pengukuran),
    "lampiran-pk": ("Lampiran Perjanjian Kinerja", _lampiran_pk),
}


def _periksa_jenis(jenis: str) -> None:
    if jenis not in JENIS_LAPORAN:
        abort(tolak(404, "Laporan tidak dikenal. Pilih salah satu laporan di halaman Laporan."))


def sertakan_belum_diverifikasi() -> bool:
    """The explicit choice ``?belum_diverifikasi=1`` to print unverified data too (default: only
    Terverifikasi months, DOMAIN.md "Official figures are verified figures"); 400 if malformed."""
    nilai = request.args.get("belum_diverifikasi", "")
    if nilai not in ("", "0", "1"):
        abort(tolak(400, "Pilihan \"sertakan data belum diverifikasi\" tidak dikenal. Centang atau kosongkan."))
    return nilai == "1"


def _susun(jenis: str) -> tuple[Susunan, UnitKerja | None]:
    """Parse the filters, load the plan once and build the report (404 for an unknown report).

    Verified months only, unless the user chose to include unverified data: the title block then
    says so (``reports.tables.JUDUL_BELUM_DIVERIFIKASI``).
    """
    _periksa_jenis(jenis)
    pd, tahun, unit = konteks.perangkat_daerah(), konteks.tahun_terpilih(), unit_dipilih(Fitur.LAPORAN)
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, unit_kerja_id=unit.id if unit else None,
                        hanya_terverifikasi=not sertakan_belum_diverifikasi())
    susunan = JENIS_LAPORAN[jenis][1](data)
    if unit is not None:
        susunan = Susunan(susunan.laporan, f"{susunan.nama_berkas}-{_slug(unit.kode)}", susunan.periode)
    return susunan, unit


def _slug(teks: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", teks.lower()).strip("-") or "unit"


def _kop() -> Kop:
    """The letterhead from configuration."""
    config = current_app.config
    return Kop(daerah=f"Pemerintah {config['SIPEKERJA_NAMA_DAERAH']}", instansi=config["SIPEKERJA_NAMA_INSTANSI"],
               alamat=config["SIPEKERJA_ALAMAT_INSTANSI"])


def _pengguna_utama() -> Pengguna | None:
    """The Pengguna Utama who co-signs a Lampiran PK: the signed-in user, or (for a Pimpinan
    download) the agency's Pengguna Utama who signed in last."""
    if Peran.UTAMA in konteks.subjek().peran:
        return konteks.pengguna()
    calon = db_session.execute(
        select(Pengguna).where(Pengguna.perangkat_daerah_id == konteks.perangkat_daerah().id)
        .order_by(Pengguna.terakhir_masuk_dt.desc()).limit(50)
    ).scalars()
    return next((p for p in calon if Peran.UTAMA.value in (p.peran or ())), None)


def _tanda_tangan(jenis: str) -> tuple[TandaTangan, ...]:
    """Signature blocks: the head of agency; for the Lampiran PK also the Pengguna Utama."""
    config = current_app.config
    tanggal = konteks.sekarang().astimezone(konteks.zona()).date()
    kepala = TandaTangan(tempat=config["SIPEKERJA_TEMPAT_TTD"], tanggal=tanggal,
                         jabatan=config["SIPEKERJA_TTD_JABATAN"], nama=config["SIPEKERJA_TTD_NAMA"] or NAMA_KOSONG,
                         nip=config["SIPEKERJA_TTD_NIP"] or None)
    if jenis != "lampiran-pk":
        return (kepala,)
    utama = _pengguna_utama()
    return (kepala, TandaTangan(tempat=kepala.tempat, tanggal=tanggal, jabatan=config["SIPEKERJA_TTD_JABATAN_UTAMA"],
                                nama=utama.nama if utama else NAMA_KOSONG, nip=utama.nip if utama else None))


def _units() -> list[UnitKerja]:
    return db_session.execute(select(UnitKerja).filter_by(perangkat_daerah_id=konteks.perangkat_daerah().id,
                                                          aktif=True).order_by(UnitKerja.urutan, UnitKerja.nama)
                              ).scalars().all()


def ukuran_kertas() -> str:
    """The paper of ``?ukuran=`` (A4 by default); 400 with an Indonesian message if unknown."""
    ukuran = (request.args.get("ukuran") or "A4").strip().upper()
    if ukuran not in UKURAN_KERTAS:
        abort(tolak(400, "Ukuran kertas tidak dikenal. Pilih A4 atau F4."))
    return ukuran


def _kirim(isi: bytes, mime: str, nama: str):
    """An attachment download that browsers must not sniff or keep in a shared cache."""
    response = send_file(io.BytesIO(isi), mimetype=mime, as_attachment=True, download_name=nama)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/")
@require_fitur(Fitur.LAPORAN)
def index():
    """List the three reports with their filters and download buttons."""
    tahun = konteks.tahun_terpilih()
    return render_template("sipekerja/laporan/index.html", jenis_laporan=JENIS_LAPORAN, tahun=tahun,
                           daftar_tahun=konteks.daftar_tahun(), units=_units(), pilihan_periode=PILIHAN_PERIODE,
                           ukuran_kertas=tuple(UKURAN_KERTAS))


@bp.get("/<jenis>")
@require_fitur(Fitur.LAPORAN)
def tampil(jenis: str):
    """Show one report as a page, as it will be printed."""
    _periksa_jenis(jenis)  # before the cache: an unknown report has no key
    tahun, unit, ttd = konteks.tahun_terpilih(), unit_dipilih(Fitur.LAPORAN), _tanda_tangan(jenis)
    sertakan = sertakan_belum_diverifikasi()

    def halaman() -> str:
        susunan, _ = _susun(jenis)
        return render_template("sipekerja/laporan/_halaman.html", jenis=jenis, judul=JENIS_LAPORAN[jenis][0],
                               s=susunan, unit=unit, units=_units(), tahun=tahun, daftar_tahun=konteks.daftar_tahun(),
                               pilihan_periode=PILIHAN_PERIODE, ukuran_kertas=tuple(UKURAN_KERTAS), kop=_kop(),
                               ttd=ttd, belum_lapor=BELUM_LAPOR, sertakan=sertakan)

    kunci = (jenis, tahun.id, unit.id if unit else "", request.args.get("periode", ""), sertakan,
             *((t.tanggal.isoformat(), t.nama, t.nip) for t in ttd))
    isi = fragmen.ambil("laporan", kunci, halaman)
    return render_template("sipekerja/laporan/tampil.html", judul=JENIS_LAPORAN[jenis][0], isi=isi)


@bp.get("/<jenis>/pdf")
@require_fitur(Fitur.LAPORAN)
def unduh_pdf(jenis: str):
    """Download one report as a landscape PDF on the paper of ``?ukuran=`` (A4 or F4)."""
    ukuran = ukuran_kertas()
    _periksa_jenis(jenis)
    susunan, _ = _susun(jenis)
    isi = render_pdf(susunan.laporan, ukuran=ukuran, kop=_kop(), ttd=_tanda_tangan(jenis))
    return _kirim(isi, PDF_MIME, f"{susunan.nama_berkas}.pdf")


@bp.get("/<jenis>/xlsx")
@require_fitur(Fitur.LAPORAN)
def unduh_xlsx(jenis: str):
    """Download one report as an XLSX workbook, one sheet per section."""
    susunan, _ = _susun(jenis)
    return _kirim(render_xlsx(susunan.laporan, kop=_kop()), XLSX_MIME, f"{susunan.nama_berkas}.xlsx")


def _batas_unduh() -> str:
    return current_app.config["SIPEKERJA_UNDUH_RATE_LIMIT"]


def batasi_unduhan(state) -> None:
    """Wrap a blueprint's ``unduh_pdf`` and ``unduh_xlsx`` views with the host's Flask-Limiter, when
    the host set one up first (``bp.record(batasi_unduhan)``, recorded after the routes).

    The limit callable is one module-level function, so Flask-Limiter keeps a single limit per view
    even when one limiter serves several apps.
    """
    for limiter in state.app.extensions.get("limiter", ()):
        for endpoint in ("unduh_pdf", "unduh_xlsx"):
            nama = f"{state.name_prefix}.{state.name}.{endpoint}".lstrip(".")
            state.app.view_functions[nama] = limiter.limit(_batas_unduh)(state.app.view_functions[nama])


bp.record(batasi_unduhan)
