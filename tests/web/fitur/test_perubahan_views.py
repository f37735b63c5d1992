"""Murni and perubahan on the web (issue 17 item 1): Buat perubahan on the plan page, the version
selector of the plan and the grids, the agency's rule, reports with both targets, the history page."""

from __future__ import annotations

import io
import re
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest
from pypdf import PdfReader
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import AturanVersiTarget
from sipekerja_module.models import Indikator
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import RencanaKerja
from sipekerja_module.models import TargetKinerjaVersi
from sipekerja_module.models import VersiTarget
from tests.integration.test_monitoring import _perbesar
from tests.querycount import QueryCounter

PR = "/sipekerja/perencanaan"
DASAR = "DPPA-P No. 900/12/2024"


def _flash(client) -> list[str]:
    with client.session_transaction() as sesi:
        return [pesan for _, pesan in sesi.pop("_flashes", [])]


def _tahun_terbuka_dan_ditetapkan(app, demo, client) -> None:
    """The 2024 plan fixed on 15 January 2024, its TW IV window reopened until the day after tomorrow."""
    assert client.post(f"{PR}/tetapkan?tahun=2024").status_code == 302
    _flash(client)
    with app.app_context():
        rencana = db.session.execute(select(RencanaKerja).filter_by(tahun_id=demo.tahun)).scalar_one()
        rencana.ditetapkan_dt = datetime(2024, 1, 15, tzinfo=timezone.utc)
        tw4 = db.session.execute(select(JendelaInput).filter_by(tahun_id=demo.tahun, triwulan=4)).scalar_one()
        tw4.status, tw4.dibuka_kembali_sampai_dt = "dibuka_kembali", datetime.now(timezone.utc) + timedelta(days=2)
        db.session.commit()


@pytest.fixture
def perubahan(app, demo, client_as):
    utama = client_as("utama")
    _tahun_terbuka_dan_ditetapkan(app, demo, utama)
    response = utama.post(f"{PR}/perubahan?tahun=2024", data={"tanggal": "2024-09-30", "dasar_hukum": DASAR,
                                                               "berlaku_mulai_bulan": "10"})
    assert response.status_code == 302 and "versi=1" in response.headers["Location"]
    assert any("Perubahan target dibuat" in p for p in _flash(utama))
    return utama


def _jumlah_versi(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(VersiTarget.id)))


def test_buat_perubahan_copies_the_targets_and_the_plan_page_offers_both_versions(app, demo, perubahan):
    with app.app_context():
        assert db.session.scalar(select(func.count(TargetKinerjaVersi.id))) > 0
    page = perubahan.get(f"{PR}/?tahun=2024").get_data(as_text=True)
    assert 'data-versi-tampil="1"' in page and DASAR in page
    assert "Pengukuran memakai: Per bulan" in page
    murni = perubahan.get(f"{PR}/?tahun=2024&versi=0").get_data(as_text=True)
    assert 'data-versi-tampil="0"' in murni and "Versi ini hanya dapat dibaca" in murni
    assert perubahan.get(f"{PR}/?tahun=2024&versi=5").status_code == 404


def test_the_perubahan_grid_saves_its_own_targets_and_murni_is_read_only(app, demo, perubahan):
    ind = demo.ind["BKPSDM-PPIK"]
    page = perubahan.get(f"{PR}/indikator/{ind}/target?versi=1").get_data(as_text=True)
    assert 'data-versi-target="1"' in page and 'name="target"' in page and "data-hanya-baca" not in page
    versi = re.search(r'name="versi" type="hidden" value="(\d+)"', page).group(1)
    bulan = {f"b{b}": re.search(rf'id="b{b}"[^>]*value="([^"]*)"', page, re.S).group(1) for b in range(1, 13)}
    target = re.search(r'id="target" name="target"[^>]*value="([^"]*)"', page).group(1)
    response = perubahan.post(f"{PR}/indikator/{ind}/target?versi=1",
                              data={**bulan, "target": target, "versi": versi})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    murni = perubahan.get(f"{PR}/indikator/{ind}/target?versi=0").get_data(as_text=True)
    assert "data-hanya-baca" in murni


def test_bad_perubahan_input_is_refused_in_indonesian_and_saves_nothing(app, demo, client_as):
    utama = client_as("utama")
    _tahun_terbuka_dan_ditetapkan(app, demo, utama)
    for data, pesan in (
        ({"tanggal": "2024-01-10", "dasar_hukum": DASAR, "berlaku_mulai_bulan": "1"}, "sebelum tanggal versi"),
        ({"tanggal": "2024-09-30", "dasar_hukum": DASAR, "berlaku_mulai_bulan": "13"}, "antara 1"),
        ({"tanggal": "2024-09-30", "dasar_hukum": "", "berlaku_mulai_bulan": "10"}, "Dasar hukum"),
        ({"tanggal": "2025-01-02", "dasar_hukum": DASAR, "berlaku_mulai_bulan": ""}, "dalam tahun 2024"),
    ):
        assert utama.post(f"{PR}/perubahan?tahun=2024", data=data).status_code == 302
        assert any(pesan in p for p in _flash(utama)), (data, pesan)
    assert _jumlah_versi(app) == 0


