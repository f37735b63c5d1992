"""Demo data: BKPSDM Kabupaten Paser, one year of plan, targets and five months of realisasi.

Everything is derived from fixed tables and formulas (no randomness), so two fresh databases
loaded with the same year hold identical numbers. Loading is idempotent by *no-op*: when the demo
perangkat daerah (kode ``BKPSDM``) already exists, nothing is written and the summary describes
what is already there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from datetime import tzinfo
from decimal import ROUND_HALF_UP
from decimal import Decimal
from importlib.resources import files
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

from sqlalchemy import distinct
from sqlalchemy import func
from sqlalchemy import select

from ..domain.capaian import Agregasi
from ..domain.capaian import Polaritas
from ..domain.capaian import Target
from ..domain.errors import SipekerjaError
from ..domain.nomenklatur import kode_induk
from ..domain.periode import default_jendela
from ..domain.predikat import SKALA_PERMENDAGRI_86_2017
from ..domain.rencana import assert_isian_valid
from ..domain.rencana import periksa_anggaran_bulanan
from ..domain.rencana import periksa_target_bulanan
from ..domain.status import StatusPeriode
from ..extensions import db_session
from ..models import BandPredikat
from ..models import BuktiDukung
from ..models import CatatanVerifikasi
from ..models import Indikator
from ..models import JendelaInput
from ..models import NodeRencana
from ..models import Nomenklatur
from ..models import PerangkatDaerah
from ..models import RealisasiAnggaran
from ..models import RealisasiKinerja
from ..models import RencanaKerja
from ..models import Sasaran
from ..models import Satuan
from ..models import SkalaPredikat
from ..models import StatusPeriodeUnit
from ..models import Tahun
from ..models import TargetAnggaran
from ..models import TargetKinerja
from ..models import UnitKerja
from ..services.bukti import tulis_berkas
from ..services.nomenklatur import import_nomenklatur
from ..services.nomenklatur import read_nomenklatur_csv
from ..services.ringkasan import tandai_kotor
from .demo_pk import load_demo_pk
from .demo_renstra import load_demo_renstra
from .demo_renstra import target_demo
from .demo_tindak_lanjut import load_demo_tindak_lanjut

DEMO_PD_KODE = "BKPSDM"
DEMO_PD_NAMA = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Paser"

#: Units of the demo agency as ``(kode, nama, jenis)``. The codes are a contract: the portal
#: stub's demo accounts send them in the ``unit_kerja`` claim.
DEMO_UNITS: list[tuple[str, str, str]] = [
    ("BKPSDM-SEKRETARIAT", "Sekretariat", "sekretariat"),
    ("BKPSDM-PPIK", "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", "bidang"),
    ("BKPSDM-MUTASI", "Bidang Mutasi dan Promosi", "bidang"),
    ("BKPSDM-PKA", "Bidang Pengembangan Kompetensi Aparatur", "bidang"),
    ("BKPSDM-PENILAIAN", "Bidang Penilaian Kinerja Aparatur dan Penghargaan", "bidang"),
]

DEMO_SATUAN: tuple[str, ...] = (
    "Dokumen", "Laporan", "Orang", "Persen", "Indeks", "Nilai", "Kegiatan", "Bulan", "Unit", "Paket",
)

#: Kabupaten Paser (East Kalimantan) keeps WITA, UTC+8, without daylight saving.
ZONA_DEMO = "Asia/Makassar"

#: Realisasi is entered for January..May: the demo shows a year in progress (TW I closed and
#: verified, TW II still being filled in).
BULAN_REALISASI = (1, 2, 3, 4, 5)
#: This unit has not reported May yet ("belum lapor": rows with NULL, never 0).
UNIT_BELUM_LAPOR = ("BKPSDM-MUTASI", 5)
#: This unit's TW I submission was returned by the Pengguna Utama.
UNIT_DIKEMBALIKAN = "BKPSDM-PKA"
#: ...because the March evidence of this sub kegiatan is missing (the return note says so): every
#: other reported value of Triwulan I has its bukti dukung, as the verifier's "sesuai" says.
BUKTI_HILANG = ("5.03.02.2.03.0002", 3)
#: Months whose reported values carry bukti dukung (Triwulan I, checked by the Pengguna Utama).
BULAN_BERBUKTI = (1, 2, 3)

_SEMUA_BULAN = tuple(range(1, 13))
# Satuan counted in whole numbers; others (Persen, Indeks, Nilai) keep two decimals.
SATUAN_BULAT = frozenset({"Dokumen", "Laporan", "Orang", "Kegiatan", "Bulan", "Unit", "Paket"})
# Share of the yearly budget per month (sums to 100): slow start, year-end peak, as in DPA practice.
PROFIL_ANGGARAN = (3, 6, 8, 8, 9, 9, 9, 9, 9, 9, 9, 12)
# Realisasi = target x factor; fixed cycles give some months under and some over target.
FAKTOR_KINERJA = tuple(Decimal(f) for f in ("1.00", "0.90", "1.05", "0.80", "1.10", "0.95", "1.00", "0.70", "1.02"))
FAKTOR_ANGGARAN = tuple(Decimal(f) for f in ("0.95", "0.88", "1.00", "0.75", "0.98", "1.03", "0.92"))
#: The year before the demo year reads the realisasi factors this many places further on (other figures).
GESER_TAHUN_LALU = 5
RIBU = Decimal(1000)
SEN = Decimal("0.01")


@dataclass(frozen=True)
class IndikatorDemo:
    uraian: str
    satuan: str
    target: Decimal
    agregasi: Agregasi = Agregasi.KUMULATIF
    polaritas: Polaritas = Polaritas.POSITIF
    #: Months in which a kumulatif output is produced (the annual target is spread over them).
    bulan: tuple[int, ...] = _SEMUA_BULAN


def _kum(uraian: str, satuan: str, target: int, bulan: Sequence[int] = _SEMUA_BULAN) -> IndikatorDemo:
    return IndikatorDemo(uraian, satuan, Decimal(target), bulan=tuple(bulan))


def akhir(uraian: str, satuan: str, target: str, polaritas: Polaritas = Polaritas.POSITIF) -> IndikatorDemo:
    return IndikatorDemo(uraian, satuan, Decimal(target), Agregasi.NILAI_AKHIR, polaritas)


def rata(uraian: str, satuan: str, target: str) -> IndikatorDemo:
    return IndikatorDemo(uraian, satuan, Decimal(target), Agregasi.RATA_RATA)


#: Sasaran strategis with their IKU, and the units whose plan nodes serve each sasaran.
SASARAN_DEMO = (
    (
        "SS.1",
        "Meningkatnya Kualitas Tata Kelola Manajemen ASN",
        (
            akhir("Indeks Sistem Merit", "Indeks", "0.75"),
            akhir("Persentase Kenaikan Pangkat Tepat Waktu", "Persen", "95"),
        ),
        ("BKPSDM-SEKRETARIAT", "BKPSDM-PPIK", "BKPSDM-MUTASI"),
    ),
    (
        "SS.2",
        "Meningkatnya Kompetensi dan Kinerja ASN",
        (
            akhir("Persentase ASN yang Memenuhi Standar Kompetensi", "Persen", "70"),
            akhir("Indeks Profesionalitas ASN", "Indeks", "72"),
        ),
        ("BKPSDM-PKA", "BKPSDM-PENILAIAN"),
    ),
)

#: The manual of each IKU (definisi operasional, formula, sumber data, penanggung jawab), printed
#: in the Lampiran PK and shown where the IKU is entered and checked.
MANUAL_DEMO: dict[str, tuple[str, str, str, str]] = {
    "Indeks Sistem Merit": (
        "Tingkat penerapan sistem merit dalam manajemen ASN perangkat daerah menurut penilaian mandiri yang "
        "divalidasi KASN (skala 0–1).",
        "Nilai indeks hasil penilaian sistem merit tahun berjalan.",
        "Laporan hasil penilaian sistem merit (KASN / BKN).",
        "Kepala Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian"),
    "Persentase Kenaikan Pangkat Tepat Waktu": (
        "ASN yang menerima SK kenaikan pangkat pada periode yang menjadi haknya (April atau Oktober).",
        "Jumlah ASN yang naik pangkat tepat waktu ÷ jumlah ASN yang berhak naik pangkat × 100%.",
        "Data usul dan SK kenaikan pangkat (SIASN).",
        "Kepala Bidang Mutasi dan Promosi"),
    "Persentase ASN yang Memenuhi Standar Kompetensi": (
        "ASN yang hasil uji kompetensinya memenuhi standar kompetensi jabatan yang didudukinya.",
        "Jumlah ASN yang memenuhi standar kompetensi ÷ jumlah ASN yang diuji × 100%.",
        "Laporan assessment center dan uji kompetensi.",
        "Kepala Bidang Pengembangan Kompetensi Aparatur"),
    "Indeks Profesionalitas ASN": (
        "Ukuran kesesuaian kualifikasi, kompetensi, kinerja dan disiplin ASN (Peraturan BKN 8/2019).",
        "Rata-rata nilai IP ASN seluruh ASN perangkat daerah (skala 0–100).",
        "Hasil pengukuran IP ASN pada SIASN.",
        "Kepala Bidang Penilaian Kinerja Aparatur dan Penghargaan"),
}

#: Code prefix -> owning unit; the longest matching prefix wins.
_PEMILIK_MENURUT_KODE = (
    ("5.03.01", "BKPSDM-SEKRETARIAT"),
    ("5.03.02.2.01", "BKPSDM-PPIK"),
    ("5.03.02.2.02", "BKPSDM-MUTASI"),
    ("5.03.02.2.03", "BKPSDM-PKA"),
    ("5.03.02.2.04", "BKPSDM-PENILAIAN"),
    ("5.04", "BKPSDM-PKA"),
)

#: The 42 sub kegiatan of the demo plan, each with its Kepmendagri-style output indicator.
SUB_KEGIATAN_DEMO: tuple[tuple[str, IndikatorDemo], ...] = (
    ("5.03.01.2.01.0001", _kum("Jumlah Dokumen Perencanaan Perangkat Daerah", "Dokumen", 2, (3, 6))),
    ("5.03.01.2.01.0006", _kum("Jumlah Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
                               "Laporan", 4, (1, 4, 7, 10))),
    ("5.03.01.2.01.0007", _kum("Jumlah Laporan Evaluasi Kinerja Perangkat Daerah", "Laporan", 4, (3, 6, 9, 12))),
    ("5.03.01.2.02.0001", _kum("Jumlah Bulan Pemenuhan Gaji dan Tunjangan ASN", "Bulan", 12)),
    ("5.03.01.2.02.0002", _kum("Jumlah Dokumen Hasil Penyediaan Administrasi Pelaksanaan Tugas ASN",
                               "Dokumen", 12)),
    ("5.03.01.2.02.0005", _kum("Jumlah Laporan Keuangan Akhir Tahun SKPD", "Laporan", 1, (2,))),
    ("5.03.01.2.02.0007", _kum("Jumlah Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD", "Laporan", 12)),
    ("5.03.01.2.03.0005", _kum("Jumlah Laporan Rekonsiliasi dan Penyusunan Laporan Barang Milik Daerah pada SKPD",
                               "Laporan", 2, (6, 12))),
    ("5.03.01.2.05.0003", _kum("Jumlah Dokumen Pendataan dan Pengolahan Administrasi Kepegawaian", "Dokumen", 12)),
    ("5.03.01.2.05.0009", _kum("Jumlah Pegawai Berdasarkan Tugas dan Fungsi yang Mengikuti Pendidikan dan "
                               "Pelatihan", "Orang", 20, (3, 5, 8, 10))),
    ("5.03.01.2.06.0002", _kum("Jumlah Paket Peralatan dan Perlengkapan Kantor yang Disediakan", "Paket", 2, (3, 7))),
    ("5.03.01.2.06.0004", _kum("Jumlah Paket Bahan Logistik Kantor yang Disediakan", "Paket", 12)),
    ("5.03.01.2.06.0009", _kum("Jumlah Laporan Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
                               "Laporan", 12)),
    ("5.03.01.2.07.0006", _kum("Jumlah Unit Peralatan dan Mesin Lainnya yang Disediakan", "Unit", 10, (5, 6))),
    ("5.03.01.2.08.0002", _kum("Jumlah Laporan Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
                               "Laporan", 12)),
    ("5.03.01.2.09.0002", _kum("Jumlah Kendaraan Dinas Operasional atau Lapangan yang Dipelihara dan "
                               "Dibayarkan Pajak dan Perizinannya", "Unit", 6, (3, 6, 9, 12))),
    ("5.03.02.2.01.0002", _kum("Jumlah Dokumen Rencana Kebutuhan, Jenis dan Jumlah Jabatan untuk Pelaksanaan "
                               "Pengadaan ASN", "Dokumen", 1, (3,))),
    ("5.03.02.2.01.0003", _kum("Jumlah Dokumen Hasil Koordinasi dan Fasilitasi Pengadaan PNS dan PPPK",
                               "Dokumen", 4, (3, 6, 9, 12))),
    ("5.03.02.2.01.0006", _kum("Jumlah Orang yang Diproses Administrasi Pemberhentiannya", "Orang", 120)),
    ("5.03.02.2.01.0008", _kum("Jumlah Laporan Fasilitasi Lembaga Profesi ASN", "Laporan", 2, (6, 12))),
    ("5.03.02.2.01.0010", _kum("Jumlah Laporan Pengelolaan Sistem Informasi Kepegawaian", "Laporan", 12)),
    ("5.03.02.2.01.0011", _kum("Jumlah Dokumen Hasil Pengelolaan Data Kepegawaian", "Dokumen", 12)),
    ("5.03.02.2.01.0012", _kum("Jumlah Dokumen Evaluasi Data, Informasi dan Sistem Informasi Kepegawaian",
                               "Dokumen", 2, (6, 12))),
    ("5.03.02.2.02.0001", _kum("Jumlah ASN yang Diproses Mutasinya", "Orang", 240)),
    ("5.03.02.2.02.0002", _kum("Jumlah ASN yang Diproses Kenaikan Pangkatnya", "Orang", 600, (4, 10))),
    ("5.03.02.2.02.0003", _kum("Jumlah Dokumen Hasil Seleksi Terbuka dan Promosi Jabatan", "Dokumen", 3,
                               (3, 7, 11))),
    ("5.03.02.2.03.0001", _kum("Jumlah ASN yang Mengikuti Peningkatan Kapasitas Kinerja", "Orang", 150,
                               range(3, 11))),
    ("5.03.02.2.03.0002", _kum("Jumlah ASN yang Mengikuti Penilaian Kompetensi (Assessment Center)", "Orang", 200,
                               range(2, 12))),
    ("5.03.02.2.03.0003", _kum("Jumlah Dokumen Administrasi Diklat dan Sertifikasi ASN", "Dokumen", 12)),
    ("5.03.02.2.03.0004", _kum("Jumlah ASN yang Mendapatkan Izin Belajar atau Tugas Belajar", "Orang", 40)),
    ("5.03.02.2.03.0005", _kum("Jumlah Dokumen Kerja Sama Pelaksanaan Diklat", "Dokumen", 4, (3, 6, 9, 12))),
    ("5.03.02.2.03.0014", _kum("Jumlah ASN yang Difasilitasi Pengembangan Karier dalam Jabatan Fungsional",
                               "Orang", 80)),
    ("5.04.02.2.01.0001", _kum("Jumlah Dokumen Kebijakan Teknis dan Rencana Pengembangan Kompetensi Teknis",
                               "Dokumen", 1, (2,))),
    ("5.04.02.2.01.0003", _kum("Jumlah Peserta Pengembangan Kompetensi Teknis", "Orang", 300, range(3, 12))),
    ("5.04.02.2.02.0003", _kum("Jumlah ASN yang Tersertifikasi Kompetensinya", "Orang", 60, (5, 8, 11))),
    ("5.04.02.2.02.0007", _kum("Jumlah Peserta Pengembangan Kompetensi Kepemimpinan, Fungsional dan Prajabatan",
                               "Orang", 250, range(4, 12))),
    ("5.03.02.2.04.0002", _kum("Jumlah Laporan Penilaian dan Evaluasi Kinerja Aparatur", "Laporan", 12)),
    ("5.03.02.2.04.0004", _kum("Jumlah ASN yang Diberikan Penghargaan", "Orang", 50, (8, 11))),
    ("5.03.02.2.04.0005", _kum("Jumlah ASN yang Diusulkan Menerima Tanda Kehormatan Satyalancana Karya Satya",
                               "Orang", 150, (3, 8))),
    ("5.03.02.2.04.0007", _kum("Jumlah Laporan Pembinaan Disiplin ASN", "Laporan", 12)),
    ("5.03.02.2.04.0008", _kum("Jumlah Dokumen Penyelesaian Pelanggaran Disiplin ASN", "Dokumen", 12)),
    ("5.03.02.2.04.0009", _kum("Jumlah Dokumen Pelayanan Izin Perceraian Pegawai", "Dokumen", 24)),
)

#: Local outcome indicators on program/kegiatan nodes: (node code, owning unit, indicator).
OUTCOME_DEMO: tuple[tuple[str, str, IndikatorDemo], ...] = (
    ("5.03.01", "BKPSDM-SEKRETARIAT", akhir("Nilai SAKIP Perangkat Daerah", "Nilai", "72")),
    ("5.03.01.2.02", "BKPSDM-SEKRETARIAT",
     rata("Persentase Ketepatan Waktu Penyampaian Laporan Keuangan", "Persen", "100")),
    ("5.03.02", "BKPSDM-PPIK", akhir("Persentase Data Kepegawaian yang Mutakhir", "Persen", "90")),
    ("5.03.02.2.02", "BKPSDM-MUTASI", rata("Persentase Usulan Mutasi yang Diselesaikan Tepat Waktu", "Persen", "90")),
    ("5.03.02.2.03", "BKPSDM-PKA",
     akhir("Persentase ASN yang Mengikuti Pengembangan Kompetensi Minimal 20 Jam Pelajaran", "Persen", "80")),
    ("5.04.02", "BKPSDM-PKA",
     akhir("Persentase ASN yang Kompetensinya Meningkat Setelah Pengembangan", "Persen", "75")),
    ("5.03.02.2.04", "BKPSDM-PENILAIAN",
     akhir("Persentase Pelanggaran Disiplin ASN", "Persen", "5", Polaritas.NEGATIF)),
)

_PENGHAMBAT = (
    ("Keterlambatan penyampaian data dari perangkat daerah.",
     "Koordinasi ulang dengan pengelola kepegawaian perangkat daerah."),
    ("Jadwal kegiatan bergeser karena menunggu petunjuk teknis dari BKN.",
     "Kegiatan dijadwalkan ulang pada bulan berikutnya."),
    ("Gangguan jaringan pada aplikasi kepegawaian.",
     "Berkoordinasi dengan Diskominfo untuk perbaikan jaringan."),
)
_PENDORONG = (
    "Dukungan pimpinan dan koordinasi yang baik antarbidang.",
    "Pemanfaatan aplikasi SIMPADU mempercepat proses layanan.",
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo agency holds for the year (distinct codes for program/kegiatan)."""

    #: ``True`` when this call loaded the data; ``False`` when it already existed (no-op).
    dimuat: bool
    tahun: int
    unit_kerja: int
    sasaran: int
    program: int
    kegiatan: int
    sub_kegiatan: int
    indikator: int
    target_kinerja: int
    target_anggaran: int
    realisasi_kinerja: int
    realisasi_anggaran: int


