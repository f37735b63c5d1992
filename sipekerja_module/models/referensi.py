"""Reference data: perangkat daerah, unit kerja, tahun, input windows, satuan, predikat
scale and the Kemendagri nomenclature (Feature 1, Referensi)."""

from datetime import datetime
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


class PerangkatDaerah(TimestampMixin, Base):
    """An agency of the kabupaten (e.g. BKPSDM); owns a plan per year."""

    __tablename__ = "sipekerja_perangkat_daerah"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short stable code used in claims and URLs, e.g. ``BKPSDM``.
    kode: Mapped[str] = mapped_column(String(32), unique=True)
    nama: Mapped[str] = mapped_column(String(255))
    #: Deactivated agencies stay because plans refer to them; they are never hard-deleted.
    aktif: Mapped[bool] = mapped_column(default=True)
    #: Bumped at the commit of every write to this agency's data (``services.versi``): the key of
    #: cached page fragments, so a cached fragment is never older than the data it shows.
    versi_data: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Narrower versions, so a write makes unreachable only the pages that show what it changed
    #: (``services.versi``): the plan and everything besides realisasi (plan tree, every page) ...
    versi_rencana: Mapped[int] = mapped_column(default=0, server_default="0")
    #: ... which months are filled, their evidence and states (the monitoring board) ...
    versi_isian: Mapped[int] = mapped_column(default=0, server_default="0")
    #: ... and the verified figures (printed reports: Target dan Capaian, Pengukuran, Lampiran PK).
    versi_terverifikasi: Mapped[int] = mapped_column(default=0, server_default="0")

    unit_kerja: Mapped[list["UnitKerja"]] = relationship(
        back_populates="perangkat_daerah", order_by="UnitKerja.urutan"
    )

    def __repr__(self) -> str:
        return f"<PerangkatDaerah {self.kode}>"


