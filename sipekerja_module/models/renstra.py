"""The Renstra (five-year strategic plan) of an agency: its period, its indicators with baseline,
yearly targets and end-of-period target (issue 16 item 5; rules in ``domain.renstra``).

A Renstra is not per budget year: its indicators outlive the years, and the PK indicators of each
year point to them (``IndikatorPK.indikator_renstra_id``), which is how the years connect.
"""

from decimal import Decimal

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from .base import Base
from .base import TimestampMixin
from .base import VersionedMixin
from .referensi import Satuan


class Renstra(VersionedMixin, TimestampMixin, Base):
    """A Renstra period of an agency, e.g. 2021–2026, with its legal basis."""

    __tablename__ = "sipekerja_renstra"
    __table_args__ = (
        UniqueConstraint("perangkat_daerah_id", "tahun_awal"),
        CheckConstraint("tahun_akhir >= tahun_awal", name="periode_urut"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    tahun_awal: Mapped[int]
    tahun_akhir: Mapped[int]
    #: Number / legal basis as printed, e.g. ``Peraturan Bupati Paser Nomor 12 Tahun 2021``.
    nomor: Mapped[str] = mapped_column(String(500), default="")


class IndikatorRenstra(VersionedMixin, TimestampMixin, Base):
    """An indicator (IKU / sasaran indicator) of a Renstra with its baseline and end target."""

    __tablename__ = "sipekerja_indikator_renstra"
    __table_args__ = (
        CheckConstraint("baseline IS NULL OR baseline >= 0", name="baseline_non_negatif"),
        CheckConstraint("target_akhir IS NULL OR target_akhir >= 0", name="target_akhir_non_negatif"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    renstra_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_renstra.id", ondelete="CASCADE"), index=True)
    #: The Renstra's sasaran this indicator measures (text: the plan's sasaran rows are per year).
    sasaran: Mapped[str] = mapped_column(String(1000))
    uraian: Mapped[str] = mapped_column(String(1000))
    satuan_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_satuan.id"))
    #: Kondisi awal and the year it was measured (usually the year before the period).
    baseline: Mapped[Decimal | None]
    tahun_baseline: Mapped[int | None]
    #: Kondisi akhir: the target at the end of the period.
    target_akhir: Mapped[Decimal | None]
    urutan: Mapped[int] = mapped_column(default=0)

    satuan: Mapped[Satuan] = relationship()


class TargetTahunanRenstra(Base):
    """The target of a Renstra indicator for one year of the period."""

    __tablename__ = "sipekerja_target_renstra"
    __table_args__ = (
        UniqueConstraint("indikator_renstra_id", "tahun"),
        CheckConstraint("nilai >= 0", name="nilai_non_negatif"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indikator_renstra_id: Mapped[int] = mapped_column(
        ForeignKey("sipekerja_indikator_renstra.id", ondelete="CASCADE"), index=True)
    tahun: Mapped[int]
    nilai: Mapped[Decimal]
