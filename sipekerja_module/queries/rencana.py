"""Read side of the yearly plan: one loader shared by the plan view, pengukuran and every report.

:func:`load_rencana` reads an agency's plan for one year in a fixed number of SQL statements
(SQLAlchemy Core, no ORM objects, no lazy loading), whatever the size of the plan, and returns
frozen dataclasses of plain values. :func:`pohon_rencana` turns that into the flat, ordered rows
of the tree the users see: Sasaran → Urusan → Bidang Urusan → Program → Kegiatan → Sub Kegiatan,
with indicators below the row that carries them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext
from types import MappingProxyType

from sqlalchemy import String
from sqlalchemy import cast
from sqlalchemy import literal
from sqlalchemy import null
from sqlalchemy import select
from sqlalchemy import union_all

from ..domain.angka import KONTEKS_HITUNG
from ..domain.capaian import Agregasi
from ..domain.capaian import Polaritas
from ..domain.capaian import RumusNegatif
from ..domain.capaian import Target
from ..domain.capaian import format_target
from ..domain.capaian import target_dari_kolom
from ..domain.errors import NilaiTidakValid
from ..domain.nomenklatur import kode_induk
from ..extensions import db_session
from ..models import Indikator
from ..models import NodeRencana
from ..models import Nomenklatur
from ..models import PerangkatDaerah
from ..models import RealisasiAnggaran
from ..models import RealisasiKinerja
from ..models import Sasaran
from ..models import Satuan
from ..models import Tahun
from ..models import TargetAnggaran
from ..models import TargetKinerja
from ..models import UnitKerja

#: Row kinds of the plan tree, top-down (also the order of ``BarisRencana.jenis``).
JENIS_BARIS = ("sasaran", "urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan", "indikator")
_KEDALAMAN = {jenis: nomor for nomor, jenis in enumerate(JENIS_BARIS[:-1])}
#: Label of the group holding nodes that are not linked to any sasaran.
URAIAN_TANPA_SASARAN = "Belum dikaitkan dengan sasaran"


@dataclass(frozen=True)
class UnitData:
    """A unit kerja (Sekretariat or Bidang) of the agency."""

    id: int
    kode: str
    nama: str
    jenis: str
    urutan: int


@dataclass(frozen=True)
class SasaranData:
    """A sasaran strategis of the Perjanjian Kinerja."""

    id: int
    kode: str
    uraian: str
    urutan: int


@dataclass(frozen=True)
class NodeData:
    """A program, kegiatan or sub kegiatan of one unit's plan."""

    id: int
    parent_id: int | None
    level: str
    kode: str
    nama: str
    unit_kerja_id: int
    unit_nama: str
    sasaran_id: int | None
    #: Budget ceiling (Rupiah); only sub kegiatan carry one.
    pagu: Decimal | None


@dataclass(frozen=True)
class IndikatorData:
    """An indicator on a sasaran (IKU: ``node_id`` None, ``unit_kerja_id`` None) or on a node."""

    id: int
    sasaran_id: int | None
    node_id: int | None
    uraian: str
    satuan: str
    polaritas: Polaritas
    agregasi: Agregasi
    rumus_negatif: RumusNegatif
    #: The annual target (single or range), None when not set yet.
    target: Target | None
    unit_kerja_id: int | None
    urutan: int

    @property
    def is_iku(self) -> bool:
        """True for a sasaran-level indicator (IKU)."""
        return self.node_id is None

    @property
    def induk(self) -> tuple[str, int]:
        """What carries the indicator: ``("sasaran", id)`` or ``("node", id)``."""
        if self.node_id is not None:
            return ("node", self.node_id)
        return ("sasaran", self.sasaran_id)  # type: ignore[return-value]


