"""Bukti dukung (evidence) storage: files named by their SHA-256 in the configured store
(``services.penyimpanan``: a local directory outside any static folder, or an S3 bucket),
metadata in ``sipekerja_bukti_dukung``, served only through an authorised view.

A file written for a transaction that then rolls back is removed again (unless a committed
row already refers to the same content), so a failed database write leaves no orphan file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from datetime import tzinfo

from flask import current_app
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.akses import Fitur
from ..domain.akses import Subjek
from ..domain.akses import assert_boleh_mengubah_isian
from ..domain.berkas import periksa_bukti
from ..domain.errors import NilaiTidakValid
from ..domain.periode import triwulan_dari_bulan
from ..domain.periode import validate_bulan
from ..domain.status import StatusPeriode
from ..extensions import db_session
from ..models import BuktiDukung
from ..models import Indikator
from ..models import Pengguna
from ..models import Tahun
from .audit import record_audit
from .pemeriksa_berkas import batas_berkas
from .pemeriksa_berkas import periksa_struktur
from .penyimpanan import Penyimpanan
from .penyimpanan import PenyimpananGagal
from .penyimpanan import PenyimpananLokal
from .penyimpanan import penyimpanan
from .realisasi import get_status_periode
from .realisasi import is_jendela_terbuka_untuk_unit

_BERKAS_BARU = "sipekerja_berkas_baru"


def storage_dir() -> str:
    """The local evidence directory (``SIPEKERJA_STORAGE_DIR``, default ``<instance>/bukti``),
    created on demand. Only the ``lokal`` backend uses it; everything else goes through
    :func:`~.penyimpanan.penyimpanan`."""
    path = current_app.config.get("SIPEKERJA_STORAGE_DIR") or os.path.join(current_app.instance_path, "bukti")
    os.makedirs(path, exist_ok=True)
    return path


def path_berkas(sha256: str, root: str | None = None) -> str:
    """Where the ``lokal`` backend keeps the bytes of a content hash (two-level fan-out)."""
    return PenyimpananLokal(root or storage_dir()).path(sha256)


def simpan_ke_penyimpanan(data: bytes, daftar_info: str) -> str:
    """Put ``data`` in the store under its content hash and, when this call created it, note it in
    the session under ``daftar_info`` so a rollback removes it again (the listeners below).

    :return: the SHA-256.
    :raise PenyimpananGagal: when the store refuses the write (nothing stored then).
    """
    sha256 = hashlib.sha256(data).hexdigest()
    toko = penyimpanan()
    if toko.put(sha256, data):
        db_session().info.setdefault(daftar_info, []).append((sha256, toko))
    return sha256


def tulis_berkas(data: bytes) -> str:
    """Store ``data`` in the evidence store under its content hash (once) and return the hash.

    For loaders that write ``BuktiDukung`` rows themselves (the demo); uploads go through
    :func:`simpan_bukti`, which also checks the file and the right to upload.

    :param data: the file's bytes.
    :return: its SHA-256, the row's ``sha256``.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    penyimpanan().put(sha256, data)
    return sha256


def simpan_bukti(
    *,
    subjek: Subjek,
    oleh: Pengguna | None,
    indikator: Indikator,
    tahun: Tahun,
    bulan: int,
    nama_asli: str,
    data: bytes,
    now: datetime,
    zona: tzinfo,
) -> BuktiDukung:
    """Store one evidence file for an indicator's month (:func:`simpan_bukti_banyak` with one file).

    :raise NilaiTidakValid: for a refused file (type, polyglot, size, name), with the reason.
    :raise AksesDitolak: for another unit's indicator, a closed window or a submitted triwulan.
    """
    return simpan_bukti_banyak(subjek=subjek, oleh=oleh, indikator=indikator, tahun=tahun, bulan=bulan,
                               berkas=[(nama_asli, data)], now=now, zona=zona)[0]


def nama_tampil(nama: str, ke: int) -> str:
    """A file name as a refusal message may quote it: control characters dropped, cut at 80
    characters; ``berkas ke-N`` when nothing is left. (Jinja escapes it when shown.)"""
    bersih = "".join(c for c in (nama or "") if unicodedata.category(c)[0] != "C").strip()
    if not bersih:
        return f"berkas ke-{ke}"
    return bersih if len(bersih) <= 80 else bersih[:79] + "…"


