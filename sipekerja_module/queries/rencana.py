"""Read side of the yearly plan: one loader shared by the plan view, pengukuran and every report.

:func:`load_rencana` reads an agency's plan for one year in a fixed number of SQL statements
(SQLAlchemy Core, no ORM objects, no lazy loading), whatever the size of the plan, and hands it over
as the plain values of :mod:`sipekerja_module.domain.data_rencana`; the tree rows
(:mod:`~sipekerja_module.domain.pohon`) and the measurement (:mod:`~sipekerja_module.domain.pengukuran`)
are computed from them in the domain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import NamedTuple

from sqlalchemy import Integer
from sqlalchemy import Numeric
from sqlalchemy import String
from sqlalchemy import bindparam
from sqlalchemy import case
from sqlalchemy import cast
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import literal
from sqlalchemy import null
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import union_all

from ..domain.capaian import Agregasi
from ..domain.capaian import Polaritas
from ..domain.capaian import RumusNegatif
from ..domain.capaian import Target
from ..domain.capaian import target_dari_kolom
from ..domain.data_rencana import Catatan
from ..domain.data_rencana import DataRencana
from ..domain.data_rencana import IndikatorData
from ..domain.data_rencana import ManualIndikator
from ..domain.data_rencana import NodeData
from ..domain.data_rencana import SasaranData
from ..domain.data_rencana import UnitData
from ..domain.errors import NilaiTidakValid
from ..domain.status import StatusPeriode
from ..domain.versi_target import ATURAN_BAWAAN
from ..domain.versi_target import URUTAN_MURNI
from ..domain.versi_target import AturanVersi
from ..domain.versi_target import VersiData
from ..domain.versi_target import terapkan_versi
from ..extensions import CacheProses
from ..extensions import cache_nilai
from ..extensions import db_session
from ..models import AturanVersiTarget
from ..models import Indikator
from ..models import NodeRencana
from ..models import Nomenklatur
from ..models import PerangkatDaerah
from ..models import RealisasiAnggaran
from ..models import RealisasiKinerja
from ..models import Sasaran
from ..models import Satuan
from ..models import StatusPeriodeUnit
from ..models import Tahun
from ..models import TargetAnggaran
from ..models import TargetAnggaranVersi
from ..models import TargetKinerja
from ..models import TargetKinerjaVersi
from ..models import UnitKerja
from ..models import VersiTarget
from .siap import siap


def _baca(pernyataan, parameter: dict | None = None):
    """Run a plain column SELECT on the session's connection: Core rows, without the ORM's per-row
    result handling (a report page reads thousands of monthly values)."""
    return db_session.connection().execute(pernyataan, parameter)


#: Bound parameter names of the statements prepared once (``queries.siap``: those a repeat load
#: runs): the agency, the year, the unit.
_P_PD, _P_TAHUN, _P_UNIT = "rencana_pd", "rencana_tahun", "rencana_unit"


def _filter_siap(dengan_unit: bool) -> tuple[tuple, tuple, object, object]:
    """The WHERE clauses of :func:`load_rencana` with bound parameters: of the nodes and of the
    indicators (through the node, so an indicator follows the unit that owns its node), and the
    subqueries of their ids."""
    node_filter = [NodeRencana.perangkat_daerah_id == bindparam(_P_PD), NodeRencana.tahun_id == bindparam(_P_TAHUN)]
    if dengan_unit:
        node_filter.append(NodeRencana.unit_kerja_id == bindparam(_P_UNIT))
    indikator_filter = [Indikator.perangkat_daerah_id == bindparam(_P_PD), Indikator.tahun_id == bindparam(_P_TAHUN)]
    if dengan_unit:
        indikator_filter.append(Indikator.node_id.in_(select(NodeRencana.id).where(*node_filter)))
    return (tuple(node_filter), tuple(indikator_filter), select(Indikator.id).where(*indikator_filter),
            select(NodeRencana.id).where(*node_filter))


def _kepala_siap():
    pd, tahun = bindparam(_P_PD), bindparam(_P_TAHUN)
    jumlah_versi = select(func.count(VersiTarget.id)).where(
        VersiTarget.perangkat_daerah_id == pd, VersiTarget.tahun_id == tahun
    ).scalar_subquery()
    aturan = select(AturanVersiTarget.aturan).where(AturanVersiTarget.perangkat_daerah_id == pd).scalar_subquery()
    return (select(PerangkatDaerah.nama, PerangkatDaerah.versi_rencana,
                   select(Tahun.tahun).where(Tahun.id == tahun).scalar_subquery().label("tahun"),
                   jumlah_versi.label("jumlah_versi"), aturan.label("aturan"))
            .where(PerangkatDaerah.id == pd))


class _Kepala(NamedTuple):
    """The header row of a load: the agency's name and plan version, the year, its perubahan count
    and the agency's rule for them."""

    nama: str
    versi_rencana: int
    tahun: int | None
    jumlah_versi: int
    aturan: str | None


