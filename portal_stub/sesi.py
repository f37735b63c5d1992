"""Server-side records of portal sign-ins (``simpadu_sesi``).

Flask's session is a signed cookie that cannot be recalled; the portal's sign-in therefore
also lives in a table, and the user loader accepts a cookie only while its record is open.
Writes flush; the view commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from datetime import timedelta
from datetime import timezone

from flask import current_app
from flask import session
from sqlalchemy import select
from sqlalchemy import update

from .extensions import db
from .models import SesiPortal

#: Session key of the portal sign-in's random id.
SID_KEY = "_simpadu_sid"


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def _sekarang() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes (stored as UTC).
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def mulai(pegawai_id: int) -> None:
    """Record a new portal sign-in and keep its id in the session (flushes)."""
    sid = secrets.token_urlsafe(32)
    umur: timedelta = current_app.config["PERMANENT_SESSION_LIFETIME"]
    sekarang = _sekarang()
    db.session.add(SesiPortal(sid_hash=_hash(sid), pegawai_id=pegawai_id, dibuat_dt=sekarang,
                              berakhir_dt=sekarang + umur))
    db.session.flush()
    session[SID_KEY] = sid


def akhiri() -> None:
    """End the current session's portal sign-in, if any (flushes)."""
    sid = session.get(SID_KEY)
    if isinstance(sid, str):
        db.session.execute(update(SesiPortal).where(SesiPortal.sid_hash == _hash(sid),
                                                    SesiPortal.diakhiri_dt.is_(None)).values(diakhiri_dt=_sekarang()))


def akhiri_semua_di_cookie() -> None:
    """End the portal sign-in of this session and those of the modules sharing the cookie
    (each module hook in ``app.extensions["simpadu_keluar"]`` ends its own record; flushes)."""
    akhiri()
    for hook in current_app.extensions.get("simpadu_keluar", ()):
        hook()


def berlaku(pegawai_id: int) -> bool:
    """Tell whether the current session holds an open sign-in record of ``pegawai_id``."""
    sid = session.get(SID_KEY)
    if not isinstance(sid, str):
        return False
    rekam = db.session.scalar(select(SesiPortal).filter_by(sid_hash=_hash(sid), pegawai_id=pegawai_id))
    return rekam is not None and rekam.diakhiri_dt is None and _aware(rekam.berakhir_dt) > _sekarang()