def test_a_closed_year_cannot_be_revised(app, demo, client_as):
    utama = client_as("utama")
    assert utama.post(f"{PR}/tetapkan?tahun=2024").status_code == 302
    _flash(utama)
    # The demo's 2024 windows all closed long ago.
    utama.post(f"{PR}/perubahan?tahun=2024", data={"tanggal": "2024-12-30", "dasar_hukum": DASAR})
    assert any("sudah ditutup" in p for p in _flash(utama))
    assert _jumlah_versi(app) == 0


def test_only_utama_starts_a_perubahan_or_sets_the_rule(app, demo, client_as):
    data = {"tanggal": "2024-09-30", "dasar_hukum": DASAR, "berlaku_mulai_bulan": "10"}
    for akun in ("ppik", "pimpinan"):
        client = client_as(akun)
        assert client.post(f"{PR}/perubahan?tahun=2024", data=data).status_code == 403
        assert client.post(f"{PR}/perubahan/aturan?tahun=2024", data={"aturan": "seluruh_tahun"}).status_code == 403
    assert _jumlah_versi(app) == 0


def test_the_agency_rule_is_stored_per_agency(app, demo, client_as):
    utama = client_as("utama")
    assert utama.post(f"{PR}/perubahan/aturan?tahun=2024", data={"aturan": "seluruh_tahun"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(AturanVersiTarget.aturan)) == "seluruh_tahun"


def test_reports_name_the_version_and_print_murni_and_perubahan_side_by_side(app, demo, perubahan):
    halaman = perubahan.get("/sipekerja/laporan/pengukuran?tahun=2024&periode=tahun&bandingkan_versi=1"
                            "&belum_diverifikasi=1").get_data(as_text=True)
    assert f"Target: Perubahan ({DASAR}, berlaku mulai Oktober)" in halaman
    assert "Target Murni" in halaman and "Target Perubahan" in halaman
    layar = perubahan.get("/sipekerja/pengukuran/?tahun=2024&periode=tahun").get_data(as_text=True)
    assert "data-versi-target" in layar and "berlaku mulai Oktober" in layar
    tanpa = perubahan.get("/sipekerja/laporan/target-capaian?tahun=2024").get_data(as_text=True)
    assert "Target: Perubahan" in tanpa and "Target Murni" not in tanpa
    assert perubahan.get("/sipekerja/laporan/pengukuran?tahun=2024&bandingkan_versi=x").status_code == 400
    pdf = perubahan.get("/sipekerja/laporan/pengukuran/pdf?tahun=2024&periode=tahun&bandingkan_versi=1&ukuran=A4")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    teks_pdf = " ".join(" ".join(h.extract_text().split()) for h in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Target Murni" in teks_pdf and "Target Perubahan" in teks_pdf


def test_the_history_page_shows_the_target_in_both_versions(app, demo, perubahan):
    ind = demo.ind["BKPSDM-PPIK"]
    page = perubahan.get(f"{PR}/riwayat/Indikator/{ind}").get_data(as_text=True)
    assert "data-target-versi" in page and 'data-versi="Murni"' in page and 'data-versi="Perubahan"' in page


def test_version_pages_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, demo, perubahan):
    ind, sub = demo.ind["BKPSDM-PPIK"], demo.sub["BKPSDM-PPIK"]
    urls = [f"{PR}/?tahun=2024&versi=1", f"{PR}/?tahun=2024&versi=0", f"{PR}/indikator/{ind}/target?versi=1",
            f"{PR}/node/{sub}/anggaran?versi=1", f"{PR}/riwayat/Indikator/{ind}",
            "/sipekerja/laporan/pengukuran?tahun=2024&periode=tahun&bandingkan_versi=1",
            "/sipekerja/laporan/target-capaian/xlsx?tahun=2024&bandingkan_versi=1"]
    with app.app_context():
        engine = db.engine
    kecil = {}
    for url in urls:
        with QueryCounter(engine) as q:
            assert perubahan.get(url).status_code == 200, url
        kecil[url] = q.count
    with app.app_context():
        _perbesar(db.session, kali=9)
        db.session.commit()
        assert db.session.scalar(select(func.count(Indikator.id))) > 400
    # A second perubahan copies every indicator, the new ones too: ten times the version rows as well.
    assert perubahan.post(f"{PR}/perubahan?tahun=2024", data={"tanggal": "2024-11-05", "dasar_hukum": "PK-P 2",
                                                              "berlaku_mulai_bulan": "12"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(TargetKinerjaVersi.id)).join(VersiTarget).where(
            VersiTarget.urutan == 2, TargetKinerjaVersi.bulan == 0)) == db.session.scalar(
            select(func.count(Indikator.id)).where(Indikator.tahun_id == demo.tahun))
    for url in urls:
        with QueryCounter(engine) as q:
            assert perubahan.get(url).status_code == 200, url
        assert q.count == kecil[url], (url, kecil[url], q.count)
    print("query counts:", kecil)


def test_a_year_with_only_murni_shows_no_version_note_on_pengukuran_and_reports(app, demo, client_as):
    utama = client_as("utama")
    layar = utama.get("/sipekerja/pengukuran/?tahun=2024&periode=tahun").get_data(as_text=True)
    laporan = utama.get("/sipekerja/laporan/pengukuran?tahun=2024&periode=tahun&bandingkan_versi=1"
                        ).get_data(as_text=True)
    assert "data-versi-target" not in layar
    assert "Target: " not in laporan and "Target Murni" not in laporan
    rencana = utama.get(f"{PR}/?tahun=2024").get_data(as_text=True)
    assert "Tahun ini baru memiliki target murni." in rencana