def _kepala_versi_siap(dengan_unit: bool):
    """The header and every owner's ``versi_isi`` in one statement (``jenis`` ``h``, ``k``, ``a``)."""
    pd, tahun = bindparam(_P_PD), bindparam(_P_TAHUN)
    node_filter, indikator_filter, _, _ = _filter_siap(dengan_unit)
    jumlah_versi = select(func.count(VersiTarget.id)).where(
        VersiTarget.perangkat_daerah_id == pd, VersiTarget.tahun_id == tahun
    ).scalar_subquery()
    aturan = select(AturanVersiTarget.aturan).where(AturanVersiTarget.perangkat_daerah_id == pd).scalar_subquery()

    def kosong() -> tuple:
        return cast(null(), String), cast(null(), Integer), cast(null(), Integer), cast(null(), String)

    return union_all(
        select(literal("h").label("jenis"), PerangkatDaerah.id.label("id"),
               PerangkatDaerah.versi_rencana.label("versi"), PerangkatDaerah.nama.label("nama"),
               select(Tahun.tahun).where(Tahun.id == tahun).scalar_subquery().label("tahun"),
               jumlah_versi.label("jumlah_versi"), aturan.label("aturan"))
        .where(PerangkatDaerah.id == pd),
        select(literal("k"), Indikator.id, Indikator.versi_isi, *kosong()).where(*indikator_filter),
        select(literal("a"), NodeRencana.id, NodeRencana.versi_isi, *kosong()).where(*node_filter))


def _baca_kepala_versi(dengan_unit: bool, parameter: dict
                       ) -> tuple[_Kepala | None, Mapping[int, int], Mapping[int, int]]:
    """The header of a load with each indicator's and node's ``versi_isi`` (one statement): what a
    repeat load reads besides the monthly values of the owners a write changed."""
    kepala = None
    versi_k: dict[int, int] = {}
    versi_a: dict[int, int] = {}
    # Fetched at once and unpacked: one row per owner (a unit's form: ~80, an agency: thousands),
    # and named access on each Row cost more than the statement.
    for jenis, id_, versi, nama, tahun, jumlah_versi, aturan in _baca(
            siap(("kepala-versi", dengan_unit), lambda: _kepala_versi_siap(dengan_unit)), parameter).all():
        if jenis == "k":
            versi_k[id_] = versi
        elif jenis == "a":
            versi_a[id_] = versi
        else:
            kepala = _Kepala(nama, versi, tahun, jumlah_versi, aturan)
    return kepala, MappingProxyType(versi_k), MappingProxyType(versi_a)


