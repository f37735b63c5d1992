"""The portal's OpenID Connect provider (Authlib 1.9 API, PLATFORM_NOTES §1.1 and §1.3).

Authorization code flow only, with PKCE S256 and a nonce required for every client, RS256
id_tokens signed with a key persisted under ``instance/`` (thumbprint ``kid``), a userinfo
endpoint carrying the ``simpadu`` claims (``nip``, ``roles``, ``unit_kerja``) and
RP-initiated logout limited to registered post-logout redirect URIs.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.integrations.flask_oauth2 import ResourceProtector
from authlib.integrations.sqla_oauth2 import create_bearer_token_validator
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9207 import IssuerParameter
from authlib.oidc.core import UserInfo
from authlib.oidc.core import UserInfoEndpoint
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.discovery import OpenIDProviderMetadata
from authlib.oidc.rpinitiated import EndSessionEndpoint
from flask import Flask
from flask import current_app
from flask import session
from flask_login import logout_user
from joserfc.jwk import KeySet
from joserfc.jwk import RSAKey
from sqlalchemy import select

from .extensions import db
from .models import OAuth2AuthorizationCode
from .models import OAuth2Client
from .models import OAuth2Token
from .models import Pegawai

#: Scopes the provider knows; ``simpadu`` carries the portal's own claims.
SCOPES = ("openid", "profile", "simpadu")
#: Session key holding when the pegawai signed in to the portal (the id_token's ``auth_time``).
AUTH_TIME_KEY = "_simpadu_auth_time"

ENDPOINTS = {
    "authorization_endpoint": "/oauth/authorize",
    "token_endpoint": "/oauth/token",
    "userinfo_endpoint": "/oauth/userinfo",
    "jwks_uri": "/oauth/jwks",
    "end_session_endpoint": "/oauth/end-session",
}


class SimpaduUserInfo(UserInfo):
    """UserInfo whose ``filter`` keeps the portal's claims for scope ``simpadu`` (pitfall 4a)."""

    SCOPES_CLAIMS_MAPPING = {**UserInfo.SCOPES_CLAIMS_MAPPING, "simpadu": ["nip", "roles", "unit_kerja", "email"]}


def issuer(app: Flask | None = None) -> str:
    """The issuer identifier; byte-identical in discovery and in every ``iss`` claim."""
    config = (app or current_app).config
    return (config.get("SIMPADU_OIDC_ISSUER") or config["SIMPADU_BASE_URL"]).rstrip("/")


def user_info_for(pegawai: Pegawai, scope: str) -> UserInfo:
    """Claims about ``pegawai`` released for ``scope``: ``sub`` is the NIP.

    :param pegawai: the signed-in pegawai
    :param scope: the granted scope string
    :return: the filtered claims
    """
    roles = [a.role_claim for a in pegawai.akses]
    unit = pegawai.unit_kode
    for akses in pegawai.akses:
        if akses.peran == "bidang" and akses.unit_kode:
            unit = akses.unit_kode
    claims = SimpaduUserInfo(sub=pegawai.nip, name=pegawai.nama, nip=pegawai.nip, roles=roles)
    # The stub has no mailbox directory: every pegawai's address is NIP@SIMPADU_EMAIL_DOMAIN.
    domain = current_app.config.get("SIMPADU_EMAIL_DOMAIN")
    if domain:
        claims["email"] = f"{pegawai.nip}@{domain}"
    if unit:
        claims["unit_kerja"] = unit
    return claims.filter(scope)


# --- signing key -------------------------------------------------------------------------


def signing_keyset(app: Flask | None = None) -> KeySet:
    """The provider's RS256 key set, loaded once per app from ``SIMPADU_OIDC_KEY_FILE``.

    The key is persisted so a restart does not rotate it; its ``kid`` is the JWK
    thumbprint, so a rotated key always gets a new kid and relying parties re-fetch the JWKS
    (pitfall 6).
    """
    app = app or current_app._get_current_object()
    state = app.extensions["simpadu_oidc"]
    if state.get("keyset") is None:
        path = app.config.get("SIMPADU_OIDC_KEY_FILE") or os.path.join(app.instance_path, "oidc_signing_key.json")
        state["keyset"] = KeySet([_load_or_create_key(path)])
    return state["keyset"]


