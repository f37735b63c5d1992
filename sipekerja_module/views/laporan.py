"""Laporan: the three printed reports — Target dan Capaian Kerja, Laporan Pengukuran Kinerja,
Lampiran Perjanjian Kinerja — as a page, a landscape PDF (A4 or F4), an XLSX and CSV (``reports.csv``:
one CSV per section; a ZIP of them when the report has several, or ``?bagian=N`` for one).

Access: Utama, and Pimpinan who may view and download (everything here is GET); a Bidang
account gets 403. Each request loads the plan once (``load_rencana``) and builds one report
(``reports.tables``); the renderers only lay it out. The report page is a cached fragment
(``views.fragmen``): built once per data version of the agency, so the full-year *Target dan
Capaian Kerja* costs about as much as a light page until the next write. Downloads are
rate-limited through the host's Flask-Limiter when it has one.

``?tingkat=`` of the *Laporan Pengukuran Kinerja* (issue 16 item 3, ``views.pengukuran.tingkat_terpilih``):
``anggaran`` (default) or the id of a position: the report is then *Pengukuran Kinerja <jabatan>*
(``reports.pengukuran_pk``), measured on the whole agency's plan (``?unit=`` does not apply),
verified months only unless asked otherwise, and signed by the PK's pihak pertama.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import render_template
from flask import request
from flask import url_for
from markupsafe import Markup

from ..domain.akses import Fitur
from ..domain.data_rencana import DataRencana
from ..domain.pengukuran import DeretBulanan
from ..domain.pengukuran import hitung_pengukuran
from ..domain.periode import Periode
from ..domain.periode import triwulan_dari_bulan
from ..models import UnitKerja
from ..queries.pengukuran import load_skala_aktif
from ..queries.referensi import list_unit_kerja
from ..queries.referensi import load_identitas_laporan
from ..queries.rencana import load_rencana
from ..reports.csv import render_csv
from ..reports.csv import render_csv_zip
from ..reports.html import badan_html
from ..reports.kop import kop
from ..reports.kop import tanda_tangan_laporan
from ..reports.model import Kop
from ..reports.model import Laporan
from ..reports.model import TandaTangan
from ..reports.pdf import UKURAN_KERTAS
from ..reports.pdf import render_pdf
from ..reports.pengukuran_pk import laporan_pengukuran_pk
from ..reports.pengukuran_pk import tanda_tangan_pihak_pertama
from ..reports.tables import SUSUNAN_TARGET_CAPAIAN
from ..reports.tables import dengan_versi
from ..reports.tables import lampiran_pk
from ..reports.tables import laporan_pengukuran
from ..reports.tables import laporan_target_capaian
from ..reports.tables import laporan_target_capaian_per_bulan
from ..reports.tables import memuat_belum_diverifikasi
from ..reports.xlsx import render_xlsx
from . import fragmen
from . import konteks
from .laporan_blok import badan_target_capaian
from .parameter import tolak
from .parameter import ukuran_kertas
from .parameter import unit_dipilih
from .pengukuran import Tingkat
from .pengukuran import periode_terpilih
from .pengukuran import tingkat_terpilih
from .pengukuran import ukur_tingkat
from .permissions import require_fitur
from .unduh import CSV_MIME
from .unduh import PDF_MIME
from .unduh import XLSX_MIME
from .unduh import ZIP_MIME
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
    #: Body rows already rendered, by section sheet name (the page's row cache, ``views.laporan_blok``);
    #: a section not named here is rendered from its rows.
    badan: Mapping[str, Markup] = field(default_factory=dict)
    #: On the page of *Target dan Capaian Kerja*: the triwulan shown (its tab is active).
    triwulan: int | None = None


def _pengukuran(data: DataRencana) -> Susunan:
    periode = periode_terpilih(data, boleh_bulan=False)
    laporan = laporan_pengukuran(data, hitung_pengukuran(data, periode, load_skala_aktif(data.perangkat_daerah_id)))
    return Susunan(laporan, f"laporan-pengukuran-{periode.kode}-{data.tahun}", periode)


def susunan_terpilih() -> str:
    """``?susunan=`` of *Target dan Capaian Kerja*: ``kumulatif`` (default) or ``per-bulan``."""
    susunan = request.args.get("susunan") or "kumulatif"
    if susunan not in SUSUNAN_TARGET_CAPAIAN:
        abort(tolak(400, "Susunan laporan tidak dikenal. Pilih per bulan atau kumulatif."))
    return susunan


def triwulan_terpilih() -> int | None:
    """``?triwulan=`` (1..4) of *Target dan Capaian Kerja*: that triwulan's section only; None = all
    (downloads) or the latest triwulan with realisasi, the others as tabs (the page)."""
    teks = request.args.get("triwulan") or ""
    if not teks:
        return None
    if teks not in ("1", "2", "3", "4"):
        abort(tolak(400, "Triwulan tidak dikenal. Pilih Triwulan I–IV atau semua triwulan."))
    return int(teks)


def _target_capaian(data: DataRencana) -> Susunan:
    """*Target dan Capaian Kerja* in the chosen layout.

    On the page a triwulan at a time: ``?triwulan=N``, or without it the triwulan of the latest
    month with realisasi (the others are tabs, loaded on demand); the kumulatif rows come from the
    row cache (``views.laporan_blok``). Downloads print every triwulan unless one is chosen.
    """
    halaman = (request.endpoint or "").endswith(".tampil")
    bagian_per_triwulan = 1
    badan: Mapping[str, Markup] = {}
    if susunan_terpilih() == "per-bulan":
        # Its PDF prints one month per section (see laporan_target_capaian_per_bulan); page and XLSX a triwulan.
        bulan_per_bagian = 1 if (request.endpoint or "").endswith(".unduh_pdf") else 3
        bagian_per_triwulan = 3 // bulan_per_bagian
        laporan = laporan_target_capaian_per_bulan(data, bulan_per_bagian=bulan_per_bagian)
        nama = f"target-capaian-kerja-{data.tahun}-per-bulan"
    elif halaman:
        laporan = laporan_target_capaian(data, None)
        badan = badan_target_capaian(data)
        nama = f"target-capaian-kerja-{data.tahun}"
    else:
        laporan = laporan_target_capaian(data, DeretBulanan(data))
        nama = f"target-capaian-kerja-{data.tahun}"
    triwulan = triwulan_terpilih()
    if triwulan is None and halaman:
        triwulan = triwulan_dari_bulan(data.bulan_realisasi_terakhir or 1)
    if triwulan is not None:  # the sections of one triwulan, in order
        awal = (triwulan - 1) * bagian_per_triwulan
        laporan = replace(laporan, bagian=laporan.bagian[awal:awal + bagian_per_triwulan])
        nama = f"{nama}-tw{triwulan}"
    return Susunan(laporan, nama, badan=badan, triwulan=triwulan)


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


def bandingkan_versi() -> bool:
    """``?bandingkan_versi=1``: print the murni and perubahan targets side by side (an extra section
    of *Target dan Capaian* and *Pengukuran*; ``reports.tables.dengan_versi``); 400 if malformed."""
    nilai = request.args.get("bandingkan_versi", "")
    if nilai not in ("", "0", "1"):
        abort(tolak(400, "Pilihan \"target murni dan perubahan berdampingan\" tidak dikenal. Centang atau kosongkan."))
    return nilai == "1"


def _tingkat(jenis: str) -> Tingkat | None:
    """The level of a *Laporan Pengukuran Kinerja* (``?tingkat=``); None for the other reports."""
    return tingkat_terpilih() if jenis == "pengukuran" else None


def _susun_pk(tingkat: Tingkat) -> Susunan:
    """*Pengukuran Kinerja <jabatan>*: the whole agency's plan, measured for the PK of the level."""
    pd, tahun = konteks.perangkat_daerah(), konteks.tahun_terpilih()
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id,
                        hanya_terverifikasi=not sertakan_belum_diverifikasi())
    periode = periode_terpilih(data, boleh_bulan=False)
    hasil = ukur_tingkat(data, tingkat.jabatan, periode, load_skala_aktif(pd.id))
    laporan = laporan_pengukuran_pk(hasil, perangkat_daerah=data.perangkat_daerah_nama, tahun=data.tahun,
                                    memuat_belum_diverifikasi=memuat_belum_diverifikasi(data))
    return Susunan(laporan, laporan.nama_berkas, periode)


