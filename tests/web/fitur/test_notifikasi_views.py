"""Reopen requests and notifications through the pages (issue 17): a Bidang asks, the Utama sees
it on the to-do home, the monitoring board and the bell, approves or refuses; bad input answers in
Indonesian with nothing saved; another agency's request is 404; two Utama answering at once: 409.
The bell counts, the notifications page marks read, follows only links inside the module, keeps
each user's notifications to themselves; the pages do a bounded number of queries."""

from __future__ import annotations

import re
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.notifikasi import pesan_diverifikasi
from sipekerja_module.models import Notifikasi
from sipekerja_module.models import PembukaanJendela
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PermintaanBuka
from sipekerja_module.models import Tahun
from sipekerja_module.services import notifikasi as notif_svc
from tests import factories as f
from tests.integration.test_monitoring import _perbesar
from tests.querycount import QueryCounter

WITA = ZoneInfo("Asia/Makassar")
PB = "/sipekerja/permintaan-buka/"
NOTIF = "/sipekerja/notifikasi/"


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _flash(client) -> list[str]:
    with client.session_transaction() as sess:
        return [pesan for _, pesan in sess.pop("_flashes", [])]


def _lokal(dt: datetime) -> str:
    return dt.astimezone(WITA).strftime("%Y-%m-%dT%H:%M")


def _jumlah(app, model, **filters) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model).filter_by(**filters)).scalar_one()


def _minta(client, triwulan=2, bulan=("5",), alasan="Data Mei belum lengkap"):
    return client.post(PB + "?tahun=2024", data={"triwulan": str(triwulan), "bulan": list(bulan), "alasan": alasan})


def _permintaan_id(app) -> int:
    with app.app_context():
        return db.session.execute(select(PermintaanBuka.id).order_by(PermintaanBuka.id.desc())).scalars().first()


def test_a_bidang_asks_and_the_utama_sees_it_on_home_board_bell_and_approves(app, client_as, demo):
    ppik, utama = client_as("ppik"), client_as("utama")
    halaman = _html(ppik, PB + "?tahun=2024")
    assert 'data-form-permintaan="2"' in halaman  # the demo year's windows have all closed
    assert _minta(ppik).status_code == 302
    assert "Permintaan buka kembali dikirim" in _flash(ppik)[0]
    home = _html(utama, "/sipekerja/")
    assert "data-todo-permintaan" in home and "Data Mei belum lengkap" in home
    assert 'data-jumlah="permintaan">1<' in home
    assert 'data-lonceng="1"' in home
    papan = _html(utama, "/sipekerja/realisasi/monitoring?tahun=2024")
    assert papan.count('data-permintaan-buka="2"') == 1
    pid = _permintaan_id(app)
    sampai = datetime.now(timezone.utc) + timedelta(days=5)
    jawab = utama.post(f"{PB}{pid}/jawab", data={"aksi": "setujui", "versi": "1", "sampai": _lokal(sampai)})
    assert jawab.status_code == 302
    assert _jumlah(app, PembukaanJendela, unit_kerja_id=demo.unit["BKPSDM-PPIK"]) == 1
    # The unit's home shows the answer; its bell counts it; the board no longer shows the badge.
    home_ppik = _html(ppik, "/sipekerja/")
    assert 'data-status="disetujui"' in home_ppik and 'data-lonceng="1"' in home_ppik
    assert "data-permintaan-buka" not in _html(utama, "/sipekerja/realisasi/monitoring?tahun=2024")
    # Only that unit's window reopened: PPIK can fill May, Mutasi cannot.
    assert 'data-bulan="5"' in _html(ppik, "/sipekerja/")
    assert 'data-bulan="5"' not in _html(client_as("mutasi"), "/sipekerja/")


@pytest.mark.parametrize("data, pesan", [
    ({"triwulan": "2", "bulan": ["5"], "alasan": ""}, "Alasan permintaan wajib diisi"),
    ({"triwulan": "2", "bulan": ["1"], "alasan": "x"}, "harus termasuk Triwulan II"),
    ({"triwulan": "9", "bulan": ["5"], "alasan": "x"}, "Triwulan harus 1 sampai 4"),
    ({"triwulan": "2", "alasan": "x"}, "paling sedikit satu bulan"),
])
def test_a_bad_request_is_refused_in_indonesian_and_saves_nothing(app, client_as, demo, data, pesan):
    ppik = client_as("ppik")
    response = ppik.post(PB + "?tahun=2024", data=data)
    assert response.status_code == 422
    assert pesan in response.get_data(as_text=True)
    assert _jumlah(app, PermintaanBuka) == 0 and _jumlah(app, Notifikasi) == 0


