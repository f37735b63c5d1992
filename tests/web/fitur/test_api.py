"""The read-only JSON API (/sipekerja/api/v1/) and its personal access tokens (issue 17, Data out)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal_stub import akses as akses_service
from portal_stub.extensions import db
from portal_stub.models import Pegawai
from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.data_rencana import saring_terverifikasi
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.periode import Periode
from sipekerja_module.models import AuditLog
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import TokenApi
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.views.api_json import angka
from sipekerja_module.views.api_skema import POLA_ANGKA
from tests import factories as f
from tests.integration.test_monitoring import _perbesar
from tests.masuk import masuk
from tests.querycount import QueryCounter
from tests.web.fitur.test_kabupaten import dua_pd  # noqa: F401 - the fixture

API = "/sipekerja/api/v1"
HALAMAN = "/sipekerja/token-api/"
NIP_MUTASI = "198811202012121005"
TOKEN = re.compile(r'value="(spk_[A-Za-z0-9_-]{43})"')


def buat_token(client, nama: str = "Dasbor kinerja", kedaluwarsa: str = "") -> str:
    """Create a token on the page and read its secret from the response (shown once)."""
    response = client.post(HALAMAN, data={"nama": nama, "kedaluwarsa": kedaluwarsa})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return TOKEN.search(response.get_data(as_text=True))[1]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def token_of(app, client_as):
    return lambda key: buat_token(client_as(key), nama=f"Token {key}")


def _angka_semua(node, jalur=""):
    """Every string under a numeric key, for the canonical-decimal check."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _angka_semua(v, f"{jalur}.{k}")
    elif isinstance(node, list):
        for v in node:
            yield from _angka_semua(v, jalur)
    else:
        yield jalur, node


# --- tokens --------------------------------------------------------------------------------------


def test_a_token_is_shown_once_and_stored_only_as_its_sha256(app, client_as):
    client = client_as("utama")
    rahasia = buat_token(client, "Integrasi e-SAKIP", (date.today() + timedelta(days=30)).isoformat())
    with app.app_context():
        token = db.session.execute(select(TokenApi)).scalar_one()
        assert token.token_hash == hashlib.sha256(rahasia.encode()).hexdigest()
        assert rahasia not in {token.nama, token.awalan, token.token_hash} and token.awalan == rahasia[:8]
        assert token.kedaluwarsa_dt is not None
        assert db.session.execute(select(AuditLog).filter_by(aksi="buat_token_api")).scalar_one()
    halaman = client.get(HALAMAN).get_data(as_text=True)
    assert "Integrasi e-SAKIP" in halaman and rahasia not in halaman and rahasia[:8] in halaman
    assert "/sipekerja/api/v1/capaian" in halaman and "termasuk_belum_diverifikasi" in halaman
    assert 'data-menu="token-api"' in client.get("/sipekerja/").get_data(as_text=True)


def test_the_token_answers_with_its_users_data_and_the_session_works_too(client_as, token_of, app):
    token = token_of("utama")
    anonim = app.test_client()
    assert anonim.get(f"{API}/unit", headers=bearer(token)).json["unit"]
    assert client_as("pimpinan").get(f"{API}/unit").status_code == 200
    response = anonim.get(f"{API}/unit")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Belum masuk" in response.json["galat"]["pesan"]


@pytest.mark.parametrize("header", ["Bearer spk_tidak-ada", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + "x" * 600])
def test_an_unknown_or_malformed_token_is_401_in_json(app, header):
    response = app.test_client().get(f"{API}/tahun", headers={"Authorization": header})
    assert response.status_code == 401 and response.is_json and response.json["galat"]["kode"] == 401


def test_a_revoked_token_is_401_with_an_indonesian_reason(app, client_as):
    client = client_as("ppik")
    token = buat_token(client)
    assert app.test_client().get(f"{API}/rencana?tahun=2024", headers=bearer(token)).status_code == 200
    with app.app_context():
        token_id = db.session.execute(select(TokenApi.id)).scalar_one()
    assert client.post(f"{HALAMAN}{token_id}/cabut").status_code == 302
    response = app.test_client().get(f"{API}/rencana?tahun=2024", headers=bearer(token))
    assert response.status_code == 401 and response.json["galat"]["pesan"] == "Token API sudah dicabut."
    assert "Dicabut" in client.get(HALAMAN).get_data(as_text=True)


def test_an_expired_token_is_401(app, client_as):
    token = buat_token(client_as("utama"), kedaluwarsa=(date.today() + timedelta(days=2)).isoformat())
    with app.app_context():
        row = db.session.execute(select(TokenApi)).scalar_one()
        row.kedaluwarsa_dt = datetime.now(timezone.utc) - timedelta(seconds=1)
        db.session.commit()
    response = app.test_client().get(f"{API}/tahun", headers=bearer(token))
    assert response.status_code == 401 and "kedaluwarsa" in response.json["galat"]["pesan"]