def load_demo(*, tahun: int = 2024, dengan_tahun_lalu: bool = False) -> DemoSummary:
    """Load the demo agency BKPSDM Kabupaten Paser with a full plan for ``tahun``.

    Loads: the perangkat daerah and its five units (:data:`DEMO_UNITS`); the year with its four
    default input windows (time zone :data:`ZONA_DEMO`, WITA); the satuan list; the Permendagri
    86/2017 predikat scale (made active when no scale is); the nomenclature from the packaged
    ``data/nomenklatur_5_03.csv``; a draft plan with two sasaran and their IKU; 3 programs,
    their kegiatan and 42 sub kegiatan (program and kegiatan nodes repeated per owning unit);
    output and outcome indicators with 12 monthly targets each; pagu and 12 monthly budget
    targets per sub kegiatan; realisasi for January–May (May of ``BKPSDM-MUTASI`` left NULL,
    "belum lapor"); the TW I/TW II status of every unit; the positions with their Perjanjian
    Kinerja and a small cascade (:mod:`.demo_pk`); the Renstra 2021–2026 whose four IKU the
    Kepala's PK indicators point to (:mod:`.demo_renstra`); and the evaluation meeting of
    Triwulan I with its proposed findings and two decisions (:mod:`.demo_tindak_lanjut`).

    With ``dengan_tahun_lalu`` (what ``flask sipekerja demo`` and ``make run`` load), the year
    before too, so comparisons with last year have data: the same plan structure (IKU targets from
    the Renstra of that year), PK and cascade, a full year of realisasi January–December with other
    figures, every triwulan of every unit verified, and its PK indicators linked to the same Renstra.

    Idempotent by no-op: if the perangkat daerah ``BKPSDM`` already exists, nothing is written
    (whatever year it was loaded for) and the summary describes the existing data for ``tahun``.
    Flushes, never commits.

    :param tahun: the budget year of the demo plan.
    :param dengan_tahun_lalu: also load ``tahun - 1`` as a finished, verified year.
    :return: counts of what the agency holds for ``tahun``.
    :raise SipekerjaError: if the packaged nomenclature lacks a code the demo plan uses.
    :raise IsianTidakValid: if a demo grid broke the plan rules of ``domain.rencana`` (a bug).
    """
    pd = db_session.scalar(select(PerangkatDaerah).where(PerangkatDaerah.kode == DEMO_PD_KODE))
    if pd is not None:
        return _summarise(pd, tahun, dimuat=False)

    with files("sipekerja_module.data").joinpath("nomenklatur_5_03.csv").open(encoding="utf-8") as berkas:
        import_nomenklatur(read_nomenklatur_csv(berkas))
    satuan = ensure_satuan()
    ensure_skala_predikat()
    tahun_lalu = ensure_tahun(tahun - 1) if dengan_tahun_lalu else None
    tahun_row = ensure_tahun(tahun)

    pd = PerangkatDaerah(kode=DEMO_PD_KODE, nama=DEMO_PD_NAMA)
    units = {
        kode: UnitKerja(perangkat_daerah=pd, kode=kode, nama=nama, jenis=jenis, urutan=urutan)
        for urutan, (kode, nama, jenis) in enumerate(DEMO_UNITS, start=1)
    }
    db_session.add(pd)
    if tahun_lalu is not None:
        _muat_tahun(pd, units, satuan, tahun_lalu, lengkap=True)
    _muat_tahun(pd, units, satuan, tahun_row, lengkap=False)
    load_demo_renstra(pd, tahun_utama=tahun)
    load_demo_tindak_lanjut(pd, tahun_row, zona())
    # The rows above bypass the write services that keep the kabupaten dashboard's aggregates:
    # measure the agency at commit, as those services do, so the dashboard never has to.
    for row in (tahun_lalu, tahun_row):
        if row is not None:
            tandai_kotor(pd.id, row.id)
    return _summarise(pd, tahun, dimuat=True)


