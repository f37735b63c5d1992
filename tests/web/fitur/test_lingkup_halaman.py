"""Pages keyed by the narrower version of what they show (``services.versi``, ``views.fragmen``): a
write elsewhere leaves the cached page in the store (the deadline-week case: other units saving),
a write the page shows makes the next view a render that shows it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import Indikator
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import Tahun
from sipekerja_module.models import TargetKinerja


@pytest.fixture
def dirender(app, monkeypatch):
    """The names of the page fragments rendered (stored) from now on."""
    store = app.extensions["sipekerja_fragmen"]
    simpan = store.set
    nama: list[str] = []

    def catat(kunci, nilai, timeout=None):
        nama.append(kunci.split(":")[1])
        return simpan(kunci, nilai, timeout)

    monkeypatch.setattr(store, "set", catat)
    return nama


def _realisasi(app, unit_id: int, *, terverifikasi: bool | None = None, bulan: int | None = None) -> int:
    """A filled kinerja realisasi of the unit (in a verified triwulan or not, of a month, if asked)."""
    with app.app_context():
        tw = (RealisasiKinerja.bulan + 2) // 3
        verif = select(StatusPeriodeUnit.id).where(
            StatusPeriodeUnit.unit_kerja_id == unit_id, StatusPeriodeUnit.triwulan == tw,
            StatusPeriodeUnit.status == "terverifikasi").exists()
        q = select(RealisasiKinerja.id).join(Indikator).where(
            Indikator.unit_kerja_id == unit_id, RealisasiKinerja.nilai.is_not(None))
        if terverifikasi is not None:
            q = q.where(verif if terverifikasi else ~verif)
        if bulan is not None:
            q = q.where(RealisasiKinerja.bulan == bulan)
        return db.session.scalar(q.order_by(RealisasiKinerja.id).limit(1))


def _ubah(app, realisasi_id: int, nilai="+1") -> RealisasiKinerja:
    with app.app_context():
        baris = db.session.get(RealisasiKinerja, realisasi_id)
        baris.nilai = None if nilai is None else baris.nilai + 1
        db.session.commit()
        return baris.bulan


def _lihat(client, url: str, dirender: list[str]) -> tuple[bool, str]:
    dirender.clear()
    respons = client.get(url)
    assert respons.status_code == 200
    return bool(dirender), respons.get_data(as_text=True)


def test_the_month_form_stays_cached_through_another_units_save_and_shows_its_own(app, client_as, demo, dirender):
    ppik, mutasi = demo.unit["BKPSDM-PPIK"], demo.unit["BKPSDM-MUTASI"]
    milik = _realisasi(app, ppik)
    with app.app_context():
        bulan = db.session.get(RealisasiKinerja, milik).bulan
    url = f"/sipekerja/realisasi/?tahun=2024&bulan={bulan}&unit={ppik}"
    client = client_as("utama")
    assert _lihat(client, url, dirender)[0]
    _ubah(app, _realisasi(app, mutasi))
    assert not _lihat(client, url, dirender)[0]
    _ubah(app, milik)
    dibuat, html = _lihat(client, url, dirender)
    assert dibuat
    with app.app_context():
        nilai = db.session.get(RealisasiKinerja, milik).nilai
    assert f'value="{nilai.normalize():f}"'.replace(".", ",") in html or f"{nilai.normalize():f}" in html


def test_the_report_of_verified_figures_stays_cached_through_a_save_not_yet_verified(app, client_as, demo,
                                                                                      dirender):
    url = "/sipekerja/laporan/target-capaian?tahun=2024"
    client = client_as("utama")
    unit = demo.unit["BKPSDM-PPIK"]
    assert _lihat(client, url, dirender)[0]
    _ubah(app, _realisasi(app, unit, terverifikasi=False))
    assert not _lihat(client, url, dirender)[0]
    _ubah(app, _realisasi(app, unit, terverifikasi=True))
    assert _lihat(client, url, dirender)[0]
    # With unverified data included the page follows every save.
    semua = url + "&belum_diverifikasi=1"
    client.get(semua)
    _ubah(app, _realisasi(app, unit, terverifikasi=False))
    assert _lihat(client, semua, dirender)[0]


def test_the_plan_tree_stays_cached_through_realisasi_and_follows_a_target(app, client_as, demo, dirender):
    url = "/sipekerja/perencanaan/?tahun=2024"
    client = client_as("utama")
    assert _lihat(client, url, dirender)[0]
    _ubah(app, _realisasi(app, demo.unit["BKPSDM-PPIK"]))
    _ubah(app, _realisasi(app, demo.unit["BKPSDM-MUTASI"]), nilai=None)
    assert not _lihat(client, url, dirender)[0]
    with app.app_context():
        target = db.session.scalar(select(TargetKinerja).where(TargetKinerja.indikator_id == demo.ind["BKPSDM-PPIK"])
                                   .order_by(TargetKinerja.bulan.desc()).limit(1))
        target.nilai += 1
        db.session.commit()
    assert _lihat(client, url, dirender)[0]


def test_the_monitoring_board_stays_cached_through_a_value_replaced_and_follows_a_month_emptied(
        app, client_as, demo, dirender):
    url = "/sipekerja/realisasi/monitoring?tahun=2024"
    client = client_as("utama")
    _, sebelum = _lihat(client, url, dirender)
    baris = _realisasi(app, demo.unit["BKPSDM-PPIK"])
    _ubah(app, baris)
    assert not _lihat(client, url, dirender)[0]
    _ubah(app, baris, nilai=None)
    dibuat, sesudah = _lihat(client, url, dirender)
    assert dibuat and sesudah != sebelum


def test_the_home_to_dos_stay_cached_through_a_value_replaced_and_follow_a_month_emptied(
        app, client_as, demo, dirender):
    client = client_as("ppik")
    assert _lihat(client, "/sipekerja/", dirender)[0]
    baris = _realisasi(app, demo.unit["BKPSDM-PPIK"])
    _ubah(app, baris)
    assert not _lihat(client, "/sipekerja/", dirender)[0]
    _ubah(app, baris, nilai=None)
    _lihat(client, "/sipekerja/", dirender)
    assert {"beranda-atas", "beranda-bawah"} & set(dirender)


def test_the_cached_year_list_follows_a_new_year(app, client_as, demo):
    """The year picker (``fragmen.daftar_tahun``) is kept under the agency's plan version; a new
    year, shared by every agency, must appear at the next view of every page that offers it."""
    client = client_as("utama")
    halaman = ("/sipekerja/pengukuran/?tahun=2024", "/sipekerja/perencanaan/?tahun=2024",
               "/sipekerja/realisasi/monitoring?tahun=2024")
    for url in halaman:
        assert "2031" not in client.get(url).get_data(as_text=True)
    with app.app_context():
        db.session.add(Tahun(tahun=2031, aktif=True))
        db.session.commit()
    for url in halaman:
        html = client.get(url).get_data(as_text=True)
        assert re.search(r"<option[^>]*>\s*2031\s*</option>", html), url