def _load_or_create_key(path: str) -> RSAKey:
    if not os.path.exists(path):
        key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, auto_kid=True)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process won the race; read its key below
        else:
            with os.fdopen(fd, "w") as f:
                json.dump(key.as_dict(private=True), f)
    with open(path) as f:
        data = json.load(f)
    return RSAKey.import_key(data)


# --- clients -----------------------------------------------------------------------------


def _client_from_config(entry: dict[str, Any]) -> OAuth2Client:
    client = OAuth2Client(client_id=entry["client_id"], client_secret=entry["client_secret"])
    client.set_client_metadata(_client_metadata(
        redirect_uris=entry["redirect_uris"],
        post_logout_redirect_uris=entry.get("post_logout_redirect_uris", []),
        scope=entry.get("scope", " ".join(SCOPES)),
        client_name=entry.get("client_name", entry["client_id"]),
    ))
    return client


def _client_metadata(
    *, redirect_uris: Iterable[str], post_logout_redirect_uris: Iterable[str], scope: str, client_name: str
) -> dict[str, Any]:
    return {
        "client_name": client_name,
        "redirect_uris": list(redirect_uris),
        "post_logout_redirect_uris": list(post_logout_redirect_uris),
        "scope": scope,
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "client_secret_basic",
    }


def query_client(client_id: str) -> OAuth2Client | None:
    """Find a client: first in ``SIMPADU_OIDC_CLIENTS`` (configuration), then in the database."""
    for entry in current_app.config.get("SIMPADU_OIDC_CLIENTS") or ():
        if entry["client_id"] == client_id:
            return _client_from_config(entry)
    return db.session.scalar(select(OAuth2Client).filter_by(client_id=client_id))


def register_client(
    *,
    client_id: str,
    client_secret: str,
    redirect_uris: Iterable[str],
    post_logout_redirect_uris: Iterable[str] = (),
    scope: str = " ".join(SCOPES),
    client_name: str | None = None,
) -> OAuth2Client:
    """Create or update a confidential client with exact redirect URIs (flushes, never commits).

    :param client_id: the client identifier, e.g. ``sipekerja``
    :param client_secret: the shared secret for ``client_secret_basic``
    :param redirect_uris: exact callback URIs; nothing else is accepted
    :param post_logout_redirect_uris: exact URIs allowed after RP-initiated logout
    :param scope: the scopes the client may ask for
    :param client_name: shown on the logout confirmation page
    :return: the stored client
    """
    client = db.session.scalar(select(OAuth2Client).filter_by(client_id=client_id))
    if client is None:
        client = OAuth2Client(client_id=client_id, client_id_issued_at=int(time.time()))
        db.session.add(client)
    client.client_secret = client_secret
    client.set_client_metadata(_client_metadata(
        redirect_uris=redirect_uris,
        post_logout_redirect_uris=post_logout_redirect_uris,
        scope=scope,
        client_name=client_name or client_id,
    ))
    db.session.flush()
    return client


# --- grants and endpoints ----------------------------------------------------------------


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    """Code grant for confidential clients; writes are flushed, the view commits once."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code: str, request) -> None:
        data = request.payload.data
        db.session.add(OAuth2AuthorizationCode(
            code=code,
            client_id=request.client.client_id,
            redirect_uri=request.payload.redirect_uri,
            scope=request.payload.scope,
            user_id=request.user.id,
            nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
            auth_time=int(session.get(AUTH_TIME_KEY) or time.time()),
        ))

    def query_authorization_code(self, code: str, client) -> OAuth2AuthorizationCode | None:
        item = db.session.scalar(
            select(OAuth2AuthorizationCode).filter_by(code=code, client_id=client.client_id)
        )
        if item is not None and not item.is_expired():
            return item
        return None

    def delete_authorization_code(self, authorization_code: OAuth2AuthorizationCode) -> None:
        db.session.delete(authorization_code)

    def authenticate_user(self, authorization_code: OAuth2AuthorizationCode) -> Pegawai | None:
        pegawai = db.session.get(Pegawai, authorization_code.user_id)
        return pegawai if pegawai is not None and pegawai.aktif else None


class S256CodeChallenge(CodeChallenge):
    """PKCE with S256 required for every client, confidential ones included (pitfall 1)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant, redirect_uri) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge': PKCE (S256) is required.")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Unsupported 'code_challenge_method': only S256 is accepted.")
        super().validate_code_challenge(grant, redirect_uri)


