"""Heavy work off the request path (issue 18, items 3 and 6): the dashboard summary recomputed by
one coalesced job after commit, the kabupaten report built by a job with a progress page and an
authorised download, and the faults: Redis unreachable, a worker killed mid-job, a job whose agency
is gone. The queue tests run a real RQ worker against the Redis at 127.0.0.1:6379, on a database
number (one per test engine) and a queue name of their own (only that database is flushed)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from rq import Queue
from rq import SimpleWorker
from rq.registry import StartedJobRegistry
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

from portal_stub.extensions import db
from sipekerja_module import antrian
from sipekerja_module import tugas
from sipekerja_module.commit_hooks import tugas_ringkasan
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RingkasanKinerja
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.ringkasan import hitung_ringkasan
from sipekerja_module.services.penyimpanan import PenyimpananGagal
from sipekerja_module.services.penyimpanan import PenyimpananLokal
from sipekerja_module.services.penyimpanan import penyimpanan
from tests import factories as f
from tests.integration.test_monitoring import _perbesar
from tests.masuk import masuk
from tests.querycount import QueryCounter
from tests.web.fitur.conftest import client_as  # noqa: F401 - fixtures shared with the feature pages
from tests.web.fitur.conftest import demo  # noqa: F401


def _nomor_db_redis() -> int:
    """A Redis database per test engine: .ci/run runs the PostgreSQL and MariaDB suites side by side,
    and the coalescing keys are per (agency, year), which both suites' demo share (ids 1)."""
    url = os.environ.get("SIPEKERJA_TEST_DATABASE_URL", "")
    return 12 if url.startswith("postgresql") else 14 if url.startswith("mysql") else 11


REDIS_UJI = f"redis://127.0.0.1:6379/{_nomor_db_redis()}"
ANTRIAN_UJI = f"sipekerja-uji-{os.getpid()}"
#: A port nothing listens on: Redis "stopped".
REDIS_MATI = "redis://127.0.0.1:1/0"
KOLOM = ("triwulan", "rata_capaian", "jumlah_indikator", "jumlah_terukur", "pagu", "realisasi_anggaran",
         "persen_serapan")
ROOT = Path(__file__).resolve().parents[2]


