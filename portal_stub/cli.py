"""``flask portal …`` commands: the portal's tables, demo accounts and OIDC client registration."""

from __future__ import annotations

import os
import secrets

import click
from flask import Flask
from flask import current_app
from flask.cli import with_appcontext

from . import akses as akses_service
from .extensions import db
from .models import Pegawai
from .oidc import issuer
from .oidc import register_client

cli_group = click.Group("portal", help="Perintah portal SIMPADU (stub).")

#: The module's client as the demo registers it (paths relative to ``SIMPADU_BASE_URL``).
SIPEKERJA_CLIENT_ID = "sipekerja"
SIPEKERJA_CALLBACK_PATH = "/sipekerja/auth/callback"

#: (NIP, nama, jabatan, unit kode, portal admin, SIPEKERJA role, unit of the role)
DEMO_ACCOUNTS = (
    ("198501012010011001", "Admin Portal SIMPADU", "Pranata Komputer", "BKPSDM", True, None, None),
    ("199306242015071002", "Admin Perencanaan", "Kasubbag Perencanaan dan Keuangan", "BKPSDM-SEKRETARIAT", False,
     "utama", None),
    ("198703152010012003", "Operator Sekretariat", "Pengelola Keuangan", "BKPSDM-SEKRETARIAT", False, "bidang",
     "BKPSDM-SEKRETARIAT"),
    ("199001102014031004", "Operator Bidang PPIK", "Analis SDM Aparatur", "BKPSDM-PPIK", False, "bidang",
     "BKPSDM-PPIK"),
    ("198811202012121005", "Operator Bidang Mutasi", "Analis Mutasi", "BKPSDM-MUTASI", False, "bidang",
     "BKPSDM-MUTASI"),
    ("199205052015032006", "Operator Bidang PKA", "Analis Kepegawaian", "BKPSDM-PKA", False, "bidang", "BKPSDM-PKA"),
    ("198912122014021007", "Operator Bidang Penilaian", "Analis Kinerja", "BKPSDM-PENILAIAN", False, "bidang",
     "BKPSDM-PENILAIAN"),
    ("197504121998031008", "Kepala BKPSDM", "Kepala Badan", "BKPSDM", False, "pimpinan", None),
    ("196804151994031010", "Admin Kabupaten SIPEKERJA", "Analis Kebijakan Bagian Organisasi Setda", None, False,
     "admin_kabupaten", None),
    ("199508172019031009", "Pegawai Tanpa Akses", "Pengadministrasi Umum", "BKPSDM-MUTASI", False, None, None),
)


def client_secret_path(app: Flask, client_id: str) -> str:
    """Where the generated secret of ``client_id`` is kept (``instance/``, mode 0600)."""
    return os.path.join(app.instance_path, f"oidc_client_{client_id}.secret")


def read_client_secret(app: Flask, client_id: str) -> str | None:
    """The stored secret of ``client_id``, or None when none was generated yet."""
    path = client_secret_path(app, client_id)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read().strip() or None


def _ensure_client_secret(app: Flask, client_id: str) -> str:
    configured = app.config.get("SIPEKERJA_OIDC_CLIENT_SECRET") if client_id == SIPEKERJA_CLIENT_ID else None
    secret = configured or read_client_secret(app, client_id)
    if secret is None:
        secret = secrets.token_urlsafe(32)
        fd = os.open(client_secret_path(app, client_id), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secret)
    return secret


@cli_group.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create the portal's tables (the module's come from ``flask db upgrade``)."""
    db.create_all()
    click.echo("Tabel portal siap.")


@cli_group.command("register-client")
@click.argument("client_id")
@click.option("--redirect-uri", "redirect_uris", multiple=True, required=True, help="URI callback yang persis.")
@click.option("--post-logout-uri", "post_logout_uris", multiple=True, help="URI tujuan setelah keluar.")
@click.option("--secret", default=None, help="Rahasia klien; dibuat acak bila kosong.")
@click.option("--scope", default="openid profile simpadu", show_default=True)
@with_appcontext
def register_client_command(client_id: str, redirect_uris: tuple[str, ...], post_logout_uris: tuple[str, ...],
                            secret: str | None, scope: str) -> None:
    """Register (or update) a relying party with exact redirect URIs."""
    app = current_app._get_current_object()
    secret = secret or _ensure_client_secret(app, client_id)
    register_client(client_id=client_id, client_secret=secret, redirect_uris=redirect_uris,
                    post_logout_redirect_uris=post_logout_uris, scope=scope)
    db.session.commit()
    click.echo(f"Klien {client_id} terdaftar di penerbit {issuer(app)}.")
    click.echo(f"  redirect_uri: {', '.join(redirect_uris)}")
    if post_logout_uris:
        click.echo(f"  post_logout_redirect_uri: {', '.join(post_logout_uris)}")
    click.echo(f"  rahasia: {client_secret_path(app, client_id)} (atau opsi --secret)")


@cli_group.command("demo")
@with_appcontext
def demo() -> None:
    """Create the demo accounts and register the SIPEKERJA client (safe to run again)."""
    app = current_app._get_current_object()
    password = app.config["SIMPADU_DEMO_PASSWORD"]
    for nip, nama, jabatan, unit, is_admin, peran, unit_peran in DEMO_ACCOUNTS:
        pegawai = db.session.query(Pegawai).filter_by(nip=nip).one_or_none()
        if pegawai is None:
            pegawai = akses_service.tambah_pegawai(nip=nip, nama=nama, jabatan=jabatan, unit_kode=unit,
                                                   password=password, is_admin=is_admin, oleh=None)
        else:
            pegawai.set_password(password)
        if peran:
            akses_service.beri_akses(pegawai=pegawai, modul=SIPEKERJA_CLIENT_ID, peran=peran, unit_kode=unit_peran,
                                     oleh=None)
    base = issuer(app)
    secret = _ensure_client_secret(app, SIPEKERJA_CLIENT_ID)
    register_client(client_id=SIPEKERJA_CLIENT_ID, client_secret=secret,
                    redirect_uris=[base + SIPEKERJA_CALLBACK_PATH], post_logout_redirect_uris=[base + "/"],
                    client_name="SI PEKERJA")
    db.session.commit()
    app.config["SIPEKERJA_OIDC_CLIENT_SECRET"] = app.config.get("SIPEKERJA_OIDC_CLIENT_SECRET") or secret

    click.echo(f"Akun demo SIMPADU (kata sandi semua akun: {password})")
    click.echo(format_demo_accounts())
    click.echo(f"Klien OIDC {SIPEKERJA_CLIENT_ID}: callback {base + SIPEKERJA_CALLBACK_PATH}")


def format_demo_accounts() -> str:
    """The demo accounts as a fixed-width table (also pasted in docs/sso.md)."""
    label = {"utama": "Pengguna Utama", "bidang": "Sekretariat/Bidang", "pimpinan": "Pimpinan (lihat saja)",
             "admin_kabupaten": "Admin Kabupaten"}
    rows = [("NIP", "Nama", "Peran SIPEKERJA", "Unit")]
    for nip, nama, _jabatan, unit, is_admin, peran, unit_peran in DEMO_ACCOUNTS:
        peran_teks = label[peran] if peran else "—"
        if is_admin:
            peran_teks = "— (admin portal)"
        rows.append((nip, nama, peran_teks, unit_peran or unit or ""))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)
