"""Several hosts, proven (issue 18 item 5): two gunicorn app hosts behind HAProxy, one RQ worker,
PostgreSQL, Redis and SeaweedFS's S3 (tests/multihost/kluster.py). Real HTTP clients with a cookie
jar sign in through the portal's OIDC flow via the proxy, then talk to each host directly, so
which host served a request is known. The layout is docs/deployment.md's."""

from __future__ import annotations

import hashlib
import io
import re
import time

import pytest
import requests

from tests.multihost.kluster import NIP_KABUPATEN

pytestmark = pytest.mark.multihost

NIP_PPIK = "199001102014031004"  # Operator Bidang PPIK (`flask portal demo`)
BULAN_JUNI = "/sipekerja/realisasi/?bulan=6&tahun=2024"
KABUPATEN = "/sipekerja/kabupaten/?tahun=2024"
CSRF_RE = (re.compile(r'name="csrf_token"[^>]*value="([^"]+)"'), re.compile(r'value="([^"]+)"[^>]*name="csrf_token"'))
WAKTU = 60
COOKIE_SESI = "simpadu_session"  # SESSION_COOKIE_NAME of the portal


def pdf_unik(teks: str) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, f"SK Juni {teks}")
    c.save()
    return buf.getvalue()


def token(html: str) -> str:
    for pola in CSRF_RE:
        if cocok := pola.search(html):
            return cocok.group(1)
    raise AssertionError("halaman tanpa token CSRF")


def masuk(proxy: str, nip: str, password: str, mulai: str) -> requests.Session:
    """Sign in as a browser does, through the proxy: a module page → the module's OIDC redirect →
    the portal's login form → authorization and callback back to the module."""
    browser = requests.Session()
    halaman = browser.get(proxy + mulai, timeout=WAKTU)
    assert 'name="nip"' in halaman.text, f"formulir masuk portal tidak muncul: {halaman.status_code} {halaman.url}"
    halaman = browser.post(halaman.url, data={"csrf_token": token(halaman.text), "nip": nip, "password": password},
                           timeout=WAKTU)
    assert halaman.status_code == 200 and halaman.url.startswith(proxy + "/sipekerja/"), \
        f"masuk gagal untuk {nip}: {halaman.status_code} {halaman.url}\n{halaman.text[:400]}"
    return browser


@pytest.fixture(scope="module")
def bidang(kluster) -> requests.Session:
    return masuk(kluster.proxy, NIP_PPIK, kluster.password, BULAN_JUNI)


@pytest.fixture(scope="module")
def kabupaten(kluster) -> requests.Session:
    return masuk(kluster.proxy, NIP_KABUPATEN, kluster.password, KABUPATEN)


def test_the_proxy_shares_requests_between_both_hosts(kluster, bidang):
    dilayani = {bidang.get(kluster.proxy + BULAN_JUNI, timeout=WAKTU).headers.get("X-Served-By") for _ in range(6)}
    assert dilayani == {"hostA", "hostB"}


