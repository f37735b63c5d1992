"""Backup and restore (issue 17 item 5): ``flask sipekerja backup`` writes one archive that
``flask sipekerja restore`` puts back, on another database and engine, with identical reports.

The source is always a fresh SQLite file holding the demo (plus two more bukti dukung files, an
audit record and a position whose parent has a larger id). It is restored into a fresh SQLite file
(always) and into the configured test database when ``SIPEKERJA_TEST_DATABASE_URL`` names another
engine: SQLite → PostgreSQL in the PostgreSQL run of the suite, SQLite → MariaDB in the MariaDB run.
Identical means every table's rows, and the text of the PDFs and the cells of the XLSX of Target dan
Capaian Kerja, Laporan Pengukuran Kinerja (every triwulan) and Lampiran Perjanjian Kinerja, fetched
from both apps by the same Pengguna Utama.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timezone
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdf
import pytest
from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import Date
from sqlalchemy import Float
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import LargeBinary
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy import Time
from sqlalchemy import create_engine
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from portal_stub import create_app
from portal_stub.extensions import db
from sipekerja_module.models import Base
from sipekerja_module.models import BuktiDukung
from sipekerja_module.models import Indikator
from sipekerja_module.models import Jabatan
from sipekerja_module.models import Pengguna
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import Satuan
from sipekerja_module.models import UnitKerja
from sipekerja_module.models.base import Uang
from sipekerja_module.models.base import Ukuran
from sipekerja_module.models.base import UTCDateTime
from sipekerja_module.seed.demo import load_demo
from sipekerja_module.services.audit import record_audit
from sipekerja_module.services.bukti import path_berkas
from sipekerja_module.services.bukti import tulis_berkas
from sipekerja_module.services.cadangan import MANIFEST
from sipekerja_module.services.cadangan import CadanganDitolak
from sipekerja_module.services.cadangan import ke_json
from sipekerja_module.services.cadangan import pulihkan_cadangan
from sipekerja_module.services.penyimpanan import PenyimpananGagal
from tests import berkas_contoh
from tests import factories as f
from tests.conftest import all_metadata
from tests.conftest import make_test_config
from tests.masuk import masuk

#: Every report the round trip compares: (URL, kind).
LAPORAN = [
    ("/sipekerja/laporan/target-capaian/pdf?tahun=2024", "pdf"),
    ("/sipekerja/laporan/target-capaian/xlsx?tahun=2024", "xlsx"),
    *[(f"/sipekerja/laporan/pengukuran/{jenis}?tahun=2024&periode=tw{t}", jenis)
      for t in range(1, 5) for jenis in ("pdf", "xlsx")],
    ("/sipekerja/laporan/lampiran-pk/pdf?tahun=2024", "pdf"),
    ("/sipekerja/laporan/lampiran-pk/xlsx?tahun=2024", "xlsx"),
]


@dataclass
class Sumber:
    app: object
    arsip: Path
    utama_id: int
    #: Every table's rows as JSON values at backup time, in primary-key order.
    baris: dict[str, list[dict]]
    laporan: list


def _baris_semua(conn) -> dict[str, list[dict]]:
    hasil = {}
    for tabel in Base.metadata.sorted_tables:
        kolom = [k.name for k in tabel.columns]
        rows = conn.execute(select(tabel).order_by(*tabel.primary_key.columns))
        hasil[tabel.name] = [{n: ke_json(v) for n, v in zip(kolom, r)} for r in rows]
    return hasil


def _laporan(app, pengguna_id: int) -> list:
    """The text of every page of each PDF and the values of every cell of each XLSX."""
    client = app.test_client()
    with app.app_context():
        masuk(client, db.session.get(Pengguna, pengguna_id))
    isi = []
    for url, jenis in LAPORAN:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if jenis == "pdf":
            isi.append([h.extract_text() for h in pypdf.PdfReader(io.BytesIO(response.data)).pages])
        else:
            buku = openpyxl.load_workbook(io.BytesIO(response.data))
            isi.append({ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in buku.worksheets})
    return isi


def _app_sqlite_baru(folder: Path):
    """An app on a fresh SQLite file with the portal's and the module's (empty) tables."""
    folder.mkdir(parents=True, exist_ok=True)
    url = "sqlite:///" + str(folder / "sipekerja.db")
    app = create_app(make_test_config(url, folder))
    engine = create_engine(url)
    for metadata in all_metadata():
        metadata.create_all(engine)
    engine.dispose()
    return app


def _isi_sumber(app) -> int:
    """The demo, its Pengguna Utama and a few rows that make the round trip harder; returns the Utama's id."""
    with app.app_context():
        load_demo(tahun=2024)
        units = {u.kode: u for u in db.session.execute(select(UnitKerja)).scalars()}
        utama = f.create_pengguna("199306242015071002", ("utama",), units["BKPSDM-SEKRETARIAT"])
        # Two more evidence files on reported months of Bidang PPIK.
        realisasi = db.session.execute(
            select(RealisasiKinerja).join(Indikator, Indikator.id == RealisasiKinerja.indikator_id)
            .where(RealisasiKinerja.nilai.is_not(None), Indikator.unit_kerja_id == units["BKPSDM-PPIK"].id)
            .order_by(RealisasiKinerja.id).limit(2)).scalars().all()
        for r, data, mime in zip(realisasi, (berkas_contoh.png(), berkas_contoh.jpeg()), ("image/png", "image/jpeg")):
            db.session.add(BuktiDukung(indikator_id=r.indikator_id, bulan=r.bulan, sha256=tulis_berkas(data),
                                       nama_asli=f"foto-{r.bulan}.{mime[6:]}", mime=mime, ukuran=len(data),
                                       diunggah_oleh_id=utama.id))
        # A position created before its parent: restore must not insert it first with its parent id.
        kepala = db.session.execute(select(Jabatan).where(Jabatan.parent_id.is_(None))).scalars().first()
        anak = Jabatan(perangkat_daerah_id=kepala.perangkat_daerah_id, tahun_id=kepala.tahun_id,
                       parent_id=kepala.id, nama="Analis Kebijakan Uji Cadangan")
        db.session.add(anak)
        db.session.flush()
        induk = Jabatan(perangkat_daerah_id=kepala.perangkat_daerah_id, tahun_id=kepala.tahun_id,
                        parent_id=kepala.id, nama="Kepala Subbagian Uji Cadangan")
        db.session.add(induk)
        db.session.flush()
        anak.parent_id = induk.id
        satuan = db.session.execute(select(Satuan).order_by(Satuan.id)).scalars().first()
        record_audit(pengguna=utama, aksi="uji_cadangan", objek=satuan, sebelum=None,
                     sesudah={"nama": satuan.nama, "catatan": "nilai 1,5 — ✓"})
        db.session.commit()
        return utama.id


