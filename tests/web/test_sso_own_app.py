"""The module run as its own application (own cookie, own secret) signs in against the portal."""

from __future__ import annotations

from flask import Flask

from sipekerja_module import SIPekerja
from tests.web.sso import create_account
from tests.web.sso import fitur_di
from tests.web.sso import module_logout
from tests.web.sso import module_sign_in
from tests.web.sso import serve


def test_stand_alone_module_signs_in_and_out_through_the_portal(make_portal, browser, database_url, tmp_path):
    module_app = Flask("sipekerja_mandiri", instance_path=str(tmp_path / "mandiri"))
    module_app.config.update(
        TESTING=True,
        SECRET_KEY="rahasia-modul-lain",
        SESSION_COOKIE_NAME="sipekerja_session",
        SESSION_COOKIE_SAMESITE="Lax",
        SQLALCHEMY_DATABASE_URI=database_url,
        SIPEKERJA_OWN_SESSION=True,
        SIPEKERJA_OIDC_CLIENT_ID="sipekerja-mandiri",
        SIPEKERJA_OIDC_CLIENT_SECRET="rahasia-mandiri",
    )
    SIPekerja(module_app)
    module = serve(module_app)

    def register_module(portal):
        portal.app.config["SIMPADU_OIDC_CLIENTS"].append({
            "client_id": "sipekerja-mandiri", "client_secret": "rahasia-mandiri",
            "redirect_uris": [module.url("/sipekerja/auth/callback")],
            "post_logout_redirect_uris": [portal.url("/")],
        })

    portal = make_portal(after_bind=register_module)
    module_app.config["SIPEKERJA_OIDC_ISSUER"] = portal.base
    module_app.config["SIPEKERJA_PORTAL_URL"] = portal.url("/")
    module.thread.start()
    try:
        nip = create_account(portal.app, "pimpinan")

        home = module_sign_in(browser, module, nip)

        assert home.url == module.url("/sipekerja/")
        assert fitur_di(home.text) == ["pengukuran", "laporan"]
        assert {"simpadu_session", "sipekerja_session"} <= set(browser.cookies.keys())

        landed = module_logout(browser, module, home)

        assert landed.url.startswith(portal.url("/"))
        assert 'data-testid="ajakan-masuk"' in landed.text
        again = browser.get(module.url("/sipekerja/"))
        assert again.url.startswith(portal.url("/login"))
    finally:
        module.stop()
        with module_app.app_context():
            module_app.extensions["sqlalchemy"].engine.dispose()
