"""Issue 13 on the web: ranges and the cap through the forms (bad input refused in Indonesian,
nothing saved), the explicit choice to print unverified data, and the checker seeing the warnings
of what was submitted anyway."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import Indikator
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import SkalaPredikat
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import TargetKinerja
from sipekerja_module.queries.pengukuran import load_skala_aktif
from tests.web.fitur.test_hostile_input import potret

SKALA = {"nama": "Skala Uji", "batas_bawah": ["0", "51", "66", "76", "91"],
         "label": ["Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"],
         "warna": ["dark", "danger", "warning", "primary", "success"]}


def _grid(versi, **nilai):
    return {**{f"b{b}": "" for b in range(1, 13)}, "versi": str(versi), **nilai}


def _indikator(app, demo, kode="BKPSDM-PPIK") -> Indikator:
    with app.app_context():
        ind = db.session.get(Indikator, demo.ind[kode])
        db.session.expunge(ind)
        return ind


def test_monthly_range_targets_typed_in_the_grid_are_saved_and_shown_back(app, demo, client_as):
    with app.app_context():
        ind = db.session.get(Indikator, demo.ind["BKPSDM-PPIK"])
        ind.agregasi, ind.polaritas, ind.target_tahunan, ind.target_atas = "nilai_akhir", "positif", Decimal(80), \
            Decimal(90)
        db.session.commit()
        versi = ind.version
    client = client_as("ppik")
    url = f"/sipekerja/perencanaan/indikator/{demo.ind['BKPSDM-PPIK']}/target"
    response = client.post(url, data=_grid(versi, b6="70–80", b12="80–90"))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    with app.app_context():
        baris = {t.bulan: t for t in db.session.execute(select(TargetKinerja).filter_by(
            indikator_id=demo.ind["BKPSDM-PPIK"])).scalars()}
        assert (baris[12].nilai, baris[12].atas) == (Decimal(80), Decimal(90))
        assert (baris[6].nilai, baris[6].atas) == (Decimal(70), Decimal(80))
    assert 'value="80–90"' in client.get(url).get_data(as_text=True)


def test_a_range_typed_backwards_is_refused_in_indonesian_and_nothing_is_saved(app, demo, client_as):
    ind = _indikator(app, demo)
    sebelum = potret(app)
    response = client_as("ppik").post(f"/sipekerja/perencanaan/indikator/{ind.id}/target",
                                      data=_grid(ind.version, b12="90–80"))
    assert response.status_code == 422
    assert "bukan 90–80" in response.get_data(as_text=True)
    assert potret(app) == sebelum


def test_a_range_on_a_negatif_indicator_is_refused_in_indonesian_and_nothing_is_saved(app, demo, client_as):
    ind = _indikator(app, demo)
    sebelum = potret(app)
    with app.app_context():
        satuan = ind.satuan_id
    response = client_as("ppik").post("/sipekerja/perencanaan/indikator/baru", data={
        "uraian": "Persentase Keterlambatan", "satuan_id": str(satuan), "polaritas": "negatif",
        "agregasi": "nilai_akhir", "rumus_negatif": "selisih", "target": "5–10",
        "induk": f"node:{demo.sub['BKPSDM-PPIK']}"})
    assert response.status_code == 422
    assert "hanya dapat dipakai untuk indikator berpolaritas positif" in response.get_data(as_text=True)
    assert potret(app) == sebelum


def test_a_negatif_indicators_month_grid_refuses_ranges(app, demo, client_as):
    with app.app_context():
        ind = db.session.get(Indikator, demo.ind["BKPSDM-PPIK"])
        ind.polaritas, ind.agregasi, ind.target_tahunan, ind.target_atas = "negatif", "nilai_akhir", Decimal(5), None
        db.session.commit()
        versi = ind.version
    sebelum = potret(app)
    response = client_as("ppik").post(f"/sipekerja/perencanaan/indikator/{demo.ind['BKPSDM-PPIK']}/target",
                                      data=_grid(versi, b6="4–6", b12="5"))
    assert response.status_code == 422
    assert "hanya dapat dipakai untuk indikator berpolaritas positif" in response.get_data(as_text=True)
    assert potret(app) == sebelum


def test_the_cap_of_means_is_edited_on_referensi_and_refused_below_100_or_above_1000(app, demo, client_as):
    client = client_as("utama")
    for buruk in ("99", "1001"):
        sebelum = potret(app)
        response = client.post("/sipekerja/referensi/predikat", data={**SKALA, "batas_rerata": buruk},
                               follow_redirects=True)
        assert "harus antara 100% dan 1.000%" in response.get_data(as_text=True), buruk
        assert potret(app) == sebelum
    client.post("/sipekerja/referensi/predikat", data={**SKALA, "batas_rerata": "120"})
    with app.app_context():
        skala = db.session.execute(select(SkalaPredikat).filter_by(nama="Skala Uji")).scalar_one()
        assert skala.batas_rerata == 120
        # The Utama's scale is its agency's own (issue 18): it measures that agency, not the kabupaten default.
        assert load_skala_aktif(skala.perangkat_daerah_id).batas_rerata == Decimal(120)
        assert skala.perangkat_daerah_id is not None and load_skala_aktif().batas_rerata is None
    assert 'value="120"' in client.get("/sipekerja/referensi/").get_data(as_text=True)


def test_printing_unverified_data_is_an_explicit_choice_stated_in_the_title_block(app, demo, client_as):
    client = client_as("utama")
    resmi = client.get("/sipekerja/laporan/pengukuran?tahun=2024&periode=tw2").get_data(as_text=True)
    semua = client.get("/sipekerja/laporan/pengukuran?tahun=2024&periode=tw2&belum_diverifikasi=1").get_data(
        as_text=True)
    assert "MEMUAT DATA BELUM DIVERIFIKASI" not in resmi
    assert "MEMUAT DATA BELUM DIVERIFIKASI" in semua
    assert "Sertakan data belum diverifikasi" in resmi
    buruk = client.get("/sipekerja/laporan/pengukuran/pdf?tahun=2024&belum_diverifikasi=ya")
    assert buruk.status_code == 400 and "tidak dikenal" in buruk.get_data(as_text=True)


def test_a_value_submitted_anyway_shows_its_warning_to_the_checker(app, demo, client_as):
    with app.app_context():
        ind = db.session.get(Indikator, demo.ind["BKPSDM-PPIK"])
        januari = db.session.execute(select(RealisasiKinerja).filter_by(indikator_id=ind.id, bulan=1)).scalar_one()
        januari.nilai = Decimal(10) ** 6  # far above 150% of January's target
        status = db.session.execute(select(StatusPeriodeUnit).filter_by(
            unit_kerja_id=demo.unit["BKPSDM-PPIK"], tahun_id=demo.tahun, triwulan=1)).scalar_one()
        db.session.commit()
        status_id = status.id
    page = client_as("utama").get(f"/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024").get_data(as_text=True)
    assert "melebihi 150%" in page


def test_the_pengukuran_page_marks_unverified_values(app, demo, client_as):
    page = client_as("utama").get("/sipekerja/pengukuran/?tahun=2024&periode=tw2").get_data(as_text=True)
    assert "data-belum-diverifikasi" in page and "belum diverifikasi" in page
    tw1 = client_as("ppik").get("/sipekerja/pengukuran/?tahun=2024&periode=tw1").get_data(as_text=True)
    assert "data-belum-diverifikasi" not in tw1  # PPIK's Triwulan I is verified