def _muat_tahun(pd: PerangkatDaerah, units: dict[str, UnitKerja], satuan: dict[str, Satuan], tahun_row: Tahun, *,
                lengkap: bool) -> None:
    """One demo year: plan, targets, realisasi, period status, evidence and PK.

    :param lengkap: False for the demo year (January–May, one unit late, TW I/II in progress);
        True for the year before (January–December, every triwulan verified, IKU targets from the
        Renstra of that year, other figures).
    """
    db_session.add(RencanaKerja(perangkat_daerah=pd, tahun=tahun_row, status="ditetapkan" if lengkap else "draf"))
    # Nodes and indicators carry plain foreign keys (no relationship to the year or agency).
    db_session.flush()

    sasaran_unit: dict[str, Sasaran] = {}
    indikator: list[tuple[Indikator, IndikatorDemo]] = []
    for urutan, (kode, uraian, iku, unit_kode) in enumerate(SASARAN_DEMO, start=1):
        sasaran = Sasaran(perangkat_daerah=pd, tahun=tahun_row, kode=kode, uraian=uraian, urutan=urutan)
        db_session.add(sasaran)
        sasaran_unit.update({unit: sasaran for unit in unit_kode})
        for nomor, spek in enumerate(iku, start=1):
            if lengkap:
                spek = replace(spek, target=target_demo(spek.uraian, tahun_row.tahun) or spek.target)
            indikator.append((_new_indikator(spek, satuan, tahun_row, pd, urutan=nomor, sasaran=sasaran), spek))

    nodes = _build_nodes(pd, tahun_row, units, sasaran_unit)
    for nomor, (kode, spek) in enumerate(SUB_KEGIATAN_DEMO):
        node = nodes[(owner(kode), kode)]
        node.pagu = _pagu(nomor)
        indikator.append((_new_indikator(spek, satuan, tahun_row, pd, urutan=1, node=node), spek))
    for kode, unit, spek in OUTCOME_DEMO:
        indikator.append((_new_indikator(spek, satuan, tahun_row, pd, urutan=1, node=nodes[(unit, kode)]), spek))
    db_session.add_all(obj for obj, _spek in indikator)
    db_session.flush()

    # The year before has no late unit (-1 matches no unit, not even an IKU's None).
    belum_lapor_unit = -1 if lengkap else units[UNIT_BELUM_LAPOR[0]].id
    bulan = _SEMUA_BULAN if lengkap else BULAN_REALISASI
    geser = GESER_TAHUN_LALU if lengkap else 0
    for nomor, (obj, spek) in enumerate(indikator):
        _add_kinerja(obj, spek, nomor + geser, belum_lapor=obj.unit_kerja_id == belum_lapor_unit,
                     bulan_realisasi=bulan)
    sub_nodes = [nodes[(owner(kode), kode)] for kode, _spek in SUB_KEGIATAN_DEMO]
    for nomor, node in enumerate(sub_nodes):
        _add_anggaran(node, nomor + geser, belum_lapor=node.unit_kerja_id == belum_lapor_unit,
                      bulan_realisasi=bulan)
    if lengkap:
        _add_status_terverifikasi(units, tahun_row, zona())
    else:
        _add_status_periode(units, tahun_row, zona())
    db_session.flush()
    _add_bukti(indikator, tahun_row.tahun)
    load_demo_pk(pd, tahun_row)