class SimpaduOpenIDCode(OpenIDCode):
    """id_token with ``iss``, a string ``aud`` (pitfall 5), ``exp``, ``iat``, ``auth_time``, ``nonce``."""

    def resolve_client_private_key(self, client) -> KeySet:
        return signing_keyset()

    def get_client_claims(self, client) -> dict[str, Any]:
        now = int(time.time())
        return {
            "iss": issuer(),
            "aud": client.client_id,
            "iat": now,
            "exp": now + int(current_app.config["SIMPADU_OIDC_ID_TOKEN_TTL"]),
        }

    def exists_nonce(self, nonce: str, request) -> bool:
        found = db.session.scalar(
            select(OAuth2AuthorizationCode.id).filter_by(client_id=request.payload.client_id, nonce=nonce)
        )
        return found is not None

    def generate_user_info(self, user: Pegawai, scope: str) -> UserInfo:
        return user_info_for(user, scope)


class SimpaduIssuerParameter(IssuerParameter):
    """RFC 9207: every authorization response names the issuer, so clients can detect mix-ups."""

    def get_issuer(self) -> str:
        return issuer()


class SimpaduUserInfoEndpoint(UserInfoEndpoint):
    """``/oauth/userinfo``: the same claims as the id_token, for a valid bearer token."""

    def get_issuer(self) -> str:
        return issuer()

    def generate_user_info(self, user: Pegawai, scope: str) -> UserInfo:
        return user_info_for(user, scope)

    def resolve_private_key(self) -> KeySet:
        return signing_keyset()


class SimpaduEndSessionEndpoint(EndSessionEndpoint):
    """RP-initiated logout: ends the portal session, redirects only to registered URIs."""

    def get_server_jwks(self) -> dict:
        return signing_keyset().as_dict(private=False)

    def end_session(self, end_session_request) -> None:
        from .sesi import akhiri_semua_di_cookie

        akhiri_semua_di_cookie()
        db.session.commit()
        logout_user()
        session.clear()


def provider_metadata() -> OpenIDProviderMetadata:
    """The discovery document, built from the issuer so every URL matches it."""
    base = issuer()
    metadata = OpenIDProviderMetadata(
        issuer=base,
        **{name: base + path for name, path in ENDPOINTS.items()},
        response_types_supported=["code"],
        grant_types_supported=["authorization_code"],
        subject_types_supported=["public"],
        id_token_signing_alg_values_supported=["RS256"],
        code_challenge_methods_supported=["S256"],
        authorization_response_iss_parameter_supported=True,
        token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
        scopes_supported=list(SCOPES),
        claims_supported=["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "name", "nip", "roles",
                          "unit_kerja", "email"],
    )
    metadata.validate()
    return metadata


def init_provider(app: Flask) -> AuthorizationServer:
    """Build this app's authorization server and keep it in ``app.extensions["simpadu_oidc"]``.

    :param app: the portal application
    :return: the configured server
    """
    app.config.setdefault("OAUTH2_SCOPES_SUPPORTED", list(SCOPES))
    server = AuthorizationServer(app, query_client=query_client, save_token=_save_token)
    server.register_grant(AuthorizationCodeGrant, [SimpaduOpenIDCode(require_nonce=True), S256CodeChallenge()])
    protector = ResourceProtector()
    protector.register_token_validator(create_bearer_token_validator(db.session, OAuth2Token)())
    server.register_endpoint(SimpaduUserInfoEndpoint(resource_protector=protector))
    server.register_endpoint(SimpaduEndSessionEndpoint)
    server.register_extension(SimpaduIssuerParameter())
    app.extensions["simpadu_oidc"] = {"server": server, "keyset": None}
    return server


def _save_token(token: dict, request) -> None:
    db.session.add(OAuth2Token(client_id=request.client.client_id, user_id=request.user.id, **token))