def load_rencana(*, perangkat_daerah_id: int, tahun_id: int, unit_kerja_id: int | None = None,
                 dengan_realisasi: bool = True, sampai_bulan: int = 12,
                 hanya_terverifikasi: bool = False, versi_urutan: int | None = None) -> DataRencana:
    """Load an agency's plan for a year with all monthly targets, realisasi and notes.

    Runs at most eight SQL statements whatever the size of the plan (header, units, sasaran, nodes,
    indicators, kinerja values, anggaran values, urusan/bidang urusan names). Outside a transaction
    that has written, what is loaded is cached per process under its stored versions
    (``services.versi``): the structure under the agency's ``versi_rencana``, each indicator's and
    node's monthly values under its ``versi_isi`` as well. Then a repeat load runs one statement
    (the header with every owner's version) and a load after a Bidang's save two (and the changed
    indicator's values), all of them built once per process (``queries.siap``), and the data
    carries the versions (``DataRencana.versi_rencana``) that cached page blocks are keyed by.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year (``sipekerja_tahun.id``).
    :param unit_kerja_id: restrict to one unit's nodes and indicators (a Bidang account); IKU on
        sasaran are included only when this is None.
    :param dengan_realisasi: False skips realisasi and notes (the plan view shows none of them).
    :param sampai_bulan: load monthly values of months 1..sampai_bulan only (a month's form needs
        nothing later).
    :param hanya_terverifikasi: load only the realisasi (and notes) of months whose unit's triwulan
        is Terverifikasi: the official figures of printed reports, rankings and the kabupaten
        dashboard. IKU (no unit) are the Pengguna Utama's own entries, outside the units'
        verification, and always count. Otherwise every realisasi is loaded and the unverified
        ones are flagged (``DataRencana.kinerja_belum_diverifikasi``). The same statements either way.
    :param versi_urutan: the targets of one version (0 = murni, 1.. = perubahan) for every month,
        e.g. the plan page; None = the version in force for each month by the agency's rule
        (``domain.versi_target``), what measurement and reports use. A year with a perubahan
        costs three more statements (versions, their kinerja rows, their anggaran rows).
    :return: the plan as plain frozen values.
    :raise NilaiTidakValid: when the agency or the year does not exist, or the version does not.
    """
    parameter = {_P_PD: perangkat_daerah_id, _P_TAHUN: tahun_id, _P_UNIT: unit_kerja_id}
    # None inside a transaction that has written: then its own values are read, and no version is handed out.
    cache = cache_nilai()
    if cache is not None:
        kepala, versi_indikator, versi_node = _baca_kepala_versi(unit_kerja_id is not None, parameter)
    else:
        kepala = _baca(siap(("kepala",), _kepala_siap), parameter).one_or_none()
    if kepala is None or kepala.tahun is None:
        raise NilaiTidakValid("Perangkat daerah atau tahun tidak ditemukan.")

    # With bound parameters (``parameter``), built once per process: a repeat load builds no SQL.
    node_filter, indikator_filter, indikator_ids, node_ids = siap(("filter", unit_kerja_id is not None),
                                                                  lambda: _filter_siap(unit_kerja_id is not None))

    kunci_struktur = ("struktur", perangkat_daerah_id, tahun_id, unit_kerja_id, kepala.versi_rencana)
    struktur = cache.get(kunci_struktur) if cache is not None else None
    if struktur is None:
        # Its versions are read after the header's: never older than the values read below.
        struktur, versi_indikator, versi_node = _baca_struktur(perangkat_daerah_id, tahun_id, unit_kerja_id,
                                                               node_filter, indikator_filter, parameter)
        if cache is not None:
            cache.set(kunci_struktur, struktur)

    cara = (tahun_id, kepala.versi_rencana, dengan_realisasi, sampai_bulan, hanya_terverifikasi)
    target_kinerja, realisasi_kinerja, catatan_kinerja, akhir_kinerja, belum_kinerja = _gabung(_nilai_bulanan(
        TargetKinerja, RealisasiKinerja, "indikator_id", indikator_ids, versi_indikator, cara, cache,
        pemilik=Indikator, parameter=parameter))
    target_anggaran, realisasi_anggaran, catatan_anggaran, akhir_anggaran, belum_anggaran = _gabung(_nilai_bulanan(
        TargetAnggaran, RealisasiAnggaran, "node_id", node_ids, versi_node, cara, cache, pemilik=NodeRencana,
        parameter=parameter))
    bulan_akhir = [b for b in (akhir_kinerja, akhir_anggaran) if b is not None]
    data = DataRencana(
        perangkat_daerah_id=perangkat_daerah_id,
        perangkat_daerah_nama=kepala.nama,
        tahun_id=tahun_id,
        tahun=kepala.tahun,
        unit_kerja_id=unit_kerja_id,
        unit=struktur.unit,
        sasaran=struktur.sasaran,
        node=struktur.node,
        indikator=struktur.indikator,
        target_kinerja=target_kinerja,
        realisasi_kinerja=realisasi_kinerja,
        catatan_kinerja=catatan_kinerja,
        target_anggaran=target_anggaran,
        realisasi_anggaran=realisasi_anggaran,
        catatan_anggaran=catatan_anggaran,
        nama_nomenklatur=struktur.nama_nomenklatur,
        bulan_realisasi_terakhir=max(bulan_akhir) if bulan_akhir else None,
        kinerja_belum_diverifikasi=belum_kinerja,
        anggaran_belum_diverifikasi=belum_anggaran,
        hanya_terverifikasi=hanya_terverifikasi,
        sampai_bulan=sampai_bulan,
        **({"versi_rencana": kepala.versi_rencana, "versi_isi_indikator": versi_indikator,
            "versi_isi_node": versi_node} if cache is not None else {}),
    )
    if not kepala.jumlah_versi:
        if versi_urutan not in (None, URUTAN_MURNI):
            raise NilaiTidakValid("Versi target tidak ditemukan.")
        return data
    return _dengan_versi(data, perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id,
                         aturan=AturanVersi(kepala.aturan) if kepala.aturan else ATURAN_BAWAAN,
                         indikator_ids=indikator_ids, node_ids=node_ids, sampai_bulan=sampai_bulan,
                         versi_urutan=versi_urutan, parameter=parameter)


