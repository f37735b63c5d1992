"""Admin Kabupaten (claim ``sipekerja:admin_kabupaten``): the perangkat daerah of the kabupaten
(list, add, rename, deactivate) and the kabupaten defaults of the reference data every agency
reads unless it made its own: input windows, the predikat scale, the satuan list.

The admin belongs to no agency and opens no agency feature; every route here is refused to
anyone else (agency Pengguna Utama included), and a window that is an agency's own answers 404.
"""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for

from ..domain.errors import SipekerjaError
from ..domain.predikat import SKALA_PERMENDAGRI_86_2017
from ..domain.predikat import WARNA_PREDIKAT
from ..extensions import db_session
from ..models import JendelaInput
from ..models import PerangkatDaerah
from ..queries.referensi import get_skala_predikat_aktif
from ..queries.referensi import jendela_domain
from ..queries.referensi import list_jendela_efektif
from ..queries.referensi import list_pembukaan_unit
from ..queries.referensi import list_perangkat_daerah
from ..queries.referensi import list_satuan
from ..queries.referensi import list_tahun
from ..services import referensi as svc
from . import konteks
from .forms import KonfirmasiForm
from .forms import SatuanForm
from .forms import kesalahan_ke_flash
from .forms_admin_kabupaten import PerangkatDaerahForm
from .forms_admin_kabupaten import UbahPerangkatDaerahForm
from .permissions import require_admin_kabupaten
from .referensi import baca_skala_form
from .referensi import baris_diketik
from .referensi import keadaan_jendela_tahun
from .referensi import simpan_jendela_dari_form

bp = Blueprint("admin_kabupaten", __name__, url_prefix="/admin-kabupaten")


def _render_index(status: int = 200, band_diketik=None, **forms):
    """The admin page; after a refused write, with the form (or the predikat rows) as typed."""
    tahun_list = list_tahun()
    jendela_tahun = list_jendela_efektif(None)
    return render_template(
        "sipekerja/admin_kabupaten/index.html",
        daftar_pd=list_perangkat_daerah(), tahun_list=tahun_list, jendela_tahun=jendela_tahun,
        keadaan=keadaan_jendela_tahun(tahun_list, jendela_tahun), satuan_list=list_satuan(None),
        skala=get_skala_predikat_aktif(None), skala_default=SKALA_PERMENDAGRI_86_2017, band_diketik=band_diketik,
        warna_predikat=WARNA_PREDIKAT,
        pd_form=forms.get("pd_form") or PerangkatDaerahForm(formdata=None),
        satuan_form=forms.get("satuan_form") or SatuanForm(formdata=None),
    ), status


@bp.get("/")
@require_admin_kabupaten
def index():
    """Show the agencies and the kabupaten defaults."""
    return _render_index()


def _kirim(form, nama_form: str, simpan, pesan, anchor: str):
    """Validate, call one service, commit and redirect — or the page again with the form as typed (422)."""
    if form.validate():
        try:
            simpan()
        except SipekerjaError as error:
            konteks.gagal(error)
        else:
            konteks.commit_dan_flash(pesan())
            return redirect(url_for(".index", _anchor=anchor))
    return _render_index(422, **{nama_form: form})


@bp.post("/perangkat-daerah")
@require_admin_kabupaten
def tambah_pd():
    """Add a perangkat daerah."""
    form = PerangkatDaerahForm()
    return _kirim(form, "pd_form", lambda: svc.save_perangkat_daerah(
        kode=form.kode.data, nama=form.nama.data, oleh=konteks.pengguna()),
        lambda: f"Perangkat daerah {form.nama.data} ditambahkan.", "perangkat-daerah")


@bp.post("/perangkat-daerah/<int:pd_id>")
@require_admin_kabupaten
def ubah_pd(pd_id: int):
    """Rename a perangkat daerah, or (de)activate it."""
    pd = db_session.get(PerangkatDaerah, pd_id)
    if pd is None:
        abort(404)
    form = UbahPerangkatDaerahForm()
    if not form.validate():
        # The row forms are plain HTML: the refusal is shown as a message above the page.
        kesalahan_ke_flash(form)
        return _render_index(422)
    return _kirim(form, "ubah_form", lambda: svc.save_perangkat_daerah(
        kode=pd.kode, nama=form.nama.data, aktif=form.aktif.data, perangkat_daerah=pd, oleh=konteks.pengguna()),
        lambda: f"Perangkat daerah {form.nama.data} disimpan" + ("." if form.aktif.data else " (nonaktif)."),
        "perangkat-daerah")


def _jendela_bawaan_atau_404(jendela_id: int) -> JendelaInput:
    """A kabupaten default window; an agency's own window is not the admin's (404)."""
    jendela = db_session.get(JendelaInput, jendela_id)
    if jendela is None or jendela.perangkat_daerah_id is not None:
        abort(404)
    return jendela


def _render_jendela(jendela: JendelaInput, status: int = 200, form=None):
    return render_template(
        "sipekerja/referensi/jendela.html", jendela=jendela,
        domain=jendela_domain(jendela, jendela.tahun.tahun, konteks.zona()), zona=konteks.zona(),
        units=None, pembukaan=list_pembukaan_unit(jendela, None), pemilik="kabupaten",
        aksi_simpan=url_for(".ubah_jendela", jendela_id=jendela.id), aksi_bawaan=None,
        kembali=url_for(".index", _anchor="jendela"), form=form, konfirmasi=KonfirmasiForm(),
    ), status


@bp.get("/jendela/<int:jendela_id>")
@require_admin_kabupaten
def jendela(jendela_id: int):
    """Show a kabupaten default window."""
    return _render_jendela(_jendela_bawaan_atau_404(jendela_id))


@bp.post("/jendela/<int:jendela_id>")
@require_admin_kabupaten
def ubah_jendela(jendela_id: int):
    """Change a kabupaten default window (agencies with their own window keep theirs)."""
    jendela = _jendela_bawaan_atau_404(jendela_id)
    try:
        simpan_jendela_dari_form(jendela, None)
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render_jendela(jendela, 422, request.form)
    konteks.commit_dan_flash(f"Jendela input bawaan Triwulan {jendela.triwulan} disimpan; berlaku bagi setiap "
                             "perangkat daerah tanpa jendela khusus.")
    return redirect(url_for(".jendela", jendela_id=jendela.id))


@bp.post("/satuan")
@require_admin_kabupaten
def tambah_satuan():
    """Add a satuan to the kabupaten list."""
    form = SatuanForm()
    return _kirim(form, "satuan_form", lambda: svc.save_satuan(nama=form.nama.data, perangkat_daerah=None,
                                                               oleh=konteks.pengguna()),
                  lambda: f"Satuan {form.nama.data} ditambahkan ke daftar kabupaten.", "satuan")


@bp.post("/predikat")
@require_admin_kabupaten
def simpan_predikat():
    """Save the kabupaten predikat scale (agencies with their own scale keep theirs)."""
    try:
        skala = baca_skala_form()
        svc.save_skala_predikat(nama=skala.nama, bands=skala.bands, aktifkan=True, oleh=konteks.pengguna(),
                                batas_rerata=skala.batas_rerata, perangkat_daerah=None)
    except SipekerjaError as error:
        konteks.gagal(error)
        return _render_index(422, band_diketik=baris_diketik())
    konteks.commit_dan_flash("Skala predikat bawaan kabupaten disimpan dan diaktifkan.")
    return redirect(url_for(".index", _anchor="predikat"))
