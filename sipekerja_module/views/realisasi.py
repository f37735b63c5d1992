"""Realisasi Kerja: a unit's month (values, notes, bukti dukung), submitting a triwulan, the
main account's Pengecekan (verify or return with a note) and the monitoring board.

Access: the object is loaded, then the domain decides (own unit for a Bidang account; Utama for
any unit of its agency). Writes are refused server-side outside the input window.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from markupsafe import Markup

from ..domain.akses import Fitur
from ..domain.akses import Peran
from ..domain.akses import assert_boleh
from ..domain.akses import assert_boleh_memeriksa
from ..domain.akses import boleh_melihat
from ..domain.alur import TenggatTahun
from ..domain.alur import bulan_berakhir
from ..domain.alur import bulan_isian
from ..domain.alur import catatan_berlaku
from ..domain.alur import format_batas
from ..domain.alur import format_sisa
from ..domain.alur import kekurangan_triwulan
from ..domain.alur import ringkas_peringatan
from ..domain.angka import DESIMAL_ANGGARAN
from ..domain.angka import DESIMAL_KINERJA
from ..domain.angka import parse_angka
from ..domain.angka import periksa_realisasi
from ..domain.errors import AksesDitolak
from ..domain.errors import KonflikData
from ..domain.errors import NilaiTidakValid
from ..domain.errors import SipekerjaError
from ..domain.periode import NAMA_BULAN
from ..domain.periode import NAMA_TRIWULAN
from ..domain.periode import bulan_dalam_triwulan
from ..domain.periode import triwulan_dari_bulan
from ..domain.status import LABEL as LABEL_STATUS
from ..domain.status import WARNA as WARNA_STATUS
from ..domain.status import StatusPeriode
from ..domain.status import bisa_diubah_unit
from ..extensions import db_session
from ..models import BuktiDukung
from ..models import Indikator
from ..models import StatusPeriodeUnit
from ..models import UnitKerja
from ..queries.monitoring import load_papan_monitoring
from ..queries.monitoring import load_tenggat_tahun
from ..queries.permintaan_buka import menunggu_per_unit
from ..queries.realisasi import list_pengajuan
from ..queries.realisasi import list_riwayat_status
from ..queries.realisasi import load_bahan_isian
from ..queries.realisasi import load_isian_bulanan
from ..queries.realisasi import load_status_triwulan
from ..queries.referensi import list_unit_kerja
from ..services import bukti as bukti_svc
from ..services import realisasi as svc
from ..services.konkurensi import VERSI_BELUM_ADA
from ..services.realisasi import CATATAN
from ..services.realisasi import IsianRealisasi
from . import fragmen
from . import konflik
from . import konteks
from .berkas import MIME_PRATINJAU
from .berkas import kirim_berkas
from .forms import PESAN_VERSI
from .forms import AlasanForm
from .forms import KonfirmasiForm
from .isian_blok import baris_bulan
from .permissions import require_fitur

bp = Blueprint("realisasi", __name__, url_prefix="/realisasi")


def _unit(unit_id: int | None, *, ubah: bool = False) -> UnitKerja:
    """The unit asked for (a Bidang account: always its own), checked against the domain."""
    subjek = konteks.subjek()
    unit_id = unit_id or subjek.unit_id
    unit = db_session.get(UnitKerja, unit_id) if unit_id else None
    if unit is None or unit.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    assert_boleh(subjek, Fitur.REALISASI, unit.id, ubah=ubah)
    return unit


def tenggat_tahun() -> TenggatTahun:
    """The selected year's windows and reopenings, cached under the agency's plan version (windows
    and reopenings are no realisasi: a save leaves them in the store)."""
    tahun = konteks.tahun_terpilih()
    return fragmen.ambil_data_rencana("tenggat", (tahun.id,), lambda: load_tenggat_tahun(
        tahun=tahun, zona=konteks.zona(), perangkat_daerah_id=konteks.perangkat_daerah().id))


def _bulan(unit: UnitKerja | None = None) -> int:
    """``?bulan=``, or the month the unit should fill now: the last ended month of a window open
    for it (a Bidang never lands on a closed month while one is open), else the current month."""
    bulan = request.args.get("bulan", type=int)
    if bulan is None:
        lokal = konteks.sekarang().astimezone(konteks.zona())
        if unit is not None:
            tenggat = tenggat_tahun()
            bulan = bulan_isian(tahun=konteks.tahun_terpilih().tahun, now=lokal,
                                triwulan_terbuka=[t for t in range(1, 5) if tenggat.terbuka(t, unit.id, lokal)])
        bulan = bulan or lokal.month
    if not 1 <= bulan <= 12:
        abort(404)
    return bulan


def _units() -> list[UnitKerja]:
    subjek = konteks.subjek()
    if boleh_melihat(subjek, Fitur.REALISASI, None):
        return list_unit_kerja(konteks.perangkat_daerah().id)
    return [db_session.get(UnitKerja, subjek.unit_id)]


@dataclass(frozen=True)
class _PilihanUnit:
    id: int
    nama: str


def _pilihan_unit() -> tuple[_PilihanUnit, ...]:
    """The units the month page's picker offers: the agency's (cached under its plan version, which
    every change to a unit bumps) or, for a Bidang, its own."""
    subjek = konteks.subjek()
    if not boleh_melihat(subjek, Fitur.REALISASI, None):
        return tuple(_PilihanUnit(u.id, u.nama) for u in _units())
    return fragmen.ambil_data_rencana("pilihan-unit", (), lambda: tuple(
        _PilihanUnit(u.id, u.nama) for u in list_unit_kerja(konteks.perangkat_daerah().id)))


def _render_bulan(unit: UnitKerja, bulan: int, status: int = 200, isian_form=None, kesalahan=None):
    """The month page; showing stored values (a GET) its body is the cached fragment of the data version."""
    tahun = konteks.tahun_terpilih()
    triwulan = triwulan_dari_bulan(bulan)
    tenggat = tenggat_tahun()
    lokal = konteks.sekarang().astimezone(konteks.zona())
    terbuka = tenggat.terbuka(triwulan, unit.id, lokal)
    semua_unit = boleh_melihat(konteks.subjek(), Fitur.REALISASI, None)
    # What depends on the moment besides the window: which months of the triwulan are over.
    berakhir = tuple(b for b in bulan_dalam_triwulan(triwulan) if bulan_berakhir(tahun.tahun, b, lokal))

    def halaman() -> str:
        status_periode = load_status_triwulan(unit_kerja_id=unit.id, tahun_id=tahun.id, triwulan=triwulan)
        sp = StatusPeriode(status_periode.status)
        bisa_isi = terbuka and bisa_diubah_unit(sp)
        bahan = load_bahan_isian(perangkat_daerah_id=unit.perangkat_daerah_id, tahun_id=tahun.id,
                                 unit_kerja_id=unit.id, bulan=bulan_dalam_triwulan(triwulan))
        # The rows: cached per row under their own inputs (views/isian_blok.py).
        baris = baris_bulan(bahan, unit_id=unit.id, bulan=bulan, bisa_isi=bisa_isi, form=isian_form,
                            kesalahan=kesalahan)
        kekurangan = kekurangan_triwulan(
            tahun=tahun.tahun, triwulan=triwulan, now=lokal,
            indikator=[(i.id, i.uraian) for i in bahan.data.indikator],
            terisi=bahan.semua_terisi())
        batas = tenggat.batas(triwulan, unit.id)
        # Title and pickers: no realisasi in them, so a save leaves them in the store. An HTML fragment
        # like the page around it (``fragmen.ambil``: a form added to it later gets this session's token).
        kepala = fragmen.ambil("realisasi-kepala", (tahun.id, unit.id, bulan, semua_unit), lambda: fragmen.render_isi(
            "sipekerja/realisasi/_kepala.html", unit=unit, units=_pilihan_unit(), tahun=tahun, bulan=bulan,
            nama_bulan=NAMA_BULAN), lingkup=fragmen.lingkup_agensi("rencana"))
        return fragmen.render_isi(
            "sipekerja/realisasi/_halaman.html", unit=unit, kepala=kepala, tahun=tahun, bulan=bulan,
            triwulan=triwulan, nama_bulan=NAMA_BULAN, nama_triwulan=NAMA_TRIWULAN, baris=baris,
            status_periode=status_periode, status_label=LABEL_STATUS[sp], status_warna=WARNA_STATUS[sp],
            bisa_isi=bisa_isi, jendela_terbuka=terbuka,
            riwayat=status_periode.riwayat, catatan_kini=catatan_berlaku(sp, status_periode.riwayat),
            batas_teks=format_batas(batas) if batas else None, kekurangan=kekurangan,
            peringatan=ringkas_peringatan(baris.peringatan),
        )

    segar = isian_form is None and kesalahan is None
    # The unit's own realisasi and the plan: another unit's save leaves the page in the store.
    pd = konteks.perangkat_daerah()
    lingkup = (pd.id, "realisasi", pd.versi_rencana, unit.id, unit.versi_realisasi)
    isi = fragmen.ambil("realisasi", (tahun.id, unit.id, bulan, terbuka, semua_unit, berakhir), halaman,
                        lingkup=lingkup) if segar \
        else Markup(halaman())
    return render_template("sipekerja/realisasi/bulan.html", isi=isi), status


@bp.get("/")
@require_fitur(Fitur.REALISASI)
def bulan():
    """Show one unit's month: realisasi kinerja and anggaran, notes, evidence and warnings."""
    unit = _unit(request.args.get("unit", type=int))
    return _render_bulan(unit, _bulan(unit))


