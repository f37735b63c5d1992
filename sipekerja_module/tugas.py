"""Jobs of the queue (``antrian``): the kabupaten report, and the e-mail of notifications.

**E-mail** (:func:`kirim_surel`, :func:`tugas_surel`). ``flask sipekerja kirim-notifikasi`` (cron)
and the job enqueued after a commit that created notifications (``commit_hooks``) run the same
code, ``services.surel.kirim_notifikasi_tertunda`` with the app's ``SIPEKERJA_SMTP_*`` settings,
committing after each message. Two runs never overlap: with Redis each takes the lock
``sipekerja:<queue>:surel:kirim`` first (the selection of waiting messages is a plain SELECT, so two
runs at once could both send the same message). Without a queue no job exists and the command
alone sends, as before (see :func:`tugas_surel` for why e-mail never runs inline in a request).

**The kabupaten report** as a job: *Laporan Pengukuran Kinerja Kabupaten* built off the request
(``antrian.jalankan``), its progress and its file kept in the module's file store.

Store: the evidence store (``services/penyimpanan.py``: the local directory, or the S3 bucket that
every app host and worker share, so a several-host deployment needs no shared file system), as
named objects ``laporan/<job id>/meta.json`` (who asked, what, status, progress; replaced whole at
every change) and ``laporan/<job id>/berkas.<pdf|xlsx>`` (the finished file; its download name is
``meta["berkas"]``). The worker writes both; any host reads the progress and streams the file. A
job's objects are removed a day after it was asked for (:func:`bersihkan_kedaluwarsa`, run at
every new request). Only the user who asked may read the status and download the file (the views
check ``meta["pengguna_id"]``).

Like ``commit_hooks`` this module sits above ``queries`` and ``reports``: the job reads and renders.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Iterator
from datetime import date
from datetime import datetime
from datetime import timezone
from typing import IO

import redis
from flask import current_app
from sqlalchemy import func
from sqlalchemy import select

from . import antrian
from .domain.pengukuran import PengukuranPD
from .domain.periode import parse_periode
from .extensions import db_session
from .models import PerangkatDaerah
from .models import Tahun
from .queries.kabupaten import muat_per_pd
from .queries.pengukuran import load_skala_aktif
from .queries.referensi import get_perangkat_daerah_kode
from .queries.referensi import load_identitas_laporan
from .reports.kabupaten import laporan_pengukuran_kabupaten
from .reports.kop import kop
from .reports.kop import tanda_tangan_laporan
from .reports.model import Kop
from .reports.model import TandaTangan
from .reports.pdf import render_pdf
from .reports.xlsx import render_xlsx
from .services.penyimpanan import BerkasTidakAda
from .services.penyimpanan import penyimpanan
from .services.surel import HasilKirim
from .services.surel import kirim_notifikasi_tertunda
from .services.surel import pengaturan_dari_config

log = logging.getLogger("sipekerja.laporan")

#: Seconds a generated report is kept.
UMUR_BERKAS = 86400
POLA_ID = re.compile(r"[0-9a-f]{32}")
ANTRI, PROSES, SIAP, GAGAL = "antri", "proses", "siap", "gagal"


#: The area of the store holding the jobs' objects.
AREA = "laporan/"


def _objek(tugas_id: str, nama: str) -> str:
    if not POLA_ID.fullmatch(tugas_id):
        raise ValueError(tugas_id)
    return f"{AREA}{tugas_id}/{nama}"


def baca_meta(tugas_id: str) -> dict | None:
    """The job's record, or None when the id is malformed, unknown or expired.

    :raise PenyimpananGagal: when the store cannot be read (not the same as "unknown").
    """
    if not POLA_ID.fullmatch(tugas_id or ""):
        return None
    try:
        meta = json.loads(penyimpanan().get_named(_objek(tugas_id, "meta.json")).decode("utf-8"))
    except (BerkasTidakAda, ValueError):
        return None
    if not isinstance(meta, dict) or time.time() - meta.get("dibuat", 0) > UMUR_BERKAS:
        return None
    return meta


def _tulis_meta(tugas_id: str, meta: dict) -> None:
    # One object replaced whole: a reader on any host sees the old or the new record, never half.
    penyimpanan().put_named(_objek(tugas_id, "meta.json"), json.dumps(meta).encode("utf-8"))


def _ubah_meta(tugas_id: str, **ubah) -> dict:
    meta = json.loads(penyimpanan().get_named(_objek(tugas_id, "meta.json")).decode("utf-8"))
    meta.update(ubah)
    _tulis_meta(tugas_id, meta)
    return meta


def _objek_berkas(tugas_id: str, format: str) -> str:
    """The finished file's object (its download name, in the record, may hold any character)."""
    return _objek(tugas_id, f"berkas.{'xlsx' if format == 'xlsx' else 'pdf'}")


