"""Clicking the SIPEKERJA tile signs the user in through the portal's OpenID Connect provider,
and the module shows exactly the features of the role (real HTTP, real cookies)."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from portal_stub import akses as akses_service
from portal_stub.extensions import db
from sipekerja_module.models import Pengguna
from tests.web.sso import PASSWORD
from tests.web.sso import create_account
from tests.web.sso import csrf_from
from tests.web.sso import fitur_di
from tests.web.sso import module_logout
from tests.web.sso import module_sign_in
from tests.web.sso import portal_login


@pytest.mark.parametrize(
    ("akun", "fitur", "hanya_lihat"),
    [
        ("utama", ["referensi", "perencanaan", "realisasi", "pengukuran", "laporan"], 0),
        ("bidang", ["perencanaan", "realisasi", "pengukuran"], 0),
        ("pimpinan", ["pengukuran", "laporan"], 2),
    ],
)
def test_tile_signs_in_and_shows_exactly_the_features_of_the_role(portal, browser, akun, fitur, hanya_lihat):
    nip = create_account(portal.app, akun)

    home = module_sign_in(browser, portal, nip)

    assert home.status_code == 200
    assert home.url == portal.url("/sipekerja/")
    assert fitur_di(home.text) == fitur
    assert home.text.count("data-hanya-lihat") == hanya_lihat
    assert f'data-sipekerja-user="{nip}"' in home.text


def test_bidang_home_names_its_own_unit(portal, browser):
    nip = create_account(portal.app, "bidang")

    home = module_sign_in(browser, portal, nip)

    assert 'data-testid="unit">Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian<' in home.text


def test_signed_in_user_without_sipekerja_role_gets_403_saying_whom_to_ask(portal, browser):
    nip = create_account(portal.app, "tanpa_akses")

    page = module_sign_in(browser, portal, nip)

    assert page.status_code == 403
    assert "belum memiliki peran di SIPEKERJA" in page.text
    assert "Manajemen Akses Modul" in page.text


def test_bidang_role_with_a_unit_unknown_to_the_module_is_refused_with_the_reason(portal, browser):
    nip = create_account(portal.app, "bidang_asing")

    page = module_sign_in(browser, portal, nip)

    assert page.status_code == 403
    assert "untuk unit DINKES-UMUM" in page.text
    assert "tidak dikenal SIPEKERJA" in page.text


def test_sign_in_records_the_pengguna_keyed_on_issuer_and_subject(portal, browser):
    nip = create_account(portal.app, "bidang")

    module_sign_in(browser, portal, nip)
    module_sign_in(browser, portal, nip)

    with portal.app.app_context():
        rows = db.session.query(Pengguna).all()
        assert [(p.issuer, p.subject, p.nip, p.peran) for p in rows] == [(portal.base, nip, nip, ["bidang"])]
        assert rows[0].unit_kerja.kode == "BKPSDM-PPIK"
        assert rows[0].perangkat_daerah.kode == "BKPSDM"
        # The portal's e-mail claim reaches the module (notification e-mails, issue 17).
        assert rows[0].email == f"{nip}@simpadu.test"


def test_portal_sign_in_is_skipped_when_already_signed_in_there(portal, browser):
    nip = create_account(portal.app, "utama")
    login_page = browser.get(portal.url("/login"))
    assert portal_login(browser, login_page, nip).url == portal.url("/")

    home = browser.get(portal.url("/sipekerja/"))

    assert home.url == portal.url("/sipekerja/")
    assert len(fitur_di(home.text)) == 5
    assert "/login" not in [urlsplit(r.headers["Location"]).path for r in home.history]


def test_tile_is_live_for_users_with_access_and_disabled_with_reason_for_others(portal, browser):
    create_account(portal.app, "utama")
    nip = create_account(portal.app, "tanpa_akses")

    anonim = browser.get(portal.url("/"))
    assert 'data-testid="ajakan-masuk"' in anonim.text

    portal_login(browser, browser.get(portal.url("/login")), nip)
    home = browser.get(portal.url("/"))
    tile = home.text.split('data-tile="sipekerja"')[1].split('data-tile=')[0]
    assert 'data-tile-state="terpasang"' in tile
    assert "disabled" in tile
    assert "belum memiliki akses SIPEKERJA" in tile
    assert home.text.count('data-tile-state="belum-terpasang"') == 10


def test_local_next_is_honoured(portal, browser):
    nip = create_account(portal.app, "utama")

    page = module_sign_in(browser, portal, nip, start="/sipekerja/auth/login?next=/sipekerja/%3Ftab%3D1")

    assert page.url == portal.url("/sipekerja/?tab=1")


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_off_site_next_is_ignored_and_lands_on_module_home(portal, browser, next_url):
    nip = create_account(portal.app, "utama")

    page = browser.get(portal.url("/sipekerja/auth/login"), params={"next": next_url})
    page = portal_login(browser, page, nip)

    assert page.url == portal.url("/sipekerja/")
    assert all("evil.example" not in r.headers.get("Location", "") for r in page.history)


def test_sign_out_ends_module_and_portal_sessions_and_lands_on_portal(portal, browser):
    nip = create_account(portal.app, "utama")
    home = module_sign_in(browser, portal, nip)

    landed = module_logout(browser, portal, home)

    assert landed.url.startswith(portal.url("/"))
    assert "/sipekerja" not in landed.url
    assert any("/oauth/end-session" in r.headers.get("Location", "") for r in landed.history)
    portal_home = browser.get(portal.url("/"))
    assert 'data-testid="ajakan-masuk"' in portal_home.text
    again = browser.get(portal.url("/sipekerja/"))
    assert "/login" in again.url and 'name="nip"' in again.text


def test_role_revoked_in_portal_ends_the_running_module_sign_in(portal, browser):
    nip = create_account(portal.app, "bidang")
    home = module_sign_in(browser, portal, nip)
    assert len(fitur_di(home.text)) == 3

    with portal.app.app_context():
        pegawai = akses_service.find_pegawai_by_nip(nip)
        akses_service.cabut_akses(pegawai=pegawai, modul="sipekerja", oleh=None)
        db.session.commit()

    # The running sign-in ends at once (its server-side record is closed): the next page signs
    # in again through the portal, and that sign-in carries the new roles.
    gate = browser.get(portal.url("/sipekerja/"), allow_redirects=False)
    assert gate.status_code == 302 and "/sipekerja/auth/login" in gate.headers["Location"]
    again = browser.get(portal.url("/sipekerja/"))
    assert again.status_code == 403
    assert "belum memiliki peran di SIPEKERJA" in again.text


def test_module_session_expires_after_its_lifetime(make_portal, browser):
    portal = make_portal(SIPEKERJA_SESSION_LIFETIME=timedelta(seconds=1))
    nip = create_account(portal.app, "utama")
    module_sign_in(browser, portal, nip)

    time.sleep(1.2)
    page = browser.get(portal.url("/sipekerja/"), allow_redirects=False)

    assert page.status_code == 302
    assert "/sipekerja/auth/login" in page.headers["Location"]


def test_sign_out_needs_a_csrf_token(portal, browser):
    nip = create_account(portal.app, "utama")
    module_sign_in(browser, portal, nip)

    refused = browser.post(portal.url("/sipekerja/auth/logout"), data={})

    assert refused.status_code == 400
    assert browser.get(portal.url("/sipekerja/")).status_code == 200


def test_wrong_portal_password_never_reaches_the_module(portal, browser):
    nip = create_account(portal.app, "utama")
    page = browser.get(portal.url("/sipekerja/"))

    refused = portal_login(browser, page, nip, password=PASSWORD + "x")

    assert refused.status_code == 401
    assert "NIP atau kata sandi salah." in refused.text
    assert "csrf_token" in refused.text and csrf_from(refused.text)
