"""``sipekerja.auth``: sign-in through the portal's OpenID Connect provider, and sign-out."""

from __future__ import annotations

import logging
import weakref
from urllib.parse import urljoin
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.base_client import OAuthError
from flask import Blueprint
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import session
from flask import url_for
from joserfc.errors import BadSignatureError
from joserfc.errors import ClaimError
from joserfc.errors import ExpiredTokenError
from joserfc.errors import JoseError

from ..extensions import db_session
from ..services.pengguna import sync_pengguna
from .claims import ProfilTidakValid
from .jeton import PenerbitTidakCocok
from .jeton import periksa_parameter_iss
from .oidc import check_provider_metadata
from .oidc import claims_options
from .oidc import merge_userinfo
from .oidc import oidc_client
from .oidc import profil_from_claims
from .session import login_pengguna
from .session import logout_pengguna

logger = logging.getLogger(__name__)


def is_safe_local_url(target: str | None) -> bool:
    """Tell whether ``target`` is a path on this site (no scheme, no host, no ``//``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def _gagal(pesan: str, status: int = 400):
    return render_template("sipekerja/auth/gagal.html", pesan=pesan), status


def _pesan_kesalahan(error: Exception) -> str:
    """An Indonesian explanation of why a callback was refused."""
    if isinstance(error, ProfilTidakValid):
        return error.pesan
    if isinstance(error, MismatchingStateError):
        return ("Permintaan masuk tidak dikenali atau sudah kedaluwarsa (parameter state tidak cocok). "
                "Silakan masuk lagi dari awal.")
    if isinstance(error, OAuthError):
        return f"Portal menolak permintaan masuk ({error.error}: {error.description or '-'}). Silakan coba lagi."
    if isinstance(error, BadSignatureError):
        return "Tanda tangan token identitas dari portal tidak valid. Anda belum masuk."
    if isinstance(error, ExpiredTokenError):
        return "Token identitas dari portal sudah kedaluwarsa. Silakan masuk lagi."
    if isinstance(error, ClaimError):
        return (f"Token identitas dari portal tidak valid (klaim {error.claim} tidak sesuai). "
                "Anda belum masuk.")
    if isinstance(error, JoseError):
        return "Token identitas dari portal tidak dapat diverifikasi. Anda belum masuk."
    return "Portal tidak dapat dihubungi untuk menyelesaikan proses masuk. Silakan coba lagi."


def login():
    """Start the sign-in: redirect to the portal's authorization endpoint."""
    next_url = request.args.get("next")
    try:
        client = oidc_client()
        check_provider_metadata(client)
    except ProfilTidakValid as error:
        return _gagal(error.pesan, 502)
    except RuntimeError:
        return _gagal("SI PEKERJA belum dihubungkan ke portal (SIPEKERJA_OIDC_ISSUER belum diatur). "
                      "Hubungi admin sistem.", 503)
    except (requests.RequestException, ValueError):
        logger.exception("Discovery of the OIDC provider failed")
        return _gagal("Portal (penyedia identitas) tidak dapat dihubungi. Silakan coba lagi nanti.", 502)
    redirect_uri = current_app.config.get("SIPEKERJA_OIDC_REDIRECT_URI") or url_for(
        "sipekerja.auth.callback", _external=True
    )
    authorization = client.create_authorization_url(redirect_uri)
    # ``next`` travels with the pending state (not under a key of its own) because the portal
    # clears everything else from a shared session when the user signs in there meanwhile.
    client.save_authorize_data(redirect_uri=redirect_uri, next=next_url if is_safe_local_url(next_url) else None,
                               **authorization)
    return redirect(authorization["url"])


