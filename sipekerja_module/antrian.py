"""Heavy work off the request path, on RQ when Redis is configured, inline when it is not.

One switch, ``SIPEKERJA_REDIS_URL``:

- **not set** (the embedded default of ``make run`` and of most tests): :func:`jalankan` calls the
  function at once, in the caller's context, and returns its result;
- **set**: :func:`jalankan` puts the call on the RQ queue ``SIPEKERJA_ANTRIAN`` and returns the job
  id; ``flask sipekerja worker`` runs it later in an application context of its own (one database
  transaction per job, committed when the function returns, rolled back when it raises), retried
  up to :data:`ULANGI` times, also when the worker running it died (RQ puts an abandoned job back on
  the queue once its heartbeat expired).

When Redis is configured but does not answer (stopped, wrong port), :func:`tersedia` says so in the
log and the work runs inline: a page or a save never fails because the queue is down.

:func:`jalankan_sekali` coalesces: while a job of the same key waits on the queue, asking again
enqueues nothing (the job reads the database when it starts, so it sees every write committed
before that). The key is released when the job starts, not when it ends: a write committed while
the job runs enqueues a new one.

The module sits above ``services`` and ``queries`` (like ``commit_hooks``) and imports neither.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from flask import current_app
from flask import has_app_context
from rq import Queue
from rq import Retry

from .extensions import db_session

log = logging.getLogger("sipekerja.antrian")

#: Attempts after the first one (a failure, or a worker killed mid-job).
ULANGI = 3
#: Seconds a job may run before RQ stops it (a kabupaten report of ~40 agencies takes ~1 minute).
BATAS_WAKTU = 900
#: Seconds a finished or failed job is kept in Redis.
SIMPAN_HASIL = 86400
#: Seconds a coalescing key lives at most (a lost job then stops blocking new ones).
UMUR_KUNCI = 3600
#: Seconds to wait for Redis before the work runs inline.
TUNGGU_REDIS = 0.5


@dataclass(frozen=True)
class Hasil:
    """What :func:`jalankan` did: ``job_id`` of the queued job, or ``None`` and the function's result."""

    job_id: str | None
    nilai: Any = None

    @property
    def inline(self) -> bool:
        return self.job_id is None


def nama_antrian() -> str:
    """The RQ queue name (``SIPEKERJA_ANTRIAN``); also the prefix of the module's own Redis keys."""
    return current_app.config["SIPEKERJA_ANTRIAN"]


def koneksi() -> redis.Redis | None:
    """The Redis connection of ``SIPEKERJA_REDIS_URL`` (one per app), or None when it is not set."""
    url = current_app.config.get("SIPEKERJA_REDIS_URL")
    if not url:
        return None
    simpanan = current_app.extensions.setdefault("sipekerja_antrian", {})
    if url not in simpanan:
        simpanan[url] = redis.Redis.from_url(url, socket_connect_timeout=TUNGGU_REDIS, socket_timeout=5)
    return simpanan[url]


def tersedia() -> redis.Redis | None:
    """The connection when Redis is configured and answers, else None (a refusal is logged)."""
    if not has_app_context():
        return None
    conn = koneksi()
    if conn is None:
        return None
    try:
        conn.ping()
    except redis.RedisError as error:
        log.warning("Redis %s tidak menjawab (%s); pekerjaan dijalankan langsung.",
                    current_app.config["SIPEKERJA_REDIS_URL"], error)
        return None
    return conn


def kunci(*bagian: object) -> str:
    """A Redis key of the module, under the queue's name (tests use a queue of their own)."""
    return ":".join(("sipekerja", nama_antrian(), *(str(b) for b in bagian)))


def antrian(conn: redis.Redis) -> Queue:
    return Queue(nama_antrian(), connection=conn)


def _antrekan(conn: redis.Redis, fungsi: Callable, args: tuple, kwargs: dict, *, kunci_sekali: str | None = None,
              job_id: str | None = None) -> str:
    job = antrian(conn).enqueue(
        _dalam_konteks, fungsi, args, kwargs, kunci_sekali, job_id=job_id, retry=Retry(max=ULANGI),
        job_timeout=BATAS_WAKTU, result_ttl=SIMPAN_HASIL, failure_ttl=SIMPAN_HASIL,
        description=f"{fungsi.__module__}.{fungsi.__qualname__}{args!r}")
    return job.id


def jalankan(fungsi: Callable, *args: Any, **kwargs: Any) -> Hasil:
    """Run ``fungsi(*args, **kwargs)`` on the queue when Redis is there, else now.

    :param fungsi: a module-level function (RQ imports it by name in the worker); it reads and writes
        through ``db_session`` and does not commit (the worker commits after it, an inline caller
        commits as usual).
    :return: the job id, or the inline result.
    """
    conn = tersedia()
    if conn is not None:
        try:
            return Hasil(_antrekan(conn, fungsi, args, kwargs))
        except redis.RedisError as error:
            log.warning("Tidak dapat mengantrekan %s (%s); dijalankan langsung.", fungsi.__qualname__, error)
    return Hasil(None, fungsi(*args, **kwargs))


def jalankan_sekali(nama_kunci: str, conn: redis.Redis, fungsi: Callable, *args: Any) -> str | None:
    """Enqueue ``fungsi(*args)`` unless a job of the same key still waits on the queue.

    :param nama_kunci: the coalescing key (:func:`kunci`), released when the job starts.
    :param conn: a connection :func:`tersedia` returned.
    :return: the new job's id, or None when a waiting job already covers this call.
    """
    job_id = uuid.uuid4().hex
    if not conn.set(nama_kunci, job_id, nx=True, ex=UMUR_KUNCI):
        return None
    try:
        return _antrekan(conn, fungsi, args, {}, kunci_sekali=nama_kunci, job_id=job_id)
    except redis.RedisError:
        conn.delete(nama_kunci)
        raise


def _dalam_konteks(fungsi: Callable, args: tuple, kwargs: dict, kunci_sekali: str | None = None) -> Any:
    """What the worker runs: the function in a fresh application context, one transaction."""
    app = current_app._get_current_object()  # the worker command runs inside the app's context
    with app.app_context():
        if kunci_sekali:
            koneksi().delete(kunci_sekali)
        try:
            hasil = fungsi(*args, **kwargs)
            db_session.commit()
        except BaseException:
            db_session.rollback()
            raise
        return hasil