@dataclass(frozen=True)
class Catatan:
    """The narrative written with one month's realisasi; empty fields are None."""

    keterangan: str | None = None
    faktor_pendorong: str | None = None
    faktor_penghambat: str | None = None
    tindak_lanjut: str | None = None

    @property
    def kosong(self) -> bool:
        """True when no field is filled in."""
        return not (self.keterangan or self.faktor_pendorong or self.faktor_penghambat or self.tindak_lanjut)


#: ``{id: {bulan: nilai}}``; a missing month or None value means no data (belum lapor for realisasi).
NilaiBulanan = Mapping[int, Mapping[int, Decimal | None]]


@dataclass(frozen=True)
class DataRencana:
    """An agency's plan for one year, with every monthly target and realisasi, as plain values.

    Built by :func:`load_rencana`; read-only. Collections keep the display order (sasaran by
    urutan, nodes by code, indicators by urutan).
    """

    perangkat_daerah_id: int
    perangkat_daerah_nama: str
    tahun_id: int
    tahun: int
    #: The unit the data was filtered to; None = the whole agency (IKU included).
    unit_kerja_id: int | None
    unit: tuple[UnitData, ...]
    sasaran: tuple[SasaranData, ...]
    node: tuple[NodeData, ...]
    indikator: tuple[IndikatorData, ...]
    target_kinerja: NilaiBulanan
    realisasi_kinerja: NilaiBulanan
    #: ``{(indikator_id, bulan): Catatan}``, only non-empty notes.
    catatan_kinerja: Mapping[tuple[int, int], Catatan]
    target_anggaran: NilaiBulanan
    realisasi_anggaran: NilaiBulanan
    #: ``{(node_id, bulan): Catatan}``, only non-empty notes.
    catatan_anggaran: Mapping[tuple[int, int], Catatan]
    #: Names of urusan and bidang urusan by code (``"5"``, ``"5.03"``), for the grouping rows.
    nama_nomenklatur: Mapping[str, str]
    #: Last month with any realisasi (kinerja or anggaran) in the data; None before the first report.
    bulan_realisasi_terakhir: int | None

    @property
    def unit_by_id(self) -> Mapping[int, UnitData]:
        """Units by id."""
        return {u.id: u for u in self.unit}


