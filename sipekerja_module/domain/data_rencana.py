"""The yearly plan as plain values: what a query loads and every measurement reads.

Frozen dataclasses only (no database, no framework): ``queries.rencana.load_rencana`` builds a
:class:`DataRencana`; :mod:`.pohon` turns it into tree rows and :mod:`.pengukuran` measures it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from .capaian import Agregasi
from .capaian import Polaritas
from .capaian import RumusNegatif
from .capaian import Target

if TYPE_CHECKING:  # versi_target builds on this module
    from .versi_target import AturanVersi
    from .versi_target import VersiData


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
class ManualIndikator:
    """The indicator's manual: what is measured, how, from which data, who answers for it.

    Shown to whoever enters or checks the indicator and printed in the Lampiran PK; empty fields are None.
    """

    definisi_operasional: str | None = None
    #: The formula in words, e.g. "jumlah ASN naik pangkat tepat waktu / jumlah ASN yang berhak × 100%".
    formula: str | None = None
    sumber_data: str | None = None
    penanggung_jawab: str | None = None

    @property
    def kosong(self) -> bool:
        """True when nothing is filled in."""
        return not (self.definisi_operasional or self.formula or self.sumber_data or self.penanggung_jawab)


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
    manual: ManualIndikator = ManualIndikator()

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
#: ``{indikator_id: {bulan: target}}``: a Decimal, or a range :class:`~.capaian.Target` ("80–90").
TargetBulanan = Mapping[int, Mapping[int, "Decimal | Target | None"]]


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
    target_kinerja: TargetBulanan
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
    #: ``(indikator_id, bulan)`` of loaded realisasi kinerja whose unit's triwulan is not Terverifikasi.
    kinerja_belum_diverifikasi: frozenset[tuple[int, int]] = frozenset()
    #: ``(node_id, bulan)`` of loaded realisasi anggaran whose unit's triwulan is not Terverifikasi.
    anggaran_belum_diverifikasi: frozenset[tuple[int, int]] = frozenset()
    #: True when only verified months were loaded (printed reports, rankings, the kabupaten dashboard).
    hanya_terverifikasi: bool = False
    #: The perubahan versions of the year's targets (``domain.versi_target``); empty = murni only,
    #: and then the fields below are empty too and the targets are the murni ones.
    versi: tuple[VersiData, ...] = ()
    #: The agency's rule that chose the version of each month (None without perubahan).
    aturan_versi: AturanVersi | None = None
    #: The one version shown (urutan, 0 = murni) instead of the rule, e.g. on the plan page.
    versi_dipilih: int | None = None
    #: ``{urutan: {indikator_id: annual target}}`` of every version, murni (0) included.
    target_per_versi: Mapping[int, Mapping[int, Target | None]] = field(default_factory=lambda: MappingProxyType({}))
    #: ``{urutan: {node_id: pagu}}`` of every version, murni (0) included.
    pagu_per_versi: Mapping[int, Mapping[int, Decimal | None]] = field(default_factory=lambda: MappingProxyType({}))
    #: The monthly values were loaded for months 1..``sampai_bulan`` (a month's form needs no later month).
    sampai_bulan: int = 12
    #: The stored versions of what was loaded, when it is committed data: the agency's plan version
    #: and each indicator's and node's version of its monthly values, evidence included. A cached
    #: block keyed by them is never older than the data; None when unknown (not loaded from the
    #: database, or read inside a transaction that has written), and then nothing may be cached.
    versi_rencana: int | None = None
    versi_isi_indikator: Mapping[int, int] = field(default_factory=lambda: MappingProxyType({}))
    versi_isi_node: Mapping[int, int] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def unit_by_id(self) -> Mapping[int, UnitData]:
        """Units by id."""
        return {u.id: u for u in self.unit}


def saring_unit(data: DataRencana, unit_kerja_id: int) -> DataRencana:
    """The plan narrowed to one unit's own indicators and plan nodes (no IKU), in the same order,
    with their values, notes, flags and versions only: what the unit's roll-up in a ranking is
    computed from (``domain.pengukuran.hitung_per_unit``), without the rest of the agency.

    Unlike ``load_rencana(..., unit_kerja_id=...)`` the sasaran and the other units' rows are not
    reloaded; the plan's own fields (year, versions of targets, nomenclature) stay as they are.

    :param data: the agency's plan.
    :param unit_kerja_id: one of ``data.unit``.
    :return: the narrowed plan.
    """
    indikator = tuple(ind for ind in data.indikator if ind.unit_kerja_id == unit_kerja_id)
    node = tuple(n for n in data.node if n.unit_kerja_id == unit_kerja_id)
    id_indikator = {ind.id for ind in indikator}
    id_node = {n.id for n in node}

    def pilih(nilai: Mapping, ids: set[int]) -> Mapping:
        return MappingProxyType({k: v for k, v in nilai.items() if k in ids})

    def pilih_pasangan(nilai: Mapping, ids: set[int]) -> Mapping:
        return MappingProxyType({k: v for k, v in nilai.items() if k[0] in ids})

    kinerja = pilih(data.realisasi_kinerja, id_indikator)
    anggaran = pilih(data.realisasi_anggaran, id_node)
    return replace(
        data,
        unit_kerja_id=unit_kerja_id,
        unit=tuple(u for u in data.unit if u.id == unit_kerja_id),
        node=node,
        indikator=indikator,
        target_kinerja=pilih(data.target_kinerja, id_indikator),
        realisasi_kinerja=kinerja,
        catatan_kinerja=pilih_pasangan(data.catatan_kinerja, id_indikator),
        target_anggaran=pilih(data.target_anggaran, id_node),
        realisasi_anggaran=anggaran,
        catatan_anggaran=pilih_pasangan(data.catatan_anggaran, id_node),
        bulan_realisasi_terakhir=_bulan_terakhir(kinerja, anggaran),
        kinerja_belum_diverifikasi=frozenset(k for k in data.kinerja_belum_diverifikasi if k[0] in id_indikator),
        anggaran_belum_diverifikasi=frozenset(k for k in data.anggaran_belum_diverifikasi if k[0] in id_node),
        versi_isi_indikator=pilih(data.versi_isi_indikator, id_indikator),
        versi_isi_node=pilih(data.versi_isi_node, id_node),
    )


def saring_terverifikasi(data: DataRencana) -> DataRencana:
    """The same plan with only the verified realisasi (and their notes): what printed reports,
    rankings and the kabupaten dashboard count (DOMAIN.md "Official figures are verified figures").

    Equals what ``load_rencana(..., hanya_terverifikasi=True)`` loads, without a second load.

    :param data: a plan loaded with every realisasi and its verification flags.
    :return: the filtered plan (``data`` itself when nothing is unverified).
    """
    if data.hanya_terverifikasi:
        return data
    if not data.kinerja_belum_diverifikasi and not data.anggaran_belum_diverifikasi:
        return replace(data, hanya_terverifikasi=True)

    def saring(nilai: NilaiBulanan, belum: frozenset[tuple[int, int]]) -> NilaiBulanan:
        hasil = {k: {b: v for b, v in bulanan.items() if (k, b) not in belum} for k, bulanan in nilai.items()}
        return MappingProxyType({k: MappingProxyType(v) for k, v in hasil.items() if v})

    kinerja = saring(data.realisasi_kinerja, data.kinerja_belum_diverifikasi)
    anggaran = saring(data.realisasi_anggaran, data.anggaran_belum_diverifikasi)
    return replace(
        data,
        realisasi_kinerja=kinerja,
        realisasi_anggaran=anggaran,
        catatan_kinerja=MappingProxyType({k: c for k, c in data.catatan_kinerja.items()
                                          if k not in data.kinerja_belum_diverifikasi}),
        catatan_anggaran=MappingProxyType({k: c for k, c in data.catatan_anggaran.items()
                                           if k not in data.anggaran_belum_diverifikasi}),
        bulan_realisasi_terakhir=_bulan_terakhir(kinerja, anggaran),
        kinerja_belum_diverifikasi=frozenset(),
        anggaran_belum_diverifikasi=frozenset(),
        hanya_terverifikasi=True,
    )


def _bulan_terakhir(*nilai: NilaiBulanan) -> int | None:
    """The last month with a value in any of the realisasi mappings; None when there is none."""
    bulan = [b for n in nilai for bulanan in n.values() for b, v in bulanan.items() if v is not None]
    return max(bulan) if bulan else None