def _redis_ada() -> bool:
    try:
        return redis.Redis.from_url(REDIS_UJI, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


butuh_redis = pytest.mark.skipif(not _redis_ada(), reason="Redis at 127.0.0.1:6379 is not running")


@pytest.fixture
def app_redis(app):
    """The test app with the queue on: a Redis database and a queue name of the tests' own, flushed."""
    conn = redis.Redis.from_url(REDIS_UJI)
    conn.flushdb()
    app.config.update(SIPEKERJA_REDIS_URL=REDIS_UJI, SIPEKERJA_ANTRIAN=ANTRIAN_UJI)
    yield app
    conn.flushdb()


def _antrian(app) -> Queue:
    with app.app_context():
        return antrian.antrian(antrian.koneksi())


def _kerjakan(app) -> None:
    """Run a real RQ worker in this process until the queue is empty (what `flask sipekerja worker
    --burst` does)."""
    with app.app_context():
        conn = antrian.koneksi()
        SimpleWorker([antrian.antrian(conn)], connection=conn).work(burst=True, with_scheduler=False)


def _cache(pd_id, tahun_id):
    rows = db.session.execute(select(RingkasanKinerja).filter_by(perangkat_daerah_id=pd_id, tahun_id=tahun_id)
                              .order_by(RingkasanKinerja.triwulan)).scalars()
    return sorted(tuple(getattr(r, k) for k in KOLOM) for r in rows)


def _segar(pd_id, tahun_id):
    rows = hitung_ringkasan(perangkat_daerah_id=pd_id, tahun_id=tahun_id, skala=load_skala_aktif())
    return sorted(tuple(r[k] for k in KOLOM) for r in rows)


def _rusak_ringkasan(app) -> int:
    """Overwrite the demo agency's cached figures (so only a recompute brings them back)."""
    with app.app_context():
        pd = db.session.execute(select(PerangkatDaerah.id)).scalars().first()
        db.session.execute(update(RingkasanKinerja).values(rata_capaian=1, jumlah_terukur=99))
        db.session.commit()
        return pd


def _simpan_bulan(client, app, demo, nilai="3"):
    with app.app_context():
        ind = demo.ind["BKPSDM-PPIK"]
    response = client.post("/sipekerja/realisasi/?bulan=6&tahun=2024", data={f"k-{ind}-nilai": nilai})
    assert response.status_code in (200, 302), response.status_code
    return response


@pytest.fixture
def kabupaten(app, demo):  # noqa: F811
    """Clients signed in as two kabupaten-level Pimpinan (Sekda and Inspektur)."""
    klien = []
    with app.app_context():
        for nip, nama in (("196801011990031001", "Sekretaris Daerah"), ("197002021992031002", "Inspektur")):
            p = Pengguna(issuer="http://portal.test", subject=nip, nip=nip, nama=nama, peran=["pimpinan"])
            db.session.add(p)
            db.session.commit()
            client = app.test_client()
            masuk(client, p)
            klien.append(client)
    return klien


# --- the summary recompute -------------------------------------------------------------------

@butuh_redis
def test_saves_in_a_burst_enqueue_one_recompute_that_equals_a_fresh_computation(app_redis, demo, client_as,
                                                                               kabupaten, tw2_dibuka):
    app = app_redis
    pd = _rusak_ringkasan(app)
    ppik = client_as("ppik")
    for nilai in ("1", "2", "3"):
        _simpan_bulan(ppik, app, demo, nilai)
    assert _antrian(app).count == 1  # three saves, one job
    with app.app_context():
        assert _cache(pd, demo.tahun) != _segar(pd, demo.tahun)  # nothing recomputed in the requests
    halaman = kabupaten[0].get("/sipekerja/kabupaten/?tahun=2024").get_data(as_text=True)
    assert "sedang diperbarui" in halaman

    _kerjakan(app)

    with app.app_context():
        assert _cache(pd, demo.tahun) == _segar(pd, demo.tahun)
    halaman = kabupaten[0].get("/sipekerja/kabupaten/?tahun=2024").get_data(as_text=True)
    assert "sedang diperbarui" not in halaman
    # The cached dashboard body shows the recomputed figures, not those cached while the job waited.
    assert 'data-capaian="1.0000"' not in halaman
    _simpan_bulan(ppik, app, demo, "4")
    assert _antrian(app).count == 1  # a save after the job started enqueues a new one


@pytest.fixture
def tw2_dibuka(app, demo):  # noqa: F811
    with app.app_context():
        f.buka_kembali(demo.tahun, 2)


def test_redis_unreachable_a_save_succeeds_and_the_summary_is_recomputed_inline(app, demo, client_as, kabupaten,
                                                                                 tw2_dibuka, caplog):
    app.config.update(SIPEKERJA_REDIS_URL=REDIS_MATI)
    pd = _rusak_ringkasan(app)
    with caplog.at_level(logging.WARNING, logger="sipekerja.antrian"):
        _simpan_bulan(client_as("ppik"), app, demo)
    assert "tidak menjawab" in caplog.text
    with app.app_context():
        assert _cache(pd, demo.tahun) == _segar(pd, demo.tahun)
    assert client_as("utama").get("/sipekerja/realisasi/?bulan=6&tahun=2024").status_code == 200
    halaman = kabupaten[0].get("/sipekerja/kabupaten/?tahun=2024")
    assert halaman.status_code == 200 and "sedang diperbarui" not in halaman.get_data(as_text=True)
    # The report flow completes inline too.
    jawab = kabupaten[0].post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                              data={"periode": "tw1", "ukuran": "A4", "format": "pdf"})
    assert jawab.status_code == 302
    assert "Laporan siap diunduh" in kabupaten[0].get(jawab.location).get_data(as_text=True)


@butuh_redis
def test_a_recompute_job_whose_agency_was_deleted_logs_and_writes_nothing(app_redis, demo, caplog):
    app = app_redis
    app.config["SIPEKERJA_REDIS_URL"] = None  # set-up writes recompute inline
    with app.app_context():
        lain = f.create_perangkat_daerah("DINSOS", "Dinas Sosial")
        db.session.commit()
        pd_id = lain.id
    app.config["SIPEKERJA_REDIS_URL"] = REDIS_UJI
    with app.app_context():
        conn = antrian.koneksi()
        job_id = antrian.jalankan_sekali(antrian.kunci("ringkasan", "antri", pd_id, demo.tahun), conn, tugas_ringkasan,
                                pd_id, demo.tahun)
        db.session.execute(delete(RingkasanKinerja).where(RingkasanKinerja.perangkat_daerah_id == pd_id))
        db.session.execute(delete(PerangkatDaerah).where(PerangkatDaerah.id == pd_id))
        db.session.commit()
    with caplog.at_level(logging.WARNING, logger="sipekerja.ringkasan"):
        _kerjakan(app)
    assert f"perangkat daerah {pd_id} atau tahun {demo.tahun} sudah dihapus" in caplog.text
    with app.app_context():
        assert not db.session.scalar(select(func.count()).select_from(RingkasanKinerja)
                                     .where(RingkasanKinerja.perangkat_daerah_id == pd_id))
    job = _antrian(app).fetch_job(job_id)
    assert job.return_value() is False  # ended, not failed: nothing to retry