def load_rencana(*, perangkat_daerah_id: int, tahun_id: int, unit_kerja_id: int | None = None,
                 dengan_realisasi: bool = True, sampai_bulan: int = 12) -> DataRencana:
    """Load an agency's plan for a year with all monthly targets, realisasi and notes.

    Runs eight SQL statements whatever the size of the plan (header, units, sasaran, nodes,
    indicators, kinerja values, anggaran values, urusan/bidang urusan names).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year (``sipekerja_tahun.id``).
    :param unit_kerja_id: restrict to one unit's nodes and indicators (a Bidang account); IKU on
        sasaran are included only when this is None.
    :param dengan_realisasi: False skips realisasi and notes (the plan view shows none of them).
    :param sampai_bulan: load monthly values of months 1..sampai_bulan only (a month's form needs
        nothing later).
    :return: the plan as plain frozen values.
    :raise NilaiTidakValid: when the agency or the year does not exist.
    """
    kepala = db_session.execute(
        select(PerangkatDaerah.nama, select(Tahun.tahun).where(Tahun.id == tahun_id).scalar_subquery().label("tahun"))
        .where(PerangkatDaerah.id == perangkat_daerah_id)
    ).one_or_none()
    if kepala is None or kepala.tahun is None:
        raise NilaiTidakValid("Perangkat daerah atau tahun tidak ditemukan.")

    unit_query = select(UnitKerja.id, UnitKerja.kode, UnitKerja.nama, UnitKerja.jenis, UnitKerja.urutan).where(
        UnitKerja.perangkat_daerah_id == perangkat_daerah_id
    ).order_by(UnitKerja.urutan, UnitKerja.nama)
    if unit_kerja_id is not None:
        unit_query = unit_query.where(UnitKerja.id == unit_kerja_id)
    unit = tuple(UnitData(*row) for row in db_session.execute(unit_query))
    nama_unit = {u.id: u.nama for u in unit}

    sasaran = tuple(
        SasaranData(*row)
        for row in db_session.execute(
            select(Sasaran.id, Sasaran.kode, Sasaran.uraian, Sasaran.urutan)
            .where(Sasaran.perangkat_daerah_id == perangkat_daerah_id, Sasaran.tahun_id == tahun_id)
            .order_by(Sasaran.urutan, Sasaran.kode)
        )
    )

    node_filter = [NodeRencana.perangkat_daerah_id == perangkat_daerah_id, NodeRencana.tahun_id == tahun_id]
    if unit_kerja_id is not None:
        node_filter.append(NodeRencana.unit_kerja_id == unit_kerja_id)
    node = tuple(
        NodeData(id=r.id, parent_id=r.parent_id, level=r.level, kode=r.kode, nama=r.nama,
                 unit_kerja_id=r.unit_kerja_id, unit_nama=nama_unit.get(r.unit_kerja_id, ""),
                 sasaran_id=r.sasaran_id, pagu=r.pagu)
        for r in db_session.execute(
            select(NodeRencana.id, NodeRencana.parent_id, NodeRencana.level, NodeRencana.kode, NodeRencana.nama,
                   NodeRencana.unit_kerja_id, NodeRencana.sasaran_id, NodeRencana.pagu)
            .where(*node_filter)
            .order_by(NodeRencana.kode, NodeRencana.unit_kerja_id)
        )
    )

    indikator_filter = [Indikator.perangkat_daerah_id == perangkat_daerah_id, Indikator.tahun_id == tahun_id]
    if unit_kerja_id is not None:
        # Through the node, so the indicator follows the unit that owns its node.
        indikator_filter.append(
            Indikator.node_id.in_(select(NodeRencana.id).where(*node_filter))
        )
    indikator = tuple(
        IndikatorData(
            id=r.id, sasaran_id=r.sasaran_id, node_id=r.node_id, uraian=r.uraian, satuan=r.satuan,
            polaritas=Polaritas(r.polaritas), agregasi=Agregasi(r.agregasi),
            rumus_negatif=RumusNegatif(r.rumus_negatif),
            target=target_dari_kolom(r.target_tahunan, r.target_atas), unit_kerja_id=r.unit_kerja_id, urutan=r.urutan,
        )
        for r in db_session.execute(
            select(Indikator.id, Indikator.sasaran_id, Indikator.node_id, Indikator.uraian,
                   Satuan.nama.label("satuan"), Indikator.polaritas, Indikator.agregasi, Indikator.rumus_negatif,
                   Indikator.target_tahunan, Indikator.target_atas, Indikator.unit_kerja_id, Indikator.urutan)
            .join(Satuan, Satuan.id == Indikator.satuan_id)
            .where(*indikator_filter)
            .order_by(Indikator.urutan, Indikator.id)
        )
    )

    indikator_ids = select(Indikator.id).where(*indikator_filter)
    target_kinerja, realisasi_kinerja, catatan_kinerja, akhir_kinerja = _load_bulanan(
        TargetKinerja, RealisasiKinerja, "indikator_id", indikator_ids, dengan_realisasi, sampai_bulan
    )
    node_ids = select(NodeRencana.id).where(*node_filter)
    target_anggaran, realisasi_anggaran, catatan_anggaran, akhir_anggaran = _load_bulanan(
        TargetAnggaran, RealisasiAnggaran, "node_id", node_ids, dengan_realisasi, sampai_bulan
    )
    # All urusan and bidang urusan rows: a few dozen for the whole national list.
    nama_nomenklatur = {
        kode: nama
        for kode, nama in db_session.execute(
            select(Nomenklatur.kode, Nomenklatur.nama).where(Nomenklatur.level.in_(("urusan", "bidang_urusan")))
        )
    }
    bulan_akhir = [b for b in (akhir_kinerja, akhir_anggaran) if b is not None]
    return DataRencana(
        perangkat_daerah_id=perangkat_daerah_id,
        perangkat_daerah_nama=kepala.nama,
        tahun_id=tahun_id,
        tahun=kepala.tahun,
        unit_kerja_id=unit_kerja_id,
        unit=unit,
        sasaran=sasaran,
        node=node,
        indikator=indikator,
        target_kinerja=target_kinerja,
        realisasi_kinerja=realisasi_kinerja,
        catatan_kinerja=catatan_kinerja,
        target_anggaran=target_anggaran,
        realisasi_anggaran=realisasi_anggaran,
        catatan_anggaran=catatan_anggaran,
        nama_nomenklatur=MappingProxyType(nama_nomenklatur),
        bulan_realisasi_terakhir=max(bulan_akhir) if bulan_akhir else None,
    )


