"""Rencana Aksi of the PK indicators (issue 16, item 4; rules in ``domain.rencana_aksi``): the target
per triwulan, the actions planned, and their realisasi per triwulan.

Every table hangs off ``sipekerja_indikator_pk``; removing a PK indicator removes its Rencana Aksi
(ORM cascade from the backrefs below, and ``ON DELETE CASCADE`` where the database enforces keys).
Copying a year copies targets and actions, never realisasi (``services.rencana_aksi.salin_rencana_aksi``).
"""

from decimal import Decimal

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import backref
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from .base import Base
from .base import TimestampMixin
from .base import VersionedMixin
from .pk import IndikatorPK

_CASCADE = "all, delete-orphan"


class RencanaAksi(VersionedMixin, TimestampMixin, Base):
    """The targets per triwulan of one PK indicator (one row per indicator, edited together)."""

    __tablename__ = "sipekerja_rencana_aksi"
    __table_args__ = (
        CheckConstraint("agregasi IS NULL OR agregasi IN ('kumulatif', 'nilai_akhir', 'rata_rata')",
                        name="agregasi"),
        CheckConstraint("(target_tw1 IS NULL OR target_tw1 >= 0) AND (target_tw2 IS NULL OR target_tw2 >= 0) AND "
                        "(target_tw3 IS NULL OR target_tw3 >= 0) AND (target_tw4 IS NULL OR target_tw4 >= 0)",
                        name="target_non_negatif"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indikator_pk_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_indikator_pk.id", ondelete="CASCADE"),
                                                 unique=True)
    #: How the indicator's months combine, for an indicator with no plan indicator linked (the linked
    #: one's agregasi wins); None = kumulatif.
    agregasi: Mapped[str | None] = mapped_column(String(16))
    #: Target to the end of each triwulan ("s.d. TW"); None = not planned.
    target_tw1: Mapped[Decimal | None]
    target_tw2: Mapped[Decimal | None]
    target_tw3: Mapped[Decimal | None]
    target_tw4: Mapped[Decimal | None]

    indikator_pk: Mapped[IndikatorPK] = relationship(
        backref=backref("rencana_aksi", cascade=_CASCADE, uselist=False))


class AksiPK(VersionedMixin, TimestampMixin, Base):
    """An action planned for a PK indicator, in one or more triwulans."""

    __tablename__ = "sipekerja_aksi_pk"
    __table_args__ = (CheckConstraint("triwulan BETWEEN 1 AND 15", name="triwulan"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indikator_pk_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_indikator_pk.id", ondelete="CASCADE"),
                                                 index=True)
    uraian: Mapped[str] = mapped_column(String(1000))
    #: The triwulans it is planned in, as bits: TW I = 1, TW II = 2, TW III = 4, TW IV = 8
    #: (``domain.rencana_aksi.triwulan_dari_mask``).
    triwulan: Mapped[int]
    #: The action's output or target, e.g. ``1 dokumen SK``; optional.
    output: Mapped[str | None] = mapped_column(String(500))
    penanggung_jawab: Mapped[str | None] = mapped_column(String(255))
    urutan: Mapped[int] = mapped_column(default=0)

    indikator_pk: Mapped[IndikatorPK] = relationship(backref=backref("aksi", cascade=_CASCADE))


class RealisasiAksiPK(VersionedMixin, TimestampMixin, Base):
    """The realisasi of an action in one triwulan: status, a short text, an evidence link."""

    __tablename__ = "sipekerja_realisasi_aksi_pk"
    __table_args__ = (
        UniqueConstraint("aksi_id", "triwulan"),
        CheckConstraint("triwulan BETWEEN 1 AND 4", name="triwulan"),
        CheckConstraint("status IN ('belum', 'sebagian', 'terlaksana')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    aksi_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_aksi_pk.id", ondelete="CASCADE"))
    triwulan: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    keterangan: Mapped[str | None] = mapped_column(String(1000))
    #: An http(s) link to the evidence (a shared drive, the agency's site); optional.
    tautan_bukti: Mapped[str | None] = mapped_column(String(500))

    aksi: Mapped[AksiPK] = relationship(backref=backref("realisasi", cascade=_CASCADE))


class RealisasiTriwulanPK(VersionedMixin, TimestampMixin, Base):
    """The realisasi of a PK indicator to the end of a triwulan, as its unit reports it."""

    __tablename__ = "sipekerja_realisasi_triwulan_pk"
    __table_args__ = (
        UniqueConstraint("indikator_pk_id", "triwulan"),
        CheckConstraint("triwulan BETWEEN 1 AND 4", name="triwulan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indikator_pk_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_indikator_pk.id", ondelete="CASCADE"))
    triwulan: Mapped[int]
    #: None = not reported (never 0).
    realisasi: Mapped[Decimal | None]
    keterangan: Mapped[str | None] = mapped_column(String(1000))

    indikator_pk: Mapped[IndikatorPK] = relationship(backref=backref("realisasi_triwulan", cascade=_CASCADE))
