"""The module installs into a host app as a well-behaved Flask extension."""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from portal_stub.extensions import db
from sipekerja_module import SIPekerja
from sipekerja_module.models import Base


def test_init_app_registers_blueprint_tile_config_and_state(app):
    assert "sipekerja" in app.blueprints
    assert app.extensions["sipekerja"]["extension"].__class__ is SIPekerja
    tiles = [t for t in app.extensions["simpadu_tiles"] if t["id"] == "sipekerja"]
    assert len(tiles) == 1
    assert tiles[0]["endpoint"] == "sipekerja.home"
    assert app.config["SIPEKERJA_CLAIM_NIP"] == "nip"
    assert all(rule.rule.startswith("/sipekerja") for rule in app.url_map.iter_rules()
               if rule.endpoint.startswith("sipekerja."))


def test_init_app_is_idempotent(app):
    SIPekerja().init_app(app)
    assert [t["id"] for t in app.extensions["simpadu_tiles"]].count("sipekerja") == 1


def test_module_reuses_the_hosts_sqlalchemy(app):
    assert app.extensions["sqlalchemy"] is db


def test_host_config_wins_over_module_defaults(tmp_path):
    host = Flask(__name__, instance_path=str(tmp_path))
    host.config["SIPEKERJA_CLAIM_ROLES"] = "resource_access.sipekerja.roles"
    host.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    host_db = SQLAlchemy(host)
    SIPekerja(host)
    assert host.config["SIPEKERJA_CLAIM_ROLES"] == "resource_access.sipekerja.roles"
    assert host.extensions["sqlalchemy"] is host_db


def test_stand_alone_app_gets_exactly_one_sqlalchemy(tmp_path):
    host = Flask(__name__, instance_path=str(tmp_path))
    SIPekerja(host)
    assert "sqlalchemy" in host.extensions
    assert host.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


def test_every_module_table_is_prefixed():
    names = list(Base.metadata.tables)
    assert names
    assert [n for n in names if not n.startswith("sipekerja_")] == []


def test_module_never_imports_portal_stub():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "sipekerja_module"
    offenders = [str(p) for p in root.rglob("*.py") if "portal_stub" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_portal_allow_list_controls_installed_modules(database_url, tmp_path):
    from portal_stub import create_app
    from tests.conftest import make_test_config

    app = create_app(make_test_config(database_url, tmp_path, SIMPADU_MODULES=[]))
    assert "sipekerja" not in app.blueprints
    assert app.extensions.get("simpadu_tiles", []) == []