def buka_berkas(tugas_id: str, meta: dict) -> IO[bytes] | None:
    """A stream of the finished file of a job (the caller closes it), or None when the job is not
    ready or its file is gone.

    :raise PenyimpananGagal: when the store cannot be read.
    """
    if meta.get("status") != SIAP or not meta.get("berkas"):
        return None
    try:
        return penyimpanan().open_named(_objek_berkas(tugas_id, meta["format"]))
    except BerkasTidakAda:
        return None


def bersihkan_kedaluwarsa() -> int:
    """Remove the objects of jobs asked for more than :data:`UMUR_BERKAS` seconds ago (by the
    record's ``dibuat``; a job without a readable record, by its objects' age).

    :return: how many jobs were removed.
    :raise PenyimpananGagal: when the store cannot be listed.
    """
    toko = penyimpanan()
    per_tugas: dict[str, list[tuple[str, float]]] = {}
    for nama, diubah in toko.list_named(AREA):
        tugas_id = nama[len(AREA):].split("/", 1)[0]
        if POLA_ID.fullmatch(tugas_id):
            per_tugas.setdefault(tugas_id, []).append((nama, diubah))
    batas = time.time() - UMUR_BERKAS
    hapus = 0
    for tugas_id, objek in per_tugas.items():
        try:
            meta = json.loads(toko.get_named(_objek(tugas_id, "meta.json")).decode("utf-8"))
            lama = meta.get("dibuat", 0) < batas
        except (BerkasTidakAda, ValueError, AttributeError):
            lama = max(diubah for _, diubah in objek) < batas
        if lama:
            for nama, _ in objek:
                toko.delete_named(nama)
            hapus += 1
    return hapus


def catat_permintaan(*, pengguna_id: int, tahun: int, periode: str, ukuran: str, format: str) -> str:
    """Record a request (status "antri") and return its new job id.

    :raise PenyimpananGagal: when the store refuses the record (nothing was asked for then).
    """
    tugas_id = uuid.uuid4().hex
    _tulis_meta(tugas_id, {"pengguna_id": pengguna_id, "tahun": tahun, "periode": periode, "ukuran": ukuran,
                           "format": format, "status": ANTRI, "selesai": 0, "total": None, "berkas": None,
                           "pesan": None, "dibuat": time.time()})
    return tugas_id


def identitas_kabupaten(tanggal: date) -> tuple[Kop, tuple[TandaTangan, ...]]:
    """Letterhead and signer of the kabupaten report: those the agency named by
    ``SIPEKERJA_PD_LAPORAN_KABUPATEN`` set in Referensi (the agency that compiles it), else the
    configured defaults."""
    config = current_app.config
    kode = config.get("SIPEKERJA_PD_LAPORAN_KABUPATEN")
    pd = get_perangkat_daerah_kode(kode) if kode else None
    data_kop, penandatangan = load_identitas_laporan(pd.id) if pd is not None else (None, ())
    kop_laporan = kop(config, data_kop)
    return kop_laporan, tanda_tangan_laporan(config, lampiran_pk=False, tanggal=tanggal,
                                             kop_laporan=kop_laporan, simpanan=penandatangan)