@dataclass(frozen=True)
class _Struktur:
    """What ``versi_rencana`` covers of a loaded plan: its units, sasaran, nodes, indicators and the
    urusan names, as the domain's frozen values (cached by the loader under that version)."""

    unit: tuple[UnitData, ...]
    sasaran: tuple[SasaranData, ...]
    node: tuple[NodeData, ...]
    indikator: tuple[IndikatorData, ...]
    nama_nomenklatur: Mapping[str, str]


def _baca_struktur(perangkat_daerah_id: int, tahun_id: int, unit_kerja_id: int | None, node_filter: tuple,
                   indikator_filter: tuple, parameter: dict) -> tuple[_Struktur, Mapping[int, int], Mapping[int, int]]:
    """The plan's structure (five statements), with each indicator's and node's ``versi_isi``."""
    unit_query = select(UnitKerja.id, UnitKerja.kode, UnitKerja.nama, UnitKerja.jenis, UnitKerja.urutan).where(
        UnitKerja.perangkat_daerah_id == perangkat_daerah_id
    ).order_by(UnitKerja.urutan, UnitKerja.nama)
    if unit_kerja_id is not None:
        unit_query = unit_query.where(UnitKerja.id == unit_kerja_id)
    unit = tuple(UnitData(*row) for row in _baca(unit_query))
    nama_unit = {u.id: u.nama for u in unit}
    sasaran = tuple(
        SasaranData(*row)
        for row in _baca(
            select(Sasaran.id, Sasaran.kode, Sasaran.uraian, Sasaran.urutan)
            .where(Sasaran.perangkat_daerah_id == perangkat_daerah_id, Sasaran.tahun_id == tahun_id)
            .order_by(Sasaran.urutan, Sasaran.kode)
        )
    )
    baris_node = _baca(
        select(NodeRencana.id, NodeRencana.parent_id, NodeRencana.level, NodeRencana.kode, NodeRencana.nama,
               NodeRencana.unit_kerja_id, NodeRencana.sasaran_id, NodeRencana.pagu, NodeRencana.versi_isi)
        .where(*node_filter)
        .order_by(NodeRencana.kode, NodeRencana.unit_kerja_id), parameter
    ).all()
    node = tuple(
        NodeData(id=r.id, parent_id=r.parent_id, level=r.level, kode=r.kode, nama=r.nama,
                 unit_kerja_id=r.unit_kerja_id, unit_nama=nama_unit.get(r.unit_kerja_id, ""),
                 sasaran_id=r.sasaran_id, pagu=r.pagu)
        for r in baris_node
    )
    baris_indikator = _baca(
        select(Indikator.id, Indikator.sasaran_id, Indikator.node_id, Indikator.uraian,
               Satuan.nama.label("satuan"), Indikator.polaritas, Indikator.agregasi, Indikator.rumus_negatif,
               Indikator.target_tahunan, Indikator.target_atas, Indikator.unit_kerja_id, Indikator.urutan,
               Indikator.definisi_operasional, Indikator.formula, Indikator.sumber_data,
               Indikator.penanggung_jawab, Indikator.versi_isi)
        .join(Satuan, Satuan.id == Indikator.satuan_id)
        .where(*indikator_filter)
        .order_by(Indikator.urutan, Indikator.id), parameter
    ).all()
    indikator = tuple(
        IndikatorData(
            id=r.id, sasaran_id=r.sasaran_id, node_id=r.node_id, uraian=r.uraian, satuan=r.satuan,
            polaritas=Polaritas(r.polaritas), agregasi=Agregasi(r.agregasi),
            rumus_negatif=RumusNegatif(r.rumus_negatif),
            target=target_dari_kolom(r.target_tahunan, r.target_atas), unit_kerja_id=r.unit_kerja_id, urutan=r.urutan,
            manual=ManualIndikator(definisi_operasional=r.definisi_operasional, formula=r.formula,
                                   sumber_data=r.sumber_data, penanggung_jawab=r.penanggung_jawab),
        )
        for r in baris_indikator
    )
    # All urusan and bidang urusan rows: a few dozen for the whole national list.
    nama_nomenklatur = MappingProxyType({kode: nama for kode, nama in _baca(
        select(Nomenklatur.kode, Nomenklatur.nama).where(Nomenklatur.level.in_(("urusan", "bidang_urusan"))))})
    return (_Struktur(unit, sasaran, node, indikator, nama_nomenklatur),
            MappingProxyType({r.id: r.versi_isi for r in baris_indikator}),
            MappingProxyType({r.id: r.versi_isi for r in baris_node}))