def _susun(jenis: str, tingkat: Tingkat | None = None) -> tuple[Susunan, UnitKerja | None]:
    """Parse the filters, load the plan once and build the report (404 for an unknown report).

    Verified months only, unless the user chose to include unverified data: the title block then
    says so (``reports.tables.JUDUL_BELUM_DIVERIFIKASI``).
    """
    _periksa_jenis(jenis)
    if tingkat is not None and tingkat.jabatan is not None:
        return _susun_pk(tingkat), None
    pd, tahun, unit = konteks.perangkat_daerah(), konteks.tahun_terpilih(), unit_dipilih(Fitur.LAPORAN)
    data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id, unit_kerja_id=unit.id if unit else None,
                        hanya_terverifikasi=not sertakan_belum_diverifikasi())
    susunan = JENIS_LAPORAN[jenis][1](data)
    # Which target version the report uses, and on request murni | perubahan side by side.
    susunan = replace(susunan, laporan=dengan_versi(
        susunan.laporan, data, bandingkan=jenis in ("target-capaian", "pengukuran") and bandingkan_versi()))
    if unit is not None:
        susunan = Susunan(susunan.laporan, f"{susunan.nama_berkas}-{_slug(unit.kode)}", susunan.periode)
    return susunan, unit


def _slug(teks: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", teks.lower()).strip("-") or "unit"


def _identitas(jenis: str, unit: UnitKerja | None,
               tingkat: Tingkat | None = None) -> tuple[Kop, tuple[TandaTangan, ...]]:
    """The letterhead and the signature blocks, from Referensi (configuration as the default): the
    head of agency signs every report; a Lampiran PK is signed by its two parties (for one unit:
    the unit's head and the head of agency; for the agency: the head of agency and the head of region);
    a PK level's *Pengukuran Kinerja* by the PK's pihak pertama."""
    pd_id = konteks.perangkat_daerah().id
    # Letterhead and signers are Referensi (no realisasi): cached under the plan's version.
    data_kop, penandatangan = fragmen.ambil_data_rencana("identitas-laporan", (),
                                                         lambda: load_identitas_laporan(pd_id))
    kop_laporan = kop(current_app.config, data_kop)
    if tingkat is not None and tingkat.jabatan is not None:
        return kop_laporan, (tanda_tangan_pihak_pertama(tingkat.jabatan, tempat=kop_laporan.tempat,
                                                        tanggal=konteks.hari_ini()),)
    ttd = tanda_tangan_laporan(current_app.config, lampiran_pk=jenis == "lampiran-pk", tanggal=konteks.hari_ini(),
                               kop_laporan=kop_laporan, simpanan=penandatangan,
                               unit=(unit.id, unit.nama, unit.jenis) if unit is not None else None)
    return kop_laporan, ttd


def _units() -> list[UnitKerja]:
    return list_unit_kerja(konteks.perangkat_daerah().id)


@bp.get("/")
@require_fitur(Fitur.LAPORAN)
def index():
    """List the three reports with their filters and download buttons."""
    tahun = konteks.tahun_terpilih()
    return render_template("sipekerja/laporan/index.html", jenis_laporan=JENIS_LAPORAN, tahun=tahun,
                           daftar_tahun=fragmen.daftar_tahun(), units=_units(), pilihan_periode=PILIHAN_PERIODE,
                           ukuran_kertas=tuple(UKURAN_KERTAS), pilihan_susunan=SUSUNAN_TARGET_CAPAIAN,
                           tingkat=tingkat_terpilih())


@bp.get("/<jenis>")
@require_fitur(Fitur.LAPORAN)
def tampil(jenis: str):
    """Show one report as a page, as it will be printed."""
    _periksa_jenis(jenis)  # before the cache: an unknown report has no key
    bentuk = susunan_terpilih() if jenis == "target-capaian" else ""
    triwulan = triwulan_terpilih() if jenis == "target-capaian" else None
    tingkat = _tingkat(jenis)
    tahun = konteks.tahun_terpilih()
    unit = unit_dipilih(Fitur.LAPORAN) if tingkat is None or tingkat.jabatan is None else None
    kop_laporan, ttd = _identitas(jenis, unit, tingkat)
    sertakan = sertakan_belum_diverifikasi()
    bandingkan = bandingkan_versi()

    def halaman() -> str:
        susunan, _ = _susun(jenis, tingkat)
        badan = {bg.nama_sheet: susunan.badan.get(bg.nama_sheet) or Markup(badan_html(bg.baris, bg.kolom))
                 for bg in susunan.laporan.bagian}
        tab = {t: url_for(".tampil", jenis=jenis, tahun=tahun.tahun, unit=unit.id if unit else None,
                          susunan=bentuk if bentuk != "kumulatif" else None, triwulan=t,
                          belum_diverifikasi=1 if sertakan else None, bandingkan_versi=1 if bandingkan else None)
               for t in ((1, 2, 3, 4) if jenis == "target-capaian" else ())}
        return render_template("sipekerja/laporan/_halaman.html", jenis=jenis, judul=JENIS_LAPORAN[jenis][0],
                               s=susunan, badan=badan, tab_triwulan=tab, unit=unit, units=_units(), tahun=tahun,
                               daftar_tahun=fragmen.daftar_tahun(), pilihan_periode=PILIHAN_PERIODE,
                               ukuran_kertas=tuple(UKURAN_KERTAS), susunan=bentuk,
                               pilihan_susunan=SUSUNAN_TARGET_CAPAIAN, triwulan=triwulan, kop=kop_laporan, ttd=ttd,
                               sertakan=sertakan, tingkat=tingkat, bandingkan_versi=bandingkan)

    # Letterhead and signers are the agency's data (a change bumps its version); the date is not.
    kunci = (jenis, tahun.id, unit.id if unit else "", request.args.get("periode", ""), bentuk,
             triwulan or "", sertakan, ttd[0].tanggal.isoformat(), tingkat.kode if tingkat else "", bandingkan)
    # Verified figures only (the default): a save in a triwulan not yet verified leaves it in the store.
    lingkup = None if sertakan else fragmen.lingkup_agensi("terverifikasi")
    isi = fragmen.ambil("laporan", kunci, halaman, lingkup=lingkup)
    return render_template("sipekerja/laporan/tampil.html", judul=JENIS_LAPORAN[jenis][0], isi=isi)


@bp.get("/<jenis>/pdf")
@require_fitur(Fitur.LAPORAN)
def unduh_pdf(jenis: str):
    """Download one report as a landscape PDF on the paper of ``?ukuran=`` (A4 or F4)."""
    ukuran = ukuran_kertas()
    tingkat = _tingkat(jenis)
    susunan, unit = _susun(jenis, tingkat)
    kop_laporan, ttd = _identitas(jenis, unit, tingkat)
    isi = render_pdf(susunan.laporan, ukuran=ukuran, kop=kop_laporan, ttd=ttd)
    return kirim(isi, PDF_MIME, f"{susunan.nama_berkas}.pdf")


@bp.get("/<jenis>/xlsx")
@require_fitur(Fitur.LAPORAN)
def unduh_xlsx(jenis: str):
    """Download one report as an XLSX workbook, one sheet per section, set up to print on the paper
    of ``?ukuran=`` (A4 or F4) with the letterhead and the signature block."""
    ukuran = ukuran_kertas()
    tingkat = _tingkat(jenis)
    susunan, unit = _susun(jenis, tingkat)
    kop_laporan, ttd = _identitas(jenis, unit, tingkat)
    isi = render_xlsx(susunan.laporan, kop=kop_laporan, ttd=ttd, ukuran=ukuran)
    return kirim(isi, XLSX_MIME, f"{susunan.nama_berkas}.xlsx")


def bagian_terpilih(jumlah: int) -> int | None:
    """``?bagian=`` (1..jumlah) of a CSV download: that section alone; None = every section."""
    teks = request.args.get("bagian") or ""
    if not teks:
        return None
    if not (teks.isascii() and teks.isdigit() and 1 <= int(teks) <= jumlah):
        abort(tolak(400, f"Bagian laporan tidak dikenal. Pilih 1–{jumlah}, atau kosongkan untuk semua bagian."))
    return int(teks)


def kirim_csv(laporan: Laporan, nama_berkas: str):
    """A report's tables as CSV: the one section (or ``?bagian=N``) as ``.csv``, several as a ZIP of CSVs."""
    nomor = bagian_terpilih(len(laporan.bagian))
    if nomor is None and len(laporan.bagian) > 1:
        return kirim(render_csv_zip(laporan), ZIP_MIME, f"{nama_berkas}-csv.zip")
    nomor = nomor or 1
    akhiran = f"-bagian-{nomor}" if len(laporan.bagian) > 1 else ""
    return kirim(render_csv(laporan.bagian[nomor - 1]), CSV_MIME, f"{nama_berkas}{akhiran}.csv")


@bp.get("/<jenis>/csv")
@require_fitur(Fitur.LAPORAN)
def unduh_csv(jenis: str):
    """Download one report's tables as CSV for Excel id-ID (UTF-8 with BOM, ``;``, decimal comma):
    one section as a ``.csv``, several as a ZIP of one CSV per section, or ``?bagian=N`` for one."""
    susunan, _ = _susun(jenis)
    return kirim_csv(susunan.laporan, susunan.nama_berkas)


bp.record(batasi_unduhan)