def _load_bulanan(model_target, model_realisasi, kunci: str, ids_query, dengan_realisasi: bool = True,
                  sampai_bulan: int = 12):
    """Targets and realisasi (with notes) of one kind in ONE statement (UNION ALL)."""
    kosong = cast(null(), String)
    target_sel = select(
        literal("t").label("jenis"), getattr(model_target, kunci).label("kunci"), model_target.bulan,
        model_target.nilai, kosong.label("keterangan"), kosong.label("faktor_pendorong"),
        kosong.label("faktor_penghambat"), kosong.label("tindak_lanjut"),
    ).where(getattr(model_target, kunci).in_(ids_query), model_target.bulan <= sampai_bulan)
    realisasi_sel = select(
        literal("r"), getattr(model_realisasi, kunci), model_realisasi.bulan, model_realisasi.nilai,
        model_realisasi.keterangan, model_realisasi.faktor_pendorong, model_realisasi.faktor_penghambat,
        model_realisasi.tindak_lanjut,
    ).where(getattr(model_realisasi, kunci).in_(ids_query), model_realisasi.bulan <= sampai_bulan)
    target: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    realisasi: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    catatan: dict[tuple[int, int], Catatan] = {}
    bulan_akhir = None
    for jenis, id_, bulan, nilai, ket, pendorong, penghambat, tindak in db_session.execute(
        union_all(target_sel, realisasi_sel) if dengan_realisasi else target_sel
    ):
        if jenis == "t":
            target[id_][bulan] = nilai
            continue
        realisasi[id_][bulan] = nilai
        if nilai is not None and (bulan_akhir is None or bulan > bulan_akhir):
            bulan_akhir = bulan
        if ket or pendorong or penghambat or tindak:
            catatan[(id_, bulan)] = Catatan(ket or None, pendorong or None, penghambat or None, tindak or None)
    return (
        MappingProxyType({k: MappingProxyType(v) for k, v in target.items()}),
        MappingProxyType({k: MappingProxyType(v) for k, v in realisasi.items()}),
        MappingProxyType(catatan),
        bulan_akhir,
    )


@dataclass(frozen=True)
class BarisRencana:
    """One row of the plan tree, ready to print.

    ``kunci`` identifies the row across calls (merged program/kegiatan rows have one key for the
    nodes of several units); :mod:`~sipekerja_module.queries.pengukuran` keys its roll-ups by it.
    """

    kunci: str
    #: One of :data:`JENIS_BARIS`.
    jenis: str
    #: 0 for sasaran, +1 per level; an indicator sits one below the row that carries it.
    kedalaman: int
    kode: str
    nama: str
    #: Owning unit name(s), joined with ", " for merged rows; "" for sasaran/urusan/IKU.
    unit: str
    satuan: str
    #: The annual target as written (``"12"``, ``"80–90"``, ``"–"``); "" for non-indicator rows.
    target_teks: str
    #: Sum of the pagu of every sub kegiatan below (or of this one); None when none is set.
    pagu: Decimal | None
    #: Sum of the monthly target anggaran below; None when none is set.
    target_anggaran: Decimal | None
    sasaran_id: int | None = None
    #: The plan nodes this row stands for (several for a merged program/kegiatan).
    node_ids: tuple[int, ...] = ()
    indikator_id: int | None = None
    #: Units owning the nodes (or the indicator); empty for sasaran/urusan rows and IKU.
    unit_kerja_ids: tuple[int, ...] = ()


