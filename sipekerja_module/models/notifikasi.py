"""In-app notifications with their e-mail delivery state, deadline reminders already created,
refused e-mail addresses, and the reopen requests of a unit (issue 17)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON
from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from .base import Base
from .base import TimestampMixin
from .base import VersionedMixin
from .base import utcnow
from .pengguna import Pengguna
from .referensi import PembukaanJendela
from .referensi import Tahun
from .referensi import UnitKerja


class Notifikasi(Base):
    """One message to one user: shown under the bell until read, and e-mailed by the CLI
    command ``flask sipekerja kirim-notifikasi`` (never inside a request)."""

    __tablename__ = "sipekerja_notifikasi"
    __table_args__ = (
        CheckConstraint("email_status IN ('menunggu', 'terkirim', 'gagal', 'ditolak', 'dilewati')",
                        name="email_status"),
        # The bell counts a user's unread notifications; the page lists the newest first.
        Index("ix_sipekerja_notifikasi_penerima", "pengguna_id", "dibaca_dt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pengguna_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_pengguna.id"))
    #: ``domain.notifikasi.JenisNotifikasi`` value.
    jenis: Mapped[str] = mapped_column(String(32))
    #: Short title: the e-mail subject (after the ``[SI PEKERJA]`` prefix).
    judul: Mapped[str] = mapped_column(String(255), default="")
    teks: Mapped[str] = mapped_column(String(1000))
    #: A path inside the module (``/sipekerja/...``), never an outside address.
    tautan: Mapped[str] = mapped_column(String(500), default="")
    created_dt: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    dibaca_dt: Mapped[datetime | None]
    #: ``menunggu`` (to send), ``terkirim``, ``gagal`` (gave up after the attempts), ``ditolak``
    #: (the server refused the address: 5xx), ``dilewati`` (no address, or the user turned e-mail off).
    email_status: Mapped[str] = mapped_column(String(16), default="menunggu", index=True)
    email_percobaan: Mapped[int] = mapped_column(default=0)
    email_terkirim_dt: Mapped[datetime | None]
    email_galat: Mapped[str | None] = mapped_column(String(500))

    pengguna: Mapped[Pengguna] = relationship()


class PengingatTenggat(Base):
    """A deadline reminder created for (unit, year, triwulan, days before): never twice."""

    __tablename__ = "sipekerja_pengingat_tenggat"
    __table_args__ = (
        UniqueConstraint("unit_kerja_id", "tahun_id", "triwulan", "hari"),
        CheckConstraint("hari IN (1, 3, 7)", name="hari"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_kerja_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"))
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    triwulan: Mapped[int]
    hari: Mapped[int]
    #: The deadline the reminder announced.
    batas_dt: Mapped[datetime]
    created_dt: Mapped[datetime] = mapped_column(default=utcnow)


class SurelDitolak(Base):
    """An address the mail server refused permanently (5xx on RCPT): not written to again until
    the address changes."""

    __tablename__ = "sipekerja_surel_ditolak"

    id: Mapped[int] = mapped_column(primary_key=True)
    alamat: Mapped[str] = mapped_column(String(255), unique=True)
    kode: Mapped[int]
    pesan: Mapped[str] = mapped_column(String(500), default="")
    created_dt: Mapped[datetime] = mapped_column(default=utcnow)


class PermintaanBuka(VersionedMixin, TimestampMixin, Base):
    """A unit asks the Pengguna Utama to reopen its closed input window of one triwulan.

    ``kunci_menunggu`` is set while the request waits and cleared when it is answered: a unique
    column that allows many NULLs keeps one waiting request per unit and triwulan on every engine.
    """

    __tablename__ = "sipekerja_permintaan_buka"
    __table_args__ = (
        CheckConstraint("status IN ('menunggu', 'disetujui', 'ditolak')", name="status"),
        CheckConstraint("triwulan BETWEEN 1 AND 4", name="triwulan"),
        CheckConstraint("length(alasan) > 0", name="alasan_wajib"),
        Index("ix_sipekerja_permintaan_buka_unit_tahun", "unit_kerja_id", "tahun_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_kerja_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"))
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    triwulan: Mapped[int]
    #: The months of the triwulan the unit needs to fill or correct.
    bulan: Mapped[list[int]] = mapped_column(JSON, default=list)
    alasan: Mapped[str] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(16), default="menunggu")
    kunci_menunggu: Mapped[str | None] = mapped_column(String(64), unique=True)
    diajukan_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pengguna.id"))
    dijawab_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pengguna.id"))
    dijawab_dt: Mapped[datetime | None]
    #: The Utama's note (required for a refusal).
    catatan: Mapped[str | None] = mapped_column(String(1000))
    #: Until when the approval reopened the window.
    sampai_dt: Mapped[datetime | None]
    pembukaan_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pembukaan_jendela.id"))

    unit_kerja: Mapped[UnitKerja] = relationship()
    tahun: Mapped[Tahun] = relationship()
    diajukan_oleh: Mapped[Pengguna | None] = relationship(foreign_keys=[diajukan_oleh_id])
    dijawab_oleh: Mapped[Pengguna | None] = relationship(foreign_keys=[dijawab_oleh_id])
    pembukaan: Mapped[PembukaanJendela | None] = relationship()
