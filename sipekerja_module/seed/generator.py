"""Kabupaten-scale data: N perangkat daerah shaped like the demo agency, for benchmarks.

Each generated agency has five units (Sekretariat and four Bidang), two sasaran with two IKU each,
about 42 sub kegiatan drawn from the packaged nomenclature under the demo's three programs, about
100 indicators with 12 monthly targets and 12 monthly realisasi (with the demo's notes), pagu with
12 monthly budget targets and realisasi per sub kegiatan, some bukti dukung metadata (no files),
the four triwulan statuses of every unit with their verification history, and a Pengguna Utama.
One kabupaten-level Pimpinan is added for the whole kabupaten. Forty agencies give about 1,700
sub kegiatan, 4,000 indicators and 48,000 monthly targets and realisasi.

Deterministic: every choice comes from ``random.Random(seed)``, and ids are assigned here, so the
same seed on a fresh database gives the same rows. Fast: the reference rows go through the demo's
ORM helpers, but the bulk rows are built as plain dicts and written with one Core ``INSERT`` per
table (``executemany``), no ORM objects. Flushes, never commits.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone
from datetime import tzinfo
from decimal import ROUND_HALF_UP
from decimal import Decimal
from importlib.resources import files

from sqlalchemy import Table
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy import text

from ..commit_hooks import pastikan_ringkasan
from ..domain.capaian import Polaritas
from ..domain.capaian import Target
from ..domain.errors import SipekerjaError
from ..domain.nomenklatur import kode_induk
from ..domain.rencana import assert_isian_valid
from ..domain.rencana import periksa_target_bulanan
from ..domain.status import StatusPeriode
from ..extensions import db_session
from ..models import BuktiDukung
from ..models import CatatanVerifikasi
from ..models import Indikator
from ..models import NodeRencana
from ..models import Nomenklatur
from ..models import Pengguna
from ..models import PerangkatDaerah
from ..models import RealisasiAnggaran
from ..models import RealisasiKinerja
from ..models import RencanaKerja
from ..models import Sasaran
from ..models import StatusPeriodeUnit
from ..models import TargetAnggaran
from ..models import TargetKinerja
from ..models import UnitKerja
from ..services.nomenklatur import import_nomenklatur
from ..services.nomenklatur import read_nomenklatur_csv
from . import demo

#: Agencies of a typical kabupaten as ``(kode, nama)``; beyond this list codes are ``PD41``, ``PD42`` …
DAFTAR_PD: tuple[tuple[str, str], ...] = (
    ("SETDA", "Sekretariat Daerah"), ("SETWAN", "Sekretariat DPRD"), ("INSPEKTORAT", "Inspektorat Daerah"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"), ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("BAPENDA", "Badan Pendapatan Daerah"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah"), ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik"),
    ("DISDIKBUD", "Dinas Pendidikan dan Kebudayaan"), ("DINKES", "Dinas Kesehatan"),
    ("DPUTR", "Dinas Pekerjaan Umum dan Penataan Ruang"), ("DPRKP", "Dinas Perumahan dan Kawasan Permukiman"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"), ("DINSOS", "Dinas Sosial"),
    ("DP3AKB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana"),
    ("DKP", "Dinas Ketahanan Pangan"), ("DLH", "Dinas Lingkungan Hidup"),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa"), ("DISHUB", "Dinas Perhubungan"),
    ("DISKOMINFO", "Dinas Komunikasi, Informatika, Statistik dan Persandian"),
    ("DISKOPUKM", "Dinas Koperasi, Usaha Kecil dan Menengah"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("DISPORAPAR", "Dinas Kepemudaan, Olahraga dan Pariwisata"), ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan"),
    ("DKPP", "Dinas Kelautan dan Perikanan"), ("DISTANBUN", "Dinas Pertanian dan Perkebunan"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan"), ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi"),
    ("DISPETERNAKAN", "Dinas Peternakan dan Kesehatan Hewan"), ("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan"),
    ("RSUD", "Rumah Sakit Umum Daerah Panglima Sebaya"), ("KEC-TANAHGROGOT", "Kecamatan Tanah Grogot"),
    ("KEC-KUARO", "Kecamatan Kuaro"), ("KEC-LONGIKIS", "Kecamatan Long Ikis"), ("KEC-LONGKALI", "Kecamatan Long Kali"),
    ("KEC-BATUSOPANG", "Kecamatan Batu Sopang"), ("KEC-PASERBELENGKONG", "Kecamatan Paser Belengkong"),
    ("KEC-MUARAKOMAM", "Kecamatan Muara Komam"),
)

#: Units of every generated agency as ``(kode suffix, nama, jenis)``; slot i plays demo unit i.
UNIT_GENERATOR: tuple[tuple[str, str, str], ...] = (
    ("SEKRETARIAT", "Sekretariat", "sekretariat"),
    ("PROGRAM", "Bidang Perencanaan dan Program", "bidang"),
    ("PELAYANAN", "Bidang Pelayanan", "bidang"),
    ("PENGEMBANGAN", "Bidang Pengembangan", "bidang"),
    ("EVALUASI", "Bidang Pengendalian dan Evaluasi", "bidang"),
)

#: Sub kegiatan per agency (the demo has 42); the mean gives ~1,700 for 40 agencies.
SUB_KEGIATAN_PER_PD = (38, 47)
#: Share of sub kegiatan with a second (percentage) indicator, for ~100 indicators per agency.
PELUANG_INDIKATOR_KEDUA = 0.75
#: Share of reported (indicator, month) cells with one bukti dukung metadata row.
PELUANG_BUKTI = 0.05
#: The synthetic pengguna of the kabupaten-level Pimpinan (Sekda).
NIP_PIMPINAN_KABUPATEN = "196805121990031001"

_SEMUA_BULAN = tuple(range(1, 13))
_SATU_JUTA = 1_000_000
_SPEK_DEMO = dict(demo.SUB_KEGIATAN_DEMO)
OUTCOME_DEMO = {kode: spek for kode, _unit, spek in demo.OUTCOME_DEMO}
_INDEKS_UNIT_DEMO = {kode: nomor for nomor, (kode, _nama, _jenis) in enumerate(demo.DEMO_UNITS)}
_POLA_BULAN = (_SEMUA_BULAN, _SEMUA_BULAN, (3, 6, 9, 12), (6, 12), (3, 7, 11), tuple(range(2, 12)))
_SATUAN_HITUNG = ("Dokumen", "Laporan", "Orang", "Kegiatan", "Paket", "Unit")
# executemany needs the same keys in every row: realisasi without a note carries explicit NULLs.
_KOSONG = {"keterangan": None, "faktor_pendorong": None, "faktor_penghambat": None, "tindak_lanjut": None}


@dataclass(frozen=True)
class AkunGenerator:
    """A pengguna the generator created, so a benchmark can give it a portal account."""

    nip: str
    nama: str
    #: ``utama`` or ``pimpinan``.
    peran: str
    #: The ``unit_kerja`` claim to send (the Sekretariat for a Utama; "" for the kabupaten Pimpinan).
    unit_kode: str
    perangkat_daerah_kode: str | None


@dataclass(frozen=True)
class RingkasanGenerator:
    """What :func:`generate_kabupaten` wrote."""

    jumlah_pd: int
    tahun: int
    seed: int
    unit_kerja: int
    sasaran: int
    node: int
    sub_kegiatan: int
    indikator: int
    target_kinerja: int
    target_anggaran: int
    realisasi_kinerja: int
    #: Realisasi kinerja rows that carry a note (keterangan, pendorong, penghambat or tindak lanjut).
    realisasi_bercatatan: int
    realisasi_anggaran: int
    bukti_dukung: int
    status_periode: int
    catatan_verifikasi: int
    pengguna: int
    #: Wall-clock seconds of the whole call.
    detik: float
    akun: tuple[AkunGenerator, ...]

    def baris(self) -> list[tuple[str, int]]:
        """``(label, count)`` pairs in display order, for the CLI."""
        return [
            ("Perangkat daerah", self.jumlah_pd), ("Unit kerja", self.unit_kerja), ("Sasaran", self.sasaran),
            ("Node rencana", self.node), ("Sub kegiatan", self.sub_kegiatan), ("Indikator", self.indikator),
            ("Target kinerja bulanan", self.target_kinerja), ("Target anggaran bulanan", self.target_anggaran),
            ("Realisasi kinerja bulanan", self.realisasi_kinerja),
            ("  dengan catatan", self.realisasi_bercatatan),
            ("Realisasi anggaran bulanan", self.realisasi_anggaran), ("Bukti dukung (metadata)", self.bukti_dukung),
            ("Status periode unit", self.status_periode), ("Catatan verifikasi", self.catatan_verifikasi),
            ("Pengguna", self.pengguna),
        ]


class _Baris:
    """Rows per table, with ids assigned here (so children can refer to parents before any INSERT)."""

    def __init__(self, tabel: Sequence[Table]) -> None:
        self.rows: dict[str, list[dict]] = {t.name: [] for t in tabel}
        self._berikut = {
            t.name: (db_session.scalar(select(func.max(t.c.id))) or 0) + 1 for t in tabel
        }

    def add(self, tabel: Table, **nilai) -> int:
        id_ = self._berikut[tabel.name]
        self._berikut[tabel.name] = id_ + 1
        nilai["id"] = id_
        self.rows[tabel.name].append(nilai)
        return id_


def generate_kabupaten(*, jumlah_pd: int = 40, tahun: int = 2024, seed: int = 1) -> RingkasanGenerator:
    """Fill a fresh database with ``jumlah_pd`` perangkat daerah shaped like the demo agency.

    Reference rows (nomenclature, satuan, predikat scale, the year and its four input windows)
    are ensured with the demo's helpers; everything else is built in memory and written with bulk
    Core inserts. Realisasi covers all twelve months; a few cells are left "belum lapor" (NULL).
    The kabupaten dashboard's cached aggregates are then computed for every agency.

    :param jumlah_pd: number of agencies (>= 1).
    :param tahun: the budget year.
    :param seed: seed of ``random.Random``; the same seed on a fresh database gives the same rows.
    :return: counts, elapsed seconds and the created accounts.
    :raise SipekerjaError: if the database already holds a perangkat daerah, or ``jumlah_pd`` < 1.
    """
    mulai = time.perf_counter()
    if jumlah_pd < 1:
        raise SipekerjaError("Jumlah perangkat daerah minimal 1.")
    if db_session.scalar(select(func.count()).select_from(PerangkatDaerah)):
        raise SipekerjaError("Basis data sudah berisi perangkat daerah; generator hanya mengisi basis data kosong.")
    rng = random.Random(seed)

    with files("sipekerja_module.data").joinpath("nomenklatur_5_03.csv").open(encoding="utf-8") as berkas:
        import_nomenklatur(read_nomenklatur_csv(berkas))
    satuan = demo.ensure_satuan()
    demo.ensure_skala_predikat()
    tahun_row = demo.ensure_tahun(tahun)
    db_session.flush()
    nomenklatur = {kode: (id_, level, nama) for id_, kode, level, nama in db_session.execute(
        select(Nomenklatur.id, Nomenklatur.kode, Nomenklatur.level, Nomenklatur.nama))}
    satuan_id = {nama: obj.id for nama, obj in satuan.items()}

    tabel = [m.__table__ for m in (
        PerangkatDaerah, UnitKerja, Pengguna, RencanaKerja, Sasaran, NodeRencana, Indikator, TargetKinerja,
        TargetAnggaran, RealisasiKinerja, RealisasiAnggaran, BuktiDukung, StatusPeriodeUnit, CatatanVerifikasi)]
    baris = _Baris(tabel)
    konteks = _Konteks(rng=rng, baris=baris, tahun_id=tahun_row.id, tahun=tahun, satuan_id=satuan_id,
                       nomenklatur=nomenklatur, zona=demo.zona())
    semua_sub = sorted(kode for kode, (_id, level, _nama) in nomenklatur.items() if level == "sub_kegiatan")
    akun = []
    for nomor in range(jumlah_pd):
        kode, nama = (DAFTAR_PD[nomor] if nomor < len(DAFTAR_PD)
                      else (f"PD{nomor + 1:02d}", f"Perangkat Daerah {nomor + 1}"))
        akun.append(_generate_pd(konteks, nomor, kode, nama, semua_sub))
    akun.append(_pimpinan_kabupaten(konteks))

    for t in tabel:
        rows = baris.rows[t.name]
        if rows:
            db_session.execute(insert(t), rows)
    _sync_sequences(tabel)
    db_session.flush()
    # The kabupaten dashboard reads cached aggregates; bulk rows bypass the write services that
    # keep them, so they are measured here, with the same code those services use.
    pastikan_ringkasan(tahun_row.id)
    r = baris.rows
    return RingkasanGenerator(
        jumlah_pd=jumlah_pd, tahun=tahun, seed=seed,
        unit_kerja=len(r["sipekerja_unit_kerja"]), sasaran=len(r["sipekerja_sasaran"]),
        node=len(r["sipekerja_node_rencana"]),
        sub_kegiatan=sum(1 for n in r["sipekerja_node_rencana"] if n["level"] == "sub_kegiatan"),
        indikator=len(r["sipekerja_indikator"]), target_kinerja=len(r["sipekerja_target_kinerja"]),
        target_anggaran=len(r["sipekerja_target_anggaran"]), realisasi_kinerja=len(r["sipekerja_realisasi_kinerja"]),
        realisasi_bercatatan=sum(1 for x in r["sipekerja_realisasi_kinerja"] if any(x[c] for c in _KOSONG)),
        realisasi_anggaran=len(r["sipekerja_realisasi_anggaran"]), bukti_dukung=len(r["sipekerja_bukti_dukung"]),
        status_periode=len(r["sipekerja_status_periode"]), catatan_verifikasi=len(r["sipekerja_catatan_verifikasi"]),
        pengguna=len(r["sipekerja_pengguna"]), detik=time.perf_counter() - mulai, akun=tuple(akun),
    )


@dataclass
class _Konteks:
    rng: random.Random
    baris: _Baris
    tahun_id: int
    tahun: int
    satuan_id: dict[str, int]
    nomenklatur: dict[str, tuple[int, str, str]]
    zona: tzinfo

    def waktu(self, bulan: int, hari: int, jam: int = 9) -> datetime:
        """A moment of the year in the agency's zone, as UTC (created_dt of generated rows)."""
        return datetime(self.tahun, bulan, hari, jam, tzinfo=self.zona).astimezone(timezone.utc)