def zona() -> tzinfo:
    try:
        return ZoneInfo(ZONA_DEMO)
    except ZoneInfoNotFoundError:
        # Hosts without the IANA database (Windows without tzdata): WITA has no DST, so a fixed
        # offset is exactly equivalent.
        return timezone(timedelta(hours=8), "WITA")


def ensure_satuan() -> dict[str, Satuan]:
    ada = {s.nama: s for s in db_session.scalars(select(Satuan).where(Satuan.nama.in_(DEMO_SATUAN)))}
    for nama in DEMO_SATUAN:
        if nama not in ada:
            ada[nama] = Satuan(nama=nama)
            db_session.add(ada[nama])
    return ada


def ensure_skala_predikat() -> SkalaPredikat:
    skala = db_session.scalar(select(SkalaPredikat).where(SkalaPredikat.nama == SKALA_PERMENDAGRI_86_2017.nama))
    if skala is None:
        skala = SkalaPredikat(
            nama=SKALA_PERMENDAGRI_86_2017.nama,
            band=[
                BandPredikat(batas_bawah=band.batas_bawah, label=band.label, warna=band.warna)
                for band in SKALA_PERMENDAGRI_86_2017.bands
            ],
        )
        db_session.add(skala)
    # Exactly one scale is active: never override a scale the agency chose itself.
    if db_session.scalar(select(func.count()).select_from(SkalaPredikat).where(SkalaPredikat.aktif)) == 0:
        skala.aktif = True
    return skala


