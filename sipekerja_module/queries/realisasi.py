"""Read side of Realisasi Kerja: one unit's month as a form (values, notes, versions, evidence,
warnings) and the list of submissions for the main account's Pengecekan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from types import MappingProxyType

from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import bindparam
from sqlalchemy import cast
from sqlalchemy import literal
from sqlalchemy import null
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import union_all

from ..domain.capaian import Target
from ..domain.capaian import format_target
from ..domain.capaian import hitung_capaian_bulanan
from ..domain.capaian import tampilkan_capaian
from ..domain.data_rencana import DataRencana
from ..domain.data_rencana import IndikatorData
from ..domain.data_rencana import ManualIndikator
from ..domain.data_rencana import NodeData
from ..domain.peringatan import peringatan_anggaran
from ..domain.peringatan import peringatan_kinerja
from ..domain.periode import bulan_dalam_triwulan
from ..domain.status import StatusPeriode
from ..extensions import cache_nilai
from ..extensions import db_session
from ..models import BuktiDukung
from ..models import CatatanVerifikasi
from ..models import Indikator
from ..models import Pengguna
from ..models import RealisasiAnggaran
from ..models import RealisasiKinerja
from ..models import StatusPeriodeUnit
from ..models import UnitKerja
from .rencana import Catatan
from .rencana import load_rencana
from .siap import siap


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
    #: Kinerja only: the unit declared that nothing was realised this month, and why.
    tanpa_realisasi: bool = False
    alasan_tanpa_realisasi: str | None = None
    #: Kinerja only: capaian to date as of this month, for display (clamped at 0; None when
    #: undefined or belum lapor) — what Pengecekan shows next to the value.
    capaian_sd: Decimal | None = None
    #: The indicator's manual (empty for sub kegiatan), shown as "Manual indikator" beside the row.
    manual: ManualIndikator = ManualIndikator()

    @property
    def terisi(self) -> bool:
        """A value, or an explicit *tidak ada realisasi*: the month counts as filled."""
        return self.nilai is not None or self.tanpa_realisasi


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
    return load_isian_bulanan(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id,
                              unit_kerja_id=unit_kerja_id, bulan=(bulan,))[0]


def load_isian_bulanan(*, perangkat_daerah_id: int, tahun_id: int, unit_kerja_id: int,
                       bulan: Sequence[int]) -> tuple[IsianBulan, ...]:
    """The month forms of several months of one unit (a triwulan), in the queries of one month.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param unit_kerja_id: the unit.
    :param bulan: months 1..12, ascending.
    :return: one :class:`IsianBulan` per month, in the order given.
    """
    bahan = load_bahan_isian(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id,
                             unit_kerja_id=unit_kerja_id, bulan=bulan)
    data = bahan.data
    capaian = {ind.id: hitung_capaian_bulanan(
        target_bulanan=data.target_kinerja.get(ind.id, {}), realisasi_bulanan=data.realisasi_kinerja.get(ind.id, {}),
        target_tahunan=ind.target, agregasi=ind.agregasi, polaritas=ind.polaritas, rumus_negatif=ind.rumus_negatif)
        for ind in data.indikator}
    return tuple(IsianBulan(b, tuple(bahan.baris_kinerja(ind, b, capaian[ind.id]) for ind in data.indikator),
                            tuple(bahan.baris_anggaran(node, b) for node in bahan.sub_kegiatan))
                 for b in bulan)


@dataclass(frozen=True)
class BahanIsian:
    """A unit's months as loaded, before anything is computed from them: what the rows of the
    month form are made from (:meth:`baris_kinerja`, :meth:`baris_anggaran`). The month page keys
    its cached rows by the stored versions of the data (``views.isian_blok``): everything those two
    builders read must be covered by ``versi_rencana`` and the rows' ``versi_isi``."""

    data: DataRencana
    #: The months loaded, ascending.
    bulan: tuple[int, ...]
    #: Sub kegiatan of the unit by code: the rows of the anggaran table.
    sub_kegiatan: tuple[NodeData, ...]
    node_by_id: Mapping[int, NodeData]
    #: ``(indikator id, bulan)`` -> ``(version, tanpa_realisasi, alasan_tanpa_realisasi)``.
    baris_realisasi: Mapping[tuple[int, int], tuple[int, bool, str | None]]
    #: ``(node id, bulan)`` -> version.
    versi_anggaran: Mapping[tuple[int, int], int]
    #: ``(indikator id, bulan)`` -> its evidence, oldest first.
    bukti: Mapping[tuple[int, int], tuple[BuktiRingkas, ...]]

    def semua_terisi(self) -> list[tuple[int, int]]:
        """Every filled ``(indikator id, bulan)`` of the loaded months (:attr:`BarisIsian.terisi`: a
        value, or *tidak ada realisasi*), month by month in plan order, without building the rows:
        what ``domain.alur.kekurangan_triwulan`` takes."""
        realisasi, baris = self.data.realisasi_kinerja, self.baris_realisasi
        kosong: Mapping[int, Decimal | None] = {}
        hasil = []
        for b in self.bulan:
            for ind in self.data.indikator:
                if realisasi.get(ind.id, kosong).get(b) is not None:
                    hasil.append((ind.id, b))
                else:
                    x = baris.get((ind.id, b))
                    if x and x[1]:
                        hasil.append((ind.id, b))
        return hasil

    def baris_kinerja(self, ind: IndikatorData, bulan: int, capaian: Sequence | None = None) -> BarisIsian:
        """The row of indicator ``ind`` in the form of ``bulan`` (one of the loaded months).

        :param capaian: the indicator's ``hitung_capaian_bulanan``, for :attr:`BarisIsian.capaian_sd`
            (None leaves it None: the month form does not show it).
        """
        data = self.data
        node = self.node_by_id.get(ind.node_id) if ind.node_id is not None else None
        target_bulanan = data.target_kinerja.get(ind.id, {})
        realisasi_bulanan = {b: v for b, v in data.realisasi_kinerja.get(ind.id, {}).items() if b <= bulan}
        baris = self.baris_realisasi.get((ind.id, bulan))
        bukti_bulan = self.bukti.get((ind.id, bulan), ())
        return BarisIsian(
            "kinerja", ind.id, node.kode if node else "", node.nama if node else "", ind.uraian, ind.satuan,
            format_target(ind.target), target_bulanan.get(bulan), realisasi_bulanan.get(bulan),
            data.catatan_kinerja.get((ind.id, bulan), _KOSONG), baris[0] if baris else None, bukti_bulan,
            tuple(peringatan_kinerja(bulan=bulan, agregasi=ind.agregasi, polaritas=ind.polaritas,
                                     target_tahunan=ind.target, target_bulanan=target_bulanan,
                                     realisasi_bulanan=realisasi_bulanan, ada_bukti=bool(bukti_bulan),
                                     rumus_negatif=ind.rumus_negatif, satuan=ind.satuan)),
            tanpa_realisasi=bool(baris and baris[1]),
            alasan_tanpa_realisasi=baris[2] if baris else None,
            capaian_sd=tampilkan_capaian(capaian[bulan - 1].capaian_sd)
            if capaian is not None and realisasi_bulanan.get(bulan) is not None else None,
            manual=ind.manual,
        )

    def baris_anggaran(self, node: NodeData, bulan: int) -> BarisIsian:
        """The row of sub kegiatan ``node`` in the form of ``bulan`` (one of the loaded months)."""
        data = self.data
        realisasi_bulanan = {b: v for b, v in data.realisasi_anggaran.get(node.id, {}).items() if b <= bulan}
        return BarisIsian(
            "anggaran", node.id, node.kode, node.nama, node.nama, "Rupiah",
            format_target(Target.tunggal(node.pagu)) if node.pagu is not None else "–",
            data.target_anggaran.get(node.id, {}).get(bulan), realisasi_bulanan.get(bulan),
            data.catatan_anggaran.get((node.id, bulan), _KOSONG), self.versi_anggaran.get((node.id, bulan)), (),
            tuple(peringatan_anggaran(bulan=bulan, pagu=node.pagu, realisasi_bulanan=realisasi_bulanan)),
        )


