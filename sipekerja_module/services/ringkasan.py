"""Write side of the kabupaten dashboard's aggregates (``RingkasanKinerja``).

Every write service that changes what is measured (targets, realisasi, indicators, plan nodes,
the predikat scale) calls :func:`tandai_kotor`; just before the transaction commits (or, with a
job queue configured, in a job enqueued once it has committed),
:mod:`sipekerja_module.commit_hooks` measures the marked agencies again with the very same code the
Pengukuran page uses (``queries.ringkasan.hitung_ringkasan``) and :func:`ganti_ringkasan` replaces
their rows. Reading the dashboard is then one small query, and its numbers equal a fresh
computation by construction (a test compares them after random writes).
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..extensions import db_session
from ..models import RingkasanKinerja
from . import versi

_KOTOR = "sipekerja_ringkasan_kotor"


def tandai_kotor(perangkat_daerah_id: int | None, tahun_id: int | None) -> None:
    """Mark an agency's year for re-measurement at commit; ``None`` marks every agency/year."""
    db_session().info.setdefault(_KOTOR, set()).add((perangkat_daerah_id, tahun_id))
    versi.tandai(perangkat_daerah_id)


def ganti_ringkasan(*, perangkat_daerah_id: int, tahun_id: int, rows: list[dict]) -> None:
    """Replace the cached rows of one agency and year (flushes).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param rows: a fresh measurement (``queries.ringkasan.hitung_ringkasan``).
    """
    db_session.execute(delete(RingkasanKinerja).where(RingkasanKinerja.perangkat_daerah_id == perangkat_daerah_id,
                                                      RingkasanKinerja.tahun_id == tahun_id))
    db_session.execute(insert(RingkasanKinerja), rows)


def ambil_tanda(session: Session) -> set[tuple[int | None, int | None]]:
    """Take (and clear) the agency-years marked by :func:`tandai_kotor` in this transaction.

    :param session: the committing session.
    :return: the marks; ``(None, None)`` means every agency and year.
    """
    return session.info.pop(_KOTOR, None) or set()


#: Agency-years measured after commit by a queued job (``commit_hooks``): forgotten on rollback too.
ANTRI = "sipekerja_ringkasan_antri"


def _lupakan_yang_kotor(session: Session) -> None:
    session.info.pop(_KOTOR, None)
    session.info.pop(ANTRI, None)


#: Session events of this module (the recompute itself is ``commit_hooks``'s: it reads and writes).
PENDENGAR = (("after_rollback", _lupakan_yang_kotor),)
