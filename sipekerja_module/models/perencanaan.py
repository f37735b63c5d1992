"""The yearly plan (Feature 2, Perencanaan Kerja): sasaran, program/kegiatan/sub kegiatan
nodes, indicators, monthly target kinerja and target anggaran.

Monthly values are rows ``(…, bulan)``, not twelve columns, so each month carries its own
history and version.
"""

from datetime import datetime
from decimal import Decimal

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
from .base import Uang
from .base import VersionedMixin
from .referensi import PerangkatDaerah
from .referensi import Satuan
from .referensi import Tahun
from .referensi import UnitKerja

BULAN_CHECK = "bulan BETWEEN 1 AND 12"


class RencanaKerja(VersionedMixin, TimestampMixin, Base):
    """The plan of one perangkat daerah for one year, and whether it is *ditetapkan*."""

    __tablename__ = "sipekerja_rencana_kerja"
    __table_args__ = (
        UniqueConstraint("perangkat_daerah_id", "tahun_id"),
        CheckConstraint("status IN ('draf', 'ditetapkan')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"))
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    #: ``draf`` while targets may change; ``ditetapkan`` once Utama fixes the plan.
    status: Mapped[str] = mapped_column(String(16), default="draf")
    ditetapkan_dt: Mapped[datetime | None]

    perangkat_daerah: Mapped[PerangkatDaerah] = relationship()
    tahun: Mapped[Tahun] = relationship()