def _dengan_versi(data: DataRencana, *, perangkat_daerah_id: int, tahun_id: int, aturan: AturanVersi,
                  indikator_ids, node_ids, sampai_bulan: int, versi_urutan: int | None,
                  parameter: dict) -> DataRencana:
    """The perubahan versions and their rows (three statements), applied by the domain's rule."""
    versi = tuple(
        VersiData(id=r.id, urutan=r.urutan, nama=r.nama, tanggal=r.tanggal, dasar_hukum=r.dasar_hukum,
                  berlaku_mulai_bulan=r.berlaku_mulai_bulan)
        for r in _baca(
            select(VersiTarget.id, VersiTarget.urutan, VersiTarget.nama, VersiTarget.tanggal,
                   VersiTarget.dasar_hukum, VersiTarget.berlaku_mulai_bulan)
            .where(VersiTarget.perangkat_daerah_id == perangkat_daerah_id, VersiTarget.tahun_id == tahun_id)
            .order_by(VersiTarget.urutan)
        )
    )
    urutan_id = {v.id: v.urutan for v in versi}
    kinerja: dict[int, dict[int, dict[int, Decimal | Target | None]]] = defaultdict(lambda: defaultdict(dict))
    for versi_id, id_, bulan, nilai, atas in _baca(
        select(TargetKinerjaVersi.versi_id, TargetKinerjaVersi.indikator_id, TargetKinerjaVersi.bulan,
               TargetKinerjaVersi.nilai, TargetKinerjaVersi.atas)
        .where(TargetKinerjaVersi.versi_id.in_(list(urutan_id)), TargetKinerjaVersi.indikator_id.in_(indikator_ids),
               TargetKinerjaVersi.bulan <= sampai_bulan), parameter
    ):
        if bulan == 0:
            kinerja[urutan_id[versi_id]][id_][0] = target_dari_kolom(nilai, atas)
        else:
            kinerja[urutan_id[versi_id]][id_][bulan] = (
                nilai if atas is None or nilai is None else target_dari_kolom(nilai, atas))
    anggaran: dict[int, dict[int, dict[int, Decimal | None]]] = defaultdict(lambda: defaultdict(dict))
    for versi_id, id_, bulan, nilai in _baca(
        select(TargetAnggaranVersi.versi_id, TargetAnggaranVersi.node_id, TargetAnggaranVersi.bulan,
               TargetAnggaranVersi.nilai)
        .where(TargetAnggaranVersi.versi_id.in_(list(urutan_id)), TargetAnggaranVersi.node_id.in_(node_ids),
               TargetAnggaranVersi.bulan <= sampai_bulan), parameter
    ):
        anggaran[urutan_id[versi_id]][id_][bulan] = nilai
    return terapkan_versi(data, versi=versi, aturan=aturan, kinerja=kinerja, anggaran=anggaran,
                          dipilih=versi_urutan)


