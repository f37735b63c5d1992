"""A small SIMPADU stand-in: the portal that hosts SI PEKERJA.

It owns the database, the portal sign-in and the tile grid, and installs every module
advertised in the ``simpadu.modules`` entry point group (filtered by ``SIMPADU_MODULES``).
The module never imports this package.
"""

from __future__ import annotations

import os
import secrets
from importlib.metadata import entry_points
from typing import Any

from flask import Flask

from .extensions import bootstrap
from .extensions import csrf
from .extensions import db

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
    if config:
        app.config.from_mapping(config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(app)

    db.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)
    _install_modules(app)

    from . import views

    app.register_blueprint(views.bp)
    return app


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


def _default_config(app: Flask) -> dict[str, Any]:
    return {
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + os.path.join(app.instance_path, "simpadu.db"),
        "SESSION_COOKIE_NAME": "simpadu_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "BOOTSTRAP_SERVE_LOCAL": True,
        "SIPEKERJA_BASE_TEMPLATE": "portal/base.html",
        #: Allow-list of module entry point names to install (Indico's ``PLUGINS`` idea).
        "SIMPADU_MODULES": ["sipekerja"],
    }


def _install_modules(app: Flask) -> None:
    allowed = set(app.config["SIMPADU_MODULES"])
    for ep in entry_points(group="simpadu.modules"):
        if ep.name in allowed:
            ep.load()().init_app(app)
