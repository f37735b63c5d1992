"""The portal's OpenID Connect provider speaks the standard (driven by hand, no client library)."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import KeySet

from portal_stub import create_app
from portal_stub.oidc import signing_keyset
from tests.conftest import make_test_config
from tests.web.sso import ACCOUNTS
from tests.web.sso import CLIENT_ID
from tests.web.sso import CLIENT_SECRET
from tests.web.sso import create_account
from tests.web.sso import csrf_from
from tests.web.sso import portal_login


def _pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def code_flow(browser, portal, nonce="nonce-uji-123"):
    """Authorize as the signed-in pegawai and redeem the code; return the token response."""
    verifier, challenge = _pkce()
    redirect_uri = portal.url("/sipekerja/auth/callback")
    response = browser.get(portal.url("/oauth/authorize"), allow_redirects=False, params={
        "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": redirect_uri,
        "scope": "openid profile simpadu", "state": "state-uji", "nonce": nonce,
        "code_challenge": challenge, "code_challenge_method": "S256"})
    assert response.status_code == 302, response.text
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["state"] == ["state-uji"]
    form = {"grant_type": "authorization_code", "code": query["code"][0], "redirect_uri": redirect_uri,
            "code_verifier": verifier}
    return requests.post(portal.url("/oauth/token"), data=form, auth=(CLIENT_ID, CLIENT_SECRET)), form


@pytest.fixture
def signed_in(portal, browser):
    nip = create_account(portal.app, "bidang")
    portal_login(browser, browser.get(portal.url("/login")), nip)
    return browser


def test_discovery_names_the_issuer_and_s256_only(portal):
    metadata = requests.get(portal.url("/.well-known/openid-configuration")).json()

    assert metadata["issuer"] == portal.base
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]
    assert metadata["end_session_endpoint"] == portal.url("/oauth/end-session")
    assert "simpadu" in metadata["scopes_supported"]


def test_jwks_key_has_a_thumbprint_kid_and_survives_a_restart(portal, tmp_path):
    keys = requests.get(portal.url("/oauth/jwks")).json()["keys"]
    assert len(keys) == 1 and "d" not in keys[0]
    key = KeySet.import_key_set({"keys": keys}).keys[0]
    assert keys[0]["kid"] == key.thumbprint()

    restarted = create_app(make_test_config("sqlite://", tmp_path, SIMPADU_OIDC_KEY_FILE=portal.app.config[
        "SIMPADU_OIDC_KEY_FILE"]))
    with restarted.app_context():
        assert signing_keyset().keys[0].kid == keys[0]["kid"]


def test_id_token_carries_the_required_claims(portal, signed_in):
    before = int(time.time())
    response, _ = code_flow(signed_in, portal)

    assert response.status_code == 200
    jwks = KeySet.import_key_set(requests.get(portal.url("/oauth/jwks")).json())
    token = jwt.decode(response.json()["id_token"], jwks, algorithms=["RS256"])
    claims = token.claims
    nip = ACCOUNTS["bidang"][0]
    assert token.header["kid"] == jwks.keys[0].kid
    assert claims["iss"] == portal.base
    assert claims["aud"] == CLIENT_ID  # a string, so end-session can resolve the client
    assert claims["nonce"] == "nonce-uji-123"
    assert before - 1 <= claims["iat"] <= claims["exp"] - 60
    assert before - 5 <= claims["auth_time"] <= claims["iat"]
    assert (claims["sub"], claims["nip"], claims["roles"], claims["unit_kerja"]) == (
        nip, nip, ["sipekerja:bidang"], "BKPSDM-PPIK")


def test_userinfo_gives_the_same_subject_and_simpadu_claims(portal, signed_in):
    response, _ = code_flow(signed_in, portal)
    access_token = response.json()["access_token"]

    userinfo = requests.get(portal.url("/oauth/userinfo"), headers={"Authorization": f"Bearer {access_token}"})

    nip = ACCOUNTS["bidang"][0]
    assert userinfo.json() == {"sub": nip, "name": "Operator PPIK", "nip": nip, "roles": ["sipekerja:bidang"],
                               "unit_kerja": "BKPSDM-PPIK", "email": f"{nip}@simpadu.test"}
    assert requests.get(portal.url("/oauth/userinfo")).status_code == 401


def test_code_is_single_use_and_needs_the_verifier(portal, signed_in):
    first, form = code_flow(signed_in, portal)
    replay = requests.post(portal.url("/oauth/token"), data=form, auth=(CLIENT_ID, CLIENT_SECRET))
    other, form2 = code_flow(signed_in, portal)

    assert first.status_code == 200 and other.status_code == 200
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"


def test_wrong_verifier_or_secret_is_refused(portal, signed_in):
    verifier, challenge = _pkce()
    redirect_uri = portal.url("/sipekerja/auth/callback")
    location = signed_in.get(portal.url("/oauth/authorize"), allow_redirects=False, params={
        "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": redirect_uri, "scope": "openid",
        "state": "s", "nonce": "n", "code_challenge": challenge, "code_challenge_method": "S256"}).headers["Location"]
    code = parse_qs(urlsplit(location).query)["code"][0]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}

    bad_secret = requests.post(portal.url("/oauth/token"), data={**form, "code_verifier": verifier},
                               auth=(CLIENT_ID, "salah"))
    bad_verifier = requests.post(portal.url("/oauth/token"), data={**form, "code_verifier": _pkce()[0]},
                                 auth=(CLIENT_ID, CLIENT_SECRET))

    assert bad_secret.status_code == 401
    assert bad_verifier.status_code == 400 and bad_verifier.json()["error"] == "invalid_grant"


def test_end_session_redirects_only_to_registered_uris(portal, signed_in):
    id_token = code_flow(signed_in, portal)[0].json()["id_token"]

    refused = signed_in.get(portal.url("/oauth/end-session"), allow_redirects=False, params={
        "id_token_hint": id_token, "client_id": CLIENT_ID, "post_logout_redirect_uri": "https://evil.example/"})

    assert refused.status_code == 200  # logged out, but no redirect to an unregistered place
    assert "Location" not in refused.headers
    assert 'data-testid="ajakan-masuk"' in signed_in.get(portal.url("/")).text


def test_end_session_without_hint_asks_for_confirmation_with_csrf(portal, signed_in):
    page = signed_in.get(portal.url("/oauth/end-session"), params={"client_id": CLIENT_ID})
    assert "Keluar dari SIMPADU?" in page.text

    forged = signed_in.post(portal.url("/oauth/end-session"), data={"client_id": CLIENT_ID, "konfirmasi": "1"})
    assert forged.status_code == 400
    assert 'data-portal-user=' in signed_in.get(portal.url("/")).text

    confirmed = signed_in.post(portal.url("/oauth/end-session"), data={
        "client_id": CLIENT_ID, "konfirmasi": "1", "csrf_token": csrf_from(page.text)})
    assert "Anda telah keluar dari SIMPADU" in confirmed.text
    assert 'data-testid="ajakan-masuk"' in signed_in.get(portal.url("/")).text