def _nip(nomor: int) -> str:
    """A well-formed synthetic NIP, unique per ``nomor`` (< 1000)."""
    lahir = f"{1970 + nomor % 25}{nomor % 12 + 1:02d}{nomor % 28 + 1:02d}"
    tmt = f"{1995 + nomor % 25}{(nomor * 5) % 12 + 1:02d}"
    return f"{lahir}{tmt}1{nomor + 1:03d}"


def _generate_pd(k: _Konteks, nomor: int, kode: str, nama: str, semua_sub: list[str]) -> AkunGenerator:
    b, rng, T = k.baris, k.rng, _tabel
    waktu = k.waktu(1, 2)
    pd_id = b.add(T(PerangkatDaerah), kode=kode, nama=nama, aktif=True, created_dt=waktu, updated_dt=waktu)
    unit_id = [
        b.add(T(UnitKerja), perangkat_daerah_id=pd_id, kode=f"{kode}-{akhiran}", nama=nama_unit, jenis=jenis,
              urutan=urutan, aktif=True, created_dt=waktu, updated_dt=waktu)
        for urutan, (akhiran, nama_unit, jenis) in enumerate(UNIT_GENERATOR, start=1)
    ]
    nip = _nip(nomor)
    nama_utama = f"Admin Perencanaan {kode}"
    utama_id = b.add(T(Pengguna), issuer=_issuer(), subject=nip, nip=nip, nama=nama_utama, peran=["utama"],
                     unit_kerja_id=unit_id[0], perangkat_daerah_id=pd_id, created_dt=waktu, updated_dt=waktu)
    b.add(T(RencanaKerja), perangkat_daerah_id=pd_id, tahun_id=k.tahun_id, status="ditetapkan",
          ditetapkan_dt=k.waktu(1, 15), version=1, created_dt=waktu, updated_dt=waktu)

    nomor_indikator = [0]
    per_indikator: list[tuple[int, demo.IndikatorDemo, int]] = []  # (id, spek, unit slot or -1)

    def indikator(spek: demo.IndikatorDemo, *, urutan: int, unit: int | None, sasaran_id: int | None = None,
                  node_id: int | None = None) -> None:
        id_ = b.add(T(Indikator), tahun_id=k.tahun_id, perangkat_daerah_id=pd_id,
                    unit_kerja_id=unit_id[unit] if unit is not None else None, sasaran_id=sasaran_id,
                    node_id=node_id, uraian=spek.uraian, satuan_id=k.satuan_id[spek.satuan],
                    polaritas=spek.polaritas.value, agregasi=spek.agregasi.value, rumus_negatif="selisih",
                    target_tahunan=spek.target, target_atas=None, urutan=urutan, version=1,
                    created_dt=waktu, updated_dt=waktu)
        per_indikator.append((id_, spek, -1 if unit is None else unit))
        nomor_indikator[0] += 1

    sasaran_slot: dict[int, int] = {}
    for urutan, (kode_ss, uraian, iku, unit_kode) in enumerate(demo.SASARAN_DEMO, start=1):
        ss_id = b.add(T(Sasaran), perangkat_daerah_id=pd_id, tahun_id=k.tahun_id, kode=kode_ss, uraian=uraian,
                      urutan=urutan, created_dt=waktu, updated_dt=waktu)
        sasaran_slot.update({_INDEKS_UNIT_DEMO[u]: ss_id for u in unit_kode})
        for nomor_iku, spek in enumerate(iku, start=1):
            indikator(spek, urutan=nomor_iku, unit=None, sasaran_id=ss_id)

    jumlah = rng.randint(*SUB_KEGIATAN_PER_PD)
    dipilih = sorted(rng.sample(semua_sub, min(jumlah, len(semua_sub))))
    node_id: dict[tuple[int, str], int] = {}
    sub_nodes: list[tuple[int, int, Decimal]] = []  # (node id, unit slot, pagu)

    def node_untuk(slot: int, kode_node: str) -> int:
        if (slot, kode_node) in node_id:
            return node_id[(slot, kode_node)]
        ref_id, level, nama_node = k.nomenklatur[kode_node]
        induk = kode_induk(kode_node) if level != "program" else None
        parent = node_untuk(slot, induk) if induk else None
        pagu = None
        if level == "sub_kegiatan":
            pagu = Decimal(rng.randint(25, 900) * _SATU_JUTA + rng.randint(0, 999) * 1000)
        id_ = b.add(T(NodeRencana), tahun_id=k.tahun_id, perangkat_daerah_id=pd_id, unit_kerja_id=unit_id[slot],
                    sasaran_id=sasaran_slot[slot], parent_id=parent, nomenklatur_id=ref_id, level=level,
                    kode=kode_node, nama=nama_node, pagu=pagu, version=1, created_dt=waktu, updated_dt=waktu)
        node_id[(slot, kode_node)] = id_
        if level == "sub_kegiatan":
            sub_nodes.append((id_, slot, pagu))
        else:
            spek = OUTCOME_DEMO.get(kode_node) or _spek_outcome(rng, level, nama_node)
            indikator(spek, urutan=1, unit=slot, node_id=id_)
        return id_

    for kode_sub in dipilih:
        slot = _INDEKS_UNIT_DEMO[demo.owner(kode_sub)]
        sub_id = node_untuk(slot, kode_sub)
        nama_sub = k.nomenklatur[kode_sub][2]
        indikator(_spek_output(rng, kode_sub, nama_sub), urutan=1, unit=slot, node_id=sub_id)
        if rng.random() < PELUANG_INDIKATOR_KEDUA:
            indikator(_spek_persen(rng, nama_sub), urutan=2, unit=slot, node_id=sub_id)

    _isi_bulanan(k, per_indikator, sub_nodes, unit_id, oleh=utama_id)
    return AkunGenerator(nip=nip, nama=nama_utama, peran="utama", unit_kode=f"{kode}-{UNIT_GENERATOR[0][0]}",
                         perangkat_daerah_kode=kode)


