"""The kabupaten report as a job: *Laporan Pengukuran Kinerja Kabupaten* built off the request
(``antrian.jalankan``), its progress and its file kept in a folder per job.

Store: ``SIPEKERJA_LAPORAN_DIR`` (default ``laporan`` next to the evidence directory), one folder
per job named by its id (32 hex digits), holding ``meta.json`` (who asked, what, status, progress)
and the finished file. A job's folder is removed a day after it was asked for
(:func:`bersihkan_kedaluwarsa`, run at every new request). Only the user who asked may read the
status and download the file (the views check ``meta["pengguna_id"]``).

Like ``commit_hooks`` this module sits above ``queries`` and ``reports``: the job reads and renders.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import func
from sqlalchemy import select

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

log = logging.getLogger("sipekerja.laporan")

#: Seconds a generated report is kept.
UMUR_BERKAS = 86400
POLA_ID = re.compile(r"[0-9a-f]{32}")
ANTRI, PROSES, SIAP, GAGAL = "antri", "proses", "siap", "gagal"


def folder_laporan() -> Path:
    """Where report jobs keep their files (``SIPEKERJA_LAPORAN_DIR``)."""
    config = current_app.config
    path = config.get("SIPEKERJA_LAPORAN_DIR")
    if not path:
        bukti = config.get("SIPEKERJA_STORAGE_DIR") or os.path.join(current_app.instance_path, "bukti")
        path = os.path.join(os.path.dirname(os.path.abspath(bukti)), "laporan")
    return Path(path)


def _folder(tugas_id: str) -> Path:
    if not POLA_ID.fullmatch(tugas_id):
        raise ValueError(tugas_id)
    return folder_laporan() / tugas_id


def baca_meta(tugas_id: str) -> dict | None:
    """The job's record, or None when the id is malformed, unknown or expired."""
    if not POLA_ID.fullmatch(tugas_id or ""):
        return None
    try:
        meta = json.loads((_folder(tugas_id) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if time.time() - meta.get("dibuat", 0) > UMUR_BERKAS:
        return None
    return meta


def _tulis_meta(tugas_id: str, meta: dict) -> None:
    folder = _folder(tugas_id)
    folder.mkdir(parents=True, exist_ok=True)
    sementara = folder / f".meta.{os.getpid()}.tmp"
    sementara.write_text(json.dumps(meta), encoding="utf-8")
    os.replace(sementara, folder / "meta.json")  # a reader sees the old or the new record, never half


def _ubah_meta(tugas_id: str, **ubah) -> dict:
    meta = json.loads((_folder(tugas_id) / "meta.json").read_text(encoding="utf-8"))
    meta.update(ubah)
    _tulis_meta(tugas_id, meta)
    return meta


def berkas(tugas_id: str, meta: dict) -> Path | None:
    """The finished file of a job, or None."""
    if meta.get("status") != SIAP or not meta.get("berkas"):
        return None
    path = _folder(tugas_id) / meta["berkas"]
    return path if path.is_file() else None


def bersihkan_kedaluwarsa() -> int:
    """Remove the folders of jobs asked for more than :data:`UMUR_BERKAS` seconds ago.

    :return: how many were removed.
    """
    root = folder_laporan()
    if not root.is_dir():
        return 0
    batas = time.time() - UMUR_BERKAS
    hapus = 0
    for folder in root.iterdir():
        if POLA_ID.fullmatch(folder.name) and folder.stat().st_mtime < batas and baca_meta(folder.name) is None:
            shutil.rmtree(folder, ignore_errors=True)
            hapus += 1
    return hapus


def catat_permintaan(*, pengguna_id: int, tahun: int, periode: str, ukuran: str, format: str) -> str:
    """Record a request (status "antri") and return its new job id."""
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
    nama = f"{laporan.nama_berkas}.{meta['format']}"
    folder = _folder(tugas_id)
    sementara = folder / f".{nama}.tmp"
    sementara.write_bytes(isi)
    os.replace(sementara, folder / nama)  # a retried job overwrites: one file, whatever the attempts
    _ubah_meta(tugas_id, status=SIAP, berkas=nama, selesai=total)
    return True
