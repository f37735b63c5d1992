"""Reference data per perangkat daerah (issue 18): input windows, the predikat scale and satuan
have a kabupaten default that an agency may override for itself only; the kabupaten defaults and
the agencies are the Admin Kabupaten's. One agency's Utama can neither change nor see another's."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
from sipekerja_module.models import AuditLog
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import SkalaPredikat
from sipekerja_module.models import Tahun
from sipekerja_module.queries.monitoring import load_tenggat_tahun
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.referensi import list_satuan
from sipekerja_module.services import referensi as svc
from sipekerja_module.services.realisasi import jadwal_jendela
from tests import factories as f
from tests.masuk import masuk
from tests.querycount import QueryCounter

RF = "/sipekerja/referensi"
AK = "/sipekerja/admin-kabupaten"
#: A scale no default has: "Lulus" from 50%.
SKALA_UJI = {"nama": "Skala Uji BKPSDM", "batas_bawah": ["0", "50"], "label": ["Gagal", "Lulus"],
             "warna": ["danger", "success"]}


@pytest.fixture
def dua(app, demo):
    """The demo agency (BKPSDM) plus DINKES with one unit, one indicator, its Utama, and an Admin Kabupaten."""
    with app.app_context():
        pd, unit, utama_dinkes = f.create_dinkes(db.session.get(Tahun, demo.tahun))
        admin = f.create_pengguna("196804151994031010", ("admin_kabupaten",), None, "Admin Kabupaten")
        db.session.commit()
        bkpsdm = db.session.get(Pengguna, demo.pengguna["utama"]).perangkat_daerah_id
        return {"pd": pd.id, "unit": unit.id, "bkpsdm": bkpsdm, "utama_dinkes": utama_dinkes.id, "admin": admin.id}


def _client(app, pengguna_id):
    client = app.test_client()
    with app.app_context():
        masuk(client, db.session.get(Pengguna, pengguna_id))
    return client


def _jendela(tahun_id: int, triwulan: int, pd_id: int | None) -> JendelaInput | None:
    return db.session.execute(select(JendelaInput).where(
        JendelaInput.tahun_id == tahun_id, JendelaInput.triwulan == triwulan,
        JendelaInput.perangkat_daerah_id.is_(None) if pd_id is None else JendelaInput.perangkat_daerah_id == pd_id)
    ).scalar_one_or_none()


def _form_jendela(j: JendelaInput, *, ditutup: str, status: str = "ditutup") -> dict:
    return {"versi": str(j.version), "dibuka": "2024-04-01T00:00", "ditutup": ditutup, "status": status,
            "sampai": "", "alasan": ""}


def _jumlah_audit() -> int:
    return db.session.execute(select(func.count()).select_from(AuditLog)).scalar_one()


def test_utama_changing_a_default_window_makes_its_own_and_no_other_agency_sees_it(app, client_as, demo, dua):
    with app.app_context():
        bawaan = _jendela(demo.tahun, 2, None)
        bawaan_id, bawaan_tutup = bawaan.id, bawaan.ditutup_dt
        data = _form_jendela(bawaan, ditutup="2024-08-15T23:59")
    response = client_as("utama").post(f"{RF}/jendela/{bawaan_id}", data=data)
    assert response.status_code == 302
    with app.app_context():
        sendiri = _jendela(demo.tahun, 2, dua["bkpsdm"])
        assert sendiri is not None and response.headers["Location"].endswith(f"/jendela/{sendiri.id}")
        # The kabupaten default did not move; DINKES still works with it.
        assert db.session.get(JendelaInput, bawaan_id).ditutup_dt == bawaan_tutup
        tahun = db.session.get(Tahun, demo.tahun)
        zona = sendiri.ditutup_dt.tzinfo
        assert jadwal_jendela(tahun=tahun, triwulan=2, unit_kerja_id=dua["unit"], zona=zona
                              ).jendela.ditutup == bawaan_tutup.astimezone(zona)
        assert jadwal_jendela(tahun=tahun, triwulan=2, unit_kerja_id=demo.unit["BKPSDM-PPIK"], zona=zona
                              ).jendela.ditutup == sendiri.ditutup_dt.astimezone(zona)
        assert load_tenggat_tahun(tahun=tahun, zona=zona, perangkat_daerah_id=dua["pd"]).jendela[1].ditutup \
            == bawaan_tutup.astimezone(zona)
        assert load_tenggat_tahun(tahun=tahun, zona=zona, perangkat_daerah_id=dua["bkpsdm"]).jendela[1].ditutup \
            == sendiri.ditutup_dt.astimezone(zona)
        sendiri_id = sendiri.id
    # BKPSDM's Referensi links its own window; DINKES's links the default and never BKPSDM's.
    assert f'data-jendela="{sendiri_id}"' in client_as("utama").get(f"{RF}/").get_data(as_text=True)
    html_dinkes = _client(app, dua["utama_dinkes"]).get(f"{RF}/").get_data(as_text=True)
    assert f'data-jendela="{bawaan_id}"' in html_dinkes and f'data-jendela="{sendiri_id}"' not in html_dinkes
    # Opening the default's address shows the agency the window that applies to it.
    assert 'data-pemilik-jendela="khusus"' in client_as("utama").get(f"{RF}/jendela/{bawaan_id}").get_data(as_text=True)


def test_utama_cannot_see_or_change_another_agencys_window(app, client_as, demo, dua):
    with app.app_context():
        dinkes = db.session.get(PerangkatDaerah, dua["pd"])
        bawaan = _jendela(demo.tahun, 3, None)
        milik_dinkes = svc.update_jendela(jendela=bawaan, versi=bawaan.version, dibuka=bawaan.dibuka_dt,
                                          ditutup=bawaan.ditutup_dt, status="ditutup", perangkat_daerah=dinkes,
                                          oleh=None)
        db.session.commit()
        jid, tutup, versi = milik_dinkes.id, milik_dinkes.ditutup_dt, milik_dinkes.version
        data = _form_jendela(milik_dinkes, ditutup="2024-12-31T23:59", status="terbuka")
        audit = _jumlah_audit()
    utama = client_as("utama")
    assert utama.get(f"{RF}/jendela/{jid}").status_code == 404
    assert utama.post(f"{RF}/jendela/{jid}", data=data).status_code == 404
    assert utama.post(f"{RF}/jendela/{jid}/bawaan").status_code == 404
    assert utama.post(f"{RF}/jendela/{jid}/unit", data={"unit_kerja_id": str(demo.unit["BKPSDM-PPIK"]),
                                                        "sampai": "2099-01-01T10:00", "alasan": "x"}).status_code == 404
    with app.app_context():
        j = db.session.get(JendelaInput, jid)
        assert (j.ditutup_dt, j.version, j.status) == (tutup, versi, "ditutup")
        assert _jumlah_audit() == audit
        # The service refuses too, whatever a view would do.
        from sipekerja_module.domain.errors import AksesDitolak

        with pytest.raises(AksesDitolak):
            svc.update_jendela(jendela=j, versi=j.version, dibuka=j.dibuka_dt, ditutup=j.ditutup_dt, status="terbuka",
                               perangkat_daerah=db.session.get(PerangkatDaerah, dua["bkpsdm"]), oleh=None)
        db.session.rollback()


def test_agency_returns_to_the_default_window(app, client_as, demo, dua):
    with app.app_context():
        bawaan = _jendela(demo.tahun, 4, None)
        bawaan_id, data = bawaan.id, _form_jendela(bawaan, ditutup="2025-01-15T23:59")
    utama = client_as("utama")
    utama.post(f"{RF}/jendela/{bawaan_id}", data=data)
    with app.app_context():
        sendiri_id = _jendela(demo.tahun, 4, dua["bkpsdm"]).id
    assert utama.post(f"{RF}/jendela/{sendiri_id}/bawaan").status_code == 302
    with app.app_context():
        assert _jendela(demo.tahun, 4, dua["bkpsdm"]) is None and db.session.get(JendelaInput, bawaan_id) is not None


def test_agency_scale_measures_that_agency_only_and_the_default_applies_to_the_other(app, client_as, demo, dua):
    assert client_as("utama").post(f"{RF}/predikat", data=SKALA_UJI).status_code == 302
    with app.app_context():
        assert [b.label for b in load_skala_aktif(dua["bkpsdm"]).bands] == ["Gagal", "Lulus"]
        assert load_skala_aktif(dua["pd"]) == load_skala_aktif(None)
        assert load_skala_aktif(None).nama == SKALA_PERMENDAGRI_86_2017.nama
        bawaan = db.session.execute(select(SkalaPredikat).where(SkalaPredikat.perangkat_daerah_id.is_(None),
                                                                SkalaPredikat.aktif.is_(True))).scalar_one()
        assert bawaan.nama == SKALA_PERMENDAGRI_86_2017.nama
    # Measurement: BKPSDM's Pengukuran labels capaian with its scale; DINKES's never does.
    html = client_as("utama").get("/sipekerja/pengukuran/?tahun=2024&periode=tw1").get_data(as_text=True)
    assert "Lulus" in html or "Gagal" in html
    assert "Sangat Tinggi" not in html
    html_dinkes = _client(app, dua["utama_dinkes"]).get(f"{RF}/").get_data(as_text=True)
    assert 'data-skala="bawaan"' in html_dinkes and "Skala Uji BKPSDM" not in html_dinkes
    # Back to the default.
    assert client_as("utama").post(f"{RF}/predikat/bawaan").status_code == 302
    with app.app_context():
        assert load_skala_aktif(dua["bkpsdm"]) == load_skala_aktif(None)


def test_satuan_added_by_an_agency_is_offered_to_it_only(app, client_as, demo, dua):
    assert client_as("utama").post(f"{RF}/satuan", data={"nama": "Buku Saku"}).status_code == 302
    dobel = client_as("utama").post(f"{RF}/satuan", data={"nama": "Dokumen"})
    assert dobel.status_code == 422 and "sudah ada di daftar kabupaten" in dobel.get_data(as_text=True)
    with app.app_context():
        assert "Buku Saku" in [s.nama for s in list_satuan(dua["bkpsdm"])]
        assert "Buku Saku" not in [s.nama for s in list_satuan(dua["pd"])]
        assert "Buku Saku" not in [s.nama for s in list_satuan(None)]
    # DINKES may add the same name for itself: each agency's additions are its own.
    assert _client(app, dua["utama_dinkes"]).post(f"{RF}/satuan", data={"nama": "Buku Saku"}).status_code == 302
    # The kabupaten list grows for everyone.
    assert _client(app, dua["admin"]).post(f"{AK}/satuan", data={"nama": "Kajian"}).status_code == 302
    with app.app_context():
        assert "Kajian" in [s.nama for s in list_satuan(dua["bkpsdm"])]
        assert "Kajian" in [s.nama for s in list_satuan(dua["pd"])]


@pytest.mark.parametrize("peran", ["utama", "ppik", "pimpinan"])
def test_agency_accounts_cannot_change_kabupaten_defaults_or_agencies(app, client_as, demo, dua, peran):
    with app.app_context():
        bawaan = _jendela(demo.tahun, 1, None)
        jid, tutup, data = bawaan.id, bawaan.ditutup_dt, _form_jendela(bawaan, ditutup="2024-05-31T23:59")
        audit = _jumlah_audit()
        jumlah_pd = db.session.execute(select(func.count()).select_from(PerangkatDaerah)).scalar_one()
    client = client_as(peran)
    for url, isi in ((f"{AK}/", None), (f"{AK}/perangkat-daerah", {"kode": "DISDIK", "nama": "Dinas Pendidikan"}),
                     (f"{AK}/perangkat-daerah/{dua['pd']}", {"nama": "Diganti", "aktif": ""}),
                     (f"{AK}/jendela/{jid}", data), (f"{AK}/satuan", {"nama": "Liter"}), (f"{AK}/predikat", SKALA_UJI)):
        response = client.get(url) if isi is None else client.post(url, data=isi)
        assert response.status_code == 403, url
    # A second agency exists: an agency Utama may not add agencies through the first-step form either.
    assert client.post(f"{RF}/perangkat-daerah", data={"kode": "DISDIK", "nama": "Dinas Pendidikan"}).status_code == 403
    with app.app_context():
        assert db.session.get(JendelaInput, jid).ditutup_dt == tutup
        assert db.session.get(PerangkatDaerah, dua["pd"]).nama == "Dinas Kesehatan Kabupaten Paser"
        assert db.session.execute(select(func.count()).select_from(PerangkatDaerah)).scalar_one() == jumlah_pd
        assert _jumlah_audit() == audit
        assert load_skala_aktif(None).nama == SKALA_PERMENDAGRI_86_2017.nama


def test_admin_changes_a_default_window_for_agencies_without_their_own(app, client_as, demo, dua):
    with app.app_context():
        bawaan = _jendela(demo.tahun, 2, None)
        bawaan_id = bawaan.id
        form_bkpsdm = _form_jendela(bawaan, ditutup="2024-08-15T23:59")
    client_as("utama").post(f"{RF}/jendela/{bawaan_id}", data=form_bkpsdm)
    with app.app_context():
        bawaan = db.session.get(JendelaInput, bawaan_id)
        sendiri = _jendela(demo.tahun, 2, dua["bkpsdm"])
        sendiri_id, sendiri_tutup = sendiri.id, sendiri.ditutup_dt
        form_admin = _form_jendela(bawaan, ditutup="2024-08-31T23:59")
    admin = _client(app, dua["admin"])
    assert admin.get(f"{AK}/jendela/{sendiri_id}").status_code == 404
    assert admin.post(f"{AK}/jendela/{sendiri_id}", data=form_admin).status_code == 404
    assert admin.post(f"{AK}/jendela/{bawaan_id}", data=form_admin).status_code == 302
    with app.app_context():
        tahun = db.session.get(Tahun, demo.tahun)
        baru = db.session.get(JendelaInput, bawaan_id).ditutup_dt
        zona = baru.tzinfo
        assert baru == datetime(2024, 8, 31, 23, 59, tzinfo=ZoneInfo("Asia/Makassar"))
        assert jadwal_jendela(tahun=tahun, triwulan=2, unit_kerja_id=dua["unit"], zona=zona).jendela.ditutup == baru
        assert db.session.get(JendelaInput, sendiri_id).ditutup_dt == sendiri_tutup


def test_admin_manages_perangkat_daerah_and_the_default_scale(app, demo, dua):
    admin = _client(app, dua["admin"])
    # Home of an account that opens no agency feature: the admin page, not a 403.
    home = admin.get("/sipekerja/")
    assert home.status_code == 302 and home.headers["Location"].endswith(f"{AK}/")
    assert admin.get(f"{RF}/").status_code == 403
    html = admin.get(f"{AK}/").get_data(as_text=True)
    assert "DINKES" in html and "BKPSDM" in html
    assert admin.post(f"{AK}/perangkat-daerah", data={"kode": "disdik", "nama": "Dinas Pendidikan"}).status_code == 302
    dobel = admin.post(f"{AK}/perangkat-daerah", data={"kode": "DISDIK", "nama": "Lain"})
    assert dobel.status_code == 422 and "sudah dipakai" in dobel.get_data(as_text=True)
    assert admin.post(f"{AK}/perangkat-daerah", data={"kode": "DIS DIK", "nama": "X"}).status_code == 422
    with app.app_context():
        disdik = db.session.execute(select(PerangkatDaerah).filter_by(kode="DISDIK")).scalar_one()
        disdik_id = disdik.id
    assert admin.post(f"{AK}/perangkat-daerah/{disdik_id}", data={"nama": "Dinas Pendidikan dan Kebudayaan"}
                      ).status_code == 302
    with app.app_context():
        disdik = db.session.get(PerangkatDaerah, disdik_id)
        assert (disdik.nama, disdik.aktif) == ("Dinas Pendidikan dan Kebudayaan", False)
    assert admin.post(f"{AK}/perangkat-daerah/999999", data={"nama": "X", "aktif": "y"}).status_code == 404
    # The kabupaten scale: every agency without its own follows it.
    assert admin.post(f"{AK}/predikat", data={**SKALA_UJI, "nama": "Skala Kabupaten Uji"}).status_code == 302
    with app.app_context():
        assert load_skala_aktif(dua["pd"]).nama == "Skala Kabupaten Uji"
        assert load_skala_aktif(dua["bkpsdm"]).nama == "Skala Kabupaten Uji"


def test_one_agency_deployment_utama_adds_its_own_agency_first(app):
    with app.app_context():
        utama = f.create_pengguna("199306242015071002", ("utama",), None)
        db.session.commit()
        utama_id = utama.id
    client = _client(app, utama_id)
    html = client.get(f"{RF}/").get_data(as_text=True)
    assert "langkah pertama" in html
    assert client.post(f"{RF}/perangkat-daerah", data={"kode": "", "nama": "BKPSDM"}).status_code == 422
    assert client.post(f"{RF}/perangkat-daerah", data={"kode": "BKPSDM", "nama": "BKPSDM Kabupaten Paser"}
                       ).status_code == 302
    assert "Referensi — BKPSDM Kabupaten Paser" in client.get(f"{RF}/").get_data(as_text=True)
    # Only the first: further agencies are the kabupaten admin's.
    assert client.post(f"{RF}/perangkat-daerah", data={"kode": "DINKES", "nama": "Dinkes"}).status_code == 403


def test_admin_page_does_a_bounded_number_of_queries_with_ten_times_the_agencies(app, demo, dua):
    admin = _client(app, dua["admin"])
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as kecil:
        assert admin.get(f"{AK}/").status_code == 200
    with app.app_context():
        tahun = db.session.get(Tahun, demo.tahun)
        for nomor in range(18):
            pd = f.create_perangkat_daerah(f"PD{nomor}", f"Perangkat Daerah {nomor}")
            for j in list(tahun.jendela):
                svc.update_jendela(jendela=j, versi=j.version, dibuka=j.dibuka_dt, ditutup=j.ditutup_dt,
                                   status="ditutup", perangkat_daerah=pd, oleh=None)
            svc.save_satuan(nama=f"Satuan {nomor}", perangkat_daerah=pd, oleh=None)
        db.session.commit()
    with QueryCounter(engine) as besar:
        assert admin.get(f"{AK}/").status_code == 200
    assert besar.count == kecil.count, (kecil.count, besar.count)
    print("query counts admin kabupaten:", kecil.count)


def test_an_approved_reopen_request_opens_the_window_that_applies_to_the_units_agency(app, demo, dua):
    """With an agency's own window beside the kabupaten default, approving a unit's request reopens
    the unit's own agency's window (issue 17's reopen requests on issue 18's per-agency windows)."""
    from datetime import timedelta
    from datetime import timezone

    from sipekerja_module.domain.akses import Peran
    from sipekerja_module.domain.akses import Subjek
    from sipekerja_module.models import UnitKerja
    from sipekerja_module.services import permintaan_buka

    wita = ZoneInfo("Asia/Makassar")
    now = datetime.now(timezone.utc)
    with app.app_context():
        bkpsdm = db.session.get(PerangkatDaerah, dua["bkpsdm"])
        bawaan = _jendela(demo.tahun, 1, None)
        sendiri = svc.update_jendela(jendela=bawaan, versi=bawaan.version, dibuka=bawaan.dibuka_dt,
                                     ditutup=bawaan.ditutup_dt, status="ditutup", perangkat_daerah=bkpsdm, oleh=None)
        tahun = db.session.get(Tahun, demo.tahun)
        unit = db.session.get(UnitKerja, demo.unit["BKPSDM-PPIK"])
        permintaan = permintaan_buka.ajukan_permintaan(
            subjek=Subjek(frozenset({Peran.BIDANG}), unit.id), oleh=None, unit_kerja=unit, tahun=tahun, triwulan=1,
            bulan=[1], alasan="Data susulan", now=now, zona=wita)
        permintaan_buka.setujui_permintaan(subjek=Subjek(frozenset({Peran.UTAMA})), oleh=None, permintaan=permintaan,
                                           versi=permintaan.version, sampai=now + timedelta(days=2), catatan=None,
                                           now=now, zona=wita)
        db.session.commit()
        assert db.session.get(type(permintaan), permintaan.id).pembukaan.jendela_id == sendiri.id
        assert jadwal_jendela(tahun=tahun, triwulan=1, unit_kerja_id=unit.id, zona=wita).terbuka(now)
        # DINKES's unit is not reopened by it.
        assert not jadwal_jendela(tahun=tahun, triwulan=1, unit_kerja_id=dua["unit"], zona=wita).terbuka(now)


def test_another_agencys_reopening_does_not_keep_this_agencys_year_open_for_revisions(app, dua):
    """Target revisions end when the year's windows have closed for good — the windows the agency
    works with and its own units' reopenings, never another agency's."""
    from datetime import timedelta
    from datetime import timezone

    from sipekerja_module.models import UnitKerja
    from sipekerja_module.services.versi_target import is_tahun_ditutup

    now = datetime.now(timezone.utc)
    with app.app_context():
        tahun_id = db.session.execute(select(Tahun.id).filter_by(tahun=2024)).scalar_one()
        assert is_tahun_ditutup(tahun_id, now, dua["bkpsdm"]) and is_tahun_ditutup(tahun_id, now, dua["pd"])
        bawaan = _jendela(tahun_id, 4, None)
        svc.buka_jendela_untuk_unit(jendela=bawaan, unit_kerja=db.session.get(UnitKerja, dua["unit"]),
                                    sampai=now + timedelta(days=3), alasan="Perbaikan data Dinkes", now=now, oleh=None)
        db.session.commit()
        assert not is_tahun_ditutup(tahun_id, now, dua["pd"])  # DINKES's unit may write again
        assert is_tahun_ditutup(tahun_id, now, dua["bkpsdm"])  # BKPSDM's year stays closed


def test_a_changed_scale_shows_at_the_next_view_of_every_page_that_grades(app, client_as, demo, dua):
    """The scale is cached under the agency's plan version (``fragmen.skala_aktif``), shared by the
    pages that grade: a Referensi write must reach each of them at its next view."""
    halaman = {"pengukuran": (client_as("utama"), "/sipekerja/pengukuran/?tahun=2024&periode=tw1"),
               "beranda pimpinan": (client_as("pimpinan"), "/sipekerja/?tahun=2024")}
    for nama, (client, url) in halaman.items():
        html = client.get(url).get_data(as_text=True)
        assert "Lulus" not in html and "Gagal" not in html, nama
    assert client_as("utama").post(f"{RF}/predikat", data=SKALA_UJI).status_code == 302
    for nama, (client, url) in halaman.items():
        html = client.get(url).get_data(as_text=True)
        assert ("Lulus" in html or "Gagal" in html) and "Sangat Tinggi" not in html, nama
