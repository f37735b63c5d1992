"""Per-request context shared by the feature views: who is acting, for which agency and year,
and what time it is. Views are the only place that reads the clock."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timezone
from zoneinfo import ZoneInfo

from flask import abort
from flask import current_app
from flask import flash
from flask import g
from flask import request
from flask import session

from ..auth.session import get_current_pengguna
from ..auth.session import sesi_berlaku
from ..domain.akses import Fitur
from ..domain.akses import Subjek
from ..domain.akses import boleh_mengubah
from ..domain.errors import SipekerjaError
from ..extensions import db_session
from ..models import Pengguna
from ..models import PerangkatDaerah
from ..models import Tahun
from ..queries.referensi import get_tahun
from ..queries.referensi import list_perangkat_daerah_aktif


def sekarang() -> datetime:
    """The current moment, aware UTC."""
    return datetime.now(timezone.utc)


def zona() -> ZoneInfo:
    """The agency's time zone (``SIPEKERJA_ZONA_WAKTU``)."""
    return ZoneInfo(current_app.config["SIPEKERJA_ZONA_WAKTU"])


def hari_ini() -> date:
    """Today's date in the agency's time zone (the date printed under a signature)."""
    return sekarang().astimezone(zona()).date()


def pengguna() -> Pengguna:
    """The signed-in user (the gate guarantees one)."""
    hasil = get_current_pengguna()
    if hasil is None:  # pragma: no cover - the gate redirects before any view runs
        abort(401)
    return hasil


def subjek() -> Subjek:
    """The domain's view of the signed-in user, set by the gate."""
    return g.sipekerja_subjek


#: Session key of the agency a kabupaten-level account chose on the dashboard.
PD_DIPILIH = "_sipekerja_pd_dipilih"


def is_kabupaten() -> bool:
    """A kabupaten-level account: read-only (no role that changes data) and no agency claim."""
    user = pengguna()
    return user.perangkat_daerah_id is None and not boleh_mengubah(subjek(), Fitur.PENGUKURAN, None)


def pilih_perangkat_daerah(pd_id: int) -> None:
    """Remember the agency a kabupaten-level account opened from the dashboard."""
    session[PD_DIPILIH] = pd_id


def perangkat_daerah() -> PerangkatDaerah:
    """The agency the user works on: the one of their unit claim. A kabupaten-level account
    (no agency claim, read-only) works on the agency it opened from the dashboard, or the only
    active agency; anyone else without an agency gets 403."""
    user = pengguna()
    if user.perangkat_daerah_id is not None:
        pd = db_session.get(PerangkatDaerah, user.perangkat_daerah_id)
        if pd is not None:
            return pd
        abort(403)
    if is_kabupaten() and session.get(PD_DIPILIH):
        pd = db_session.get(PerangkatDaerah, session[PD_DIPILIH])
        if pd is not None and pd.aktif:
            return pd
    semua = list_perangkat_daerah_aktif(batas=2)
    if len(semua) == 1:
        return semua[0]
    abort(403, description="Pilih perangkat daerah dari Dasbor Kabupaten terlebih dahulu.")


def tahun_terpilih() -> Tahun:
    """The year chosen with ``?tahun=`` or, by default, the latest active year (404 if none);
    read once per request (a page asks for it from several helpers)."""
    diminta = request.args.get("tahun", type=int)
    simpan = g.setdefault("_sipekerja_tahun", {})
    tahun = simpan.get(diminta)
    if tahun is None:
        berlaku = sesi_berlaku()
        # The latest active year came with the sign-in (one statement fewer on every page).
        if berlaku is not None and berlaku.tahun_aktif is not None \
                and diminta in (None, berlaku.tahun_aktif.tahun):
            tahun = berlaku.tahun_aktif
        else:
            tahun = get_tahun(diminta)
        if tahun is None:
            abort(404, description="Belum ada tahun anggaran. Pengguna Utama menambahkannya di Referensi.")
        simpan[diminta] = tahun
    return tahun


def gagal(error: SipekerjaError) -> None:
    """Undo the request's writes and show the rule's message (nothing half-saved)."""
    db_session.rollback()
    flash(error.pesan, "danger")


def commit_dan_flash(pesan: str) -> None:
    """Commit the request's one transaction (running the commit-time work listed in
    :mod:`sipekerja_module.services`) and confirm it to the user."""
    db_session.commit()
    flash(pesan, "success")
