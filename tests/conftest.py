"""Shared fixtures: a real database (SQLite file by default, or the URL in
``SIPEKERJA_TEST_DATABASE_URL``), the portal app with the module installed, and clients.

The schema is created once per session; every test then starts from empty tables. Fixtures that
need the demo agency restore a snapshot taken once per session (:func:`buat_cetakan`,
tests/cetakan.py) instead of loading it again for every test.

Two things serve `.ci/run`, whose second stage runs the suite again on PostgreSQL and MariaDB:
the tests of ``tests/unit/`` are marked ``no_db`` (they never open a database, so that stage
deselects them), and :func:`jumlah_contoh` lets that stage draw fewer hypothesis examples in the
database-backed property tests (SQLite keeps the full count).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy import text

from portal_stub import create_app
from portal_stub.extensions import db
from sipekerja_module.models import Base
from tests.cetakan import Cetakan

TEST_DB_ENV = "SIPEKERJA_TEST_DATABASE_URL"
#: Fraction (0 < f <= 1) of its own example count a database-backed property test draws.
EXAMPLES_ENV = "SIPEKERJA_TEST_EXAMPLE_FRACTION"
#: Pure tests: no app, no database (`make lint` keeps the domain free of frameworks).
TANPA_DB = "tests/unit/"


def jumlah_contoh(n: int) -> int:
    """``n`` hypothesis examples, scaled by ``SIPEKERJA_TEST_EXAMPLE_FRACTION`` (at least one).

    Only for property tests that go through the database: the SQLite run of `make test` keeps
    ``n``; `.ci/run` repeats them on PostgreSQL and MariaDB with a fraction of it."""
    pecahan = float(os.environ.get(EXAMPLES_ENV) or 1)
    if not 0 < pecahan <= 1:
        raise pytest.UsageError(f"{EXAMPLES_ENV} must be in (0, 1], not {pecahan}")
    return max(1, round(n * pecahan))


def pytest_collection_modifyitems(config, items):
    """Mark the pure tests ``no_db``; one that asks for the database is an error, not a test that
    `.ci/run` would silently leave out on PostgreSQL and MariaDB."""
    root = config.rootpath
    for item in items:
        if item.path.relative_to(root).as_posix().startswith(TANPA_DB):
            if "database_url" in item.fixturenames:
                raise pytest.UsageError(f"{item.nodeid} uses the database: it belongs outside {TANPA_DB}")
            item.add_marker(pytest.mark.no_db)


def all_metadata():
    """Portal tables and module tables: both live in the one database, as in production."""
    return (db.metadata, Base.metadata)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get(TEST_DB_ENV) or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    # Building an app once imports every model module, portal and module alike.
    create_app(make_test_config(database_url, tmp_path_factory.mktemp("schema")))
    engine = create_engine(database_url)
    _ENGINE_SESI.add(engine)
    for metadata in all_metadata():
        metadata.drop_all(engine)
    for metadata in all_metadata():
        metadata.create_all(engine)
    yield engine
    for metadata in all_metadata():
        metadata.drop_all(engine)
    engine.dispose()


def _empty_tables(engine) -> None:
    """Delete every row, and on PostgreSQL restart every sequence (ids count from 1 again, as
    ``TRUNCATE ... RESTART IDENTITY`` did). Only the tables holding a row are touched: most tests
    write a few, and PostgreSQL's TRUNCATE of every table cost seconds per test."""
    tables = [t for m in all_metadata() for t in m.sorted_tables]
    berisi = set(_tabel_berisi(engine, tables))
    with engine.begin() as conn:
        mysql = engine.dialect.name in ("mysql", "mariadb")
        if mysql and berisi:
            # MariaDB checks a self-referencing foreign key (node.parent_id) row by row
            # inside one DELETE; the whole table is going anyway.
            conn.execute(text("SET FOREIGN_KEY_CHECKS = 0"))
        for table in reversed(tables):
            if table in berisi:
                conn.execute(table.delete())
        if mysql and berisi:
            conn.execute(text("SET FOREIGN_KEY_CHECKS = 1"))
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false) "
                              "FROM pg_sequences WHERE schemaname = current_schema()"))


def _tabel_berisi(engine, tables) -> list:
    """The tables of ``tables`` that hold a row (one round trip)."""
    with engine.connect() as conn:
        ada = conn.execute(select(*[exists().select_from(t).label(f"t{i}") for i, t in enumerate(tables)])).one()
    return [t for t, isi in zip(tables, ada, strict=True) if isi]