def simpan_bukti_banyak(
    *,
    subjek: Subjek,
    oleh: Pengguna | None,
    indikator: Indikator,
    tahun: Tahun,
    bulan: int,
    berkas: Sequence[tuple[str, bytes]],
    now: datetime,
    zona: tzinfo,
) -> list[BuktiDukung]:
    """Store several evidence files for an indicator's month in one go, all or nothing: every
    file passes every check (name, size, type, structure) before the first is stored, and the
    rows are written in the caller's one transaction.

    :param subjek: the caller (must be allowed to write the indicator's unit's realisasi now).
    :param oleh: the caller, for the audit trail.
    :param indikator: the indicator the evidence supports (of a unit).
    :param tahun: the indicator's year.
    :param bulan: 1..12.
    :param berkas: ``(name the browser sent, bytes)`` per file, at most
        ``SIPEKERJA_MAX_BERKAS_PER_UNGGAH``.
    :param now: the current moment.
    :param zona: the agency's time zone.
    :return: the metadata rows, in the order given.
    :raise NilaiTidakValid: no file, too many files, or a refused file — the message names the
        file and says that none was stored.
    :raise AksesDitolak: for another unit's indicator, a closed window or a submitted triwulan.
    """
    validate_bulan(bulan)
    if indikator.unit_kerja_id is None:
        raise NilaiTidakValid("Bukti dukung dilampirkan pada indikator unit kerja.")
    if not berkas:
        raise NilaiTidakValid("Pilih berkas bukti dukung terlebih dahulu.")
    maks = current_app.config.get("SIPEKERJA_MAX_BERKAS_PER_UNGGAH", 10)
    if len(berkas) > maks:
        raise NilaiTidakValid(f"Paling banyak {maks} berkas sekali unggah ({len(berkas)} dipilih); "
                              "tidak ada berkas yang disimpan.")
    status = get_status_periode(unit_kerja_id=indikator.unit_kerja_id, tahun_id=tahun.id,
                                triwulan=triwulan_dari_bulan(bulan))
    terbuka = is_jendela_terbuka_untuk_unit(tahun=tahun, triwulan=status.triwulan,
                                            unit_kerja_id=indikator.unit_kerja_id, now=now, zona=zona)
    assert_boleh_mengubah_isian(subjek, Fitur.REALISASI, indikator.unit_kerja_id,
                                status=StatusPeriode(status.status), jendela_terbuka=terbuka)
    batas = batas_berkas()
    diperiksa = []
    for ke, (nama_asli, data) in enumerate(berkas, start=1):
        try:
            nama, jenis = periksa_bukti(nama_asli, data, current_app.config["SIPEKERJA_MAX_UPLOAD_BYTES"], batas)
            periksa_struktur(data, jenis, batas)
        except NilaiTidakValid as error:
            if len(berkas) == 1:
                raise
            alasan = error.pesan.removeprefix("Berkas ditolak: ")
            raise NilaiTidakValid(f"Berkas \"{nama_tampil(nama_asli, ke)}\" ditolak: {alasan} "
                                  f"Tidak ada berkas yang disimpan ({len(berkas)} dipilih).") from error
        diperiksa.append((nama, jenis, data))
    return [_simpan_satu(oleh, indikator, bulan, nama, jenis.mime, data) for nama, jenis, data in diperiksa]


def _simpan_satu(oleh: Pengguna | None, indikator: Indikator, bulan: int, nama: str, mime: str,
                 data: bytes) -> BuktiDukung:
    sha = simpan_ke_penyimpanan(data, _BERKAS_BARU)
    bukti = BuktiDukung(indikator_id=indikator.id, bulan=bulan, sha256=sha, nama_asli=nama, mime=mime,
                        ukuran=len(data), diunggah_oleh_id=oleh.id if oleh else None)
    db_session.add(bukti)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="unggah_bukti", objek=bukti, sebelum=None,
                 sesudah={"indikator_id": indikator.id, "bulan": bulan, "nama": nama, "sha256": sha,
                          "ukuran": len(data)})
    return bukti


def hapus_bukti(*, subjek: Subjek, oleh: Pengguna | None, bukti: BuktiDukung, tahun: Tahun, now: datetime,
                zona: tzinfo) -> BuktiDukung:
    """Withdraw an evidence file while the unit may still edit the month (soft delete: the
    audit trail keeps what was there).

    :raise AksesDitolak: when the unit may no longer edit that month.
    :raise NilaiTidakValid: when already deleted.
    """
    if bukti.dihapus_dt is not None:
        raise NilaiTidakValid("Bukti dukung ini sudah dihapus.")
    indikator = bukti.indikator
    status = get_status_periode(unit_kerja_id=indikator.unit_kerja_id, tahun_id=tahun.id,
                                triwulan=triwulan_dari_bulan(bukti.bulan))
    terbuka = is_jendela_terbuka_untuk_unit(tahun=tahun, triwulan=status.triwulan,
                                            unit_kerja_id=indikator.unit_kerja_id, now=now, zona=zona)
    assert_boleh_mengubah_isian(subjek, Fitur.REALISASI, indikator.unit_kerja_id,
                                status=StatusPeriode(status.status), jendela_terbuka=terbuka)
    bukti.dihapus_dt = now
    db_session.flush()
    record_audit(pengguna=oleh, aksi="hapus_bukti", objek=bukti, sebelum={"nama": bukti.nama_asli},
                 sesudah={"dihapus": True})
    return bukti


def _lupakan_berkas_baru(session: Session) -> None:
    session.info.pop(_BERKAS_BARU, None)


def _hapus_berkas_yatim(session: Session, transaction) -> None:
    # Every end of the outermost transaction that was not a commit (after_commit has taken the
    # list then): an explicit rollback, but also the session closed at the end of a request that
    # failed with an unexpected error, which rolls back without an after_soft_rollback event.
    if transaction.parent is not None:  # a savepoint or a flush; the outer transaction decides
        return
    baru = session.info.pop(_BERKAS_BARU, None)
    if not baru:
        return
    with session.get_bind().connect() as conn:
        for sha, toko in baru:
            # Another request may have committed the same content meanwhile: keep it then.
            dipakai = conn.execute(select(exists().where(BuktiDukung.sha256 == sha))).scalar()
            if not dipakai:
                hapus_yatim(toko, sha)


def hapus_yatim(toko: Penyimpanan, sha: str) -> None:
    """Remove an orphan file; a store that fails now is logged (a listener must not raise)."""
    try:
        toko.delete(sha)
    except PenyimpananGagal as exc:
        logging.getLogger(__name__).warning("Berkas yatim %s tidak dapat dihapus dari penyimpanan %s: %s",
                                            sha, toko.nama, exc)


#: Session events of this module, in the order they are registered (``services.PENDENGAR_COMMIT``).
PENDENGAR = (("after_commit", _lupakan_berkas_baru), ("after_transaction_end", _hapus_berkas_yatim))
