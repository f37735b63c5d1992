"""The database restarted under a request (issue 18): what a restart of PostgreSQL or MariaDB
does to every open connection is reproduced on this request's connection alone, by ending its
server process from a second connection (``pg_terminate_backend`` / ``KILL``) at a chosen
statement. The servers themselves are never restarted (other test runs share them).

Each fault must give a clear Indonesian 503 (HTML for pages, JSON under ``/sipekerja/api/``), not
one row of the write kept, and a next request that works. PostgreSQL and MariaDB only: SQLite has
no server whose connection can be ended.
"""

from __future__ import annotations

import os
import time

import pytest
from sqlalchemy import create_engine
from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from portal_stub.extensions import db
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.services.konkurensi import adalah_balapan
from sipekerja_module.services.konkurensi import adalah_putus
from sipekerja_module.views.konflik import PESAN_TAK_TERHUBUNG
from tests.integration.test_crash_safety import _isian_bulan
from tests.web.fitur.conftest import client_as  # noqa: F401 - fixtures shared with the feature pages
from tests.web.fitur.conftest import demo  # noqa: F401
from tests.web.fitur.conftest import tw2_dibuka  # noqa: F401
from tests.web.fitur.test_api import buat_token
from tests.web.fitur.test_hostile_input import potret

URL = os.environ.get("SIPEKERJA_TEST_DATABASE_URL", "")
SERVER = URL.startswith(("postgresql", "mysql", "mariadb"))
pytestmark = pytest.mark.skipif(not SERVER, reason="needs a database server whose connection can be ended "
                                "(PostgreSQL or MariaDB via SIPEKERJA_TEST_DATABASE_URL); SQLite has none")
BULAN = "/sipekerja/realisasi/?bulan=6&tahun=2024"


def _pid(dbapi_conn) -> int:
    """The server process (PostgreSQL) or connection id (MariaDB) of a DBAPI connection, asked on
    a cursor of its own so the statement in flight keeps its result."""
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("SELECT CONNECTION_ID()" if URL.startswith(("mysql", "mariadb")) else "SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])
    finally:
        cursor.close()


def _akhiri(pid: int) -> None:
    """End connection ``pid`` from a second connection, as a server restart ends it, and wait
    until the server has let it go."""
    pembunuh = create_engine(URL, poolclass=NullPool)
    try:
        with pembunuh.connect() as conn:
            if URL.startswith("postgresql"):
                # With a timeout pg_terminate_backend waits until the process has exited.
                assert conn.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}).scalar()
                return
            conn.execute(text(f"KILL CONNECTION {int(pid)}"))
            batas = time.monotonic() + 5
            while conn.execute(text("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = :pid"),
                               {"pid": pid}).scalar() and time.monotonic() < batas:
                time.sleep(0.05)
    finally:
        pembunuh.dispose()


