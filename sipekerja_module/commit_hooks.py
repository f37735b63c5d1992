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
   are taken. Without a job queue (``SIPEKERJA_REDIS_URL`` unset, or Redis not answering) they
   are measured again (``queries.ringkasan``) and their ``RingkasanKinerja`` rows replaced
   (``services.ringkasan``) right there, in the saving transaction. With the queue, they are kept
   until the transaction has committed and then enqueued as :func:`tugas_ringkasan`, one job per
   (agency, year) however many saves come before it starts (``antrian.jalankan_sekali``); the job
   measures from the database, so its rows equal a fresh computation either way. The kabupaten
   dashboard reads small rows and says "sedang diperbarui" while a job is pending.
3. **Notification e-mail** (:func:`_antrekan_surel`). After each flush, a new ``Notifikasi`` whose
   e-mail waits marks the session. Once the transaction has committed, when ``SIPEKERJA_SMTP_HOST``
   is set and the queue answers, one job ``tugas.tugas_surel`` is enqueued (one fixed key: a burst
   of notifications, or many saves before the worker starts it, gives one job); the worker sends,
   never the request. Without the queue nothing happens here: ``flask sipekerja kirim-notifikasi``
   (cron) sends, as before (``tugas.tugas_surel`` says why not inline).
4. **Orphan evidence files** (``services.bukti``). An uploaded file is written to the store
   (``services.penyimpanan``: the local directory or an S3 bucket) before its row is committed.
   After commit, the list of files written in the transaction is dropped. When the outermost
   transaction ends any other way (rollback, or a session closed after an error), the files whose
   content no committed row uses are deleted through the same store. The minutes of evaluation meetings
   (``services.tindak_lanjut``) share the store and the rule.

A rollback also forgets the marks of 1, 2 and 3.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app
from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm import scoped_session
from sqlalchemy.orm import sessionmaker

from . import antrian
from . import tugas
from .domain.notifikasi import StatusSurel
from .domain.predikat import SkalaPredikat
from .extensions import db_session
from .models import Notifikasi
from .models import PerangkatDaerah
from .models import Tahun
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

    The rows serve the kabupaten dashboard, which compares agencies: they are measured with the
    kabupaten's scale (its cap on means included), the one the dashboard labels and ranks them with
    and the kabupaten report measures them with, never with an agency's own scale (like with like).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param skala: the kabupaten's active predikat scale (read when omitted).
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
    for pd in kurang:
        perbarui_ringkasan(perangkat_daerah_id=pd, tahun_id=tahun_id)
    return True


def hitung_ulang_semua_ringkasan() -> int:
    """Recompute every agency's every year (after an upgrade that changed a measurement rule: the
    stored aggregates were computed with the old one). The caller commits.

    :return: the number of (agency, year) pairs measured.
    """
    pasangan = list_semua_pasangan()
    skala = load_skala_aktif()  # the kabupaten's, read once (see perbarui_ringkasan)
    for pd, tahun in pasangan:
        perbarui_ringkasan(perangkat_daerah_id=pd, tahun_id=tahun, skala=skala)
    return len(pasangan)


log = logging.getLogger("sipekerja.ringkasan")


def _kunci_tertunda(tahun_id: int) -> str:
    return antrian.kunci("ringkasan", "tertunda", tahun_id)


def _kunci_generasi() -> str:
    return antrian.kunci("ringkasan", "generasi")


