"""Read side of a module sign-in: what every request loads first, in one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlalchemy.orm import joinedload

from ..extensions import db_session
from ..models import Notifikasi
from ..models import Pengguna
from ..models import SesiMasuk
from ..models import Tahun
from .siap import siap


@dataclass(frozen=True)
class SesiBerlaku:
    """An open sign-in as a request starts: its user (with agency and unit loaded), the latest
    active budget year (the pages' default year; None when there is none) and how many of the
    user's notifications are unread (the bell)."""

    pengguna: Pengguna
    tahun_aktif: Tahun | None
    belum_dibaca: int


def _pernyataan_sesi():
    terbaru = aliased(Tahun)
    tahun_aktif = select(func.max(terbaru.tahun)).where(terbaru.aktif.is_(True)).scalar_subquery()
    belum_dibaca = (select(func.count()).select_from(Notifikasi)
                    .where(Notifikasi.pengguna_id == Pengguna.id, Notifikasi.dibaca_dt.is_(None))
                    .correlate(Pengguna).scalar_subquery())
    return (
        select(Pengguna, Tahun, belum_dibaca)
        # The year first: MySQL's compiler links only a join's two sides for SQLAlchemy's
        # cartesian-product check, and the year's ON clause names no other table.
        .select_from(Pengguna)
        .outerjoin(Tahun, Tahun.tahun == tahun_aktif)
        .join(SesiMasuk, SesiMasuk.pengguna_id == Pengguna.id)
        .where(Pengguna.id == bindparam("uid"), SesiMasuk.sid_hash == bindparam("sid_hash"),
               SesiMasuk.diakhiri_dt.is_(None), SesiMasuk.berakhir_dt > bindparam("sekarang"))
        .options(joinedload(Pengguna.perangkat_daerah), joinedload(Pengguna.unit_kerja))
    )


def load_sesi_berlaku(uid: int, sid_hash: str, sekarang: datetime) -> SesiBerlaku | None:
    """The sign-in ``sid_hash`` of user ``uid`` if its record is open at ``sekarang``, with what
    nearly every page asks for next, in one statement (the statement a warm page costs most of on
    PostgreSQL was three; this is built once per process, ``queries.siap``).

    :param uid: the user id kept in the session.
    :param sid_hash: the stored hash of the session's sign-in id.
    :param sekarang: now (aware UTC).
    :return: the open sign-in, or None (ended, expired, or not this user's).
    """
    baris = db_session.execute(siap(("sesi-berlaku",), _pernyataan_sesi),
                               {"uid": uid, "sid_hash": sid_hash, "sekarang": sekarang}).one_or_none()
    if baris is None:
        return None
    pengguna, tahun, belum_dibaca = baris
    return SesiBerlaku(pengguna, tahun, belum_dibaca)