def _baca_isian(prefix: str, ids: list[int], kesalahan: dict[str, str]) -> dict[int, IsianRealisasi]:
    """Parse the rows of the month form; a bad number is reported on its field, not raised."""
    hasil = {}
    for ident in ids:
        kunci = f"{prefix}-{ident}"
        teks = (request.form.get(f"{kunci}-nilai") or "").strip()
        versi = (request.form.get(f"{kunci}-versi") or "").strip()
        nilai = None
        try:
            if versi and not (versi.isascii() and versi.isdigit()):
                raise NilaiTidakValid(PESAN_VERSI)
            if request.form.get(f"{kunci}-tanpa") not in (None, "y"):
                raise NilaiTidakValid("Isian \"tidak ada realisasi\" tidak dikenal.")
            if teks:
                nama = "Realisasi kinerja" if prefix == "k" else "Realisasi anggaran"
                desimal = DESIMAL_KINERJA if prefix == "k" else DESIMAL_ANGGARAN
                nilai = periksa_realisasi(parse_angka(teks, nama), desimal)
        except SipekerjaError as error:
            kesalahan[f"{kunci}-nilai"] = error.pesan
        hasil[ident] = IsianRealisasi(
            # A version field sent empty: the form saw no row, so a row stored since is newer.
            nilai=nilai, versi=VERSI_BELUM_ADA if versi == "" and f"{kunci}-versi" in request.form
            else request.form.get(f"{kunci}-versi", type=int),
            **{nama: request.form.get(f"{kunci}-{nama}") for nama in CATATAN},
            tanpa_realisasi=prefix == "k" and request.form.get(f"{kunci}-tanpa") == "y",
            alasan_tanpa_realisasi=request.form.get(f"{kunci}-alasan_tanpa") if prefix == "k" else None,
        )
    return hasil