@pytest.fixture(scope="module")
def sumber(tmp_path_factory) -> Sumber:
    """A fresh SQLite database with the demo and more, backed up with the CLI."""
    folder = tmp_path_factory.mktemp("sumber")
    app = _app_sqlite_baru(folder)
    utama_id = _isi_sumber(app)
    arsip = folder / "cadangan-sipekerja.zip"
    hasil = app.test_cli_runner().invoke(args=["sipekerja", "backup", str(arsip)])
    assert hasil.exit_code == 0, hasil.output
    assert "Cadangan ditulis" in hasil.output
    with app.app_context():
        with db.engine.connect() as conn:
            baris = _baris_semua(conn)
    # The reports last: signing in writes a sign-in record, after the backup.
    sumber = Sumber(app=app, arsip=arsip, utama_id=utama_id, baris=baris, laporan=_laporan(app, utama_id))
    yield sumber
    with app.app_context():
        db.engine.dispose()


def _pulihkan_cli(app, arsip: Path):
    return app.test_cli_runner().invoke(args=["sipekerja", "restore", str(arsip)])


def _jumlah_baris(app) -> dict[str, int]:
    with app.app_context(), db.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar() for t in Base.metadata.sorted_tables}


def _berkas_tersimpan(app) -> list[str]:
    folder = app.config["SIPEKERJA_STORAGE_DIR"]
    return sorted(nama for _, _, semua in os.walk(folder) for nama in semua) if os.path.isdir(folder) else []


def _buktikan_pulih_sama(sumber: Sumber, app) -> None:
    """Every table's rows, every evidence file and every report of ``app`` equal the source's."""
    with app.app_context(), db.engine.connect() as conn:
        assert _baris_semua(conn) == sumber.baris
    with zipfile.ZipFile(sumber.arsip) as arsip:
        manifest = json.loads(arsip.read(MANIFEST))
    assert len(manifest["files"]) == 3  # the demo's PDF, a PNG and a JPEG
    with app.app_context():
        for catatan in manifest["files"]:
            with open(path_berkas(catatan["sha256"]), "rb") as berkas:
                assert hashlib.sha256(berkas.read()).hexdigest() == catatan["sha256"]
    assert _laporan(app, sumber.utama_id) == sumber.laporan


