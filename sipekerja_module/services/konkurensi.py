"""Optimistic concurrency shared by every write service: forms carry the version they were
opened with, and a stale one is refused instead of overwriting someone else's save.

A lost race shows up in two shapes: a versioned UPDATE that matches no row (``StaleDataError``)
and an INSERT that collides with a row someone created meanwhile (a unique-constraint
violation). :func:`adalah_balapan` tells both apart from real faults, for the one place that
answers them with 409 (``views/konflik.py``) and for :func:`flush_or_conflict`.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import KonflikData
from ..extensions import db_session

#: The version a form carries for a row that did not exist when it was opened (rows start at 1).
VERSI_BELUM_ADA = 0


def assert_versi(obj: object, versi: int | None) -> None:
    """Refuse a write based on an outdated form.

    :param obj: a model with a ``version`` column.
    :param versi: the version the form was opened with; None skips the check (scripts); 0 means
        the form saw no row (:data:`VERSI_BELUM_ADA`), so any stored row is newer.
    :raise KonflikData: when the stored version differs.
    """
    if versi is not None and versi != obj.version:
        raise KonflikData()


#: SQLSTATE of a unique violation (PostgreSQL, and any driver that reports SQLSTATE).
_SQLSTATE_UNIK = "23505"
#: MySQL/MariaDB "Duplicate entry" error number.
_MYSQL_DUPLIKAT = 1062


def adalah_pelanggaran_unik(error: IntegrityError) -> bool:
    """Tell whether ``error`` is a unique-constraint (or primary-key) violation, per driver."""
    asli = error.orig
    sqlstate = getattr(asli, "sqlstate", None) or getattr(asli, "pgcode", None)
    if sqlstate:
        return sqlstate == _SQLSTATE_UNIK
    nama = getattr(asli, "sqlite_errorname", None)
    if nama:
        return nama in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")
    args = getattr(asli, "args", ())
    if args and args[0] == _MYSQL_DUPLIKAT:
        return True
    return "UNIQUE constraint failed" in str(asli)


def adalah_balapan(error: BaseException) -> bool:
    """Tell whether ``error`` means another transaction changed the same data first.

    :param error: any exception raised by a flush or a commit
    :return: True for ``StaleDataError`` and unique-constraint violations; False otherwise
        (a NOT NULL or foreign-key violation is a fault, not a race)
    """
    if isinstance(error, StaleDataError):
        return True
    return isinstance(error, IntegrityError) and adalah_pelanggaran_unik(error)


def flush_or_conflict() -> None:
    """Flush the session, turning a lost race (a versioned UPDATE matching no row, or a row
    created concurrently) into a :class:`KonflikData` for the user.

    :raise KonflikData: when another transaction changed or created the same row first.
    """
    try:
        db_session.flush()
    except (StaleDataError, IntegrityError) as error:
        if not adalah_balapan(error):
            raise
        raise KonflikData() from None