def _isi_bulanan(k: _Konteks, per_indikator: list[tuple[int, demo.IndikatorDemo, int]],
                 sub_nodes: list[tuple[int, int, Decimal]], unit_id: list[int], *, oleh: int) -> None:
    """An agency's monthly targets and realisasi, then its units' period statuses; in about half
    the agencies one unit leaves a month unreported."""
    belum_lapor_slot = k.rng.randrange(len(UNIT_GENERATOR)) if k.rng.random() < 0.5 else None
    for urutan_ind, (ind_id, spek, slot) in enumerate(per_indikator):
        _kinerja(k, ind_id, spek, urutan_ind, belum_lapor=slot == belum_lapor_slot, oleh=oleh)
    for urutan_node, (sub_id, slot, pagu) in enumerate(sub_nodes):
        _anggaran(k, sub_id, pagu, urutan_node, belum_lapor=slot == belum_lapor_slot, oleh=oleh)
    for slot, uid in enumerate(unit_id):
        _status_periode(k, uid, slot, oleh=oleh)


def _pimpinan_kabupaten(k: _Konteks) -> AkunGenerator:
    waktu = k.waktu(1, 2)
    nama = "Sekretaris Daerah Kabupaten Paser"
    k.baris.add(_tabel(Pengguna), issuer=_issuer(), subject=NIP_PIMPINAN_KABUPATEN, nip=NIP_PIMPINAN_KABUPATEN,
                nama=nama, peran=["pimpinan"], unit_kerja_id=None, perangkat_daerah_id=None, created_dt=waktu,
                updated_dt=waktu)
    return AkunGenerator(nip=NIP_PIMPINAN_KABUPATEN, nama=nama, peran="pimpinan", unit_kode="",
                         perangkat_daerah_kode=None)