def _dengan_kemajuan(tugas_id: str, daftar: Iterator[PengukuranPD]) -> Iterator[PengukuranPD]:
    for nomor, pd in enumerate(daftar, start=1):
        yield pd
        _ubah_meta(tugas_id, selesai=nomor)


def buat_laporan_kabupaten(tugas_id: str, tanggal: str) -> bool:
    """Job: build the report a request recorded (:func:`catat_permintaan`) and store its file.

    :param tugas_id: the job id.
    :param tanggal: the signing date (ISO), the day it was asked for.
    :return: True when the file was written.
    """
    meta = baca_meta(tugas_id)
    if meta is None:
        log.warning("Laporan kabupaten %s tidak dibuat: permintaannya tidak ada lagi (kedaluwarsa).", tugas_id)
        return False
    tahun = db_session.execute(select(Tahun).filter_by(tahun=meta["tahun"])).scalar_one_or_none()
    if tahun is None:
        _ubah_meta(tugas_id, status=GAGAL, pesan=f"Tahun {meta['tahun']} sudah tidak ada.")
        log.warning("Laporan kabupaten %s tidak dibuat: tahun %s sudah dihapus.", tugas_id, meta["tahun"])
        return False
    try:
        return _bangun(tugas_id, meta, tahun, tanggal)
    except Exception:
        _ubah_meta(tugas_id, status=GAGAL, pesan="Laporan gagal disusun; coba minta lagi. Kesalahan dicatat di log.")
        log.exception("Laporan kabupaten %s gagal disusun.", tugas_id)
        raise  # RQ retries it (ULANGI times); a retry starts from "proses" again


def _bangun(tugas_id: str, meta: dict, tahun: Tahun, tanggal: str) -> bool:
    total = db_session.execute(select(func.count()).select_from(PerangkatDaerah)
                               .where(PerangkatDaerah.aktif.is_(True))).scalar_one()
    _ubah_meta(tugas_id, status=PROSES, selesai=0, total=total, pesan=None)
    periode = parse_periode(meta["periode"])
    skala = load_skala_aktif()
    laporan = laporan_pengukuran_kabupaten(
        _dengan_kemajuan(tugas_id, muat_per_pd(tahun_id=tahun.id, periode=periode, skala=skala)),
        tahun=tahun.tahun, periode=periode, skala=skala,
        daerah=f"Pemerintah {current_app.config['SIPEKERJA_NAMA_DAERAH']}")
    kop_laporan, ttd = identitas_kabupaten(date.fromisoformat(tanggal))
    if meta["format"] == "xlsx":
        isi = render_xlsx(laporan, kop=kop_laporan, ttd=ttd, ukuran=meta["ukuran"])
    else:
        isi = render_pdf(laporan, ukuran=meta["ukuran"], kop=kop_laporan, ttd=ttd)
    # A retried job replaces the object: one file, whatever the attempts; the record says "siap"
    # only once the file is whole in the store.
    penyimpanan().put_named(_objek_berkas(tugas_id, meta["format"]), isi)
    _ubah_meta(tugas_id, status=SIAP, berkas=f"{laporan.nama_berkas}.{meta['format']}", selesai=total,
               ukuran=len(isi))
    return True


#: Seconds the sending lock lives without news from its holder; renewed after every message (one
#: message takes a few SMTP round trips, each bounded by ``SIPEKERJA_SMTP_TIMEOUT``).
UMUR_KUNCI_SUREL = 300
#: Messages one pass of the job reads; it passes again while a pass was full.
BATAS_SUREL = 200


def _kunci_surel(*bagian: str) -> str:
    return antrian.kunci("surel", *bagian)


