"""Read side of notifications: the bell's count, a user's page of notifications, who receives
an event, and the e-mails waiting to be sent. Each function is one query (two for the e-mails)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select

from ..domain.akses import Peran
from ..domain.notifikasi import StatusSurel
from ..extensions import db_session
from ..models import Notifikasi
from ..models import Pengguna
from ..models import SurelDitolak

#: Notifications shown on one page.
PER_HALAMAN = 50


@dataclass(frozen=True)
class BarisNotifikasi:
    """One notification as the page shows it."""

    id: int
    jenis: str
    teks: str
    tautan: str
    created_dt: datetime
    dibaca_dt: datetime | None
    email_status: str


@dataclass(frozen=True)
class HalamanNotifikasi:
    """A page of a user's notifications, newest first; ``sebelum`` continues with older ones."""

    baris: tuple[BarisNotifikasi, ...]
    sebelum: int | None


def hitung_belum_dibaca(pengguna_id: int) -> int:
    """How many of the user's notifications are unread (the bell's number; one query)."""
    return db_session.execute(select(func.count()).select_from(Notifikasi).where(
        Notifikasi.pengguna_id == pengguna_id, Notifikasi.dibaca_dt.is_(None))).scalar_one()


def list_notifikasi(pengguna_id: int, *, sebelum: int | None = None, batas: int = PER_HALAMAN) -> HalamanNotifikasi:
    """A user's notifications, newest first, at most ``batas`` (one query).

    :param pengguna_id: the recipient.
    :param sebelum: only notifications with a smaller id (the next page).
    :param batas: page size.
    :return: the page.
    """
    query = select(Notifikasi.id, Notifikasi.jenis, Notifikasi.teks, Notifikasi.tautan, Notifikasi.created_dt,
                   Notifikasi.dibaca_dt, Notifikasi.email_status).where(Notifikasi.pengguna_id == pengguna_id)
    if sebelum is not None:
        query = query.where(Notifikasi.id < sebelum)
    rows = db_session.execute(query.order_by(Notifikasi.id.desc()).limit(batas + 1)).all()
    baris = tuple(BarisNotifikasi(*r) for r in rows[:batas])
    return HalamanNotifikasi(baris, baris[-1].id if len(rows) > batas else None)


def get_notifikasi_milik(notifikasi_id: int, pengguna_id: int) -> Notifikasi | None:
    """The notification if it is the user's own, else None (another user's is never found)."""
    return db_session.execute(select(Notifikasi).where(Notifikasi.id == notifikasi_id,
                                                       Notifikasi.pengguna_id == pengguna_id)).scalar_one_or_none()


def list_pengguna_utama(perangkat_daerah_id: int) -> list[Pengguna]:
    """The agency's Pengguna Utama accounts (as of their last sign-in; one query)."""
    semua = db_session.execute(select(Pengguna).where(Pengguna.perangkat_daerah_id == perangkat_daerah_id)
                               .order_by(Pengguna.id)).scalars()
    return [p for p in semua if Peran.UTAMA.value in (p.peran or [])]


def list_pengguna_bidang(unit_ids: Iterable[int]) -> dict[int, list[Pengguna]]:
    """The Sekretariat/Bidang accounts of each unit (one query).

    :param unit_ids: the units.
    :return: unit id -> its accounts (units without accounts are absent).
    """
    hasil: dict[int, list[Pengguna]] = {}
    ids = sorted(set(unit_ids))
    if not ids:
        return hasil
    for p in db_session.execute(select(Pengguna).where(Pengguna.unit_kerja_id.in_(ids)).order_by(Pengguna.id)
                                ).scalars():
        if Peran.BIDANG.value in (p.peran or []):
            hasil.setdefault(p.unit_kerja_id, []).append(p)
    return hasil


@dataclass(frozen=True)
class SurelMenunggu:
    """A notification whose e-mail waits, with what the sender needs of its recipient."""

    notifikasi: Notifikasi
    nama: str
    alamat: str | None
    terima_surel: bool
    alamat_ditolak: bool


def list_surel_menunggu(*, batas: int = 200, hanya_baru: bool = False) -> list[SurelMenunggu]:
    """The oldest notifications whose e-mail is still to be sent (two queries).

    :param batas: how many at most per run.
    :param hanya_baru: only those never attempted (``email_percobaan`` 0): what the queued job
        sends; retries of temporary failures are left to the periodic command.
    :return: the notifications with their recipient's address, choice and whether the address
        was refused before.
    """
    rows = db_session.execute(
        select(Notifikasi, Pengguna.nama, Pengguna.email, Pengguna.terima_surel)
        .join(Pengguna, Pengguna.id == Notifikasi.pengguna_id)
        .where(Notifikasi.email_status == StatusSurel.MENUNGGU.value,
               *((Notifikasi.email_percobaan == 0,) if hanya_baru else ()))
        .order_by(Notifikasi.id).limit(batas)).all()
    alamat = {(e or "").strip().lower() for _, _, e, _ in rows if e}
    ditolak = set(db_session.execute(select(SurelDitolak.alamat).where(SurelDitolak.alamat.in_(sorted(alamat))))
                  .scalars()) if alamat else set()
    return [SurelMenunggu(n, nama, e, bool(t), (e or "").strip().lower() in ditolak) for n, nama, e, t in rows]