def _issuer() -> str:
    from flask import current_app

    return current_app.config.get("SIPEKERJA_OIDC_ISSUER") or ""


def _tabel(model) -> Table:
    return model.__table__


def _spek_output(rng: random.Random, kode: str, nama: str) -> demo.IndikatorDemo:
    """The output indicator of a sub kegiatan: the demo's when it has one (target varied), else a count."""
    spek = _SPEK_DEMO.get(kode)
    if spek is not None:
        faktor = rng.choice((1, 1, 2, 3))
        target = max(spek.target * faktor, Decimal(len(spek.bulan)))
        return demo.IndikatorDemo(spek.uraian, spek.satuan, target, bulan=spek.bulan)
    bulan = rng.choice(_POLA_BULAN)
    satuan = rng.choice(_SATUAN_HITUNG)
    target = Decimal(len(bulan) * rng.randint(1, 4))
    return demo.IndikatorDemo(f"Jumlah {satuan} Hasil {nama}", satuan, target, bulan=bulan)


def _spek_persen(rng: random.Random, nama: str) -> demo.IndikatorDemo:
    target = Decimal(rng.choice((80, 85, 90, 95, 100)))
    if rng.random() < 0.5:
        return demo.rata(f"Persentase Layanan {nama} yang Diselesaikan Tepat Waktu", "Persen", str(target))
    return demo.akhir(f"Persentase Penyelesaian {nama}", "Persen", str(target))


