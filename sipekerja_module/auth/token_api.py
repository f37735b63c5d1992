"""The second way into the module, for the JSON API only: ``Authorization: Bearer <token>``.

A small loader beside :mod:`.session`: it finds the token by the SHA-256 of the secret
(``services.token_api``), refuses a revoked, expired or foreign-issuer one with an Indonesian
reason, and hands the token's user to the request as the signed-in user (``g``), so everything
downstream — the API's access checks, ``views.konteks`` — sees that user with the roles and unit
as currently stored. Nothing is written: an API call is a read.
"""

from __future__ import annotations

from datetime import datetime
from datetime import timezone

from flask import current_app
from flask import g
from flask import request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db_session
from ..models import Pengguna
from ..models import TokenApi
from ..services.token_api import cabut_token_subjek
from ..services.token_api import hash_token
from .session import _G_KEY

#: Longest header value worth hashing (a token is 47 characters).
_PANJANG_MAKS = 512


class TokenDitolak(Exception):
    """The Bearer token cannot be used; ``pesan`` says why, in Indonesian (401)."""

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan


def token_diminta() -> str | None:
    """The secret of ``Authorization: Bearer <token>``, or None when the request has no such header.

    :raise TokenDitolak: a malformed Authorization header (another scheme, empty, too long).
    """
    nilai = request.headers.get("Authorization")
    if nilai is None:
        return None
    skema, _, rahasia = nilai.strip().partition(" ")
    rahasia = rahasia.strip()
    if skema.lower() != "bearer" or not rahasia or len(rahasia) > _PANJANG_MAKS:
        raise TokenDitolak("Header Authorization harus berbentuk \"Bearer <token>\".")
    return rahasia


def masuk_dengan_token(rahasia: str) -> Pengguna:
    """Make the token's user the signed-in user of this request (one statement).

    :param rahasia: the secret from the header.
    :return: the user.
    :raise TokenDitolak: unknown, revoked or expired token, or a user of another identity provider.
    """
    baris = db_session.execute(
        select(TokenApi, Pengguna).join(Pengguna, Pengguna.id == TokenApi.pengguna_id)
        .where(TokenApi.token_hash == hash_token(rahasia))
        .options(joinedload(Pengguna.perangkat_daerah), joinedload(Pengguna.unit_kerja))
    ).one_or_none()
    if baris is None:
        raise TokenDitolak("Token API tidak dikenal. Buat token baru di halaman Token API.")
    token, pengguna = baris
    if token.dicabut_dt is not None:
        if token.alasan_cabut == "akses_berubah":
            raise TokenDitolak("Token API dicabut karena akses Anda ke SIPEKERJA berubah. Masuk kembali, lalu "
                               "buat token baru.")
        raise TokenDitolak("Token API sudah dicabut.")
    if token.kedaluwarsa_dt is not None and token.kedaluwarsa_dt <= datetime.now(timezone.utc):
        raise TokenDitolak("Token API sudah kedaluwarsa. Buat token baru di halaman Token API.")
    if pengguna.issuer != current_app.config["SIPEKERJA_OIDC_ISSUER"]:
        raise TokenDitolak("Token API milik akun penyedia identitas lain. Buat token baru.")
    setattr(g, _G_KEY, pengguna)
    return pengguna


def cabut_token_saat_akses_berubah(subject: str, modul: str) -> None:
    """Hook for the host portal (``app.extensions["simpadu_akses_berubah"]``), beside the one that
    ends the sign-ins: the user's API tokens are revoked too, since the module knows the new roles
    only at the next sign-in (flushes, inside the portal's transaction)."""
    if modul != current_app.extensions["sipekerja"]["tile"]["id"]:
        return
    cabut_token_subjek(issuer=current_app.config["SIPEKERJA_OIDC_ISSUER"], subject=subject,
                       sekarang=datetime.now(timezone.utc))