def ensure_tahun(tahun: int) -> Tahun:
    row = db_session.scalar(select(Tahun).where(Tahun.tahun == tahun))
    if row is None:
        row = Tahun(tahun=tahun, aktif=True)
        db_session.add(row)
    if not row.jendela:
        for jendela in default_jendela(tahun, zona()):
            row.jendela.append(
                JendelaInput(
                    triwulan=jendela.triwulan,
                    dibuka_dt=jendela.dibuka,
                    ditutup_dt=jendela.ditutup,
                    status=jendela.status.value,
                )
            )
    return row


def owner(kode: str) -> str:
    cocok = [(awalan, unit) for awalan, unit in _PEMILIK_MENURUT_KODE
             if kode == awalan or kode.startswith(awalan + ".")]
    return max(cocok, key=lambda item: len(item[0]))[1]


def _build_nodes(
    pd: PerangkatDaerah, tahun: Tahun, units: dict[str, UnitKerja], sasaran_unit: dict[str, Sasaran]
) -> dict[tuple[str, str], NodeRencana]:
    """Create program → kegiatan → sub kegiatan nodes per owning unit, keyed by (unit, kode)."""
    nomenklatur = {n.kode: n for n in db_session.scalars(select(Nomenklatur))}
    nodes: dict[tuple[str, str], NodeRencana] = {}

    def node_for(unit: str, kode: str) -> NodeRencana:
        if (unit, kode) in nodes:
            return nodes[(unit, kode)]
        referensi = nomenklatur.get(kode)
        if referensi is None:
            raise SipekerjaError(f"Kode {kode} tidak ada pada nomenklatur; data demo tidak dapat dimuat.")
        induk = kode_induk(kode) if referensi.level != "program" else None
        node = NodeRencana(
            tahun_id=tahun.id,
            perangkat_daerah_id=pd.id,
            unit_kerja=units[unit],
            sasaran=sasaran_unit[unit],
            parent=node_for(unit, induk) if induk else None,
            nomenklatur_id=referensi.id,
            level=referensi.level,
            kode=kode,
            nama=referensi.nama,
        )
        nodes[(unit, kode)] = node
        db_session.add(node)
        return node

    for kode, _spek in SUB_KEGIATAN_DEMO:
        node_for(owner(kode), kode)
    return nodes


