"""The module home (views/home.py) from the fragment cache: after writes of every kind it shows
exactly what an uncached render shows, the moment alone (no write) moves what depends on it, the
Pimpinan's capaian follows aggregates rewritten without a version bump, a view sends few statements
(and a bounded number after a write), and one agency's or one unit's to-dos never show for another."""

from __future__ import annotations

import re
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import CatatanVerifikasi
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import KeputusanRapat
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import PermintaanBuka
from sipekerja_module.models import RapatEvaluasi
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import RingkasanKinerja
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import Tahun
from tests import factories as f
from tests.integration.test_monitoring import _perbesar
from tests.masuk import masuk
from tests.querycount import QueryCounter
from tests.web.fitur.conftest import kosongkan_cache

HOME = "/sipekerja/?tahun=2024"


@pytest.fixture
def saat(monkeypatch):
    """The moment the views see, fixed (a countdown in minutes must not move between two renders);
    ``saat.geser(delta)`` moves it."""
    from sipekerja_module.views import konteks

    class Saat:
        sekarang = datetime.now(timezone.utc)

        def geser(self, delta: timedelta) -> None:
            self.sekarang += delta

    s = Saat()
    monkeypatch.setattr(konteks, "sekarang", lambda: s.sekarang)
    return s


def _html(client, url: str = HOME) -> str:
    """The page, without the sign-out form's CSRF token (signed with the time: another each second)."""
    respons = client.get(url)
    assert respons.status_code == 200, (url, respons.status_code)
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', respons.get_data(as_text=True))


def _sama_dengan_render_baru(app, client) -> str:
    """The home as served now, asserted equal to a render with every cache emptied."""
    html = _html(client)
    kosongkan_cache(app)
    assert _html(client) == html
    return html


def _status(app, demo, kode: str, triwulan: int, status: str, catatan: str | None = None) -> int:
    """Move a unit's triwulan to ``status`` (with the note of that transition) and commit."""
    with app.app_context():
        sp = db.session.execute(select(StatusPeriodeUnit).filter_by(
            unit_kerja_id=demo.unit[kode], tahun_id=demo.tahun, triwulan=triwulan)).scalar_one()
        db.session.add(CatatanVerifikasi(status_periode_id=sp.id, dari_status=sp.status, ke_status=status,
                                         catatan=catatan))
        sp.status = status
        db.session.commit()
        return sp.id


def _permintaan(app, demo, kode: str, alasan: str) -> None:
    with app.app_context():
        db.session.add(PermintaanBuka(unit_kerja_id=demo.unit[kode], tahun_id=demo.tahun, triwulan=1, bulan=[3],
                                      alasan=alasan, diajukan_oleh_id=demo.pengguna["utama"]))
        db.session.commit()


def _keputusan(app, demo, kode: str, uraian: str, batas: date = date(2024, 6, 14)) -> int:
    with app.app_context():
        rapat = db.session.execute(select(RapatEvaluasi).order_by(RapatEvaluasi.id).limit(1)).scalar_one()
        k = KeputusanRapat(rapat_id=rapat.id, jenis="lainnya", uraian=uraian, unit_kerja_id=demo.unit[kode],
                           batas_waktu=batas)
        db.session.add(k)
        db.session.commit()
        return k.id


def _hapus_realisasi(app, demo, kode: str, bulan: int) -> None:
    """Clear a unit indicator's value of a month (the month then counts one indicator less)."""
    with app.app_context():
        r = db.session.execute(select(RealisasiKinerja).filter_by(indikator_id=demo.ind[kode], bulan=bulan)
                               ).scalar_one()
        r.nilai, r.tanpa_realisasi = None, False
        db.session.commit()


@pytest.mark.parametrize("peran", ["utama", "ppik", "pimpinan"])
def test_after_each_write_the_home_is_exactly_a_fresh_render(app, client_as, demo, tw2_dibuka, saat, peran):
    client = client_as(peran)
    sebelum = _sama_dengan_render_baru(app, client)
    status_id = _status(app, demo, "BKPSDM-MUTASI", 2, "diajukan")
    html = _sama_dengan_render_baru(app, client)
    assert (f'data-pengajuan="{status_id}"' in html) == (peran == "utama")
    _status(app, demo, "BKPSDM-PPIK", 1, "dikembalikan", "Catatan pengembalian yang baru")
    assert "Catatan pengembalian yang baru" in _sama_dengan_render_baru(app, client)
    _permintaan(app, demo, "BKPSDM-PPIK", "Alasan permintaan <b>baru</b>")  # escaped in a cached fragment too
    html = _sama_dengan_render_baru(app, client)
    assert ("Alasan permintaan &lt;b&gt;baru&lt;/b&gt;" in html) == (peran != "pimpinan")
    k_id = _keputusan(app, demo, "BKPSDM-PPIK", "Keputusan rapat yang baru")
    assert (f'data-keputusan="{k_id}"' in _sama_dengan_render_baru(app, client)) == (peran != "pimpinan")
    bulan = re.search(r'data-bulan="5">.*?</li>', _html(client), re.S)
    _hapus_realisasi(app, demo, "BKPSDM-PPIK", 5)
    html = _sama_dengan_render_baru(app, client)
    if peran == "ppik":  # May of PPIK's reopened Triwulan II: one indicator less is filled
        assert re.search(r'data-bulan="5">.*?</li>', html, re.S).group(0) != bulan.group(0)
    assert html != sebelum


