"""Sign-ins end on the server: a cookie copied before sign-out, before an admin's change of
access or kept past the lifetime opens nothing; forged or replayed callbacks never sign anyone
out nor discard a sign-in in progress; the cookie is renewed at sign-in (fixation)."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import select
from sqlalchemy import update

from portal_stub.extensions import db
from portal_stub.models import Pegawai
from portal_stub.models import SesiPortal
from sipekerja_module.models import SesiMasuk
from tests.web.sso import create_account
from tests.web.sso import csrf_from
from tests.web.sso import fitur_di
from tests.web.sso import module_logout
from tests.web.sso import module_sign_in
from tests.web.sso import portal_login
from tests.web.sso import session_of


def _replay(live, cookies: dict) -> requests.Session:
    """A fresh browser holding a copy of ``cookies`` (what an attacker would copy)."""
    other = requests.Session()
    for name, value in cookies.items():
        other.cookies.set(name, value, domain="127.0.0.1", path="/")
    return other


def _module_anonymous(browser, live) -> bool:
    page = browser.get(live.url("/sipekerja/"), allow_redirects=False)
    return page.status_code == 302 and urlsplit(page.headers["Location"]).path == "/sipekerja/auth/login"


def _portal_anonymous(browser, live) -> bool:
    page = browser.get(live.url("/admin/akses"), allow_redirects=False)
    return page.status_code == 302 and urlsplit(page.headers["Location"]).path == "/login"


@pytest.fixture
def signed_in(portal, browser):
    """A browser signed in to portal and module as the Pengguna Utama, and its home page."""
    nip = create_account(portal.app, "utama")
    home = module_sign_in(browser, portal, nip)
    assert len(fitur_di(home.text)) == 5
    return nip, home


# --- the cookie copied before sign-out --------------------------------------------------


def test_cookie_copied_before_module_sign_out_opens_nothing_afterwards(portal, browser, signed_in):
    _, home = signed_in
    copied = browser.cookies.get_dict()
    with _replay(portal, copied) as before:
        assert not _module_anonymous(before, portal), "the copy works while the sign-in lasts"

    module_logout(browser, portal, home)

    with _replay(portal, copied) as attacker:
        assert _module_anonymous(attacker, portal)
        for fitur in ("referensi", "perencanaan", "realisasi", "pengukuran", "laporan"):
            page = attacker.get(portal.url(f"/sipekerja/{fitur}/"), allow_redirects=False)
            assert page.status_code == 302, fitur
            assert "/sipekerja/auth/login" in page.headers["Location"], fitur
        assert _portal_anonymous(attacker, portal)
    with portal.app.app_context():
        record = db.session.scalar(select(SesiMasuk))
        assert record.diakhiri_dt is not None and record.alasan_akhir == "keluar"


def test_cookie_copied_before_portal_sign_out_opens_neither_portal_nor_module(portal, browser, signed_in):
    copied = browser.cookies.get_dict()
    home = browser.get(portal.url("/"))

    browser.post(portal.url("/logout"), data={"csrf_token": csrf_from(home.text)})

    with _replay(portal, copied) as attacker:
        assert _portal_anonymous(attacker, portal)
        assert _module_anonymous(attacker, portal)


def test_only_a_hash_of_the_sign_in_id_is_stored(portal, browser, signed_in):
    sid = session_of(browser, portal)["_sipekerja_sid"]
    with portal.app.app_context():
        stored = db.session.scalars(select(SesiMasuk.sid_hash)).all()
        portal_stored = db.session.scalars(select(SesiPortal.sid_hash)).all()
    assert len(stored) == 1 and sid not in stored and len(stored[0]) == 64
    assert len(portal_stored) == 1 and session_of(browser, portal)["_simpadu_sid"] not in portal_stored


# --- revocation and lifetime ------------------------------------------------------------


def test_admin_revocation_in_manajemen_akses_ends_the_running_sign_in(portal, browser, signed_in):
    nip, _ = signed_in
    copied = browser.cookies.get_dict()
    admin_nip = create_account(portal.app, "admin")
    with portal.app.app_context():
        pegawai_id = db.session.scalar(select(Pegawai.id).filter_by(nip=nip))
    with requests.Session() as admin:
        page = portal_login(admin, admin.get(portal.url("/login")), admin_nip)
        page = admin.get(portal.url("/admin/akses"), params={"q": nip})
        done = admin.post(portal.url(f"/admin/akses/{pegawai_id}/cabut"), data={"csrf_token": csrf_from(page.text)})
        assert done.status_code == 200 and "dicabut" in done.text

    for other in (browser, _replay(portal, copied)):
        assert _module_anonymous(other, portal)
    # Signing in again (the portal sign-in is still valid) now carries no SIPEKERJA role.
    again = browser.get(portal.url("/sipekerja/"))
    assert again.status_code == 403
    assert not _portal_anonymous(browser, portal), "the portal sign-in itself is not revoked"


def test_a_changed_grant_also_ends_the_running_sign_in(portal, browser, signed_in):
    from portal_stub import akses as akses_service

    nip, _ = signed_in
    with portal.app.app_context():
        pegawai = akses_service.find_pegawai_by_nip(nip)
        akses_service.beri_akses(pegawai=pegawai, modul="sipekerja", peran="pimpinan", unit_kode=None, oleh=None)
        db.session.commit()

    assert _module_anonymous(browser, portal)
    assert fitur_di(browser.get(portal.url("/sipekerja/")).text) == ["pengukuran", "laporan"]


def test_the_module_record_ends_at_its_lifetime_whatever_the_cookie_says(portal, browser, signed_in):
    with portal.app.app_context():
        db.session.execute(update(SesiMasuk).values(berakhir_dt=datetime.now(timezone.utc) - timedelta(seconds=1)))
        db.session.commit()

    assert _module_anonymous(browser, portal)


def test_the_portal_record_ends_at_its_lifetime_whatever_the_cookie_says(portal, browser, signed_in):
    with portal.app.app_context():
        db.session.execute(update(SesiPortal).values(berakhir_dt=datetime.now(timezone.utc) - timedelta(seconds=1)))
        db.session.commit()

    assert _portal_anonymous(browser, portal)


# --- forged and replayed callbacks ------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["state=x&code=y", "code=y", "state=&code=", "state=x&error=access_denied",
     "state=x&code=y&iss=http://evil.example"],
)
def test_forged_callback_never_signs_anyone_out(portal, browser, signed_in, query):
    before = session_of(browser, portal)

    page = browser.get(portal.url("/sipekerja/auth/callback?" + query))

    assert page.status_code == 400
    assert "state tidak cocok" in page.text
    assert session_of(browser, portal) == before
    assert browser.get(portal.url("/sipekerja/")).status_code == 200


def test_replayed_callback_never_signs_the_user_out(portal, browser):
    nip = create_account(portal.app, "utama")
    home = module_sign_in(browser, portal, nip)
    callback = next(r.url for r in home.history if "/sipekerja/auth/callback" in r.url)

    again = browser.get(callback)

    assert again.status_code == 400
    assert browser.get(portal.url("/sipekerja/")).status_code == 200


def test_forged_callback_does_not_discard_a_sign_in_in_progress(portal, browser):
    nip = create_account(portal.app, "utama")
    portal_login(browser, browser.get(portal.url("/login")), nip)
    # The sign-in starts: the module redirects to the provider and keeps its pending state.
    start = browser.get(portal.url("/sipekerja/auth/login"), allow_redirects=False)
    authorize_url = start.headers["Location"]
    assert any(k.startswith("_state_sipekerja_") for k in session_of(browser, portal))

    forged = browser.get(portal.url("/sipekerja/auth/callback?state=x&code=y"))
    assert forged.status_code == 400

    finished = browser.get(authorize_url)
    assert finished.status_code == 200
    assert len(fitur_di(finished.text)) == 5


# --- session fixation -------------------------------------------------------------------


def test_the_cookie_changes_at_sign_in_and_a_pre_sign_in_cookie_stays_anonymous(portal, browser):
    nip = create_account(portal.app, "utama")
    # Before any sign-in: the module has sent the browser to the portal's form.
    page = browser.get(portal.url("/sipekerja/"))
    pre_cookie = browser.cookies.get_dict()
    pre_session = session_of(browser, portal)
    assert "_sipekerja_uid" not in pre_session and "_user_id" not in pre_session

    home = portal_login(browser, page, nip)
    assert len(fitur_di(home.text)) == 5

    post_session = session_of(browser, portal)
    assert browser.cookies.get_dict() != pre_cookie
    assert {"_sipekerja_uid", "_sipekerja_sid", "_simpadu_sid", "_user_id"} <= set(post_session)
    assert not any(k.startswith("_state_") for k in post_session), "pending states are single-use"
    with _replay(portal, pre_cookie) as attacker:
        assert _module_anonymous(attacker, portal)
        assert _portal_anonymous(attacker, portal)
    assert browser.get(portal.url("/sipekerja/")).status_code == 200


def test_signing_in_again_closes_the_earlier_module_record(portal, browser, signed_in):
    first = session_of(browser, portal)["_sipekerja_sid"]
    copied = browser.cookies.get_dict()

    page = browser.get(portal.url("/sipekerja/auth/login"))
    assert page.status_code == 200

    assert session_of(browser, portal)["_sipekerja_sid"] != first
    with _replay(portal, copied) as old:
        assert _module_anonymous(old, portal)
    with portal.app.app_context():
        reasons = sorted(r or "" for r in db.session.scalars(select(SesiMasuk.alasan_akhir)))
    assert reasons == ["", "masuk_ulang"]


def test_callback_authorization_code_in_query_is_single_use(portal, browser):
    nip = create_account(portal.app, "utama")
    home = module_sign_in(browser, portal, nip)
    callback = next(r.url for r in home.history if "/sipekerja/auth/callback" in r.url)
    assert parse_qs(urlsplit(callback).query)["code"]

    with requests.Session() as attacker:
        assert attacker.get(callback).status_code == 400
        assert _module_anonymous(attacker, portal)