def buat_cetakan(database_url: str, engine, folder, muat) -> Cetakan:
    """Run ``muat()`` once in an app context on the empty tables and keep what it committed as a
    snapshot (tests/cetakan.py), for fixtures that restore it per test instead of loading again."""
    tables = [t for m in all_metadata() for t in m.sorted_tables]
    if berisi := _tabel_berisi(engine, tables):
        raise RuntimeError(f"cetakan dibuat di atas tabel yang berisi: {[t.name for t in berisi]}")
    app = create_app(make_test_config(database_url, folder))
    with app.app_context():
        nilai = muat()
        db.session.remove()
        db.engine.dispose()
    return Cetakan.ambil(engine, tables, folder / "bukti", nilai, _empty_tables)


def make_test_config(database_url: str, tmp_path, **overrides) -> dict:
    """Configuration for a test app; CSRF stays on unless a test turns it off."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SIPEKERJA_STORAGE_DIR": str(tmp_path / "bukti"),
        "WTF_CSRF_ENABLED": False,
        # The issuer factories.create_pengguna uses; live SSO tests replace it with the real URL.
        "SIPEKERJA_OIDC_ISSUER": "http://portal.test",
    }
    config.update(overrides)
    return config


#: Every engine that opened a connection during the current test, held strongly until its end.
_ENGINE_TERHUBUNG: set[Engine] = set()
#: The session's own engines (the schema's): kept open across tests.
_ENGINE_SESI: set[Engine] = set()


@event.listens_for(Engine, "engine_connect")
def _catat_engine(connection) -> None:
    if connection.engine not in _ENGINE_SESI:
        _ENGINE_TERHUBUNG.add(connection.engine)


@pytest.fixture(autouse=True)
def _dispose_engines():
    """Close the pooled connections of every engine a test used (PostgreSQL warns about a
    connection garbage-collected while open, and the suite treats warnings as errors).

    Flask-SQLAlchemy keeps an app's engines only as long as the app lives (a weak mapping), and an
    app is freed by the cycle collector at a moment of its choosing: an app a test made and let go
    could be collected, its open connections with it, before this fixture ran, and the warning then
    failed whichever test the collector happened to run in. So every engine that connects is held
    here until the test's end and disposed then."""
    yield
    for engine in engine_akhir_tes():
        engine.dispose()
    _ENGINE_TERHUBUNG.clear()


def engine_akhir_tes() -> set[Engine]:
    """The engines :func:`_dispose_engines` disposes at the end of the current test: every engine
    that connected during it, and those of every app still alive."""
    return _ENGINE_TERHUBUNG | {e for engines in list(db._app_engines.values()) for e in engines.values()}


@pytest.fixture
def app(database_url, _schema, tmp_path):
    app = create_app(make_test_config(database_url, tmp_path))
    yield app
    with app.app_context():
        db.session.remove()
    _empty_tables(_schema)


@pytest.fixture
def session(app):
    """The host's SQLAlchemy session inside an application context, for service tests."""
    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


def _muat_demo_2024() -> None:
    from sipekerja_module.seed.demo import load_demo

    load_demo(tahun=2024)
    db.session.commit()


@pytest.fixture(scope="session")
def _cetakan_demo_2024(database_url, _schema, tmp_path_factory) -> Cetakan:
    """``load_demo(tahun=2024)`` committed, loaded once for the session and kept as a snapshot."""
    return buat_cetakan(database_url, _schema, tmp_path_factory.mktemp("cetakan_demo_2024"), _muat_demo_2024)


@pytest.fixture
def demo_2024(app, _schema, _cetakan_demo_2024) -> None:
    """The demo agency of ``load_demo(tahun=2024)``, committed: the session's snapshot restored (the
    same rows and ids as loading it; tests/integration/test_demo.py tests the loader itself)."""
    _cetakan_demo_2024.pulihkan(_schema, Path(app.config["SIPEKERJA_STORAGE_DIR"]))


@pytest.fixture(scope="session")
def _cetakan_demo(database_url, _schema, tmp_path_factory) -> Cetakan:
    """The demo and one user per role (``muat_demo`` of tests/web/fitur/conftest.py), loaded once for
    the session and kept as a snapshot: what every ``demo`` fixture restores. Here, not beside
    ``demo``, so that the test modules importing ``demo`` share this one session-wide."""
    from tests.web.fitur.conftest import muat_demo

    return buat_cetakan(database_url, _schema, tmp_path_factory.mktemp("cetakan_demo"), muat_demo)

