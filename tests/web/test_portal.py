"""The portal stub: sign-in by NIP with throttling, Manajemen Akses Modul, CSRF and headers."""

from __future__ import annotations

import pytest

from portal_stub import create_app
from portal_stub.extensions import db
from portal_stub.models import AksesModul
from portal_stub.models import AuditAkses
from portal_stub.models import Pegawai
from tests.conftest import make_test_config
from tests.web.sso import ACCOUNTS
from tests.web.sso import PASSWORD
from tests.web.sso import create_account
from tests.web.sso import csrf_from


def login(client, nip, password=PASSWORD):
    return client.post("/login", data={"nip": nip, "password": password})


def pegawai_id(app, key):
    with app.app_context():
        return db.session.query(Pegawai.id).filter_by(nip=ACCOUNTS[key][0]).scalar()


# --- sign-in -----------------------------------------------------------------------------


def test_sign_in_accepts_nip_with_spaces_and_dots(app, client):
    create_account(app, "utama")

    response = login(client, "19930624 201507.1.002")

    assert response.status_code == 302
    assert 'data-portal-user="199306242015071002"' in client.get("/").text


def test_wrong_password_gets_an_indonesian_message(app, client):
    create_account(app, "utama")

    response = login(client, ACCOUNTS["utama"][0], "salah-sekali")

    assert response.status_code == 401
    assert "NIP atau kata sandi salah." in response.text


def test_malformed_nip_is_explained(app, client):
    response = login(client, "1234")

    assert response.status_code == 401
    assert "NIP harus 18 digit" in response.text


def test_repeated_failed_sign_ins_are_throttled(app, client):
    nip = create_account(app, "utama")

    statuses = [login(client, nip, "salah-sekali").status_code for _ in range(5)]
    blocked = login(client, nip)

    assert statuses == [401] * 5
    assert blocked.status_code == 429
    assert "Terlalu banyak percobaan masuk" in blocked.text


def test_successful_sign_ins_do_not_use_up_the_limit(app, client):
    nip = create_account(app, "utama")

    assert [login(client, nip).status_code for _ in range(7)] == [302] * 7


def test_sign_out_is_a_post_and_ends_the_portal_session(app, client):
    nip = create_account(app, "utama")
    login(client, nip)

    assert client.get("/logout").status_code == 405
    client.post("/logout")

    assert 'data-testid="ajakan-masuk"' in client.get("/").text


# --- Manajemen Akses Modul ---------------------------------------------------------------


def test_admin_page_asks_anonymous_users_to_sign_in(client):
    response = client.get("/admin/akses")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("akun", ["utama", "tanpa_akses"])
def test_admin_page_is_403_for_non_admins(app, client, akun):
    login(client, create_account(app, akun))

    assert client.get("/admin/akses").status_code == 403
    assert client.post(f"/admin/akses/{pegawai_id(app, akun)}/beri", data={"peran": "utama"}).status_code == 403
    with app.app_context():
        assert db.session.query(AuditAkses).filter_by(aksi="beri_akses").count() == (1 if akun == "utama" else 0)


def test_admin_lists_and_searches_pegawai(app, client):
    login(client, create_account(app, "admin"))
    create_account(app, "utama")
    create_account(app, "bidang")

    semua = client.get("/admin/akses")
    dicari = client.get("/admin/akses", query_string={"q": "19900110 2014"})

    assert semua.status_code == 200
    assert semua.text.count("<tr data-nip=") == 3
    assert dicari.text.count("<tr data-nip=") == 1
    assert 'data-nip="199001102014031004"' in dicari.text
    assert "BKPSDM-PPIK" in dicari.text


def _unit_modul(app, *kode: str) -> None:
    """The units SIPEKERJA knows (Referensi), offered by its tile descriptor to Manajemen Akses."""
    from tests import factories as f

    with app.app_context():
        pd = f.create_perangkat_daerah("BKPSDM", "BKPSDM Kabupaten Paser")
        for k in kode:
            f.create_unit(pd, k, f"Bidang {k.split('-')[-1].title()}", "bidang")
        db.session.commit()


