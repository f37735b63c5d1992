"""Notification e-mail on the job queue (issue 18, item 3): a commit that created notifications
whose e-mail waits enqueues one coalesced job when SMTP and Redis are configured; the worker sends
through a real SMTP server (aiosmtpd on loopback), never the request; a burst gives one job; without
an SMTP host nothing is queued; the job and ``flask sipekerja kirim-notifikasi`` never run at once
(a Redis lock), so a message is never sent twice. Real Redis as in test_antrian (own database and
queue)."""

from __future__ import annotations

import email
from email import policy

import pytest
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module import antrian
from sipekerja_module import tugas
from sipekerja_module.cli import cli_group
from sipekerja_module.models import Notifikasi
from sipekerja_module.models import Pengguna
from tests import factories as f
from tests.integration.test_antrian import _antrian
from tests.integration.test_antrian import _kerjakan
from tests.integration.test_antrian import app_redis  # noqa: F401 - fixture
from tests.integration.test_antrian import butuh_redis
from tests.integration.test_surel import PenampungSurel
from tests.integration.test_surel import _kabari
from tests.integration.test_surel import server_smtp
from tests.web.fitur.conftest import client_as  # noqa: F401 - fixtures shared with the feature pages
from tests.web.fitur.conftest import demo  # noqa: F401
from tests.web.fitur.conftest import tw2_dibuka  # noqa: F401
from tests.web.fitur.test_realisasi_views import isi_juni

pytestmark = butuh_redis


