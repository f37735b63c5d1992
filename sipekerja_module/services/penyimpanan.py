"""Where the bytes of uploaded files live (bukti dukung and the minutes of evaluation meetings):
one small interface, :class:`Penyimpanan`, with two backends chosen by configuration.

- ``SIPEKERJA_STORAGE_BACKEND=lokal`` (the default, no set-up): a directory,
  ``SIPEKERJA_STORAGE_DIR`` (default ``<instance>/bukti``), each file at ``<aa>/<sha256>``.
- ``SIPEKERJA_STORAGE_BACKEND=s3``: a bucket of S3-compatible object storage (SeaweedFS, MinIO,
  Ceph, AWS...) through boto3 (the optional extra ``s3``), each object at
  ``<SIPEKERJA_S3_PREFIX><aa>/<sha256>``: the same layout, so a directory can be copied into a
  bucket as it is. Settings ``SIPEKERJA_S3_ENDPOINT_URL``, ``_BUCKET``, ``_ACCESS_KEY``,
  ``_SECRET_KEY``, ``_REGION``, ``_PREFIX``.

Keys are content hashes (64 lowercase hex digits, the rows' ``sha256``): identical uploads share
one stored file, and a key never names a path outside the store. Metadata (name, type, size, who)
stays in the database; the bytes are served only through the module's authorised views.

Besides content-addressed files the store keeps a few *named objects* that change: the kabupaten
report jobs' status and finished files (``laporan/<job id>/…``, ``tugas.py``), so that several app
hosts and workers share them through the store instead of a shared file system. A name is
``<area>/<part>/…`` (:func:`periksa_nama`): its first part has at least three letters, so it never
meets the two-character folders of the content keys, and :meth:`Penyimpanan.keys` never lists it.
Writing a name replaces its object whole (a reader sees the old or the new bytes, never half).

A backend that cannot write or read raises :class:`PenyimpananGagal`, whose message is fit to show
(Indonesian); the service that was writing then leaves the transaction to be rolled back, so
nothing is written to the database either.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from typing import IO
from typing import Protocol

from flask import current_app

from ..domain.errors import SipekerjaError

_KUNCI = re.compile(r"^[0-9a-f]{64}$")
_NAMA = re.compile(r"^[a-z][a-z0-9_-]{2,31}(/[A-Za-z0-9][A-Za-z0-9._-]{0,127})+$")
_BLOK = 1024 * 1024
_EXT = "sipekerja_penyimpanan"
#: The backend names ``SIPEKERJA_STORAGE_BACKEND`` accepts.
BACKEND = ("lokal", "s3")


class PenyimpananGagal(SipekerjaError):
    """The file store refused or could not be reached; nothing was stored."""


class BerkasTidakAda(PenyimpananGagal):
    """The store has no file under the key."""


def periksa_kunci(kunci: str) -> str:
    """Return ``kunci`` when it is a content hash (64 lowercase hex digits).

    :raise ValueError: for anything else (never a user's input: a programming error).
    """
    if not isinstance(kunci, str) or not _KUNCI.match(kunci):
        raise ValueError(f"kunci penyimpanan tidak valid: {kunci!r}")
    return kunci


def periksa_nama(nama: str, *, awalan: bool = False) -> str:
    """Return ``nama`` when it names a named object: ``<area>/<part>[/<part>…]``, the area three to
    32 lowercase letters, digits, ``_`` or ``-``, each part starting with a letter or digit (so
    never ``..``) and made of letters, digits, ``.``, ``_``, ``-``.

    :param awalan: check a prefix for :meth:`Penyimpanan.list_named` instead: the same with a
        trailing ``/`` (``laporan/``, ``laporan/<id>/``).
    :raise ValueError: for anything else (a programming error, never a user's input).
    """
    teks = nama + "x" if awalan and isinstance(nama, str) and nama.endswith("/") else nama
    if not isinstance(teks, str) or not _NAMA.fullmatch(teks) or (awalan and teks == nama):
        raise ValueError(f"nama objek penyimpanan tidak valid: {nama!r}")
    return nama


def jalur_relatif(kunci: str) -> str:
    """``<aa>/<sha256>``: where a key lives below the root of either backend."""
    return f"{kunci[:2]}/{kunci}"


class Penyimpanan(Protocol):
    """A content-addressed file store. Every method takes a key checked by :func:`periksa_kunci`."""

    #: Short name for messages and the CLI (``lokal`` or ``s3``).
    nama: str

    def put(self, kunci: str, data: bytes | IO[bytes]) -> bool:
        """Store the bytes (or a binary stream read to its end) under the key unless it is there.

        :return: True when this call created the file (False: already stored, kept as it was).
        :raise PenyimpananGagal: when the store refuses the write.
        """

    def open(self, kunci: str) -> IO[bytes]:
        """A binary stream of the file (the caller closes it).

        :raise BerkasTidakAda: when missing. :raise PenyimpananGagal: when the store fails.
        """

    def get(self, kunci: str) -> bytes:
        """The whole file."""

    def exists(self, kunci: str) -> bool:
        """Whether a file is stored under the key."""

    def delete(self, kunci: str) -> None:
        """Remove the file; a missing one is no error."""

    def keys(self) -> Iterator[str]:
        """Every key stored, sorted (files that are not content-addressed are skipped)."""

    def size(self, kunci: str) -> int:
        """The file's size in bytes. :raise BerkasTidakAda: when missing."""

    def put_named(self, nama: str, data: bytes) -> None:
        """Write the named object, replacing any (atomically). :raise PenyimpananGagal: when refused."""

    def open_named(self, nama: str) -> IO[bytes]:
        """A binary stream of the named object. :raise BerkasTidakAda: when missing."""

    def get_named(self, nama: str) -> bytes:
        """The named object whole. :raise BerkasTidakAda: when missing."""

    def delete_named(self, nama: str) -> None:
        """Remove the named object; a missing one is no error."""

    def list_named(self, awalan: str) -> Iterator[tuple[str, float]]:
        """``(name, last modified as a Unix time)`` of every named object below ``awalan``
        (e.g. ``laporan/``), sorted by name."""


class PenyimpananLokal:
    """Files in a directory: ``<root>/<aa>/<sha256>``, written atomically (temp file + rename)."""

    nama = "lokal"

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = os.fspath(root)

    def path(self, kunci: str) -> str:
        """The file's path on disk."""
        return os.path.join(self.root, *jalur_relatif(periksa_kunci(kunci)).split("/"))

    def put(self, kunci: str, data: bytes | IO[bytes]) -> bool:
        path = self.path(kunci)
        if os.path.exists(path):
            return False
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".unggah-")
        except OSError as exc:
            raise _gagal_tulis(exc) from exc
        try:
            with os.fdopen(fd, "wb") as f:
                if isinstance(data, bytes | bytearray | memoryview):
                    f.write(data)
                else:
                    while blok := data.read(_BLOK):
                        f.write(blok)
            os.replace(tmp, path)  # atomic: readers never see half a file
        except BaseException as exc:
            os.unlink(tmp)
            if isinstance(exc, OSError):
                raise _gagal_tulis(exc) from exc
            raise
        return True

    def open(self, kunci: str) -> IO[bytes]:
        try:
            return open(self.path(kunci), "rb")
        except FileNotFoundError:
            raise BerkasTidakAda("Berkas tidak ditemukan di penyimpanan.") from None
        except OSError as exc:
            raise _gagal_baca(exc) from exc

    def get(self, kunci: str) -> bytes:
        with self.open(kunci) as f:
            return f.read()

    def exists(self, kunci: str) -> bool:
        return os.path.isfile(self.path(kunci))

    def delete(self, kunci: str) -> None:
        try:
            os.remove(self.path(kunci))
        except FileNotFoundError:
            pass

    def keys(self) -> Iterator[str]:
        if not os.path.isdir(self.root):
            return
        for awalan in sorted(os.listdir(self.root)):
            folder = os.path.join(self.root, awalan)
            if len(awalan) != 2 or not os.path.isdir(folder):
                continue
            for nama in sorted(os.listdir(folder)):
                if _KUNCI.match(nama) and nama.startswith(awalan):
                    yield nama

    def size(self, kunci: str) -> int:
        try:
            return os.path.getsize(self.path(kunci))
        except FileNotFoundError:
            raise BerkasTidakAda("Berkas tidak ditemukan di penyimpanan.") from None


    def path_named(self, nama: str) -> str:
        """The named object's path on disk."""
        return os.path.join(self.root, *periksa_nama(nama).split("/"))

    def put_named(self, nama: str, data: bytes) -> None:
        path = self.path_named(nama)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tulis-")
        except OSError as exc:
            raise _gagal_tulis(exc) from exc
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)  # atomic: readers see the old or the new object, never half
        except BaseException as exc:
            os.unlink(tmp)
            if isinstance(exc, OSError):
                raise _gagal_tulis(exc) from exc
            raise

    def open_named(self, nama: str) -> IO[bytes]:
        try:
            return open(self.path_named(nama), "rb")
        except (FileNotFoundError, NotADirectoryError):
            raise BerkasTidakAda("Berkas tidak ditemukan di penyimpanan.") from None
        except OSError as exc:
            raise _gagal_baca(exc) from exc

    def get_named(self, nama: str) -> bytes:
        with self.open_named(nama) as f:
            return f.read()

    def delete_named(self, nama: str) -> None:
        path = self.path_named(nama)
        try:
            os.remove(path)
        except FileNotFoundError:
            return
        # Drop the folders it leaves empty, up to the area's (no trace of a removed job).
        folder, area = os.path.dirname(path), os.path.join(self.root, nama.split("/", 1)[0])
        while folder != area and folder.startswith(area):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)

    def list_named(self, awalan: str) -> Iterator[tuple[str, float]]:
        awalan = periksa_nama(awalan, awalan=True)
        dasar = os.path.join(self.root, *awalan.rstrip("/").split("/"))
        hasil = []
        for folder, _, berkas in os.walk(dasar):
            for nama in berkas:
                if nama.startswith("."):
                    continue  # a write in progress
                path = os.path.join(folder, nama)
                relatif = os.path.relpath(path, self.root).replace(os.sep, "/")
                try:
                    hasil.append((relatif, os.path.getmtime(path)))
                except FileNotFoundError:
                    continue  # removed meanwhile
        yield from sorted(hasil)


