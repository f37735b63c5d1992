"""Reopen requests (issue 17): a Sekretariat/Bidang account asks for its unit's closed window of
a triwulan to be reopened; the Pengguna Utama approves (until a moment in WITA) or refuses with a
note. Pimpinan has no part in it (no Realisasi feature)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from ..domain.akses import Fitur
from ..domain.akses import Peran
from ..domain.akses import boleh_memeriksa
from ..domain.alur import format_pukul
from ..domain.errors import AksesDitolak
from ..domain.errors import KonflikData
from ..domain.errors import NilaiTidakValid
from ..domain.errors import SipekerjaError
from ..domain.periode import NAMA_BULAN
from ..domain.periode import NAMA_TRIWULAN
from ..domain.periode import bulan_dalam_triwulan
from ..domain.permintaan_buka import LABEL_STATUS
from ..domain.permintaan_buka import WARNA_STATUS
from ..domain.permintaan_buka import StatusPermintaan
from ..domain.permintaan_buka import assert_boleh_meminta
from ..domain.permintaan_buka import label_bulan
from ..extensions import db_session
from ..models import UnitKerja
from ..queries.permintaan_buka import get_permintaan_agensi
from ..queries.permintaan_buka import list_permintaan
from ..queries.referensi import list_angka_tahun
from ..services import permintaan_buka as svc
from . import konteks
from .forms import KonfirmasiForm
from .permissions import require_fitur
from .realisasi import tenggat_tahun

bp = Blueprint("permintaan_buka", __name__, url_prefix="/permintaan-buka")


def _waktu(teks: str | None) -> datetime | None:
    """A ``datetime-local`` value read in the agency's zone (WITA); years 2000–2100 only."""
    if not teks:
        return None
    try:
        waktu = datetime.fromisoformat(teks).replace(tzinfo=konteks.zona())
    except ValueError:
        raise NilaiTidakValid("Batas pembukaan kembali tidak valid; gunakan format tanggal dan jam.") from None
    if not 2000 <= waktu.year <= 2100:
        raise NilaiTidakValid("Batas pembukaan kembali harus antara tahun 2000 dan 2100.")
    return waktu


def _bilangan(nilai: str | None) -> int:
    teks = (nilai or "").strip()
    if not (teks.isascii() and teks.isdigit()) or len(teks) > 4:
        raise NilaiTidakValid("Pilihan triwulan atau bulan tidak dikenal.")
    return int(teks)


def _triwulan_tertutup(unit_id: int | None) -> list[int]:
    """Triwulans whose window has opened once but is not open for the unit now: what it may ask for."""
    if unit_id is None:
        return []
    tenggat = tenggat_tahun()
    lokal = konteks.sekarang().astimezone(konteks.zona())
    return [t for t in range(1, 5) if (j := tenggat.jendela_triwulan(t)) is not None and j.dibuka <= lokal
            and not tenggat.terbuka(t, unit_id, lokal)]


def _render(status: int = 200):
    subjek = konteks.subjek()
    tahun = konteks.tahun_terpilih()
    utama = boleh_memeriksa(subjek)
    unit_id = None if utama else subjek.unit_id
    daftar = list_permintaan(perangkat_daerah_id=konteks.perangkat_daerah().id, tahun_id=tahun.id,
                             unit_kerja_id=unit_id)
    menunggu = {b.triwulan for b in daftar if b.status == StatusPermintaan.MENUNGGU.value}
    zona = konteks.zona()
    boleh_minta = Peran.BIDANG in subjek.peran and not utama
    return render_template(
        "sipekerja/permintaan_buka/index.html", tahun=tahun, daftar=daftar, utama=utama,
        daftar_tahun=list_angka_tahun(), nama_bulan=NAMA_BULAN, nama_triwulan=NAMA_TRIWULAN,
        bulan_triwulan=bulan_dalam_triwulan, label_bulan=label_bulan,
        label_status={s.value: LABEL_STATUS[s] for s in StatusPermintaan},
        warna_status={s.value: WARNA_STATUS[s] for s in StatusPermintaan},
        bisa_diminta=[t for t in _triwulan_tertutup(subjek.unit_id) if t not in menunggu] if boleh_minta else [],
        waktu=lambda dt: format_pukul(dt.astimezone(zona)) if dt else "–",
    ), status


@bp.get("/")
@require_fitur(Fitur.REALISASI)
def index():
    """The Utama: every request of the agency for the year, waiting ones first, with the answer
    forms. A Sekretariat/Bidang account: its unit's requests and a form per closed triwulan."""
    return _render()


@bp.post("/")
@require_fitur(Fitur.REALISASI, ubah=True)
def ajukan():
    """A unit asks for its closed window of a triwulan to be reopened."""
    subjek = konteks.subjek()
    if not KonfirmasiForm().validate():
        abort(400)
    unit = db_session.get(UnitKerja, subjek.unit_id) if subjek.unit_id else None
    if unit is None or unit.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(403)
    assert_boleh_meminta(subjek, unit.id)
    try:
        svc.ajukan_permintaan(
            subjek=subjek, oleh=konteks.pengguna(), unit_kerja=unit, tahun=konteks.tahun_terpilih(),
            triwulan=_bilangan(request.form.get("triwulan")),
            bulan=[_bilangan(b) for b in request.form.getlist("bulan")],
            alasan=request.form.get("alasan"), now=konteks.sekarang(), zona=konteks.zona())
    except AksesDitolak:
        raise
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render(409 if isinstance(error, KonflikData) else 422)
    konteks.commit_dan_flash("Permintaan buka kembali dikirim ke Pengguna Utama.")
    return redirect(url_for(".index", tahun=konteks.tahun_terpilih().tahun))


@bp.post("/<int:permintaan_id>/jawab")
@require_fitur(Fitur.REALISASI)
def jawab(permintaan_id: int):
    """The Utama approves (until a moment in WITA) or refuses (with a note) a request of its agency."""
    subjek = konteks.subjek()
    if not boleh_memeriksa(subjek):
        abort(403)
    permintaan = get_permintaan_agensi(permintaan_id, konteks.perangkat_daerah().id)
    if permintaan is None:
        abort(404)
    if not KonfirmasiForm().validate():
        abort(400)
    aksi = request.form.get("aksi")
    tahun = permintaan.tahun.tahun
    try:
        versi_teks = request.form.get("versi", "")
        if not (versi_teks.isascii() and versi_teks.isdigit()) or len(versi_teks) > 9:
            raise NilaiTidakValid("Formulir tidak lengkap; muat ulang halaman lalu coba lagi.")
        umum = {"subjek": subjek, "oleh": konteks.pengguna(), "permintaan": permintaan, "versi": int(versi_teks),
                "catatan": request.form.get("catatan"), "now": konteks.sekarang()}
        if aksi == "setujui":
            svc.setujui_permintaan(**umum, sampai=_waktu(request.form.get("sampai")), zona=konteks.zona())
        elif aksi == "tolak":
            svc.tolak_permintaan(**umum)
        else:
            raise NilaiTidakValid("Pilih setujui atau tolak.")
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render(409 if isinstance(error, KonflikData) else 403 if isinstance(error, AksesDitolak) else 422)
    konteks.commit_dan_flash(f"Permintaan {permintaan.unit_kerja.nama} "
                             f"{'disetujui' if aksi == 'setujui' else 'ditolak'}.")
    return redirect(url_for(".index", tahun=tahun))
