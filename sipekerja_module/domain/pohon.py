"""The plan tree the users see, built from the plain plan: Sasaran → Urusan → Bidang Urusan →
Program → Kegiatan → Sub Kegiatan, with indicators below the row that carries them.

Pure: :func:`pohon_rencana` reads only a :class:`~.data_rencana.DataRencana`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext

from .angka import KONTEKS_HITUNG
from .capaian import format_target
from .data_rencana import DataRencana
from .data_rencana import IndikatorData
from .data_rencana import NodeData
from .data_rencana import UnitData
from .errors import NilaiTidakValid
from .nomenklatur import kode_induk

#: Row kinds of the plan tree, top-down (also the order of ``BarisRencana.jenis``).
JENIS_BARIS = ("sasaran", "urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan", "indikator")
_KEDALAMAN = {jenis: nomor for nomor, jenis in enumerate(JENIS_BARIS[:-1])}
#: Label of the group holding nodes that are not linked to any sasaran.
URAIAN_TANPA_SASARAN = "Belum dikaitkan dengan sasaran"


@dataclass(frozen=True)
class BarisRencana:
    """One row of the plan tree, ready to print.

    ``kunci`` identifies the row across calls (merged program/kegiatan rows have one key for the
    nodes of several units); :mod:`~sipekerja_module.domain.pengukuran` keys its roll-ups by it.
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

    :param data: the plan (``queries.rencana.load_rencana``).
    :return: the rows, parents before children.
    """
    node_by_id = {n.id: n for n in data.node}
    indikator_node, iku = _indikator_per_induk(data)
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


def _indikator_per_induk(data: DataRencana) -> tuple[dict[int, list[IndikatorData]], dict[int, list[IndikatorData]]]:
    """The indicators of each node, and the IKU of each sasaran, in display order."""
    indikator_node: dict[int, list[IndikatorData]] = defaultdict(list)
    iku: dict[int, list[IndikatorData]] = defaultdict(list)
    for ind in data.indikator:
        if ind.node_id is not None:
            indikator_node[ind.node_id].append(ind)
        elif ind.sasaran_id is not None:
            iku[ind.sasaran_id].append(ind)
    return indikator_node, iku


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