class Pemutus:
    """An ``after_cursor_execute`` hook on the app's engine that ends the connection right after
    the first statement matching ``pemicu`` has run (once); ``sesudah`` counts the statements the
    request still tried on it."""

    def __init__(self, engine, pemicu) -> None:
        self.engine, self.pemicu = engine, pemicu
        self.pid: int | None = None
        self.sesudah: list[str] = []

    def __enter__(self) -> Pemutus:
        event.listen(self.engine, "after_cursor_execute", self._setelah)
        event.listen(self.engine, "before_cursor_execute", self._sebelum)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "after_cursor_execute", self._setelah)
        event.remove(self.engine, "before_cursor_execute", self._sebelum)

    def _sebelum(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.pid is not None:
            self.sesudah.append(statement)

    def _setelah(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if self.pid is None and self.pemicu(statement):
            self.pid = _pid(conn.connection.dbapi_connection)
            _akhiri(self.pid)


def _engine(app):
    with app.app_context():
        return db.engine


def _realisasi_bulan_6(app) -> dict[int, str]:
    with app.app_context():
        rows = db.session.execute(select(RealisasiKinerja.indikator_id, RealisasiKinerja.nilai)
                                  .filter_by(bulan=6)).all()
        db.session.rollback()
        return {i: str(n.normalize()) for i, n in rows}


def _insert_realisasi(statement: str) -> bool:
    return statement.lstrip().upper().startswith("INSERT INTO SIPEKERJA_REALISASI_KINERJA")


def test_a_month_save_whose_connection_dies_after_its_first_row_answers_503_and_keeps_nothing(
        app, demo, client_as, tw2_dibuka):  # noqa: F811
    ind, data = _isian_bulan(app, demo)
    ppik = client_as("ppik")
    assert ppik.get(BULAN).status_code == 200
    sebelum = potret(app)

    with Pemutus(_engine(app), _insert_realisasi) as pemutus:
        response = ppik.post(BULAN, data=data)

    assert pemutus.pid is not None, "the save never inserted a realisasi row"
    assert pemutus.sesudah, "the connection died after the last statement: nothing was cut short"
    assert response.status_code == 503, response.get_data(as_text=True)[:2000]
    halaman = response.get_data(as_text=True)
    assert PESAN_TAK_TERHUBUNG in halaman and "Traceback" not in halaman
    assert response.mimetype == "text/html" and response.headers["Retry-After"] == "10"
    assert potret(app) == sebelum  # not the first row, not its audit record, not the data version
    assert _realisasi_bulan_6(app) == {}

    # The dead connection is not handed out again: the same user's next requests work, and the
    # same save is kept whole.
    assert ppik.get(BULAN).status_code == 200
    response = ppik.post(BULAN, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _realisasi_bulan_6(app) == {i: str(n + 1) for n, i in enumerate(ind)}


def test_an_api_read_whose_connection_dies_answers_503_in_json(app, demo, client_as):  # noqa: F811
    token = buat_token(client_as("utama"))
    klien = app.test_client()
    api = "/sipekerja/api/v1/capaian?tahun=2024&periode=tw1"
    assert klien.get(api, headers={"Authorization": f"Bearer {token}"}).status_code == 200

    def indikator(statement: str) -> bool:
        return "FROM SIPEKERJA_INDIKATOR" in statement.upper()

    with Pemutus(_engine(app), indikator) as pemutus:
        response = klien.get(api, headers={"Authorization": f"Bearer {token}"})
    assert pemutus.pid is not None and pemutus.sesudah
    assert response.status_code == 503, response.get_data(as_text=True)[:2000]
    assert response.get_json() == {"galat": {"kode": 503, "pesan": PESAN_TAK_TERHUBUNG}}
    assert klien.get(api, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_an_idle_pooled_connection_ended_by_a_restart_is_replaced_before_a_request_gets_it(
        app, demo, client_as):  # noqa: F811
    """``pool_pre_ping``: a restart while no request runs leaves dead connections in the pool; the
    next request must not meet one (no 503, no retry by the user)."""
    ppik = client_as("ppik")
    engine = _engine(app)
    dipakai: set[int] = set()

    def catat(conn, cursor, statement, parameters, context, executemany):
        dipakai.add(_pid(conn.connection.dbapi_connection))

    event.listen(engine, "after_cursor_execute", catat)
    try:
        assert ppik.get(BULAN).status_code == 200
    finally:
        event.remove(engine, "after_cursor_execute", catat)
    assert dipakai and engine.pool.checkedin() >= 1  # back in the pool, idle
    for pid in dipakai:
        _akhiri(pid)
    assert ppik.get(BULAN).status_code == 200


def test_a_refused_connect_and_a_lost_connection_are_out_of_reach_not_a_race(app):
    """The classification the handler uses: a lost connection or a refused connect is "out of
    reach" (503), never a race (409)."""
    refused = create_engine(URL.replace("127.0.0.1", "127.0.0.1:1", 1), poolclass=NullPool)
    with pytest.raises(OperationalError) as info:
        refused.connect()
    refused.dispose()
    assert adalah_putus(info.value) and not adalah_balapan(info.value)

    engine = _engine(app)
    with engine.connect() as conn:
        pid = _pid(conn.connection.dbapi_connection)
        _akhiri(pid)
        with pytest.raises(OperationalError) as info:
            conn.execute(text("SELECT 1"))
    assert info.value.connection_invalidated and adalah_putus(info.value)