def test_a_user_can_revoke_only_their_own_token(app, client_as):
    buat_token(client_as("ppik"))
    with app.app_context():
        token_id = db.session.execute(select(TokenApi.id)).scalar_one()
    assert client_as("mutasi").post(f"{HALAMAN}{token_id}/cabut").status_code == 404
    with app.app_context():
        assert db.session.get(TokenApi, token_id).dicabut_dt is None


def test_the_token_acts_with_the_roles_as_currently_known(app, client_as, demo):
    """Roles taken away from the user (as stored) → 403 at once; the portal withdrawing the user's access
    (Manajemen Akses Modul) revokes the token in the same transaction (the module learns the new roles
    only at the next sign-in) → 401."""
    with app.app_context():
        pegawai = akses_service.tambah_pegawai(nip=NIP_MUTASI, nama="Operator Mutasi", jabatan="PPTK",
                                               unit_kode="BKPSDM-MUTASI", password="kata-sandi-uji-1", oleh=None)
        akses_service.beri_akses(pegawai=pegawai, modul="sipekerja", peran="bidang", unit_kode="BKPSDM-MUTASI",
                                 oleh=None)
        db.session.commit()
    token = buat_token(client_as("mutasi"))
    klien = app.test_client()
    assert klien.get(f"{API}/tahun", headers=bearer(token)).status_code == 200
    with app.app_context():
        pengguna = db.session.get(Pengguna, demo.pengguna["mutasi"])
        peran = pengguna.peran
        pengguna.peran = []
        db.session.commit()
    response = klien.get(f"{API}/tahun", headers=bearer(token))
    assert response.status_code == 403 and "belum memiliki peran" in response.json["galat"]["pesan"]
    with app.app_context():
        db.session.get(Pengguna, demo.pengguna["mutasi"]).peran = peran
        db.session.commit()
    assert klien.get(f"{API}/tahun", headers=bearer(token)).status_code == 200
    with app.test_request_context():
        pegawai = db.session.execute(select(Pegawai).filter_by(nip=NIP_MUTASI)).scalar_one()
        akses_service.cabut_akses(pegawai=pegawai, modul="sipekerja", oleh=None)
        db.session.commit()
    response = klien.get(f"{API}/tahun", headers=bearer(token))
    assert response.status_code == 401 and "akses Anda ke SIPEKERJA berubah" in response.json["galat"]["pesan"]


def test_bad_token_form_input_saves_nothing_and_says_why(app, client_as):
    client = client_as("utama")
    kemarin = (date.today() - timedelta(days=1)).isoformat()
    for data, pesan in [({"nama": ""}, "Wajib diisi."), ({"nama": "x" * 101}, "Paling banyak 100 karakter."),
                        ({"nama": "ok", "kedaluwarsa": kemarin}, "harus setelah hari ini"),
                        ({"nama": "ok", "kedaluwarsa": "2999-01-01"}, "paling lama satu tahun")]:
        response = client.post(HALAMAN, data=data)
        assert response.status_code == 422 and pesan in response.get_data(as_text=True), data
    with app.app_context():
        assert db.session.execute(select(TokenApi)).first() is None


# --- data ----------------------------------------------------------------------------------------


def test_plan_is_a_tree_with_indicators_satuan_agregasi_polaritas(client_as):
    body = client_as("utama").get(f"{API}/rencana?tahun=2024").json
    assert body["meta"]["tahun"] == 2024 and body["meta"]["unit"] is None
    assert re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$", body["meta"]["dibuat_pada"])
    assert len(body["sasaran"]) == 2 and sum(len(s["indikator"]) for s in body["sasaran"]) == 4
    program = body["program"]
    assert {p["level"] for p in program} == {"program"}
    sub = [s for p in program for k in p["anak"] for s in k["anak"]]
    assert len(sub) == 42 and all(s["level"] == "sub_kegiatan" and s["pagu"] for s in sub)
    ind = sub[0]["indikator"][0]
    assert {"satuan", "agregasi", "polaritas", "target_tahunan"} <= set(ind)


def test_numbers_are_canonical_decimal_strings(client_as):
    client = client_as("utama")
    for path in ("rencana", "target", "realisasi?termasuk_belum_diverifikasi=1", "capaian?periode=tw1"):
        body = client.get(f"{API}/{path}{'&' if '?' in path else '?'}tahun=2024").json
        kunci_angka = ("nilai", "bawah", "atas", "pagu", "capaian_sd", "capaian_tahunan", "realisasi_sd",
                       "persen_pagu", "persen_target_sd", "batas_bawah")
        dilihat = 0
        for jalur, nilai in _angka_semua(body):
            if jalur.rsplit(".", 1)[-1] in kunci_angka and nilai is not None:
                assert isinstance(nilai, str) and re.match(POLA_ANGKA, nilai), (path, jalur, nilai)
                dilihat += 1
        assert dilihat, path
    assert [angka(Decimal(x)) for x in ("1500000.00", "107.1400", "0.50", "-0.00", "12")] == \
        ["1500000", "107.14", "0.5", "0", "12"]


