"""Aggregates kept up to date on write for the kabupaten dashboard (issue 8): one row per
perangkat daerah, year and triwulan (0 = the whole year). They are a cache of
``domain.pengukuran`` results and must always equal a fresh computation."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from .base import Base
from .base import Uang
from .base import utcnow


class RingkasanKinerja(Base):
    """An agency's capaian and serapan for one triwulan (or the year), precomputed."""

    __tablename__ = "sipekerja_ringkasan_kinerja"
    __table_args__ = (
        UniqueConstraint("perangkat_daerah_id", "tahun_id", "triwulan"),
        CheckConstraint("triwulan BETWEEN 0 AND 4", name="triwulan"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    #: 1..4, or 0 for the whole year.
    triwulan: Mapped[int]
    #: Mean capaian to date of the measurable indicators (unrounded to four decimals); None if none.
    rata_capaian: Mapped[Decimal | None]
    jumlah_indikator: Mapped[int] = mapped_column(default=0)
    jumlah_terukur: Mapped[int] = mapped_column(default=0)
    pagu: Mapped[Decimal | None] = mapped_column(Uang)
    realisasi_anggaran: Mapped[Decimal | None] = mapped_column(Uang)
    #: Realisasi anggaran to date as a percentage of the pagu.
    persen_serapan: Mapped[Decimal | None]
    dihitung_dt: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
