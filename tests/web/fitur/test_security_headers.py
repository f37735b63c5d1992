"""Security headers on every page of the module and the portal (issue 7, "Hostile input"):
CSP ``default-src 'self'``, nosniff, frame denial; the session cookie HttpOnly and SameSite=Lax,
and Secure when the app is configured for HTTPS. The templates carry no inline style or
script the CSP would block."""

from __future__ import annotations

import io
import re
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from portal_stub import akses as akses_service
from portal_stub import create_app
from portal_stub.extensions import db
from sipekerja_module import TEMPLATE_DIR
from sipekerja_module.models import BuktiDukung
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import RapatEvaluasi
from sipekerja_module.models import Renstra
from sipekerja_module.models import StatusPeriodeUnit
from tests import berkas_contoh as contoh
from tests.conftest import make_test_config
from tests.masuk import masuk

ADMIN_NIP, PASSWORD = "198501012010011001", "kata-sandi-uji-123"
#: Routes not rendered by this app's views: files served by extensions.
STATIS = {"static", "bootstrap.static", "sipekerja.static"}


def _nilai_parameter(app, demo, client) -> dict[str, object]:
    """A real value for every path parameter a route of the app uses."""
    client.post("/sipekerja/realisasi/bukti?tahun=2024", content_type="multipart/form-data", data={
        "indikator_id": str(demo.ind["BKPSDM-PPIK"]), "bulan": "6", "berkas": (io.BytesIO(contoh.pdf()), "sk.pdf")})
    with app.app_context():
        first = lambda model, **f: db.session.execute(  # noqa: E731
            select(model.id).filter_by(**f).order_by(model.id).limit(1)).scalar_one()
        return {
            "indikator_id": demo.ind["BKPSDM-PPIK"], "node_id": demo.sub["BKPSDM-PPIK"],
            "objek_id": demo.ind["BKPSDM-PPIK"], "tipe": "Indikator",
            "status_id": first(StatusPeriodeUnit), "jendela_id": first(JendelaInput),
            "bukti_id": first(BuktiDukung), "pd_id": first(PerangkatDaerah),
            "jenis": _jenis_laporan(), "unit_id": demo.unit["BKPSDM-PPIK"], "pk_id": first(PerjanjianKinerja),
            "rapat_id": first(RapatEvaluasi), "renstra_id": first(Renstra),
            "tugas_id": "0" * 32,  # a kabupaten report job (well-formed id)
        }


def _jenis_laporan() -> str:
    from sipekerja_module.views.laporan import JENIS_LAPORAN

    return next(iter(JENIS_LAPORAN))


def _get_urls(app, nilai) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in STATIS:
            continue
        if not (rule.endpoint.startswith(("sipekerja.", "portal.", "admin.", "oidc.")) or rule.endpoint == "static"):
            continue
        hilang = set(rule.arguments) - set(nilai)
        assert not hilang, f"{rule.endpoint}: give the headers test a real value for {hilang}"
        url = rule.rule
        for arg in rule.arguments:
            url = re.sub(rf"<(?:\w+:)?{arg}>", str(nilai[arg]), url)
        query = "?tahun=2024" if rule.endpoint.startswith("sipekerja.") else ""
        if url.endswith("/indikator/baru"):
            query += f"&induk=node:{nilai['node_id']}"  # a new indicator hangs on a plan node
        urls.append((rule.endpoint, url + query))
    return sorted(urls)


@pytest.fixture
def utama_portal(app, demo, client_as):
    """Utama signed in to the module, and a portal admin session on the same client."""
    with app.app_context():
        akses_service.tambah_pegawai(nip=ADMIN_NIP, nama="Admin Portal", jabatan="Admin", unit_kode="BKPSDM",
                                     password=PASSWORD, is_admin=True, oleh=None)
        db.session.commit()
    client = client_as("utama")
    assert client.post("/login", data={"nip": ADMIN_NIP, "password": PASSWORD}).status_code == 302
    with app.app_context():  # the portal sign-in renewed the session: sign in to the module again
        masuk(client, db.session.get(Pengguna, demo.pengguna["utama"]))
    return client


#: Pages only a kabupaten-level pimpinan opens (and the Admin Kabupaten's pages): the walking Utama
#: gets their 403 page.
HANYA_KABUPATEN = {"sipekerja.kabupaten.index", "sipekerja.kabupaten.buka", "sipekerja.kabupaten.unduh_pdf",
                   "sipekerja.kabupaten.unduh_xlsx", "sipekerja.kabupaten.unduh_csv",
                   "sipekerja.kabupaten.laporan_tugas", "sipekerja.kabupaten.status_laporan",
                   "sipekerja.kabupaten.unduh_laporan"}


#: Files the demo does not hold (its evaluation meeting has no minutes): the 404 page carries the headers too.
TANPA_BERKAS_DEMO = {"sipekerja.tindak_lanjut.lihat_notulen"}


def _frame_ditolak(response) -> bool:
    csp = response.headers.get("Content-Security-Policy", "")
    return response.headers.get("X-Frame-Options") == "DENY" or "frame-ancestors 'none'" in csp \
        or ("sandbox" in csp and "default-src 'none'" in csp)


