"""Referensi (Pengguna Utama): unit kerja, tahun and input windows, satuan, predikat scale,
nomenclature. Every route needs the Referensi feature; POST routes need the right to change."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from flask import Blueprint
from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from ..domain.akses import Fitur
from ..domain.angka import parse_angka
from ..domain.errors import NilaiTidakValid
from ..domain.errors import SipekerjaError
from ..domain.periode import StatusJendela
from ..domain.predikat import SKALA_PERMENDAGRI_86_2017
from ..extensions import db_session
from ..models import JendelaInput
from ..models import Nomenklatur
from ..models import Satuan
from ..models import SkalaPredikat
from ..models import Tahun
from ..models import UnitKerja
from ..services import nomenklatur as nomenklatur_svc
from ..services import referensi as svc
from . import konteks
from .forms import KonfirmasiForm
from .forms import pilihan
from .forms import SatuanForm
from .forms import TahunForm
from .forms import UnggahForm
from .forms import UnitKerjaForm
from .forms import kesalahan_ke_flash
from .forms import PESAN_VERSI
from .forms import periksa_kolom
from .permissions import require_fitur

bp = Blueprint("referensi", __name__, url_prefix="/referensi")
HALAMAN_NOMENKLATUR = 50


def _unit_milik(unit_id: int) -> UnitKerja:
    """Load a unit of the user's own agency (404 otherwise: no probing other agencies)."""
    unit = db_session.get(UnitKerja, unit_id)
    if unit is None or unit.perangkat_daerah_id != konteks.perangkat_daerah().id:
        abort(404)
    return unit


def _render_index(status: int = 200, **forms):
    for form in forms.values():  # the inline forms of this page show no field messages themselves
        kesalahan_ke_flash(form)
    pd = konteks.perangkat_daerah()
    tahun_form = forms.get("tahun_form") or TahunForm()
    tahun_list = db_session.execute(select(Tahun).order_by(Tahun.tahun.desc())).scalars().all()
    tahun_form.salin_dari.choices = pilihan([(0, "— tanpa salinan —")] + [(t.id, str(t.tahun)) for t in tahun_list])
    skala = db_session.execute(select(SkalaPredikat).filter_by(aktif=True)).scalar_one_or_none()
    return render_template(
        "sipekerja/referensi/index.html",
        pd=pd,
        units=db_session.execute(select(UnitKerja).filter_by(perangkat_daerah_id=pd.id)
                                 .order_by(UnitKerja.urutan, UnitKerja.nama)).scalars().all(),
        tahun_list=tahun_list,
        satuan_list=db_session.execute(select(Satuan).order_by(Satuan.nama)).scalars().all(),
        skala=skala,
        skala_default=SKALA_PERMENDAGRI_86_2017,
        jumlah_nomenklatur=db_session.execute(select(func.count()).select_from(Nomenklatur)).scalar_one(),
        unit_form=forms.get("unit_form") or UnitKerjaForm(),
        tahun_form=tahun_form,
        satuan_form=forms.get("satuan_form") or SatuanForm(),
        unggah_form=forms.get("unggah_form") or UnggahForm(),
    ), status


@bp.get("/")
@require_fitur(Fitur.REFERENSI)
def index():
    """Show all reference data of the user's agency."""
    return _render_index()


def _kirim(form, nama_form: str, simpan, pesan):
    """The shared POST flow of the index page's small forms: validate, call one service, commit
    and redirect — or show the page again with the form as typed (422), nothing saved."""
    if form.validate():
        try:
            simpan()
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.berhasil(pesan())
            return redirect(url_for(".index"))
    return _render_index(422, **{nama_form: form})


@bp.post("/unit")
@bp.post("/unit/<int:unit_id>")
@require_fitur(Fitur.REFERENSI, ubah=True)
def simpan_unit(unit_id: int | None = None):
    """Create a unit kerja, or change (or deactivate) one."""
    unit = _unit_milik(unit_id) if unit_id else None
    form = UnitKerjaForm()
    return _kirim(form, "unit_form", lambda: svc.save_unit_kerja(
        perangkat_daerah=konteks.perangkat_daerah(), kode=form.kode.data, nama=form.nama.data, jenis=form.jenis.data,
        aktif=form.aktif.data, unit=unit, oleh=konteks.pengguna()), lambda: f"Unit kerja {form.nama.data} disimpan.")


