"""Throttling: the module's own sign-in and callback (refused attempts per address), and the
portal's sign-in keyed on the account as well as the address, so one person's burst of wrong
passwords does not lock colleagues behind the same office address out."""

from __future__ import annotations

from portal_stub.extensions import db
from tests.web.sso import ACCOUNTS
from tests.web.sso import PASSWORD
from tests.web.sso import create_account
from tests.web.sso import fitur_di
from tests.web.sso import module_sign_in
from tests.web.test_portal import login


def test_forged_callbacks_are_throttled_per_address(make_portal, browser):
    portal = make_portal(SIPEKERJA_AUTH_RATE_LIMIT="3 per minute")

    statuses = [browser.get(portal.url(f"/sipekerja/auth/callback?state=x{i}&code=y")).status_code for i in range(3)]
    blocked = browser.get(portal.url("/sipekerja/auth/callback?state=z&code=y"))
    start = browser.get(portal.url("/sipekerja/auth/login"), allow_redirects=False)

    assert statuses == [400, 400, 400]
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan masuk ke SI PEKERJA" in blocked.text
    assert start.status_code == 429, "login and callback share the budget"


def test_successful_module_sign_ins_do_not_use_up_the_limit(make_portal, browser):
    import requests

    portal = make_portal(SIPEKERJA_AUTH_RATE_LIMIT="2 per minute")
    nip = create_account(portal.app, "utama")
    for _ in range(4):
        with requests.Session() as other:
            assert len(fitur_di(module_sign_in(other, portal, nip).text)) == 5


def test_wrong_passwords_for_one_account_do_not_lock_out_colleagues_at_the_same_address(app, client):
    nip = create_account(app, "utama")
    rekan = create_account(app, "bidang")

    statuses = [login(client, nip, "salah-sekali").status_code for _ in range(5)]
    blocked = login(client, nip)
    rekan_masuk = login(app.test_client(), rekan)

    assert statuses == [401] * 5
    assert blocked.status_code == 429 and "Terlalu banyak percobaan masuk" in blocked.text
    assert rekan_masuk.status_code == 302


def test_the_same_account_typed_differently_shares_its_limit(app, client):
    nip = create_account(app, "utama")
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"

    for teks in (nip, spaced, nip, spaced, nip):
        assert login(client, teks, "salah-sekali").status_code == 401
    assert login(client, spaced).status_code == 429


def test_password_spraying_from_one_address_is_throttled(app, client):
    app.config["SIMPADU_LOGIN_RATE_LIMIT_ALAMAT"] = "4 per minute"
    nips = [create_account(app, k) for k in ("utama", "bidang", "pimpinan", "tanpa_akses")]

    statuses = [login(client, nip, "salah-sekali").status_code for nip in nips]
    blocked = login(client, ACCOUNTS["admin"][0], PASSWORD)

    assert statuses == [401] * 4
    assert blocked.status_code == 429


def _login_dari(client, nip: str, alamat: str, password: str = "salah-sekali"):
    return client.post("/login", data={"nip": nip, "password": password},
                       headers={"X-Forwarded-For": alamat})


def test_behind_a_trusted_proxy_each_client_address_has_its_own_limit(database_url, _schema, tmp_path):
    """With SIMPADU_PROXY_HOPS=1 (HAProxy in front) the address is the client's, from X-Forwarded-For:
    one office's burst does not throttle another office behind the same proxy."""
    from portal_stub import create_app
    from tests.conftest import _empty_tables
    from tests.conftest import make_test_config

    app = create_app(make_test_config(database_url, tmp_path, SIMPADU_PROXY_HOPS=1,
                                      SIMPADU_LOGIN_RATE_LIMIT_ALAMAT="3 per minute"))
    try:
        nips = [create_account(app, k) for k in ("utama", "bidang", "pimpinan", "tanpa_akses")]
        client = app.test_client()
        assert [_login_dari(client, nip, "203.0.113.7").status_code for nip in nips[:3]] == [401] * 3
        assert _login_dari(client, nips[3], "203.0.113.7").status_code == 429
        assert _login_dari(client, nips[3], "198.51.100.20").status_code == 401  # another office
    finally:
        with app.app_context():
            db.session.remove()
        _empty_tables(_schema)


def test_without_a_trusted_proxy_a_forged_forwarded_address_changes_nothing(app, client):
    app.config["SIMPADU_LOGIN_RATE_LIMIT_ALAMAT"] = "3 per minute"
    nips = [create_account(app, k) for k in ("utama", "bidang", "pimpinan", "tanpa_akses")]
    for i, nip in enumerate(nips[:3]):
        assert _login_dari(client, nip, f"198.51.100.{i}").status_code == 401
    assert _login_dari(client, nips[3], "192.0.2.99").status_code == 429
