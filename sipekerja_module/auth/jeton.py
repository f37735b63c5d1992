"""Verification of the provider's answers: the id_token's algorithm pinned by configuration, and
the ``iss`` parameter of the authorization response (RFC 9207).

Authlib's client accepts any algorithm the provider's discovery lists in
``id_token_signing_alg_values_supported``. A provider (or whoever controls its discovery
document) listing ``none`` or an HMAC algorithm would then get an unsigned token, or one
"signed" with its own public key, accepted. Here the list comes from
``SIPEKERJA_OIDC_ALGORITHMS`` only, and ``none`` and HMAC are removed from it whatever it says.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from authlib.integrations.flask_client import FlaskOAuth2App
from authlib.oidc.core import CodeIDToken
from authlib.oidc.core import ImplicitIDToken
from authlib.oidc.core import UserInfo
from flask import current_app
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from .claims import ProfilTidakValid

#: Used when ``SIPEKERJA_OIDC_ALGORITHMS`` is not set.
ALGORITMA_BAKU = ("RS256", "ES256")
#: Asymmetric JWS algorithms a relying party can verify with the provider's public keys.
_ASIMETRIS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "ES256K",
                        "EdDSA", "Ed25519", "Ed448"})


class AlgoritmaDitolak(ProfilTidakValid):
    """The id_token is signed with an algorithm this deployment does not accept."""


class PenerbitTidakCocok(ProfilTidakValid):
    """The authorization response names another issuer (RFC 9207), or omits a promised one."""


def algoritma_id_token(setting: str | Iterable[str] | None) -> list[str]:
    """The id_token algorithms to accept, from the configured value.

    ``none`` and HMAC (``HS*``) are never returned: an HMAC secret known to the relying party
    would be the client secret or, worse, a public key. Unknown names are dropped.

    :param setting: ``SIPEKERJA_OIDC_ALGORITHMS``: a list, or a string separated by spaces or
        commas; None means :data:`ALGORITMA_BAKU`
    :return: the accepted algorithm names, in configured order
    :raise RuntimeError: when nothing acceptable remains (a configuration error)
    """
    if setting is None:
        setting = ALGORITMA_BAKU
    if isinstance(setting, str):
        setting = setting.replace(",", " ").split()
    hasil = [a for a in dict.fromkeys(str(a).strip() for a in setting) if a in _ASIMETRIS]
    if not hasil:
        raise RuntimeError("SIPEKERJA_OIDC_ALGORITHMS tidak berisi algoritma asimetris yang dikenal "
                           "(none dan HMAC tidak pernah diterima).")
    return hasil


def header_tanpa_verifikasi(id_token: str) -> dict[str, Any]:
    """The JOSE header of a compact token, decoded but not trusted (to name its ``alg``).

    :raise AlgoritmaDitolak: when the header cannot be read
    """
    try:
        bagian = id_token.split(".")[0]
        header = json.loads(base64.urlsafe_b64decode(bagian + "=" * (-len(bagian) % 4)))
    except (ValueError, AttributeError, IndexError):
        header = None
    if not isinstance(header, dict):
        raise AlgoritmaDitolak("Token identitas dari portal tidak dapat dibaca. Anda belum masuk.")
    return header


class KlienOIDC(FlaskOAuth2App):
    """Authlib's Flask client with the id_token algorithm pinned by configuration."""

    def parse_id_token(self, token, nonce, claims_options=None, claims_cls=None, leeway=120):
        """Validate the token's id_token as Authlib does, but against pinned algorithms.

        An unknown ``kid`` refetches the JWKS once, so a provider's key rotation is picked up.

        :raise AlgoritmaDitolak: for an algorithm outside ``SIPEKERJA_OIDC_ALGORITHMS``
        """
        if "id_token" not in token:
            return None
        algoritma = algoritma_id_token(current_app.config.get("SIPEKERJA_OIDC_ALGORITHMS"))
        alg = header_tanpa_verifikasi(token["id_token"]).get("alg")
        if alg not in algoritma:
            raise AlgoritmaDitolak(
                f"Token identitas dari portal ditandatangani dengan algoritma {str(alg)[:20]!r} yang tidak "
                f"diizinkan (yang diterima: {', '.join(algoritma)}; SIPEKERJA_OIDC_ALGORITHMS). Anda belum masuk."
            )
        registry = JWSRegistry(algorithms=algoritma, strict_check_header=False)
        try:
            decoded = jwt.decode(token["id_token"], KeySet.import_key_set(self.fetch_jwk_set()), registry=registry)
        except InvalidKeyIdError:
            decoded = jwt.decode(token["id_token"], KeySet.import_key_set(self.fetch_jwk_set(force=True)),
                                 registry=registry)
        params = {"nonce": nonce, "client_id": self.client_id}
        if claims_cls is None:
            claims_cls = CodeIDToken if "access_token" in token else ImplicitIDToken
            if "access_token" in token:
                params["access_token"] = token["access_token"]
        claims = claims_cls(decoded.claims, decoded.header, claims_options, params)
        claims.validate(leeway=leeway)
        return UserInfo(claims)


def periksa_parameter_iss(args: Mapping[str, str], metadata: Mapping[str, Any], issuer: str) -> None:
    """Check the ``iss`` of an authorization response (RFC 9207 §2.4) against the pinned issuer.

    It must equal the issuer when present, and be present when the provider's metadata says it
    sends one (``authorization_response_iss_parameter_supported``). This defeats mix-up attacks
    where a response of one provider is played to the client of another.

    :param args: the query parameters of the callback
    :param metadata: the provider's discovery document
    :param issuer: ``SIPEKERJA_OIDC_ISSUER``
    :raise PenerbitTidakCocok: on a mismatch or a missing promised parameter
    """
    iss = args.get("iss")
    if iss is None:
        if metadata.get("authorization_response_iss_parameter_supported") is True:
            raise PenerbitTidakCocok("Jawaban portal tidak menyebut penerbitnya (parameter iss, RFC 9207). "
                                     "Anda belum masuk; silakan coba lagi.")
        return
    if iss != issuer:
        raise PenerbitTidakCocok("Jawaban masuk berasal dari penerbit lain daripada portal yang dikonfigurasi "
                                 "(parameter iss tidak cocok). Anda belum masuk.")
