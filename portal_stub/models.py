"""The portal's own tables: pegawai, module-access grants, their audit, and the OAuth2 store.

They live on the portal's Flask-SQLAlchemy ``db`` (``simpadu_*`` tables, created with
``flask portal init-db``); the module's ``sipekerja_*`` tables come from its Alembic history.
"""

from __future__ import annotations

import time
from datetime import datetime
from datetime import timezone

from authlib.integrations.sqla_oauth2 import OAuth2AuthorizationCodeMixin
from authlib.integrations.sqla_oauth2 import OAuth2ClientMixin
from authlib.integrations.sqla_oauth2 import OAuth2TokenMixin
from flask_login import UserMixin
from sqlalchemy import JSON
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship
from werkzeug.security import check_password_hash
from werkzeug.security import generate_password_hash

from .extensions import db

#: Module roles a grant may carry; ``bidang`` also needs a unit kerja code.
PERAN_MODUL = ("utama", "bidang", "pimpinan", "admin_kabupaten")


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Pegawai(UserMixin, db.Model):
    """A civil servant who signs in to the portal with NIP and password."""

    __tablename__ = "simpadu_pegawai"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 18 digits, validated by the module's NIP rules when added.
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    nama: Mapped[str] = mapped_column(String(255))
    jabatan: Mapped[str] = mapped_column(String(255), default="")
    #: Home unit code (a unit kerja such as ``BKPSDM-PPIK`` or an agency such as ``BKPSDM``).
    unit_kode: Mapped[str | None] = mapped_column(String(64))
    #: werkzeug scrypt hash; never the password itself.
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    aktif: Mapped[bool] = mapped_column(default=True)
    created_dt: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)

    akses: Mapped[list[AksesModul]] = relationship(
        back_populates="pegawai", cascade="all, delete-orphan", foreign_keys="AksesModul.pegawai_id"
    )

    def set_password(self, password: str) -> None:
        """Store a strong hash of ``password``."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Tell whether ``password`` matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    def get_user_id(self) -> int:
        """Authlib's user identifier (the token table keeps it)."""
        return self.id

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated pegawai cannot sign in
        return self.aktif

    def akses_modul(self, modul: str) -> AksesModul | None:
        """Return this pegawai's grant for ``modul``, if any."""
        return next((a for a in self.akses if a.modul == modul), None)

    def __repr__(self) -> str:
        return f"<Pegawai {self.nip}>"


class AksesModul(db.Model):
    """One pegawai's role in one module (one role per module; a new grant replaces the old)."""

    __tablename__ = "simpadu_akses_modul"
    __table_args__ = (UniqueConstraint("pegawai_id", "modul"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pegawai_id: Mapped[int] = mapped_column(ForeignKey("simpadu_pegawai.id"), index=True)
    modul: Mapped[str] = mapped_column(String(32))
    #: ``utama``, ``bidang`` or ``pimpinan``.
    peran: Mapped[str] = mapped_column(String(16))
    #: Unit kerja code for ``bidang`` (the ``unit_kerja`` claim); None otherwise.
    unit_kode: Mapped[str | None] = mapped_column(String(64))
    diberikan_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("simpadu_pegawai.id"))
    created_dt: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)

    pegawai: Mapped[Pegawai] = relationship(back_populates="akses", foreign_keys=[pegawai_id])

    @property
    def role_claim(self) -> str:
        """The value sent in the ``roles`` claim, e.g. ``sipekerja:bidang``."""
        return f"{self.modul}:{self.peran}"

    def as_dict(self) -> dict:
        """Plain values for the audit record."""
        return {"modul": self.modul, "peran": self.peran, "unit_kode": self.unit_kode}


class AuditAkses(db.Model):
    """Append-only record of every change made in Manajemen Akses Modul."""

    __tablename__ = "simpadu_audit_akses"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_utcnow, index=True)
    oleh_id: Mapped[int | None] = mapped_column(ForeignKey("simpadu_pegawai.id"))
    #: Copied at write time so the record stays readable if the pegawai row changes.
    oleh_nip: Mapped[str | None] = mapped_column(String(18))
    #: ``tambah_pegawai``, ``beri_akses`` or ``cabut_akses``.
    aksi: Mapped[str] = mapped_column(String(32))
    pegawai_nip: Mapped[str] = mapped_column(String(18), index=True)
    sebelum: Mapped[dict | None] = mapped_column(JSON)
    sesudah: Mapped[dict | None] = mapped_column(JSON)


class SesiPortal(db.Model):
    """One sign-in to the portal. The cookie holds a random id; only its SHA-256 is stored.

    Valid while ``diakhiri_dt`` is empty and ``berakhir_dt`` is ahead: a copy of the cookie
    replayed after sign-out (or after the lifetime) is anonymous.
    """

    __tablename__ = "simpadu_sesi"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    pegawai_id: Mapped[int] = mapped_column(ForeignKey("simpadu_pegawai.id", ondelete="CASCADE"), index=True)
    dibuat_dt: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_utcnow)
    berakhir_dt: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    diakhiri_dt: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OAuth2Client(db.Model, OAuth2ClientMixin):
    """A relying party registered with exact redirect and post-logout URIs."""

    __tablename__ = "simpadu_oauth2_client"

    id: Mapped[int] = mapped_column(primary_key=True)


class OAuth2AuthorizationCode(db.Model, OAuth2AuthorizationCodeMixin):
    """A single-use code (five minutes) with its nonce and PKCE challenge."""

    __tablename__ = "simpadu_oauth2_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("simpadu_pegawai.id", ondelete="CASCADE"))
    user: Mapped[Pegawai] = relationship()


class OAuth2Token(db.Model, OAuth2TokenMixin):
    """An access token; userinfo resolves the pegawai and client through it."""

    __tablename__ = "simpadu_oauth2_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("simpadu_pegawai.id", ondelete="CASCADE"))
    user: Mapped[Pegawai | None] = relationship()

    def get_user(self) -> Pegawai | None:
        """The pegawai the token was issued to (the mixin leaves this unimplemented)."""
        return self.user

    def get_client(self) -> OAuth2Client | None:
        """The client the token was issued to (the mixin leaves this unimplemented)."""
        from .oidc import query_client

        return query_client(self.client_id)

    def is_expired(self) -> bool:
        return bool(self.expires_in) and self.issued_at + self.expires_in < time.time()
