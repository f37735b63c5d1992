"""Helpers for the single-sign-on tests: the portal with the module mounted, served for real
on a loopback port in a thread (PLATFORM_NOTES §1, testing note), driven by ``requests``.

The module's client speaks real HTTP to the provider, so nothing here is a mock of our own
components. ``rogue_provider`` is a test double at the provider boundary only: a minimal OIDC
provider whose id_tokens can be made wrong on purpose (bad signature, audience, issuer, nonce).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from urllib.parse import urlencode

import requests
from flask import Flask
from flask import jsonify
from flask import redirect
from flask import request
from joserfc import jwt
from joserfc.jwk import ECKey
from joserfc.jwk import KeySet
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

from portal_stub import akses as akses_service
from portal_stub.extensions import db
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import UnitKerja

PASSWORD = "kata-sandi-uji-123"
CLIENT_ID = "sipekerja"
CLIENT_SECRET = "rahasia-klien-uji"

#: (kode, nama, jenis) of the BKPSDM units, the codes fixed by the module's demo data.
UNITS = (
    ("BKPSDM-SEKRETARIAT", "Sekretariat", "sekretariat"),
    ("BKPSDM-PPIK", "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", "bidang"),
    ("BKPSDM-MUTASI", "Bidang Mutasi dan Promosi", "bidang"),
    ("BKPSDM-PKA", "Bidang Pengembangan Kompetensi Aparatur", "bidang"),
    ("BKPSDM-PENILAIAN", "Bidang Penilaian Kinerja dan Penghargaan", "bidang"),
)

#: Test accounts: key → (NIP, nama, unit kode, SIPEKERJA role, unit of the role, portal admin)
ACCOUNTS = {
    "admin": ("198501012010011001", "Admin Portal", "BKPSDM", None, None, True),
    "utama": ("199306242015071002", "Admin Perencanaan", "BKPSDM-SEKRETARIAT", "utama", None, False),
    "bidang": ("199001102014031004", "Operator PPIK", "BKPSDM-PPIK", "bidang", "BKPSDM-PPIK", False),
    "pimpinan": ("197504121998031008", "Kepala BKPSDM", "BKPSDM", "pimpinan", None, False),
    "tanpa_akses": ("199508172019031009", "Pegawai Tanpa Akses", "BKPSDM-MUTASI", None, None, False),
    "bidang_asing": ("198811202012121005", "Operator Unit Asing", "DINKES-UMUM", "bidang", "DINKES-UMUM", False),
}

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The first CSRF token in a page."""
    match = CSRF_RE.search(html)
    assert match, "no CSRF token in page"
    return match.group(1)


def fitur_di(html: str) -> list[str]:
    """The ``data-fitur`` codes shown on the module home, in order."""
    return re.findall(r'data-fitur="([a-z]+)"', html)


@dataclass
class Live:
    """A served app: ``url(path)`` builds absolute URLs."""

    app: Flask
    base: str
    server: Any
    thread: threading.Thread

    def url(self, path: str) -> str:
        return self.base + path

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def serve(app: Flask) -> Live:
    """Bind ``app`` to a free loopback port; call ``start`` on the result after configuring."""
    # threaded: the module's callback calls the provider's token endpoint on this same server.
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    return Live(app=app, base=f"http://127.0.0.1:{server.server_port}", server=server, thread=thread)