def kirim_surel(*, batas: int = BATAS_SUREL, hanya_baru: bool = False) -> HasilKirim | None:
    """Send the e-mails that wait (``services.surel``) with the app's SMTP settings, committing
    after each message's outcome: what ``flask sipekerja kirim-notifikasi`` and :func:`tugas_surel`
    both run.

    With Redis configured and answering, the run holds the lock :func:`_kunci_surel` ("kirim"),
    renewed after every message: a cron run and a job never send at the same time, so never the
    same message twice. A run that finds the lock taken sends nothing and leaves a mark ("lagi");
    the holder, when done, enqueues one more job for the messages created meanwhile. Without Redis
    there is no lock (and no job: only the command sends). With Redis configured but not answering
    the command runs without it: no worker can take a job then, and a job already running stops
    after its current message (renewing the lock fails).

    :param batas: messages per run.
    :param hanya_baru: only messages never attempted (the job; retries stay with the command).
    :return: the counts, or None when another run holds the lock.
    :raise redis.lock.LockError: when the lock expired under a run that hung (the outcomes so far
        are committed; the next run goes on).
    """
    conn = antrian.tersedia()
    kunci = conn.lock(_kunci_surel("kirim"), timeout=UMUR_KUNCI_SUREL) if conn is not None else None
    if kunci is not None and not kunci.acquire(blocking=False):
        conn.set(_kunci_surel("lagi"), 1, ex=antrian.UMUR_KUNCI)
        log.info("Pengiriman surel lain sedang berjalan; yang baru dikirim setelahnya.")
        return None

    def simpan() -> None:
        db_session.commit()
        if kunci is not None:
            kunci.reacquire()

    try:
        return kirim_notifikasi_tertunda(pengaturan=pengaturan_dari_config(current_app.config),
                                         now=datetime.now(timezone.utc), simpan=simpan, batas=batas,
                                         hanya_baru=hanya_baru)
    finally:
        if kunci is not None:
            _lepas(conn, kunci)


def _lepas(conn: redis.Redis, kunci: redis.lock.Lock) -> None:
    try:
        kunci.release()
        if conn.delete(_kunci_surel("lagi")):
            antrekan_surel(conn)
    except redis.RedisError as error:  # LockError is one: the lock expired and the next run takes it
        log.warning("Kunci pengiriman surel tidak dapat dilepas (%s); kedaluwarsa sendiri.", error)


def antrekan_surel(conn: redis.Redis) -> str | None:
    """Enqueue :func:`tugas_surel` unless one already waits (one key for all: a burst of
    notifications gives one job).

    :param conn: a connection ``antrian.tersedia`` returned.
    :return: the new job's id, or None when a waiting job covers it.
    """
    return antrian.jalankan_sekali(_kunci_surel("antri"), conn, tugas_surel)


def tugas_surel() -> int:
    """Job: send the e-mails of notifications never attempted, in passes of :data:`BATAS_SUREL`
    until none is left (each message committed as it goes, like the command).

    Only with a queue. Without Redis the e-mail is *not* sent inline after the save that created
    the notification: plain WSGI has no "after the response", so inline means inside the user's
    request, and a slow or hanging SMTP server (each step may wait ``SIPEKERJA_SMTP_TIMEOUT``
    seconds, several per message) would hold a submission or a verification for that long. The
    notification is in the app at once; its e-mail waits for ``flask sipekerja kirim-notifikasi``
    (cron), as before the queue existed. Retries of temporary failures (attempt > 0) are also left
    to the command, so a burst of notifications while the SMTP server is down does not burn every
    waiting message's attempts in minutes.

    :return: how many messages were sent.
    """
    terkirim = 0
    while True:
        hasil = kirim_surel(hanya_baru=True)
        if hasil is None:
            return terkirim
        terkirim += hasil.terkirim
        ditangani = hasil.terkirim + hasil.ditolak + hasil.gagal + hasil.dicoba_lagi + hasil.dilewati
        if ditangani < BATAS_SUREL:
            return terkirim