class _Grup:
    __slots__ = ("kunci", "jenis", "kode", "nama", "sasaran_id", "node", "anak", "indikator")

    def __init__(self, kunci: str, jenis: str, kode: str, nama: str, sasaran_id: int | None) -> None:
        self.kunci, self.jenis, self.kode, self.nama, self.sasaran_id = kunci, jenis, kode, nama, sasaran_id
        self.node: list[NodeData] = []
        self.anak: dict[str, _Grup] = {}
        self.indikator: list[IndikatorData] = []


def pohon_rencana(data: DataRencana) -> list[BarisRencana]:
    """Flatten the plan into ordered tree rows.

    Order: sasaran (by urutan), its IKU, then urusan → bidang urusan → program → kegiatan → sub
    kegiatan by code, each followed by its own indicators (by urutan). Program and kegiatan nodes
    of different units with the same code under the same sasaran are merged into one row; sub
    kegiatan stay one row per node. Nodes without a sasaran come last under
    :data:`URAIAN_TANPA_SASARAN`. With a unit filter, sasaran rows without content are left out.

    :param data: the plan from :func:`load_rencana`.
    :return: the rows, parents before children.
    """
    node_by_id = {n.id: n for n in data.node}
    indikator_node: dict[int, list[IndikatorData]] = defaultdict(list)
    iku: dict[int, list[IndikatorData]] = defaultdict(list)
    for ind in data.indikator:
        if ind.node_id is not None:
            indikator_node[ind.node_id].append(ind)
        elif ind.sasaran_id is not None:
            iku[ind.sasaran_id].append(ind)

    akar: dict[str, _Grup] = {}
    for s in data.sasaran:
        grup = _Grup(f"S{s.id}", "sasaran", s.kode, s.uraian, s.id)
        grup.indikator = iku.get(s.id, [])
        akar[grup.kunci] = grup

    grup_node: dict[int, _Grup] = {}

    def grup_untuk(node: NodeData) -> _Grup:
        if node.id in grup_node:
            return grup_node[node.id]
        induk = node_by_id.get(node.parent_id) if node.parent_id is not None else None
        if induk is not None and node.level != "program":
            wadah = grup_untuk(induk)
        else:
            wadah = _wadah_program(node, akar, data, node_by_id)
        if node.level == "sub_kegiatan":
            kunci = f"N{node.id}"
        else:
            kunci = f"{wadah.kunci}|{node.kode}"
        grup = wadah.anak.get(kunci)
        if grup is None:
            grup = wadah.anak[kunci] = _Grup(kunci, node.level, node.kode, node.nama, wadah.sasaran_id)
        grup.node.append(node)
        grup.indikator.extend(indikator_node.get(node.id, ()))
        grup_node[node.id] = grup
        return grup

    for node in data.node:
        grup_untuk(node)

    baris: list[BarisRencana] = []
    unit_by_id = data.unit_by_id
    for grup in sorted(akar.values(), key=lambda g: g.kunci == "S-"):
        if data.unit_kerja_id is not None and not grup.anak and not grup.indikator:
            continue
        _emit(grup, 0, baris, data, unit_by_id)
    return baris