def _spek_outcome(rng: random.Random, level: str, nama: str) -> demo.IndikatorDemo:
    if level == "program" and rng.random() < 0.2:
        return demo.akhir(f"Persentase Temuan Berulang pada {nama.title()}", "Persen",
                           str(rng.choice((5, 10))), Polaritas.NEGATIF)
    if level == "program":
        return demo.akhir(f"Indeks Kepuasan Layanan {nama.title()}", "Indeks", str(rng.choice((75, 80, 85))))
    return demo.rata(f"Persentase Capaian Kegiatan {nama}", "Persen", str(rng.choice((85, 90, 95, 100))))


def _bulanan(k: _Konteks, t_target: Table, t_real: Table, induk: dict, targets: Sequence[Decimal], *,
             belum_lapor: bool, oleh: int, lapor: Callable[[int, datetime], tuple[Decimal, dict]]) -> None:
    """Twelve monthly targets and twelve realisasi rows of one indicator or sub kegiatan.

    ``lapor(bulan, waktu)`` gives a reported month's value and notes (and may add rows of its
    own, such as bukti dukung); with ``belum_lapor`` December stays unreported (NULL).
    """
    b = k.baris
    for bulan, target in zip(_SEMUA_BULAN, targets):
        b.add(t_target, **induk, bulan=bulan, nilai=target, version=1)
    for bulan in _SEMUA_BULAN:
        waktu = k.waktu(bulan, 25)
        nilai, catatan = (None, _KOSONG) if belum_lapor and bulan == 12 else lapor(bulan, waktu)
        b.add(t_real, **induk, bulan=bulan, nilai=nilai, diubah_oleh_id=oleh, version=1, created_dt=waktu,
              updated_dt=waktu, **catatan)