def test_a_request_for_an_open_window_and_a_second_waiting_one_are_refused(app, client_as, demo, tw2_dibuka):
    ppik, mutasi = client_as("ppik"), client_as("mutasi")
    terbuka = _minta(ppik)
    assert terbuka.status_code == 422 and "masih terbuka" in terbuka.get_data(as_text=True)
    assert _minta(mutasi, triwulan=1, bulan=("3",)).status_code == 302
    kedua = _minta(mutasi, triwulan=1, bulan=("2",))
    assert kedua.status_code == 422 and "masih menunggu jawaban" in kedua.get_data(as_text=True)
    assert _jumlah(app, PermintaanBuka) == 1


def test_an_approval_in_the_past_is_refused_and_nothing_is_saved(app, client_as, demo):
    _minta(client_as("ppik"))
    pid, utama = _permintaan_id(app), client_as("utama")
    lalu = datetime.now(timezone.utc) - timedelta(hours=1)
    for sampai in (_lokal(lalu), "", "2024-13-45T99:99"):
        response = utama.post(f"{PB}{pid}/jawab", data={"aksi": "setujui", "versi": "1", "sampai": sampai})
        assert response.status_code == 422
        assert re.search(r"masa depan|wajib diisi|tidak valid", response.get_data(as_text=True))
    assert _jumlah(app, PermintaanBuka, status="menunggu") == 1 and _jumlah(app, PembukaanJendela) == 0


def test_two_utama_answering_at_once_the_second_gets_409_and_nothing_more_is_saved(app, client_as, demo):
    _minta(client_as("ppik"))
    pid = _permintaan_id(app)
    with app.app_context():
        kedua = f.create_pengguna("199406242015071099", ("utama",),
                                  db.session.get(Pengguna, demo.pengguna["utama"]).unit_kerja, "Utama Kedua")
        db.session.commit()
        kedua_id = kedua.id
    from tests.masuk import masuk
    satu, dua = client_as("utama"), app.test_client()
    with app.app_context():
        masuk(dua, db.session.get(Pengguna, kedua_id))
    # Both opened the page at version 1.
    sampai = _lokal(datetime.now(timezone.utc) + timedelta(days=2))
    assert satu.post(f"{PB}{pid}/jawab", data={"aksi": "setujui", "versi": "1", "sampai": sampai}).status_code == 302
    kalah = dua.post(f"{PB}{pid}/jawab", data={"aksi": "tolak", "versi": "1", "catatan": "Tidak perlu"})
    assert kalah.status_code == 409 and "sudah dijawab" in kalah.get_data(as_text=True)
    assert _jumlah(app, PermintaanBuka, status="disetujui") == 1 and _jumlah(app, PembukaanJendela) == 1
    assert _jumlah(app, Notifikasi, jenis="jawaban_permintaan") == 1


def test_the_bell_counts_unread_and_the_page_marks_read_and_follows_module_links_only(app, client_as, demo):
    with app.app_context():
        ppik = db.session.get(Pengguna, demo.pengguna["ppik"])
        mutasi = db.session.get(Pengguna, demo.pengguna["mutasi"])
        aman = notif_svc.buat_notifikasi(penerima=[ppik], pesan=pesan_diverifikasi(triwulan=1, tahun=2024),
                                         tautan="/sipekerja/realisasi/?bulan=3&tahun=2024")[0]
        luar = notif_svc.buat_notifikasi(penerima=[ppik], pesan=pesan_diverifikasi(triwulan=2, tahun=2024),
                                         tautan="//jahat.example/curi")[0]
        milik_lain = notif_svc.buat_notifikasi(penerima=[mutasi], pesan=pesan_diverifikasi(triwulan=1, tahun=2024),
                                               tautan="/sipekerja/")[0]
        db.session.commit()
        aman_id, luar_id, lain_id = aman.id, luar.id, milik_lain.id
    client = client_as("ppik")
    halaman = _html(client, NOTIF)
    assert 'data-lonceng="2"' in halaman and 'data-belum-dibaca="2"' in halaman
    assert halaman.count("data-notifikasi=") == 2 and f'data-notifikasi="{lain_id}"' not in halaman
    buka = client.post(f"{NOTIF}{aman_id}/baca", data={"buka": "1"})
    assert buka.status_code == 302 and buka.headers["Location"] == "/sipekerja/realisasi/?bulan=3&tahun=2024"
    asing = client.post(f"{NOTIF}{luar_id}/baca", data={"buka": "1"})
    assert asing.status_code == 302 and asing.headers["Location"].endswith("/sipekerja/notifikasi/")
    assert 'data-lonceng' in _html(client, NOTIF) and 'data-belum-dibaca="0"' in _html(client, NOTIF)
    # Another user's notification is not found, and stays unread.
    assert client.post(f"{NOTIF}{lain_id}/baca").status_code == 404
    assert _jumlah(app, Notifikasi, id=lain_id, dibaca_dt=None) == 1
    assert 'data-lonceng="1"' in _html(client_as("mutasi"), NOTIF)
    assert client_as("mutasi").post(NOTIF + "baca-semua").status_code == 302
    assert 'data-belum-dibaca="0"' in _html(client_as("mutasi"), NOTIF)