def _terverifikasi(model_realisasi, pemilik, kunci: str, tahun_id):
    """SQL truth value: the realisasi row's month lies in a triwulan its unit has had verified
    (rows of an owner without a unit, the IKU, count as verified)."""
    bulan = model_realisasi.bulan
    triwulan = case((bulan <= 3, 1), (bulan <= 6, 2), (bulan <= 9, 3), else_=4)
    induk = getattr(model_realisasi, kunci)
    unit = select(pemilik.unit_kerja_id).where(pemilik.id == induk).correlate(model_realisasi).scalar_subquery()
    return or_(
        unit.is_(None),
        exists().where(
            pemilik.id == induk,
            StatusPeriodeUnit.unit_kerja_id == pemilik.unit_kerja_id,
            StatusPeriodeUnit.tahun_id == tahun_id,
            StatusPeriodeUnit.triwulan == triwulan,
            StatusPeriodeUnit.status == StatusPeriode.TERVERIFIKASI.value,
        ).correlate(model_realisasi),
    )


@dataclass(frozen=True)
class IsiBulanan:
    """The monthly values of one indicator or plan node, as loaded: targets and realisasi by month,
    the notes, the months not verified and the last month with a value."""

    target: Mapping[int, Decimal | Target | None]
    realisasi: Mapping[int, Decimal | None]
    catatan: Mapping[int, Catatan]
    belum: frozenset[int]
    akhir: int | None


_KOSONG = IsiBulanan(MappingProxyType({}), MappingProxyType({}), MappingProxyType({}), frozenset(), None)


def _nilai_bulanan(model_target, model_realisasi, kunci: str, ids_query, versi: Mapping[int, int], cara: tuple,
                   cache: CacheProses | None, *, pemilik, parameter: dict) -> dict[int, IsiBulanan]:
    """The monthly values of the owners in ``versi`` (id → ``versi_isi``), from the process cache
    where an owner's version and the way of loading (``cara``: year, the agency's plan version, with
    realisasi, last month, verified only) match, read from the database for the others only.

    An owner's ``versi_isi`` changes with its realisasi and its unit's period states, the agency's
    ``versi_rencana`` with targets and bulk statements (``services.versi``): a cached value is never
    older than its key. After a Bidang's save one indicator is read again, not the agency's 3,000 rows.
    """
    tahun_id, _versi_rencana, dengan_realisasi, sampai_bulan, hanya_terverifikasi = cara
    jenis = model_realisasi.__tablename__
    kunci_cache = {id_: (jenis, id_, v, cara) for id_, v in versi.items()}
    ada = dict(zip(versi, cache.get_many(*kunci_cache.values()))) if cache is not None else {}
    hilang = [id_ for id_ in versi if ada.get(id_) is None]
    if hilang:
        # Every owner: the same statement as without a cache (a subquery, not thousands of ids).
        dibaca = _load_bulanan(model_target, model_realisasi, kunci,
                               ids_query if len(hilang) == len(versi) else hilang, dengan_realisasi, sampai_bulan,
                               pemilik=pemilik, tahun_id=tahun_id, hanya_terverifikasi=hanya_terverifikasi,
                               parameter=parameter)
        baru = {id_: dibaca.get(id_, _KOSONG) for id_ in hilang}
        if cache is not None:
            cache.set_many({kunci_cache[id_]: isi for id_, isi in baru.items()})
        ada.update(baru)
    return ada


def _gabung(isi: dict[int, IsiBulanan]):
    """The owners' monthly values as ``DataRencana`` holds them: targets, realisasi and notes by owner,
    the last month with a value, the ``(owner, month)`` not verified."""
    catatan = {(id_, b): c for id_, x in isi.items() for b, c in x.catatan.items()}
    belum = frozenset((id_, b) for id_, x in isi.items() for b in x.belum)
    akhir = [x.akhir for x in isi.values() if x.akhir is not None]
    return (
        MappingProxyType({id_: x.target for id_, x in isi.items() if x.target}),
        MappingProxyType({id_: x.realisasi for id_, x in isi.items() if x.realisasi}),
        MappingProxyType(catatan),
        max(akhir) if akhir else None,
        belum,
    )