def test_realisasi_are_verified_months_only_unless_asked(client_as, app, demo):
    """Demo: Triwulan I verified for four units, returned to Bidang PKA; April–May not verified."""
    client = client_as("utama")
    resmi = client.get(f"{API}/realisasi?tahun=2024").json
    semua = client.get(f"{API}/realisasi?tahun=2024&termasuk_belum_diverifikasi=1").json
    bulan_resmi = {b["bulan"] for r in resmi["kinerja"] for b in r["bulanan"] if r["indikator_id"] in _ind_unit(app)}
    assert resmi["meta"]["hanya_terverifikasi"] and not semua["meta"]["hanya_terverifikasi"]
    assert bulan_resmi <= {1, 2, 3} and all(b["terverifikasi"] for r in resmi["kinerja"] for b in r["bulanan"])
    assert any(not b["terverifikasi"] and b["bulan"] in (4, 5) for r in semua["kinerja"] for b in r["bulanan"])
    assert client.get(f"{API}/realisasi?tahun=2024&termasuk_belum_diverifikasi=ya").status_code == 400


def _ind_unit(app) -> set[int]:
    from sipekerja_module.models import Indikator

    with app.app_context():
        return set(db.session.execute(select(Indikator.id).where(Indikator.unit_kerja_id.is_not(None))).scalars())


def test_capaian_equals_the_domains_for_each_period(client_as, app):
    client = client_as("pimpinan")
    with app.app_context():
        pd = db.session.execute(select(PerangkatDaerah)).scalars().first()
        data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=_tahun_id(), hanya_terverifikasi=True)
        skala = load_skala_aktif()
    for kode, periode in (("b2", Periode.bulanan(2)), ("tw1", Periode.triwulanan(1)), ("tahun", Periode.tahunan())):
        body = client.get(f"{API}/capaian?tahun=2024&periode={kode}").json
        hasil = hitung_pengukuran(saring_terverifikasi(data), periode, skala)
        assert body["periode"]["kode"] == kode
        for baris in body["indikator"]:
            h = hasil.per_indikator[baris["indikator_id"]]
            assert baris["belum_lapor"] == h.belum_lapor
            assert baris["predikat_sd"] == (h.predikat_sd.label if h.predikat_sd else None)
            assert baris["capaian_sd"] == (None if h.capaian_sd is None else angka(bulatkan(h.capaian_sd)))
        assert body["total"]["jumlah_indikator"] == hasil.total.ringkasan_sd.jumlah_indikator
    assert client.get(f"{API}/capaian?tahun=2024&periode=b13").status_code == 400


def _tahun_id() -> int:
    from sipekerja_module.models import Tahun

    return db.session.execute(select(Tahun.id).filter_by(tahun=2024)).scalar_one()


def test_bidang_reads_its_own_unit_only(client_as, demo, token_of, app):
    token = token_of("ppik")
    klien = app.test_client()
    body = klien.get(f"{API}/target?tahun=2024", headers=bearer(token)).json
    assert body["meta"]["unit"]["id"] == demo.unit["BKPSDM-PPIK"]
    assert [u["kode"] for u in klien.get(f"{API}/unit", headers=bearer(token)).json["unit"]] == ["BKPSDM-PPIK"]
    lain = klien.get(f"{API}/capaian?tahun=2024&unit={demo.unit['BKPSDM-MUTASI']}", headers=bearer(token))
    assert lain.status_code == 403 and lain.json["galat"]["pesan"]
    assert klien.get(f"{API}/rencana?tahun=2024&unit=999999", headers=bearer(token)).status_code == 404
    assert klien.get(f"{API}/rencana?tahun=1999", headers=bearer(token)).status_code == 404
    assert klien.get(f"{API}/rencana?tahun=dua", headers=bearer(token)).status_code == 400


def test_a_unit_of_another_agency_is_404(client_as, app):
    with app.app_context():
        lain = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
        unit_id = f.create_unit(lain, "DINKES-SEK", "Sekretariat Dinkes", "sekretariat").id
        db.session.commit()
    assert client_as("utama").get(f"{API}/rencana?tahun=2024&unit={unit_id}").status_code == 404


def test_api_is_get_only(client_as):
    client = client_as("utama")
    for path in ("tahun", "rencana", "capaian"):
        assert client.post(f"{API}/{path}").status_code == 405  # the routing refusal (the host's page)


