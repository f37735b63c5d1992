"""Backup and restore of the module's data (issue 17 item 5): ``flask sipekerja backup | restore``.

One ZIP archive holds everything the module owns:

- ``tabel/<table>.json`` for every table of ``Base.metadata`` (read from the metadata, so a table
  added by a later feature is included without touching this file): a JSON array with one object
  per row, one row per line, in primary-key order; ``Decimal`` as a string, datetimes ISO 8601 in
  UTC, dates ISO, bytes base64, JSON columns as JSON;
- ``bukti/<aa>/<sha256>``: every bukti dukung file of the evidence store (content-addressed; either backend);
- ``manifest.json``: format version, app version, the database's Alembic revision, when it was
  made, per table its columns, row count and the SHA-256 and size of its JSON, per file its
  SHA-256 and size; evidence the database names but the storage lacks, and files damaged on disk
  (content not matching the name), are listed apart and never restored.

The portal's tables (accounts, module access, OIDC clients) are the host's, not the module's, and
are not in the archive.

Tables are streamed (``yield_per``) inside one read transaction (a snapshot on PostgreSQL and
MariaDB; on SQLite a read transaction that makes writers wait until the backup ends), so a big
table is never held in memory and the tables agree with one another.

Restore writes only into an empty module schema of the same Alembic revision, after every checksum
has been verified; it inserts the tables in foreign-key order in one transaction on a connection
of its own — not through the module's session, whose commit hooks would bump the data versions and
recompute the dashboard aggregates: the archive's rows are written exactly as they were — then
moves PostgreSQL's sequences past the restored ids and copies the evidence files. Nothing is
written when any check fails, and evidence files copied for a transaction that then fails are
removed again. Any engine to any engine: the JSON is decoded by the column types of the metadata.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import io
import json
import os
import re
import tempfile
import uuid
import zipfile
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import closing
from copy import copy
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timezone
from decimal import Decimal
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from alembic.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy import Engine
from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.types import JSON
from sqlalchemy.types import Date
from sqlalchemy.types import DateTime
from sqlalchemy.types import Float
from sqlalchemy.types import LargeBinary
from sqlalchemy.types import Numeric
from sqlalchemy.types import Time
from sqlalchemy.types import TypeDecorator

from ..domain.errors import SipekerjaError
from ..models import Base
from .penyimpanan import Penyimpanan
from .penyimpanan import PenyimpananLokal

#: Name of the archive format in the manifest, and its version (raised on any incompatible change).
FORMAT = "sipekerja-cadangan"
VERSI_FORMAT = 1
MANIFEST = "manifest.json"
#: The module's Alembic version table (``migrations/env.py``).
TABEL_VERSI_ALEMBIC = "sipekerja_alembic_version"
#: Rows fetched and inserted per round trip.
UKURAN_BATCH = 1000
_BLOK = 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{64}$")


class CadanganDitolak(SipekerjaError):
    """A backup or restore refused before anything was written; the message says why (Indonesian)."""


@dataclass
class Ringkasan:
    """What a backup wrote or a restore read: rows per table, evidence files and their bytes."""

    baris: dict[str, int] = field(default_factory=dict)
    berkas: int = 0
    ukuran_berkas: int = 0
    #: Content hashes that ``sipekerja_bukti_dukung`` names but the storage directory lacks.
    berkas_hilang: list[str] = field(default_factory=list)
    #: Files of the storage directory whose content does not match their name (damaged on disk).
    berkas_rusak: list[str] = field(default_factory=list)
    revisi: str | None = None


# --- values <-> JSON ------------------------------------------------------------------------------

def ke_json(nilai: Any) -> Any:
    """A column value as a portable JSON value.

    :param nilai: what SQLAlchemy read (already through the column's type).
    :return: ``Decimal`` as its exact string, aware datetimes ISO 8601 in UTC, dates and times ISO,
        bytes base64, enums by name; JSON-native values (and JSON columns' dicts and lists) as they are.
    :raise TypeError: for a value of a type the format does not know.
    """
    if nilai is None or isinstance(nilai, (bool, int, float, str, dict, list)):
        return nilai
    if isinstance(nilai, Decimal):
        return str(nilai)
    if isinstance(nilai, datetime):
        return (nilai.astimezone(timezone.utc) if nilai.tzinfo else nilai).isoformat()
    if isinstance(nilai, (date, time)):
        return nilai.isoformat()
    if isinstance(nilai, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(nilai)).decode("ascii")
    if isinstance(nilai, enum.Enum):
        return nilai.name
    if isinstance(nilai, uuid.UUID):
        return str(nilai)
    raise TypeError(f"Nilai bertipe {type(nilai).__name__} tidak dapat dicadangkan.")


def _tipe_dasar(tipe):
    return tipe.impl_instance if isinstance(tipe, TypeDecorator) else tipe


def pengurai_kolom(tipe) -> Callable[[Any], Any] | None:
    """How to turn the JSON value of a column of type ``tipe`` back into what the column binds.

    :return: a converter, or None when the JSON value is bound as it is.
    """
    dasar = _tipe_dasar(tipe)
    if isinstance(dasar, JSON) or isinstance(dasar, Float):
        return None
    if isinstance(dasar, DateTime):
        return datetime.fromisoformat
    if isinstance(dasar, Date):
        return date.fromisoformat
    if isinstance(dasar, Time):
        return time.fromisoformat
    if isinstance(dasar, Numeric):
        return Decimal
    if isinstance(dasar, LargeBinary):
        return base64.b64decode
    return None


def baris_dari_json(tabel: Table, data: dict[str, Any]) -> dict[str, Any]:
    """One archived row as the values to insert into ``tabel`` (see :func:`pengurai_kolom`)."""
    hasil = {}
    for kolom in tabel.columns:
        nilai = data[kolom.name]
        urai = pengurai_kolom(kolom.type)
        hasil[kolom.name] = urai(nilai) if urai is not None and nilai is not None else nilai
    return hasil


def _nama_berkas_tabel(tabel: Table) -> str:
    return f"tabel/{tabel.name}.json"


def _nama_berkas_bukti(sha256: str) -> str:
    return f"bukti/{sha256[:2]}/{sha256}"


def revisi_skema(conn: Connection) -> str | None:
    """The module's Alembic revision in this database (heads joined by ``+``); None when the schema
    was not made by the migrations (no version table, e.g. ``create_all`` in tests)."""
    konteks = MigrationContext.configure(conn, opts={"version_table": TABEL_VERSI_ALEMBIC})
    heads = sorted(konteks.get_current_heads())
    return "+".join(heads) or None


def _versi_aplikasi() -> str:
    try:
        return importlib_metadata.version("sipekerja")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "tidak diketahui"


# --- backup ---------------------------------------------------------------------------------------

class _PenulisHash(io.RawIOBase):
    """Passes bytes on to an archive member while counting them and hashing them."""

    def __init__(self, tujuan) -> None:
        self.tujuan, self.sha, self.ukuran = tujuan, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.sha.update(data)
        self.ukuran += len(data)
        return self.tujuan.write(data)


def _mulai_baca_konsisten(conn: Connection) -> None:
    """Make every later read of ``conn`` see the same moment of the database."""
    if conn.dialect.name == "sqlite" and not getattr(conn.connection.driver_connection, "in_transaction", True):
        # pysqlite opens no transaction for SELECT: one explicit read transaction holds a snapshot
        # (and makes writers wait until it ends).
        conn.exec_driver_sql("BEGIN")


def _tulis_tabel(conn: Connection, arsip: zipfile.ZipFile, tabel: Table) -> dict[str, Any]:
    kolom = [k.name for k in tabel.columns]
    urutan = list(tabel.primary_key.columns) or list(tabel.columns)
    hasil = conn.execution_options(yield_per=UKURAN_BATCH).execute(select(tabel).order_by(*urutan))
    jumlah = 0
    with arsip.open(_nama_berkas_tabel(tabel), "w", force_zip64=True) as anggota:
        penulis = _PenulisHash(anggota)
        penulis.write(b"[")
        for baris in hasil:
            teks = json.dumps({n: ke_json(v) for n, v in zip(kolom, baris)}, ensure_ascii=False,
                              separators=(",", ":"))
            penulis.write(("\n" if jumlah == 0 else ",\n").encode() + teks.encode("utf-8"))
            jumlah += 1
        penulis.write(b"\n]\n")
    return {"name": tabel.name, "file": _nama_berkas_tabel(tabel), "columns": kolom, "rows": jumlah,
            "sha256": penulis.sha.hexdigest(), "size": penulis.ukuran}


def _toko(storage: Penyimpanan | str | os.PathLike) -> Penyimpanan:
    """The evidence store; a path stands for the ``lokal`` backend in that directory."""
    return PenyimpananLokal(storage) if isinstance(storage, str | os.PathLike) else storage


def _tulis_berkas(arsip: zipfile.ZipFile, sha256: str, toko: Penyimpanan) -> dict[str, Any]:
    hash_ = hashlib.sha256()
    ukuran = 0
    # Evidence is PDF, JPEG, PNG, XLSX or DOCX: already compressed, stored as it is.
    with closing(toko.open(sha256)) as sumber, arsip.open(
            zipfile.ZipInfo(_nama_berkas_bukti(sha256), date_time=(1980, 1, 1, 0, 0, 0)), "w",
            force_zip64=True) as anggota:
        while blok := sumber.read(_BLOK):
            hash_.update(blok)
            ukuran += len(blok)
            anggota.write(blok)
    return {"file": _nama_berkas_bukti(sha256), "sha256": hash_.hexdigest(), "size": ukuran}


def _sha_dirujuk(conn: Connection) -> set[str]:
    tabel = Base.metadata.tables.get("sipekerja_bukti_dukung")
    if tabel is None or "sha256" not in tabel.c:
        return set()
    return set(conn.execute(select(tabel.c.sha256).distinct()).scalars())


def _isi_arsip(conn: Connection, arsip: zipfile.ZipFile, toko: Penyimpanan, sekarang: datetime) -> Ringkasan:
    _mulai_baca_konsisten(conn)
    ringkasan = Ringkasan(revisi=revisi_skema(conn))
    daftar_tabel = [_tulis_tabel(conn, arsip, tabel) for tabel in Base.metadata.sorted_tables]
    dirujuk = _sha_dirujuk(conn)
    daftar_berkas = []
    for sha256 in toko.keys():
        catatan = _tulis_berkas(arsip, sha256, toko)
        if catatan["sha256"] != sha256:
            # A damaged file must not stop the backup of everything else: its bytes stay in the
            # archive, unlisted, and restore leaves it out (the rows naming it count it missing).
            ringkasan.berkas_rusak.append(catatan["file"])
            continue
        daftar_berkas.append(catatan)
        ringkasan.ukuran_berkas += catatan["size"]
    ringkasan.berkas = len(daftar_berkas)
    ringkasan.berkas_hilang = sorted(dirujuk - {b["sha256"] for b in daftar_berkas})
    ringkasan.baris = {t["name"]: t["rows"] for t in daftar_tabel}
    manifest = {
        "format": FORMAT, "format_version": VERSI_FORMAT, "app_version": _versi_aplikasi(),
        "alembic_revision": ringkasan.revisi, "database": conn.dialect.name,
        "created_at": sekarang.astimezone(timezone.utc).isoformat(),
        "tables": daftar_tabel, "files": daftar_berkas, "missing_files": ringkasan.berkas_hilang,
        "corrupt_files": ringkasan.berkas_rusak,
    }
    arsip.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1), compress_type=zipfile.ZIP_DEFLATED)
    return ringkasan


def tulis_cadangan(tujuan: str | os.PathLike, *, engine: Engine, storage: Penyimpanan | str | os.PathLike,
                   sekarang: datetime) -> Ringkasan:
    """Write the backup archive of every module table and every evidence file to ``tujuan``.

    The archive appears under its name only when complete (written beside it, then renamed).

    :param tujuan: path of the ZIP to create; it must not exist yet.
    :param engine: the database holding the module's tables.
    :param storage: the evidence store (``services.penyimpanan``), read through its interface;
        a path stands for a local directory.
    :param sekarang: the moment recorded as ``created_at``.
    :return: rows per table and the files written.
    :raise CadanganDitolak: when ``tujuan`` exists or its folder does not.
    """
    tujuan = Path(tujuan)
    if tujuan.exists():
        raise CadanganDitolak(f"Berkas {tujuan} sudah ada; pilih nama lain agar cadangan lama tidak tertimpa.")
    if not tujuan.parent.is_dir():
        raise CadanganDitolak(f"Folder {tujuan.parent} tidak ada.")
    fd, sementara = tempfile.mkstemp(dir=tujuan.parent, prefix=f".{tujuan.name}.", suffix=".sementara")
    try:
        with os.fdopen(fd, "wb") as berkas, zipfile.ZipFile(berkas, "w", zipfile.ZIP_DEFLATED,
                                                            allowZip64=True) as arsip:
            with engine.connect() as conn:
                if conn.dialect.name in ("postgresql", "mysql", "mariadb"):
                    conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    ringkasan = _isi_arsip(conn, arsip, _toko(storage), sekarang)
        os.replace(sementara, tujuan)
    except BaseException:
        os.unlink(sementara)
        raise
    return ringkasan


# --- restore --------------------------------------------------------------------------------------

def _baca_manifest(arsip: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(arsip.read(MANIFEST))
    except KeyError:
        raise CadanganDitolak("Arsip tidak memuat manifest.json: bukan cadangan SI PEKERJA.") from None
    except ValueError:
        raise CadanganDitolak("manifest.json dalam arsip rusak (bukan JSON yang sah).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CadanganDitolak("Arsip ini bukan cadangan SI PEKERJA.")
    if manifest.get("format_version") != VERSI_FORMAT:
        raise CadanganDitolak(f"Versi format cadangan {manifest.get('format_version')} tidak didukung oleh aplikasi "
                              f"ini (versi {VERSI_FORMAT}).")
    kunci = {"tables": ("name", "file", "columns", "rows", "sha256", "size"), "files": ("file", "sha256", "size")}
    for bagian, wajib in kunci.items():
        daftar = manifest.get(bagian)
        if not isinstance(daftar, list) or not all(isinstance(c, dict) and all(k in c for k in wajib) for c in daftar):
            raise CadanganDitolak(f"manifest.json dalam arsip tidak lengkap (bagian {bagian}).")
    return manifest


def _periksa_susunan(manifest: dict[str, Any]) -> None:
    """The archive's tables and columns are exactly the metadata's, and its file names are safe."""
    diarsip = {t["name"]: t for t in manifest["tables"]}
    kurang = sorted(set(Base.metadata.tables) - set(diarsip))
    lebih = sorted(set(diarsip) - set(Base.metadata.tables))
    if kurang or lebih:
        raise CadanganDitolak("Tabel dalam arsip tidak sama dengan tabel aplikasi ini"
                              + (f"; tidak ada di arsip: {', '.join(kurang)}" if kurang else "")
                              + (f"; tidak dikenal aplikasi: {', '.join(lebih)}" if lebih else "")
                              + ". Pulihkan dengan versi aplikasi yang membuat cadangan.")
    for nama, tabel in Base.metadata.tables.items():
        if set(diarsip[nama]["columns"]) != {k.name for k in tabel.columns}:
            raise CadanganDitolak(f"Kolom tabel {nama} dalam arsip tidak sama dengan skema aplikasi ini.")
        if diarsip[nama]["file"] != _nama_berkas_tabel(tabel):
            raise CadanganDitolak(f"Nama berkas tabel {nama} dalam manifest tidak sah.")
    for berkas in manifest["files"]:
        if not _SHA.match(str(berkas.get("sha256"))) or berkas.get("file") != _nama_berkas_bukti(berkas["sha256"]):
            raise CadanganDitolak(f"Nama berkas bukti dukung {berkas.get('file')!r} dalam manifest tidak sah.")


def _hash_anggota(arsip: zipfile.ZipFile, nama: str) -> tuple[str, int]:
    sha, ukuran = hashlib.sha256(), 0
    try:
        with arsip.open(nama) as anggota:
            while blok := anggota.read(_BLOK):
                sha.update(blok)
                ukuran += len(blok)
    except KeyError:
        raise CadanganDitolak(f"Arsip tidak memuat {nama} yang disebut manifest.") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise CadanganDitolak(f"{nama} dalam arsip rusak ({exc}).") from None
    return sha.hexdigest(), ukuran


def _periksa_checksum(arsip: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Every table file and evidence file has the SHA-256 and size the manifest records."""
    for catatan in (*manifest["tables"], *manifest["files"]):
        sha, ukuran = _hash_anggota(arsip, catatan["file"])
        if sha != catatan["sha256"] or ukuran != catatan["size"]:
            raise CadanganDitolak(f"Checksum {catatan['file']} tidak cocok dengan manifest: arsip rusak atau "
                                  "telah diubah. Tidak ada data yang dipulihkan.")


def _periksa_basis_data(conn: Connection, manifest: dict[str, Any]) -> None:
    revisi = revisi_skema(conn)
    if revisi != manifest.get("alembic_revision"):
        raise CadanganDitolak(
            f"Revisi skema arsip ({manifest.get('alembic_revision') or 'tanpa revisi'}) berbeda dengan revisi "
            f"basis data ({revisi or 'tanpa revisi'}). Samakan dulu: jalankan migrasi versi aplikasi yang membuat "
            "cadangan (flask db upgrade / flask sipekerja upgrade-db) pada basis data kosong.")
    berisi = [t.name for t in Base.metadata.sorted_tables
              if conn.execute(select(literal(1)).select_from(t).limit(1)).first() is not None]
    if berisi:
        daftar = ", ".join(berisi[:5]) + (f" dan {len(berisi) - 5} tabel lain" if len(berisi) > 5 else "")
        raise CadanganDitolak(f"Basis data tujuan tidak kosong: tabel {daftar} sudah berisi data. "
                              "Pemulihan hanya ke skema SI PEKERJA yang kosong; tidak ada yang diubah.")


def _baca_baris(arsip: zipfile.ZipFile, catatan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The rows of one table file, one line at a time, checking its hash again on the way."""
    sha = hashlib.sha256()
    with arsip.open(catatan["file"]) as anggota:
        for baris in anggota:
            sha.update(baris)
            teks = baris.strip().rstrip(b",")
            if teks in (b"[", b"]", b""):
                continue
            yield json.loads(teks)
    if sha.hexdigest() != catatan["sha256"]:  # the archive changed under us: the transaction is undone
        raise CadanganDitolak(f"Checksum {catatan['file']} berubah selama pemulihan; pemulihan dibatalkan.")


def _pernyataan_insert(tabel: Table):
    # A JSON column given None stores SQL NULL (not the JSON literal null), as the ORM's rows read back.
    nilai = {}
    for kolom in tabel.columns:
        if isinstance(kolom.type, JSON):
            tipe = copy(kolom.type)
            tipe.none_as_null = True
            nilai[kolom.name] = bindparam(kolom.name, type_=tipe)
    return tabel.insert().values(nilai) if nilai else tabel.insert()


def _kolom_rujukan_diri(tabel: Table) -> list[str]:
    """Nullable columns referring to the same table (a plan node's parent, a position's parent)."""
    return [fk.parent.name for fk in tabel.foreign_keys
            if fk.column.table is tabel and fk.parent.nullable]


def _pulihkan_tabel(conn: Connection, arsip: zipfile.ZipFile, tabel: Table, catatan: dict[str, Any]) -> int:
    """Insert one table's rows in batches; a row referring to a row of its own table not yet inserted
    is inserted with that reference empty and completed after the table (parents usually come first
    in id order, but a node moved under a later node does not)."""
    pernyataan = _pernyataan_insert(tabel)
    rujukan_diri = _kolom_rujukan_diri(tabel)
    pk = list(tabel.primary_key.columns)
    # An UPDATE would run the columns' onupdate (updated_dt = now): they are set to the archive's value.
    saat_ubah = [k.name for k in tabel.columns if k.onupdate is not None]
    sudah: set = set()
    tunda: list[tuple[dict[str, Any], dict[str, Any]]] = []
    batch: list[dict[str, Any]] = []
    jumlah = 0
    for data in _baca_baris(arsip, catatan):
        baris = baris_dari_json(tabel, data)
        if rujukan_diri:
            kunci = tuple(baris[k.name] for k in pk)
            for nama in rujukan_diri:
                if baris[nama] is not None and (baris[nama],) not in sudah:
                    tunda.append(({k.name: baris[k.name] for k in pk},
                                  {nama: baris[nama], **{k: baris[k] for k in saat_ubah}}))
                    baris[nama] = None
            sudah.add(kunci)
        batch.append(baris)
        jumlah += 1
        if len(batch) >= UKURAN_BATCH:
            conn.execute(pernyataan, batch)
            batch = []
    if batch:
        conn.execute(pernyataan, batch)
    for kunci, nilai in tunda:
        conn.execute(tabel.update().where(*(tabel.c[k] == v for k, v in kunci.items())).values(nilai))
    if jumlah != catatan["rows"]:
        raise CadanganDitolak(f"Tabel {tabel.name}: {jumlah} baris dibaca, manifest menyebut {catatan['rows']}.")
    return jumlah


def _setel_ulang_sekuens(conn: Connection) -> None:
    """Move PostgreSQL's id sequences past the restored ids, so a new row gets a fresh id. (MariaDB's
    AUTO_INCREMENT and SQLite's rowid follow explicit ids by themselves.)"""
    if conn.dialect.name != "postgresql":
        return
    siapkan = conn.dialect.identifier_preparer
    for tabel in Base.metadata.sorted_tables:
        kolom = tabel.autoincrement_column
        if kolom is None:
            continue
        nama_tabel = siapkan.format_table(tabel)
        sekuens = conn.execute(text("SELECT pg_get_serial_sequence(:t, :k)"),
                               {"t": nama_tabel, "k": kolom.name}).scalar()
        if sekuens is None:
            continue
        terbesar = conn.execute(select(func.max(kolom))).scalar()
        # setval(seq, n, false): the next nextval() returns n.
        conn.execute(text("SELECT setval(:s, :n, false)"), {"s": sekuens, "n": (terbesar or 0) + 1})


def _salin_berkas(arsip: zipfile.ZipFile, manifest: dict[str, Any], toko: Penyimpanan, dibuat: list[str]) -> None:
    """Copy the evidence files into the store (streamed; a file already there kept), appending the
    key of each file this call created to ``dibuat``."""
    for catatan in manifest["files"]:
        with arsip.open(catatan["file"]) as sumber:
            if toko.put(catatan["sha256"], sumber):
                dibuat.append(catatan["sha256"])


def pulihkan_cadangan(sumber: str | os.PathLike, *, engine: Engine,
                      storage: Penyimpanan | str | os.PathLike) -> Ringkasan:
    """Restore an archive into the empty module schema of ``engine`` and the evidence directory.

    Its own transaction boundary (one transaction on a connection of its own): every check comes
    first — manifest, tables and columns, the schema's Alembic revision, an empty schema, every
    checksum — then all rows are inserted, the sequences moved and the files copied, then commit.

    :param sumber: the archive made by :func:`tulis_cadangan`.
    :param engine: the target database (any supported engine; the schema already migrated).
    :param storage: the target evidence store (``services.penyimpanan``), written through its
        interface; a path stands for a local directory.
    :return: rows per table and files restored.
    :raise CadanganDitolak: when a check fails; nothing has been written then.
    """
    try:
        arsip = zipfile.ZipFile(sumber)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CadanganDitolak(f"Arsip {sumber} tidak dapat dibaca sebagai ZIP ({exc}).") from None
    dibuat: list[str] = []
    toko = _toko(storage)
    with arsip:
        manifest = _baca_manifest(arsip)
        _periksa_susunan(manifest)
        catatan_tabel = {t["name"]: t for t in manifest["tables"]}
        ringkasan = Ringkasan(revisi=manifest.get("alembic_revision"))
        try:
            with engine.begin() as conn:
                _periksa_basis_data(conn, manifest)
                _periksa_checksum(arsip, manifest)
                for tabel in Base.metadata.sorted_tables:
                    ringkasan.baris[tabel.name] = _pulihkan_tabel(conn, arsip, tabel, catatan_tabel[tabel.name])
                _setel_ulang_sekuens(conn)
                _salin_berkas(arsip, manifest, toko, dibuat)
        except BaseException:
            for kunci in dibuat:
                toko.delete(kunci)
            raise
    ringkasan.berkas = len(manifest["files"])
    ringkasan.ukuran_berkas = sum(b["size"] for b in manifest["files"])
    ringkasan.berkas_hilang = list(manifest.get("missing_files", []))
    return ringkasan