def callback():
    """Finish the sign-in: check the provider's answer, sync the Pengguna, start the module session.

    A refused callback changes nothing in the session: a forged or replayed one (unknown
    ``state``) must neither sign out whoever is signed in nor discard a sign-in in progress
    in another tab. Only a callback matching a pending authorization consumes that one state.
    """
    client = oidc_client()
    pending = client.framework.get_state_data(session, request.args.get("state"))
    if not pending:
        logger.warning("SIPEKERJA callback with an unknown state refused")
        return _gagal(_pesan_kesalahan(MismatchingStateError()), 400)
    next_url = pending.get("next")
    try:
        periksa_parameter_iss(request.args, client.load_server_metadata(),
                              current_app.config["SIPEKERJA_OIDC_ISSUER"])
    except PenerbitTidakCocok as error:
        logger.warning("SIPEKERJA sign-in refused: %r", error)
        return _gagal(error.pesan, 400)
    try:
        token = client.authorize_access_token(claims_options=claims_options())
        id_claims = token.get("userinfo")
        if not id_claims:
            raise ProfilTidakValid("Portal tidak mengirim token identitas (id_token).")
        claims = merge_userinfo(id_claims, client.userinfo(token=token))
        profil = profil_from_claims(claims)
    except (AuthlibBaseError, JoseError, ProfilTidakValid, requests.RequestException, ValueError) as error:
        logger.warning("SIPEKERJA sign-in refused: %r", error)
        return _gagal(_pesan_kesalahan(error), 403 if isinstance(error, (JoseError, ProfilTidakValid)) else 400)
    pengguna = sync_pengguna(profil, issuer=current_app.config["SIPEKERJA_OIDC_ISSUER"])
    login_pengguna(pengguna, token.get("id_token"), unit_klaim=profil.unit_kode)
    db_session.commit()
    return redirect(next_url if is_safe_local_url(next_url) else url_for("sipekerja.home"))


def logout():
    """Sign out of the module, then of the portal (RP-initiated logout), landing on the portal."""
    id_token = logout_pengguna()
    db_session.commit()
    portal_url = current_app.config["SIPEKERJA_PORTAL_URL"]
    landing = current_app.config.get("SIPEKERJA_OIDC_POST_LOGOUT_REDIRECT_URI") or urljoin(request.host_url, portal_url)
    try:
        client = oidc_client()
        metadata = client.load_server_metadata()
        if not metadata.get("end_session_endpoint"):
            flash("Anda telah keluar dari SI PEKERJA.", "info")
            return redirect(portal_url)
        # client_id too: a provider that issues a list ``aud`` cannot find the client otherwise
        # (pitfall 5). The landing is the portal home, which has no use for the logout state.
        result = client.create_logout_url(
            post_logout_redirect_uri=landing,
            id_token_hint=id_token,
            client_id=current_app.config["SIPEKERJA_OIDC_CLIENT_ID"],
        )
    except (requests.RequestException, ValueError, RuntimeError):
        logger.exception("Discovery of the OIDC provider failed at sign-out")
        flash("Anda telah keluar dari SI PEKERJA, tetapi portal tidak dapat dihubungi.", "warning")
        return redirect(portal_url)
    return redirect(result["url"])


#: Limiter → its throttled ``login`` and ``callback`` views (see :func:`batasi_masuk`).
_DIBATASI: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _batas_masuk() -> str:
    return current_app.config["SIPEKERJA_AUTH_RATE_LIMIT"]


def batasi_masuk(state) -> None:
    """Throttle the sign-in and callback views per client address with the host's Flask-Limiter
    (``bp.record``; the module creates one when it runs as its own app). Both views share one
    budget, used up by refused attempts only (forged or replayed callbacks, bad tokens, an
    unreachable provider), like the portal's own sign-in: colleagues signing in from one office
    address are never throttled for succeeding."""
    for limiter in state.app.extensions.get("limiter", ()):
        # A Limiter keeps its decorated limits by function name for its whole life, and one
        # limiter may serve many apps (tests, several portals): decorate once per limiter, or
        # every further app would count each attempt once more.
        dibatasi = _DIBATASI.get(limiter)
        if dibatasi is None:
            batas = limiter.shared_limit(_batas_masuk, scope="sipekerja-masuk",
                                         deduct_when=lambda response: response.status_code >= 400)
            dibatasi = _DIBATASI[limiter] = {"login": batas(login), "callback": batas(callback)}
        for endpoint, view in dibatasi.items():
            state.app.view_functions[f"{state.name_prefix}.{state.name}.{endpoint}".lstrip(".")] = view


def _terlalu_sering(error):
    return render_template("sipekerja/auth/gagal.html", pesan=(
        "Terlalu banyak percobaan masuk ke SI PEKERJA dari alamat ini. Tunggu sebentar, lalu coba lagi.")), 429


def create_auth_blueprint() -> Blueprint:
    """The ``auth`` child blueprint (``/sipekerja/auth``); the role gate lets only it through."""
    bp = Blueprint("auth", __name__, url_prefix="/auth")
    bp.add_url_rule("/login", "login", login, methods=["GET"])
    bp.add_url_rule("/callback", "callback", callback, methods=["GET"])
    bp.add_url_rule("/logout", "logout", logout, methods=["POST"])
    bp.register_error_handler(429, _terlalu_sering)
    bp.record(batasi_masuk)
    return bp