def _kinerja(k: _Konteks, ind_id: int, spek: demo.IndikatorDemo, nomor: int, *, belum_lapor: bool,
             oleh: int) -> None:
    rng = k.rng
    targets = demo.monthly_targets(spek)
    assert_isian_valid(periksa_target_bulanan(dict(zip(_SEMUA_BULAN, targets)), Target.tunggal(spek.target),
                                              spek.agregasi))
    t_bukti = _tabel(BuktiDukung)
    langkah = Decimal(1) if spek.satuan in demo.SATUAN_BULAT else demo.SEN

    def lapor(bulan: int, waktu: datetime) -> tuple[Decimal, dict]:
        faktor = rng.choice(demo.FAKTOR_KINERJA)
        nilai = (targets[bulan - 1] * faktor).quantize(langkah, ROUND_HALF_UP)
        if spek.satuan == "Persen":
            nilai = min(nilai, Decimal(100))
        if rng.random() < PELUANG_BUKTI:
            k.baris.add(t_bukti, indikator_id=ind_id, bulan=bulan, sha256=f"{rng.getrandbits(256):064x}",
                        nama_asli=f"bukti-{ind_id}-{bulan:02d}.pdf", mime="application/pdf",
                        ukuran=rng.randint(20_000, 2_000_000), diunggah_oleh_id=oleh, dihapus_dt=None,
                        created_dt=waktu, updated_dt=waktu)
        return nilai, {**_KOSONG, **demo.catatan_realisasi(faktor, nomor, bulan)}

    _bulanan(k, _tabel(TargetKinerja), _tabel(RealisasiKinerja), {"indikator_id": ind_id}, targets,
             belum_lapor=belum_lapor, oleh=oleh, lapor=lapor)


