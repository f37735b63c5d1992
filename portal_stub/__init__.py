"""A small SIMPADU stand-in: the portal that hosts SI PEKERJA.

It owns the database, the portal sign-in and the tile grid, and installs every module
advertised in the ``simpadu.modules`` entry point group (filtered by ``SIMPADU_MODULES``).
The module never imports this package.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from importlib.metadata import entry_points
from typing import Any

from flask import Flask
from flask import Response
from flask import render_template
from werkzeug.middleware.proxy_fix import ProxyFix

from sipekerja_module.domain.nip import format_nip

from . import models  # noqa: F401  (registers the portal tables on db.metadata)
from .extensions import bootstrap
from .extensions import csrf
from .extensions import db
from .extensions import limiter
from .extensions import login_manager

#: The eleven tiles of the SIMPADU home, in the portal's order (DOMAIN.md).
PORTAL_TILES = (
    ("simpeg", "SIMPEG", "Sistem Informasi Manajemen Kepegawaian"),
    ("simtakah", "SIMTAKAH", "Sistem Informasi Tata Naskah"),
    ("e-kgb", "E-KGB", "Kenaikan Gaji Berkala Elektronik"),
    ("smart", "SMART", "Sistem Manajemen Talenta"),
    ("siap-aja", "SIAP-AJA", "Sistem Informasi Administrasi Pensiun"),
    ("sirana", "SIRANA", "Sistem Informasi Rencana Kebutuhan"),
    ("si-pesulap", "SI-PESULAP", "Sistem Informasi Pelayanan"),
    ("simuka", "SIMUKA", "Sistem Informasi Mutasi Kepegawaian"),
    ("simgrada", "SIMGRADA", "Sistem Informasi Kenaikan Pangkat"),
    ("simpel", "SIMPEL", "Sistem Informasi Pelatihan"),
    ("sipekerja", "SIPEKERJA", "Sistem Informasi Pengukuran Kinerja"),
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the portal application (flaskr-style factory).

    :param config: overrides applied after the defaults and ``SIMPADU_*`` environment
        variables; tests pass their database URL and secrets here.
    :return: the configured application with every allowed module installed
    """
    app = Flask(__name__, instance_relative_config=True, template_folder=_template_dir())
    app.config.from_mapping(_default_config(app))
    app.config.from_prefixed_env("SIMPADU")
    _full_name_env(app)
    if config:
        app.config.from_mapping(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(app)

    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["SIMPADU_RATELIMIT_STORAGE_URI"])
    _percayai_proksi(app)
    _wire_module_client(app)

    db.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    _init_login(app)

    from .oidc import init_provider

    init_provider(app)
    _install_modules(app)

    from . import admin
    from . import oidc_views
    from . import views
    from .cli import cli_group

    app.register_blueprint(views.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(oidc_views.bp)
    app.cli.add_command(cli_group)
    _register_error_pages(app)
    app.add_template_filter(format_nip, "format_nip")
    app.after_request(_security_headers)
    return app


def _full_name_env(app: Flask) -> None:
    """Let ``SIMPADU_BASE_URL=…`` in the environment set the key of the same name.

    ``from_prefixed_env`` strips the prefix (``SIMPADU_SECRET_KEY`` → ``SECRET_KEY``), so the
    portal's own ``SIMPADU_*`` keys are read here under their full names.
    """
    for key in [k for k in app.config if k.startswith("SIMPADU_")]:
        if key in os.environ:
            raw = os.environ[key]
            try:
                app.config[key] = json.loads(raw)
            except ValueError:
                app.config[key] = raw


def _init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "portal.login"
    login_manager.login_message = "Silakan masuk ke portal terlebih dahulu."
    login_manager.login_message_category = "info"
    # Flask-Login deletes the session when the client's IP or browser changes.
    login_manager.session_protection = "strong"


@login_manager.user_loader
def _load_pegawai(user_id: str):
    from .models import Pegawai
    from .sesi import berlaku

    pegawai = db.session.get(Pegawai, int(user_id))
    if pegawai is None or not pegawai.aktif or not berlaku(pegawai.id):
        # Also a cookie copied before sign-out: its server-side record is closed.
        return None
    return pegawai


def _wire_module_client(app: Flask) -> None:
    """Point the mounted SIPEKERJA module at this portal's provider unless configured otherwise."""
    from .cli import read_client_secret

    base = (app.config.get("SIMPADU_OIDC_ISSUER") or app.config["SIMPADU_BASE_URL"]).rstrip("/")
    app.config.setdefault("SIPEKERJA_OIDC_ISSUER", base)
    if not app.config.get("SIPEKERJA_OIDC_CLIENT_SECRET"):
        app.config["SIPEKERJA_OIDC_CLIENT_SECRET"] = read_client_secret(app, "sipekerja")


def _register_error_pages(app: Flask) -> None:
    def render(status: int):
        def handler(error):
            return render_template("portal/error.html", status=status, error=error), status

        return handler

    for status in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, render(status))