def _ids(prefix: str) -> list[int]:
    ids = []
    for kunci in request.form:
        if kunci.startswith(f"{prefix}-") and kunci.endswith("-nilai"):
            ident = kunci[len(prefix) + 1:-len("-nilai")]
            if not (ident.isascii() and ident.isdigit()):
                abort(400)  # a made-up row key ("k--1-nilai", "k-abc-nilai"): never ignored silently
            ids.append(int(ident))
    return ids


@bp.post("/")
@require_fitur(Fitur.REALISASI, ubah=True)
def simpan():
    """Save a unit's month; a refused save writes nothing and keeps what was typed."""
    unit, bulan_ = _unit(request.args.get("unit", type=int), ubah=True), _bulan()
    if not KonfirmasiForm().validate():
        abort(400)
    kesalahan: dict[str, str] = {}
    kinerja = _baca_isian("k", _ids("k"), kesalahan)
    anggaran = _baca_isian("a", _ids("a"), kesalahan)
    if kesalahan:
        konteks.gagal(NilaiTidakValid(
            "Ada isian yang belum benar; periksa kolom yang ditandai. Belum ada yang disimpan."))
        return _render_bulan(unit, bulan_, 422, request.form, kesalahan)
    konflik.saat_konflik(lambda: _render_bulan(unit, bulan_, 409, request.form))
    try:
        svc.save_realisasi_bulan(subjek=konteks.subjek(), oleh=konteks.pengguna(), unit_kerja=unit,
                                 tahun=konteks.tahun_terpilih(), bulan=bulan_, kinerja=kinerja, anggaran=anggaran,
                                 now=konteks.sekarang(), zona=konteks.zona())
    except SipekerjaError as error:
        konteks.gagal(error)
        kode = 403 if isinstance(error, AksesDitolak) else 409 if isinstance(error, KonflikData) else 422
        return _render_bulan(unit, bulan_, kode, request.form)
    konteks.commit_dan_flash(f"Realisasi {NAMA_BULAN[bulan_ - 1]} {unit.nama} disimpan.")
    return redirect(url_for(".bulan", unit=unit.id, bulan=bulan_, tahun=konteks.tahun_terpilih().tahun))