def isi_sesi(kluster, browser: requests.Session) -> dict:
    """What the browser's session cookie holds, its signature checked with the hosts' shared key.

    Not the cookie's raw value: the portal's session is permanent, so every response of either host
    sends it again (Flask's SESSION_REFRESH_EACH_REQUEST, the sliding expiry), signed with the current
    second; the value changes whenever a second has passed, within one and the same sign-in."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    kunci = Flask("multihost")
    kunci.secret_key = kluster.env["SIMPADU_SECRET_KEY"]
    nilai = browser.cookies.get(COOKIE_SESI)  # one cookie of that name, or CookieConflictError
    assert nilai, f"tanpa cookie {COOKIE_SESI}: {list(browser.cookies.keys())}"
    return dict(SecureCookieSessionInterface().get_signing_serializer(kunci).loads(nilai))


def test_a_sign_in_survives_moving_between_hosts(kluster, bidang):
    nama_cookie = sorted(bidang.cookies.keys())
    sesi = isi_sesi(kluster, bidang)
    assert sesi.get("_user_id"), sesi  # signed in to the portal
    for nama in ("A", "B", "A", "B"):
        halaman = bidang.get(kluster.host[nama] + BULAN_JUNI, timeout=WAKTU, allow_redirects=False)
        assert halaman.status_code == 200, f"host {nama}: {halaman.status_code} {halaman.headers.get('Location')}"
        assert "Realisasi Juni 2024" in halaman.text and 'name="nip"' not in halaman.text
        # The same session served both hosts: neither signed the user in afresh, nor changed or dropped it.
        assert isi_sesi(kluster, bidang) == sesi, f"host {nama} mengubah sesi"
    assert sorted(bidang.cookies.keys()) == nama_cookie
    # A client without the cookie is sent to sign in by either host.
    for nama in ("A", "B"):
        tamu = requests.get(kluster.host[nama] + BULAN_JUNI, timeout=WAKTU, allow_redirects=False)
        assert tamu.status_code in (302, 303)


def test_a_save_through_host_a_is_seen_at_once_through_host_b(kluster, bidang):
    a, b = kluster.host["A"], kluster.host["B"]
    sebelum = bidang.get(b + BULAN_JUNI, timeout=WAKTU).text  # host B renders (and caches) the month first
    indikator = re.search(r'name="k-(\d+)-nilai"', sebelum).group(1)
    assert 'value="4.321,5"' not in sebelum
    form = bidang.get(a + BULAN_JUNI, timeout=WAKTU).text
    simpan = bidang.post(a + BULAN_JUNI, data={"csrf_token": token(form), f"k-{indikator}-nilai": "4.321,5"},
                         timeout=WAKTU, allow_redirects=False)
    assert simpan.status_code == 302, simpan.text[:400]
    sesudah = bidang.get(b + BULAN_JUNI, timeout=WAKTU).text
    assert re.search(rf'name="k-{indikator}-nilai"[^>]*value="4.321,5"|value="4.321,5"[^>]*name="k-{indikator}-nilai"',
                     sesudah), "host B masih menampilkan halaman sebelum simpan"


def test_evidence_uploaded_through_host_a_downloads_identical_through_host_b(kluster, bidang):
    a, b = kluster.host["A"], kluster.host["B"]
    halaman = bidang.get(a + BULAN_JUNI, timeout=WAKTU).text
    indikator = re.search(r'name="k-(\d+)-nilai"', halaman).group(1)
    isi = pdf_unik(kluster.db_nama)  # bytes of this run only: a new object in the bucket
    unggah = bidang.post(a + "/sipekerja/realisasi/bukti?tahun=2024",
                         data={"csrf_token": token(halaman), "indikator_id": indikator, "bulan": "6"},
                         files={"berkas": ("SK Juni multihost.pdf", isi, "application/pdf")},
                         timeout=WAKTU, allow_redirects=False)
    assert unggah.status_code == 302, re.findall(r'class="alert[^"]*"[^>]*>(.*?)<', unggah.text, re.S)
    di_b = bidang.get(b + BULAN_JUNI, timeout=WAKTU).text
    assert "SK Juni multihost.pdf" in di_b
    bukti_id = max(int(i) for i in re.findall(r'/sipekerja/realisasi/bukti/(\d+)(?=[?"])', di_b))
    unduh = bidang.get(f"{b}/sipekerja/realisasi/bukti/{bukti_id}", timeout=WAKTU)
    assert unduh.status_code == 200 and unduh.content == isi
    # The bytes live in the shared S3 bucket, under their content hash.
    kunci = [o["Key"] for o in kluster.s3.client().list_objects_v2(Bucket=kluster.bucket).get("Contents", [])]
    assert any(k.endswith(hashlib.sha256(isi).hexdigest()) for k in kunci)


def test_a_kabupaten_report_asked_through_a_is_built_by_the_worker_and_downloaded_through_b(kluster, kabupaten):
    from pypdf import PdfReader

    a, b = kluster.host["A"], kluster.host["B"]
    halaman = kabupaten.get(a + KABUPATEN, timeout=WAKTU).text
    minta = kabupaten.post(a + "/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                           data={"csrf_token": token(halaman), "periode": "tahun", "ukuran": "A4", "format": "pdf"},
                           timeout=WAKTU, allow_redirects=False)
    assert minta.status_code == 302, minta.text[:400]
    tugas_id = re.search(r"/tugas/([0-9a-f]{32})", minta.headers["Location"]).group(1)
    status_url = f"{b}/sipekerja/kabupaten/laporan-pengukuran/tugas/{tugas_id}/status"
    akhir, status = time.monotonic() + 180, {}
    while time.monotonic() < akhir:
        status = kabupaten.get(status_url, timeout=WAKTU).json()
        if status["status"] in ("siap", "gagal"):
            break
        time.sleep(0.5)
    assert status.get("status") == "siap", status
    unduh = kabupaten.get(b + status["unduh"], timeout=WAKTU)
    assert unduh.status_code == 200 and unduh.content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(unduh.content)).pages) >= 1
    assert tugas_id in kluster.log_worker(), "laporan tidak dibangun oleh worker"
    # No shared file system: the worker left the job's record and file in the bucket, where B read them.
    objek = kluster.s3.client().list_objects_v2(Bucket=kluster.bucket, Prefix=f"laporan/{tugas_id}/")
    assert sorted(o["Key"] for o in objek.get("Contents", [])) == [f"laporan/{tugas_id}/berkas.pdf",
                                                                  f"laporan/{tugas_id}/meta.json"]
    berkas = kluster.s3.client().get_object(Bucket=kluster.bucket, Key=f"laporan/{tugas_id}/berkas.pdf")
    assert berkas["Body"].read() == unduh.content
