"""Optimistic concurrency shared by every write service: forms carry the version they were
opened with, and a stale one is refused instead of overwriting someone else's save."""

from __future__ import annotations

from sqlalchemy.orm.exc import StaleDataError

from ..domain.errors import KonflikData
from ..extensions import db_session


def assert_versi(obj: object, versi: int | None) -> None:
    """Refuse a write based on an outdated form.

    :param obj: a model with a ``version`` column.
    :param versi: the version the form was opened with; None skips the check (scripts).
    :raise KonflikData: when the stored version differs.
    """
    if versi is not None and versi != getattr(obj, "version"):
        raise KonflikData()


def flush_or_conflict() -> None:
    """Flush the session, turning a lost race (a versioned UPDATE matching no row) into a
    :class:`KonflikData` for the user.

    :raise KonflikData: when another transaction updated the same row first.
    """
    try:
        db_session.flush()
    except StaleDataError:
        raise KonflikData() from None
