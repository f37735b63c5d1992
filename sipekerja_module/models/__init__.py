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
from .rencana_aksi import AksiPK
from .rencana_aksi import RealisasiAksiPK
from .rencana_aksi import RealisasiTriwulanPK
from .rencana_aksi import RencanaAksi
from .renstra import IndikatorRenstra
from .renstra import Renstra
from .renstra import TargetTahunanRenstra
from .ringkasan import RingkasanKinerja
from .sesi import SesiMasuk
from .tindak_lanjut import KeputusanRapat
from .tindak_lanjut import RapatEvaluasi
from .tindak_lanjut import TemuanRapat
from .token_api import TokenApi
from .versi_target import AturanVersiTarget
from .versi_target import TargetAnggaranVersi
from .versi_target import TargetKinerjaVersi
from .versi_target import VersiTarget

__all__ = [
    "AksiPK",
    "AturanVersiTarget",
    "AuditLog",
    "BandPredikat",
    "Base",
    "BuktiDukung",
    "CatatanVerifikasi",
    "Indikator",
    "IndikatorPK",
    "IndikatorRenstra",
    "Jabatan",
    "JendelaInput",
    "KeputusanRapat",
    "KopLaporan",
    "NodeRencana",
    "Notifikasi",
    "Nomenklatur",
    "PembukaanJendela",
    "PengingatTenggat",
    "PermintaanBuka",
    "Penandatangan",
    "Pengguna",
    "PerangkatDaerah",
    "PerjanjianKinerja",
    "ProgramPK",
    "RapatEvaluasi",
    "RealisasiAksiPK",
    "RealisasiAnggaran",
    "RealisasiKinerja",
    "RealisasiTriwulanPK",
    "RencanaAksi",
    "RencanaKerja",
    "Renstra",
    "RingkasanKinerja",
    "Sasaran",
    "SasaranPK",
    "Satuan",
    "SesiMasuk",
    "SkalaPredikat",
    "StatusPeriodeUnit",
    "SurelDitolak",
    "Tahun",
    "TargetAnggaran",
    "TargetAnggaranVersi",
    "TargetKinerja",
    "TargetKinerjaVersi",
    "TargetTahunanRenstra",
    "TemuanRapat",
    "TokenApi",
    "UnitKerja",
    "VersiTarget",
]