@bp.post("/tahun")
@require_fitur(Fitur.REFERENSI, ubah=True)
def tambah_tahun():
    """Open a new budget year, optionally copying a previous year's plan tree."""
    form = TahunForm()
    form.salin_dari.choices = pilihan([(0, "")] + [(t.id, str(t.tahun)) for t in db_session.execute(select(Tahun)).scalars()])
    return _kirim(form, "tahun_form", lambda: svc.create_tahun(
        tahun=form.tahun.data, zona=konteks.zona(), oleh=konteks.pengguna(),
        salin_dari=db_session.get(Tahun, form.salin_dari.data) if form.salin_dari.data else None),
        lambda: f"Tahun {form.tahun.data} ditambahkan dengan jendela input bawaan.")


def _jendela_atau_404(jendela_id: int) -> JendelaInput:
    jendela = db_session.get(JendelaInput, jendela_id)
    if jendela is None:
        abort(404)
    return jendela


def _waktu_lokal(teks: str | None, nama: str, *, wajib: bool = False) -> datetime | None:
    """Parse a ``datetime-local`` input (agency time) into an aware datetime.

    Only the years a budget year may have (2000–2100) are accepted: year 1 or 9999 would
    overflow when converted to UTC for storage.
    """
    if not teks:
        if wajib:
            raise NilaiTidakValid(f"{nama} wajib diisi.")
        return None
    try:
        waktu = datetime.fromisoformat(teks).replace(tzinfo=konteks.zona())
    except ValueError:
        raise NilaiTidakValid(f"{nama} tidak valid; gunakan format tanggal dan jam.") from None
    if not 2000 <= waktu.year <= 2100:
        raise NilaiTidakValid(f"{nama} harus antara tahun 2000 dan 2100.")
    return waktu


def _render_jendela(jendela: JendelaInput, status: int = 200, form=None):
    pd = konteks.perangkat_daerah()
    return render_template(
        "sipekerja/referensi/jendela.html", jendela=jendela,
        domain=svc.jendela_domain(jendela, jendela.tahun.tahun, konteks.zona()), zona=konteks.zona(),
        units=db_session.execute(select(UnitKerja).filter_by(perangkat_daerah_id=pd.id, aktif=True)
                                 .order_by(UnitKerja.urutan, UnitKerja.nama)).scalars().all(),
        form=form, konfirmasi=KonfirmasiForm(),
    ), status


@bp.get("/jendela/<int:jendela_id>")
@require_fitur(Fitur.REFERENSI)
def jendela(jendela_id: int):
    """Show an input window with its per-unit reopenings."""
    return _render_jendela(_jendela_atau_404(jendela_id))


@bp.post("/jendela/<int:jendela_id>")
@require_fitur(Fitur.REFERENSI, ubah=True)
def ubah_jendela(jendela_id: int):
    """Change a window's moments or state (reopening for everyone needs a reason)."""
    jendela = _jendela_atau_404(jendela_id)
    form = request.form
    try:
        try:
            status = StatusJendela(form.get("status", ""))
        except ValueError:
            raise NilaiTidakValid("Status jendela tidak dikenal.") from None
        versi = form.get("versi", type=int)
        if versi is None:
            raise NilaiTidakValid(PESAN_VERSI)
        svc.update_jendela(
            jendela=jendela, versi=versi,
            dibuka=_waktu_lokal(form.get("dibuka"), "Waktu pembukaan", wajib=True),
            ditutup=_waktu_lokal(form.get("ditutup"), "Batas waktu", wajib=True), status=status,
            dibuka_kembali_sampai=_waktu_lokal(form.get("sampai"), "Batas pembukaan kembali"),
            alasan=form.get("alasan"), oleh=konteks.pengguna())
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render_jendela(jendela, 422, form)
    konteks.berhasil(f"Jendela input Triwulan {jendela.triwulan} disimpan.")
    return redirect(url_for(".jendela", jendela_id=jendela.id))


