"""Token API: the page where a user creates, lists and revokes personal access tokens of the JSON API.

Every module user (any role that opens the module) manages their own tokens only; another user's
token id answers 404. A new token's secret is shown once, on the response of the creating POST
(never stored, never put in the session or a redirect). Forms are ordinary CSRF-protected POSTs.
"""

from __future__ import annotations

from flask import Blueprint
from flask import abort
from flask import redirect
from flask import render_template
from flask import url_for
from wtforms import DateField
from wtforms import StringField
from wtforms.validators import DataRequired
from wtforms.validators import Optional

from ..domain.akses import Fitur
from ..domain.errors import SipekerjaError
from ..queries.api import list_token
from ..services.token_api import PANJANG_NAMA
from ..services.token_api import buat_token
from ..services.token_api import cabut_token
from . import konteks
from .api_skema import OPERASI
from .forms import WAJIB
from .forms import FormulirDasar
from .forms import panjang
from .permissions import require_fitur

bp = Blueprint("token_api", __name__, url_prefix="/token-api")


class TokenForm(FormulirDasar):
    nama = StringField("Nama token (untuk apa token ini dipakai)", validators=[DataRequired(WAJIB),
                                                                                panjang(PANJANG_NAMA)])
    kedaluwarsa = DateField("Berlaku sampai (kosongkan bila tanpa batas)", validators=[Optional()])


class CabutForm(FormulirDasar):
    """Only the CSRF token."""


def _halaman(form: TokenForm, *, rahasia: str | None = None, status: int = 200):
    zona = konteks.zona()
    daftar = list_token(konteks.pengguna().id)
    sekarang = konteks.sekarang()
    baris = [{"t": t, "dibuat": t.dibuat_dt.astimezone(zona),
              "kedaluwarsa": t.kedaluwarsa_dt.astimezone(zona) if t.kedaluwarsa_dt else None,
              "dicabut": t.dicabut_dt.astimezone(zona) if t.dicabut_dt else None,
              "aktif": t.dicabut_dt is None and (t.kedaluwarsa_dt is None or t.kedaluwarsa_dt > sekarang)}
             for t in daftar]
    titik = [(url_for(f"sipekerja.api.{nama}"), ringkas, [p["name"] for p in parameter])
             for nama, (ringkas, parameter, _) in OPERASI.items()]
    response = render_template("sipekerja/token_api/index.html", form=form, cabut_form=CabutForm(), daftar=baris,
                               rahasia=rahasia, titik=titik)
    return response, status, {"Cache-Control": "private, no-store"}


@bp.get("/")
@require_fitur(Fitur.PENGUKURAN)
def index():
    """List the user's tokens with the form to create one."""
    return _halaman(TokenForm())


@bp.post("/")
@require_fitur(Fitur.PENGUKURAN)
def buat():
    """Create a token and show its secret once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _halaman(form, status=422)
    try:
        _, rahasia = buat_token(konteks.pengguna(), nama=form.nama.data, kedaluwarsa=form.kedaluwarsa.data,
                                sekarang=konteks.sekarang(), zona=konteks.zona())
    except SipekerjaError as error:
        konteks.gagal(error)
        return _halaman(form, status=422)
    konteks.commit_dan_flash("Token API dibuat. Salin sekarang: token ini tidak akan ditampilkan lagi.")
    return _halaman(TokenForm(formdata=None), rahasia=rahasia)


@bp.post("/<int:token_id>/cabut")
@require_fitur(Fitur.PENGUKURAN)
def cabut(token_id: int):
    """Revoke one of the user's own tokens (404 for anyone else's)."""
    form = CabutForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        token = cabut_token(konteks.pengguna(), token_id, sekarang=konteks.sekarang())
    except SipekerjaError:
        abort(404)
    konteks.commit_dan_flash(f"Token \"{token.nama}\" dicabut: permintaan dengan token ini kini ditolak (401).")
    return redirect(url_for("sipekerja.token_api.index"))