_KOSONG = Catatan()


def load_bahan_isian(*, perangkat_daerah_id: int, tahun_id: int, unit_kerja_id: int,
                     bulan: Sequence[int]) -> BahanIsian:
    """Load what the month forms of several months of one unit are made from, computing nothing
    (the plan up to the last month, then the realisasi rows' versions and the evidence).

    Like the plan loader's monthly values, the realisasi rows and evidence of each indicator and
    sub kegiatan are cached per process under its ``versi_isi`` (and the plan's version): after a
    save only the owners it changed are read again, in one statement.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param unit_kerja_id: the unit.
    :param bulan: months 1..12, ascending.
    """
    data = load_rencana(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id, unit_kerja_id=unit_kerja_id,
                        sampai_bulan=max(bulan))
    bulan = tuple(bulan)
    sub = [n for n in data.node if n.level == "sub_kegiatan"]
    pemilik = [("k", i.id) for i in data.indikator] + [("a", n.id) for n in sub]
    # Only with the versions the plan was loaded with (None inside a transaction that has written).
    cache = cache_nilai() if data.versi_rencana is not None else None
    kunci: dict[tuple[str, int], tuple] = {}
    ada: dict[tuple[str, int], _IsianPemilik] = {}
    if cache is not None:
        versi = {"k": data.versi_isi_indikator, "a": data.versi_isi_node}
        # An owner without a known version (never expected) is read every time, never cached.
        kunci = {p: ("isian", *p, versi[p[0]][p[1]], data.versi_rencana, bulan) for p in pemilik
                 if versi[p[0]].get(p[1]) is not None}
        ada = {p: x for p, x in zip(kunci, cache.get_many(*kunci.values())) if x is not None}
    hilang = [p for p in pemilik if p not in ada]
    if hilang:
        baru = _baca_isian_pemilik(hilang, bulan)
        if cache is not None:
            cache.set_many({kunci[p]: baru[p] for p in hilang if p in kunci})
        ada.update(baru)
    baris_realisasi = {(id_, b): baris for (jenis, id_), x in ada.items() if jenis == "k"
                       for b, baris in x.baris.items()}
    versi_anggaran = {(id_, b): baris[0] for (jenis, id_), x in ada.items() if jenis == "a"
                      for b, baris in x.baris.items()}
    bukti = {(id_, b): daftar for (jenis, id_), x in ada.items() if jenis == "k" for b, daftar in x.bukti.items()}
    return BahanIsian(data, bulan, tuple(sorted(sub, key=lambda n: n.kode)), {n.id: n for n in data.node},
                      baris_realisasi, versi_anggaran, bukti)