def _new_indikator(
    spek: IndikatorDemo,
    satuan: dict[str, Satuan],
    tahun: Tahun,
    pd: PerangkatDaerah,
    *,
    urutan: int,
    sasaran: Sasaran | None = None,
    node: NodeRencana | None = None,
) -> Indikator:
    return Indikator(
        tahun_id=tahun.id,
        perangkat_daerah_id=pd.id,
        unit_kerja=node.unit_kerja if node is not None else None,
        sasaran=sasaran,
        node=node,
        uraian=spek.uraian,
        satuan=satuan[spek.satuan],
        polaritas=spek.polaritas.value,
        agregasi=spek.agregasi.value,
        target_tahunan=spek.target,
        urutan=urutan,
        **dict(zip(("definisi_operasional", "formula", "sumber_data", "penanggung_jawab"),
                   MANUAL_DEMO.get(spek.uraian, (None,) * 4))),
    )


def _pagu(nomor: int) -> Decimal:
    """Pagu of the n-th sub kegiatan: between 25 and 900 million Rupiah, in whole thousands."""
    juta = 25 + (nomor * 173 + 61) % 875
    ribu = (nomor * 37) % 1000
    return Decimal(juta) * 1_000_000 + Decimal(ribu) * 1000


def spread(total: Decimal, bobot: Sequence[int], langkah: Decimal) -> list[Decimal]:
    """Split ``total`` into parts proportional to ``bobot`` that sum to ``total`` exactly.

    Largest-remainder method on whole multiples of ``langkah``; ties go to the earlier month.

    :param total: the amount to split; a whole multiple of ``langkah``.
    :param bobot: non-negative weights, one per part, not all zero.
    :param langkah: the smallest unit (1 for counts, 1000 for Rupiah rounded to thousands).
    :return: the parts, in the order of ``bobot``.
    :raise ValueError: if ``total`` is not a multiple of ``langkah`` or all weights are zero.
    """
    satuan, sisa_bagi = divmod(total, langkah)
    jumlah_bobot = sum(bobot)
    if sisa_bagi or jumlah_bobot <= 0:
        raise ValueError("total must be a multiple of langkah and weights must not all be zero")
    satuan = int(satuan)
    dasar = [satuan * b // jumlah_bobot for b in bobot]
    urutan_sisa = sorted(range(len(bobot)), key=lambda i: (-(satuan * bobot[i] % jumlah_bobot), i))
    for i in urutan_sisa[: satuan - sum(dasar)]:
        dasar[i] += 1
    return [Decimal(bagian) * langkah for bagian in dasar]


def monthly_targets(spek: IndikatorDemo) -> list[Decimal]:
    """The 12 monthly targets of a demo indicator, consistent with its agregasi.

    Kumulatif: the annual target spread over the active months (sums to it exactly). Nilai akhir:
    a straight line from 80 % of the target in January reaching it in December (positif), or from
    160 % down to it (negatif: lower is better, so the bar tightens over the year). Rata-rata:
    the annual target every month, so the mean equals it.
    """
    target = spek.target
    if spek.agregasi is Agregasi.KUMULATIF:
        langkah = Decimal(1) if spek.satuan in SATUAN_BULAT else SEN
        return spread(target, [1 if b in spek.bulan else 0 for b in _SEMUA_BULAN], langkah)
    if spek.agregasi is Agregasi.RATA_RATA:
        return [target] * 12
    awal = Decimal("0.8") if spek.polaritas is Polaritas.POSITIF else Decimal("1.6")
    hasil = [
        (target * (awal + (1 - awal) * bulan / 12)).quantize(SEN, ROUND_HALF_UP) for bulan in _SEMUA_BULAN[:-1]
    ]
    return hasil + [target]


def _pilih_faktor(faktor: tuple[Decimal, ...], nomor: int, bulan: int) -> Decimal:
    return faktor[(nomor * 4 + bulan) % len(faktor)]


def _add_kinerja(obj: Indikator, spek: IndikatorDemo, nomor: int, *, belum_lapor: bool,
                 bulan_realisasi: Sequence[int] = BULAN_REALISASI) -> None:
    targets = monthly_targets(spek)
    # The demo obeys the same grid rules a unit's input must pass.
    assert_isian_valid(periksa_target_bulanan(dict(zip(_SEMUA_BULAN, targets)), Target.tunggal(spek.target),
                                              spek.agregasi))
    db_session.add_all(TargetKinerja(indikator_id=obj.id, bulan=b, nilai=t) for b, t in zip(_SEMUA_BULAN, targets))
    langkah = Decimal(1) if spek.satuan in SATUAN_BULAT else SEN
    for bulan in bulan_realisasi:
        if belum_lapor and bulan == UNIT_BELUM_LAPOR[1]:
            db_session.add(RealisasiKinerja(indikator_id=obj.id, bulan=bulan, nilai=None))
            continue
        faktor = _pilih_faktor(FAKTOR_KINERJA, nomor, bulan)
        nilai = (targets[bulan - 1] * faktor).quantize(langkah, ROUND_HALF_UP)
        if spek.satuan == "Persen":
            nilai = min(nilai, Decimal(100))
        catatan = catatan_realisasi(faktor, nomor, bulan)
        if obj.unit_kerja_id is None and "keterangan" in catatan:
            # An IKU carries no evidence (no unit could open it): its note must not promise any.
            catatan = {"keterangan": catatan["keterangan"].replace("; bukti dukung terlampir", "")}
        db_session.add(RealisasiKinerja(indikator_id=obj.id, bulan=bulan, nilai=nilai, **catatan))


def catatan_realisasi(faktor: Decimal, nomor: int, bulan: int) -> dict[str, str]:
    if faktor <= Decimal("0.80"):
        penghambat, tindak_lanjut = _PENGHAMBAT[(nomor + bulan) % len(_PENGHAMBAT)]
        return {"faktor_penghambat": penghambat, "tindak_lanjut": tindak_lanjut}
    if faktor >= Decimal("1.05"):
        return {"faktor_pendorong": _PENDORONG[(nomor + bulan) % len(_PENDORONG)]}
    if bulan == 3 and nomor % 3 == 0:
        return {"keterangan": "Realisasi Triwulan I sesuai rencana; bukti dukung terlampir."}
    return {}


def _add_anggaran(node: NodeRencana, nomor: int, *, belum_lapor: bool,
                  bulan_realisasi: Sequence[int] = BULAN_REALISASI) -> None:
    assert node.pagu is not None
    targets = spread(node.pagu, PROFIL_ANGGARAN, RIBU)
    assert_isian_valid(periksa_anggaran_bulanan(dict(zip(_SEMUA_BULAN, targets)), node.pagu))
    db_session.add_all(TargetAnggaran(node_id=node.id, bulan=b, nilai=t) for b, t in zip(_SEMUA_BULAN, targets))
    for bulan in bulan_realisasi:
        if belum_lapor and bulan == UNIT_BELUM_LAPOR[1]:
            db_session.add(RealisasiAnggaran(node_id=node.id, bulan=bulan, nilai=None))
            continue
        faktor = _pilih_faktor(FAKTOR_ANGGARAN, nomor, bulan)
        nilai = (targets[bulan - 1] * faktor / RIBU).quantize(Decimal(1), ROUND_HALF_UP) * RIBU
        catatan = {}
        if faktor <= Decimal("0.80"):
            catatan = {
                "faktor_penghambat": "Proses pengadaan barang/jasa belum selesai.",
                "tindak_lanjut": "Mempercepat proses pengadaan melalui katalog elektronik.",
            }
        db_session.add(RealisasiAnggaran(node_id=node.id, bulan=bulan, nilai=nilai, **catatan))


def berkas_bukti_demo() -> bytes:
    """A one-page PDF standing in for the demo's evidence (one stored file, shared by every row)."""
    isi = b"BT /F1 14 Tf 72 760 Td (Bukti dukung - data demo SI PEKERJA) Tj ET"
    objek = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(isi), isi),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    keluaran, posisi = bytearray(b"%PDF-1.4\n"), []
    for nomor, badan in enumerate(objek, start=1):
        posisi.append(len(keluaran))
        keluaran += b"%d 0 obj\n%s\nendobj\n" % (nomor, badan)
    xref = len(keluaran)
    keluaran += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objek) + 1)
    keluaran += b"".join(b"%010d 00000 n \n" % p for p in posisi)
    keluaran += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objek) + 1, xref)
    return bytes(keluaran)