# --- the kabupaten report job ----------------------------------------------------------------

def test_without_redis_the_report_is_ready_at_once_and_only_its_requester_downloads_it(app, demo, kabupaten):
    sekda, inspektur = kabupaten
    jawab = sekda.post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                       data={"periode": "tahun", "ukuran": "F4", "format": "pdf"})
    assert jawab.status_code == 302
    halaman = sekda.get(jawab.location).get_data(as_text=True)
    assert "Laporan siap diunduh" in halaman
    status = sekda.get(jawab.location + "/status").get_json()
    assert status["status"] == "siap" and status["selesai"] == status["total"] == 1
    unduh = sekda.get(status["unduh"])
    assert unduh.status_code == 200 and unduh.data.startswith(b"%PDF")
    assert "attachment" in unduh.headers["Content-Disposition"]
    for url in (jawab.location, jawab.location + "/status", status["unduh"]):
        assert inspektur.get(url).status_code == 404  # another kabupaten user: not theirs


def test_the_dashboard_offers_the_report_form_and_refuses_a_bad_choice(app, demo, kabupaten):
    halaman = kabupaten[0].get("/sipekerja/kabupaten/?tahun=2024").get_data(as_text=True)
    assert "laporan-pengukuran/minta" in halaman and 'name="csrf_token"' in halaman
    jawab = kabupaten[0].post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                              data={"periode": "b5", "ukuran": "A4", "format": "pdf"})
    assert jawab.status_code == 302 and "/kabupaten/" in jawab.location and "tugas" not in jawab.location


def test_an_agency_account_cannot_ask_for_or_read_a_kabupaten_report(app, demo, kabupaten, client_as):
    jawab = kabupaten[0].post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                              data={"periode": "tahun", "ukuran": "A4", "format": "xlsx"})
    utama = client_as("utama")
    assert utama.get(jawab.location).status_code == 403
    assert utama.post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                      data={"periode": "tahun", "ukuran": "A4", "format": "pdf"}).status_code == 403


def test_an_expired_report_is_gone_and_its_objects_removed(app, demo, kabupaten):
    jawab = kabupaten[0].post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                              data={"periode": "tw1", "ukuran": "A4", "format": "xlsx"})
    tugas_id = jawab.location.rsplit("/", 1)[1]
    baru = kabupaten[1].post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                             data={"periode": "tw1", "ukuran": "A4", "format": "pdf"}).location.rsplit("/", 1)[1]
    with app.app_context():
        toko = penyimpanan()
        assert [n for n, _ in toko.list_named(f"laporan/{tugas_id}/")] == [
            f"laporan/{tugas_id}/berkas.xlsx", f"laporan/{tugas_id}/meta.json"]
        tugas._ubah_meta(tugas_id, dibuat=time.time() - tugas.UMUR_BERKAS - 1)
    assert kabupaten[0].get(jawab.location + "/unduh").status_code == 404
    assert kabupaten[0].get(jawab.location).status_code == 404
    with app.app_context():
        assert tugas.bersihkan_kedaluwarsa() == 1
        assert not list(toko.list_named(f"laporan/{tugas_id}/"))
        assert len(list(toko.list_named(f"laporan/{baru}/"))) == 2  # the other job, a fresh one, stays
        # The local store leaves no empty folder behind.
        assert not os.path.exists(os.path.join(app.config["SIPEKERJA_STORAGE_DIR"], "laporan", tugas_id))
    assert kabupaten[1].get(f"/sipekerja/kabupaten/laporan-pengukuran/tugas/{baru}/unduh").status_code == 200