def test_the_moment_alone_moves_the_deadlines_of_a_cached_home(app, client_as, demo, saat):
    """No write, so the data version stays: late or due soon, open months and the countdown follow
    now, here across a reopening's end within one day (only the moment class moves, not the date)."""
    zona = ZoneInfo(app.config["SIPEKERJA_ZONA_WAKTU"])
    sampai = datetime.combine(saat.sekarang.astimezone(zona).date() + timedelta(days=7), time(12), zona)
    with app.app_context():
        jendela = db.session.execute(select(JendelaInput).filter_by(tahun_id=demo.tahun, triwulan=2)).scalar_one()
        jendela.status, jendela.dibuka_kembali_sampai_dt = "dibuka_kembali", sampai
        db.session.commit()
    klien = {"utama": client_as("utama"), "ppik": client_as("ppik")}
    berikut = re.compile(r"data-tenggat-berikut>.*?</span>", re.S)
    saat.sekarang = sampai - timedelta(days=3)
    buka = {k: _html(c) for k, c in klien.items()}
    assert 'data-bulan="5"' in buka["ppik"] and "sisa 3 hari 0 jam" in berikut.search(buka["utama"]).group(0)
    assert 'data-fase="segera"' in buka["utama"]
    saat.sekarang = sampai - timedelta(minutes=1)
    assert "sisa 1 menit" in berikut.search(_sama_dengan_render_baru(app, klien["utama"])).group(0)
    saat.sekarang = sampai + timedelta(minutes=1)  # the same day: Triwulan II has closed again
    tutup = {k: _html(c) for k, c in klien.items()}
    assert "Tidak ada bulan yang dapat diisi sekarang" in tutup["ppik"] and 'data-bulan="5"' not in tutup["ppik"]
    assert "Tidak ada jendela input yang terbuka" in tutup["utama"] and 'data-fase="segera"' not in tutup["utama"]
    for k, html in tutup.items():
        kosongkan_cache(app)
        assert _html(klien[k]) == html


def test_a_decision_due_today_is_late_tomorrow_without_a_write(app, client_as, demo, saat):
    """The year's deadlines have all passed (the moment class stays): only the date moves."""
    hari_ini = saat.sekarang.astimezone(ZoneInfo(app.config["SIPEKERJA_ZONA_WAKTU"])).date()
    k_id = _keputusan(app, demo, "BKPSDM-PPIK", "Keputusan jatuh tempo hari ini", batas=hari_ini)
    client = client_as("utama")

    def baris() -> str:
        return re.search(rf'data-keputusan="{k_id}">.*?</li>', _html(client), re.S).group(0)

    assert "lewat batas" not in baris()
    saat.geser(timedelta(days=1))
    assert "lewat batas" in baris()


def test_the_capaian_follows_aggregates_a_queued_job_rewrote_without_a_version_bump(app, client_as, demo):
    client = client_as("pimpinan")
    assert "777 /" not in _html(client)
    with app.app_context():
        pd_id = db.session.get(Pengguna, demo.pengguna["pimpinan"]).perangkat_daerah_id
        versi = db.session.get(PerangkatDaerah, pd_id).versi_data
        baris = db.session.execute(select(RingkasanKinerja).filter_by(
            perangkat_daerah_id=pd_id, tahun_id=demo.tahun, triwulan=1)).scalar_one()
        baris.jumlah_terukur, baris.rata_capaian = 777, Decimal("55.5")
        db.session.commit()
        assert db.session.get(PerangkatDaerah, pd_id).versi_data == versi  # derived data: no bump
    assert "777 /" in _html(client)


