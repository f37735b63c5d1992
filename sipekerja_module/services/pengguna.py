"""Write side of the module's users: the local mirror of a signed-in SSO subject."""

from __future__ import annotations

from datetime import datetime
from datetime import timezone

from sqlalchemy import select

from ..auth.claims import ProfilPengguna
from ..extensions import db_session
from ..models import Pengguna
from ..models import PerangkatDaerah
from ..models import UnitKerja


def sync_pengguna(profil: ProfilPengguna, *, issuer: str, sekarang: datetime | None = None) -> Pengguna:
    """Create or update the local Pengguna from a fresh profile (flushes, never commits).

    Roles and unit are replaced by this sign-in's snapshot, so a change made in the portal
    takes effect now. The unit claim is resolved to a unit kerja (and its perangkat daerah)
    or to a perangkat daerah; an unknown code leaves both empty, which gives a bidang
    account no access.

    :param profil: the profile from the claims
    :param issuer: the pinned issuer (half of the user key)
    :param sekarang: the sign-in moment (UTC); now when omitted
    :return: the flushed Pengguna
    """
    unit = perangkat = None
    if profil.unit_kode:
        unit = db_session.scalar(select(UnitKerja).filter_by(kode=profil.unit_kode, aktif=True))
        if unit is not None:
            perangkat = unit.perangkat_daerah
        else:
            perangkat = db_session.scalar(select(PerangkatDaerah).filter_by(kode=profil.unit_kode, aktif=True))
    pengguna = db_session.scalar(select(Pengguna).filter_by(issuer=issuer, subject=profil.subject))
    if pengguna is None:
        pengguna = Pengguna(issuer=issuer, subject=profil.subject)
        db_session.add(pengguna)
    pengguna.nip = profil.nip
    pengguna.nama = profil.nama
    pengguna.peran = sorted(p.value for p in profil.peran)
    pengguna.unit_kerja_id = unit.id if unit else None
    pengguna.perangkat_daerah_id = perangkat.id if perangkat else None
    pengguna.email = profil.email
    pengguna.terakhir_masuk_dt = sekarang or datetime.now(timezone.utc)
    db_session.flush()
    return pengguna