def test_a_report_job_without_a_record_is_removed_only_once_its_objects_are_old(app, demo, kabupaten):
    jawab = kabupaten[0].post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                              data={"periode": "tw1", "ukuran": "A4", "format": "pdf"})
    tugas_id = jawab.location.rsplit("/", 1)[1]
    with app.app_context():
        toko = penyimpanan()
        toko.delete_named(f"laporan/{tugas_id}/meta.json")  # e.g. a record half written by an old version
        assert tugas.bersihkan_kedaluwarsa() == 0  # its file is fresh: kept
        path = toko.path_named(f"laporan/{tugas_id}/berkas.pdf")
        lama = time.time() - tugas.UMUR_BERKAS - 10
        os.utime(path, (lama, lama))
        assert tugas.bersihkan_kedaluwarsa() == 1
        assert not list(toko.list_named("laporan/"))


def test_a_store_that_cannot_be_read_answers_503_on_the_job_pages_and_a_refused_request_says_so(
        app, demo, kabupaten, monkeypatch):
    sekda = kabupaten[0]
    jawab = sekda.post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                       data={"periode": "tw1", "ukuran": "A4", "format": "pdf"})

    def rusak(*args, **kwargs):
        raise PenyimpananGagal("Penyimpanan berkas tidak dapat dibaca saat ini (uji). Coba lagi nanti.")

    for nama in ("get_named", "open_named", "put_named", "list_named"):
        monkeypatch.setattr(PenyimpananLokal, nama, rusak)
    for url in (jawab.location, jawab.location + "/status", jawab.location + "/unduh"):
        assert sekda.get(url).status_code == 503, url
    ditolak = sekda.post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                         data={"periode": "tw1", "ukuran": "A4", "format": "pdf"}, follow_redirects=True)
    assert ditolak.status_code == 200 and "tidak dapat dibaca saat ini" in ditolak.get_data(as_text=True)


@butuh_redis
def test_on_the_queue_the_report_page_shows_progress_until_a_worker_built_it(app_redis, demo, kabupaten):
    app = app_redis
    sekda = kabupaten[0]
    jawab = sekda.post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                       data={"periode": "tw2", "ukuran": "A4", "format": "xlsx"})
    halaman = sekda.get(jawab.location).get_data(as_text=True)
    assert "Menunggu giliran" in halaman and "<progress" in halaman and "d-none" in halaman
    assert sekda.get(jawab.location + "/status").get_json()["status"] == "antri"
    assert sekda.get(jawab.location + "/unduh").status_code == 404  # not built yet
    _kerjakan(app)
    status = sekda.get(jawab.location + "/status").get_json()
    assert status["status"] == "siap"
    unduh = sekda.get(status["unduh"])
    assert unduh.status_code == 200 and unduh.data[:2] == b"PK"
    assert unduh.headers["Cache-Control"] == "private, no-store"


# --- a worker killed mid-job -----------------------------------------------------------------

def tugas_lambat(catatan: str, perangkat_daerah_id: int, tahun_id: int) -> bool:
    """A recompute that sleeps long on its first attempt (the test kills its worker then)."""
    path = Path(catatan)
    pertama = not path.exists()
    with path.open("a") as berkas:
        berkas.write("mulai\n")
    time.sleep(60 if pertama else 0.1)
    hasil = tugas_ringkasan(perangkat_daerah_id, tahun_id)
    with path.open("a") as berkas:
        berkas.write("selesai\n")
    return hasil


def _worker(app, database_url, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SIMPADU_SQLALCHEMY_DATABASE_URI": database_url,
           "SIMPADU_SIPEKERJA_REDIS_URL": REDIS_UJI, "SIMPADU_SIPEKERJA_ANTRIAN": ANTRIAN_UJI,
           "SIMPADU_SIPEKERJA_STORAGE_DIR": app.config["SIPEKERJA_STORAGE_DIR"],
           "SIMPADU_SECRET_KEY": "uji-worker"}
    with log.open("ab") as keluaran:
        return subprocess.Popen([sys.executable, "-m", "flask", "--app", "portal_stub", "sipekerja", "worker",
                                 "--burst"], cwd=ROOT, env=env, stdout=keluaran, stderr=subprocess.STDOUT)