class PenyimpananS3:
    """Objects in a bucket of S3-compatible storage: ``<prefix><aa>/<sha256>``.

    :param client: a boto3 S3 client (see :func:`buat_penyimpanan`).
    :param bucket: the bucket (created beforehand by the operator).
    :param prefix: prepended to every object name, e.g. ``sipekerja/`` when the bucket is shared.
    """

    nama = "s3"

    def __init__(self, client, bucket: str, prefix: str = "") -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def objek(self, kunci: str) -> str:
        """The object's name in the bucket."""
        return self.prefix + jalur_relatif(periksa_kunci(kunci))

    def _head(self, kunci: str) -> dict | None:
        from botocore.exceptions import BotoCoreError
        from botocore.exceptions import ClientError
        try:
            return self.client.head_object(Bucket=self.bucket, Key=self.objek(kunci))
        except ClientError as exc:
            if _kode(exc) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise _gagal_baca(exc) from exc
        except BotoCoreError as exc:
            raise _gagal_baca(exc) from exc

    def put(self, kunci: str, data: bytes | IO[bytes]) -> bool:
        from botocore.exceptions import BotoCoreError
        from botocore.exceptions import ClientError
        try:
            ada = self._head(kunci) is not None
        except PenyimpananGagal as exc:
            raise _gagal_tulis(exc.__cause__ or exc) from exc
        if ada:
            return False
        try:
            if isinstance(data, bytes | bytearray | memoryview):
                self.client.put_object(Bucket=self.bucket, Key=self.objek(kunci), Body=bytes(data))
            else:  # a stream of unknown size (restore): multipart above boto3's threshold
                self.client.upload_fileobj(data, self.bucket, self.objek(kunci))
        except (BotoCoreError, ClientError) as exc:
            raise _gagal_tulis(exc) from exc
        except Exception as exc:  # boto3's transfer manager wraps errors in its own classes
            if type(exc).__module__.startswith(("boto3", "botocore", "s3transfer")):
                raise _gagal_tulis(exc) from exc
            raise
        return True

    def _buka_objek(self, objek: str) -> IO[bytes]:
        from botocore.exceptions import BotoCoreError
        from botocore.exceptions import ClientError
        try:
            return self.client.get_object(Bucket=self.bucket, Key=objek)["Body"]
        except ClientError as exc:
            if _kode(exc) in ("404", "NoSuchKey", "NotFound"):
                raise BerkasTidakAda("Berkas tidak ditemukan di penyimpanan.") from None
            raise _gagal_baca(exc) from exc
        except BotoCoreError as exc:
            raise _gagal_baca(exc) from exc

    def _hapus_objek(self, objek: str) -> None:
        from botocore.exceptions import BotoCoreError
        from botocore.exceptions import ClientError
        try:
            self.client.delete_object(Bucket=self.bucket, Key=objek)
        except (BotoCoreError, ClientError) as exc:
            raise PenyimpananGagal(f"Berkas tidak dapat dihapus dari penyimpanan S3 ({_sebab(exc)}).") from exc

    def open(self, kunci: str) -> IO[bytes]:
        return self._buka_objek(self.objek(kunci))

    def get(self, kunci: str) -> bytes:
        return _baca_habis(self.open(kunci))

    def exists(self, kunci: str) -> bool:
        return self._head(kunci) is not None

    def delete(self, kunci: str) -> None:
        self._hapus_objek(self.objek(kunci))

    def keys(self) -> Iterator[str]:
        from botocore.exceptions import BotoCoreError
        from botocore.exceptions import ClientError
        halaman = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        kunci = []
        try:
            for isi in halaman:
                for objek in isi.get("Contents", []):
                    relatif = objek["Key"][len(self.prefix):]
                    awalan, _, nama = relatif.partition("/")
                    if _KUNCI.match(nama) and awalan == nama[:2]:
                        kunci.append(nama)
        except (BotoCoreError, ClientError) as exc:
            raise _gagal_baca(exc) from exc
        yield from sorted(kunci)

    def size(self, kunci: str) -> int:
        head = self._head(kunci)
        if head is None:
            raise BerkasTidakAda("Berkas tidak ditemukan di penyimpanan.")
        return int(head["ContentLength"])

    def objek_named(self, nama: str) -> str:
        """The named object's name in the bucket."""
        return self.prefix + periksa_nama(nama)

    def put_named(self, nama: str, data: bytes) -> None:
        from botocore.exceptions import BotoCoreError
        from botocore.exceptions import ClientError
        try:  # a PUT replaces the object whole: readers get the old or the new one
            self.client.put_object(Bucket=self.bucket, Key=self.objek_named(nama), Body=bytes(data))
        except (BotoCoreError, ClientError) as exc:
            raise _gagal_tulis(exc) from exc

    def open_named(self, nama: str) -> IO[bytes]:
        return self._buka_objek(self.objek_named(nama))

    def get_named(self, nama: str) -> bytes:
        return _baca_habis(self.open_named(nama))

    def delete_named(self, nama: str) -> None:
        self._hapus_objek(self.objek_named(nama))

    def list_named(self, awalan: str) -> Iterator[tuple[str, float]]:
        from botocore.exceptions import BotoCoreError
        from botocore.exceptions import ClientError
        awalan = periksa_nama(awalan, awalan=True)
        halaman = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket,
                                                                        Prefix=self.prefix + awalan)
        hasil = []
        try:
            for isi in halaman:
                for objek in isi.get("Contents", []):
                    hasil.append((objek["Key"][len(self.prefix):], objek["LastModified"].timestamp()))
        except (BotoCoreError, ClientError) as exc:
            raise _gagal_baca(exc) from exc
        yield from sorted(hasil)

    def url_sementara(self, kunci: str, *, nama: str, mime: str, inline: bool, detik: int) -> str:
        """A presigned GET URL valid ``detik`` seconds that answers with the given type and name."""
        from urllib.parse import quote
        jenis = "inline" if inline else "attachment"
        return self.client.generate_presigned_url(
            "get_object", ExpiresIn=detik,
            Params={"Bucket": self.bucket, "Key": self.objek(kunci), "ResponseContentType": mime,
                    "ResponseContentDisposition": f"{jenis}; filename*=UTF-8''{quote(nama, safe='')}"})