def test_each_user_can_turn_email_off_and_on(app, client_as, demo):
    client = client_as("ppik")
    assert client.post(NOTIF + "surel", data={"terima": "0"}).status_code == 302
    with app.app_context():
        assert db.session.get(Pengguna, demo.pengguna["ppik"]).terima_surel is False
    assert 'id="terima-surel" checked' not in _html(client, NOTIF)
    assert client.post(NOTIF + "surel", data={"terima": ["0", "1"]}).status_code == 302
    with app.app_context():
        assert db.session.get(Pengguna, demo.pengguna["ppik"]).terima_surel is True
    assert 'id="terima-surel" checked' in _html(client, NOTIF)
    salah = client.post(NOTIF + "surel", data={"terima": "mungkin"})
    assert salah.status_code in (302, 303) and "tidak dikenal" in _flash(client)[0]


def test_a_request_of_another_agency_is_404_for_the_utama(app, client_as, demo):
    with app.app_context():
        pd_x = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
        unit_x = f.create_unit(pd_x, "DINKES-UMUM", "Sekretariat Dinkes", "sekretariat")
        tahun = db.session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
        permintaan = PermintaanBuka(unit_kerja_id=unit_x.id, tahun_id=tahun.id, triwulan=2, bulan=[5],
                                    alasan="Dinkes", kunci_menunggu="x")
        db.session.add(permintaan)
        db.session.commit()
        pid = permintaan.id
    sampai = _lokal(datetime.now(timezone.utc) + timedelta(days=2))
    response = client_as("utama").post(f"{PB}{pid}/jawab", data={"aksi": "setujui", "versi": "1", "sampai": sampai})
    assert response.status_code == 404
    assert _jumlah(app, PermintaanBuka, id=pid, status="menunggu") == 1 and _jumlah(app, PembukaanJendela) == 0


def _banyak_notifikasi(app, demo, kali: int) -> None:
    with app.app_context():
        orang = [db.session.get(Pengguna, demo.pengguna[k]) for k in ("utama", "ppik")]
        for i in range(kali):
            notif_svc.buat_notifikasi(penerima=orang, pesan=pesan_diverifikasi(triwulan=1 + i % 4, tahun=2024),
                                      tautan="/sipekerja/")
        tahun = db.session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
        for i, unit_id in enumerate(demo.unit.values()):
            for tw in range(1, 5):
                db.session.add(PermintaanBuka(unit_kerja_id=unit_id, tahun_id=tahun.id, triwulan=tw, bulan=[tw * 3],
                                              alasan=f"Permintaan {i} {tw} {kali}", status="ditolak", catatan="Tidak"))
        _perbesar(db.session, kali=kali // 10) if kali >= 10 else None
        db.session.commit()


@pytest.mark.parametrize("peran, url", [("utama", NOTIF), ("ppik", NOTIF), ("utama", "/sipekerja/"),
                                        ("ppik", "/sipekerja/"), ("utama", PB + "?tahun=2024"),
                                        ("ppik", PB + "?tahun=2024")])
def test_notification_request_and_home_pages_do_a_bounded_number_of_queries(app, client_as, demo, peran, url):
    client = client_as(peran)
    with app.app_context():
        engine = db.engine
    _banyak_notifikasi(app, demo, 5)
    app.extensions["sipekerja_fragmen"].clear()
    with QueryCounter(engine) as kecil:
        _html(client, url)
    _banyak_notifikasi(app, demo, 90)
    app.extensions["sipekerja_fragmen"].clear()
    with QueryCounter(engine) as besar:
        _html(client, url)
    assert besar.count == kecil.count <= 30, (peran, url, kecil.count, besar.count)