def _security_headers(response: Response) -> Response:
    """Headers on every response of the portal app (PLATFORM_NOTES §5, Headers)."""
    response.headers.setdefault("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _instance_secret(app: Flask) -> str:
    """Read (or create once) a random secret under ``instance/``: never a secret in the repo."""
    path = os.path.join(app.instance_path, "secret_key")
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    with open(path) as f:
        return f.read().strip()


def _template_dir() -> str:
    from sipekerja_module import TEMPLATE_DIR

    # The portal's templates ship in the same top-level templates/ folder (templates/portal/).
    return TEMPLATE_DIR


def _percayai_proksi(app: Flask) -> None:
    """Behind ``SIMPADU_PROXY_HOPS`` reverse proxies, take the client's address and scheme from the
    ``X-Forwarded-For`` / ``X-Forwarded-Proto`` entries those proxies added (werkzeug's ProxyFix).

    Without it every request behind a proxy comes from the proxy's address, and the rate limits of
    sign-in and downloads, keyed by address, would throttle the whole kabupaten together. With 0
    (the default, no proxy) the headers are ignored: a client could write any address into them.
    """
    hops = int(app.config["SIMPADU_PROXY_HOPS"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _default_config(app: Flask) -> dict[str, Any]:
    return {
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(app.instance_path, "simpadu.db"),
        # A pooled connection is tested (one round trip) before a request gets it: after a restart
        # of the database server the pool holds connections the server has closed.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_NAME": "simpadu_session",
        # Flask sets no limit by default; the largest legitimate body is one upload of bukti
        # dukung: several files (each at most SIPEKERJA_MAX_UPLOAD_BYTES, 10 MiB; phone photos are
        # 2-5 MB) plus the form around them. Werkzeug spools large parts to temporary files.
        "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "BOOTSTRAP_SERVE_LOCAL": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "SIPEKERJA_BASE_TEMPLATE": "portal/base.html",
        #: Public base URL of the portal; the OIDC issuer and the demo client's URIs derive from it.
        "SIMPADU_BASE_URL": "http://127.0.0.1:5000",
        #: Domain of the demo e-mail address released as the ``email`` claim (``NIP@domain``);
        #: ``.test`` is reserved and never delivered on the internet. None releases no address.
        "SIMPADU_EMAIL_DOMAIN": "simpadu.test",
        #: Issuer identifier; ``None`` means ``SIMPADU_BASE_URL``.
        "SIMPADU_OIDC_ISSUER": None,
        #: RSA signing key (JWK, private); ``None`` means ``instance/oidc_signing_key.json``.
        "SIMPADU_OIDC_KEY_FILE": None,
        #: Lifetime of issued id_tokens, in seconds.
        "SIMPADU_OIDC_ID_TOKEN_TTL": 300,
        #: Access tokens (used only for userinfo) live this long.
        "OAUTH2_TOKEN_EXPIRES_IN": {"authorization_code": 300},
        #: Clients from configuration: dicts with client_id, client_secret, redirect_uris,
        #: post_logout_redirect_uris and scope. ``flask portal register-client`` stores others.
        "SIMPADU_OIDC_CLIENTS": [],
        "SIMPADU_DEMO_PASSWORD": "simpadu-demo-2024",
        "SIMPADU_RATELIMIT_STORAGE_URI": "memory://",
        #: Reverse proxies in front of the portal that add X-Forwarded-For (HAProxy ``option
        #: forwardfor``, nginx ``proxy_add_x_forwarded_for``); 0 = none, the headers are ignored.
        "SIMPADU_PROXY_HOPS": 0,
        #: Throttling of failed portal sign-ins of one account (NIP) from one address (Flask-Limiter
        #: syntax), so one person's typos do not lock out colleagues behind the same office address.
        "SIMPADU_LOGIN_RATE_LIMIT": "5 per minute",
        #: Failed portal sign-ins from one address, all accounts together (password spraying).
        "SIMPADU_LOGIN_RATE_LIMIT_ALAMAT": "30 per minute",
        #: Allow-list of module entry point names to install (Indico's ``PLUGINS`` idea).
        "SIMPADU_MODULES": ["sipekerja"],
    }


def _install_modules(app: Flask) -> None:
    allowed = set(app.config["SIMPADU_MODULES"])
    for ep in entry_points(group="simpadu.modules"):
        if ep.name in allowed:
            ep.load()().init_app(app)
