"""The one role gate: every /sipekerja route except the sign-in endpoints refuses anonymous users."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import session

from portal_stub.extensions import db
from sipekerja_module.domain.akses import Fitur
from sipekerja_module.models import Pengguna
from sipekerja_module.models import UnitKerja
from sipekerja_module.views.permissions import require_fitur
from tests.masuk import catat_masuk
from tests.web.sso import seed_units

#: Endpoints that must be reachable without a module sign-in (they perform it).
SIGN_IN_ENDPOINTS = {"sipekerja.auth.login", "sipekerja.auth.callback", "sipekerja.auth.logout"}


def _module_routes(app):
    """(endpoint, method, url) of every module route, arguments filled with ``1``."""
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/sipekerja") or rule.endpoint in SIGN_IN_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            url = adapter.build(rule.endpoint, {name: 1 for name in rule.arguments}, method=method)
            yield rule.endpoint, method, url


def test_every_module_route_refuses_anonymous_requests(app):
    client = app.test_client()
    routes = list(_module_routes(app))
    assert ("sipekerja.home", "GET", "/sipekerja/") in routes

    for endpoint, method, url in routes:
        response = client.open(url, method=method)
        if response.status_code == 302:
            assert urlsplit(response.headers["Location"]).path == "/sipekerja/auth/login", (endpoint, method)
        else:
            assert response.status_code in (401, 403), (endpoint, method, response.status_code)


def test_the_sign_in_endpoints_are_the_only_public_module_routes(app):
    public = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("sipekerja.auth.")}
    assert public == SIGN_IN_ENDPOINTS


@pytest.mark.parametrize("path", ["/sipekerja/", "/sipekerja/?x=1"])
def test_anonymous_get_keeps_where_it_was_going(app, path):
    response = app.test_client().get(path)

    assert response.status_code == 302
    assert "next=" in response.headers["Location"]


@pytest.mark.parametrize(
    ("peran", "fitur", "ubah", "boleh"),
    [
        ("utama", "referensi", True, True),
        ("bidang", "referensi", False, False),
        ("bidang", "realisasi", True, True),
        ("pimpinan", "laporan", False, True),
        ("pimpinan", "pengukuran", True, False),
    ],
)
def test_require_fitur_lets_through_exactly_what_the_domain_allows(app, peran, fitur, ubah, boleh):
    @require_fitur(Fitur(fitur), ubah=ubah)
    def view():
        return "dibuka"

    with app.app_context():
        seed_units()
        unit = db.session.query(UnitKerja).filter_by(kode="BKPSDM-PPIK").one()
        pengguna = Pengguna(issuer=app.config["SIPEKERJA_OIDC_ISSUER"], subject="199001102014031004",
                            nip="199001102014031004", nama="Uji", peran=[peran], unit_kerja_id=unit.id)
        db.session.add(pengguna)
        db.session.commit()
        uid = pengguna.id

    with app.test_request_context("/sipekerja/"):
        catat_masuk(session, db.session.get(Pengguna, uid))
        result = view()

    if boleh:
        assert result == "dibuka"
    else:
        body, status = result
        assert status == 403
        assert "tidak berhak" in body