@bp.post("/ajukan")
@require_fitur(Fitur.REALISASI, ubah=True)
def ajukan():
    """Submit a unit's triwulan to the main account for checking."""
    unit, bulan_ = _unit(request.args.get("unit", type=int), ubah=True), _bulan()
    if not KonfirmasiForm().validate():
        abort(400)
    triwulan = triwulan_dari_bulan(bulan_)
    try:
        svc.ajukan_triwulan(subjek=konteks.subjek(), oleh=konteks.pengguna(), unit_kerja=unit,
                            tahun=konteks.tahun_terpilih(), triwulan=triwulan, now=konteks.sekarang(),
                            zona=konteks.zona(), wajib_bukti=current_app.config["SIPEKERJA_WAJIB_BUKTI"])
    except SipekerjaError as error:
        konteks.gagal(error)
    else:
        konteks.commit_dan_flash(f"Triwulan {NAMA_TRIWULAN[triwulan - 1]} {unit.nama} diajukan untuk diperiksa.")
    return redirect(url_for(".bulan", unit=unit.id, bulan=bulan_, tahun=konteks.tahun_terpilih().tahun))


def _indikator(indikator_id: int, *, ubah: bool) -> Indikator:
    indikator = db_session.get(Indikator, indikator_id)
    if indikator is None or indikator.perangkat_daerah_id != konteks.perangkat_daerah().id \
            or indikator.unit_kerja_id is None:
        abort(404)
    assert_boleh(konteks.subjek(), Fitur.REALISASI, indikator.unit_kerja_id, ubah=ubah)
    return indikator


@bp.post("/bukti")
@require_fitur(Fitur.REALISASI, ubah=True)
def unggah_bukti():
    """Upload one or several evidence files for an indicator's month (``berkas`` may repeat: a
    phone sends several photos at once); every file is checked before any is stored, all or none."""
    indikator = _indikator(request.form.get("indikator_id", type=int) or 0, ubah=True)
    bulan_ = request.form.get("bulan", type=int) or 0
    semua = [b for b in request.files.getlist("berkas") if b is not None and b.filename]
    if not KonfirmasiForm().validate():
        abort(400)
    baca = current_app.config["SIPEKERJA_MAX_UPLOAD_BYTES"] + 1  # one byte more tells "too large"
    try:
        bukti_svc.simpan_bukti_banyak(subjek=konteks.subjek(), oleh=konteks.pengguna(), indikator=indikator,
                                      tahun=konteks.tahun_terpilih(), bulan=bulan_,
                                      berkas=[(b.filename, b.read(baca)) for b in semua],
                                      now=konteks.sekarang(), zona=konteks.zona())
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render_bulan(_unit(indikator.unit_kerja_id), bulan_ if 1 <= bulan_ <= 12 else 1, 422)
    nama = ", ".join(b.filename for b in semua)
    konteks.commit_dan_flash(f"Bukti dukung {nama} diunggah." if len(semua) == 1
                             else f"{len(semua)} bukti dukung diunggah: {nama}.")
    return redirect(url_for(".bulan", unit=indikator.unit_kerja_id, bulan=bulan_,
                            tahun=konteks.tahun_terpilih().tahun))


