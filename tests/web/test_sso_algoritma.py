"""id_tokens are accepted only with an algorithm pinned by configuration, never ``none`` or HMAC,
whatever the provider advertises; a rotated key (new ``kid``) is picked up; the ``iss``
parameter of the authorization response (RFC 9207) is checked when sent.

The providers here are small real OIDC providers served on a loopback port (``tests/web/sso.py``),
signing with joserfc or by hand: nothing in the OIDC library is mocked.
"""

from __future__ import annotations

from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest

from portal_stub.extensions import db
from sipekerja_module.auth.jeton import algoritma_id_token
from sipekerja_module.models import Pengguna
from tests.web.sso import create_account
from tests.web.sso import fitur_di
from tests.web.sso import module_logout
from tests.web.sso import portal_login
from tests.web.test_sso_refusals import assert_no_module_session


def _trusting(make_portal, rogue, **config):
    def trust_rogue(live):
        live.app.config["SIPEKERJA_OIDC_ISSUER"] = rogue.live.base

    return make_portal(after_bind=trust_rogue, **config)


def _no_pengguna(live):
    with live.app.app_context():
        assert db.session.query(Pengguna).count() == 0


# --- the algorithm is pinned by configuration ---------------------------------------------


@pytest.mark.parametrize(
    ("alg", "advertised"),
    [
        ("none", ["none", "RS256"]),
        ("none", ["none"]),
        ("HS256-public", ["HS256", "RS256"]),
        ("HS256-public", ["HS256"]),
    ],
    ids=["none-advertised-with-rs256", "none-only", "hs256-public-key-advertised", "hs256-only"],
)
def test_forbidden_algorithm_is_refused_whatever_discovery_advertises(make_portal, rogue_provider, browser, alg,
                                                                       advertised):
    rogue_provider.alg = alg
    rogue_provider.advertised_algs = advertised
    portal = _trusting(make_portal, rogue_provider)

    page = browser.get(portal.url("/sipekerja/"))

    assert page.status_code == 403
    assert "Gagal masuk ke SI PEKERJA" in page.text
    assert "algoritma" in page.text
    assert_no_module_session(browser, portal)
    _no_pengguna(portal)


def test_configuration_cannot_turn_on_none_or_hmac(make_portal, rogue_provider, browser):
    rogue_provider.alg = "none"
    rogue_provider.advertised_algs = ["none"]
    portal = _trusting(make_portal, rogue_provider, SIPEKERJA_OIDC_ALGORITHMS=["none", "HS256", "RS256"])

    page = browser.get(portal.url("/sipekerja/"))

    assert page.status_code == 403
    assert_no_module_session(browser, portal)
    _no_pengguna(portal)


def test_es256_provider_signs_in_with_the_default_algorithms(make_portal, rogue_provider, browser):
    rogue_provider.alg = "ES256"
    rogue_provider.advertised_algs = ["ES256"]
    portal = _trusting(make_portal, rogue_provider)

    page = browser.get(portal.url("/sipekerja/"))

    assert page.status_code == 200
    assert len(fitur_di(page.text)) == 5


def test_an_advertised_algorithm_outside_the_configuration_is_refused(make_portal, rogue_provider, browser):
    # The provider signs RS256 correctly and advertises it; this deployment pinned ES256 only.
    portal = _trusting(make_portal, rogue_provider, SIPEKERJA_OIDC_ALGORITHMS=["ES256"])

    page = browser.get(portal.url("/sipekerja/"))

    assert page.status_code == 403
    assert "RS256" in page.text
    assert_no_module_session(browser, portal)


def test_a_rotated_signing_key_with_a_new_kid_is_picked_up(make_portal, rogue_provider, browser):
    import requests

    portal = _trusting(make_portal, rogue_provider)
    first = browser.get(portal.url("/sipekerja/"))
    assert first.status_code == 200
    old_kid = rogue_provider.key.kid

    rogue_provider.rotate()
    assert rogue_provider.key.kid != old_kid
    with requests.Session() as other:
        page = other.get(portal.url("/sipekerja/"))

    assert page.status_code == 200
    assert len(fitur_di(page.text)) == 5


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (None, ["RS256", "ES256"]),
        (["RS256", "ES256"], ["RS256", "ES256"]),
        ("RS256 ES256", ["RS256", "ES256"]),
        ("RS256,PS256", ["RS256", "PS256"]),
        (["none", "HS256", "HS384", "HS512", "hs256", "None", "RS256"], ["RS256"]),
        (["ES512", "EdDSA", "Ed25519"], ["ES512", "EdDSA", "Ed25519"]),
        (["NOPE", "RS256"], ["RS256"]),
    ],
)
def test_algorithm_setting_never_yields_none_hmac_or_unknown(setting, expected):
    assert algoritma_id_token(setting) == expected


@pytest.mark.parametrize("setting", [[], ["none"], ["HS256", "HS512"], "", "dir"])
def test_a_setting_with_nothing_acceptable_is_a_configuration_error(setting):
    with pytest.raises(RuntimeError, match="SIPEKERJA_OIDC_ALGORITHMS"):
        algoritma_id_token(setting)


# --- RFC 9207: the iss parameter of the authorization response --------------------------


def test_authorization_response_from_another_issuer_is_refused(make_portal, rogue_provider, browser):
    rogue_provider.iss_param = "http://penyedia-lain.invalid"
    portal = _trusting(make_portal, rogue_provider)

    page = browser.get(portal.url("/sipekerja/"))

    assert page.status_code == 400
    assert "parameter iss" in page.text
    assert_no_module_session(browser, portal)
    _no_pengguna(portal)


def test_authorization_response_with_the_right_iss_signs_in(make_portal, rogue_provider, browser):
    portal = _trusting(make_portal, rogue_provider)
    rogue_provider.iss_param = rogue_provider.live.base

    page = browser.get(portal.url("/sipekerja/"))

    assert page.status_code == 200


def test_portal_provider_sends_iss_and_the_module_accepts_it(portal, browser):
    nip = create_account(portal.app, "utama")
    start = browser.get(portal.url("/sipekerja/"))
    response = portal_login(browser, start, nip)
    assert response.status_code == 200
    # The provider announced RFC 9207 support and put iss in its redirect to the callback.
    metadata = browser.get(portal.url("/.well-known/openid-configuration")).json()
    assert metadata["authorization_response_iss_parameter_supported"] is True
    callback = [r for r in response.history if "/sipekerja/auth/callback" in r.url]
    assert callback, [r.url for r in response.history]
    assert parse_qs(urlsplit(callback[0].url).query)["iss"] == [portal.base]
    module_logout(browser, portal, response)


def test_iss_missing_from_a_provider_that_promised_it_is_refused(make_portal, rogue_provider, browser):
    rogue_provider.extra_metadata = {"authorization_response_iss_parameter_supported": True}
    portal = _trusting(make_portal, rogue_provider)

    page = browser.get(portal.url("/sipekerja/"))

    assert page.status_code == 400
    assert "parameter iss" in page.text
    assert_no_module_session(browser, portal)