def tugas_ringkasan(perangkat_daerah_id: int, tahun_id: int) -> bool:
    """Job: measure one agency's year again and replace its dashboard rows (commits).

    An agency (or year) deleted since the save ends the job with a logged message and writes nothing.

    :return: True when rows were written.
    """
    conn = antrian.koneksi()
    try:
        if db_session.get(PerangkatDaerah, perangkat_daerah_id) is None or db_session.get(Tahun, tahun_id) is None:
            log.warning("Ringkasan tidak dihitung: perangkat daerah %s atau tahun %s sudah dihapus.",
                        perangkat_daerah_id, tahun_id)
            return False
        perbarui_ringkasan(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
        db_session.commit()
        if conn is not None:
            conn.incr(_kunci_generasi())  # the dashboard's cached body is keyed by it
        return True
    finally:
        if conn is not None:
            conn.srem(_kunci_tertunda(tahun_id), perangkat_daerah_id)


def status_ringkasan(tahun_id: int) -> tuple[frozenset[int], int | None]:
    """What the dashboard needs from the queue (one round trip): the agencies of a year whose
    recompute is pending, and the generation of the aggregates (bumped by every finished job).

    :return: ``(agencies, generation)``; ``(frozenset(), None)`` without a reachable queue.
    """
    conn = antrian.koneksi()
    if conn is None:
        return frozenset(), None
    try:
        tertunda, generasi = conn.pipeline().smembers(_kunci_tertunda(tahun_id)).get(_kunci_generasi()).execute()
    except antrian.redis.RedisError:
        return frozenset(), None
    return frozenset(int(x) for x in tertunda), int(generasi or 0)


_ANTRI = ringkasan.ANTRI


def _perbarui_yang_kotor(session: Session) -> None:
    kotor = ringkasan.ambil_tanda(session)
    if not kotor:
        return
    pasangan = list_semua_pasangan() if (None, None) in kotor else sorted(kotor)
    if antrian.tersedia() is not None:
        session.info[_ANTRI] = pasangan  # enqueued once committed (a job must see this transaction)
        return
    skala = load_skala_aktif()  # the kabupaten's, read once (see perbarui_ringkasan)
    for pd, tahun in pasangan:
        perbarui_ringkasan(perangkat_daerah_id=pd, tahun_id=tahun, skala=skala)


def _antrekan_ringkasan(session: Session) -> None:
    pasangan = session.info.pop(_ANTRI, None)
    if not pasangan:
        return
    conn = antrian.koneksi()
    try:
        for pd, tahun in pasangan:
            conn.sadd(_kunci_tertunda(tahun), pd)
            antrian.jalankan_sekali(antrian.kunci("ringkasan", "antri", pd, tahun), conn, tugas_ringkasan, pd, tahun)
    except antrian.redis.RedisError as error:
        # Redis went away between the check before commit and now: the save stands; the rows of
        # these agencies wait for their next save or ``flask sipekerja ringkasan --semua``.
        log.error("Ringkasan %s tidak dapat diantrekan (%s); jalankan `flask sipekerja ringkasan --semua`.",
                  pasangan, error)


_SUREL = "sipekerja_surel_antri"


def _tandai_surel(session: Session, flush_context: object) -> None:
    # session.new still lists the rows this flush inserted (after_flush sees the pre-flush state).
    if _SUREL not in session.info and any(
            isinstance(obj, Notifikasi) and obj.email_status in (None, StatusSurel.MENUNGGU.value)
            for obj in session.new):
        session.info[_SUREL] = True


def _antrekan_surel(session: Session) -> None:
    if not session.info.pop(_SUREL, None) or not has_app_context():
        return
    if not current_app.config.get("SIPEKERJA_SMTP_HOST"):
        return  # no server: the e-mails wait (in the app the notifications are there already)
    conn = antrian.tersedia()
    if conn is None:
        return  # no queue: the command (cron) sends them
    try:
        tugas.antrekan_surel(conn)
    except antrian.redis.RedisError as error:
        log.error("Surel notifikasi tidak dapat diantrekan (%s); `flask sipekerja kirim-notifikasi` mengirimnya.",
                  error)


def _lupakan_surel(session: Session, *args: object) -> None:
    session.info.pop(_SUREL, None)


#: (session event, listener) in registration order: data version, aggregates, e-mail, evidence files.
PENDENGAR_COMMIT: tuple[tuple[str, Callable], ...] = (
    *versi.PENDENGAR, ("before_commit", _perbarui_yang_kotor), ("after_commit", _antrekan_ringkasan),
    *ringkasan.PENDENGAR,
    ("after_flush", _tandai_surel), ("after_commit", _antrekan_surel), ("after_rollback", _lupakan_surel),
    *bukti.PENDENGAR,
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