def _bukti(bukti_id: int, *, ubah: bool) -> BuktiDukung:
    bukti = db_session.get(BuktiDukung, bukti_id)
    if bukti is None or bukti.dihapus_dt is not None:
        abort(404)
    _indikator(bukti.indikator_id, ubah=ubah)
    return bukti


@bp.get("/bukti/<int:bukti_id>")
@require_fitur(Fitur.REALISASI)
def lihat_bukti(bukti_id: int):
    """Serve an evidence file to whoever may see its unit: inline for images and PDF."""
    bukti = _bukti(bukti_id, ubah=False)
    inline = request.args.get("pratinjau") == "1" and bukti.mime in MIME_PRATINJAU
    return kirim_berkas(bukti.sha256, mime=bukti.mime, nama=bukti.nama_asli, ukuran=bukti.ukuran, inline=inline)


@bp.post("/bukti/<int:bukti_id>/hapus")
@require_fitur(Fitur.REALISASI, ubah=True)
def hapus_bukti(bukti_id: int):
    """Withdraw an evidence file while the month is still editable."""
    bukti = _bukti(bukti_id, ubah=True)
    if not KonfirmasiForm().validate():
        abort(400)
    unit_id, bulan_ = bukti.indikator.unit_kerja_id, bukti.bulan
    try:
        bukti_svc.hapus_bukti(subjek=konteks.subjek(), oleh=konteks.pengguna(), bukti=bukti,
                              tahun=konteks.tahun_terpilih(), now=konteks.sekarang(), zona=konteks.zona())
    except SipekerjaError as error:
        konteks.gagal(error)
    else:
        konteks.commit_dan_flash(f"Bukti dukung {bukti.nama_asli} dihapus.")
    return redirect(url_for(".bulan", unit=unit_id, bulan=bulan_, tahun=konteks.tahun_terpilih().tahun))


@bp.get("/pengecekan")
@require_fitur(Fitur.REALISASI)
def pengecekan():
    """Utama's list of submissions, filtered by unit, triwulan and state."""
    assert_boleh_memeriksa(konteks.subjek())
    tahun = konteks.tahun_terpilih()
    pengajuan = list_pengajuan(perangkat_daerah_id=konteks.perangkat_daerah().id, tahun_id=tahun.id,
                               unit_kerja_id=request.args.get("unit", type=int),
                               triwulan=request.args.get("triwulan", type=int),
                               status=request.args.get("status") or None)
    return render_template("sipekerja/realisasi/pengecekan.html", pengajuan=pengajuan, units=_units(), tahun=tahun,
                           daftar_tahun=fragmen.daftar_tahun(), label_status=LABEL_STATUS, warna_status=WARNA_STATUS,
                           status_enum=StatusPeriode, nama_triwulan=NAMA_TRIWULAN)


def _status_periode(status_id: int) -> StatusPeriodeUnit:
    status = db_session.get(StatusPeriodeUnit, status_id)
    if status is None or status.unit_kerja.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    return status


