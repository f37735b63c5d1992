"""Every unsafe sign-in is refused with a clear message, and no module session is created."""

from __future__ import annotations

from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlsplit

import pytest

from portal_stub.extensions import db
from sipekerja_module.models import Pengguna
from tests.web.sso import CLIENT_ID
from tests.web.sso import PASSWORD
from tests.web.sso import create_account
from tests.web.sso import fitur_di
from tests.web.sso import module_sign_in
from tests.web.sso import portal_login
from tests.web.sso import session_of


def assert_no_module_session(browser, live):
    """The module still asks for a sign-in: nothing of the refused attempt was kept.

    The sign-in keys live inside the signed session cookie, so the cookie is decoded and its
    keys checked (``test_assert_no_module_session_can_fail`` proves this check can fail).
    """
    keys = [k for k in session_of(browser, live) if k.startswith("_sipekerja")]
    assert keys == [], f"module keys left in the session: {keys}"
    page = browser.get(live.url("/sipekerja/"), allow_redirects=False)
    assert page.status_code == 302
    assert urlsplit(page.headers["Location"]).path == "/sipekerja/auth/login"


def assert_no_pengguna(live):
    with live.app.app_context():
        assert db.session.query(Pengguna).count() == 0


# --- against the real portal provider ----------------------------------------------------


def test_assert_no_module_session_can_fail(portal, browser):
    nip = create_account(portal.app, "utama")
    assert module_sign_in(browser, portal, nip).status_code == 200

    assert "_sipekerja_uid" in session_of(browser, portal)
    with pytest.raises(AssertionError, match="module keys left"):
        assert_no_module_session(browser, portal)


def test_expired_id_token_is_refused(make_portal, browser):
    # Past the client's 120 s leeway.
    portal = make_portal(SIMPADU_OIDC_ID_TOKEN_TTL=-600)
    nip = create_account(portal.app, "utama")

    page = module_sign_in(browser, portal, nip)

    assert page.status_code == 403
    assert "Token identitas dari portal sudah kedaluwarsa" in page.text
    assert_no_module_session(browser, portal)
    assert_no_pengguna(portal)


def test_provider_with_another_issuer_than_the_pinned_one_is_refused(make_portal, browser):
    def pin_other_issuer(live):
        # Same server, another spelling: discovery says 127.0.0.1, the module expects localhost.
        live.app.config["SIPEKERJA_OIDC_ISSUER"] = live.base.replace("127.0.0.1", "localhost")

    portal = make_portal(after_bind=pin_other_issuer)
    create_account(portal.app, "utama")

    page = browser.get(portal.url("/sipekerja/"))

    assert page.status_code == 502
    assert "SIPEKERJA_OIDC_ISSUER" in page.text
    assert_no_pengguna(portal)


def _authorization_redirect(browser, portal, nip):
    """Sign in at the portal and stop at the provider's redirect back to the module."""
    page = browser.get(portal.url("/sipekerja/"))
    response = browser.post(page.url, data={"csrf_token": _csrf(page.text), "nip": nip, "password": PASSWORD},
                            allow_redirects=False)
    authorize = browser.get(portal.base + response.headers["Location"], allow_redirects=False)
    callback = authorize.headers["Location"]
    assert callback.startswith(portal.url("/sipekerja/auth/callback?"))
    return callback


def _csrf(html):
    from tests.web.sso import csrf_from

    return csrf_from(html)


def test_state_mismatch_is_refused(portal, browser):
    nip = create_account(portal.app, "utama")
    callback = _authorization_redirect(browser, portal, nip)
    params = parse_qs(urlsplit(callback).query)

    forged = portal.url("/sipekerja/auth/callback?" + urlencode({"code": params["code"][0], "state": "palsu"}))
    page = browser.get(forged)

    assert page.status_code == 400
    assert "state tidak cocok" in page.text
    assert_no_module_session(browser, portal)
    assert_no_pengguna(portal)