def _baca_habis(badan: IO[bytes]) -> bytes:
    """All of an opened object, closed afterwards."""
    try:
        return badan.read()
    finally:
        badan.close()


def _kode(exc) -> str:
    return str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))


def _sebab(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return _kode(exc) or type(exc).__name__


def _gagal_tulis(exc: BaseException) -> PenyimpananGagal:
    return PenyimpananGagal(
        "Penyimpanan berkas menolak menyimpan berkas ini "
        f"({_sebab(exc)}); tidak ada yang disimpan. Coba lagi nanti atau hubungi admin aplikasi.")


def _gagal_baca(exc: BaseException) -> PenyimpananGagal:
    return PenyimpananGagal(f"Penyimpanan berkas tidak dapat dibaca saat ini ({_sebab(exc)}). Coba lagi nanti.")


def buat_client_s3(config) -> object:
    """A boto3 S3 client from the ``SIPEKERJA_S3_*`` settings (path-style addressing, which every
    S3-compatible server understands; checksums only where the API requires them)."""
    try:
        import boto3
        from botocore.config import Config
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("SIPEKERJA_STORAGE_BACKEND=s3 memerlukan boto3: pip install 'sipekerja[s3]'") \
            from None
    # A session of its own: boto3's default session is not safe to build clients from in several
    # threads at once (the first requests of a threaded server); the client itself is.
    return boto3.session.Session().client(
        "s3", endpoint_url=config.get("SIPEKERJA_S3_ENDPOINT_URL") or None,
        aws_access_key_id=config.get("SIPEKERJA_S3_ACCESS_KEY") or None,
        aws_secret_access_key=config.get("SIPEKERJA_S3_SECRET_KEY") or None,
        region_name=config.get("SIPEKERJA_S3_REGION") or "us-east-1",
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                      request_checksum_calculation="when_required", response_checksum_validation="when_required",
                      connect_timeout=5, read_timeout=30, retries={"max_attempts": 2, "mode": "standard"}))