@bp.route("/pengecekan/<int:status_id>", methods=["GET", "POST"])
@require_fitur(Fitur.REALISASI)
def periksa(status_id: int):
    """Open one submission with its values, evidence and history; verify or return it."""
    assert_boleh_memeriksa(konteks.subjek())
    status = _status_periode(status_id)
    form = AlasanForm()
    kode = 200
    if request.method == "POST":
        aksi = request.form.get("aksi")
        try:
            if aksi == "verifikasi" and KonfirmasiForm().validate():
                svc.verifikasi_triwulan(subjek=konteks.subjek(), oleh=konteks.pengguna(), status=status,
                                        catatan=request.form.get("alasan"))
            elif aksi == "kembalikan":
                svc.kembalikan_triwulan(subjek=konteks.subjek(), oleh=konteks.pengguna(), status=status,
                                        catatan=request.form.get("alasan", ""))
            else:
                abort(400)
        except SipekerjaError as error:
            konteks.gagal(error)
            kode = 422
        else:
            konteks.commit_dan_flash("Pengajuan diverifikasi." if aksi == "verifikasi"
                                     else "Pengajuan dikembalikan ke unit.")
            return redirect(url_for(".periksa", status_id=status.id, tahun=status.tahun.tahun))
    isian = load_isian_bulanan(perangkat_daerah_id=status.unit_kerja.perangkat_daerah_id, tahun_id=status.tahun_id,
                               unit_kerja_id=status.unit_kerja_id, bulan=bulan_dalam_triwulan(status.triwulan))
    sp = StatusPeriode(status.status)
    riwayat = list_riwayat_status(status.id)
    return render_template("sipekerja/realisasi/periksa.html", status=status, isian=isian, nama_bulan=NAMA_BULAN,
                           nama_triwulan=NAMA_TRIWULAN, label=LABEL_STATUS[sp], warna=WARNA_STATUS[sp], form=form,
                           riwayat=riwayat, catatan_kini=catatan_berlaku(sp, riwayat),
                           label_status={s.value: LABEL_STATUS[s] for s in StatusPeriode}), kode


@bp.get("/monitoring")
@require_fitur(Fitur.PENGUKURAN)
def monitoring():
    """Per unit × month: reported or not, late or not yet due, state, values without evidence,
    the count per month and the next deadline. Pimpinan reads it; a Bidang sees its own row."""
    tahun = konteks.tahun_terpilih()
    subjek = konteks.subjek()
    unit_kerja_id = None if boleh_melihat(subjek, Fitur.PENGUKURAN, None) else subjek.unit_id
    lokal = konteks.sekarang().astimezone(konteks.zona())
    tenggat = tenggat_tahun()
    # Where a cell leads: Utama to the submission or the month, a Bidang to its month, Pimpinan nowhere.
    tautan = "utama" if Peran.UTAMA in subjek.peran else "bidang" if Peran.BIDANG in subjek.peran else ""

    def grid() -> str:
        papan = load_papan_monitoring(perangkat_daerah_id=konteks.perangkat_daerah().id, tahun=tahun,
                                      unit_kerja_id=unit_kerja_id, tenggat=tenggat, now=lokal)
        # Units with a waiting reopen request (issue 17); a request's write bumps the data version.
        permintaan = menunggu_per_unit(perangkat_daerah_id=konteks.perangkat_daerah().id, tahun_id=tahun.id)
        return render_template("sipekerja/realisasi/_monitoring.html", nama_bulan=NAMA_BULAN, papan=papan,
                               tautan=tautan, tahun=tahun, permintaan=permintaan, nama_triwulan=NAMA_TRIWULAN)

    berikut = tenggat.berikut(lokal, unit_kerja_id)
    # Counts of filled months, evidence and states: a value replaced by another leaves it in the store.
    isi = fragmen.ambil("monitoring", (tahun.id, unit_kerja_id or "", tautan, tenggat.babak(tahun.tahun, lokal)), grid,
                        lingkup=fragmen.lingkup_agensi("isian"))
    return render_template("sipekerja/realisasi/monitoring.html", isi=isi, tahun=tahun,
                           berikut=(NAMA_TRIWULAN[berikut[0] - 1], format_batas(berikut[1]),
                                    format_sisa(berikut[1] - lokal)) if berikut else None,
                           daftar_tahun=fragmen.daftar_tahun())
