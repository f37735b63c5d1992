"""SI PEKERJA — Sistem Informasi Pengukuran Kinerja, a SIMPADU portal module.

``SIPekerja().init_app(app)`` installs the module into a host Flask application (the
SIMPADU portal, or an application of its own); the portal discovers it through the entry
point group ``simpadu.modules``.
"""

from __future__ import annotations

import os

from flask import Flask

from .auth import init_auth
from .cli import cli_group
from .commit_hooks import register_commit_listeners
from .config import DEFAULTS
from .extensions import init_cache_nilai
from .paths import MIGRATIONS_DIR
from .paths import TEMPLATE_DIR  # noqa: F401 - re-exported: the portal and the tests read it here
from .queries.referensi import list_unit_untuk_portal
from .views import create_blueprint
from .views.filters import register_filters
from .views.fragmen import init_cache

#: What the portal shows for this module. Display only: the module checks roles itself.
TILE = {
    "id": "sipekerja",
    "title": "SIPEKERJA",
    "description": "Sistem Informasi Pengukuran Kinerja",
    "icon": "bar-chart",
    "endpoint": "sipekerja.home",
    "required_roles": ("sipekerja:utama", "sipekerja:bidang", "sipekerja:pimpinan", "sipekerja:admin_kabupaten"),
}


class SIPekerja:
    """The Flask extension. Keeps no reference to an app (Flask ``extensiondev`` rule)."""

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Install the module into ``app``; calling it twice on one app changes nothing.

        :param app: the host application; it should already have Flask-SQLAlchemy. A host
            without one (the module running as its own app) gets one created here.
        """
        if "sipekerja" in app.extensions:
            return
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        _ensure_host_services(app)
        # On the host's session only: the host's other sessions run none of the module's commit work.
        register_commit_listeners(app.extensions["sqlalchemy"].session)

        init_auth(app)
        app.register_blueprint(create_blueprint())
        register_filters(app)
        init_cache(app)
        init_cache_nilai(app)
        app.cli.add_command(cli_group)

        tile = dict(TILE)
        tile["required_roles"] = (
            app.config["SIPEKERJA_ROLE_UTAMA"],
            app.config["SIPEKERJA_ROLE_BIDANG"],
            app.config["SIPEKERJA_ROLE_PIMPINAN"],
            app.config["SIPEKERJA_ROLE_ADMIN_KABUPATEN"],
        )
        # The portal's Manajemen Akses Modul offers these units (called in a request of the host).
        tile["unit_kerja"] = list_unit_untuk_portal
        app.extensions.setdefault("simpadu_tiles", []).append(tile)
        app.extensions["sipekerja"] = {"extension": self, "tile": tile}


def _ensure_host_services(app: Flask) -> None:
    """Reuse the host's SQLAlchemy, CSRF, Bootstrap, Flask-Limiter and Migrate; create only what is missing."""
    from flask_migrate import Migrate

    if "sqlalchemy" not in app.extensions:
        from flask_sqlalchemy import SQLAlchemy

        app.config.setdefault("SQLALCHEMY_DATABASE_URI", "sqlite:///" + os.path.join(app.instance_path, "sipekerja.db"))
        SQLAlchemy(app)
    if "csrf" not in app.extensions:
        from flask_wtf import CSRFProtect

        CSRFProtect(app)
    if "bootstrap" not in app.extensions:
        from flask_bootstrap import Bootstrap5

        app.config.setdefault("BOOTSTRAP_SERVE_LOCAL", True)
        Bootstrap5(app)
    if "limiter" not in app.extensions:
        # The module as its own app: its sign-in is throttled like the portal's.
        from flask_limiter import Limiter
        from flask_limiter.util import get_remote_address

        Limiter(get_remote_address, app=app, storage_uri=app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    if "migrate" not in app.extensions:
        Migrate(app, app.extensions["sqlalchemy"], directory=MIGRATIONS_DIR)


