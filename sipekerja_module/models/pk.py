"""Positions (jabatan) of an agency per year, their Perjanjian Kinerja and the cascade between the
PK indicators (issue 16; rules in ``domain.pk``).

Positions are per year (their holders change between years); copying a year copies them with the
PK structure and the cascade links (``services.pk.salin_pk``).
"""

from datetime import date
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
from .perencanaan import Indikator
from .perencanaan import NodeRencana
from .referensi import Satuan
from .referensi import UnitKerja


class Jabatan(VersionedMixin, TimestampMixin, Base):
    """A position of an agency in a year (Kepala, Sekretaris, Kepala Bidang, lower posts) and its holder."""

    __tablename__ = "sipekerja_jabatan"
    __table_args__ = (
        UniqueConstraint("perangkat_daerah_id", "tahun_id", "nama"),
        Index("ix_sipekerja_jabatan_pd_tahun", "perangkat_daerah_id", "tahun_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"))
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    #: The position above; None for the head of the agency, whose pihak kedua is the Bupati.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_jabatan.id"), index=True)
    #: The unit the position leads (None for the Kepala: the whole agency).
    unit_kerja_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"), index=True)
    #: e.g. ``Kepala Bidang Mutasi dan Promosi``.
    nama: Mapped[str] = mapped_column(String(255))
    urutan: Mapped[int] = mapped_column(default=0)
    #: The holder for the year; all None while the position is vacant.
    pemegang_nama: Mapped[str | None] = mapped_column(String(255))
    #: 18 digits (``domain.nip``).
    pemegang_nip: Mapped[str | None] = mapped_column(String(18))
    pemegang_pangkat: Mapped[str | None] = mapped_column(String(128))
    #: Only for the head of the agency: the pihak kedua of its PK (the Bupati), name and title.
    kepala_daerah_nama: Mapped[str | None] = mapped_column(String(255))
    kepala_daerah_jabatan: Mapped[str | None] = mapped_column(String(255))

    parent: Mapped["Jabatan | None"] = relationship(remote_side=[id])
    unit_kerja: Mapped[UnitKerja | None] = relationship()


class PerjanjianKinerja(VersionedMixin, TimestampMixin, Base):
    """The Perjanjian Kinerja of one position for its year (one per position)."""

    __tablename__ = "sipekerja_perjanjian_kinerja"

    id: Mapped[int] = mapped_column(primary_key=True)
    jabatan_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_jabatan.id"), unique=True)
    #: The signing date printed above the signatures; None prints the day of printing.
    tanggal: Mapped[date | None]

    jabatan: Mapped[Jabatan] = relationship()


class SasaranPK(TimestampMixin, Base):
    """A sasaran of a PK (strategis for the Kepala; program/kegiatan below)."""

    __tablename__ = "sipekerja_sasaran_pk"

    id: Mapped[int] = mapped_column(primary_key=True)
    pk_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perjanjian_kinerja.id", ondelete="CASCADE"),
                                       index=True)
    uraian: Mapped[str] = mapped_column(String(1000))
    urutan: Mapped[int] = mapped_column(default=0)


class IndikatorPK(VersionedMixin, TimestampMixin, Base):
    """An indicator of a PK with its annual target, its plan indicator and the upper indicator it supports."""

    __tablename__ = "sipekerja_indikator_pk"
    __table_args__ = (
        CheckConstraint("target_nilai IS NULL OR target_nilai >= 0", name="target_non_negatif"),
        CheckConstraint("target_atas IS NULL OR target_atas >= target_nilai", name="rentang_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sasaran_pk_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_sasaran_pk.id", ondelete="CASCADE"),
                                               index=True)
    #: Denormalised from the sasaran: the page and the tree read a PK's or a year's indicators at once.
    pk_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perjanjian_kinerja.id"), index=True)
    uraian: Mapped[str] = mapped_column(String(1000))
    satuan_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_satuan.id"))
    #: Annual target, or the lower bound of a range (``domain.capaian.Target``).
    target_nilai: Mapped[Decimal | None]
    target_atas: Mapped[Decimal | None]
    #: The plan indicator whose monthly realisasi measures this one (same agency and year).
    indikator_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_indikator.id", ondelete="SET NULL"),
                                                     index=True)
    #: The upper indicator this one supports (the cascade); None for the Kepala's IKU.
    induk_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_indikator_pk.id"), index=True)
    #: The Renstra indicator whose yearly target this one carries (same agency); the PK indicators of
    #: successive years point to the same one, which is how the years connect (``models.renstra``).
    indikator_renstra_id: Mapped[int | None] = mapped_column(
        ForeignKey("sipekerja_indikator_renstra.id", ondelete="SET NULL"), index=True)
    urutan: Mapped[int] = mapped_column(default=0)

    satuan: Mapped[Satuan] = relationship()
    indikator: Mapped[Indikator | None] = relationship()
    sasaran: Mapped[SasaranPK] = relationship()


class ProgramPK(TimestampMixin, Base):
    """A row of the PK's budget table: program, kegiatan or sub kegiatan with its anggaran."""

    __tablename__ = "sipekerja_program_pk"
    __table_args__ = (CheckConstraint("anggaran IS NULL OR anggaran >= 0", name="anggaran_non_negatif"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pk_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perjanjian_kinerja.id", ondelete="CASCADE"),
                                       index=True)
    #: The plan node it was taken from (its code, name and level); None for a row typed by hand.
    node_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_node_rencana.id", ondelete="SET NULL"),
                                                index=True)
    uraian: Mapped[str] = mapped_column(String(500))
    anggaran: Mapped[Decimal | None] = mapped_column(Uang)
    keterangan: Mapped[str] = mapped_column(String(255), default="")
    urutan: Mapped[int] = mapped_column(default=0)

    node: Mapped[NodeRencana | None] = relationship()