def _buktikan_id_baru_tidak_bentrok(app) -> None:
    """A row added after the restore gets an id above every restored one: on PostgreSQL exactly the
    next (its sequences were moved); MariaDB's AUTO_INCREMENT never goes below max(id)+1 but keeps
    any higher value an earlier use of the table left (DELETE does not lower it)."""
    with app.app_context():
        terbesar = db.session.execute(select(func.max(Satuan.id))).scalar()
        baru = Satuan(nama="Satuan setelah pemulihan")
        db.session.add(baru)
        db.session.commit()
        assert baru.id > terbesar
        if db.engine.dialect.name == "postgresql":
            assert baru.id == terbesar + 1


def test_the_archive_holds_every_module_table_the_evidence_and_a_manifest_with_checksums(sumber):
    with zipfile.ZipFile(sumber.arsip) as arsip:
        manifest = json.loads(arsip.read(MANIFEST))
        assert manifest["format_version"] == 1 and manifest["app_version"]
        assert datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
        assert [t["name"] for t in manifest["tables"]] == [t.name for t in Base.metadata.sorted_tables]
        for catatan in manifest["tables"]:
            isi = arsip.read(catatan["file"])
            assert hashlib.sha256(isi).hexdigest() == catatan["sha256"] and len(isi) == catatan["size"]
            rows = json.loads(isi)  # plain JSON, one array of objects per table
            assert len(rows) == catatan["rows"] == len(sumber.baris[catatan["name"]])
            assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
        for catatan in manifest["files"]:
            assert hashlib.sha256(arsip.read(catatan["file"])).hexdigest() == catatan["sha256"]
        # Exactly the module's tables: the portal's are the host's, never in the archive.
        assert {n for n in arsip.namelist() if n.startswith("tabel/")} == {
            f"tabel/{nama}.json" for nama in Base.metadata.tables}
        assert not set(db.metadata.tables) & {t["name"] for t in manifest["tables"]}
        realisasi = json.loads(arsip.read("tabel/sipekerja_realisasi_kinerja.json"))
    terisi = next(r for r in realisasi if r["nilai"] is not None)
    assert isinstance(terisi["nilai"], str)  # Decimal as its exact string
    assert terisi["created_dt"].endswith("+00:00")  # ISO 8601 in UTC


def test_restore_into_a_fresh_sqlite_database_gives_the_same_rows_files_and_reports(sumber, tmp_path):
    app = _app_sqlite_baru(tmp_path)
    hasil = _pulihkan_cli(app, sumber.arsip)
    assert hasil.exit_code == 0, hasil.output
    assert "dipulihkan" in hasil.output
    _buktikan_pulih_sama(sumber, app)
    _buktikan_id_baru_tidak_bentrok(app)
    with app.app_context():
        db.engine.dispose()


def test_restore_into_the_configured_database_of_another_engine_gives_the_same_rows_files_and_reports(
        sumber, app, database_url):
    """SQLite → PostgreSQL or SQLite → MariaDB, whichever ``SIPEKERJA_TEST_DATABASE_URL`` names."""
    if database_url.startswith("sqlite"):
        pytest.skip("the configured test database is SQLite: the fresh-SQLite round trip covers it")
    hasil = _pulihkan_cli(app, sumber.arsip)
    assert hasil.exit_code == 0, hasil.output
    _buktikan_pulih_sama(sumber, app)
    _buktikan_id_baru_tidak_bentrok(app)


def _arsip_diubah(asal: Path, tujuan: Path, anggota: str, ubah) -> Path:
    """A copy of the archive with one member's bytes changed (a valid ZIP: only the checksum can tell)."""
    with zipfile.ZipFile(asal) as lama, zipfile.ZipFile(tujuan, "w", zipfile.ZIP_DEFLATED) as baru:
        for info in lama.infolist():
            isi = lama.read(info)
            baru.writestr(info, ubah(isi) if info.filename == anggota else isi)
    return tujuan


def test_a_tampered_archive_is_refused_before_anything_is_written(sumber, tmp_path):
    def satu_byte(isi: bytes) -> bytes:
        i = isi.index(b'"nilai":"') + len(b'"nilai":"')  # a digit of the first value
        return isi[:i] + (b"9" if isi[i:i + 1] != b"9" else b"8") + isi[i + 1:]

    rusak = _arsip_diubah(sumber.arsip, tmp_path / "rusak.zip", "tabel/sipekerja_realisasi_kinerja.json", satu_byte)
    app = _app_sqlite_baru(tmp_path / "tujuan")
    hasil = _pulihkan_cli(app, rusak)
    assert hasil.exit_code == 1
    assert "Checksum tabel/sipekerja_realisasi_kinerja.json tidak cocok" in hasil.output
    assert set(_jumlah_baris(app).values()) == {0}
    assert _berkas_tersimpan(app) == []
    with app.app_context():
        db.engine.dispose()


