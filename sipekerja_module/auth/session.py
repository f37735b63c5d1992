"""The module's own sign-in state, kept under namespaced session keys.

SI PEKERJA is a guest: the host portal owns the one Flask-Login ``LoginManager`` (for its
pegawai), and when the module is mounted in the portal's app both share one session cookie.
So the module does not use Flask-Login. It stores its sign-in under ``_sipekerja_*`` keys:

* ``_sipekerja_uid`` — the local :class:`~sipekerja_module.models.Pengguna` id;
* ``_sipekerja_login_at`` — when the sign-in happened (UNIX seconds);
* ``_sipekerja_id_token`` — the raw id_token, sent back as ``id_token_hint`` at sign-out;
* ``_sipekerja_unit_klaim`` — the unit claim as received, to explain a refusal;
* ``_sipekerja_sid`` — the random id of the sign-in's server-side record
  (:class:`~sipekerja_module.models.SesiMasuk`, only its hash is stored).

Session hygiene:

* **Fixation.** :func:`login_pengguna` first removes every ``_sipekerja*`` key and Authlib's
  pending-state keys of the module client (``_state_sipekerja_*``), so nothing planted before
  the sign-in survives it. It leaves the host's keys alone (the portal's own sign-in lives in
  the same cookie). When the module runs as its own application (``SIPEKERJA_OWN_SESSION =
  True``) it owns the whole cookie and does a full ``session.clear()`` instead.
* **Lifetime.** A sign-in older than ``SIPEKERJA_SESSION_LIFETIME`` is treated as anonymous,
  whatever the cookie's own lifetime: roles are a sign-in snapshot, so this bounds how long a
  role revoked in the portal can linger.
* **Ending.** The cookie cannot be recalled, so a sign-in counts only while its record is
  open: sign-out, an admin's change of access in the portal (:func:`cabut_saat_akses_berubah`)
  and the lifetime end close it, and a copy of the cookie replayed later is anonymous.
* :data:`current_pengguna` loads the Pengguna at most once per request (``g``).
"""

from __future__ import annotations

import time
from datetime import datetime
from datetime import timedelta
from datetime import timezone

from flask import current_app
from flask import g
from flask import session
from werkzeug.local import LocalProxy

from ..models import Pengguna
from ..queries.sesi import SesiBerlaku
from ..queries.sesi import load_sesi_berlaku
from ..services.sesi import akhiri_sesi
from ..services.sesi import cabut_sesi_subjek
from ..services.sesi import hash_sid
from ..services.sesi import mulai_sesi

SESSION_PREFIX = "_sipekerja"
UID_KEY = "_sipekerja_uid"
LOGIN_AT_KEY = "_sipekerja_login_at"
ID_TOKEN_KEY = "_sipekerja_id_token"
UNIT_KLAIM_KEY = "_sipekerja_unit_klaim"
SID_KEY = "_sipekerja_sid"
#: Authlib keeps pending authorization data as ``_state_<client name>_<state>``.
AUTHLIB_STATE_PREFIX = "_state_sipekerja_"

_G_KEY = "_sipekerja_pengguna"
_G_SESI_KEY = "_sipekerja_sesi_berlaku"


def clear_module_keys() -> None:
    """Remove the module's keys (or, as its own app, everything) from the session."""
    if current_app.config.get("SIPEKERJA_OWN_SESSION"):
        session.clear()
    else:
        for key in [k for k in session if k.startswith(SESSION_PREFIX) or k.startswith(AUTHLIB_STATE_PREFIX)]:
            session.pop(key, None)
    g.pop(_G_KEY, None)
    g.pop(_G_SESI_KEY, None)


