"""The Alembic history builds exactly the models' schema, and tears it down again."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade
from flask_migrate import upgrade
from sqlalchemy import create_engine
from sqlalchemy import inspect

from portal_stub import create_app
from portal_stub.extensions import db
from sipekerja_module import MIGRATIONS_DIR
from sipekerja_module.models import Base
from tests.conftest import make_test_config

MIGRATION_DB_ENV = "SIPEKERJA_TEST_MIGRATION_DATABASE_URL"


@pytest.fixture
def empty_database_url(tmp_path):
    url = os.environ.get(MIGRATION_DB_ENV) or "sqlite:///" + str(tmp_path / "migrations.db")
    engine = create_engine(url)
    with engine.begin() as conn:
        leftovers = [n for n in inspect(conn).get_table_names() if n.startswith("sipekerja_")]
    engine.dispose()
    assert leftovers == [], "the migration test needs an empty database"
    yield url


def _sipekerja_tables(conn) -> set[str]:
    return {n for n in inspect(conn).get_table_names() if n.startswith("sipekerja_")}


def test_upgrade_matches_models_and_downgrade_removes_everything(empty_database_url, tmp_path):
    app = create_app(make_test_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR)
        with db.engine.connect() as conn:
            assert _sipekerja_tables(conn) == set(Base.metadata.tables) | {"sipekerja_alembic_version"}
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "version_table": "sipekerja_alembic_version",
                    "include_name": lambda name, type_, parents: type_ != "table" or name.startswith("sipekerja_"),
                },
            )
            assert compare_metadata(context, Base.metadata) == []

        downgrade(directory=MIGRATIONS_DIR, revision="base")
        with db.engine.connect() as conn:
            assert _sipekerja_tables(conn) == {"sipekerja_alembic_version"}
        db.engine.dispose()


@pytest.fixture
def database_url_sesudah_turun(tmp_path):
    """Like ``empty_database_url``, after a test that went down to base in the same configured
    database: only its (empty) version table may be left, and it is dropped."""
    url = os.environ.get(MIGRATION_DB_ENV) or "sqlite:///" + str(tmp_path / "migrations.db")
    engine = create_engine(url)
    with engine.begin() as conn:
        if "sipekerja_alembic_version" in inspect(conn).get_table_names():
            conn.exec_driver_sql("DROP TABLE sipekerja_alembic_version")
        leftovers = [n for n in inspect(conn).get_table_names() if n.startswith("sipekerja_")]
    engine.dispose()
    assert leftovers == [], "the migration test needs an empty database"
    yield url


def test_reference_data_migration_keeps_todays_rows_as_the_kabupaten_default(database_url_sesudah_turun, tmp_path):
    """Issue 18: the global windows, scale and satuan become the kabupaten default (no agency), so every
    agency reads what it read before; the downgrade drops agency windows and scales and keeps an agency's
    satuan (indicators may use it) as a shared row, renamed where its name is on the kabupaten list."""
    from sqlalchemy import text

    app = create_app(make_test_config(database_url_sesudah_turun, tmp_path))
    with app.app_context():
        upgrade(directory=MIGRATIONS_DIR, revision="f5b8d2e0c3a6")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO sipekerja_perangkat_daerah (id, kode, nama, aktif, versi_data, created_dt, "
                              "updated_dt) VALUES (1, 'BKPSDM', 'BKPSDM', true, 0, '2024-01-01', '2024-01-01')"))
            conn.execute(text("INSERT INTO sipekerja_tahun (id, tahun, aktif, created_dt, updated_dt) "
                              "VALUES (1, 2024, true, '2024-01-01', '2024-01-01')"))
            conn.execute(text("INSERT INTO sipekerja_jendela_input (id, tahun_id, triwulan, dibuka_dt, ditutup_dt, "
                              "status, version, created_dt, updated_dt) VALUES (1, 1, 1, '2024-01-01', '2024-04-30', "
                              "'terbuka', 1, '2024-01-01', '2024-01-01')"))
            conn.execute(text("INSERT INTO sipekerja_satuan (id, nama, aktif) VALUES (1, 'Dokumen', true)"))
            conn.execute(text("INSERT INTO sipekerja_skala_predikat (id, nama, aktif, created_dt, updated_dt) "
                              "VALUES (1, 'Permendagri 86/2017', true, '2024-01-01', '2024-01-01')"))
        upgrade(directory=MIGRATIONS_DIR, revision="c3e5a7b9d1f2")
        with db.engine.begin() as conn:
            for tabel in ("sipekerja_jendela_input", "sipekerja_satuan", "sipekerja_skala_predikat"):
                assert conn.execute(text(f"SELECT perangkat_daerah_id FROM {tabel}")).scalars().all() == [None], tabel
            # An agency's own rows, as the services write them.
            conn.execute(text("INSERT INTO sipekerja_jendela_input (id, tahun_id, triwulan, perangkat_daerah_id, "
                              "dibuka_dt, ditutup_dt, status, version, created_dt, updated_dt) VALUES (2, 1, 1, 1, "
                              "'2024-01-01', '2024-05-15', 'terbuka', 1, '2024-01-01', '2024-01-01')"))
            conn.execute(text("INSERT INTO sipekerja_satuan (id, nama, aktif, perangkat_daerah_id) "
                              "VALUES (2, 'Dokumen', true, 1), (3, 'Buku Saku', true, 1)"))
            conn.execute(text("INSERT INTO sipekerja_skala_predikat (id, nama, aktif, perangkat_daerah_id, created_dt, "
                              "updated_dt) VALUES (2, 'Skala BKPSDM', true, 1, '2024-01-01', '2024-01-01')"))
        downgrade(directory=MIGRATIONS_DIR, revision="f5b8d2e0c3a6")
        with db.engine.begin() as conn:
            assert conn.execute(text("SELECT id FROM sipekerja_jendela_input")).scalars().all() == [1]
            assert conn.execute(text("SELECT id FROM sipekerja_skala_predikat")).scalars().all() == [1]
            assert sorted(conn.execute(text("SELECT nama FROM sipekerja_satuan")).scalars().all()) == [
                "Buku Saku", "Dokumen", "Dokumen (BKPSDM)"]
        downgrade(directory=MIGRATIONS_DIR, revision="base")
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE sipekerja_alembic_version")  # the database is left empty
        db.engine.dispose()