def _add_bukti(indikator: Sequence[tuple[Indikator, IndikatorDemo]], tahun: int) -> None:
    """Bukti dukung metadata (and the one stored file) for every reported value of Triwulan I,
    except :data:`BUKTI_HILANG`, so the story of the verifier's notes holds."""
    data = berkas_bukti_demo()
    sha256 = tulis_berkas(data)
    kode_node = dict(db_session.execute(select(NodeRencana.id, NodeRencana.kode).where(
        NodeRencana.id.in_({obj.node_id for obj, _spek in indikator if obj.node_id is not None}))).all())
    terlapor = set(db_session.execute(select(RealisasiKinerja.indikator_id, RealisasiKinerja.bulan).where(
        RealisasiKinerja.indikator_id.in_([obj.id for obj, _spek in indikator]),
        RealisasiKinerja.bulan.in_(BULAN_BERBUKTI), RealisasiKinerja.nilai.is_not(None))).all())
    for obj, _spek in indikator:
        if obj.unit_kerja_id is None:
            continue  # an IKU has no unit: its evidence could be opened by nobody
        for bulan in BULAN_BERBUKTI:
            if (obj.id, bulan) not in terlapor or (kode_node.get(obj.node_id), bulan) == BUKTI_HILANG:
                continue
            db_session.add(BuktiDukung(indikator_id=obj.id, bulan=bulan, sha256=sha256, mime="application/pdf",
                                       ukuran=len(data), nama_asli=f"bukti-dukung-{tahun}-{bulan:02d}-{obj.id}.pdf"))


