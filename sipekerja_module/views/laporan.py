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

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import render_template
from flask import request

from ..domain.akses import Fitur
from ..domain.akses import Peran
from ..domain.data_rencana import DataRencana
from ..domain.pengukuran import hitung_pengukuran
from ..domain.pengukuran import hitung_pengukuran_bulanan
from ..domain.periode import Periode
from ..models import UnitKerja
from ..queries.pengukuran import load_skala_aktif
from ..queries.referensi import get_pengguna_utama_terakhir
from ..queries.referensi import list_angka_tahun
from ..queries.referensi import list_unit_kerja
from ..queries.rencana import load_rencana
from ..reports.kop import kop
from ..reports.kop import tanda_tangan_kepala
from ..reports.kop import tanda_tangan_pengguna_utama
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
from .parameter import tolak
from .parameter import ukuran_kertas
from .parameter import unit_dipilih
from .pengukuran import periode_terpilih
from .permissions import require_fitur
from .unduh import PDF_MIME
from .unduh import XLSX_MIME
from .unduh import batasi_unduhan
from .unduh import kirim

bp = Blueprint("laporan", __name__, url_prefix="/laporan")
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


def _susun(jenis: str) -> tuple[Susunan, UnitKerja | None]:
    """Parse the filters, load the plan once and build the report (404 for an unknown report)."""
    _periksa_jenis(jenis)
    pd, tahun, unit = konteks.perangkat_daerah(), konteks.tahun_terpilih(), unit_dipilih(Fitur.LAPORAN)
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, unit_kerja_id=unit.id if unit else None)
    susunan = JENIS_LAPORAN[jenis][1](data)
    if unit is not None:
        susunan = Susunan(susunan.laporan, f"{susunan.nama_berkas}-{_slug(unit.kode)}", susunan.periode)
    return susunan, unit


def _slug(teks: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", teks.lower()).strip("-") or "unit"


def _tanda_tangan(jenis: str) -> tuple[TandaTangan, ...]:
    """Signature blocks: the head of agency; for the Lampiran PK also the Pengguna Utama (the
    signed-in user, or for a Pimpinan download the agency's Pengguna Utama who signed in last)."""
    tanggal = konteks.hari_ini()
    kepala = tanda_tangan_kepala(current_app.config, tanggal=tanggal)
    if jenis != "lampiran-pk":
        return (kepala,)
    if Peran.UTAMA in konteks.subjek().peran:
        utama = konteks.pengguna()
    else:
        utama = get_pengguna_utama_terakhir(konteks.perangkat_daerah().id)
    return (kepala, tanda_tangan_pengguna_utama(current_app.config, tanggal=tanggal,
                                                nama=utama.nama if utama else None, nip=utama.nip if utama else None))


def _units() -> list[UnitKerja]:
    return list_unit_kerja(konteks.perangkat_daerah().id)


@bp.get("/")
@require_fitur(Fitur.LAPORAN)
def index():
    """List the three reports with their filters and download buttons."""
    tahun = konteks.tahun_terpilih()
    return render_template("sipekerja/laporan/index.html", jenis_laporan=JENIS_LAPORAN, tahun=tahun,
                           daftar_tahun=list_angka_tahun(), units=_units(), pilihan_periode=PILIHAN_PERIODE,
                           ukuran_kertas=tuple(UKURAN_KERTAS))


@bp.get("/<jenis>")
@require_fitur(Fitur.LAPORAN)
def tampil(jenis: str):
    """Show one report as a page, as it will be printed."""
    _periksa_jenis(jenis)  # before the cache: an unknown report has no key
    tahun, unit, ttd = konteks.tahun_terpilih(), unit_dipilih(Fitur.LAPORAN), _tanda_tangan(jenis)

    def halaman() -> str:
        susunan, _ = _susun(jenis)
        return render_template("sipekerja/laporan/_halaman.html", jenis=jenis, judul=JENIS_LAPORAN[jenis][0],
                               s=susunan, unit=unit, units=_units(), tahun=tahun, daftar_tahun=list_angka_tahun(),
                               pilihan_periode=PILIHAN_PERIODE, ukuran_kertas=tuple(UKURAN_KERTAS),
                               kop=kop(current_app.config), ttd=ttd, belum_lapor=BELUM_LAPOR)

    kunci = (jenis, tahun.id, unit.id if unit else "", request.args.get("periode", ""),
             *((t.tanggal.isoformat(), t.nama, t.nip) for t in ttd))
    isi = fragmen.ambil("laporan", kunci, halaman)
    return render_template("sipekerja/laporan/tampil.html", judul=JENIS_LAPORAN[jenis][0], isi=isi)


@bp.get("/<jenis>/pdf")
@require_fitur(Fitur.LAPORAN)
def unduh_pdf(jenis: str):
    """Download one report as a landscape PDF on the paper of ``?ukuran=`` (A4 or F4)."""
    ukuran = ukuran_kertas()
    susunan, _ = _susun(jenis)
    isi = render_pdf(susunan.laporan, ukuran=ukuran, kop=kop(current_app.config), ttd=_tanda_tangan(jenis))
    return kirim(isi, PDF_MIME, f"{susunan.nama_berkas}.pdf")


@bp.get("/<jenis>/xlsx")
@require_fitur(Fitur.LAPORAN)
def unduh_xlsx(jenis: str):
    """Download one report as an XLSX workbook, one sheet per section."""
    susunan, _ = _susun(jenis)
    return kirim(render_xlsx(susunan.laporan, kop=kop(current_app.config)), XLSX_MIME, f"{susunan.nama_berkas}.xlsx")


bp.record(batasi_unduhan)
