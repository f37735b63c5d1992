"""The quarter as the Kasubbag and a PPTK live it (issue 15): the to-do home per role, Pengecekan
one click away, deadlines on the pages, the monitoring board read by the Pimpinan, confirmation
attributes on irreversible actions, bounded queries at ten times the demo."""

import re

import pytest
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import Pengguna
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import UnitKerja
from tests import factories as f
from tests.integration.test_monitoring import _perbesar
from tests.masuk import masuk
from tests.querycount import QueryCounter

HOME = "/sipekerja/?tahun=2024"
MONITORING = "/sipekerja/realisasi/monitoring?tahun=2024"


def _diajukan(app, demo, kode="BKPSDM-MUTASI", triwulan=2) -> int:
    """Put a unit's triwulan in *diajukan* (as if submitted) and return its status id."""
    with app.app_context():
        status = db.session.execute(select(StatusPeriodeUnit).filter_by(
            unit_kerja_id=demo.unit[kode], triwulan=triwulan)).scalar_one()
        status.status = "diajukan"
        db.session.commit()
        return status.id


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_utama_home_lists_submissions_waiting_with_a_button_into_pengecekan(app, client_as, demo):
    status_id = _diajukan(app, demo)
    html = _html(client_as("utama"), HOME)
    assert "Menunggu pengecekan" in html and f'data-pengajuan="{status_id}"' in html
    assert f'href="/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024">Periksa</a>' in html
    # The demo's Triwulan I of PKA was returned and not resubmitted yet, with its note.
    assert "data-todo-dikembalikan" in html and "mohon dilengkapi" in html
    # 2024's deadlines have all passed: the units that never submitted Triwulan II are late.
    tenggat = re.search(r"data-todo-tenggat>(.*?)</ul>", html, re.S).group(1)
    assert 'data-fase="lewat"' in tenggat and "Triwulan II" in tenggat and "belum diajukan" in tenggat
    assert "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian" in tenggat
    assert tenggat.count("s.d. 31 Juli 2024") == 1  # the shared deadline once, not per unit


def test_utama_home_counts_down_to_the_next_deadline(app, client_as, demo, tw2_dibuka):
    html = _html(client_as("utama"), HOME)
    berikut = re.search(r"data-tenggat-berikut>(.*?)</span></span>", html, re.S).group(1)
    assert "Triwulan II" in berikut and "WITA" in berikut and re.search(r"sisa (6 hari|7 hari)", berikut)


def test_bidang_home_lists_the_open_months_to_fill_and_values_without_evidence(app, client_as, demo, tw2_dibuka):
    html = _html(client_as("ppik"), HOME)
    bulan = re.search(r"data-todo-bulan>(.*?)</ul>", html, re.S).group(1)
    assert [int(b) for b in re.findall(r'data-bulan="(\d+)"', bulan)] == [4, 5, 6]
    assert 'href="/sipekerja/realisasi/?bulan=6&amp;tahun=2024">Isi Juni</a>' in bulan
    assert "Menunggu pengecekan" not in html
    assert "data-todo-tanpa-bukti" in html  # the demo has values without bukti dukung


def test_bidang_home_without_an_open_window_says_so_and_shows_the_return_note(app, client_as, demo):
    with app.app_context():
        unit = db.session.get(UnitKerja, demo.unit["BKPSDM-PKA"])
        pka_id = f.create_pengguna("199205052015032006", ("bidang",), unit, "Operator PKA").id
        db.session.commit()
    client = app.test_client()
    with app.app_context():
        masuk(client, db.session.get(Pengguna, pka_id))
    html = _html(client, HOME)
    assert "Tidak ada bulan yang dapat diisi sekarang" in html
    dikembalikan = re.search(r"data-todo-dikembalikan>(.*?)</ul>", html, re.S).group(1)
    assert "Triwulan I" in dikembalikan and "mohon dilengkapi" in dikembalikan


def test_pimpinan_home_shows_the_agency_capaian_and_who_is_late_read_only(app, client_as, demo):
    html = _html(client_as("pimpinan"), HOME)
    capaian = re.search(r"data-todo-capaian>(.*?)</table>", html, re.S).group(1)
    assert 'data-triwulan="1"' in capaian and "%" in capaian and "data-predikat" in capaian
    assert "data-todo-tenggat" in html and "Menunggu pengecekan" not in html and "Periksa</a>" not in html
    assert "Ringkasan — tahun 2024" in html and "table-primary" in capaian