def _add_status_periode(units: dict[str, UnitKerja], tahun: Tahun, zona: tzinfo) -> None:
    for urutan, (kode, unit) in enumerate(units.items()):
        diajukan_dt = datetime(tahun.tahun, 4, 15 + urutan, 9, 0, tzinfo=zona)
        diperiksa_dt = datetime(tahun.tahun, 4, 22 + urutan, 10, 0, tzinfo=zona)
        dikembalikan = kode == UNIT_DIKEMBALIKAN
        akhir = StatusPeriode.DIKEMBALIKAN if dikembalikan else StatusPeriode.TERVERIFIKASI
        tw1 = StatusPeriodeUnit(unit_kerja=unit, tahun=tahun, triwulan=1, status=akhir.value)
        tw1.riwayat = [
            CatatanVerifikasi(
                dari_status=StatusPeriode.DRAF.value, ke_status=StatusPeriode.DIAJUKAN.value, created_dt=diajukan_dt
            ),
            CatatanVerifikasi(
                dari_status=StatusPeriode.DIAJUKAN.value,
                ke_status=akhir.value,
                catatan=(
                    "Bukti dukung realisasi Maret untuk sub kegiatan Pengelolaan Assessment Center belum "
                    "diunggah dan faktor penghambat bulan Februari belum diisi; mohon dilengkapi."
                    if dikembalikan
                    else "Realisasi dan bukti dukung Triwulan I sesuai."
                ),
                created_dt=diperiksa_dt,
            ),
        ]
        db_session.add(tw1)
        db_session.add(StatusPeriodeUnit(unit_kerja=unit, tahun=tahun, triwulan=2, status=StatusPeriode.DRAF.value))


def _add_status_terverifikasi(units: dict[str, UnitKerja], tahun: Tahun, zona: tzinfo) -> None:
    """Every triwulan of every unit submitted and verified (a finished year)."""
    for urutan, unit in enumerate(units.values()):
        for triwulan in (1, 2, 3, 4):
            bulan_periksa = 3 * triwulan + 1 if triwulan < 4 else 12
            hari = 10 + urutan if triwulan < 4 else 20 + urutan
            status = StatusPeriodeUnit(unit_kerja=unit, tahun=tahun, triwulan=triwulan,
                                       status=StatusPeriode.TERVERIFIKASI.value)
            status.riwayat = [
                CatatanVerifikasi(dari_status=StatusPeriode.DRAF.value, ke_status=StatusPeriode.DIAJUKAN.value,
                                  created_dt=datetime(tahun.tahun, bulan_periksa, hari, 9, 0, tzinfo=zona)),
                CatatanVerifikasi(dari_status=StatusPeriode.DIAJUKAN.value, ke_status=StatusPeriode.TERVERIFIKASI.value,
                                  catatan=f"Realisasi Triwulan {triwulan} sesuai.",
                                  created_dt=datetime(tahun.tahun, bulan_periksa, hari + 5, 10, 0, tzinfo=zona)),
            ]
            db_session.add(status)


def _summarise(pd: PerangkatDaerah, tahun: int, *, dimuat: bool) -> DemoSummary:
    tahun_id = select(Tahun.id).where(Tahun.tahun == tahun).scalar_subquery()

    def jumlah(query) -> int:
        return db_session.scalar(query) or 0

    def jumlah_node(level: str) -> int:
        return jumlah(
            select(func.count(distinct(NodeRencana.kode))).where(
                NodeRencana.perangkat_daerah_id == pd.id, NodeRencana.tahun_id == tahun_id, NodeRencana.level == level
            )
        )

    indikator_ids = select(Indikator.id).where(Indikator.perangkat_daerah_id == pd.id, Indikator.tahun_id == tahun_id)
    node_ids = select(NodeRencana.id).where(NodeRencana.perangkat_daerah_id == pd.id, NodeRencana.tahun_id == tahun_id)
    return DemoSummary(
        dimuat=dimuat,
        tahun=tahun,
        unit_kerja=jumlah(select(func.count(UnitKerja.id)).where(UnitKerja.perangkat_daerah_id == pd.id)),
        sasaran=jumlah(select(func.count(Sasaran.id)).where(Sasaran.perangkat_daerah_id == pd.id,
                                                             Sasaran.tahun_id == tahun_id)),
        program=jumlah_node("program"),
        kegiatan=jumlah_node("kegiatan"),
        sub_kegiatan=jumlah_node("sub_kegiatan"),
        indikator=jumlah(select(func.count()).select_from(indikator_ids.subquery())),
        target_kinerja=jumlah(
            select(func.count(TargetKinerja.id)).where(TargetKinerja.indikator_id.in_(indikator_ids))
        ),
        target_anggaran=jumlah(select(func.count(TargetAnggaran.id)).where(TargetAnggaran.node_id.in_(node_ids))),
        realisasi_kinerja=jumlah(
            select(func.count(RealisasiKinerja.id)).where(RealisasiKinerja.indikator_id.in_(indikator_ids))
        ),
        realisasi_anggaran=jumlah(
            select(func.count(RealisasiAnggaran.id)).where(RealisasiAnggaran.node_id.in_(node_ids))
        ),
    )
