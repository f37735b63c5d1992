"""Personal access tokens of the read-only JSON API (``/sipekerja/api/v1/``)."""

from datetime import datetime

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from .base import Base
from .base import utcnow


class TokenApi(Base):
    """A token a user created for the API. Only the SHA-256 of the secret is stored; the secret is
    shown once, at creation. A token acts with its user's roles as currently known and counts while
    ``dicabut_dt`` is empty and ``kedaluwarsa_dt`` (optional) is in the future."""

    __tablename__ = "sipekerja_token_api"

    id: Mapped[int] = mapped_column(primary_key=True)
    pengguna_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_pengguna.id", ondelete="CASCADE"), index=True)
    nama: Mapped[str] = mapped_column(String(100))
    #: SHA-256 (hex) of the whole secret.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The secret's first characters (``spk_AbCd``), to recognise a token in the list.
    awalan: Mapped[str] = mapped_column(String(16))
    dibuat_dt: Mapped[datetime] = mapped_column(default=utcnow)
    kedaluwarsa_dt: Mapped[datetime | None]
    dicabut_dt: Mapped[datetime | None]
    #: ``pengguna`` (revoked by its owner) or ``akses_berubah`` (the portal changed the user's access).
    alasan_cabut: Mapped[str | None] = mapped_column(String(32))