class UnitKerja(TimestampMixin, Base):
    """Sekretariat or Bidang of a perangkat daerah; the owner of sub-plans and realisasi."""

    __tablename__ = "sipekerja_unit_kerja"
    __table_args__ = (
        CheckConstraint("jenis IN ('sekretariat', 'bidang')", name="jenis"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    #: Globally unique code, the value of the ``unit_kerja`` claim (e.g. ``BKPSDM-MUTASI``).
    kode: Mapped[str] = mapped_column(String(64), unique=True)
    nama: Mapped[str] = mapped_column(String(255))
    #: ``sekretariat`` or ``bidang``.
    jenis: Mapped[str] = mapped_column(String(16), default="bidang")
    urutan: Mapped[int] = mapped_column(default=0)
    aktif: Mapped[bool] = mapped_column(default=True)
    #: Bumped at the commit of every write to this unit's realisasi, evidence or period states
    #: (``services.versi``): the key of the unit's month form.
    versi_realisasi: Mapped[int] = mapped_column(default=0, server_default="0")

    perangkat_daerah: Mapped[PerangkatDaerah] = relationship(back_populates="unit_kerja")

    def __repr__(self) -> str:
        return f"<UnitKerja {self.kode}>"


class Tahun(TimestampMixin, Base):
    """A budget year (tahun anggaran) in which plans, windows and realisasi live."""

    __tablename__ = "sipekerja_tahun"

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun: Mapped[int] = mapped_column(unique=True)
    aktif: Mapped[bool] = mapped_column(default=True)

    #: The kabupaten default windows of the year (agency overrides are not in this list; read a
    #: perangkat daerah's windows with ``queries.referensi.list_jendela_efektif``).
    jendela: Mapped[list["JendelaInput"]] = relationship(
        back_populates="tahun", order_by="JendelaInput.triwulan",
        primaryjoin="and_(Tahun.id == JendelaInput.tahun_id, JendelaInput.perangkat_daerah_id.is_(None))",
    )

    def __repr__(self) -> str:
        return f"<Tahun {self.tahun}>"


class JendelaInput(VersionedMixin, TimestampMixin, Base):
    """The input window of one triwulan: units may write realisasi only while it is open.

    Deadlines are data, not constants ("they may change with policy", DOMAIN.md). A row without
    ``perangkat_daerah_id`` is the kabupaten default (kept by the kabupaten admin); a row with one is
    that agency's own window for the triwulan (its override, made by its Pengguna Utama on the
    first change), which wins over the default for that agency only.
    """

    __tablename__ = "sipekerja_jendela_input"
    __table_args__ = (
        # NULLs are distinct in a unique constraint: one default per triwulan is kept by the services.
        UniqueConstraint("tahun_id", "triwulan", "perangkat_daerah_id"),
        CheckConstraint("triwulan BETWEEN 1 AND 4", name="triwulan"),
        CheckConstraint("status IN ('terbuka', 'ditutup', 'dibuka_kembali')", name="status"),
        CheckConstraint("ditutup_dt > dibuka_dt", name="urutan_waktu"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tahun_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_tahun.id"), index=True)
    #: The agency whose own window this is; None = the kabupaten default.
    perangkat_daerah_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    triwulan: Mapped[int]
    dibuka_dt: Mapped[datetime]
    ditutup_dt: Mapped[datetime]
    #: ``terbuka`` / ``ditutup`` / ``dibuka_kembali`` (see ``domain.periode.StatusJendela``).
    status: Mapped[str] = mapped_column(String(16), default="terbuka")
    dibuka_kembali_sampai_dt: Mapped[datetime | None]

    tahun: Mapped[Tahun] = relationship()
    pembukaan_unit: Mapped[list["PembukaanJendela"]] = relationship(back_populates="jendela")


class PembukaanJendela(TimestampMixin, Base):
    """Utama reopened a closed window for one unit, with a required reason."""

    __tablename__ = "sipekerja_pembukaan_jendela"
    __table_args__ = (CheckConstraint("length(alasan) > 0", name="alasan_wajib"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jendela_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_jendela_input.id"), index=True)
    unit_kerja_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"), index=True)
    sampai_dt: Mapped[datetime]
    alasan: Mapped[str] = mapped_column(String(1000))
    oleh_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_pengguna.id"))

    jendela: Mapped[JendelaInput] = relationship(back_populates="pembukaan_unit")
    unit_kerja: Mapped[UnitKerja] = relationship()


class Satuan(Base):
    """A unit of measure for indicators (Dokumen, Laporan, Orang, Persen, Indeks …).

    A row without ``perangkat_daerah_id`` is on the kabupaten list every agency picks from (kept
    by the kabupaten admin); a row with one is that agency's own addition, offered to it only.
    """

    __tablename__ = "sipekerja_satuan"
    __table_args__ = (UniqueConstraint("perangkat_daerah_id", "nama"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The agency that added it; None = the kabupaten list.
    perangkat_daerah_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    nama: Mapped[str] = mapped_column(String(64))
    aktif: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<Satuan {self.nama}>"


class SkalaPredikat(TimestampMixin, Base):
    """A predikat scale. Among the kabupaten scales (no ``perangkat_daerah_id``) one is active: the
    default of every agency (Permendagri 86/2017 when none); an agency's own active scale (its
    override) wins for that agency only.
    """

    __tablename__ = "sipekerja_skala_predikat"
    __table_args__ = (
        UniqueConstraint("perangkat_daerah_id", "nama"),
        CheckConstraint("batas_rerata IS NULL OR (batas_rerata >= 100 AND batas_rerata <= 1000)",
                        name="batas_rerata"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The agency whose own scale this is; None = a kabupaten scale.
    perangkat_daerah_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    nama: Mapped[str] = mapped_column(String(128))
    aktif: Mapped[bool] = mapped_column(default=False)
    #: Cap (percent) on capaian in group means and rankings, e.g. 120; NULL = no cap.
    batas_rerata: Mapped[Decimal | None]

    band: Mapped[list["BandPredikat"]] = relationship(
        back_populates="skala", order_by="BandPredikat.batas_bawah.desc()", cascade="all, delete-orphan"
    )


class BandPredikat(Base):
    """One band of a scale: capaian ≥ ``batas_bawah`` earns ``label``."""

    __tablename__ = "sipekerja_band_predikat"
    __table_args__ = (
        UniqueConstraint("skala_id", "batas_bawah"),
        UniqueConstraint("skala_id", "label"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    skala_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_skala_predikat.id"), index=True)
    batas_bawah: Mapped[Decimal]
    label: Mapped[str] = mapped_column(String(64))
    #: Bootstrap colour key (``success``, ``danger`` …); always shown with the label.
    warna: Mapped[str] = mapped_column(String(32), default="secondary")

    skala: Mapped[SkalaPredikat] = relationship(back_populates="band")


class Nomenklatur(Base):
    """One row of the Kemendagri nomenclature (urusan … sub kegiatan), imported, never coded in."""

    __tablename__ = "sipekerja_nomenklatur"
    __table_args__ = (
        CheckConstraint(
            "level IN ('urusan', 'bidang_urusan', 'program', 'kegiatan', 'sub_kegiatan')", name="level"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Normalised code ``U.BB.PP.L.KK.SSSS``.
    kode: Mapped[str] = mapped_column(String(32), unique=True)
    level: Mapped[str] = mapped_column(String(16), index=True)
    nama: Mapped[str] = mapped_column(String(500))
    kode_induk: Mapped[str | None] = mapped_column(String(32), index=True)

    def __repr__(self) -> str:
        return f"<Nomenklatur {self.kode}>"


class KopLaporan(TimestampMixin, Base):
    """The letterhead of an agency's printed reports (Referensi); empty fields fall back to the
    ``SIPEKERJA_NAMA_DAERAH`` / ``_NAMA_INSTANSI`` / ``_ALAMAT_INSTANSI`` / ``_TEMPAT_TTD`` settings."""

    __tablename__ = "sipekerja_kop_laporan"

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), unique=True)
    #: The region, e.g. ``Kabupaten Paser`` (printed ``PEMERINTAH KABUPATEN PASER``).
    nama_daerah: Mapped[str] = mapped_column(String(120), default="")
    nama_instansi: Mapped[str] = mapped_column(String(255), default="")
    alamat: Mapped[str] = mapped_column(String(255), default="")
    telepon: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(120), default="")
    #: Place printed before the date of signing.
    tempat_ttd: Mapped[str] = mapped_column(String(64), default="")


class Penandatangan(TimestampMixin, Base):
    """An official who signs an agency's reports: the head of agency, the head of the region
    (pihak kedua of the agency's PK) or the head of a unit kerja (pihak pertama of its PK).

    One per role and agency (per unit for ``kepala_unit``), kept by ``services.referensi``.
    """

    __tablename__ = "sipekerja_penandatangan"
    __table_args__ = (
        UniqueConstraint("perangkat_daerah_id", "peran", "unit_kerja_id"),
        CheckConstraint("peran IN ('kepala', 'kepala_daerah', 'kepala_unit')", name="peran"),
        CheckConstraint("(peran = 'kepala_unit' AND unit_kerja_id IS NOT NULL) "
                        "OR (peran <> 'kepala_unit' AND unit_kerja_id IS NULL)", name="unit_kepala_unit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    perangkat_daerah_id: Mapped[int] = mapped_column(ForeignKey("sipekerja_perangkat_daerah.id"), index=True)
    #: ``kepala`` / ``kepala_daerah`` / ``kepala_unit`` (``domain.identitas.PeranPenandatangan``).
    peran: Mapped[str] = mapped_column(String(16))
    unit_kerja_id: Mapped[int | None] = mapped_column(ForeignKey("sipekerja_unit_kerja.id"))
    #: Name with titles as printed; empty prints a dotted line to sign over.
    nama: Mapped[str] = mapped_column(String(160), default="")
    #: 18 digits, validated by ``domain.nip``; None prints no NIP line.
    nip: Mapped[str | None] = mapped_column(String(18))
    jabatan: Mapped[str] = mapped_column(String(255), default="")
    pangkat: Mapped[str] = mapped_column(String(100), default="")

    unit_kerja: Mapped[UnitKerja | None] = relationship()
