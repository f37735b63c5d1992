"""Fixtures for the single-sign-on tests (helpers in ``tests/web/sso.py``): the portal with the
module mounted, served for real on a loopback port, and a rogue provider at the boundary."""

from __future__ import annotations

import pytest
import requests

from portal_stub import create_app
from portal_stub.extensions import db
from tests.conftest import _empty_tables
from tests.conftest import make_test_config
from tests.web.sso import CLIENT_ID
from tests.web.sso import CLIENT_SECRET
from tests.web.sso import Live
from tests.web.sso import RogueProvider
from tests.web.sso import rogue_app
from tests.web.sso import seed_units
from tests.web.sso import serve


@pytest.fixture
def make_portal(database_url, _schema, tmp_path):
    """Factory: the portal app (module mounted) served live, with units and the module client.

    Keyword overrides go into the configuration (e.g. ``SIMPADU_OIDC_ID_TOKEN_TTL=-600``);
    ``after_bind(live)`` may change configuration once the port is known.
    """
    started: list[Live] = []

    def factory(after_bind=None, **overrides) -> Live:
        config = make_test_config(
            database_url, tmp_path,
            WTF_CSRF_ENABLED=True,
            SIMPADU_OIDC_KEY_FILE=str(tmp_path / "oidc_key.json"),
            SIPEKERJA_OIDC_CLIENT_SECRET=CLIENT_SECRET,
        )
        config.update(overrides)
        app = create_app(config)
        live = serve(app)
        app.config["SIMPADU_BASE_URL"] = live.base
        app.config["SIPEKERJA_OIDC_ISSUER"] = live.base
        app.config["SIMPADU_OIDC_CLIENTS"] = [{
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [live.base + "/sipekerja/auth/callback"],
            "post_logout_redirect_uris": [live.base + "/"],
        }]
        if after_bind:
            after_bind(live)
        if not started:
            with app.app_context():
                seed_units()
                db.session.commit()
        live.thread.start()
        started.append(live)
        return live

    yield factory
    for live in started:
        live.stop()
        with live.app.app_context():
            db.session.remove()
    _empty_tables(_schema)


@pytest.fixture
def portal(make_portal) -> Live:
    """The default live portal."""
    return make_portal()


@pytest.fixture
def browser():
    """A ``requests`` session: real cookies, real redirects. Closed afterwards."""
    with requests.Session() as session:
        yield session


@pytest.fixture
def rogue_provider():
    """A rogue provider served live; set ``fault`` before the sign-in."""
    rogue = RogueProvider()
    rogue.live = serve(rogue_app(rogue))
    rogue.live.thread.start()
    yield rogue
    rogue.live.stop()