def _anggaran(k: _Konteks, node_id: int, pagu: Decimal, nomor: int, *, belum_lapor: bool, oleh: int) -> None:
    rng = k.rng
    targets = demo.spread(pagu, demo.PROFIL_ANGGARAN, demo.RIBU)

    def lapor(bulan: int, _waktu: datetime) -> tuple[Decimal, dict]:
        faktor = rng.choice(demo.FAKTOR_ANGGARAN)
        nilai = (targets[bulan - 1] * faktor / demo.RIBU).quantize(Decimal(1), ROUND_HALF_UP) * demo.RIBU
        if faktor > Decimal("0.80"):
            return nilai, _KOSONG
        return nilai, {**_KOSONG, "faktor_penghambat": "Proses pengadaan barang/jasa belum selesai.",
                       "tindak_lanjut": "Mempercepat proses pengadaan melalui katalog elektronik."}

    _bulanan(k, _tabel(TargetAnggaran), _tabel(RealisasiAnggaran), {"node_id": node_id}, targets,
             belum_lapor=belum_lapor, oleh=oleh, lapor=lapor)


def _status_periode(k: _Konteks, unit_id: int, slot: int, *, oleh: int) -> None:
    """TW I–III verified (one unit of some agencies had TW III returned first); TW IV varies."""
    b, rng = k.baris, k.rng
    t_status, t_catatan = _tabel(StatusPeriodeUnit), _tabel(CatatanVerifikasi)
    akhir_tw4 = rng.choice((StatusPeriode.TERVERIFIKASI, StatusPeriode.TERVERIFIKASI, StatusPeriode.DIAJUKAN,
                            StatusPeriode.DIKEMBALIKAN, StatusPeriode.DRAF))
    for triwulan in range(1, 5):
        akhir = StatusPeriode.TERVERIFIKASI if triwulan < 4 else akhir_tw4
        bulan_aju = min(triwulan * 3 + 1, 12)
        diajukan = k.waktu(bulan_aju, 5 + slot)
        diperiksa = k.waktu(bulan_aju, 12 + slot, 10)
        status_id = b.add(t_status, unit_kerja_id=unit_id, tahun_id=k.tahun_id, triwulan=triwulan,
                          status=akhir.value, version=1, created_dt=diajukan, updated_dt=diperiksa)
        if akhir is StatusPeriode.DRAF:
            continue
        b.add(t_catatan, status_periode_id=status_id, dari_status=StatusPeriode.DRAF.value,
              ke_status=StatusPeriode.DIAJUKAN.value, catatan=None, oleh_id=oleh, created_dt=diajukan,
              updated_dt=diajukan)
        if akhir is StatusPeriode.DIAJUKAN:
            continue
        catatan = ("Bukti dukung realisasi belum lengkap; mohon dilengkapi." if akhir is StatusPeriode.DIKEMBALIKAN
                   else f"Realisasi dan bukti dukung Triwulan {triwulan} sesuai.")
        b.add(t_catatan, status_periode_id=status_id, dari_status=StatusPeriode.DIAJUKAN.value,
              ke_status=akhir.value, catatan=catatan, oleh_id=oleh, created_dt=diperiksa, updated_dt=diperiksa)


def _sync_sequences(tabel: Sequence[Table]) -> None:
    """PostgreSQL: move each id sequence past the ids written here (SQLite/MariaDB follow by themselves),
    and refresh the planner statistics as after any bulk load (autovacuum would, a minute later)."""
    if db_session.get_bind().dialect.name != "postgresql":
        return
    for t in tabel:
        db_session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {t.name}), 1))"
        ))
        db_session.execute(text(f"ANALYZE {t.name}"))
