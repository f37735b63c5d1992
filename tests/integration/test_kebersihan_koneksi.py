"""The suite's own hygiene: no database connection is left for the garbage collector.

PostgreSQL's driver warns when a connection is collected while open, and the suite turns warnings
into errors. An app a test builds and lets go is freed by the cycle collector whenever it runs —
before or after the test's end — and its engine's open connections with it; the warning then
failed whichever test the collector ran in (it did once in CI, in an unrelated sign-in test).
``tests/conftest.py`` holds every engine that connected until the test's end and disposes it.
"""

from __future__ import annotations

import gc
import weakref

from sqlalchemy import text

from portal_stub import create_app
from portal_stub.extensions import db
from tests.conftest import engine_akhir_tes
from tests.conftest import make_test_config


def test_an_app_let_go_inside_a_test_keeps_its_engine_until_the_test_ends(database_url, _schema, tmp_path):
    app = create_app(make_test_config(database_url, tmp_path))
    with app.app_context():
        db.session.execute(text("SELECT 1"))
        db.session.remove()
        engine = weakref.ref(db.engine)
    del app
    gc.collect()  # the moment the collector might choose: the app is gone
    # Its engine still holds the open connection in its pool, and the end-of-test disposal knows
    # it although the app that made it is gone.
    assert engine() is not None and engine().pool.checkedin() == 1
    assert engine() in engine_akhir_tes()
