"""HTTP endpoints of the portal's OpenID Connect provider."""

from __future__ import annotations

from authlib.oauth2 import OAuth2Error
from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from .extensions import csrf
from .extensions import db
from .forms import KonfirmasiForm
from .oidc import provider_metadata
from .oidc import signing_keyset

bp = Blueprint("oidc", __name__)


def _server():
    return current_app.extensions["simpadu_oidc"]["server"]


def _error_page(error: OAuth2Error, status: int = 400):
    return render_template("portal/oauth_error.html", error=error), status


@bp.route("/.well-known/openid-configuration")
def discovery():
    """The OpenID Provider discovery document."""
    return jsonify(dict(provider_metadata()))


@bp.route("/oauth/jwks")
def jwks():
    """The public signing keys."""
    return jsonify(signing_keyset().as_dict(private=False))


@bp.route("/oauth/authorize")
def authorize():
    """Authorization endpoint: asks the pegawai to sign in to the portal first, then returns a code.

    Modules are first-party applications registered by the portal admin, so no consent page.
    """
    server = _server()
    end_user = current_user._get_current_object() if current_user.is_authenticated else None
    try:
        # Validates client, exact redirect URI, scope, nonce and PKCE before anyone signs in.
        grant = server.get_consent_grant(end_user=end_user)
    except OAuth2Error as error:
        return _error_page(error)
    if end_user is None:
        return redirect(url_for("portal.login", next=request.full_path))
    response = server.create_authorization_response(grant=grant, grant_user=end_user)
    db.session.commit()
    return response


@bp.route("/oauth/token", methods=["POST"])
@csrf.exempt
def token():
    """Token endpoint (server to server, client authentication; CSRF-exempt, pitfall 9)."""
    response = _server().create_token_response()
    if response.status_code == 200:
        db.session.commit()
    else:
        db.session.rollback()
    return response


@bp.route("/oauth/userinfo", methods=["GET", "POST"])
@csrf.exempt
def userinfo():
    """UserInfo endpoint (bearer token; CSRF-exempt, pitfall 9)."""
    return _server().create_endpoint_response("userinfo")


@bp.route("/oauth/end-session", methods=["GET", "POST"])
@csrf.exempt
def end_session():
    """RP-initiated logout; without a valid ``id_token_hint`` the pegawai confirms on a form.

    The endpoint is CSRF-exempt because relying parties may POST the logout request
    (pitfall 9); the confirmation form carries and checks its own token instead.
    """
    server = _server()
    try:
        req = server.validate_endpoint_request("end_session")
    except OAuth2Error as error:
        return _error_page(error)
    if req.needs_confirmation:
        if request.method == "GET" or "konfirmasi" not in request.form:
            return render_template("portal/logout_confirm.html", req=req, form=KonfirmasiForm())
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError as error:
            raise CSRFError(str(error)) from None
    response = server.create_endpoint_response("end_session", req)
    return response or render_template("portal/logged_out.html")