def seed_units() -> None:
    """The module's reference rows the unit claims resolve to."""
    pd = PerangkatDaerah(kode="BKPSDM", nama="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
    db.session.add(pd)
    db.session.flush()
    for urutan, (kode, nama, jenis) in enumerate(UNITS):
        db.session.add(UnitKerja(perangkat_daerah_id=pd.id, kode=kode, nama=nama, jenis=jenis, urutan=urutan))
    db.session.flush()


def create_account(app: Flask, key: str) -> str:
    """Create one test pegawai (and its grant) through the portal's own service; return the NIP."""
    nip, nama, unit, peran, unit_peran, is_admin = ACCOUNTS[key]
    with app.app_context():
        pegawai = akses_service.tambah_pegawai(nip=nip, nama=nama, jabatan="Jabatan uji", unit_kode=unit,
                                               password=PASSWORD, is_admin=is_admin, oleh=None)
        if peran:
            akses_service.beri_akses(pegawai=pegawai, modul="sipekerja", peran=peran, unit_kode=unit_peran, oleh=None)
        db.session.commit()
    return nip


def portal_login(browser: requests.Session, page: requests.Response, nip: str, password: str = PASSWORD):
    """Submit the portal login form shown in ``page`` (its action keeps the ``next``)."""
    assert 'name="nip"' in page.text, page.text[:500]
    return browser.post(page.url, data={"csrf_token": csrf_from(page.text), "nip": nip, "password": password})


def session_of(browser: requests.Session, live: Live) -> dict:
    """The decoded session ``browser`` holds for ``live``'s app.

    The module's sign-in lives in keys *inside* the signed cookie, so tests must decode it to
    see them; cookie names alone say nothing. An absent cookie is an empty session.
    """
    value = browser.cookies.get(live.app.config["SESSION_COOKIE_NAME"])
    if value is None:
        return {}
    return dict(live.app.session_interface.get_signing_serializer(live.app).loads(value))


def module_sign_in(browser: requests.Session, live: Live, nip: str, start: str = "/sipekerja/"):
    """Click the tile: open ``start``, sign in at the portal when asked, follow every redirect."""
    page = browser.get(live.url(start))
    if 'name="nip"' in page.text and "/login" in page.url:
        page = portal_login(browser, page, nip)
    return page


def module_logout(browser: requests.Session, live: Live, home: requests.Response):
    """Press "Keluar dari SI PEKERJA" on a module page."""
    return browser.post(live.url("/sipekerja/auth/logout"), data={"csrf_token": csrf_from(home.text)})


# --- the rogue provider (test double at the provider boundary) ---------------------------


@dataclass
class RogueProvider:
    """A minimal OIDC provider that signs in a fixed user and can lie in its id_token.

    ``fault`` is one of ``None`` (a correct provider), ``"signature"``, ``"aud"``, ``"iss"``,
    ``"nonce"`` or ``"sub"`` (userinfo for another subject). ``alg`` is how it signs: ``RS256``
    (default), ``ES256`` (with ``es_key``), ``none`` (an unsigned token) or ``HS256-public``
    (HMAC whose secret is its own public RSA key, the classic key-confusion attack);
    ``advertised_algs`` is what its discovery claims. ``iss_param`` is added to the
    authorization response (RFC 9207) when set; ``rotate()`` switches to a new key and kid.
    """

    live: Live | None = None
    fault: str | None = None
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, parameters={"alg": "RS256", "use": "sig"},
                                                                      auto_kid=True))
    codes: dict[str, dict] = field(default_factory=dict)
    alg: str = "RS256"
    advertised_algs: list[str] = field(default_factory=lambda: ["RS256"])
    iss_param: str | None = None
    extra_metadata: dict[str, Any] = field(default_factory=dict)
    es_key: ECKey = field(default_factory=lambda: ECKey.generate_key("P-256", parameters={"alg": "ES256", "use": "sig"},
                                                                    auto_kid=True))
    claims: dict[str, Any] = field(default_factory=lambda: {
        "sub": "199306242015071002", "nip": "199306242015071002", "name": "Admin Perencanaan",
        "roles": ["sipekerja:utama"], "unit_kerja": "BKPSDM-SEKRETARIAT"})

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {**self.claims, "iss": self.live.base, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "auth_time": now, "nonce": nonce}
        if self.fault == "aud":
            claims["aud"] = "aplikasi-lain"
        if self.fault == "iss":
            claims["iss"] = "http://penyedia-palsu.invalid"
        if self.fault == "nonce":
            claims["nonce"] = "bukan-nonce-permintaan-ini"
        if self.alg == "none":
            head = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
            return head + "." + _b64(json.dumps(claims).encode()) + "."
        if self.alg == "HS256-public":
            secret = self.key.as_pem(private=False)
            signing_input = (_b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": self.key.kid}).encode()) + "."
                             + _b64(json.dumps(claims).encode()))
            mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
            return signing_input + "." + _b64(mac)
        if self.alg == "ES256":
            return jwt.encode({"alg": "ES256", "kid": self.es_key.kid}, claims, KeySet([self.es_key]))
        token = jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, KeySet([self.key]))
        if self.fault == "signature":
            head, body, sig = token.split(".")
            raw = bytearray(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
            raw[0] ^= 0xFF
            token = ".".join([head, body, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()])
        return token

    def rotate(self) -> None:
        """Switch to a fresh RSA key: a new kid that relying parties have not cached yet."""
        self.key = RSAKey.generate_key(2048, parameters={"alg": "RS256", "use": "sig"}, auto_kid=True)

    def public_jwks(self) -> dict:
        return KeySet([self.key, self.es_key]).as_dict(private=False)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def rogue_app(rogue: RogueProvider) -> Flask:
    app = Flask("rogue_provider")

    @app.get("/.well-known/openid-configuration")
    def discovery():
        base = rogue.live.base
        return jsonify({
            "issuer": base, "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
            "userinfo_endpoint": base + "/userinfo", "jwks_uri": base + "/jwks",
            "end_session_endpoint": base + "/logout", "response_types_supported": ["code"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": rogue.advertised_algs,
            "code_challenge_methods_supported": ["S256"], **rogue.extra_metadata,
        })

    @app.get("/jwks")
    def jwks():
        return jsonify(rogue.public_jwks())

    @app.get("/authorize")
    def authorize():
        code = secrets.token_urlsafe(16)
        rogue.codes[code] = dict(request.args)
        answer = {"code": code, "state": request.args["state"]}
        if rogue.iss_param is not None:
            answer["iss"] = rogue.iss_param
        return redirect(request.args["redirect_uri"] + "?" + urlencode(answer))

    @app.post("/token")
    def token():
        data = rogue.codes.pop(request.form["code"])
        challenge = base64.urlsafe_b64encode(hashlib.sha256(request.form["code_verifier"].encode()).digest())
        assert challenge.rstrip(b"=").decode() == data["code_challenge"]
        return jsonify({"access_token": "akses-" + secrets.token_urlsafe(8), "token_type": "Bearer",
                        "expires_in": 300, "id_token": rogue.id_token(data["nonce"])})

    @app.get("/userinfo")
    def userinfo():
        claims = dict(rogue.claims)
        if rogue.fault == "sub":
            claims["sub"] = "197504121998031008"
        return jsonify(claims)

    return app
