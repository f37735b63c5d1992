"""Sign a test client in to the module directly (the full OIDC flow has its own tests in
tests/web/test_sso_*.py): the same session keys and server-side record ``auth.session.login_pengguna``
writes."""

import time
from datetime import datetime
from datetime import timezone

from flask import current_app

from portal_stub.extensions import db
from sipekerja_module.auth.session import LOGIN_AT_KEY
from sipekerja_module.auth.session import SID_KEY
from sipekerja_module.auth.session import UID_KEY
from sipekerja_module.auth.session import _lifetime
from sipekerja_module.services.sesi import mulai_sesi


def catat_masuk(sess, pengguna) -> None:
    """Write a committed sign-in record of ``pengguna`` and its keys into the session ``sess``
    (needs an application context)."""
    sid = mulai_sesi(pengguna, sekarang=datetime.now(timezone.utc), umur=_lifetime())
    db.session.commit()
    sess[SID_KEY] = sid
    sess[UID_KEY] = pengguna.id
    sess[LOGIN_AT_KEY] = int(time.time())


def masuk(client, pengguna) -> None:
    """Make ``client`` signed in to SI PEKERJA as ``pengguna`` (a flushed Pengguna row)."""
    assert current_app, "masuk() needs an application context"
    with client.session_transaction() as sess:
        catat_masuk(sess, pengguna)