def login_pengguna(pengguna: Pengguna, id_token: str | None, *, unit_klaim: str | None = None) -> None:
    """Sign ``pengguna`` in to the module after clearing any earlier module state, and record
    the sign-in server-side (flushes; the caller commits).

    :param pengguna: the flushed local user
    :param id_token: the raw id_token, kept for RP-initiated logout
    :param unit_klaim: the unit claim as received (shown when it is unknown)
    """
    lama = session.get(SID_KEY)
    sekarang = datetime.now(timezone.utc)
    if lama:
        akhiri_sesi(lama, sekarang=sekarang, alasan="masuk_ulang")
    clear_module_keys()
    session[SID_KEY] = mulai_sesi(pengguna, sekarang=sekarang, umur=_lifetime())
    session[UID_KEY] = pengguna.id
    session[LOGIN_AT_KEY] = int(sekarang.timestamp())
    if id_token:
        session[ID_TOKEN_KEY] = id_token
    if unit_klaim:
        session[UNIT_KLAIM_KEY] = unit_klaim
    setattr(g, _G_KEY, pengguna)


def logout_pengguna() -> str | None:
    """Sign out of the module and end its server-side record (flushes; the caller commits).

    :return: the id_token of the ended sign-in (for ``id_token_hint``), if any
    """
    id_token = session.get(ID_TOKEN_KEY)
    sid = session.get(SID_KEY)
    if sid:
        akhiri_sesi(sid, sekarang=datetime.now(timezone.utc))
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
    sid = session.get(SID_KEY)
    if uid is not None and login_at is not None and isinstance(sid, str) \
            and time.time() - login_at < _lifetime().total_seconds():
        # One statement checks the sign-in record and loads the user with its agency and unit, the
        # default year and the bell's count: nearly every page needs them next.
        berlaku = load_sesi_berlaku(uid, hash_sid(sid), datetime.now(timezone.utc))
        # A sign-in against another provider than the one configured now is anonymous.
        if berlaku is not None and berlaku.pengguna.issuer == current_app.config["SIPEKERJA_OIDC_ISSUER"]:
            pengguna = berlaku.pengguna
            setattr(g, _G_SESI_KEY, berlaku)
    setattr(g, _G_KEY, pengguna)
    return pengguna


def sesi_berlaku() -> SesiBerlaku | None:
    """The open sign-in of this request as loaded with its user (:func:`get_current_pengguna`): its
    default year and unread count come with it. None for an anonymous request or a user set
    otherwise (a sign-in in progress, an API token): ask the queries then."""
    get_current_pengguna()
    return g.get(_G_SESI_KEY)


def cabut_saat_akses_berubah(subject: str, modul: str) -> None:
    """Hook for the host portal: ``subject``'s access to ``modul`` changed, so every module
    sign-in of that user ends now (flushes, inside the portal's transaction).

    Registered in ``app.extensions["simpadu_akses_berubah"]``; the portal calls each entry
    after a grant or a revocation in Manajemen Akses Modul.

    :param subject: the provider's ``sub`` of the user (the portal's is the NIP)
    :param modul: the module whose access changed; others are ignored
    """
    if modul != current_app.extensions["sipekerja"]["tile"]["id"]:
        return
    cabut_sesi_subjek(issuer=current_app.config["SIPEKERJA_OIDC_ISSUER"], subject=subject,
                      sekarang=datetime.now(timezone.utc))


def akhiri_di_sesi_bersama() -> None:
    """Hook for the host portal's sign-out (``app.extensions["simpadu_keluar"]``): end the
    module sign-in kept in the shared cookie, which the portal is about to clear (flushes)."""
    sid = session.get(SID_KEY)
    if isinstance(sid, str):
        akhiri_sesi(sid, sekarang=datetime.now(timezone.utc))


def unit_klaim() -> str | None:
    """The unit claim received at sign-in (to name it when it is unknown)."""
    return session.get(UNIT_KLAIM_KEY)


#: The signed-in Pengguna or None; test it with ``if current_pengguna:``.
current_pengguna: Pengguna | None = LocalProxy(get_current_pengguna)  # type: ignore[assignment]
