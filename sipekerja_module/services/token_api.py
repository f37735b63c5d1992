"""Personal access tokens of the JSON API (``sipekerja_token_api``): create, revoke, and revoke all
of a user whose access changed in the portal. Writes flush and never commit (the view commits once).

The secret is ``spk_`` + 43 random URL-safe characters (256 bits); it is returned once and only its
SHA-256 is stored, so a database leak yields no usable token. A token has no roles of its own: each
request acts with its user's roles as currently stored (``auth.token_api``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import tzinfo

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update

from ..domain.errors import NilaiTidakValid
from ..extensions import db_session
from ..models import Pengguna
from ..models import TokenApi
from .audit import record_audit

AWALAN = "spk_"
#: Active tokens (neither revoked nor expired) one user may hold at once.
MAKS_TOKEN_AKTIF = 20
#: The longest validity a user may choose.
MAKS_MASA_BERLAKU = timedelta(days=366)
PANJANG_NAMA = 100


def hash_token(rahasia: str) -> str:
    """The stored form of a token: the SHA-256 of the whole secret, in hex."""
    return hashlib.sha256(rahasia.encode("utf-8", "surrogatepass")).hexdigest()


def _batas_berlaku(kedaluwarsa: date | None, *, sekarang: datetime, zona: tzinfo) -> datetime | None:
    """The last moment of the chosen day in the agency's zone, checked: after today, within a year."""
    if kedaluwarsa is None:
        return None
    hari_ini = sekarang.astimezone(zona).date()
    if kedaluwarsa <= hari_ini:
        raise NilaiTidakValid("Tanggal kedaluwarsa harus setelah hari ini.")
    if kedaluwarsa > hari_ini + MAKS_MASA_BERLAKU:
        raise NilaiTidakValid("Tanggal kedaluwarsa paling lama satu tahun dari hari ini.")
    return datetime.combine(kedaluwarsa, time.max, tzinfo=zona)


def buat_token(pengguna: Pengguna, *, nama: str, kedaluwarsa: date | None, sekarang: datetime,
               zona: tzinfo) -> tuple[TokenApi, str]:
    """Create a token for ``pengguna`` (audited).

    :param pengguna: the owner (the signed-in user).
    :param nama: what the token is for (1–100 characters).
    :param kedaluwarsa: the last day it works (agency's time zone), or None for no expiry.
    :param sekarang: now (aware).
    :param zona: the agency's time zone.
    :return: the flushed row and the secret, which is never stored and cannot be shown again.
    :raise NilaiTidakValid: empty or long name, a date not after today or beyond a year, too many tokens.
    """
    nama = " ".join((nama or "").split())
    if not nama:
        raise NilaiTidakValid("Nama token wajib diisi.")
    if len(nama) > PANJANG_NAMA:
        raise NilaiTidakValid(f"Nama token paling banyak {PANJANG_NAMA} karakter.")
    batas = _batas_berlaku(kedaluwarsa, sekarang=sekarang, zona=zona)
    aktif = db_session.execute(
        select(func.count(TokenApi.id)).where(
            TokenApi.pengguna_id == pengguna.id, TokenApi.dicabut_dt.is_(None),
            or_(TokenApi.kedaluwarsa_dt.is_(None), TokenApi.kedaluwarsa_dt > sekarang))
    ).scalar_one()
    if aktif >= MAKS_TOKEN_AKTIF:
        raise NilaiTidakValid(f"Anda sudah memiliki {MAKS_TOKEN_AKTIF} token aktif. Cabut token yang tidak "
                              "dipakai lagi terlebih dahulu.")
    rahasia = AWALAN + secrets.token_urlsafe(32)
    token = TokenApi(pengguna_id=pengguna.id, nama=nama, token_hash=hash_token(rahasia), awalan=rahasia[:8],
                     dibuat_dt=sekarang, kedaluwarsa_dt=batas)
    db_session.add(token)
    db_session.flush()
    record_audit(pengguna=pengguna, aksi="buat_token_api", objek=token, sebelum=None,
                 sesudah={"nama": nama, "awalan": token.awalan, "kedaluwarsa_dt": batas})
    return token, rahasia


def cabut_token(pengguna: Pengguna, token_id: int, *, sekarang: datetime) -> TokenApi:
    """Revoke one of the user's own tokens (audited); revoking a revoked token changes nothing.

    :raise NilaiTidakValid: when the token is not the user's (the view answers 404).
    """
    token = db_session.get(TokenApi, token_id)
    if token is None or token.pengguna_id != pengguna.id:
        raise NilaiTidakValid("Token tidak ditemukan.")
    if token.dicabut_dt is None:
        token.dicabut_dt, token.alasan_cabut = sekarang, "pengguna"
        db_session.flush()
        record_audit(pengguna=pengguna, aksi="cabut_token_api", objek=token, sebelum={"dicabut_dt": None},
                     sesudah={"dicabut_dt": sekarang})
    return token


def cabut_token_subjek(*, issuer: str, subject: str, sekarang: datetime) -> int:
    """Revoke every open token of the user ``(issuer, subject)``: the portal changed their access, and
    the module learns their new roles only at their next sign-in.

    :return: how many tokens were revoked.
    """
    pengguna_ids = select(Pengguna.id).where(Pengguna.issuer == issuer, Pengguna.subject == subject)
    hasil = db_session.execute(update(TokenApi).where(TokenApi.pengguna_id.in_(pengguna_ids),
                                                      TokenApi.dicabut_dt.is_(None))
                               .values(dicabut_dt=sekarang, alasan_cabut="akses_berubah"))
    return hasil.rowcount
