"""The module's own sign-in state, kept under namespaced session keys.

SI PEKERJA is a guest: the host portal owns the one Flask-Login ``LoginManager`` (for its
pegawai), and when the module is mounted in the portal's app both share one session cookie.
So the module does not use Flask-Login. It stores its sign-in under ``_sipekerja_*`` keys:

* ``_sipekerja_uid`` — the local :class:`~sipekerja_module.models.Pengguna` id;
* ``_sipekerja_login_at`` — when the sign-in happened (UNIX seconds);
* ``_sipekerja_id_token`` — the raw id_token, sent back as ``id_token_hint`` at sign-out;
* ``_sipekerja_unit_klaim`` — the unit claim as received, to explain a refusal.

Session hygiene:

* **Fixation.** :func:`login_pengguna` first removes every ``_sipekerja*`` key and Authlib's
  pending-state keys of the module client (``_state_sipekerja_*``), so nothing planted before
  the sign-in survives it. It leaves the host's keys alone (the portal's own sign-in lives in
  the same cookie). When the module runs as its own application (``SIPEKERJA_OWN_SESSION =
  True``) it owns the whole cookie and does a full ``session.clear()`` instead.
* **Lifetime.** A sign-in older than ``SIPEKERJA_SESSION_LIFETIME`` is treated as anonymous,
  whatever the cookie's own lifetime: roles are a sign-in snapshot, so this bounds how long a
  role revoked in the portal can linger.
* :data:`current_pengguna` loads the Pengguna at most once per request (``g``).
"""

from __future__ import annotations

import time
from datetime import timedelta

from flask import current_app
from flask import g
from flask import session
from sqlalchemy.orm import joinedload
from werkzeug.local import LocalProxy

from ..extensions import db_session
from ..models import Pengguna

SESSION_PREFIX = "_sipekerja"
UID_KEY = "_sipekerja_uid"
LOGIN_AT_KEY = "_sipekerja_login_at"
ID_TOKEN_KEY = "_sipekerja_id_token"
UNIT_KLAIM_KEY = "_sipekerja_unit_klaim"
#: Authlib keeps pending authorization data as ``_state_<client name>_<state>``.
AUTHLIB_STATE_PREFIX = "_state_sipekerja_"

_G_KEY = "_sipekerja_pengguna"


def clear_module_keys() -> None:
    """Remove the module's keys (or, as its own app, everything) from the session."""
    if current_app.config.get("SIPEKERJA_OWN_SESSION"):
        session.clear()
    else:
        for key in [k for k in session if k.startswith(SESSION_PREFIX) or k.startswith(AUTHLIB_STATE_PREFIX)]:
            session.pop(key, None)
    g.pop(_G_KEY, None)


def login_pengguna(pengguna: Pengguna, id_token: str | None, *, unit_klaim: str | None = None) -> None:
    """Sign ``pengguna`` in to the module after clearing any earlier module state.

    :param pengguna: the flushed local user
    :param id_token: the raw id_token, kept for RP-initiated logout
    :param unit_klaim: the unit claim as received (shown when it is unknown)
    """
    clear_module_keys()
    session[UID_KEY] = pengguna.id
    session[LOGIN_AT_KEY] = int(time.time())
    if id_token:
        session[ID_TOKEN_KEY] = id_token
    if unit_klaim:
        session[UNIT_KLAIM_KEY] = unit_klaim
    setattr(g, _G_KEY, pengguna)


def logout_pengguna() -> str | None:
    """Sign out of the module.

    :return: the id_token of the ended sign-in (for ``id_token_hint``), if any
    """
    id_token = session.get(ID_TOKEN_KEY)
    clear_module_keys()
    return id_token


def _lifetime() -> timedelta:
    value = current_app.config["SIPEKERJA_SESSION_LIFETIME"]
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def get_current_pengguna() -> Pengguna | None:
    """The signed-in Pengguna of this request, or None (anonymous or expired)."""
    if _G_KEY in g:
        return g.get(_G_KEY)
    pengguna = None
    uid = session.get(UID_KEY)
    login_at = session.get(LOGIN_AT_KEY)
    if uid is not None and login_at is not None and time.time() - login_at < _lifetime().total_seconds():
        # Its agency and unit come in the same statement: nearly every page needs them next, and
        # ``db_session.get`` then finds them in the identity map (one query fewer per page).
        pengguna = db_session.get(Pengguna, uid, options=(joinedload(Pengguna.perangkat_daerah),
                                                          joinedload(Pengguna.unit_kerja)))
        if pengguna is not None and pengguna.issuer != current_app.config["SIPEKERJA_OIDC_ISSUER"]:
            # Signed in against another provider than the one configured now.
            pengguna = None
    setattr(g, _G_KEY, pengguna)
    return pengguna


def unit_klaim() -> str | None:
    """The unit claim received at sign-in (to name it when it is unknown)."""
    return session.get(UNIT_KLAIM_KEY)


#: The signed-in Pengguna or None; test it with ``if current_pengguna:``.
current_pengguna: Pengguna | None = LocalProxy(get_current_pengguna)  # type: ignore[assignment]
