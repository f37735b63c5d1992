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
