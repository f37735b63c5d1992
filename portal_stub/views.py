"""Portal pages: the SIMPADU home with its tile grid, sign-in by NIP and sign-out."""

from __future__ import annotations

import time
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_login import login_user
from flask_login import logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from sipekerja_module.domain.errors import NIPTidakValid
from sipekerja_module.domain.nip import normalisasi_nip

from . import PORTAL_TILES
from . import sesi
from .extensions import db
from .extensions import limiter
from .forms import LoginForm
from .models import Pegawai
from .oidc import AUTH_TIME_KEY

bp = Blueprint("portal", __name__)

#: Prefix of Authlib's pending-authorization keys (state, nonce, PKCE verifier) in the session.
AUTHLIB_STATE_PREFIX = "_state_"


def is_safe_local_url(target: str | None) -> bool:
    """Tell whether ``target`` is a path on this site (no scheme, no host, no ``//``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def _tiles() -> list[dict]:
    installed = {t["id"]: t for t in current_app.extensions.get("simpadu_tiles", [])}
    roles = set()
    if current_user.is_authenticated:
        roles = {a.role_claim for a in current_user.akses}
    tiles = []
    for tile_id, title, description in PORTAL_TILES:
        module = installed.get(tile_id)
        tile = {
            "id": tile_id,
            "title": title,
            "description": description,
            "url": url_for(module["endpoint"]) if module else None,
            "installed": module is not None,
            "allowed": False,
            "reason": None,
        }
        if module is None:
            tile["reason"] = "Belum terpasang"
        elif not current_user.is_authenticated:
            tile["reason"] = "Masuk ke portal untuk membuka aplikasi ini."
        elif module.get("required_roles") and not roles.intersection(module["required_roles"]):
            tile["reason"] = (f"Anda belum memiliki akses {title}. Hubungi admin portal (Manajemen Akses Modul, "
                              "BKPSDM) untuk meminta akses.")
        else:
            tile["allowed"] = True
        tiles.append(tile)
    return tiles


@bp.route("/")
def home():
    """Show the SIMPADU tile grid."""
    return render_template("portal/home.html", tiles=_tiles())


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("tidak-dipakai", method="scrypt")


def _check_credentials(nip: str, password: str) -> Pegawai | None:
    pegawai = db.session.scalar(select(Pegawai).filter_by(nip=nip))
    if pegawai is None:
        # Spend the same time as a real check, so the response does not reveal which NIPs exist.
        check_password_hash(_dummy_hash(), password)
        return None
    if not pegawai.check_password(password) or not pegawai.aktif:
        return None
    return pegawai


def _login_limit() -> str:
    return current_app.config["SIMPADU_LOGIN_RATE_LIMIT"]


def _login_limit_alamat() -> str:
    return current_app.config["SIMPADU_LOGIN_RATE_LIMIT_ALAMAT"]


def _kunci_akun() -> str:
    """Throttling key of one account from one address: a burst of wrong passwords for one NIP
    does not lock the colleagues who share the office's address out."""
    teks = request.form.get("nip", "")
    try:
        akun = normalisasi_nip(teks)
    except NIPTidakValid:
        akun = "".join(teks.split())[:40]
    return f"{get_remote_address()}|{akun}"


def _gagal(response) -> bool:
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_kunci_akun, deduct_when=_gagal)
@limiter.limit(_login_limit_alamat, methods=["POST"], deduct_when=_gagal)
def login():
    """Sign in to the portal with NIP (spaces and dots allowed) and password."""
    next_url = request.args.get("next")
    if not is_safe_local_url(next_url):
        next_url = None
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or url_for("portal.home"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("portal/login.html", form=form, next=next_url), 400 if form.errors else 200
    try:
        nip = normalisasi_nip(form.nip.data)
    except NIPTidakValid as error:
        flash(error.pesan, "danger")
        return render_template("portal/login.html", form=form, next=next_url), 401
    pegawai = _check_credentials(nip, form.password.data)
    if pegawai is None:
        flash("NIP atau kata sandi salah.", "danger")
        return render_template("portal/login.html", form=form, next=next_url), 401
    # A fresh session at every sign-in (fixation). Only the pending authorization requests of
    # modules survive: they carry no identity and are single-use, and a module whose sign-in
    # sent the user here needs them when the user comes back to its callback.
    pending = {k: v for k, v in session.items() if k.startswith(AUTHLIB_STATE_PREFIX)}
    sesi.akhiri_semua_di_cookie()
    session.clear()
    session.update(pending)
    session.permanent = True
    login_user(pegawai)
    session[AUTH_TIME_KEY] = int(time.time())
    sesi.mulai(pegawai.id)
    db.session.commit()
    flash(f"Selamat datang, {pegawai.nama}.", "success")
    return redirect(next_url or url_for("portal.home"))


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out of the portal (and of every module sharing this session), server-side too."""
    sesi.akhiri_semua_di_cookie()
    db.session.commit()
    logout_user()
    session.clear()
    flash("Anda telah keluar dari portal.", "info")
    return redirect(url_for("portal.home"))