def test_pengecekan_is_in_the_menu_of_the_utama_only_and_monitoring_for_every_role(app, client_as, demo):
    assert 'data-menu="pengecekan"' in _html(client_as("utama"), HOME)
    for peran in ("ppik", "pimpinan"):
        html = _html(client_as(peran), HOME)
        assert 'data-menu="pengecekan"' not in html and 'data-menu="monitoring"' in html
    pengecekan = _html(client_as("utama"), "/sipekerja/realisasi/pengecekan?tahun=2024")
    assert re.search(r'class="nav-link py-1 active" href="/sipekerja/realisasi/pengecekan"', pengecekan)


def test_monitoring_cells_open_the_submission_or_the_month_for_the_utama(app, client_as, demo):
    status_id = _diajukan(app, demo)
    html = _html(client_as("utama"), MONITORING)
    mutasi = re.search(r'<tr data-unit="BKPSDM-MUTASI">(.*?)</tr>', html, re.S).group(1)
    assert f'href="/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024"' in mutasi
    assert f'href="/sipekerja/realisasi/?unit={demo.unit["BKPSDM-MUTASI"]}&amp;bulan=7&amp;tahun=2024"' in mutasi
    # Overdue and not-yet-due are different badges; 2024 is over, so no cell is "belum waktunya".
    assert 'data-status="terlambat"' in html and 'data-status="belum_waktunya"' not in html
    assert 'data-rekap="1"' in html and 'data-rekap="12"' in html


def test_pimpinan_reads_the_monitoring_board_without_links(app, client_as, demo):
    html = _html(client_as("pimpinan"), MONITORING)
    papan = re.search(r"<table.*?</table>", html, re.S).group(0)
    assert 'data-unit="BKPSDM-PPIK"' in papan and "<a " not in papan


def test_referensi_shows_a_closed_badge_once_the_deadline_has_passed(app, client_as, demo, tw2_dibuka):
    html = _html(client_as("utama"), "/sipekerja/referensi/")
    assert 's.d. 30 April 2024 pukul 23.59 WITA</a>' in html
    assert html.count('data-keadaan="ditutup"') == 3 and html.count('data-keadaan="dibuka kembali"') == 1
    assert 'data-keadaan="terbuka"' not in html


def test_pengecekan_detail_shows_capaian_and_kinerja_and_rupiah_apart(app, client_as, demo):
    with app.app_context():
        status_id = db.session.execute(select(StatusPeriodeUnit.id).filter_by(
            unit_kerja_id=demo.unit["BKPSDM-PKA"], triwulan=1)).scalar_one()
    html = _html(client_as("utama"), f"/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024")
    assert html.count('data-tabel="kinerja"') == 3 and html.count('data-tabel="anggaran"') == 3
    capaian = re.findall(r"<td class=\"text-end\" data-capaian>([^<]*)</td>", html)
    assert capaian and all(c.strip() == "–" or c.strip().endswith("%") for c in capaian)
    assert any(c.strip().endswith("%") for c in capaian)
    # Returned: the return note is the current one, shown once as a banner.
    assert "data-catatan-kini" in html and "mohon dilengkapi" in html


def test_irreversible_actions_ask_for_confirmation(app, client_as, demo):
    perencanaan = _html(client_as("utama"), "/sipekerja/perencanaan/?tahun=2024")
    assert "data-konfirmasi=\"Tetapkan rencana kerja 2024?" in perencanaan
    assert "data-konfirmasi=\"Nonaktifkan unit" in _html(client_as("utama"), "/sipekerja/referensi/")
    with client_as("utama").get("/sipekerja/static/sipekerja.js") as response:
        js = response.get_data(as_text=True)
    assert "showModal" in js and "data-konfirmasi" in js


@pytest.mark.parametrize("peran, url", [
    ("utama", HOME), ("ppik", HOME), ("pimpinan", HOME), ("pimpinan", MONITORING), ("ppik", MONITORING),
])
def test_home_and_monitoring_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as, demo, tw2_dibuka,
                                                                                    peran, url):
    client = client_as(peran)
    with app.app_context():
        engine = db.engine
    app.extensions["sipekerja_fragmen"].clear()
    with QueryCounter(engine) as kecil:
        _html(client, url)
    with app.app_context():
        _perbesar(db.session, kali=9)
        db.session.commit()
    app.extensions["sipekerja_fragmen"].clear()
    with QueryCounter(engine) as besar:
        _html(client, url)
    assert besar.count == kecil.count <= 25, (peran, url, kecil.count, besar.count)


def test_pengecekan_detail_does_a_bounded_number_of_queries(app, client_as, demo):
    status_id = _diajukan(app, demo)
    client = client_as("utama")
    url = f"/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024"
    with app.app_context():
        engine = db.engine
    with QueryCounter(engine) as kecil:
        _html(client, url)
    with app.app_context():
        _perbesar(db.session, kali=9)
        db.session.commit()
    with QueryCounter(engine) as besar:
        _html(client, url)
    assert besar.count == kecil.count <= 30, (kecil.count, besar.count)