def test_granting_and_revoking_access_is_audited(app, client):
    _unit_modul(app, "BKPSDM-MUTASI")
    admin_nip = login(client, create_account(app, "admin")) and ACCOUNTS["admin"][0]
    create_account(app, "tanpa_akses")
    target = pegawai_id(app, "tanpa_akses")

    granted = client.post(f"/admin/akses/{target}/beri", data={"peran": "bidang", "unit_kode": "bkpsdm-mutasi"},
                          follow_redirects=True)
    revoked = client.post(f"/admin/akses/{target}/cabut", follow_redirects=True)

    assert "kini Sekretariat/Bidang SIPEKERJA untuk unit BKPSDM-MUTASI" in granted.text
    assert "dicabut" in revoked.text
    with app.app_context():
        assert db.session.query(AksesModul).filter_by(pegawai_id=target).count() == 0
        audit = db.session.query(AuditAkses).filter(AuditAkses.aksi != "tambah_pegawai").order_by(AuditAkses.id).all()
        assert [(a.aksi, a.oleh_nip, a.pegawai_nip) for a in audit] == [
            ("beri_akses", admin_nip, ACCOUNTS["tanpa_akses"][0]),
            ("cabut_akses", admin_nip, ACCOUNTS["tanpa_akses"][0]),
        ]
        assert audit[0].sebelum is None
        assert audit[0].sesudah == {"modul": "sipekerja", "peran": "bidang", "unit_kode": "BKPSDM-MUTASI"}
        assert audit[1].sebelum == audit[0].sesudah and audit[1].sesudah is None
        assert all(a.created_dt is not None for a in audit)
    assert 'data-testid="audit-akses"' in revoked.text and "mencabut akses" in revoked.text


def test_the_bidang_unit_is_picked_from_the_modules_units_and_free_text_is_refused(app, client):
    _unit_modul(app, "BKPSDM-MUTASI", "BKPSDM-PPIK")
    login(client, create_account(app, "admin"))
    create_account(app, "tanpa_akses")
    target = pegawai_id(app, "tanpa_akses")

    halaman = client.get("/admin/akses").text
    assert '<select name="unit_kode"' in halaman
    assert '<option value="BKPSDM-PPIK"' in halaman and "Bidang Ppik (BKPSDM-PPIK)" in halaman
    assert '<optgroup label="BKPSDM Kabupaten Paser">' in halaman

    for salah in ("BKPSDM-MUTASl", "bidang mutasi", "DINKES-UMUM"):
        response = client.post(f"/admin/akses/{target}/beri", data={"peran": "bidang", "unit_kode": salah},
                               follow_redirects=True)
        assert "tidak dikenal SIPEKERJA. Pilih unit kerja dari daftar" in response.text, salah
    refused = client.post("/admin/akses/pegawai", data={"nip": "19930624.201507.2.011", "nama": "Pegawai Baru",
                                                        "unit_kode": "BIDANG-ENTAH", "password": "sandi-awal-123"})
    assert refused.status_code == 400 and "Kode unit BIDANG-ENTAH tidak dikenal SIPEKERJA" in refused.text
    with app.app_context():
        assert db.session.query(AksesModul).filter_by(pegawai_id=target).count() == 0
        assert db.session.query(AuditAkses).filter(AuditAkses.aksi != "tambah_pegawai").count() == 0
        assert db.session.query(Pegawai).filter_by(nip="199306242015072011").count() == 0

    granted = client.post(f"/admin/akses/{target}/beri", data={"peran": "bidang", "unit_kode": "BKPSDM-PPIK"},
                          follow_redirects=True)
    assert "untuk unit BKPSDM-PPIK" in granted.text