@bp.post("/jendela/<int:jendela_id>/unit")
@require_fitur(Fitur.REFERENSI, ubah=True)
def buka_untuk_unit(jendela_id: int):
    """Reopen a closed window for one unit, with a reason."""
    jendela = _jendela_atau_404(jendela_id)
    unit = _unit_milik(request.form.get("unit_kerja_id", type=int) or 0)
    try:
        sampai = _waktu_lokal(request.form.get("sampai"), "Batas pembukaan kembali")
        if sampai is None:
            raise NilaiTidakValid("Batas pembukaan kembali wajib diisi.")
        svc.buka_jendela_untuk_unit(jendela=jendela, unit_kerja=unit, sampai=sampai,
                                    alasan=request.form.get("alasan", ""), now=konteks.sekarang(),
                                    oleh=konteks.pengguna())
    except SipekerjaError as error:
        konteks.gagal(error)
    else:
        konteks.berhasil(f"Jendela input dibuka kembali untuk {unit.nama}.")
    return redirect(url_for(".jendela", jendela_id=jendela.id))


@bp.post("/satuan")
@require_fitur(Fitur.REFERENSI, ubah=True)
def tambah_satuan():
    """Add a satuan."""
    form = SatuanForm()
    return _kirim(form, "satuan_form", lambda: svc.save_satuan(nama=form.nama.data, oleh=konteks.pengguna()),
                  lambda: f"Satuan {form.nama.data} ditambahkan.")


@bp.post("/predikat")
@require_fitur(Fitur.REFERENSI, ubah=True)
def simpan_predikat():
    """Save the predikat scale typed as rows of (lower bound, label, colour), with its optional cap."""
    batas = request.form.getlist("batas_bawah")
    label = request.form.getlist("label")
    warna = request.form.getlist("warna")
    try:
        bands: list[tuple[Decimal, str, str]] = [
            (periksa_kolom(parse_angka(b), 4), nama.strip(), (w or "secondary").strip())
            for b, nama, w in zip(batas, label, warna) if b.strip() or nama.strip()
        ]
        teks_batas = (request.form.get("batas_rerata") or "").strip()
        batas_rerata = periksa_kolom(parse_angka(teks_batas), 4) if teks_batas else None
        svc.save_skala_predikat(nama=request.form.get("nama", ""), bands=bands, aktifkan=True, oleh=konteks.pengguna(),
                                batas_rerata=batas_rerata)
    except SipekerjaError as error:
        konteks.gagal(error)
        return redirect(url_for(".index", _anchor="predikat"))
    konteks.berhasil("Skala predikat disimpan dan diaktifkan.")
    return redirect(url_for(".index", _anchor="predikat"))


@bp.get("/nomenklatur")
@require_fitur(Fitur.REFERENSI)
def nomenklatur():
    """List and search the nomenclature by code or name."""
    q = (request.args.get("q") or "").strip()[:100]
    query = select(Nomenklatur).order_by(Nomenklatur.kode)
    if q:
        pola = f"%{q}%"
        query = query.where(or_(Nomenklatur.kode.ilike(pola), Nomenklatur.nama.ilike(pola)))
    rows = db_session.execute(query.limit(HALAMAN_NOMENKLATUR)).scalars().all()
    return render_template("sipekerja/referensi/nomenklatur.html", rows=rows, q=q, unggah_form=UnggahForm(),
                           batas=HALAMAN_NOMENKLATUR)


@bp.post("/nomenklatur/impor")
@require_fitur(Fitur.REFERENSI, ubah=True)
def impor_nomenklatur():
    """Import the nomenclature from CSV or XLSX: all rows or none."""
    form = UnggahForm()
    if not form.validate():
        return _render_index(422, unggah_form=form)
    berkas = form.berkas.data
    data = berkas.read()
    try:
        if berkas.filename.lower().endswith(".xlsx"):
            rows = nomenklatur_svc.read_nomenklatur_xlsx(io.BytesIO(data))
        else:
            rows = nomenklatur_svc.read_nomenklatur_csv(io.BytesIO(data))
        hasil = nomenklatur_svc.import_nomenklatur(rows)
    except nomenklatur_svc.ImportGagal as error:
        db_session.rollback()
        return render_template("sipekerja/referensi/impor_gagal.html", error=error), 422
    except SipekerjaError as error:
        konteks.gagal(error)
        return redirect(url_for(".index", _anchor="nomenklatur"))
    konteks.berhasil(f"Nomenklatur diimpor: {hasil.created} baru, {hasil.updated} diperbarui, "
                     f"{hasil.unchanged} tidak berubah.")
    return redirect(url_for(".nomenklatur"))
