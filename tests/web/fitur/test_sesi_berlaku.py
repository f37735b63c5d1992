"""What every request loads first comes in one statement (queries/sesi.py): the open sign-in with
its user, the default year and the bell's count. A warm page therefore costs one statement, and
the year and the bell it shows are still the current ones."""

from __future__ import annotations

import pytest

from portal_stub.extensions import db
from sipekerja_module.domain.notifikasi import pesan_diverifikasi
from sipekerja_module.models import Pengguna
from sipekerja_module.models import Tahun
from sipekerja_module.services import notifikasi as notif_svc
from tests.querycount import QueryCounter

HALAMAN = ["/sipekerja/", "/sipekerja/perencanaan/", "/sipekerja/realisasi/?bulan=5",
           "/sipekerja/realisasi/monitoring", "/sipekerja/pengukuran/?periode=b5",
           "/sipekerja/laporan/target-capaian"]


@pytest.mark.parametrize("url", HALAMAN)
def test_a_warm_page_runs_only_the_sign_in_statement(app, client_as, url):
    client = client_as("utama")
    assert client.get(url).status_code == 200
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as hangat:
        assert client.get(url).status_code == 200
    assert hangat.count == 1, hangat.statements
    assert "sipekerja_sesi_masuk" in hangat.statements[0]


def _tahun_baru(app, angka: int, *, aktif: bool) -> None:
    with app.app_context():
        db.session.add(Tahun(tahun=angka, aktif=aktif))
        db.session.commit()


def test_the_default_year_is_the_latest_active_one_as_the_request_starts(app, client_as):
    client = client_as("utama")
    assert "Perencanaan Kerja — TAHUN 2024" in client.get("/sipekerja/perencanaan/").get_data(as_text=True)
    _tahun_baru(app, 2026, aktif=False)
    assert "Perencanaan Kerja — TAHUN 2024" in client.get("/sipekerja/perencanaan/").get_data(as_text=True)
    _tahun_baru(app, 2025, aktif=True)
    assert "Perencanaan Kerja — TAHUN 2025" in client.get("/sipekerja/perencanaan/").get_data(as_text=True)
    # A year asked for by number is that year, active or not.
    for angka in (2024, 2026):
        halaman = client.get(f"/sipekerja/perencanaan/?tahun={angka}").get_data(as_text=True)
        assert f"Perencanaan Kerja — TAHUN {angka}" in halaman
    assert client.get("/sipekerja/perencanaan/?tahun=2031").status_code == 404


def test_the_bell_counts_the_unread_notifications_of_the_signed_in_user_only(app, client_as, demo):
    utama, ppik = client_as("utama"), client_as("ppik")
    with app.app_context():
        notif_svc.buat_notifikasi(penerima=[db.session.get(Pengguna, demo.pengguna["ppik"])],
                                  pesan=pesan_diverifikasi(triwulan=1, tahun=2024), tautan="/sipekerja/")
        db.session.commit()
    assert 'data-lonceng="1"' in ppik.get("/sipekerja/").get_data(as_text=True)
    assert 'data-lonceng="0"' in utama.get("/sipekerja/").get_data(as_text=True)
    assert ppik.post("/sipekerja/notifikasi/baca-semua").status_code == 302
    assert 'data-lonceng="0"' in ppik.get("/sipekerja/").get_data(as_text=True)