def test_a_tampered_evidence_file_is_refused_too(sumber, tmp_path):
    with zipfile.ZipFile(sumber.arsip) as arsip:
        anggota = json.loads(arsip.read(MANIFEST))["files"][0]["file"]
    rusak = _arsip_diubah(sumber.arsip, tmp_path / "rusak.zip", anggota, lambda isi: isi[:-1] + bytes([isi[-1] ^ 1]))
    app = _app_sqlite_baru(tmp_path / "tujuan")
    with app.app_context(), pytest.raises(CadanganDitolak, match="Checksum bukti/"):
        pulihkan_cadangan(rusak, engine=db.engine, storage=app.config["SIPEKERJA_STORAGE_DIR"])
    assert set(_jumlah_baris(app).values()) == {0}
    assert _berkas_tersimpan(app) == []
    with app.app_context():
        db.engine.dispose()


def test_restore_into_a_database_that_has_module_rows_is_refused_and_changes_nothing(sumber, tmp_path):
    app = _app_sqlite_baru(tmp_path)
    with app.app_context():
        db.session.add(Satuan(nama="Sudah ada"))
        db.session.commit()
    hasil = _pulihkan_cli(app, sumber.arsip)
    assert hasil.exit_code == 1
    assert "Basis data tujuan tidak kosong: tabel sipekerja_satuan sudah berisi data" in hasil.output
    assert {n: j for n, j in _jumlah_baris(app).items() if j} == {"sipekerja_satuan": 1}
    assert _berkas_tersimpan(app) == []
    with app.app_context():
        db.engine.dispose()


def test_restore_into_a_schema_of_another_alembic_revision_is_refused(sumber, tmp_path):
    app = _app_sqlite_baru(tmp_path)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE sipekerja_alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
            conn.execute(text("INSERT INTO sipekerja_alembic_version VALUES ('c77e4f37f37a')"))
    hasil = _pulihkan_cli(app, sumber.arsip)
    assert hasil.exit_code == 1
    assert "Revisi skema arsip (tanpa revisi) berbeda dengan revisi basis data (c77e4f37f37a)" in hasil.output
    assert set(_jumlah_baris(app).values()) == {0}
    with app.app_context():
        db.engine.dispose()


def test_backup_never_overwrites_an_existing_file(sumber):
    hasil = sumber.app.test_cli_runner().invoke(args=["sipekerja", "backup", str(sumber.arsip)])
    assert hasil.exit_code == 1
    assert "sudah ada" in hasil.output
    assert zipfile.ZipFile(sumber.arsip).testzip() is None


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    palsu = tmp_path / "bukan.zip"
    palsu.write_bytes(b"bukan arsip")
    with pytest.raises(CadanganDitolak, match="tidak dapat dibaca sebagai ZIP"):
        pulihkan_cadangan(palsu, engine=None, storage=str(tmp_path))
    with zipfile.ZipFile(tmp_path / "lain.zip", "w") as arsip:
        arsip.writestr("manifest.json", json.dumps({"format": "lain"}))
    with pytest.raises(CadanganDitolak, match="bukan cadangan SI PEKERJA"):
        pulihkan_cadangan(tmp_path / "lain.zip", engine=None, storage=str(tmp_path))


def test_values_are_written_in_portable_json():
    assert ke_json(Decimal("1234567.8900")) == "1234567.8900"
    assert ke_json(datetime(2024, 4, 30, 15, 59, 59, 999999, tzinfo=timezone.utc)) == "2024-04-30T15:59:59.999999+00:00"
    assert ke_json(b"\x00\xff") == "AP8="


def test_a_failure_while_copying_the_evidence_leaves_no_row_and_no_file(sumber, tmp_path, monkeypatch):
    app = _app_sqlite_baru(tmp_path)
    asli = os.replace
    panggilan = []

    def replace_gagal_kedua(a, b):
        panggilan.append(b)
        if len(panggilan) == 2:
            raise OSError(28, "No space left on device")
        asli(a, b)

    monkeypatch.setattr(os, "replace", replace_gagal_kedua)
    with app.app_context(), pytest.raises(PenyimpananGagal, match="menolak menyimpan.*No space left"):
        pulihkan_cadangan(sumber.arsip, engine=db.engine, storage=app.config["SIPEKERJA_STORAGE_DIR"])
    monkeypatch.undo()
    assert len(panggilan) == 2  # the first file had been copied
    assert set(_jumlah_baris(app).values()) == {0}
    assert _berkas_tersimpan(app) == []
    with app.app_context():
        db.engine.dispose()