def test_every_page_sends_the_security_headers_and_no_inline_style_or_script(app, demo, client_as, utama_portal):
    client = utama_portal
    ppik = client_as("ppik")
    with app.app_context():  # an open window, so the evidence upload below is accepted
        jendela = db.session.execute(select(JendelaInput).filter_by(tahun_id=demo.tahun, triwulan=2)).scalar_one()
        jendela.status, jendela.dibuka_kembali_sampai_dt = "dibuka_kembali", datetime.now(timezone.utc) + timedelta(7)
        db.session.commit()
    nilai = _nilai_parameter(app, demo, ppik)
    urls = _get_urls(app, nilai)
    assert len(urls) >= 25, urls
    halaman_html = modul_dibuka = 0
    for endpoint, url in urls:
        response = client.get(url)
        response.close()
        modul_dibuka += endpoint.startswith("sipekerja.") and response.status_code == 200
        # the module's sign-in answers 502 when the provider (http://portal.test here) is unreachable
        assert response.status_code < 500 or (endpoint, response.status_code) == ("sipekerja.auth.login", 502), \
            (endpoint, url, response.status_code)
        if endpoint.startswith(("oidc.", "sipekerja.auth.")) or endpoint == "portal.login":
            # protocol endpoints answer a bare GET with a refusal (no token, no client): still headers
            assert response.status_code in (200, 302, 400, 401, 502), (endpoint, response.status_code)
        elif endpoint in HANYA_KABUPATEN or endpoint.startswith("sipekerja.admin_kabupaten."):
            # Utama stays signed in the whole walk (a bare GET of the callback no longer signs
            # anyone out, issue 14): the kabupaten-level pages refuse it, with the headers.
            assert response.status_code == 403, (endpoint, url, response.status_code)
        elif endpoint in TANPA_BERKAS_DEMO:
            assert response.status_code == 404, (endpoint, url, response.status_code)
        else:
            assert response.status_code in (200, 302), (endpoint, url, response.status_code)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp or "default-src 'none'" in csp, (endpoint, csp)
        assert response.headers.get("X-Content-Type-Options") == "nosniff", endpoint
        assert _frame_ditolak(response), (endpoint, dict(response.headers))
        if response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            halaman_html += 1
            assert not re.search(r"\sstyle\s*=", html), (endpoint, re.search(r".{60}\sstyle\s*=.{60}", html))
            assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>\s*\S", html), endpoint
            assert not re.search(r"\son[a-z]+\s*=\s*[\"']", html), endpoint
    assert halaman_html >= 15
    # The module's pages are seen signed in, not as sign-in redirects (a bare GET of the
    # callback used to sign the walking client out half-way).
    assert modul_dibuka >= 20, modul_dibuka


def test_error_pages_and_downloads_carry_the_headers_too(client_as, demo):
    client = client_as("utama")
    for url in ("/sipekerja/perencanaan/indikator/999999", "/tidak-ada", "/sipekerja/static/sipekerja.js",
                "/sipekerja/perencanaan/xlsx?tahun=2024&unit=%d" % demo.unit["BKPSDM-PPIK"]):
        with client.get(url) as response:
            assert "default-src 'self'" in response.headers["Content-Security-Policy"], url
            assert response.headers["X-Content-Type-Options"] == "nosniff", url
            assert response.headers["X-Frame-Options"] == "DENY", url


def _cookie_sesi(response, nama="simpadu_session") -> str:
    cookies = [v for v in response.headers.getlist("Set-Cookie") if v.startswith(nama + "=")]
    assert cookies, response.headers.getlist("Set-Cookie")
    return cookies[-1]


def _masuk_portal(app) -> str:
    with app.app_context():
        akses_service.tambah_pegawai(nip=ADMIN_NIP, nama="Admin Portal", jabatan="Admin", unit_kode="BKPSDM",
                                     password=PASSWORD, is_admin=True, oleh=None)
        db.session.commit()
    response = app.test_client().post("/login", data={"nip": ADMIN_NIP, "password": PASSWORD})
    assert response.status_code == 302
    return _cookie_sesi(response)


def test_session_cookie_is_httponly_and_samesite_lax_but_not_secure_over_http(app):
    cookie = _masuk_portal(app).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "secure" not in cookie.replace("samesite", "")


def test_session_cookie_is_secure_when_configured_for_https(database_url, _schema, tmp_path, app):
    https = create_app(make_test_config(database_url, tmp_path, SESSION_COOKIE_SECURE=True,
                                        REMEMBER_COOKIE_SECURE=True))
    cookie = _masuk_portal(https).lower()
    assert "; secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


TEMPLATE_MERAH = [
    (re.compile(r"\sstyle\s*=", re.I), "inline style= attribute"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "inline <script> body"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"'{]", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_no_inline_style_or_script():
    """CSP ``default-src 'self'`` blocks inline styles, scripts and handlers: none may exist."""
    root = Path(TEMPLATE_DIR)
    berkas = sorted(root.rglob("*.html"))
    assert len(berkas) >= 20
    temuan = []
    for path in berkas:
        teks = path.read_text(encoding="utf-8")
        for pola, apa in TEMPLATE_MERAH:
            for m in pola.finditer(teks):
                baris = teks.count("\n", 0, m.start()) + 1
                temuan.append(f"{path.relative_to(root)}:{baris}: {apa}")
    assert temuan == []