def buat_penyimpanan(config, instance_path: str) -> Penyimpanan:
    """The backend the configuration names (``SIPEKERJA_STORAGE_BACKEND``, default ``lokal``).

    :raise RuntimeError: for an unknown backend or an S3 backend without a bucket.
    """
    backend = (config.get("SIPEKERJA_STORAGE_BACKEND") or "lokal").strip().lower()
    if backend == "lokal":
        root = config.get("SIPEKERJA_STORAGE_DIR") or os.path.join(instance_path, "bukti")
        os.makedirs(root, exist_ok=True)
        return PenyimpananLokal(root)
    if backend == "s3":
        bucket = config.get("SIPEKERJA_S3_BUCKET")
        if not bucket:
            raise RuntimeError("SIPEKERJA_STORAGE_BACKEND=s3 memerlukan SIPEKERJA_S3_BUCKET.")
        prefix = (config.get("SIPEKERJA_S3_PREFIX") or "").lstrip("/")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        return PenyimpananS3(buat_client_s3(config), bucket, prefix)
    raise RuntimeError(f"SIPEKERJA_STORAGE_BACKEND tidak dikenal: {backend!r} "
                       f"(pilih salah satu: {', '.join(BACKEND)}).")


_KONFIG = ("SIPEKERJA_STORAGE_BACKEND", "SIPEKERJA_STORAGE_DIR", "SIPEKERJA_S3_ENDPOINT_URL", "SIPEKERJA_S3_BUCKET",
           "SIPEKERJA_S3_ACCESS_KEY", "SIPEKERJA_S3_SECRET_KEY", "SIPEKERJA_S3_REGION", "SIPEKERJA_S3_PREFIX")


def penyimpanan() -> Penyimpanan:
    """The current app's store, made once per app (and again when its storage settings change)."""
    app = current_app._get_current_object()
    kunci = tuple(app.config.get(k) for k in _KONFIG)
    simpanan = app.extensions.get(_EXT)
    if simpanan is None or simpanan[0] != kunci:
        simpanan = (kunci, buat_penyimpanan(app.config, app.instance_path))
        app.extensions[_EXT] = simpanan
    return simpanan[1]