@pytest.mark.parametrize("peran, hangat", [("utama", 3), ("ppik", 3), ("pimpinan", 4)])
def test_the_home_sends_few_statements_and_a_bounded_number_after_a_write(app, client_as, demo, tw2_dibuka,
                                                                         peran, hangat):
    """Warm: the session, the year and the unread count (and the Pimpinan's aggregates); after a
    write the cached parts are read again, the same statements at ten times the demo."""
    client = client_as(peran)
    with app.app_context():
        engine = db.engine

    def hitung() -> int:
        with QueryCounter(engine) as q:
            _html(client)
        return q.count

    kosongkan_cache(app)
    dingin, hangat_kecil = hitung(), hitung()
    with app.app_context():
        _perbesar(db.session, kali=9)  # a write to the agency: its data version goes up
        db.session.commit()
    dingin_besar, hangat_besar = hitung(), hitung()
    assert hangat_kecil == hangat_besar <= hangat, (hangat_kecil, hangat_besar)
    assert dingin == dingin_besar <= 10, (dingin, dingin_besar)


@pytest.fixture
def dinkes(app, demo):
    """A second agency (DINKES) with one unit, one indicator and its Utama."""
    with app.app_context():
        pd, unit, utama = f.create_dinkes(db.session.get(Tahun, demo.tahun))
        db.session.commit()
        return {"pd": pd.id, "unit": unit.id, "utama": utama.id}


def _client(app, pengguna_id: int):
    client = app.test_client()
    with app.app_context():
        masuk(client, db.session.get(Pengguna, pengguna_id))
    return client


@pytest.mark.parametrize("pertama", ["bkpsdm", "dinkes"])
def test_one_agencys_todos_never_show_for_another(app, client_as, demo, dinkes, pertama):
    """Both agencies' homes have the same year and role: only the agency tells the cache entries apart."""
    status_id = _status(app, demo, "BKPSDM-MUTASI", 2, "diajukan")
    _permintaan(app, demo, "BKPSDM-PPIK", "Alasan rahasia BKPSDM")
    k_id = _keputusan(app, demo, "BKPSDM-PPIK", "Keputusan rahasia BKPSDM")
    klien = {"bkpsdm": client_as("utama"), "dinkes": _client(app, dinkes["utama"])}
    urutan = [pertama, *(k for k in klien if k != pertama)]
    html = {k: _html(klien[k]) for k in urutan}
    for teks in (f'data-pengajuan="{status_id}"', "Alasan rahasia BKPSDM", f'data-keputusan="{k_id}"',
                 "mohon dilengkapi"):
        assert teks in html["bkpsdm"]
        assert teks not in html["dinkes"]
    assert "Tidak ada pengajuan yang menunggu." in html["dinkes"]
    assert "Tidak ada keputusan rapat evaluasi yang perlu" in html["dinkes"]


@pytest.mark.parametrize("pertama", ["ppik", "mutasi"])
def test_one_units_todos_never_show_for_another_unit(app, client_as, demo, tw2_dibuka, pertama):
    """Two Bidang accounts of one agency, same year: the unit's own returns, requests, decisions and
    months are keyed by the unit."""
    _status(app, demo, "BKPSDM-PPIK", 1, "dikembalikan", "Catatan rahasia PPIK")
    _permintaan(app, demo, "BKPSDM-PPIK", "Alasan rahasia PPIK")
    k_id = _keputusan(app, demo, "BKPSDM-PPIK", "Keputusan rahasia PPIK")
    klien = {"ppik": client_as("ppik"), "mutasi": client_as("mutasi")}
    urutan = [pertama, *(k for k in klien if k != pertama)]
    html = {k: _html(klien[k]) for k in urutan}
    for teks in ("Catatan rahasia PPIK", "Alasan rahasia PPIK", f'data-keputusan="{k_id}"'):
        assert teks in html["ppik"]
        assert teks not in html["mutasi"]
    bulan = {k: re.search(r"data-todo-bulan>(.*?)</ul>", h, re.S).group(1) for k, h in html.items()}
    assert bulan["ppik"] != bulan["mutasi"]  # each unit's own counts (the demo's units differ)
    for k, h in html.items():
        kosongkan_cache(app)
        assert _html(klien[k]) == h


@pytest.mark.parametrize("pertama", ["utama", "pimpinan"])
def test_one_roles_todos_never_show_for_another_role_of_the_agency(app, client_as, demo, pertama):
    """The Utama and the Pimpinan of one agency see one year's data: the role's sections are in the key."""
    status_id = _status(app, demo, "BKPSDM-MUTASI", 2, "diajukan")
    _permintaan(app, demo, "BKPSDM-PPIK", "Alasan untuk Utama")
    klien = {"utama": client_as("utama"), "pimpinan": client_as("pimpinan")}
    urutan = [pertama, *(k for k in klien if k != pertama)]
    html = {k: _html(klien[k]) for k in urutan}
    for teks in (f'data-pengajuan="{status_id}"', "Alasan untuk Utama", "Periksa</a>", "data-todo-tindak-lanjut"):
        assert teks in html["utama"]
        assert teks not in html["pimpinan"]
    assert "data-todo-capaian" in html["pimpinan"] and "data-todo-capaian" not in html["utama"]
