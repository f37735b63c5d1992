"""Work done at commit time, registered per app. This module sits above ``services`` and
``queries`` (like the views and the CLI) because one hook both reads and writes.

What runs at commit. :func:`register_commit_listeners` (called by ``SIPekerja.init_app``) puts
these session listeners on the session the host gives the module — its Flask-SQLAlchemy
``db.session`` — and on nothing else: a session the host opens otherwise runs none of them.
In the order they run in a transaction:

1. **Data version** (``services.versi``). After each flush, and for each bulk ``INSERT``/``UPDATE``/
   ``DELETE``, the agencies whose data changed are marked. Just before commit, the marked
   agencies' ``versi_data`` goes up by one in the same transaction. Cached pages are keyed by
   that version, so a committed write makes its agency's cached pages unreachable.
2. **Dashboard aggregates** (:func:`perbarui_ringkasan`). Also just before commit, after the
   version bump, the agency-years that services marked with ``services.ringkasan.tandai_kotor``
   are measured again (``queries.ringkasan``) and their ``RingkasanKinerja`` rows replaced
   (``services.ringkasan``). The kabupaten dashboard then reads small rows that equal
   a fresh computation.
3. **Orphan evidence files** (``services.bukti``). An uploaded file is written to the store
   (``services.penyimpanan``: the local directory or an S3 bucket) before its row is committed.
   After commit, the list of files written in the transaction is dropped. When the outermost
   transaction ends any other way (rollback, or a session closed after an error), the files whose
   content no committed row uses are deleted through the same store. The minutes of evaluation meetings
   (``services.tindak_lanjut``) share the store and the rule.

A rollback also forgets the marks of 1 and 2.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm import scoped_session
from sqlalchemy.orm import sessionmaker

from .domain.predikat import SkalaPredikat
from .queries.pengukuran import load_skala_aktif
from .queries.ringkasan import hitung_ringkasan
from .queries.ringkasan import list_pd_tanpa_ringkasan
from .queries.ringkasan import list_semua_pasangan
from .services import bukti
from .services import ringkasan
from .services import tindak_lanjut
from .services import versi


def perbarui_ringkasan(*, perangkat_daerah_id: int, tahun_id: int, skala: SkalaPredikat | None = None) -> None:
    """Measure one agency's year again and replace its cached dashboard rows (flushes).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param skala: the active predikat scale (read when omitted).
    """
    rows = hitung_ringkasan(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id,
                            skala=skala or load_skala_aktif())
    ringkasan.ganti_ringkasan(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id, rows=rows)


def pastikan_ringkasan(tahun_id: int) -> bool:
    """Fill the cache for agencies of a year that have no rows yet (e.g. after a bulk load).

    :param tahun_id: the year.
    :return: True when rows were added (the caller commits).
    """
    kurang = list_pd_tanpa_ringkasan(tahun_id)
    if not kurang:
        return False
    skala = load_skala_aktif()
    for pd in kurang:
        perbarui_ringkasan(perangkat_daerah_id=pd, tahun_id=tahun_id, skala=skala)
    return True


def hitung_ulang_semua_ringkasan() -> int:
    """Recompute every agency's every year (after an upgrade that changed a measurement rule: the
    stored aggregates were computed with the old one). The caller commits.

    :return: the number of (agency, year) pairs measured.
    """
    pasangan = list_semua_pasangan()
    skala = load_skala_aktif()
    for pd, tahun in pasangan:
        perbarui_ringkasan(perangkat_daerah_id=pd, tahun_id=tahun, skala=skala)
    return len(pasangan)


def _perbarui_yang_kotor(session: Session) -> None:
    kotor = ringkasan.ambil_tanda(session)
    if not kotor:
        return
    pasangan = list_semua_pasangan() if (None, None) in kotor else sorted(kotor)
    skala = load_skala_aktif()
    for pd, tahun in pasangan:
        perbarui_ringkasan(perangkat_daerah_id=pd, tahun_id=tahun, skala=skala)


#: (session event, listener) in registration order: data version, aggregates, evidence files.
PENDENGAR_COMMIT: tuple[tuple[str, Callable], ...] = (
    *versi.PENDENGAR, ("before_commit", _perbarui_yang_kotor), *ringkasan.PENDENGAR, *bukti.PENDENGAR,
    *tindak_lanjut.PENDENGAR)


def register_commit_listeners(session: scoped_session | sessionmaker) -> None:
    """Register the commit-time work on the sessions of one factory. Calling it again for the same
    factory changes nothing.

    :param session: the host's session factory, e.g. Flask-SQLAlchemy's ``db.session``. The
        listeners go on the class its sessions are made from, which is that factory's own.
    """
    for nama, fungsi in PENDENGAR_COMMIT:
        if not event.contains(session, nama, fungsi):
            event.listen(session, nama, fungsi)
