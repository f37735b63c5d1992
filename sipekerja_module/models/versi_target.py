"""Versions of a year's targets: *murni* and *perubahan* (issue 17 item 1, ``domain.versi_target``).

Design (the least invasive correct one):

- The **murni** version (urutan 0) is the plan as it always was: the rows of
  ``sipekerja_target_kinerja`` / ``sipekerja_target_anggaran``, ``Indikator.target_tahunan`` /
  ``target_atas`` and ``NodeRencana.pagu``. Nothing about them changes, so a year with only the
  murni version is loaded, measured and printed exactly as before, and every other reader of those
  tables (PK, Rencana Aksi, spreadsheets) keeps working on murni. It has no row here: its date is
  the day the plan was fixed (``RencanaKerja.ditetapkan_dt``).
- A **perubahan** is one :class:`VersiTarget` row (per agency + year, urutan 1, 2, …) and a full
  copy of the targets it revises in two row tables, one row per (owner, month):
  :class:`TargetKinerjaVersi` (month 0 = the annual target, single or range; 1..12 = the monthly
  targets) and :class:`TargetAnggaranVersi` (month 0 = the pagu; 1..12 = the monthly target
  anggaran). The month-0 row is always written, so "the version has this owner" is one row; an
  owner without rows in a version (added after the copy) keeps the targets of the version before.
- Which version measures a month is the agency's rule, :class:`AturanVersiTarget` (one row per
  agency; no row = ``domain.versi_target.ATURAN_BAWAAN``).

``queries.rencana.load_rencana`` reads the versions with three more bounded statements, only when
the year has a perubahan.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from .base import Base
from .base import TimestampMixin
from .base import Uang

BULAN_VERSI_CHECK = "bulan BETWEEN 0 AND 12"


class VersiTarget(TimestampMixin, Base):
    """A perubahan of one agency's targets for one year (the murni version is implicit)."""

    __tablename__ = "sipekerja_versi_target"
    __table_args__ = (
        UniqueConstraint("perangkat_daerah_id", "tahun_id", "urutan"),
        CheckConstraint("urutan >= 1", name="urutan_perubahan"),
        CheckConstraint("berlaku_mulai_bulan BETWEEN 1 AND 12", name="berlaku_mulai_bulan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"))
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    #: 1 = the first perubahan, 2 = "Perubahan ke-2", …
    urutan: Mapped[int]
    nama: Mapped[str] = mapped_column(String(64))
    #: Date of effect (tanggal berlaku) of the DPPA / PK perubahan.
    tanggal: Mapped[date]
    #: Legal basis: nomor DPPA / PK perubahan, as text.
    dasar_hukum: Mapped[str] = mapped_column(String(500))
    #: First month measured against this version under the ``per_bulan`` rule.
    berlaku_mulai_bulan: Mapped[int]
    dibuat_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pengguna.id"))


class TargetKinerjaVersi(Base):
    """One indicator's target in one perubahan: month 0 the annual target, 1..12 the months."""

    __tablename__ = "sipekerja_target_kinerja_versi"
    __table_args__ = (
        UniqueConstraint("versi_id", "indikator_id", "bulan"),
        CheckConstraint(BULAN_VERSI_CHECK, name="bulan"),
        CheckConstraint("nilai IS NULL OR nilai >= 0", name="nilai_non_negatif"),
        CheckConstraint("atas IS NULL OR (nilai IS NOT NULL AND atas >= nilai)", name="rentang_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    versi_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_versi_target.id", ondelete="CASCADE"))
    indikator_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_indikator.id", ondelete="CASCADE"),
                                              index=True)
    bulan: Mapped[int]
    nilai: Mapped[Decimal | None]
    atas: Mapped[Decimal | None]


class TargetAnggaranVersi(Base):
    """One sub kegiatan's budget in one perubahan: month 0 the pagu, 1..12 the monthly targets."""

    __tablename__ = "sipekerja_target_anggaran_versi"
    __table_args__ = (
        UniqueConstraint("versi_id", "node_id", "bulan"),
        CheckConstraint(BULAN_VERSI_CHECK, name="bulan"),
        CheckConstraint("nilai IS NULL OR nilai >= 0", name="nilai_non_negatif"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    versi_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_versi_target.id", ondelete="CASCADE"))
    node_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_node_rencana.id", ondelete="CASCADE"), index=True)
    bulan: Mapped[int]
    nilai: Mapped[Decimal | None] = mapped_column(Uang)


class AturanVersiTarget(TimestampMixin, Base):
    """The agency's rule for the version that measures a month (``domain.versi_target.AturanVersi``)."""

    __tablename__ = "sipekerja_aturan_versi_target"
    __table_args__ = (CheckConstraint("aturan IN ('per_bulan', 'seluruh_tahun')", name="aturan"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), unique=True)
    aturan: Mapped[str] = mapped_column(String(16), default="per_bulan")