class Sasaran(TimestampMixin, Base):
    """A sasaran strategis of the Perjanjian Kinerja; carries the agency's IKU."""

    __tablename__ = "sipekerja_sasaran"
    __table_args__ = (UniqueConstraint("perangkat_daerah_id", "tahun_id", "kode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    kode: Mapped[str] = mapped_column(String(32))
    uraian: Mapped[str] = mapped_column(String(1000))
    urutan: Mapped[int] = mapped_column(default=0)

    perangkat_daerah: Mapped[PerangkatDaerah] = relationship()
    tahun: Mapped[Tahun] = relationship()


class NodeRencana(VersionedMixin, TimestampMixin, Base):
    """A program, kegiatan or sub kegiatan in a unit's plan, taken from the nomenclature.

    The same program may appear under several units (each owns the kegiatan below it);
    the plan tree merges them by code.
    """

    __tablename__ = "sipekerja_node_rencana"
    __table_args__ = (
        UniqueConstraint("tahun_id", "unit_kerja_id", "kode"),
        CheckConstraint("level IN ('program', 'kegiatan', 'sub_kegiatan')", name="level"),
        CheckConstraint("pagu IS NULL OR pagu >= 0", name="pagu_non_negatif"),
        # Every per-agency page filters on both; with 40 agencies a single-column index reads all.
        Index("ix_sipekerja_node_rencana_pd_tahun", "perangkat_daerah_id", "tahun_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    #: Owner; a Bidang account sees and changes only its own unit's nodes.
    unit_kerja_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"), index=True)
    sasaran_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_sasaran.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_node_rencana.id"), index=True)
    nomenklatur_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_nomenklatur.id"))
    level: Mapped[str] = mapped_column(String(16))
    kode: Mapped[str] = mapped_column(String(32))
    nama: Mapped[str] = mapped_column(String(500))
    #: Budget ceiling in Rupiah; only sub kegiatan carry one.
    pagu: Mapped[Decimal | None] = mapped_column(Uang)
    #: Bumped at the commit of every write to this node's realisasi anggaran or its unit's period
    #: states (``services.versi``): the key of its monthly values in the plan loader's cache.
    versi_isi: Mapped[int] = mapped_column(default=0, server_default="0")

    unit_kerja: Mapped[UnitKerja] = relationship()
    sasaran: Mapped[Sasaran | None] = relationship()
    parent: Mapped["NodeRencana | None"] = relationship(remote_side=[id])


class Indikator(VersionedMixin, TimestampMixin, Base):
    """A performance indicator on a sasaran (IKU) or on a program/kegiatan/sub kegiatan node."""

    __tablename__ = "sipekerja_indikator"
    __table_args__ = (
        CheckConstraint(
            "(sasaran_id IS NOT NULL AND node_id IS NULL) OR (sasaran_id IS NULL AND node_id IS NOT NULL)",
            name="satu_induk",
        ),
        CheckConstraint("polaritas IN ('positif', 'negatif')", name="polaritas"),
        CheckConstraint("agregasi IN ('kumulatif', 'nilai_akhir', 'rata_rata')", name="agregasi"),
        CheckConstraint("rumus_negatif IN ('selisih', 'rasio')", name="rumus_negatif"),
        CheckConstraint("target_tahunan IS NULL OR target_tahunan >= 0", name="target_non_negatif"),
        CheckConstraint("target_atas IS NULL OR target_atas >= target_tahunan", name="rentang_target"),
        Index("ix_sipekerja_indikator_pd_tahun", "perangkat_daerah_id", "tahun_id"),
        Index("ix_sipekerja_indikator_unit_tahun", "unit_kerja_id", "tahun_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    #: Owning unit; ``None`` for sasaran-level IKU, which belong to the Pengguna Utama.
    unit_kerja_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"), index=True)
    sasaran_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_sasaran.id"), index=True)
    node_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_node_rencana.id"), index=True)
    uraian: Mapped[str] = mapped_column(String(1000))
    satuan_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_satuan.id"))
    polaritas: Mapped[str] = mapped_column(String(16), default="positif")
    agregasi: Mapped[str] = mapped_column(String(16), default="kumulatif")
    #: Per-indicator option for negatif indicators: ``selisih`` (2T−R)/T or ``rasio`` T/R.
    rumus_negatif: Mapped[str] = mapped_column(String(16), default="selisih")
    #: Annual target, or the lower bound when the target is a range.
    target_tahunan: Mapped[Decimal | None]
    #: Upper bound of a range target ("80–90"); ``None`` for a single value.
    target_atas: Mapped[Decimal | None]
    urutan: Mapped[int] = mapped_column(default=0)
    # --- the indicator's manual (printed in the Lampiran PK, shown where it is entered and checked)
    #: What exactly is measured (definisi operasional).
    definisi_operasional: Mapped[str | None] = mapped_column(String(2000))
    #: How the value is computed, in words (rumus / formula).
    formula: Mapped[str | None] = mapped_column(String(1000))
    #: Where the data comes from (sumber data).
    sumber_data: Mapped[str | None] = mapped_column(String(500))
    #: Who answers for the figure (penanggung jawab).
    penanggung_jawab: Mapped[str | None] = mapped_column(String(255))
    #: Bumped at the commit of every write to this indicator's realisasi or its unit's period
    #: states (``services.versi``): the key of its monthly values in the plan loader's cache.
    versi_isi: Mapped[int] = mapped_column(default=0, server_default="0")

    satuan: Mapped[Satuan] = relationship()
    sasaran: Mapped[Sasaran | None] = relationship()
    node: Mapped[NodeRencana | None] = relationship()
    unit_kerja: Mapped[UnitKerja | None] = relationship()


class TargetKinerja(VersionedMixin, Base):
    """The monthly target of one indicator."""

    __tablename__ = "sipekerja_target_kinerja"
    __table_args__ = (
        UniqueConstraint("indikator_id", "bulan"),
        CheckConstraint(BULAN_CHECK, name="bulan"),
        CheckConstraint("nilai IS NULL OR nilai >= 0", name="nilai_non_negatif"),
        CheckConstraint("atas IS NULL OR (nilai IS NOT NULL AND atas >= nilai)", name="rentang_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indikator_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_indikator.id", ondelete="CASCADE"))
    bulan: Mapped[int]
    #: The month's target, or the lower bound when it is a range.
    nilai: Mapped[Decimal | None]
    #: Upper bound of a range target ("80–90"); ``None`` for a single value.
    atas: Mapped[Decimal | None]


class TargetAnggaran(VersionedMixin, Base):
    """The monthly budget target (Rupiah) of one sub kegiatan."""

    __tablename__ = "sipekerja_target_anggaran"
    __table_args__ = (
        UniqueConstraint("node_id", "bulan"),
        CheckConstraint(BULAN_CHECK, name="bulan"),
        CheckConstraint("nilai IS NULL OR nilai >= 0", name="nilai_non_negatif"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_node_rencana.id", ondelete="CASCADE"))
    bulan: Mapped[int]
    nilai: Mapped[Decimal | None] = mapped_column(Uang)
