"""Manajemen Akses Modul: portal admins list pegawai and grant or revoke SIPEKERJA roles."""

from __future__ import annotations

from datetime import datetime
from datetime import timezone
from functools import wraps
from zoneinfo import ZoneInfo

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user
from flask_login import login_required

from sipekerja_module.domain.errors import NIPTidakValid
from sipekerja_module.domain.periode import format_tanggal

from . import akses as akses_service
from .extensions import db
from .forms import LABEL_PERAN
from .forms import AksesForm
from .forms import KonfirmasiForm
from .forms import PegawaiForm
from .models import Pegawai

bp = Blueprint("admin", __name__, url_prefix="/admin")

#: The module whose roles this page manages.
MODUL = "sipekerja"


def admin_required(view):
    """Let only portal admins through; everyone else gets 403 (anonymous users sign in first)."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def unit_modul() -> list[dict[str, str]] | None:
    """The units the module offers for a Sekretariat/Bidang role (its tile descriptor's
    ``unit_kerja``), or None when the module offers no list."""
    tile = next((t for t in current_app.extensions.get("simpadu_tiles", []) if t.get("id") == MODUL), None)
    sumber = tile.get("unit_kerja") if tile else None
    return list(sumber()) if callable(sumber) else None


def _kode_unit(units: list[dict[str, str]] | None, *, dengan_pd: bool = False) -> set[str] | None:
    if units is None:
        return None
    kode = {u["kode"] for u in units}
    return kode | {u["perangkat_daerah_kode"] for u in units} if dengan_pd else kode


@bp.app_template_filter("waktu_wita")
def waktu_wita(nilai: datetime | None) -> str:
    """A stored UTC moment in the portal's local time: ``7 Desember 2026 12.57 WITA``."""
    if nilai is None:
        return "—"
    zona = ZoneInfo(current_app.config.get("SIMPADU_ZONA_WAKTU") or "Asia/Makassar")
    lokal = (nilai if nilai.tzinfo else nilai.replace(tzinfo=timezone.utc)).astimezone(zona)
    singkatan = {"Asia/Makassar": "WITA", "Asia/Jakarta": "WIB", "Asia/Jayapura": "WIT"}.get(zona.key, zona.key)
    return f"{format_tanggal(lokal.date())} {lokal:%H.%M} {singkatan}"


#: Largest id a table can hold; a bigger one names nobody (and overflows SQLite's driver).
ID_MAKS = 2**63 - 1


def _pegawai_atau_404(pegawai_id: int) -> Pegawai:
    if pegawai_id > ID_MAKS:
        abort(404)
    return db.get_or_404(Pegawai, pegawai_id)


def _render(pegawai_form: PegawaiForm | None = None, status: int = 200):
    cari = request.args.get("q", "")
    audit = akses_service.list_audit()
    return render_template(
        "portal/admin_akses.html",
        daftar=akses_service.list_pegawai(cari),
        cari=cari,
        modul=MODUL,
        label_peran=LABEL_PERAN,
        pegawai_form=pegawai_form or PegawaiForm(formdata=None),
        akses_form=AksesForm(formdata=None),
        konfirmasi_form=KonfirmasiForm(),
        audit=audit,
        units=unit_modul(),
        nama=akses_service.nama_per_nip([r.oleh_nip for r in audit] + [r.pegawai_nip for r in audit]),
        aksi=akses_service.AKSI,
        uraian=akses_service.uraian_akses,
    ), status


@bp.route("/akses")
@admin_required
def akses():
    """List and search pegawai with their SIPEKERJA role, and the latest audit records."""
    return _render()


@bp.route("/akses/pegawai", methods=["POST"])
@admin_required
def tambah_pegawai():
    """Add a pegawai (NIP validated by the domain rules)."""
    form = PegawaiForm()
    if not form.validate_on_submit():
        return _render(form, 400)
    try:
        pegawai = akses_service.tambah_pegawai(
            nip=form.nip.data, nama=form.nama.data, jabatan=form.jabatan.data or "",
            unit_kode=form.unit_kode.data, password=form.password.data, oleh=current_user,
            unit_dikenal=_kode_unit(unit_modul(), dengan_pd=True),
        )
    except (NIPTidakValid, akses_service.AksesTidakValid) as error:
        db.session.rollback()
        flash(error.pesan, "danger")
        return _render(form, 400)
    db.session.commit()
    flash(f"Pegawai {pegawai.nama} ({pegawai.nip}) ditambahkan.", "success")
    return redirect(url_for(".akses", q=pegawai.nip))


@bp.route("/akses/<int:pegawai_id>/beri", methods=["POST"])
@admin_required
def beri(pegawai_id: int):
    """Grant (or change) the pegawai's SIPEKERJA role."""
    pegawai = _pegawai_atau_404(pegawai_id)
    form = AksesForm()
    if not form.validate_on_submit():
        flash("Isian akses tidak valid.", "danger")
        return redirect(url_for(".akses"))
    try:
        hasil = akses_service.beri_akses(pegawai=pegawai, modul=MODUL, peran=form.peran.data,
                                         unit_kode=form.unit_kode.data, oleh=current_user,
                                         unit_dikenal=_kode_unit(unit_modul()))
    except akses_service.AksesTidakValid as error:
        db.session.rollback()
        flash(error.pesan, "danger")
        return redirect(url_for(".akses", q=pegawai.nip))
    db.session.commit()
    unit = f" untuk unit {hasil.unit_kode}" if hasil.unit_kode else ""
    flash(f"{pegawai.nama} kini {LABEL_PERAN[hasil.peran]} SIPEKERJA{unit}. Sesi SI PEKERJA-nya yang sedang "
          "berjalan diakhiri; peran baru berlaku saat masuk lagi.", "success")
    return redirect(url_for(".akses", q=pegawai.nip))


@bp.route("/akses/<int:pegawai_id>/cabut", methods=["POST"])
@admin_required
def cabut(pegawai_id: int):
    """Revoke the pegawai's SIPEKERJA role."""
    pegawai = _pegawai_atau_404(pegawai_id)
    if not KonfirmasiForm().validate_on_submit():
        abort(400)
    try:
        akses_service.cabut_akses(pegawai=pegawai, modul=MODUL, oleh=current_user)
    except akses_service.AksesTidakValid as error:
        db.session.rollback()
        flash(error.pesan, "danger")
        return redirect(url_for(".akses", q=pegawai.nip))
    db.session.commit()
    flash(f"Akses SIPEKERJA {pegawai.nama} dicabut; sesi SI PEKERJA-nya yang sedang berjalan diakhiri.", "success")
    return redirect(url_for(".akses", q=pegawai.nip))
