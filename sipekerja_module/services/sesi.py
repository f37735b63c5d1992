"""Server-side records of module sign-ins (``sipekerja_sesi_masuk``): start, end, revoke.

The session cookie is signed but cannot be recalled, so a sign-in is valid only while its
record is: a cookie copied before sign-out, before an admin changed the user's access, or
kept past the lifetime opens nothing. Writes flush and never commit.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update

from ..extensions import db_session
from ..models import Pengguna
from ..models import SesiMasuk

#: How long ended records are kept (for the record) before a later sign-in removes them.
SIMPAN_RIWAYAT = timedelta(days=30)


def hash_sid(sid: str) -> str:
    """The stored form of a sign-in id: its SHA-256 in hex (a database leak yields no cookie)."""
    return hashlib.sha256(sid.encode()).hexdigest()


def mulai_sesi(pengguna: Pengguna, *, sekarang: datetime, umur: timedelta) -> str:
    """Record a new sign-in of ``pengguna`` and return its random id (for the cookie).

    Old records of the same user that ended long ago are removed on the way.

    :param pengguna: the flushed user
    :param sekarang: the sign-in moment (aware)
    :param umur: ``SIPEKERJA_SESSION_LIFETIME``
    :return: the id to keep in the session (only its hash is stored)
    """
    db_session.execute(delete(SesiMasuk).where(SesiMasuk.pengguna_id == pengguna.id,
                                               SesiMasuk.berakhir_dt < sekarang - SIMPAN_RIWAYAT))
    sid = secrets.token_urlsafe(32)
    db_session.add(SesiMasuk(sid_hash=hash_sid(sid), pengguna_id=pengguna.id, dibuat_dt=sekarang,
                             berakhir_dt=sekarang + umur))
    db_session.flush()
    return sid


def akhiri_sesi(sid: str, *, sekarang: datetime, alasan: str = "keluar") -> bool:
    """End one sign-in (sign-out).

    :return: True when a still valid record was ended
    """
    hasil = db_session.execute(update(SesiMasuk).where(SesiMasuk.sid_hash == hash_sid(sid),
                                                       SesiMasuk.diakhiri_dt.is_(None))
                               .values(diakhiri_dt=sekarang, alasan_akhir=alasan))
    return bool(hasil.rowcount)


def cabut_sesi_subjek(*, issuer: str, subject: str, sekarang: datetime) -> int:
    """End every open sign-in of the user ``(issuer, subject)`` (their access changed).

    :return: how many sign-ins were ended
    """
    pengguna_ids = select(Pengguna.id).where(Pengguna.issuer == issuer, Pengguna.subject == subject)
    hasil = db_session.execute(update(SesiMasuk).where(SesiMasuk.pengguna_id.in_(pengguna_ids),
                                                       SesiMasuk.diakhiri_dt.is_(None))
                               .values(diakhiri_dt=sekarang, alasan_akhir="dicabut"))
    return hasil.rowcount
