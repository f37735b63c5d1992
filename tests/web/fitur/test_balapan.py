"""Races answer 409, never 500: the real app served on a loopback port (threaded werkzeug), three
identical month submissions fired in parallel; exactly one is saved (302) and the two others get
409 with the Indonesian message and their typed values kept in the form. Runs on the database
the suite runs on (SQLite by default, PostgreSQL with SIPEKERJA_TEST_DATABASE_URL)."""

from __future__ import annotations

import re
import threading

import pytest
import requests
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import Indikator
from sipekerja_module.models import Pengguna
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import RealisasiKinerja
from tests.masuk import catat_masuk
from tests.web.sso import serve

PESAN_409 = "sudah diubah oleh pengguna lain"
URL = "/sipekerja/realisasi/?bulan=6&tahun=2024"


@pytest.fixture
def served(app, demo, tw2_dibuka):
    live = serve(app)
    live.thread.start()
    yield live
    live.stop()


def _cookie(app, pengguna_id: int) -> dict[str, str]:
    """A signed session cookie of a real module sign-in (record included) for ``pengguna_id``."""
    isi: dict = {}
    with app.app_context():
        catat_masuk(isi, db.session.get(Pengguna, pengguna_id))
    nilai = app.session_interface.get_signing_serializer(app).dumps(isi)
    return {app.config["SESSION_COOKIE_NAME"]: nilai}


def _form(live, cookie) -> dict[str, str]:
    """The version field of every row of the month form, as the browser has it."""
    html = requests.get(live.url(URL), cookies=cookie).text
    return dict(re.findall(r'name="([ka]-\d+-versi)" value="([^"]*)"', html))


def _serentak(live, cookie, data, n=3) -> list[requests.Response]:
    """Fire ``n`` identical POSTs at once (a barrier releases them together)."""
    barrier = threading.Barrier(n)
    hasil: list = [None] * n

    def kirim(i):
        with requests.Session() as s:
            barrier.wait()
            hasil[i] = s.post(live.url(URL), data=data, cookies=cookie, allow_redirects=False)

    threads = [threading.Thread(target=kirim, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return hasil


def _isian(app, demo, form: dict[str, str], nilai: str) -> dict[str, str]:
    with app.app_context():
        ind = db.session.execute(select(Indikator.id).filter_by(unit_kerja_id=demo.unit["BKPSDM-PPIK"])
                                 .order_by(Indikator.id)).scalars().all()[:2]
    data = {k: v for k, v in form.items() if k.endswith("-versi")}
    for i in ind:
        data[f"k-{i}-nilai"] = nilai
    data[f"a-{demo.sub['BKPSDM-PPIK']}-nilai"] = nilai + ".000"
    assert all(f"k-{i}-versi" in data for i in ind), "the form carries a version field per row"
    return data


def _periksa(respons, data, nilai):
    status = sorted(r.status_code for r in respons)
    assert status == [302, 409, 409], status
    for r in respons:
        if r.status_code == 409:
            assert PESAN_409 in r.text
            # The user's own typed values are kept in the form, not discarded.
            for kunci in (k for k in data if k.endswith("-nilai")):
                assert re.search(rf'name="{kunci}"[^>]*value="{re.escape(data[kunci])}"', r.text), kunci


def test_three_parallel_first_saves_of_a_month_give_one_302_and_two_409(app, demo, served):
    cookie = _cookie(app, demo.pengguna["ppik"])
    data = _isian(app, demo, _form(served, cookie), "5")
    assert not any(v for k, v in data.items() if k.endswith("-versi")), "no row of this month exists yet"

    respons = _serentak(served, cookie, data)

    _periksa(respons, data, "5")
    with app.app_context():
        for kunci in (k for k in data if k.startswith("k-") and k.endswith("-nilai")):
            ind = int(kunci.split("-")[1])
            rows = db.session.execute(select(RealisasiKinerja).filter_by(indikator_id=ind, bulan=6)).scalars().all()
            assert len(rows) == 1 and rows[0].nilai == 5
        assert db.session.execute(select(RealisasiAnggaran).filter_by(node_id=demo.sub["BKPSDM-PPIK"], bulan=6)) \
            .scalars().one().nilai == 5000


def test_three_parallel_edits_of_a_saved_month_give_one_302_and_two_409(app, demo, served):
    cookie = _cookie(app, demo.pengguna["ppik"])
    pertama = _isian(app, demo, _form(served, cookie), "4")
    assert requests.post(served.url(URL), data=pertama, cookies=cookie, allow_redirects=False).status_code == 302
    data = _isian(app, demo, _form(served, cookie), "7")
    assert all(data[k.replace("-nilai", "-versi")] for k in data if k.endswith("-nilai")), "rows now have versions"

    respons = _serentak(served, cookie, data)

    _periksa(respons, data, "7")