@dataclass(frozen=True)
class _IsianPemilik:
    """What the month form shows of one indicator or sub kegiatan besides its monthly values, for
    the months loaded: per month its realisasi row's ``(version, tanpa_realisasi, alasan)`` and
    (an indicator) its evidence, oldest first. Cached under the owner's ``versi_isi``, which
    every write to its realisasi rows and evidence bumps (``services.versi``)."""

    baris: Mapping[int, tuple[int, bool, str | None]]
    bukti: Mapping[int, tuple[BuktiRingkas, ...]]


_TANPA_ISIAN = _IsianPemilik(MappingProxyType({}), MappingProxyType({}))


def _isian_pemilik():
    """The statement of :func:`_baca_isian_pemilik`: realisasi kinerja rows and evidence of the
    indicators, realisasi anggaran rows of the nodes (expanding parameters ``isian_*``; one shape
    whichever kinds are asked for, so one compilation per process)."""
    ind_ids, node_ids = bindparam("isian_ind", expanding=True), bindparam("isian_node", expanding=True)
    bulan = bindparam("isian_bulan", expanding=True)
    # A plain NULL for the flag in the other branches: MariaDB cannot CAST to BOOL (the first branch
    # gives the column its type).
    kosong_teks, kosong_angka = cast(null(), String), cast(null(), Integer)
    return union_all(
        select(
            literal("k").label("jenis"), RealisasiKinerja.indikator_id.label("pemilik"),
            RealisasiKinerja.bulan.label("bulan"), RealisasiKinerja.version.label("angka"),
            RealisasiKinerja.tanpa_realisasi.label("tanpa"), RealisasiKinerja.alasan_tanpa_realisasi.label("teks"),
            kosong_teks.label("mime"), kosong_angka.label("ukuran"),
        ).where(RealisasiKinerja.indikator_id.in_(ind_ids), RealisasiKinerja.bulan.in_(bulan)),
        select(
            literal("b"), BuktiDukung.indikator_id, BuktiDukung.bulan, BuktiDukung.id,
            null(), BuktiDukung.nama_asli, BuktiDukung.mime, BuktiDukung.ukuran,
        ).where(BuktiDukung.indikator_id.in_(ind_ids), BuktiDukung.bulan.in_(bulan),
                BuktiDukung.dihapus_dt.is_(None)),
        select(
            literal("a"), RealisasiAnggaran.node_id, RealisasiAnggaran.bulan, RealisasiAnggaran.version,
            null(), kosong_teks, kosong_teks, kosong_angka,
        ).where(RealisasiAnggaran.node_id.in_(node_ids), RealisasiAnggaran.bulan.in_(bulan)))