def test_callback_replayed_in_another_browser_is_refused(portal, browser):
    import requests

    nip = create_account(portal.app, "utama")
    callback = _authorization_redirect(browser, portal, nip)

    with requests.Session() as attacker:
        page = attacker.get(callback)
        assert page.status_code == 400
        assert "state tidak cocok" in page.text
        assert_no_module_session(attacker, portal)


def _authorize_params(portal, **overrides):
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": portal.url("/sipekerja/auth/callback"),
        "scope": "openid profile simpadu",
        "state": "s" * 20,
        "nonce": "n" * 20,
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


@pytest.fixture
def signed_in_portal_browser(portal, browser):
    nip = create_account(portal.app, "utama")
    portal_login(browser, browser.get(portal.url("/login")), nip)
    return browser


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "code_challenge"),
        ({"code_challenge_method": None}, "code_challenge_method"),
        ({"code_challenge_method": "plain", "code_challenge": "p" * 43}, "code_challenge_method"),
        ({"nonce": None}, "nonce"),
        ({"redirect_uri": "https://evil.example/callback"}, "Redirect URI"),
        ({"client_id": "tidak-terdaftar"}, "client"),
    ],
    ids=["no-pkce", "pkce-without-method", "pkce-plain", "no-nonce", "unregistered-redirect", "unknown-client"],
)
def test_provider_refuses_unsafe_authorization_requests(portal, signed_in_portal_browser, overrides, expected):
    page = signed_in_portal_browser.get(portal.url("/oauth/authorize"), params=_authorize_params(portal, **overrides),
                                        allow_redirects=False)

    assert page.status_code == 400
    assert "Location" not in page.headers
    assert "Permintaan masuk aplikasi ditolak" in page.text
    assert expected in page.text


def test_unregistered_redirect_uri_is_refused_before_anyone_signs_in(portal, browser):
    page = browser.get(portal.url("/oauth/authorize"),
                       params=_authorize_params(portal, redirect_uri="https://evil.example/cb"), allow_redirects=False)

    assert page.status_code == 400
    assert "Location" not in page.headers


# --- against a rogue provider (a test double at the provider boundary) -------------------


@pytest.fixture
def portal_trusting_rogue(make_portal, rogue_provider):
    def trust_rogue(live):
        live.app.config["SIPEKERJA_OIDC_ISSUER"] = rogue_provider.live.base

    return make_portal(after_bind=trust_rogue)


def test_rogue_double_behaving_correctly_signs_in(portal_trusting_rogue, rogue_provider, browser):
    page = browser.get(portal_trusting_rogue.url("/sipekerja/"))

    assert page.status_code == 200
    assert len(fitur_di(page.text)) == 5


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("signature", "Tanda tangan token identitas dari portal tidak valid"),
        ("aud", "klaim aud tidak sesuai"),
        ("iss", "klaim iss tidak sesuai"),
        ("nonce", "klaim nonce tidak sesuai"),
        ("sub", "tidak cocok dengan token identitas (sub)"),
    ],
)
def test_bad_id_token_is_refused_without_a_session(portal_trusting_rogue, rogue_provider, browser, fault, message):
    rogue_provider.fault = fault

    page = browser.get(portal_trusting_rogue.url("/sipekerja/"))

    assert page.status_code == 403
    assert "Gagal masuk ke SI PEKERJA" in page.text
    assert message in page.text
    assert_no_module_session(browser, portal_trusting_rogue)
    assert_no_pengguna(portal_trusting_rogue)


def test_unreachable_provider_is_explained(make_portal, browser):
    def point_nowhere(live):
        live.app.config["SIPEKERJA_OIDC_ISSUER"] = "http://127.0.0.1:9"

    portal = make_portal(after_bind=point_nowhere)

    page = browser.get(portal.url("/sipekerja/"))

    assert page.status_code == 502
    assert "tidak dapat dihubungi" in page.text