def test_the_audit_log_reads_in_words_with_local_time(app, client):
    from datetime import datetime
    from datetime import timezone

    _unit_modul(app, "BKPSDM-MUTASI")
    login(client, create_account(app, "admin"))
    create_account(app, "tanpa_akses")
    target = pegawai_id(app, "tanpa_akses")
    client.post(f"/admin/akses/{target}/beri", data={"peran": "bidang", "unit_kode": "BKPSDM-MUTASI"})
    with app.app_context():
        rekaman = db.session.query(AuditAkses).filter_by(aksi="beri_akses").one()
        rekaman.created_dt = datetime(2024, 7, 31, 16, 30, tzinfo=timezone.utc)
        db.session.commit()
    teks = client.get("/admin/akses").text
    baris = teks[teks.index('data-aksi="beri_akses"'):]
    baris = baris[:baris.index("</tr>")]
    assert "1 Agustus 2024 00.30 WITA" in baris  # 16.30 UTC is past midnight in Tana Paser
    assert "memberi akses" in baris and "Sekretariat/Bidang SIPEKERJA · unit BKPSDM-MUTASI" in baris
    assert ACCOUNTS["tanpa_akses"][1] in baris  # the pegawai's name, not only the NIP
    assert "{" not in baris and "UTC" not in baris


def test_bidang_grant_needs_a_unit(app, client):
    login(client, create_account(app, "admin"))
    create_account(app, "tanpa_akses")

    response = client.post(f"/admin/akses/{pegawai_id(app, 'tanpa_akses')}/beri", data={"peran": "bidang"},
                           follow_redirects=True)

    assert "wajib disertai kode unit kerja" in response.text
    with app.app_context():
        assert db.session.query(AksesModul).count() == 0
        assert db.session.query(AuditAkses).filter_by(aksi="beri_akses").count() == 0


def test_admin_adds_a_pegawai_with_a_valid_nip_only(app, client):
    _unit_modul(app, "BKPSDM-PKA")
    login(client, create_account(app, "admin"))
    data = {"nama": "Pegawai Baru", "jabatan": "Analis", "unit_kode": "BKPSDM-PKA", "password": "sandi-awal-123"}

    refused = client.post("/admin/akses/pegawai", data={**data, "nip": "19930631 201507 1 002"})
    added = client.post("/admin/akses/pegawai", data={**data, "nip": "19930624.201507.2.011"}, follow_redirects=True)

    assert refused.status_code == 400
    assert "bukan tanggal yang valid" in refused.text
    assert "Pegawai Baru (199306242015072011) ditambahkan" in added.text
    with app.app_context():
        audit = db.session.query(AuditAkses).filter_by(aksi="tambah_pegawai", pegawai_nip="199306242015072011")
        assert audit.count() == 1


# --- CSRF and headers --------------------------------------------------------------------


@pytest.fixture
def csrf_app(app, database_url, tmp_path):
    """The portal with CSRF protection on (the default test config turns it off)."""
    return create_app(make_test_config(database_url, tmp_path, WTF_CSRF_ENABLED=True))


def test_posts_without_csrf_token_are_refused(csrf_app):
    client = csrf_app.test_client()
    create_account(csrf_app, "admin")
    create_account(csrf_app, "tanpa_akses")

    assert client.post("/login", data={"nip": ACCOUNTS["admin"][0], "password": PASSWORD}).status_code == 400
    page = client.get("/login")
    assert client.post("/login", data={"nip": ACCOUNTS["admin"][0], "password": PASSWORD,
                                       "csrf_token": csrf_from(page.text)}).status_code == 302
    target = pegawai_id(csrf_app, "tanpa_akses")
    refused = client.post(f"/admin/akses/{target}/beri", data={"peran": "utama"})

    assert refused.status_code == 400
    assert "Token formulir tidak ada" in refused.text
    with csrf_app.app_context():
        assert db.session.query(AksesModul).count() == 0


@pytest.mark.parametrize("path", ["/", "/login", "/sipekerja/", "/.well-known/openid-configuration", "/nope"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)

    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_session_cookie_is_httponly_lax_and_named_for_the_portal(app, client):
    create_account(app, "utama")

    cookie = login(client, ACCOUNTS["utama"][0]).headers["Set-Cookie"]

    assert cookie.startswith("simpadu_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