class PenampungSesi(PenampungSurel):
    """The test server of test_surel, also counting SMTP sessions (EHLO), and able to run a hook
    while it receives a message (another sender starting meanwhile)."""

    def __init__(self) -> None:
        super().__init__()
        self.ehlo = 0
        self.saat_data = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 (aiosmtpd's name)
        self.ehlo += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.saat_data is not None:
            hook, self.saat_data = self.saat_data, None
            hook()
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def smtp():
    with server_smtp(PenampungSesi()) as server:
        yield server


@pytest.fixture
def app_surel(app_redis, smtp):  # noqa: F811
    app_redis.config.update(SIPEKERJA_SMTP_HOST="127.0.0.1", SIPEKERJA_SMTP_PORT=smtp[1], SIPEKERJA_SMTP_TIMEOUT=5,
                            SIPEKERJA_SMTP_FROM="SI PEKERJA <noreply@simpadu.test>")
    return app_redis


def _tugas_surel(app) -> list:
    return [j for j in _antrian(app).get_jobs() if j.args and j.args[0] is tugas.tugas_surel]


def _penerima(penampung) -> list[str]:
    return sorted(r for _, rcpt, _ in penampung.pesan for r in rcpt)


def _orang(app, nip: str, alamat: str) -> int:
    with app.app_context():
        pengguna = f.create_pengguna(nip, ("utama",), None, f"Pegawai {nip[-3:]}")
        pengguna.email = alamat
        db.session.commit()
        return pengguna.id


def _kabari_dan_simpan(app, *pengguna_id: int) -> None:
    with app.app_context():
        _kabari([db.session.get(Pengguna, p) for p in pengguna_id])
        db.session.commit()


def _status(app) -> dict[int, str]:
    with app.app_context():
        return dict(db.session.execute(select(Notifikasi.pengguna_id, Notifikasi.email_status)).all())


def test_a_submission_queues_the_mail_and_the_worker_sends_it_once(app_surel, smtp, demo, client_as, tw2_dibuka):
    app, (penampung, _) = app_surel, smtp
    with app.app_context():
        db.session.get(Pengguna, demo.pengguna["utama"]).email = "utama@simpadu.test"
        db.session.commit()
    ppik = client_as("ppik")
    isi_juni(ppik, app, demo.unit["BKPSDM-PPIK"])
    assert _tugas_surel(app) == []  # a save without notifications queues no e-mail
    assert ppik.post("/sipekerja/realisasi/ajukan?bulan=6&tahun=2024").status_code == 302

    assert penampung.ehlo == 0 and penampung.rcpt == []  # no SMTP traffic in the request
    assert len(_tugas_surel(app)) == 1
    assert _status(app) == {demo.pengguna["utama"]: "menunggu"}

    _kerjakan(app)

    assert _penerima(penampung) == ["utama@simpadu.test"]
    isi = email.message_from_bytes(penampung.pesan[0][2], policy=policy.default)
    assert isi["Subject"].startswith("[SI PEKERJA]") and "utama@simpadu.test" in isi["To"]
    assert _status(app) == {demo.pengguna["utama"]: "terkirim"}
    # Neither the job again nor the command sends it a second time.
    with app.app_context():
        tugas.antrekan_surel(antrian.koneksi())
    _kerjakan(app)
    assert "Surel terkirim: 0" in app.test_cli_runner().invoke(cli_group, ["kirim-notifikasi"]).output
    assert len(penampung.pesan) == 1


def test_a_burst_of_notifications_gives_one_job_that_sends_each_once(app_surel, smtp):
    app, (penampung, _) = app_surel, smtp
    orang = [_orang(app, f"19900321201503201{i}", f"p{i}@simpadu.test") for i in range(4)]
    for _ in range(3):  # three transactions, four recipients each time
        _kabari_dan_simpan(app, *orang)
    assert len(_tugas_surel(app)) == 1 and _antrian(app).count == 1
    assert penampung.ehlo == 0

    _kerjakan(app)

    assert _penerima(penampung) == sorted(f"p{i}@simpadu.test" for i in range(4) for _ in range(3))
    assert penampung.ehlo == 1  # one SMTP session for the whole burst
    assert set(_status(app).values()) == {"terkirim"}


def test_without_an_smtp_host_nothing_is_queued(app_redis):  # noqa: F811
    app = app_redis
    _kabari_dan_simpan(app, _orang(app, "199003212015032030", "x@simpadu.test"))
    assert _antrian(app).count == 0
    assert _status(app) != {} and set(_status(app).values()) == {"menunggu"}  # the cron sends it once set up


def test_a_rolled_back_notification_queues_nothing(app_surel, smtp):
    app = app_surel
    p = _orang(app, "199003212015032031", "y@simpadu.test")
    with app.app_context():
        _kabari([db.session.get(Pengguna, p)])
        db.session.rollback()
        db.session.commit()  # an empty commit after the rollback: the mark went with the rollback
    assert _antrian(app).count == 0


def test_the_job_never_sends_alongside_the_command(app_surel, smtp):
    """The command is mid-message when the job starts (the SMTP server runs the job while it
    receives the command's first message): the job sends nothing and the command, when done,
    enqueues one job for what came meanwhile; every message arrives once."""
    app, (penampung, _) = app_surel, smtp
    orang = [_orang(app, f"19900321201503204{i}", f"q{i}@simpadu.test") for i in range(3)]
    host = app.config.pop("SIPEKERJA_SMTP_HOST")
    _kabari_dan_simpan(app, *orang)  # before SMTP was configured: no job, the command sends these
    app.config["SIPEKERJA_SMTP_HOST"] = host
    assert _antrian(app).count == 0
    hasil_tugas = []

    def tugas_mulai():
        with app.app_context():
            hasil_tugas.append(tugas.kirim_surel(hanya_baru=True))

    penampung.saat_data = tugas_mulai
    keluaran = app.test_cli_runner().invoke(cli_group, ["kirim-notifikasi"])
    assert keluaran.exit_code == 0, keluaran.output
    assert hasil_tugas == [None]  # the lock was held: the job sent nothing
    assert "Surel terkirim: 3" in keluaran.output
    assert len(_tugas_surel(app)) == 1  # the mark the job left: one more job, after the command

    _kerjakan(app)
    assert _penerima(penampung) == ["q0@simpadu.test", "q1@simpadu.test", "q2@simpadu.test"]
    with app.app_context():
        assert antrian.koneksi().exists(antrian.kunci("surel", "kirim")) == 0  # released


def test_the_command_says_so_when_the_job_holds_the_lock(app_surel, smtp):
    app, (penampung, _) = app_surel, smtp
    _kabari_dan_simpan(app, _orang(app, "199003212015032050", "z@simpadu.test"))
    with app.app_context():
        kunci = antrian.koneksi().lock(antrian.kunci("surel", "kirim"), timeout=60)
        assert kunci.acquire(blocking=False)
    try:
        keluaran = app.test_cli_runner().invoke(cli_group, ["kirim-notifikasi"])
    finally:
        kunci.release()
    assert keluaran.exit_code == 0 and "sedang berjalan" in keluaran.output
    assert penampung.ehlo == 0 and set(_status(app).values()) == {"menunggu"}


def test_the_job_leaves_retries_to_the_command(app_surel, smtp):
    """A message whose first attempt failed is not retried by every later job (a burst while the
    server is down would burn its attempts in minutes); the command retries it."""
    app, (penampung, _) = app_surel, smtp
    p = _orang(app, "199003212015032060", "r@simpadu.test")
    with app.app_context():
        _kabari([db.session.get(Pengguna, p)])[0].email_percobaan = 1
        db.session.commit()
    _kerjakan(app)
    assert penampung.ehlo == 0 and set(_status(app).values()) == {"menunggu"}
    assert "Surel terkirim: 1" in app.test_cli_runner().invoke(cli_group, ["kirim-notifikasi"]).output


def test_redis_gone_after_commit_leaves_the_mail_to_the_command(app_surel, smtp):
    app, (penampung, _) = app_surel, smtp
    p = _orang(app, "199003212015032070", "s@simpadu.test")
    app.config["SIPEKERJA_REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    _kabari_dan_simpan(app, p)  # the save stands, nothing is sent inline
    assert _status(app) == {p: "menunggu"} and penampung.ehlo == 0
