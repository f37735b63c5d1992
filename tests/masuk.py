"""Sign a test client in to the module directly (the full OIDC flow has its own tests in
tests/web/test_sso_*.py): the same session keys ``auth.session.login_pengguna`` writes."""

import time

from sipekerja_module.auth.session import LOGIN_AT_KEY
from sipekerja_module.auth.session import UID_KEY


def masuk(client, pengguna) -> None:
    """Make ``client`` signed in to SI PEKERJA as ``pengguna`` (a flushed Pengguna row)."""
    with client.session_transaction() as sess:
        sess[UID_KEY] = pengguna.id
        sess[LOGIN_AT_KEY] = int(time.time())
