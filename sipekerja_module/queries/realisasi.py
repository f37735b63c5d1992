"""Read side of Realisasi Kerja: one unit's month as a form (values, notes, versions, evidence,
warnings) and the list of submissions for the main account's Pengecekan."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from ..domain.capaian import Target
from ..domain.capaian import format_target
from ..domain.peringatan import peringatan_anggaran
from ..domain.peringatan import peringatan_kinerja
from ..extensions import db_session
from ..models import BuktiDukung
from ..models import CatatanVerifikasi
from ..models import Pengguna
from ..models import RealisasiAnggaran
from ..models import RealisasiKinerja
from ..models import StatusPeriodeUnit
from ..models import UnitKerja
from .rencana import Catatan
from .rencana import load_rencana


@dataclass(frozen=True)
class BuktiRingkas:
    id: int
    nama: str
    mime: str
    ukuran: int
    pratinjau: bool


@dataclass(frozen=True)
class BarisIsian:
    """One indicator (``jenis="kinerja"``) or sub kegiatan (``jenis="anggaran"``) in the month form."""

    jenis: str
    id: int
    kode: str
    nama: str
    uraian: str
    satuan: str
    target_teks: str
    target_bulan: Decimal | Target | None
    nilai: Decimal | None
    catatan: Catatan
    versi: int | None
    bukti: tuple[BuktiRingkas, ...]
    peringatan: tuple[str, ...]


@dataclass(frozen=True)
class IsianBulan:
    bulan: int
    kinerja: tuple[BarisIsian, ...]
    anggaran: tuple[BarisIsian, ...]


_PRATINJAU = {"application/pdf", "image/jpeg", "image/png"}


def load_isian_bulan(*, perangkat_daerah_id: int, tahun_id: int, unit_kerja_id: int, bulan: int) -> IsianBulan:
    """Everything the month form of one unit shows, in a fixed number of queries.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param unit_kerja_id: the unit.
    :param bulan: 1..12.
    :return: the rows, indicators in plan order and sub kegiatan by code.
    """
    data = load_rencana(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id, unit_kerja_id=unit_kerja_id,
                        sampai_bulan=bulan)
    ind_ids = [i.id for i in data.indikator]
    sub = [n for n in data.node if n.level == "sub_kegiatan"]
    versi_kinerja = dict(db_session.execute(select(RealisasiKinerja.indikator_id, RealisasiKinerja.version).where(
        RealisasiKinerja.bulan == bulan, RealisasiKinerja.indikator_id.in_(ind_ids))).all())
    versi_anggaran = dict(db_session.execute(select(RealisasiAnggaran.node_id, RealisasiAnggaran.version).where(
        RealisasiAnggaran.bulan == bulan, RealisasiAnggaran.node_id.in_([n.id for n in sub]))).all())
    bukti: dict[int, list[BuktiRingkas]] = defaultdict(list)
    for b in db_session.execute(select(BuktiDukung).where(
            BuktiDukung.indikator_id.in_(ind_ids), BuktiDukung.bulan == bulan, BuktiDukung.dihapus_dt.is_(None))
            .order_by(BuktiDukung.id)).scalars():
        bukti[b.indikator_id].append(BuktiRingkas(b.id, b.nama_asli, b.mime, b.ukuran, b.mime in _PRATINJAU))
    node_by_id = {n.id: n for n in data.node}
    kosong = Catatan()
    kinerja = []
    for ind in data.indikator:
        node = node_by_id.get(ind.node_id)
        target_bulanan = data.target_kinerja.get(ind.id, {})
        realisasi_bulanan = data.realisasi_kinerja.get(ind.id, {})
        kinerja.append(BarisIsian(
            "kinerja", ind.id, node.kode if node else "", node.nama if node else "", ind.uraian, ind.satuan,
            format_target(ind.target), target_bulanan.get(bulan), realisasi_bulanan.get(bulan),
            data.catatan_kinerja.get((ind.id, bulan), kosong), versi_kinerja.get(ind.id), tuple(bukti[ind.id]),
            tuple(peringatan_kinerja(bulan=bulan, agregasi=ind.agregasi, polaritas=ind.polaritas,
                                     target_tahunan=ind.target, target_bulanan=target_bulanan,
                                     realisasi_bulanan=realisasi_bulanan, ada_bukti=bool(bukti[ind.id]),
                                     rumus_negatif=ind.rumus_negatif, satuan=ind.satuan)),
        ))
    anggaran = []
    for node in sorted(sub, key=lambda n: n.kode):
        realisasi_bulanan = data.realisasi_anggaran.get(node.id, {})
        anggaran.append(BarisIsian(
            "anggaran", node.id, node.kode, node.nama, node.nama, "Rupiah",
            format_target(Target.tunggal(node.pagu)) if node.pagu is not None else "–",
            data.target_anggaran.get(node.id, {}).get(bulan), realisasi_bulanan.get(bulan),
            data.catatan_anggaran.get((node.id, bulan), kosong), versi_anggaran.get(node.id), (),
            tuple(peringatan_anggaran(bulan=bulan, pagu=node.pagu, realisasi_bulanan=realisasi_bulanan)),
        ))
    return IsianBulan(bulan, tuple(kinerja), tuple(anggaran))


@dataclass(frozen=True)
class Pengajuan:
    """One unit's triwulan in the Pengecekan list."""

    id: int
    unit_kerja_id: int
    unit_nama: str
    triwulan: int
    status: str
    diubah: datetime


def list_pengajuan(*, perangkat_daerah_id: int, tahun_id: int, unit_kerja_id: int | None = None,
                   triwulan: int | None = None, status: str | None = None) -> list[Pengajuan]:
    """Submissions of an agency's units for a year, filtered, newest change first (one query).

    :param status: one of the StatusPeriode values, or None for all but draf.
    """
    query = (select(StatusPeriodeUnit.id, StatusPeriodeUnit.unit_kerja_id, UnitKerja.nama, StatusPeriodeUnit.triwulan,
                    StatusPeriodeUnit.status, StatusPeriodeUnit.updated_dt)
             .join(UnitKerja, UnitKerja.id == StatusPeriodeUnit.unit_kerja_id)
             .where(UnitKerja.perangkat_daerah_id == perangkat_daerah_id, StatusPeriodeUnit.tahun_id == tahun_id))
    if unit_kerja_id:
        query = query.where(StatusPeriodeUnit.unit_kerja_id == unit_kerja_id)
    if triwulan:
        query = query.where(StatusPeriodeUnit.triwulan == triwulan)
    query = query.where(StatusPeriodeUnit.status == status) if status else query.where(StatusPeriodeUnit.status != "draf")
    return [Pengajuan(*row) for row in db_session.execute(
        query.order_by(StatusPeriodeUnit.updated_dt.desc(), StatusPeriodeUnit.id.desc()))]


@dataclass(frozen=True)
class RiwayatStatus:
    waktu: datetime
    dari: str
    ke: str
    catatan: str | None
    oleh: str | None


def list_riwayat_status(status_periode_id: int) -> list[RiwayatStatus]:
    """The transitions of one unit's triwulan, oldest first, with who made them (one query)."""
    return [RiwayatStatus(*row) for row in db_session.execute(
        select(CatatanVerifikasi.created_dt, CatatanVerifikasi.dari_status, CatatanVerifikasi.ke_status,
               CatatanVerifikasi.catatan, Pengguna.nama)
        .outerjoin(Pengguna, Pengguna.id == CatatanVerifikasi.oleh_id)
        .where(CatatanVerifikasi.status_periode_id == status_periode_id)
        .order_by(CatatanVerifikasi.created_dt, CatatanVerifikasi.id))]
