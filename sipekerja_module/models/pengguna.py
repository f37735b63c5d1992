"""Local mirror of the single-sign-on subject, and the append-only audit log."""

from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import true
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from .base import Base
from .base import TimestampMixin
from .base import utcnow
from .referensi import PerangkatDaerah
from .referensi import UnitKerja


class Pengguna(TimestampMixin, Base):
    """A person who signed in through the portal, keyed on ``(issuer, subject)`` (OIDC Core §5.7).

    Roles and unit are a snapshot of the claims at the last sign-in: a change in the portal
    reaches the module at the next sign-in.
    """

    __tablename__ = "sipekerja_pengguna"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    #: 18-digit NIP, stored as a string.
    nip: Mapped[str] = mapped_column(String(18), index=True)
    nama: Mapped[str] = mapped_column(String(255))
    #: Module roles from the last sign-in, e.g. ``["bidang"]``.
    peran: Mapped[list[str]] = mapped_column(JSON, default=list)
    unit_kerja_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"))
    perangkat_daerah_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"))
    terakhir_masuk_dt: Mapped[datetime | None]
    #: E-mail address from the ``email`` claim at the last sign-in (None when the portal sends none).
    email: Mapped[str | None] = mapped_column(String(255))
    #: The user's choice on the notifications page: notifications also by e-mail.
    terima_surel: Mapped[bool] = mapped_column(default=True, server_default=true())

    unit_kerja: Mapped[UnitKerja | None] = relationship()
    perangkat_daerah: Mapped[PerangkatDaerah | None] = relationship()

    def __repr__(self) -> str:
        return f"<Pengguna {self.nip}>"


class AuditLog(Base):
    """Append-only record of every change: who, when, what, before → after.

    Rows are only ever inserted; there is no update or delete path in the code.
    """

    __tablename__ = "sipekerja_audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_dt: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    pengguna_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pengguna.id"))
    #: NIP copied at write time so the record stays readable if the user row changes.
    nip: Mapped[str | None] = mapped_column(String(18))
    #: Verb such as ``ubah_target``, ``ajukan``, ``kembalikan``, ``buka_jendela``.
    aksi: Mapped[str] = mapped_column(String(64))
    objek_tipe: Mapped[str] = mapped_column(String(64))
    objek_id: Mapped[int | None]
    sebelum: Mapped[dict | None] = mapped_column(JSON)
    sesudah: Mapped[dict | None] = mapped_column(JSON)
    alasan: Mapped[str | None] = mapped_column(Text)

    # Object history is read by (type, id).
    __table_args__ = (Index("ix_sipekerja_audit_log_objek", "objek_tipe", "objek_id"),)
