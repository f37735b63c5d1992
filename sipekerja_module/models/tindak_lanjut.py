"""The evaluation meeting of a triwulan's measurement, its findings and decisions with their
follow-up (issue 16, item 7; rules in ``domain.tindak_lanjut``).

One meeting per agency, year and triwulan. The minutes (notulen) are stored like bukti dukung:
by content hash in the storage directory, metadata here, served only through an authorised view.
"""

from datetime import date
from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from .base import Base
from .base import TimestampMixin
from .base import VersionedMixin
from .perencanaan import Indikator
from .referensi import UnitKerja


class RapatEvaluasi(VersionedMixin, TimestampMixin, Base):
    """The meeting that evaluated one triwulan's measurement of an agency (rapat evaluasi)."""

    __tablename__ = "sipekerja_rapat_evaluasi"
    __table_args__ = (
        UniqueConstraint("perangkat_daerah_id", "tahun_id", "triwulan"),
        CheckConstraint("triwulan BETWEEN 1 AND 4", name="triwulan_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"))
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    triwulan: Mapped[int]
    tanggal: Mapped[date]
    tempat: Mapped[str] = mapped_column(String(255))
    #: Who led the meeting (name and/or position).
    pimpinan_rapat: Mapped[str] = mapped_column(String(255))
    #: Participants, one per line.
    peserta: Mapped[str] = mapped_column(Text, default="")
    #: The minutes: content hash in the storage directory, the uploader's name, type and size.
    notulen_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    notulen_nama: Mapped[str | None] = mapped_column(String(255))
    notulen_mime: Mapped[str | None] = mapped_column(String(128))
    notulen_ukuran: Mapped[int | None]


class TemuanRapat(VersionedMixin, TimestampMixin, Base):
    """A finding of the meeting, about a unit and/or an indicator (proposed or typed)."""

    __tablename__ = "sipekerja_temuan_rapat"

    id: Mapped[int] = mapped_column(primary_key=True)
    rapat_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_rapat_evaluasi.id", ondelete="CASCADE"), index=True)
    unit_kerja_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"), index=True)
    indikator_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_indikator.id", ondelete="SET NULL"),
                                                     index=True)
    uraian: Mapped[str] = mapped_column(String(2000))
    #: ``predikat`` / ``terlambat`` (proposed from the measurement) or ``manual``.
    sumber: Mapped[str] = mapped_column(String(16), default="manual")
    urutan: Mapped[int] = mapped_column(default=0)

    unit_kerja: Mapped[UnitKerja | None] = relationship()
    indikator: Mapped[Indikator | None] = relationship()


class KeputusanRapat(VersionedMixin, TimestampMixin, Base):
    """A decision of the meeting, the unit that follows it up, by when, and how far it got."""

    __tablename__ = "sipekerja_keputusan_rapat"
    __table_args__ = (
        CheckConstraint("status IN ('belum', 'dalam_proses', 'selesai')", name="status_valid"),
        Index("ix_sipekerja_keputusan_rapat_unit_status", "unit_kerja_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rapat_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_rapat_evaluasi.id", ondelete="CASCADE"), index=True)
    #: The finding it answers, if any.
    temuan_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_temuan_rapat.id", ondelete="SET NULL"),
                                                  index=True)
    #: ``domain.tindak_lanjut.JenisKeputusan``.
    jenis: Mapped[str] = mapped_column(String(32))
    uraian: Mapped[str] = mapped_column(String(2000))
    #: The unit of the same agency that follows it up; optionally a person by name.
    unit_kerja_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"))
    penanggung_jawab: Mapped[str | None] = mapped_column(String(255))
    batas_waktu: Mapped[date]
    #: ``domain.tindak_lanjut.StatusTindakLanjut``.
    status: Mapped[str] = mapped_column(String(16), default="belum")
    catatan_status: Mapped[str | None] = mapped_column(String(2000))
    status_diubah_dt: Mapped[datetime | None]

    rapat: Mapped[RapatEvaluasi] = relationship()
    unit_kerja: Mapped[UnitKerja] = relationship()
