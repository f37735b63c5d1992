"""Optimistic concurrency shared by every write service: forms carry the version they were
opened with, and a stale one is refused instead of overwriting someone else's save.

A lost race shows up in two shapes: a versioned UPDATE that matches no row (``StaleDataError``)
and an INSERT that collides with a row someone created meanwhile (a unique-constraint
violation). :func:`adalah_balapan` tells both apart from real faults, for the one place that
answers them with 409 (``views/konflik.py``) and for :func:`flush_or_conflict`.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import InterfaceError
from sqlalchemy.exc import OperationalError
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
#: MySQL/MariaDB "Deadlock found when trying to get lock".
_MYSQL_KEBUNTUAN = 1213
#: MySQL/MariaDB: too many connections, cannot connect (socket, TCP), unknown host, server gone,
#: connection lost, connection killed.
_MYSQL_TAK_TERHUBUNG = (1040, 2002, 2003, 2005, 2006, 2013, 1927)
#: PostgreSQL deadlock and serialization failure.
_SQLSTATE_KEBUNTUAN = ("40P01", "40001")


def adalah_pelanggaran_unik(error: IntegrityError) -> bool:
    """Tell whether ``error`` is a unique-constraint (or primary-key) violation, per driver."""
    asli = error.orig
    # MySQL/MariaDB first: PyMySQL reports SQLSTATE 23000 for every integrity error, so only the
    # error number tells a duplicate from a NOT NULL or foreign-key violation.
    if _nomor_mysql(asli) is not None:
        return _nomor_mysql(asli) == _MYSQL_DUPLIKAT
    sqlstate = getattr(asli, "sqlstate", None) or getattr(asli, "pgcode", None)
    if sqlstate:
        return sqlstate == _SQLSTATE_UNIK
    nama = getattr(asli, "sqlite_errorname", None)
    if nama:
        return nama in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")
    return "UNIQUE constraint failed" in str(asli)


def _nomor_mysql(asli: BaseException | None) -> int | None:
    """The MySQL/MariaDB error number of a PyMySQL error; None for other drivers."""
    if type(asli).__module__.startswith("pymysql"):
        args = getattr(asli, "args", ())
        return args[0] if args and isinstance(args[0], int) else None
    return None


def adalah_kebuntuan(error: OperationalError) -> bool:
    """Tell whether ``error`` is a deadlock or a serialization failure: two transactions wrote the
    same rows at once and the database chose this one to lose (InnoDB takes gap locks on a unique
    index when two sessions insert the same new row).

    :param error: an OperationalError from a flush or a commit
    :return: True for MySQL/MariaDB 1213 (deadlock) and PostgreSQL 40P01 / 40001
    """
    asli = error.orig
    if _nomor_mysql(asli) is not None:
        return _nomor_mysql(asli) == _MYSQL_KEBUNTUAN
    sqlstate = getattr(asli, "sqlstate", None) or getattr(asli, "pgcode", None)
    return sqlstate in _SQLSTATE_KEBUNTUAN


def adalah_putus(error: BaseException) -> bool:
    """Tell whether ``error`` means the database could not be reached: the connection died under
    the statement (what a restart of PostgreSQL or MariaDB does to every open connection: "terminating
    connection due to administrator command", "server closed the connection unexpectedly", MySQL
    2006/2013/1927) or a new connection was refused (the server is down or still starting).

    SQLAlchemy recognises a lost connection per dialect and marks the error
    ``connection_invalidated``; it has then discarded that connection and every other pooled one
    opened before it, so the next checkout opens a fresh one. A refused connect carries no
    statement and a connection-class SQLSTATE (08xxx, 57P0x) or none; a COMMIT's own errors carry
    no statement either, but a real SQLSTATE (a serialization failure at commit stays a race).

    :param error: any exception raised while talking to the database
    :return: True for a lost or refused connection; False for every other error (a deadlock included)
    """
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError | InterfaceError) or error.statement is not None:
        return False
    asli = error.orig
    if _nomor_mysql(asli) is not None:
        return _nomor_mysql(asli) in _MYSQL_TAK_TERHUBUNG
    sqlstate = getattr(asli, "sqlstate", None) or getattr(asli, "pgcode", None)
    return not sqlstate or sqlstate.startswith(("08", "57P"))


def adalah_balapan(error: BaseException) -> bool:
    """Tell whether ``error`` means another transaction changed the same data first.

    :param error: any exception raised by a flush or a commit
    :return: True for ``StaleDataError``, unique-constraint violations and deadlocks; False otherwise
        (a NOT NULL or foreign-key violation is a fault, not a race)
    """
    if isinstance(error, StaleDataError):
        return True
    if isinstance(error, OperationalError):
        return adalah_kebuntuan(error)
    return isinstance(error, IntegrityError) and adalah_pelanggaran_unik(error)


def flush_or_conflict() -> None:
    """Flush the session, turning a lost race (a versioned UPDATE matching no row, or a row
    created concurrently) into a :class:`KonflikData` for the user.

    :raise KonflikData: when another transaction changed or created the same row first.
    """
    try:
        db_session.flush()
    except (StaleDataError, IntegrityError, OperationalError) as error:
        if not adalah_balapan(error):
            raise
        raise KonflikData() from None