@butuh_redis
def test_a_worker_killed_mid_job_leaves_it_to_the_next_worker_which_finishes_it_once(app_redis, demo, database_url,
                                                                                     tmp_path):
    if database_url.startswith("sqlite:///:memory:"):
        pytest.skip("the worker process needs a database it can open")
    app = app_redis
    pd = _rusak_ringkasan(app)
    catatan = tmp_path / "catatan.txt"
    with app.app_context():
        job_id = antrian.jalankan(tugas_lambat, str(catatan), pd, demo.tahun).job_id
    log = tmp_path / "worker.log"
    pertama = _worker(app, database_url, log)
    batas = time.monotonic() + 60
    while not catatan.exists() and time.monotonic() < batas:
        time.sleep(0.1)
    assert catatan.exists(), log.read_text()
    pertama.kill()  # SIGKILL mid-job: no clean-up runs
    pertama.wait(timeout=10)
    q = _antrian(app)
    assert job_id in StartedJobRegistry(queue=q).get_job_ids()
    # The next worker's maintenance finds the job abandoned once its heartbeat expired; fast-forward.
    StartedJobRegistry(queue=q).cleanup(time.time() + 3600)
    kedua = _worker(app, database_url, log)
    assert kedua.wait(timeout=120) == 0, log.read_text()
    assert catatan.read_text().split() == ["mulai", "mulai", "selesai"]
    job = q.fetch_job(job_id)
    assert job.get_status() == "finished" and job.return_value() is True
    with app.app_context():
        assert _cache(pd, demo.tahun) == _segar(pd, demo.tahun)  # the rows exist once: five periods
        assert db.session.scalar(select(func.count()).select_from(RingkasanKinerja)
                                 .filter_by(perangkat_daerah_id=pd, tahun_id=demo.tahun)) == 5


def test_the_worker_command_says_redis_is_not_configured(app):
    keluaran = app.test_cli_runner().invoke(args=["sipekerja", "worker", "--burst"])
    assert keluaran.exit_code != 0 and "SIPEKERJA_REDIS_URL belum diatur" in keluaran.output


# --- CPU time of one month save, and bounded queries ----------------------------------------

@butuh_redis
def test_a_month_save_by_a_bidang_costs_less_cpu_with_the_recompute_queued(app_redis, demo, client_as, tw2_dibuka):
    app = app_redis
    with app.app_context():
        _perbesar(db.session, kali=9)  # ten times the demo's indicators
        db.session.commit()
    ppik = client_as("ppik")
    ukur = {}
    for mode, url in (("inline", None), ("antrian", REDIS_UJI), ("inline2", None), ("antrian2", REDIS_UJI)):
        app.config["SIPEKERJA_REDIS_URL"] = url
        mulai = time.process_time()
        _simpan_bulan(ppik, app, demo, str(len(ukur) + 1))
        ukur[mode] = (time.process_time() - mulai) * 1000
    print(f"\nCPU satu simpan bulan (ms), demo x10: {ukur}")
    assert min(ukur["antrian"], ukur["antrian2"]) < min(ukur["inline"], ukur["inline2"])


def test_the_job_pages_send_a_bounded_number_of_queries_with_ten_times_the_demo(app, demo, kabupaten):
    sekda = kabupaten[0]
    jawab = sekda.post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                       data={"periode": "tw1", "ukuran": "A4", "format": "pdf"})
    urls = [jawab.location, jawab.location + "/status", jawab.location + "/unduh", "/sipekerja/kabupaten/?tahun=2024"]
    with app.app_context():
        engine = db.engine
    kecil = {}
    for url in urls:
        with QueryCounter(engine) as q:
            assert sekda.get(url).status_code == 200
        kecil[url] = q.count
    with app.app_context():
        _perbesar(db.session, kali=9)
        db.session.commit()
    for url in urls:
        with QueryCounter(engine) as q:
            assert sekda.get(url).status_code == 200
        assert q.count <= kecil[url] + 1, (url, kecil[url], q.count)  # +1: a cache miss after the write
        assert q.count <= 12, (url, q.count)


def test_a_report_that_fails_inline_shows_a_clear_message_not_an_error_page(app, demo, kabupaten, monkeypatch,
                                                                             caplog):
    def rusak(*args, **kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(tugas, "render_pdf", rusak)
    with caplog.at_level(logging.ERROR, logger="sipekerja.laporan"):
        jawab = kabupaten[0].post("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                                  data={"periode": "tw1", "ukuran": "A4", "format": "pdf"})
    assert jawab.status_code == 302 and "gagal disusun" in caplog.text
    halaman = kabupaten[0].get(jawab.location)
    assert halaman.status_code == 200 and "Laporan gagal disusun; coba minta lagi" in halaman.get_data(as_text=True)
    assert kabupaten[0].get(jawab.location + "/unduh").status_code == 404
