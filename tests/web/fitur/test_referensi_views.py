"""Referensi pages: Utama only; units, years, windows, satuan, predikat, nomenclature import."""

import io

import pytest
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import AuditLog
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import Nomenklatur
from sipekerja_module.models import PembukaanJendela
from sipekerja_module.models import SkalaPredikat
from sipekerja_module.models import Tahun
from sipekerja_module.models import UnitKerja

RUTE = [("get", "/sipekerja/referensi/", None), ("post", "/sipekerja/referensi/unit", {"kode": "X", "nama": "X"}),
        ("post", "/sipekerja/referensi/tahun", {"tahun": "2030"}), ("post", "/sipekerja/referensi/satuan",
                                                                     {"nama": "Buku"}),
        ("get", "/sipekerja/referensi/nomenklatur", None), ("get", "/sipekerja/referensi/jendela/1", None),
        ("post", "/sipekerja/referensi/jendela/1", {}), ("post", "/sipekerja/referensi/predikat", {})]


@pytest.mark.parametrize("peran", ["ppik", "pimpinan"])
def test_referensi_is_for_utama_only(app, client_as, peran):
    client = client_as(peran)
    with app.app_context():
        sebelum = db.session.execute(select(func.count()).select_from(AuditLog)).scalar_one()
    for metode, url, data in RUTE:
        assert getattr(client, metode)(url, data=data).status_code == 403, url
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(AuditLog)).scalar_one() == sebelum


def test_utama_sees_units_years_and_scale(client_as):
    html = client_as("utama").get("/sipekerja/referensi/").get_data(as_text=True)
    for teks in ("BKPSDM-PPIK", "Bidang Mutasi dan Promosi", "2024", "Sangat Tinggi", "Dokumen"):
        assert teks in html


def test_new_year_copying_the_plan_and_a_reopened_window(app, client_as, demo):
    client = client_as("utama")
    assert client.post("/sipekerja/referensi/tahun", data={"tahun": "2025", "salin_dari": str(demo.tahun)}) \
        .status_code == 302
    dobel = client.post("/sipekerja/referensi/tahun", data={"tahun": "2025", "salin_dari": "0"})
    assert dobel.status_code == 422 and "Tahun 2025 sudah ada" in dobel.get_data(as_text=True)
    with app.app_context():
        tw1 = db.session.execute(select(JendelaInput).join(Tahun).where(Tahun.tahun == 2024, JendelaInput.triwulan == 1)
                                 ).scalar_one()
        jendela_id, unit_id = tw1.id, demo.unit["BKPSDM-MUTASI"]
    tanpa_alasan = client.post(f"/sipekerja/referensi/jendela/{jendela_id}/unit",
                               data={"unit_kerja_id": str(unit_id), "sampai": "2099-01-01T10:00", "alasan": ""},
                               follow_redirects=True)
    assert "Alasan membuka kembali jendela input wajib diisi" in tanpa_alasan.get_data(as_text=True)
    client.post(f"/sipekerja/referensi/jendela/{jendela_id}/unit",
                data={"unit_kerja_id": str(unit_id), "sampai": "2099-01-01T10:00", "alasan": "Operator cuti"})
    with app.app_context():
        pembukaan = db.session.execute(select(PembukaanJendela)).scalar_one()
        assert pembukaan.alasan == "Operator cuti" and pembukaan.unit_kerja_id == unit_id


def test_window_form_keeps_input_on_error(app, client_as, demo):
    with app.app_context():
        jendela = db.session.execute(select(JendelaInput).filter_by(tahun_id=demo.tahun, triwulan=2)).scalar_one()
        jid, versi = jendela.id, jendela.version
    response = client_as("utama").post(f"/sipekerja/referensi/jendela/{jid}", data={
        "versi": str(versi), "dibuka": "2024-04-01T00:00", "ditutup": "2024-07-31T23:59", "status": "dibuka_kembali",
        "sampai": "2024-08-10T23:59", "alasan": ""})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "wajib diisi" in html and 'value="2024-08-10T23:59"' in html


def test_unit_of_another_agency_is_404(app, client_as):
    from sipekerja_module.models import PerangkatDaerah

    with app.app_context():
        lain = PerangkatDaerah(kode="DINKES", nama="Dinas Kesehatan")
        db.session.add(lain)
        db.session.flush()
        unit = UnitKerja(perangkat_daerah_id=lain.id, kode="DINKES-UMUM", nama="Umum", jenis="bidang")
        db.session.add(unit)
        db.session.commit()
        unit_id = unit.id
    response = client_as("utama").post(f"/sipekerja/referensi/unit/{unit_id}",
                                       data={"kode": "DINKES-UMUM", "nama": "Diambil alih", "jenis": "bidang"})
    assert response.status_code == 404


def test_nomenclature_import_reports_bad_lines_and_imports_nothing(app, client_as):
    csv = "kode,level,nama\n5.03.02.2.01.99,sub_kegiatan,Baru\n5.03.02.2.01.x,sub_kegiatan,Rusak\n"
    with app.app_context():
        sebelum = db.session.execute(select(func.count()).select_from(Nomenklatur)).scalar_one()
    response = client_as("utama").post("/sipekerja/referensi/nomenklatur/impor",
                                       data={"berkas": (io.BytesIO(csv.encode()), "nomenklatur.csv")},
                                       content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<td>3</td>" in html and "Tidak ada data yang diimpor" in html
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Nomenklatur)).scalar_one() == sebelum


def test_nomenclature_search_by_code_or_name(client_as):
    html = client_as("utama").get("/sipekerja/referensi/nomenklatur?q=Kenaikan+Pangkat").get_data(as_text=True)
    assert "5.03.02.2.02.0002" in html and "5.03.01.2.01.0001" not in html


def test_the_add_forms_have_visible_labels_own_ids_and_a_named_button(client_as):
    import re

    html = client_as("utama").get("/sipekerja/referensi/").get_data(as_text=True)
    for tombol in ("Tambah unit", "Tambah tahun", "Tambah satuan"):
        assert f">{tombol}</button>" in html
    for fid, label in (("unit-baru-kode", "Kode"), ("unit-baru-nama", "Nama"), ("tahun-baru-tahun", "Tahun"),
                       ("satuan-baru-nama", "Nama satuan")):
        assert re.search(rf'<label class="form-label[^"]*" for="{fid}">{label}', html), fid
        assert f'id="{fid}"' in html
    assert "visually-hidden\" for=" not in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "two elements share an id"


def test_predikat_colours_are_picked_by_name_and_a_bootstrap_word_is_never_typed(app, client_as):
    html = client_as("utama").get("/sipekerja/referensi/").get_data(as_text=True)
    assert '<option value="success" selected>Hijau</option>' in html
    assert '<option value="danger"' in html and ">Merah</option>" in html
    assert 'name="warna" value=' not in html  # no free-text colour field any more
    response = client_as("utama").post("/sipekerja/referensi/predikat", data={
        "nama": "Uji", "batas_bawah": ["0", "50,5"], "label": ["Rendah", "Tinggi"], "warna": ["ungu", "success"]})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Warna predikat harus salah satu dari: Hijau, Biru" in html
    assert 'value="50,5"' in html and 'value="Tinggi"' in html  # the rows as typed are shown again
    with app.app_context():
        assert db.session.execute(select(SkalaPredikat).filter_by(nama="Uji")).first() is None