def _pernyataan_bulanan(model_target, model_realisasi, kunci: str, ids_query, dengan_realisasi: bool,
                        sampai_bulan, *, pemilik, tahun_id, hanya_terverifikasi: bool):
    """The statement of :func:`_load_bulanan`; ``ids_query``, ``sampai_bulan`` and ``tahun_id`` are
    values or bound parameters."""
    kosong = cast(null(), String)
    atas = model_target.atas if hasattr(model_target, "atas") else cast(null(), Numeric(18, 4))
    target_sel = select(
        literal("t").label("jenis"), getattr(model_target, kunci).label("kunci"), model_target.bulan,
        model_target.nilai, atas.label("atas"), kosong.label("keterangan"), kosong.label("faktor_pendorong"),
        kosong.label("faktor_penghambat"), kosong.label("tindak_lanjut"), literal(1, Integer).label("verif"),
    ).where(getattr(model_target, kunci).in_(ids_query), model_target.bulan <= sampai_bulan)
    if not dengan_realisasi:
        return target_sel
    verif = _terverifikasi(model_realisasi, pemilik, kunci, tahun_id)
    realisasi_sel = select(
        literal("r"), getattr(model_realisasi, kunci), model_realisasi.bulan, model_realisasi.nilai,
        cast(null(), Numeric(18, 4)), model_realisasi.keterangan, model_realisasi.faktor_pendorong,
        model_realisasi.faktor_penghambat, model_realisasi.tindak_lanjut,
        # Only verified rows are read when asked for: then the flag is 1 without testing each row twice.
        literal(1, Integer) if hanya_terverifikasi else case((verif, 1), else_=0),
    ).where(getattr(model_realisasi, kunci).in_(ids_query), model_realisasi.bulan <= sampai_bulan)
    if hanya_terverifikasi:
        realisasi_sel = realisasi_sel.where(verif)
    return union_all(target_sel, realisasi_sel)


def _load_bulanan(model_target, model_realisasi, kunci: str, ids_query, dengan_realisasi: bool = True,
                  sampai_bulan: int = 12, *, pemilik, tahun_id: int,
                  hanya_terverifikasi: bool = False, parameter: dict | None = None) -> dict[int, IsiBulanan]:
    """Targets and realisasi (with notes and whether each is verified) of one kind in ONE statement
    (UNION ALL), by owner (``ids_query``: a subquery, its bound values in ``parameter``, or a list
    of ids, which runs a statement prepared once, ``queries.siap``)."""
    if isinstance(ids_query, list):
        pernyataan = siap(("bulanan", model_realisasi.__tablename__, dengan_realisasi, hanya_terverifikasi),
                           lambda: _pernyataan_bulanan(
                               model_target, model_realisasi, kunci, bindparam("rencana_ids", expanding=True),
                               dengan_realisasi, bindparam("rencana_sampai"), pemilik=pemilik,
                               tahun_id=bindparam(_P_TAHUN), hanya_terverifikasi=hanya_terverifikasi))
        parameter = {"rencana_ids": ids_query, "rencana_sampai": sampai_bulan, _P_TAHUN: tahun_id}
    else:
        pernyataan = _pernyataan_bulanan(model_target, model_realisasi, kunci, ids_query, dengan_realisasi,
                                         sampai_bulan, pemilik=pemilik, tahun_id=tahun_id,
                                         hanya_terverifikasi=hanya_terverifikasi)
    target: dict[int, dict[int, Decimal | Target | None]] = defaultdict(dict)
    realisasi: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    catatan: dict[int, dict[int, Catatan]] = defaultdict(dict)
    belum: dict[int, set[int]] = defaultdict(set)
    for jenis, id_, bulan, nilai, batas_atas, ket, pendorong, penghambat, tindak, terverifikasi in _baca(
        pernyataan, parameter
    ):
        if jenis == "t":
            target[id_][bulan] = nilai if batas_atas is None or nilai is None else target_dari_kolom(nilai, batas_atas)
            continue
        realisasi[id_][bulan] = nilai
        if not terverifikasi:
            belum[id_].add(bulan)
        if ket or pendorong or penghambat or tindak:
            catatan[id_][bulan] = Catatan(ket or None, pendorong or None, penghambat or None, tindak or None)
    hasil = {}
    for id_ in target.keys() | realisasi.keys():
        nilai_ada = [b for b, n in realisasi.get(id_, {}).items() if n is not None]
        hasil[id_] = IsiBulanan(MappingProxyType(target.get(id_, {})), MappingProxyType(realisasi.get(id_, {})),
                                MappingProxyType(catatan.get(id_, {})), frozenset(belum.get(id_, ())),
                                max(nilai_ada) if nilai_ada else None)
    return hasil
