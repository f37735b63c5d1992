"""SQLAlchemy models of SI PEKERJA; every table is prefixed ``sipekerja_``."""

from .base import Base
from .notifikasi import Notifikasi
from .notifikasi import PengingatTenggat
from .notifikasi import PermintaanBuka
from .notifikasi import SurelDitolak
from .pengguna import AuditLog
from .pengguna import Pengguna
from .perencanaan import Indikator
from .perencanaan import NodeRencana
from .perencanaan import RencanaKerja
from .perencanaan import Sasaran
from .perencanaan import TargetAnggaran
from .perencanaan import TargetKinerja
from .pk import IndikatorPK
from .pk import Jabatan
from .pk import PerjanjianKinerja
from .pk import ProgramPK
from .pk import SasaranPK
from .realisasi import BuktiDukung
from .realisasi import CatatanVerifikasi
from .realisasi import RealisasiAnggaran
from .realisasi import RealisasiKinerja
from .realisasi import StatusPeriodeUnit
from .referensi import BandPredikat
from .referensi import JendelaInput
from .referensi import KopLaporan
from .referensi import Nomenklatur
from .referensi import PembukaanJendela
from .referensi import Penandatangan
from .referensi import PerangkatDaerah
from .referensi import Satuan
from .referensi import SkalaPredikat
from .referensi import Tahun
from .referensi import UnitKerja
from .ringkasan import RingkasanKinerja
from .sesi import SesiMasuk

__all__ = [
    "AuditLog",
    "BandPredikat",
    "Base",
    "BuktiDukung",
    "CatatanVerifikasi",
    "Indikator",
    "IndikatorPK",
    "Jabatan",
    "JendelaInput",
    "KopLaporan",
    "NodeRencana",
    "Notifikasi",
    "Nomenklatur",
    "PembukaanJendela",
    "PengingatTenggat",
    "PermintaanBuka",
    "Penandatangan",
    "PerjanjianKinerja",
    "ProgramPK",
    "Pengguna",
    "PerangkatDaerah",
    "RealisasiAnggaran",
    "RealisasiKinerja",
    "RencanaKerja",
    "RingkasanKinerja",
    "Sasaran",
    "SasaranPK",
    "SesiMasuk",
    "Satuan",
    "SkalaPredikat",
    "StatusPeriodeUnit",
    "SurelDitolak",
    "Tahun",
    "TargetAnggaran",
    "TargetKinerja",
    "UnitKerja",
]