def _wadah_program(node: NodeData, akar: dict[str, _Grup], data: DataRencana,
                   node_by_id: Mapping[int, NodeData]) -> _Grup:
    """The bidang urusan group a top-level node hangs under (creating urusan groups on the way)."""
    puncak = node
    while puncak.parent_id is not None and puncak.parent_id in node_by_id:
        puncak = node_by_id[puncak.parent_id]
    kunci_sasaran = f"S{puncak.sasaran_id}" if puncak.sasaran_id is not None else "S-"
    if kunci_sasaran not in akar:
        akar[kunci_sasaran] = _Grup(kunci_sasaran, "sasaran", "", URAIAN_TANPA_SASARAN, None)
    wadah = akar[kunci_sasaran]
    for kode in _jalur_urusan(node.kode):
        kunci = f"{wadah.kunci}|{kode}"
        if kunci not in wadah.anak:
            jenis = "urusan" if "." not in kode else "bidang_urusan"
            wadah.anak[kunci] = _Grup(kunci, jenis, kode, data.nama_nomenklatur.get(kode, kode), wadah.sasaran_id)
        wadah = wadah.anak[kunci]
    return wadah


def _jalur_urusan(kode: str) -> tuple[str, ...]:
    """Urusan and bidang urusan codes above a node code, e.g. ``("5", "5.03")``."""
    try:
        jalur = []
        induk = kode_induk(kode)
        while induk is not None:
            jalur.insert(0, induk)
            induk = kode_induk(induk)
    except NilaiTidakValid:
        return ()
    return tuple(k for k in jalur if k.count(".") <= 1)


def _emit(grup: _Grup, kedalaman: int, baris: list[BarisRencana], data: DataRencana,
          unit_by_id: Mapping[int, UnitData]) -> tuple[Decimal | None, Decimal | None]:
    """Append ``grup`` and its subtree in pre-order; return (pagu, target anggaran) of the subtree."""
    posisi = len(baris)
    baris.append(None)  # type: ignore[arg-type]  # placeholder: totals are known after the children
    pagu, target_anggaran = None, None
    with localcontext(KONTEKS_HITUNG):
        for node in grup.node:
            if node.pagu is not None:
                pagu = node.pagu if pagu is None else pagu + node.pagu
            for nilai in data.target_anggaran.get(node.id, {}).values():
                if nilai is not None:
                    target_anggaran = nilai if target_anggaran is None else target_anggaran + nilai
    for ind in grup.indikator:
        baris.append(BarisRencana(
            kunci=f"I{ind.id}", jenis="indikator", kedalaman=kedalaman + 1, kode="", nama=ind.uraian,
            unit=unit_by_id[ind.unit_kerja_id].nama if ind.unit_kerja_id in unit_by_id else "",
            satuan=ind.satuan, target_teks=format_target(ind.target), pagu=None, target_anggaran=None,
            sasaran_id=grup.sasaran_id, node_ids=(ind.node_id,) if ind.node_id is not None else (),
            indikator_id=ind.id, unit_kerja_ids=(ind.unit_kerja_id,) if ind.unit_kerja_id is not None else (),
        ))
    for anak in sorted(grup.anak.values(), key=lambda g: (g.kode, g.node[0].unit_nama if g.node else "")):
        pagu_anak, target_anak = _emit(anak, kedalaman + 1, baris, data, unit_by_id)
        with localcontext(KONTEKS_HITUNG):
            if pagu_anak is not None:
                pagu = pagu_anak if pagu is None else pagu + pagu_anak
            if target_anak is not None:
                target_anggaran = target_anak if target_anggaran is None else target_anggaran + target_anak
    unit_ids = tuple(sorted({n.unit_kerja_id for n in grup.node},
                            key=lambda u: (unit_by_id[u].urutan, unit_by_id[u].nama) if u in unit_by_id else (0, "")))
    baris[posisi] = BarisRencana(
        kunci=grup.kunci, jenis=grup.jenis, kedalaman=kedalaman, kode=grup.kode, nama=grup.nama,
        unit=", ".join(unit_by_id[u].nama for u in unit_ids if u in unit_by_id), satuan="", target_teks="",
        pagu=pagu, target_anggaran=target_anggaran, sasaran_id=grup.sasaran_id,
        node_ids=tuple(n.id for n in grup.node), unit_kerja_ids=unit_ids,
    )
    return pagu, target_anggaran