def test_a_damaged_evidence_file_does_not_stop_the_backup_and_is_not_restored(tmp_path):
    app = _app_sqlite_baru(tmp_path / "sumber")
    with app.app_context():
        baik = tulis_berkas(berkas_contoh.pdf())
        rusak = path_berkas("ab" + "0" * 62)
    os.makedirs(os.path.dirname(rusak))
    Path(rusak).write_bytes(b"isinya bukan yang dinamai")
    arsip = tmp_path / "cadangan.zip"
    hasil = app.test_cli_runner().invoke(args=["sipekerja", "backup", str(arsip)])
    assert hasil.exit_code == 0, hasil.output
    assert "Peringatan: 1 berkas di folder bukti dukung rusak" in hasil.output
    manifest = json.loads(zipfile.ZipFile(arsip).read(MANIFEST))
    assert [b["sha256"] for b in manifest["files"]] == [baik]
    assert manifest["corrupt_files"] == ["bukti/ab/ab" + "0" * 62]
    tujuan = _app_sqlite_baru(tmp_path / "tujuan")
    assert _pulihkan_cli(tujuan, arsip).exit_code == 0
    assert _berkas_tersimpan(tujuan) == [baik]
    for a in (app, tujuan):
        with a.app_context():
            db.engine.dispose()


def test_a_table_added_later_is_backed_up_and_restored_with_every_column_type(app, tmp_path):
    """Generic over the metadata: a table another feature adds is in the archive without any change
    here, and every column type comes back as it was, on the configured engine too."""
    tabel = Table("sipekerja_uji_cadangan", Base.metadata,
                  Column("id", Integer, primary_key=True),
                  Column("induk_id", Integer, ForeignKey("sipekerja_uji_cadangan.id")),
                  Column("tanggal", Date), Column("jam", Time), Column("saat", UTCDateTime()),
                  Column("uang", Uang), Column("ukuran", Ukuran), Column("rasio", Float), Column("aktif", Boolean),
                  Column("isi", LargeBinary), Column("data", JSON), Column("teks", Text), Column("kode", String(16)))
    baris = [
        {"id": 1, "induk_id": 2, "tanggal": date(2024, 2, 29), "jam": time(23, 59, 59),
         "saat": datetime(2024, 4, 30, 15, 59, 59, 999999, tzinfo=timezone.utc), "uang": Decimal("1234567890.12"),
         "ukuran": Decimal("-0.0001"), "rasio": 1.25, "aktif": True, "isi": b"\x00\xff\x10",
         "data": {"b": [1, "dua", None], "a": {"c": 1.5}}, "teks": "Penjelasan ✓ — \"kutip\"\nbaris", "kode": "5.03"},
        {"id": 2, "induk_id": None, "tanggal": None, "jam": None, "saat": None, "uang": None, "ukuran": None,
         "rasio": None, "aktif": False, "isi": None, "data": None, "teks": None, "kode": None},
    ]
    sumber_app = None
    try:
        sumber_app = _app_sqlite_baru(tmp_path / "sumber")
        with sumber_app.app_context():
            with db.engine.begin() as conn:
                conn.execute(tabel.insert(), baris)
            with db.engine.connect() as conn:
                diharapkan = _baris_semua(conn)["sipekerja_uji_cadangan"]
        arsip = tmp_path / "cadangan.zip"
        assert sumber_app.test_cli_runner().invoke(args=["sipekerja", "backup", str(arsip)]).exit_code == 0
        with app.app_context():
            tabel.create(db.engine)
        hasil = _pulihkan_cli(app, arsip)
        assert hasil.exit_code == 0, hasil.output
        with app.app_context():
            with db.engine.connect() as conn:
                assert _baris_semua(conn)["sipekerja_uji_cadangan"] == diharapkan
            with db.engine.begin() as conn:
                conn.execute(tabel.insert(), {"kode": "baru"})
                assert conn.execute(select(tabel.c.id).where(tabel.c.kode == "baru")).scalar() == 3
    finally:
        with app.app_context():
            tabel.drop(db.engine, checkfirst=True)
        Base.metadata.remove(tabel)
        if sumber_app is not None:
            with sumber_app.app_context():
                db.engine.dispose()
