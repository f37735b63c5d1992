"""Server-side record of module sign-ins, so that a sign-in can end before its cookie does."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from .base import Base
from .base import utcnow


class SesiMasuk(Base):
    """One sign-in to the module. The cookie holds a random id; only its SHA-256 is stored.

    A sign-in counts while ``diakhiri_dt`` is empty and ``berakhir_dt`` is in the future:
    sign-out, an admin's change of access in the portal and the lifetime end all close it, and
    a copy of the cookie taken before then opens nothing afterwards.
    """

    __tablename__ = "sipekerja_sesi_masuk"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 (hex) of the random id kept in the session cookie.
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    pengguna_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_pengguna.id", ondelete="CASCADE"), index=True)
    dibuat_dt: Mapped[datetime] = mapped_column(default=utcnow)
    #: Absolute end: sign-in time + ``SIPEKERJA_SESSION_LIFETIME``.
    berakhir_dt: Mapped[datetime]
    #: When it was ended early (sign-out or revocation); None while it counts.
    diakhiri_dt: Mapped[datetime | None]
    #: ``keluar`` (sign-out), ``dicabut`` (access changed in the portal) or ``masuk_ulang``.
    alasan_akhir: Mapped[str | None] = mapped_column(String(32))
