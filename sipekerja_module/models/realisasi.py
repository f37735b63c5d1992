"""Monthly realisasi, bukti dukung, the status of a unit's triwulan and its verification
history (Feature 3, Realisasi Kerja, and the main account's Pengecekan)."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint
from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy import false
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from .base import Base
from .base import TimestampMixin
from .base import Uang
from .base import VersionedMixin
from .perencanaan import BULAN_CHECK
from .perencanaan import Indikator
from .perencanaan import NodeRencana
from .referensi import Tahun
from .referensi import UnitKerja


class CatatanMixin:
    """The narrative a unit writes with each month's numbers (used in Laporan Pengukuran)."""

    keterangan: Mapped[str | None] = mapped_column(Text)
    faktor_pendorong: Mapped[str | None] = mapped_column(Text)
    faktor_penghambat: Mapped[str | None] = mapped_column(Text)
    tindak_lanjut: Mapped[str | None] = mapped_column(Text)


class RealisasiKinerja(CatatanMixin, VersionedMixin, TimestampMixin, Base):
    """Realisasi of one indicator in one month. ``nilai`` NULL means *belum lapor*, not 0."""

    __tablename__ = "sipekerja_realisasi_kinerja"
    __table_args__ = (
        UniqueConstraint("indikator_id", "bulan"),
        CheckConstraint(BULAN_CHECK, name="bulan"),
        CheckConstraint("nilai IS NULL OR nilai >= 0", name="nilai_non_negatif"),
        CheckConstraint("NOT tanpa_realisasi OR nilai IS NULL", name="tanpa_realisasi_tanpa_nilai"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indikator_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_indikator.id"))
    bulan: Mapped[int]
    nilai: Mapped[Decimal | None]
    #: The unit declares that nothing was realised this month (``nilai`` stays NULL, so capaian
    #: treats the month as unreported), with the reason: the month counts as filled when the
    #: triwulan is submitted (``domain.alur.kekurangan_triwulan``).
    tanpa_realisasi: Mapped[bool] = mapped_column(default=False, server_default=false())
    alasan_tanpa_realisasi: Mapped[str | None] = mapped_column(Text)
    diubah_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pengguna.id"))

    indikator: Mapped[Indikator] = relationship()


class RealisasiAnggaran(CatatanMixin, VersionedMixin, TimestampMixin, Base):
    """Budget spent by one sub kegiatan in one month (Rupiah); NULL = belum lapor."""

    __tablename__ = "sipekerja_realisasi_anggaran"
    __table_args__ = (
        UniqueConstraint("node_id", "bulan"),
        CheckConstraint(BULAN_CHECK, name="bulan"),
        CheckConstraint("nilai IS NULL OR nilai >= 0", name="nilai_non_negatif"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_node_rencana.id"))
    bulan: Mapped[int]
    nilai: Mapped[Decimal | None] = mapped_column(Uang)
    diubah_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pengguna.id"))

    node: Mapped[NodeRencana] = relationship()


class BuktiDukung(TimestampMixin, Base):
    """Metadata of one evidence file; the bytes live in storage, named by ``sha256``."""

    __tablename__ = "sipekerja_bukti_dukung"
    __table_args__ = (
        CheckConstraint(BULAN_CHECK, name="bulan"),
        CheckConstraint("ukuran > 0", name="ukuran_positif"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indikator_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_indikator.id"), index=True)
    bulan: Mapped[int]
    #: Content hash and storage name; identical uploads share one stored file.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: The uploader's file name, kept only as escaped display metadata.
    nama_asli: Mapped[str] = mapped_column(String(255))
    #: MIME type detected from the content, never from the name or the request header.
    mime: Mapped[str] = mapped_column(String(128))
    ukuran: Mapped[int]
    diunggah_oleh_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pengguna.id"))
    #: Soft delete keeps the audit trail intact.
    dihapus_dt: Mapped[datetime | None]

    indikator: Mapped[Indikator] = relationship()


class StatusPeriodeUnit(VersionedMixin, TimestampMixin, Base):
    """Where a unit's triwulan stands: draf → diajukan → terverifikasi | dikembalikan."""

    __tablename__ = "sipekerja_status_periode"
    __table_args__ = (
        UniqueConstraint("unit_kerja_id", "tahun_id", "triwulan"),
        CheckConstraint("triwulan BETWEEN 1 AND 4", name="triwulan"),
        CheckConstraint("status IN ('draf', 'diajukan', 'terverifikasi', 'dikembalikan')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_kerja_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"), index=True)
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    triwulan: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="draf")

    unit_kerja: Mapped[UnitKerja] = relationship()
    tahun: Mapped[Tahun] = relationship()
    riwayat: Mapped[list["CatatanVerifikasi"]] = relationship(
        back_populates="status_periode", order_by="CatatanVerifikasi.created_dt"
    )


class CatatanVerifikasi(TimestampMixin, Base):
    """One transition of a unit's triwulan, with the verifier's note (required on return)."""

    __tablename__ = "sipekerja_catatan_verifikasi"

    id: Mapped[int] = mapped_column(primary_key=True)
    status_periode_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_status_periode.id"), index=True)
    dari_status: Mapped[str] = mapped_column(String(16))
    ke_status: Mapped[str] = mapped_column(String(16))
    catatan: Mapped[str | None] = mapped_column(Text)
    oleh_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pengguna.id"))

    status_periode: Mapped[StatusPeriodeUnit] = relationship(back_populates="riwayat")