def _baca_isian_pemilik(pemilik: Sequence[tuple[str, int]], bulan: tuple[int, ...]
                        ) -> dict[tuple[str, int], _IsianPemilik]:
    """The realisasi rows and evidence of ``pemilik`` (``("k", indicator id)`` / ``("a", node id)``)
    in ``bulan``, in one statement."""
    ind_ids = [id_ for jenis, id_ in pemilik if jenis == "k"]
    node_ids = [id_ for jenis, id_ in pemilik if jenis == "a"]
    hasil = db_session.connection().execute(siap(("isian-pemilik",), _isian_pemilik), {
        "isian_ind": ind_ids, "isian_node": node_ids, "isian_bulan": list(bulan)})
    baris: dict[tuple[str, int], dict[int, tuple[int, bool, str | None]]] = defaultdict(dict)
    bukti: dict[tuple[str, int], dict[int, list[BuktiRingkas]]] = defaultdict(lambda: defaultdict(list))
    for jenis, id_, b, angka, tanpa, teks, mime, ukuran in sorted(
            hasil, key=lambda r: r[3]):  # evidence oldest first (by id)
        if jenis == "b":
            bukti[("k", id_)][b].append(BuktiRingkas(angka, teks, mime, ukuran, mime in _PRATINJAU))
        else:
            baris[(jenis, id_)][b] = (angka, bool(tanpa), teks) if jenis == "k" else (angka, False, None)
    return {p: _IsianPemilik(MappingProxyType(baris[p]) if p in baris else _TANPA_ISIAN.baris,
                             MappingProxyType({b: tuple(v) for b, v in bukti[p].items()}) if p in bukti
                             else _TANPA_ISIAN.bukti)
            for p in pemilik}


def load_terisi_triwulan(*, unit_kerja_id: int, tahun_id: int, triwulan: int
                         ) -> tuple[list[tuple[int, str]], set[tuple[int, int]]]:
    """A unit's indicators of a year and which of their months of a triwulan are filled (a value
    or an explicit *tidak ada realisasi*): what ``domain.alur.kekurangan_triwulan`` needs (two queries).

    :param unit_kerja_id: the unit.
    :param tahun_id: the year.
    :param triwulan: 1..4.
    :return: ``[(id, uraian)]`` in plan order, and the filled ``(indikator id, bulan)`` pairs.
    """
    indikator = [(i, u) for i, u in db_session.execute(
        select(Indikator.id, Indikator.uraian).where(Indikator.unit_kerja_id == unit_kerja_id,
                                                     Indikator.tahun_id == tahun_id)
        .order_by(Indikator.urutan, Indikator.id))]
    terisi = {(i, b) for i, b in db_session.execute(
        select(RealisasiKinerja.indikator_id, RealisasiKinerja.bulan)
        .join(Indikator, Indikator.id == RealisasiKinerja.indikator_id)
        .where(Indikator.unit_kerja_id == unit_kerja_id, Indikator.tahun_id == tahun_id,
               RealisasiKinerja.bulan.in_(bulan_dalam_triwulan(triwulan)),
               or_(RealisasiKinerja.nilai.is_not(None), RealisasiKinerja.tanpa_realisasi.is_(True))))}
    return indikator, terisi


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
    query = (query.where(StatusPeriodeUnit.status == status) if status
             else query.where(StatusPeriodeUnit.status != "draf"))
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


@dataclass(frozen=True)
class StatusTriwulan:
    """A unit's triwulan as the month page shows it: its state and the transitions so far."""

    #: A :class:`~sipekerja_module.domain.status.StatusPeriode` value.
    status: str
    riwayat: tuple[RiwayatStatus, ...]


def load_status_triwulan(*, unit_kerja_id: int, tahun_id: int, triwulan: int) -> StatusTriwulan:
    """The state of a unit's triwulan; one nobody has written to yet is *draf* with no history.

    The status row is created by the first write of the triwulan, never by reading (one
    statement, prepared once: the state with its transitions joined).

    :param unit_kerja_id: the unit.
    :param tahun_id: the year.
    :param triwulan: 1..4.
    :return: the state and its history, oldest first.
    """
    baris = db_session.connection().execute(siap(("status-triwulan",), _status_triwulan), {
        "status_unit": unit_kerja_id, "status_tahun": tahun_id, "status_triwulan": triwulan}).all()
    if not baris:
        return StatusTriwulan(StatusPeriode.DRAF.value, ())
    return StatusTriwulan(baris[0].status, tuple(RiwayatStatus(r.created_dt, r.dari_status, r.ke_status, r.catatan,
                                                               r.nama) for r in baris if r.ada))


def _status_triwulan():
    return (select(StatusPeriodeUnit.status, CatatanVerifikasi.id.is_not(None).label("ada"),
                   CatatanVerifikasi.created_dt, CatatanVerifikasi.dari_status, CatatanVerifikasi.ke_status,
                   CatatanVerifikasi.catatan, Pengguna.nama)
            .select_from(StatusPeriodeUnit)
            .outerjoin(CatatanVerifikasi, CatatanVerifikasi.status_periode_id == StatusPeriodeUnit.id)
            .outerjoin(Pengguna, Pengguna.id == CatatanVerifikasi.oleh_id)
            .where(StatusPeriodeUnit.unit_kerja_id == bindparam("status_unit"),
                   StatusPeriodeUnit.tahun_id == bindparam("status_tahun"),
                   StatusPeriodeUnit.triwulan == bindparam("status_triwulan"))
            .order_by(CatatanVerifikasi.created_dt, CatatanVerifikasi.id))
