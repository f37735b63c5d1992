"""The module as an OpenID Connect relying party (Authlib Flask client, PLATFORM_NOTES §1.2).

Standards only, so it signs in against any compliant provider (the portal stub, Keycloak …):
discovery from ``SIPEKERJA_OIDC_ISSUER``; authorization code with state, nonce and PKCE S256;
``iss`` and ``aud`` pinned (pitfalls 2, 3); the id_token's algorithm pinned by
``SIPEKERJA_OIDC_ALGORITHMS`` and the authorization response's ``iss`` checked (``jeton``);
userinfo merged after checking ``sub`` (pitfall 4); users keyed on ``(issuer, subject)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from authlib.integrations.flask_client import FlaskOAuth2App
from authlib.integrations.flask_client import OAuth
from flask import current_app

from ..domain.akses import Peran
from ..models import Pengguna
from .claims import ProfilPengguna
from .claims import ProfilTidakValid
from .claims import claims_to_profil
from .claims import role_values_from_config
from .jeton import KlienOIDC

#: Name of the Authlib client; its pending state lives under ``_state_sipekerja_*``.
CLIENT_NAME = "sipekerja"
_AUTHLIB_EXTENSION = "authlib.integrations.flask_client"


class PenyediaTidakCocok(ProfilTidakValid):
    """The provider's discovery document names another issuer than the configured one."""


def oidc_client() -> FlaskOAuth2App:
    """The module's OIDC client for the current app, registered at first use.

    Registration is lazy so the configuration is read when the first sign-in happens (tests
    bind the provider to a free port before they know the issuer). An Authlib registry the
    host already has is reused; otherwise one is created.

    :return: the registered client
    :raise RuntimeError: if ``SIPEKERJA_OIDC_ISSUER`` is not configured
    """
    state = current_app.extensions["sipekerja"]
    client = state.get("oidc_client")
    if client is not None:
        return client
    config = current_app.config
    issuer = config.get("SIPEKERJA_OIDC_ISSUER")
    if not issuer:
        raise RuntimeError("SIPEKERJA_OIDC_ISSUER belum diatur.")
    oauth = current_app.extensions.get(_AUTHLIB_EXTENSION)
    if oauth is None:
        oauth = OAuth(current_app._get_current_object())
    client = oauth.register(
        CLIENT_NAME,
        overwrite=False,
        client_id=config["SIPEKERJA_OIDC_CLIENT_ID"],
        client_secret=config["SIPEKERJA_OIDC_CLIENT_SECRET"],
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_cls=KlienOIDC,
        client_kwargs={"scope": config["SIPEKERJA_OIDC_SCOPE"], "code_challenge_method": "S256"},
    )
    state["oidc_client"] = client
    return client


def check_provider_metadata(client: FlaskOAuth2App) -> dict[str, Any]:
    """Load discovery and check it names the configured issuer (OIDC Discovery §4.3).

    :raise PenyediaTidakCocok: if the issuers differ
    """
    metadata = client.load_server_metadata()
    configured = current_app.config["SIPEKERJA_OIDC_ISSUER"]
    if metadata.get("issuer") != configured:
        raise PenyediaTidakCocok(
            f"Penyedia identitas mengaku sebagai {metadata.get('issuer')!r}, bukan {configured!r} yang "
            "dikonfigurasi (SIPEKERJA_OIDC_ISSUER). Hubungi admin sistem."
        )
    return metadata


def claims_options() -> dict[str, Any]:
    """Checks for the id_token: ``iss`` and ``aud`` pinned to configuration, ``sub`` required."""
    config = current_app.config
    return {
        "iss": {"essential": True, "value": config["SIPEKERJA_OIDC_ISSUER"]},
        "aud": {"essential": True, "value": config["SIPEKERJA_OIDC_CLIENT_ID"]},
        "sub": {"essential": True},
    }


def merge_userinfo(id_claims: Mapping[str, Any], userinfo: Mapping[str, Any]) -> dict[str, Any]:
    """Merge userinfo into the id_token claims after checking both name the same subject.

    Some providers put custom claims only in userinfo (pitfall 4b), so it is always fetched.
    Claims of the id_token that protect the sign-in (``iss``, ``aud``, ``nonce`` …) win.

    :raise ProfilTidakValid: if the ``sub`` values differ
    """
    if userinfo.get("sub") != id_claims.get("sub"):
        raise ProfilTidakValid("Data pengguna dari penyedia identitas tidak cocok dengan token identitas (sub).")
    return {**userinfo, **id_claims}


def profil_from_claims(claims: Mapping[str, Any]) -> ProfilPengguna:
    """Apply the configured claim paths and role values to ``claims``."""
    config = current_app.config
    return claims_to_profil(
        claims,
        claim_nip=config["SIPEKERJA_CLAIM_NIP"],
        claim_nama=config["SIPEKERJA_CLAIM_NAMA"],
        claim_roles=config["SIPEKERJA_CLAIM_ROLES"],
        claim_unit=config["SIPEKERJA_CLAIM_UNIT"],
        role_values=role_values_from_config(config),
        claim_email=config["SIPEKERJA_CLAIM_EMAIL"],
    )


def peran_pengguna(pengguna: Pengguna) -> frozenset[Peran]:
    """The stored role values of ``pengguna`` as :class:`Peran` (unknown values skipped)."""
    return frozenset(Peran(p) for p in pengguna.peran or () if p in {x.value for x in Peran})
