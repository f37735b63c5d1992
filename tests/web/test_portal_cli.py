"""``flask portal demo`` and ``flask portal register-client``."""

from __future__ import annotations

from portal_stub import create_app
from portal_stub.cli import DEMO_ACCOUNTS
from portal_stub.extensions import db
from portal_stub.models import AksesModul
from portal_stub.models import OAuth2Client
from portal_stub.models import Pegawai
from tests.conftest import make_test_config


def _app(database_url, tmp_path, **overrides):
    return create_app(make_test_config(database_url, tmp_path, SIPEKERJA_OIDC_CLIENT_SECRET="rahasia-demo",
                                       SIMPADU_DEMO_PASSWORD="sandi-demo-uji", **overrides))


def test_demo_creates_accounts_grants_and_client_and_is_idempotent(app, database_url, tmp_path):
    demo_app = _app(database_url, tmp_path, SIMPADU_BASE_URL="http://127.0.0.1:5000")
    runner = demo_app.test_cli_runner()

    first = runner.invoke(args=["portal", "demo"])
    second = runner.invoke(args=["portal", "demo"])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "kata sandi semua akun: sandi-demo-uji" in first.output
    assert "199306242015071002  Admin Perencanaan" in first.output
    with demo_app.app_context():
        assert db.session.query(Pegawai).count() == len(DEMO_ACCOUNTS) == 10
        grants = {(a.pegawai.nip, a.peran, a.unit_kode) for a in db.session.query(AksesModul)}
        assert ("199306242015071002", "utama", None) in grants
        assert {u for _, p, u in grants if p == "bidang"} == {
            "BKPSDM-SEKRETARIAT", "BKPSDM-PPIK", "BKPSDM-MUTASI", "BKPSDM-PKA", "BKPSDM-PENILAIAN"}
        assert [p for _, p, _ in grants].count("pimpinan") == 1
        assert ("196804151994031010", "admin_kabupaten", None) in grants
        admin = db.session.query(Pegawai).filter_by(is_admin=True).one()
        assert admin.check_password("sandi-demo-uji")
        client = db.session.query(OAuth2Client).filter_by(client_id="sipekerja").one()
        assert client.redirect_uris == ["http://127.0.0.1:5000/sipekerja/auth/callback"]
        assert client.client_metadata["post_logout_redirect_uris"] == ["http://127.0.0.1:5000/"]
        assert client.check_client_secret("rahasia-demo")


def test_register_client_stores_exact_uris(app, database_url, tmp_path):
    runner = _app(database_url, tmp_path).test_cli_runner()

    result = runner.invoke(args=["portal", "register-client", "aplikasi-lain", "--secret", "s3cr3t",
                                 "--redirect-uri", "https://lain.example/cb",
                                 "--post-logout-uri", "https://lain.example/"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        client = db.session.query(OAuth2Client).filter_by(client_id="aplikasi-lain").one()
        assert not client.check_redirect_uri("https://lain.example/cb/")
        assert client.check_redirect_uri("https://lain.example/cb")


def test_init_db_creates_the_portal_tables(tmp_path):
    portal_app = create_app(make_test_config("sqlite:///" + str(tmp_path / "baru.db"), tmp_path))

    result = portal_app.test_cli_runner().invoke(args=["portal", "init-db"])

    assert result.exit_code == 0, result.output
    with portal_app.app_context():
        assert db.session.query(Pegawai).count() == 0


def test_make_run_on_another_port_registers_the_redirect_uri_of_that_port(app, database_url, tmp_path, monkeypatch):
    """`make run PORT=5001` exports SIMPADU_BASE_URL=http://127.0.0.1:5001: `portal demo` then
    re-registers the module's client for that port, and the mounted module asks that issuer."""
    import subprocess

    keluaran = subprocess.run(["make", "-n", "run", "PORT=5001"], capture_output=True, text=True, check=True).stdout
    assert "--port 5001" in keluaran and "http://127.0.0.1:5001" in keluaran
    assert "portal demo" in keluaran  # the client is registered (again) before the server starts

    _app(database_url, tmp_path, SIMPADU_BASE_URL="http://127.0.0.1:5000").test_cli_runner().invoke(
        args=["portal", "demo"])
    monkeypatch.setenv("SIMPADU_BASE_URL", "http://127.0.0.1:5001")
    config = make_test_config(database_url, tmp_path, SIPEKERJA_OIDC_CLIENT_SECRET="rahasia-demo",
                              SIMPADU_DEMO_PASSWORD="sandi-demo-uji")
    config.pop("SIPEKERJA_OIDC_ISSUER", None)  # as in `make run`: the issuer follows SIMPADU_BASE_URL
    portal_5001 = create_app(config)
    assert portal_5001.config["SIMPADU_BASE_URL"] == "http://127.0.0.1:5001"
    assert portal_5001.config["SIPEKERJA_OIDC_ISSUER"] == "http://127.0.0.1:5001"
    result = portal_5001.test_cli_runner().invoke(args=["portal", "demo"])
    assert result.exit_code == 0, result.output
    assert "callback http://127.0.0.1:5001/sipekerja/auth/callback" in result.output
    with portal_5001.app_context():
        client = db.session.query(OAuth2Client).filter_by(client_id="sipekerja").one()
        assert client.redirect_uris == ["http://127.0.0.1:5001/sipekerja/auth/callback"]