def test_openapi_document_is_served(client_as):
    spec = client_as("ppik").get(f"{API}/openapi.json").json
    assert spec["openapi"].startswith("3.1")
    assert {p.removeprefix(API) for p in spec["paths"]} == {"/tahun", "/unit", "/rencana", "/target", "/realisasi",
                                                             "/capaian"}


def test_api_does_a_bounded_number_of_queries_with_ten_times_the_demo(app, token_of):
    token = token_of("utama")
    klien = app.test_client()
    urls = [f"{API}/{p}" for p in ("tahun", "unit", "rencana?tahun=2024", "target?tahun=2024",
                                   "realisasi?tahun=2024&termasuk_belum_diverifikasi=1",
                                   "capaian?tahun=2024&periode=tw1")]
    with app.app_context():
        engine = db.engine
    kecil = {}
    for url in urls:
        with QueryCounter(engine) as q:
            assert klien.get(url, headers=bearer(token)).status_code == 200
        kecil[url] = q.count
    with app.app_context():
        _perbesar(db.session, kali=9)
        db.session.commit()
    for url in urls:
        with QueryCounter(engine) as q:
            assert klien.get(url, headers=bearer(token)).status_code == 200
        assert q.count == kecil[url], (url, kecil[url], q.count)
        assert q.count <= 15, (url, q.count)
    print("query counts:", kecil)


def test_api_calls_are_rate_limited_per_address_in_json(app, token_of):
    token = token_of("utama")
    app.config["SIPEKERJA_API_RATE_LIMIT"] = "3 per minute"
    klien = app.test_client()
    assert [klien.get(f"{API}/tahun", headers=bearer(token)).status_code for _ in range(3)] == [200] * 3
    response = klien.get(f"{API}/tahun", headers=bearer(token))
    assert response.status_code == 429 and response.is_json and "Terlalu banyak" in response.json["galat"]["pesan"]


def test_at_most_twenty_active_tokens_and_expired_ones_do_not_count(app, client_as, demo):
    client = client_as("pimpinan")
    for i in range(20):
        buat_token(client, f"Token {i}")
    response = client.post(HALAMAN, data={"nama": "Satu lagi"})
    assert response.status_code == 422 and "20 token aktif" in response.get_data(as_text=True)
    with app.app_context():
        token = db.session.execute(select(TokenApi).limit(1)).scalar_one()
        token.kedaluwarsa_dt = datetime.now(timezone.utc) - timedelta(days=1)
        db.session.commit()
    assert buat_token(client, "Satu lagi")


def test_a_kabupaten_account_names_the_agency_and_others_reach_only_their_own(app, client_as, demo, dua_pd):
    kabupaten = app.test_client()
    with app.app_context():
        masuk(kabupaten, db.session.get(Pengguna, dua_pd["kabupaten"]))
    token = buat_token(kabupaten, "Dasbor Bappeda")
    klien = app.test_client()
    tanpa = klien.get(f"{API}/capaian?tahun=2024", headers=bearer(token))
    assert tanpa.status_code == 403 and tanpa.json["galat"]["pesan"]
    body = klien.get(f"{API}/capaian?tahun=2024&perangkat_daerah={dua_pd['pd']}", headers=bearer(token)).json
    assert body["meta"]["perangkat_daerah"]["kode"] == "DINKES" and body["total"]["jumlah_indikator"] == 1
    unit = klien.get(f"{API}/unit?perangkat_daerah={dua_pd['pd']}", headers=bearer(token)).json["unit"]
    assert [u["kode"] for u in unit] == ["DINKES-UMUM"]
    utama = client_as("utama")
    assert utama.get(f"{API}/rencana?tahun=2024&perangkat_daerah={dua_pd['pd']}").status_code == 404
    with app.app_context():
        sendiri = db.session.get(Pengguna, demo.pengguna["utama"]).perangkat_daerah_id
    assert utama.get(f"{API}/rencana?tahun=2024&perangkat_daerah={sendiri}").status_code == 200


def test_token_forms_are_csrf_protected_and_work_with_the_pages_token(app, client_as):
    client = client_as("ppik")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(HALAMAN, data={"nama": "Tanpa token formulir"}).status_code == 400
        halaman = client.get(HALAMAN).get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', halaman)[1]
        rahasia = TOKEN.search(client.post(HALAMAN, data={"nama": "Dengan token", "csrf_token": csrf})
                               .get_data(as_text=True))[1]
        with app.app_context():
            token_id = db.session.execute(select(TokenApi.id)).scalar_one()
        assert client.post(f"{HALAMAN}{token_id}/cabut").status_code == 400
        assert app.test_client().get(f"{API}/tahun", headers=bearer(rahasia)).status_code == 200
        assert client.post(f"{HALAMAN}{token_id}/cabut", data={"csrf_token": csrf}).status_code == 302
        assert app.test_client().get(f"{API}/tahun", headers=bearer(rahasia)).status_code == 401
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
