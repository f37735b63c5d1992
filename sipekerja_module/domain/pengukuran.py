"""Pengukuran Kinerja: capaian, predikat, roll-ups, serapan anggaran and the ranking of units.

:func:`hitung_pengukuran` is pure: it takes the plan as plain values (a
:class:`~.data_rencana.DataRencana`, loaded by ``queries.rencana.load_rencana``), a period and a
predikat scale (``queries.pengukuran.load_skala_aktif``), and returns frozen dataclasses in which
every figure is already computed, so templates, the PDF and the spreadsheet only format.

How "belum lapor" and "data s.d. <bulan>" are represented (every renderer reads these, nothing else):

- :class:`~.capaian.CapaianPeriode` compares like with like: the months reported up to the period's
  last month (``bulan_dibandingkan``) against the targets of the same months.
  ``CapaianPeriode.belum_lapor`` is True when none of the period's *own* months has realisasi: a
  month column (*Target dan Capaian Kerja*) prints "belum lapor" then.
- :attr:`HasilIndikator.belum_lapor` is True only when *no* month up to the period's end has
  realisasi: the row prints "belum lapor" instead of realisasi, capaian and predikat, and the
  indicator is left out of means. Otherwise the latest known figure is shown, and
  :attr:`HasilIndikator.data_sd` is the last reported month when it is earlier than the period's
  last month: the figure is labelled "data s.d. <bulan>" (:func:`label_data_sd`).
- :attr:`HasilIndikator.belum_diverifikasi` is True when a compared month is not verified yet
  (screens mark it "belum diverifikasi"; printed reports load verified months only).

Roll-ups (DOMAIN.md "Roll-up"; no regulation): the plain mean of the indicators' capaian to date
*as displayed* (clamped at 0, rounded, capped by the scale's ``batas_rerata`` when set) of every
indicator in the subtree (a sasaran includes its IKU and the indicators of the program/kegiatan/sub
kegiatan linked to it); undefined and belum lapor figures are left out and counted
(``Ringkasan.jumlah_belum_terukur``). A group's serapan sums only the (sub kegiatan, month) pairs
that reported, against the targets of the same pairs: a child's belum lapor is never a 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from decimal import Decimal
from decimal import localcontext
from functools import cached_property
from functools import partial
from operator import itemgetter
from types import MappingProxyType

from .angka import KONTEKS_HITUNG
from .capaian import CapaianPeriode
from .capaian import Serapan
from .capaian import hitung_capaian_bulanan
from .capaian import hitung_capaian_periode
from .capaian import hitung_capaian_periode_banyak
from .capaian import hitung_serapan
from .capaian import hitung_serapan_bulanan
from .capaian import tampilkan_capaian
from .catatan import CatatanPeriode
from .catatan import gabung_catatan_urut
from .data_rencana import Catatan
from .data_rencana import DataRencana
from .data_rencana import IndikatorData
from .data_rencana import NodeData
from .data_rencana import UnitData
from .data_rencana import saring_unit
from .periode import NAMA_BULAN
from .periode import Periode
from .pohon import BarisRencana
from .pohon import pohon_rencana
from .predikat import SKALA_PERMENDAGRI_86_2017
from .predikat import BandPredikat
from .predikat import Ringkasan
from .predikat import SkalaPredikat
from .predikat import nilai_rerata
from .predikat import rangkum_terukur
from .predikat import tentukan_predikat


@dataclass(frozen=True)
class HasilIndikator:
    """Measurement of one indicator for the period."""

    indikator: IndikatorData
    #: Raw domain figures (unrounded, unclamped): target/realisasi/capaian to date and vs the year.
    capaian: CapaianPeriode
    #: True when no month up to the period's end has realisasi: show "belum lapor", never 0% or 100%.
    belum_lapor: bool
    #: Capaian to date for display: clamped at 0, None when undefined or belum lapor.
    capaian_sd: Decimal | None
    #: Capaian against the annual target for display: clamped at 0, None when undefined or belum lapor.
    capaian_tahunan: Decimal | None
    #: Band of the unrounded capaian to date; None when undefined or belum lapor.
    predikat_sd: BandPredikat | None
    #: Band of the unrounded capaian against the annual target.
    predikat_tahunan: BandPredikat | None
    catatan: CatatanPeriode
    #: The last reported month when it is before the period's last month ("data s.d. Agustus").
    data_sd: int | None = None
    #: True when a compared month is not verified yet ("belum diverifikasi").
    belum_diverifikasi: bool = False

    @property
    def label_data_sd(self) -> str | None:
        """``"data s.d. Agustus"`` when the figure stops before the period's end, else None."""
        return label_data_sd(self.data_sd)

    @property
    def capaian_sd_mentah(self) -> Decimal | None:
        """Raw capaian to date as used in roll-ups (None when belum lapor)."""
        return None if self.belum_lapor else self.capaian.capaian_sd

    @property
    def capaian_tahunan_mentah(self) -> Decimal | None:
        """Raw capaian against the annual target as used in roll-ups (None when belum lapor)."""
        return None if self.belum_lapor else self.capaian.capaian_tahunan


@dataclass(frozen=True)
class HasilKelompok:
    """Roll-up of a group of indicators and sub kegiatan budgets (a tree row, node, unit, agency)."""

    #: Mean of the raw capaian to date, and the count per predikat.
    ringkasan_sd: Ringkasan
    #: The same against the annual targets.
    ringkasan_tahunan: Ringkasan
    #: Band of the unrounded mean to date; None when nothing is measurable.
    predikat_sd: BandPredikat | None
    predikat_tahunan: BandPredikat | None
    #: Budget absorption of the sub kegiatan in the group; None when the group has no budget data.
    serapan: Serapan | None
    #: Notes of the row's own indicators and own budget during the period.
    catatan: CatatanPeriode

    @property
    def capaian_sd(self) -> Decimal | None:
        """Mean capaian to date for display (clamped at 0), None when nothing is measurable."""
        return tampilkan_capaian(self.ringkasan_sd.rata_rata)

    @property
    def capaian_tahunan(self) -> Decimal | None:
        """Mean capaian against the annual targets for display (clamped at 0)."""
        return tampilkan_capaian(self.ringkasan_tahunan.rata_rata)


@dataclass(frozen=True)
class PeringkatUnit:
    """A unit's place in the ranking by mean capaian to date."""

    #: 1 = best; equal means share a place (1, 2, 2, 4); None when nothing is measurable.
    peringkat: int | None
    unit: UnitData
    hasil: HasilKelompok


@dataclass(frozen=True)
class Pengukuran:
    """Everything measured for one plan and one period."""

    periode: Periode
    skala: SkalaPredikat
    #: The plan tree rows (see :func:`~sipekerja_module.domain.pohon.pohon_rencana`).
    baris: tuple[BarisRencana, ...]
    #: Roll-up per tree row key (sasaran, urusan, ..., sub kegiatan; not indicator rows).
    per_baris: Mapping[str, HasilKelompok]
    per_indikator: Mapping[int, HasilIndikator]
    #: Roll-up per plan node (unmerged): its own indicators and everything below it.
    per_node: Mapping[int, HasilKelompok]
    #: Roll-up of each unit's own indicators and sub kegiatan.
    per_unit: Mapping[int, HasilKelompok]
    #: The whole plan as loaded (the agency, or one unit when filtered).
    total: HasilKelompok
    peringkat: tuple[PeringkatUnit, ...]


@dataclass(frozen=True)
class PengukuranPD:
    """One agency's plan and its measurement of the period."""

    kode: str
    nama: str
    data: DataRencana
    pengukuran: Pengukuran


_CATATAN_KOSONG = CatatanPeriode()


def label_data_sd(bulan: int | None) -> str | None:
    """The label of a figure that stops before its period's end.

    :param bulan: the last reported month, or None.
    :return: ``"data s.d. Agustus"``, or None.
    """
    return None if bulan is None else f"data s.d. {NAMA_BULAN[bulan - 1]}"
_KINERJA = "kinerja"
_ANGGARAN = "anggaran"


class _Kelompok:
    """What a group (tree row, plan node, unit, the whole plan) holds whatever the period: its
    indicators in roll-up order, the plan nodes whose budgets it sums, where its notes come from."""

    __slots__ = ("indeks", "node", "catatan", "kunci_indeks", "kunci_node", "ambil")

    def __init__(self) -> None:
        #: Positions in ``data.indikator`` of the indicators rolled up, in the order they are added.
        self.indeks: list[int] = []
        #: Plan nodes whose pagu and monthly budget are summed, in the order they are added.
        self.node: list[NodeData] = []
        #: Sources of the notes, in order: ``(_KINERJA, indikator_id)`` or ``(_ANGGARAN, node_id)``.
        self.catatan: list[tuple[str, int]] = []
        self.kunci_indeks: tuple[int, ...] = ()
        self.kunci_node: tuple[int, ...] = ()
        #: Picks the group's entries, in order, out of a list indexed like ``data.indikator``.
        self.ambil: Callable[[Sequence], Sequence] = pengambil(())


def pengambil(indeks: tuple[int, ...]) -> Callable[[Sequence], Sequence]:
    """``lambda daftar: [daftar[i] for i in indeks]`` (a tuple), done in C by ``itemgetter``."""
    if len(indeks) >= 2:
        return itemgetter(*indeks)
    if indeks:
        i = indeks[0]
        return lambda daftar: (daftar[i],)
    return lambda daftar: ()


class KerangkaPengukuran:
    """The skeleton of a measurement: which indicators and plan nodes every group (tree row, plan
    node, unit, the whole plan) rolls up, in order, and where its notes come from. It is made of the
    plan's structure alone (indicators, nodes, units, the tree rows, the nodes' pagu), never of a
    target or realisasi by month, so a caller may keep it while the structure is unchanged and pass
    it to :class:`PengukuranBaris` for every load of that plan (:func:`kerangka_pengukuran`). Never
    changed after it is built."""

    def __init__(self, data: DataRencana, baris: tuple[BarisRencana, ...]) -> None:
        #: What it was built from: a load whose structure is these very objects may use it.
        self.indikator, self.node, self.unit, self.baris = data.indikator, data.node, data.unit, baris
        self.posisi = {ind.id: i for i, ind in enumerate(data.indikator)}
        node_by_id = self.node_by_id = {n.id: n for n in data.node}
        self.per_baris: dict[str, _Kelompok] = self._kelompok_baris(baris, node_by_id)
        # Unmerged nodes, units and the whole plan.
        self.per_node: dict[int, _Kelompok] = {n.id: _Kelompok() for n in data.node}
        self.per_unit: dict[int, _Kelompok] = {u.id: _Kelompok() for u in data.unit}
        self.total = _Kelompok()
        self._isi_node_unit_total(data, node_by_id)
        for kel in self._semua_kelompok():
            kel.kunci_indeks = tuple(kel.indeks)
            kel.kunci_node = tuple(map(id, kel.node))
            kel.ambil = pengambil(kel.kunci_indeks)

    def cocok(self, data: DataRencana, baris: Sequence[BarisRencana]) -> bool:
        """Whether this skeleton is the one of ``data`` and ``baris``: built from the very same
        indicator, node and unit tuples and tree rows (identity, not equality: a cheap and exact test
        for a plan structure kept by the loader under its version)."""
        return (self.indikator is data.indikator and self.node is data.node and self.unit is data.unit
                and self.baris is baris)

    def _kelompok_baris(self, baris: tuple[BarisRencana, ...], node_by_id: Mapping[int, NodeData]
                        ) -> dict[str, _Kelompok]:
        """The group of every tree row (not indicator rows): its indicators, nodes and note sources."""
        per_baris: dict[str, _Kelompok] = {}
        # Tree rows: pre-order, so the open ancestors of a row are exactly the stack.
        tumpukan: list[tuple[int, _Kelompok]] = []
        for b in baris:
            while tumpukan and tumpukan[-1][0] >= b.kedalaman:
                tumpukan.pop()
            if b.jenis == "indikator":
                i = self.posisi[b.indikator_id]  # type: ignore[index]
                for _, kel in tumpukan:
                    kel.indeks.append(i)
                if tumpukan:
                    tumpukan[-1][1].catatan.append((_KINERJA, b.indikator_id))  # type: ignore[arg-type]
                continue
            kel = per_baris[b.kunci] = _Kelompok()
            tumpukan.append((b.kedalaman, kel))
            for node_id in b.node_ids:
                node = node_by_id[node_id]
                for _, leluhur in tumpukan:
                    leluhur.node.append(node)
                kel.catatan.append((_ANGGARAN, node_id))
        return per_baris

    def _isi_node_unit_total(self, data: DataRencana, node_by_id: Mapping[int, NodeData]) -> None:
        """Fill the groups of the unmerged nodes, the units and the whole plan."""
        posisi = self.posisi
        for ind in data.indikator:
            i = posisi[ind.id]
            self.total.indeks.append(i)
            if ind.unit_kerja_id in self.per_unit:
                self.per_unit[ind.unit_kerja_id].indeks.append(i)
            if ind.node_id in self.per_node:
                self.per_node[ind.node_id].catatan.append((_KINERJA, ind.id))
            for node_id in _jalur_node(ind.node_id, node_by_id):
                self.per_node[node_id].indeks.append(i)
        for node in data.node:
            self.total.node.append(node)
            if node.unit_kerja_id in self.per_unit:
                self.per_unit[node.unit_kerja_id].node.append(node)
            self.per_node[node.id].catatan.append((_ANGGARAN, node.id))
            for node_id in _jalur_node(node.id, node_by_id):
                self.per_node[node_id].node.append(node)

    def _semua_kelompok(self) -> Iterable[_Kelompok]:
        yield from self.per_baris.values()
        yield from self.per_node.values()
        yield from self.per_unit.values()
        yield self.total


def kerangka_pengukuran(data: DataRencana, baris: Sequence[BarisRencana] | None = None) -> KerangkaPengukuran:
    """The skeleton of a plan's measurement (:class:`KerangkaPengukuran`).

    :param data: the plan.
    :param baris: ``pohon_rencana(data)`` when the caller already has it.
    """
    return KerangkaPengukuran(data, tuple(pohon_rencana(data) if baris is None else baris))


class _Struktur:
    """The period-independent part of a measurement, built once per plan: the skeleton's groups
    (:class:`KerangkaPengukuran`, given or built), their summed budgets and their notes by month.
    Every period (twelve for the monthly report) reuses it."""

    def __init__(self, data: DataRencana, baris: tuple[BarisRencana, ...],
                 kerangka: KerangkaPengukuran | None = None) -> None:
        self.data = data
        self.baris = baris
        k = self.kerangka = KerangkaPengukuran(data, baris) if kerangka is None else kerangka
        self.posisi, self.node_by_id = k.posisi, k.node_by_id
        self.per_baris, self.per_node, self.per_unit, self.total = k.per_baris, k.per_node, k.per_unit, k.total
        #: Merged notes by the identities of the notes merged (see :meth:`catatan`).
        self._catatan_gabungan: dict[tuple[int, ...], CatatanPeriode] = {}
        #: A group's notes ``{bulan: [Catatan, ...]}`` in source order, by the group's identity, built on first use.
        self._catatan_bulan: dict[int, dict[int, list[Catatan]]] = {}
        self._anggaran: dict[tuple[int, ...], tuple[Decimal | None, dict[int, Decimal], dict[int, Decimal],
                                                    dict[int, Decimal], bool]] = {}
        self._per_node_anggaran: dict[int, tuple[list[tuple[int, Decimal]], list[tuple[int, Decimal]]]] = {}
        self._serapan: dict[tuple[tuple[int, ...], int], Serapan | None] = {}
        self._serapan_bulanan: dict[tuple[int, ...], tuple[Serapan, ...] | None] = {}

    # The notes are prepared on first use: rankings and the Pengukuran page's roll-ups show none.
    @cached_property
    def _catatan_sumber(self) -> dict[tuple[str, int | None], list[tuple[int, Catatan]]]:
        """Notes by source, month ascending."""
        sumber: dict[tuple[str, int | None], list[tuple[int, Catatan]]] = defaultdict(list)
        for (indikator_id, bulan), c in self.data.catatan_kinerja.items():
            sumber[(_KINERJA, indikator_id)].append((bulan, c))
        for (node_id, bulan), c in self.data.catatan_anggaran.items():
            sumber[(_ANGGARAN, node_id)].append((bulan, c))
        for daftar in sumber.values():
            daftar.sort(key=lambda pasangan: pasangan[0])
        return sumber

    @cached_property
    def catatan_indikator(self) -> list[dict[int, list[Catatan]]]:
        """Per indicator position: ``{bulan: [Catatan]}`` of its own notes."""
        return [self._per_bulan([(_KINERJA, ind.id)]) for ind in self.data.indikator]

    def _per_bulan(self, sumber: Iterable[tuple[str, int | None]]) -> dict[int, list[Catatan]]:
        hasil: dict[int, list[Catatan]] = {}
        for s in sumber:
            for bulan, c in self._catatan_sumber.get(s, ()):
                hasil.setdefault(bulan, []).append(c)
        return hasil

    def catatan(self, catatan_bulan: Mapping[int, list[Catatan]], bulan_periode: Sequence[int]) -> CatatanPeriode:
        """Notes of the period's months: by month, then in source order (as one stable sort gave).

        The same notes in the same order (an indicator and the rows above it, a row and its node)
        give one shared result.
        """
        if len(bulan_periode) == 1:
            daftar = catatan_bulan.get(bulan_periode[0])
        else:
            daftar = [c for m in bulan_periode for c in catatan_bulan.get(m, ())]
        if not daftar:
            return _CATATAN_KOSONG
        kunci = tuple(map(id, daftar))
        hasil = self._catatan_gabungan.get(kunci)
        if hasil is None:
            hasil = self._catatan_gabungan[kunci] = gabung_catatan_urut(daftar)
        return hasil

    def catatan_kelompok(self, kel: _Kelompok, bulan_periode: Sequence[int]) -> CatatanPeriode:
        catatan_bulan = self._catatan_bulan.get(id(kel))
        if catatan_bulan is None:
            catatan_bulan = self._catatan_bulan[id(kel)] = self._per_bulan(kel.catatan)
        return self.catatan(catatan_bulan, bulan_periode)

    def anggaran(self, kel: _Kelompok) -> tuple[Decimal | None, dict[int, Decimal], dict[int, Decimal],
                                                dict[int, Decimal], bool]:
        """Summed pagu and monthly budget of the group's nodes (added in the order the nodes were
        added, so the sums are the same Decimals whatever group shares them), the summed target of
        the nodes that reported each month (like with like), and whether any budget data exists."""
        hasil = self._anggaran.get(kel.kunci_node)
        if hasil is not None:
            return hasil
        pagu: Decimal | None = None
        target: dict[int, Decimal] = {}
        realisasi: dict[int, Decimal] = {}
        target_terlapor: dict[int, Decimal] = {}
        ada = False
        nol = Decimal(0)
        with localcontext(KONTEKS_HITUNG):
            for node in kel.node:
                if node.pagu is not None:
                    pagu = node.pagu if pagu is None else pagu + node.pagu
                    ada = True
                target_node, realisasi_node = self._anggaran_node(node.id)
                for bulan, nilai in target_node:
                    target[bulan] = target.get(bulan, nol) + nilai
                target_per_bulan = dict(target_node)
                for bulan, nilai in realisasi_node:
                    realisasi[bulan] = realisasi.get(bulan, nol) + nilai
                    target_terlapor[bulan] = target_terlapor.get(bulan, nol) + target_per_bulan.get(bulan, nol)
                if target_node or realisasi_node:
                    ada = True
        hasil = self._anggaran[kel.kunci_node] = (pagu, target, realisasi, target_terlapor, ada)
        return hasil

    def _anggaran_node(self, node_id: int) -> tuple[list[tuple[int, Decimal]], list[tuple[int, Decimal]]]:
        """A node's monthly target and realisasi anggaran that have data, in the mapping's order."""
        hasil = self._per_node_anggaran.get(node_id)
        if hasil is None:
            kosong: Mapping[int, Decimal | None] = {}
            hasil = self._per_node_anggaran[node_id] = tuple(  # type: ignore[assignment]
                [(b, v) for b, v in asal.get(node_id, kosong).items() if v is not None]
                for asal in (self.data.target_anggaran, self.data.realisasi_anggaran))
        return hasil  # type: ignore[return-value]

    def serapan(self, kel: _Kelompok, sampai_bulan: int) -> Serapan | None:
        kunci = (kel.kunci_node, sampai_bulan)
        if kunci not in self._serapan:
            pagu, target, realisasi, terlapor, ada = self.anggaran(kel)
            self._serapan[kunci] = hitung_serapan(pagu=pagu, target_bulanan=target, realisasi_bulanan=realisasi,
                                                  sampai_bulan=sampai_bulan, target_terlapor_bulanan=terlapor
                                                  ) if ada else None
        return self._serapan[kunci]

    def serapan_bulanan(self, kel: _Kelompok, bulan: int) -> Serapan | None:
        if kel.kunci_node not in self._serapan_bulanan:
            pagu, target, realisasi, terlapor, ada = self.anggaran(kel)
            self._serapan_bulanan[kel.kunci_node] = hitung_serapan_bulanan(
                pagu=pagu, target_bulanan=target, realisasi_bulanan=realisasi,
                target_terlapor_bulanan=terlapor) if ada else None
        deret = self._serapan_bulanan[kel.kunci_node]
        return None if deret is None else deret[bulan - 1]


def _hasil_indikator(ind: IndikatorData, c: CapaianPeriode, skala: SkalaPredikat, akhir: int,
                     belum_verif: frozenset[tuple[int, int]], catatan: CatatanPeriode) -> HasilIndikator:
    """One indicator's measurement from its capaian as of month ``akhir``, the period's last."""
    belum = c.realisasi_sd is None
    nilai_sd = capaian_sd_terukur(c)
    nilai_tahunan = None if belum else c.capaian_tahunan
    terakhir = c.bulan_terakhir_lapor
    return HasilIndikator(
        indikator=ind,
        capaian=c,
        belum_lapor=belum,
        capaian_sd=tampilkan_capaian(nilai_sd),
        capaian_tahunan=tampilkan_capaian(nilai_tahunan),
        predikat_sd=tentukan_predikat(nilai_sd, skala),
        predikat_tahunan=tentukan_predikat(nilai_tahunan, skala),
        catatan=catatan,
        data_sd=terakhir if terakhir is not None and terakhir < akhir else None,
        belum_diverifikasi=bool(belum_verif) and any((ind.id, b) in belum_verif for b in c.bulan_dibandingkan),
    )


def _ukur(st: _Struktur, periode: Periode, skala: SkalaPredikat, capaian: Sequence[CapaianPeriode],
          serapan: Callable[[_Kelompok], Serapan | None]) -> Pengukuran:
    """Assemble the measurement of one period from the indicators' capaian (in ``data.indikator``
    order) and a function giving a group's serapan."""
    data = st.data
    bulan_periode = periode.bulan
    sd: list[Decimal | None] = []
    band_sd: list[BandPredikat | None] = []
    tahunan: list[Decimal | None] = []
    band_tahunan: list[BandPredikat | None] = []
    per_indikator: dict[int, HasilIndikator] = {}
    akhir = periode.bulan_akhir
    belum_verif = data.kinerja_belum_diverifikasi
    for ind, c, catatan_bulan in zip(data.indikator, capaian, st.catatan_indikator):
        h = per_indikator[ind.id] = _hasil_indikator(
            ind, c, skala, akhir, belum_verif, st.catatan(catatan_bulan, bulan_periode))
        sd.append(h.capaian_sd_mentah)
        band_sd.append(h.predikat_sd)
        tahunan.append(h.capaian_tahunan_mentah)
        band_tahunan.append(h.predikat_tahunan)

    # Groups with the same indicators (a sub kegiatan row and its node) share one roll-up.
    ringkasan: dict[tuple[int, ...], tuple[Ringkasan, Ringkasan, BandPredikat | None, BandPredikat | None]] = {}

    def hasil(kel: _Kelompok) -> HasilKelompok:
        r = ringkasan.get(kel.kunci_indeks)
        if r is None:
            ambil = kel.ambil
            r = ringkasan[kel.kunci_indeks] = _rangkum(ambil(sd), ambil(band_sd), ambil(tahunan), ambil(band_tahunan),
                                                       skala)
        return HasilKelompok(
            ringkasan_sd=r[0],
            ringkasan_tahunan=r[1],
            predikat_sd=r[2],
            predikat_tahunan=r[3],
            serapan=serapan(kel),
            catatan=st.catatan_kelompok(kel, bulan_periode),
        )

    per_unit = {uid: hasil(kel) for uid, kel in st.per_unit.items()}
    return Pengukuran(
        periode=periode,
        skala=skala,
        baris=st.baris,
        per_baris=MappingProxyType({k: hasil(kel) for k, kel in st.per_baris.items()}),
        per_indikator=MappingProxyType(per_indikator),
        per_node=MappingProxyType({k: hasil(kel) for k, kel in st.per_node.items()}),
        per_unit=MappingProxyType(per_unit),
        total=hasil(st.total),
        peringkat=peringkat_unit(data.unit, per_unit),
    )


def _rangkum(sd: Sequence[Decimal | None], band_sd: Sequence[BandPredikat | None], tahunan: Sequence[Decimal | None],
             band_tahunan: Sequence[BandPredikat | None], skala: SkalaPredikat
             ) -> tuple[Ringkasan, Ringkasan, BandPredikat | None, BandPredikat | None]:
    """The roll-up of a group's indicators from their raw capaian and bands, in roll-up order."""
    # A value is None exactly when its band is None, so filtering each keeps them aligned.
    banyak = len(sd)
    r_sd = rangkum_terukur([v for v in sd if v is not None], [b for b in band_sd if b is not None], banyak, skala)
    r_tahunan = rangkum_terukur([v for v in tahunan if v is not None], [b for b in band_tahunan if b is not None],
                                banyak, skala)
    return r_sd, r_tahunan, tentukan_predikat(r_sd.rata_rata, skala), tentukan_predikat(r_tahunan.rata_rata, skala)


def _masukan_indikator(data: DataRencana, ind: IndikatorData) -> dict:
    """One indicator's inputs to the capaian functions of ``domain.capaian``."""
    return {"target_bulanan": data.target_kinerja.get(ind.id, {}),
            "realisasi_bulanan": data.realisasi_kinerja.get(ind.id, {}), "target_tahunan": ind.target,
            "agregasi": ind.agregasi, "polaritas": ind.polaritas, "rumus_negatif": ind.rumus_negatif}


def hitung_pengukuran(data: DataRencana, periode: Periode, skala: SkalaPredikat = SKALA_PERMENDAGRI_86_2017,
                      *, baris: Sequence[BarisRencana] | None = None) -> Pengukuran:
    """Measure a plan for a period: per indicator, per tree row, node, unit, and the whole plan.

    Pure: reads only ``data``. Capaian come from
    :func:`~sipekerja_module.domain.capaian.hitung_capaian_periode`, budget absorption from
    :func:`~sipekerja_module.domain.capaian.hitung_serapan` over the summed months of the sub kegiatan
    below (anggaran is always kumulatif), roll-ups from
    :func:`~sipekerja_module.domain.predikat.rangkum_capaian` (as
    :func:`~sipekerja_module.domain.predikat.rangkum_terukur`: each indicator is checked and banded
    once, not once per group it belongs to).

    :param data: the plan (``queries.rencana.load_rencana``).
    :param periode: month, triwulan or year; figures are "to date" as of its last month.
    :param skala: the predikat scale (``queries.pengukuran.load_skala_aktif``).
    :param baris: ``pohon_rencana(data)`` when the caller already has it (several periods of one plan).
    :return: the measurement.
    """
    capaian = [hitung_capaian_periode(**_masukan_indikator(data, ind), periode=periode) for ind in data.indikator]
    st = _Struktur(data, tuple(pohon_rencana(data) if baris is None else baris))
    sampai = periode.bulan_akhir
    return _ukur(st, periode, skala, capaian, lambda kel: st.serapan(kel, sampai))


@dataclass(frozen=True)
class PengukuranUnit:
    """What a ranking of units and its charts show of one period: each unit's roll-up and the
    ranking (the fields of the same name of :class:`Pengukuran`, without rows, indicators or total)."""

    periode: Periode
    skala: SkalaPredikat
    per_unit: Mapping[int, HasilKelompok]
    peringkat: tuple[PeringkatUnit, ...]


#: What a roll-up takes of an indicator: its raw capaian to date and against the year (None when
#: nothing is reported), as ``HasilIndikator.capaian_sd_mentah`` and ``capaian_tahunan_mentah``.
NilaiIndikator = tuple[Decimal | None, Decimal | None]


def hitung_per_unit(data: DataRencana, unit_kerja_id: int, periode: Sequence[Periode],
                    skala: SkalaPredikat = SKALA_PERMENDAGRI_86_2017) -> tuple[HasilKelompok, ...]:
    """One unit's roll-up for several periods, from that unit's indicators and nodes alone, without
    notes: ``hitung_pengukuran(data, p, skala).per_unit[u]`` for each period ``p`` with its notes
    left out, the same Decimals (a unit's roll-up takes nothing from another unit).

    Made of three parts a caller may keep apart, each from fewer inputs: every indicator's figures
    (:func:`nilai_indikator_periode`), their roll-up (:func:`rangkum_nilai`) and the unit's budget
    absorption (:func:`serapan_unit_periode`). So a ranking can keep them and, after a write,
    measure only the indicator, or sum only the budget, that it changed.

    :param data: the plan (the agency's, or already narrowed to the unit).
    :param unit_kerja_id: one of ``data.unit``.
    :param periode: the periods.
    :param skala: the predikat scale.
    :return: the unit's roll-up per period, in order.
    """
    sempit = data if data.unit_kerja_id == unit_kerja_id else saring_unit(data, unit_kerja_id)
    nilai = [nilai_indikator_periode(sempit, ind, periode) for ind in sempit.indikator]
    serapan = serapan_unit_periode(sempit, unit_kerja_id, periode)
    return tuple(replace(rangkum_nilai([n[i] for n in nilai], skala), serapan=serapan[i]) for i in range(len(periode)))


def nilai_indikator_periode(data: DataRencana, ind: IndikatorData, periode: Sequence[Periode]
                            ) -> tuple[NilaiIndikator, ...]:
    """An indicator's :data:`NilaiIndikator` for each period, in order.

    :param data: the plan holding the indicator's targets and realisasi.
    :param ind: the indicator (one of ``data.indikator``).
    :param periode: the periods.
    """
    return tuple((None, None) if c.realisasi_sd is None else (c.capaian_sd, c.capaian_tahunan)
                 for c in hitung_capaian_periode_banyak(**_masukan_indikator(data, ind), periode=periode))


class TabelRangkum:
    """What a roll-up takes of each raw capaian on one scale — its band (:func:`~.predikat.tentukan_predikat`)
    and its figure in a mean (:func:`~.predikat.nilai_rerata`) — each computed once per value: the
    same figures are rolled up into every group above their indicator. Equal values have the same
    band and the same rounded, capped figure, so a value found again gives what computing it gives."""

    __slots__ = ("skala", "_isi")

    def __init__(self, skala: SkalaPredikat) -> None:
        self.skala = skala
        self._isi: dict[Decimal, tuple[BandPredikat, Decimal]] = {}

    def rangkum(self, capaian: Sequence[Decimal | None]) -> Ringkasan:
        """:func:`~.predikat.rangkum_capaian` of the values (None: undefined), the same Decimals."""
        isi, skala = self._isi, self.skala
        terukur: list[Decimal] = []
        band: list[BandPredikat] = []
        rerata: list[Decimal] = []
        for v in capaian:
            if v is None:
                continue
            hasil = isi.get(v)
            if hasil is None:
                hasil = isi[v] = (tentukan_predikat(v, skala), nilai_rerata(v, skala))  # type: ignore[assignment]
            terukur.append(v)
            band.append(hasil[0])
            rerata.append(hasil[1])
        return rangkum_terukur(terukur, band, len(capaian), skala, rerata)


def rangkum_nilai(nilai: Sequence[NilaiIndikator], skala: SkalaPredikat,
                  tabel: TabelRangkum | None = None) -> HasilKelompok:
    """The roll-up of a group from its indicators' figures in roll-up order, without budget
    absorption (None) or notes (empty).

    :param tabel: the bands and figures of values already rolled up on ``skala``, shared by the
        groups of one measurement (else one for this call).
    """
    if tabel is None:
        tabel = TabelRangkum(skala)
    elif tabel.skala is not skala and tabel.skala != skala:
        raise ValueError("tabel rangkum dari skala lain")
    r_sd = tabel.rangkum([n[0] for n in nilai])
    r_tahunan = tabel.rangkum([n[1] for n in nilai])
    return HasilKelompok(ringkasan_sd=r_sd, ringkasan_tahunan=r_tahunan,
                         predikat_sd=tentukan_predikat(r_sd.rata_rata, skala),
                         predikat_tahunan=tentukan_predikat(r_tahunan.rata_rata, skala),
                         serapan=None, catatan=_CATATAN_KOSONG)


def serapan_unit_periode(data: DataRencana, unit_kerja_id: int, periode: Sequence[Periode]
                         ) -> tuple[Serapan | None, ...]:
    """A unit's budget absorption to the end of each period (None without budget data), from its
    own plan nodes.

    :param data: the plan (the agency's, or already narrowed to the unit).
    :param unit_kerja_id: one of ``data.unit``.
    :param periode: the periods.
    """
    sempit = data if data.unit_kerja_id == unit_kerja_id else saring_unit(data, unit_kerja_id)
    st = _Struktur(sempit, ())
    return tuple(st.serapan(st.per_unit[unit_kerja_id], p.bulan_akhir) for p in periode)


def susun_pengukuran_unit(unit: Sequence[UnitData], periode: Periode, skala: SkalaPredikat,
                          per_unit: Mapping[int, HasilKelompok]) -> PengukuranUnit:
    """The ranking of a period from each unit's roll-up (:func:`hitung_per_unit`).

    :param unit: the agency's units, in display order.
    :param periode: the period.
    :param skala: the predikat scale the roll-ups were measured with.
    :param per_unit: every unit's roll-up for the period.
    :return: ``per_unit`` and the ranking, as :class:`Pengukuran` has them.
    """
    return PengukuranUnit(periode=periode, skala=skala, per_unit=MappingProxyType(dict(per_unit)),
                          peringkat=peringkat_unit(unit, per_unit))


def hitung_pengukuran_bulanan(data: DataRencana, skala: SkalaPredikat = SKALA_PERMENDAGRI_86_2017
                              ) -> dict[int, Pengukuran]:
    """Measure a plan as of the end of every month (for *Target dan Capaian Kerja*).

    Equals ``{m: hitung_pengukuran(data, Periode.bulanan(m), skala)}`` for months 1..12, computed
    once per plan: the tree, the groups and their summed budgets are built once, and each indicator's
    and group's figures to date come from one pass over the months
    (:func:`~sipekerja_module.domain.capaian.hitung_capaian_bulanan`,
    :func:`~sipekerja_module.domain.capaian.hitung_serapan_bulanan`).

    :param data: the plan.
    :param skala: the predikat scale.
    :return: ``{bulan: Pengukuran}`` for months 1..12, sharing one tree.
    """
    deret = [hitung_capaian_bulanan(**_masukan_indikator(data, ind)) for ind in data.indikator]
    st = _Struktur(data, tuple(pohon_rencana(data)))
    return {
        bulan: _ukur(st, Periode.bulanan(bulan), skala, [d[bulan - 1] for d in deret],
                     partial(st.serapan_bulanan, bulan=bulan))
        for bulan in range(1, 13)
    }


def capaian_sd_terukur(c: CapaianPeriode) -> Decimal | None:
    """An indicator's capaian to date as measured: None while nothing up to the period's end is
    reported (belum lapor, left out of means), else the raw capaian (clamp it with
    :func:`~.capaian.tampilkan_capaian` to display)."""
    return None if c.realisasi_sd is None else c.capaian_sd


class DeretBulanan:
    """What *Target dan Capaian Kerja* shows of a plan, row by row: per indicator its capaian to
    date at the end of every month, per tree row (not indicator rows) its budget absorption to date.

    The lighter sibling of :func:`hitung_pengukuran_bulanan`: no roll-ups, predikat or notes, which
    that report does not print, and each row is computed on first use, so a caller that needs only
    some rows (the report page rebuilding the rows a write changed) pays for those only.
    ``capaian(i, m)`` is ``hitung_pengukuran_bulanan(data)[m].per_indikator[i].capaian`` and
    ``serapan(k, m)`` is ``...[m].per_baris[k].serapan``: the same functions, the same Decimals.
    """

    def __init__(self, data: DataRencana, baris: Sequence[BarisRencana] | None = None) -> None:
        self.data = data
        self.baris = tuple(pohon_rencana(data) if baris is None else baris)
        self._indikator = {ind.id: ind for ind in data.indikator}
        self._capaian: dict[int, tuple[CapaianPeriode, ...]] = {}
        self._struktur: _Struktur | None = None

    def capaian(self, indikator_id: int, bulan: int) -> CapaianPeriode:
        """The indicator's capaian to date at the end of ``bulan``."""
        deret = self._capaian.get(indikator_id)
        if deret is None:
            deret = self._capaian[indikator_id] = hitung_capaian_bulanan(
                **_masukan_indikator(self.data, self._indikator[indikator_id]))
        return deret[bulan - 1]

    def serapan(self, kunci: str, bulan: int) -> Serapan | None:
        """The tree row's budget absorption to date at the end of ``bulan`` (None without budget data)."""
        st = self._st()
        return st.serapan_bulanan(st.per_baris[kunci], bulan)

    def masukan_indikator(self, indikator_id: int) -> tuple:
        """Everything :meth:`capaian` of the indicator is computed from, as one comparable value."""
        ind = self._indikator[indikator_id]
        m = _masukan_indikator(self.data, ind)
        return (sorted(m["target_bulanan"].items()), sorted(m["realisasi_bulanan"].items()), m["target_tahunan"],
                m["agregasi"], m["polaritas"], m["rumus_negatif"])

    def masukan_baris(self, kunci: str) -> tuple:
        """Everything :meth:`serapan` of the tree row is computed from, as one comparable value: the
        pagu and monthly budget of every plan node it sums, in order."""
        st = self._st()
        return tuple((node.id, node.pagu, *st._anggaran_node(node.id)) for node in st.per_baris[kunci].node)

    def _st(self) -> _Struktur:
        if self._struktur is None:
            self._struktur = _Struktur(self.data, self.baris)
        return self._struktur


class PengukuranBaris:
    """What the Pengukuran page shows of a plan for one period, row by row, each computed on first use.

    The lazy sibling of :func:`hitung_pengukuran` for a page that caches its rows
    (``views/pengukuran_blok.py``): an indicator is measured only when asked for, and a roll-up is
    made from the raw figures of its indicators (:meth:`nilai`) that the caller holds, measured now
    or kept from before. With ``p = hitung_pengukuran(data, periode, skala)``:
    ``hasil_indikator(i) == p.per_indikator[i]``, ``hasil_baris(k, nilai) == p.per_baris[k]`` and
    ``hasil_total(nilai) == p.total`` when ``nilai`` are the figures of the group's indicators
    (:meth:`indikator_baris`; ``data.indikator`` for the total) in that order: the same functions,
    the same Decimals.
    """

    def __init__(self, data: DataRencana, periode: Periode, skala: SkalaPredikat = SKALA_PERMENDAGRI_86_2017,
                 baris: Sequence[BarisRencana] | None = None, *, kerangka: KerangkaPengukuran | None = None) -> None:
        """:param kerangka: the plan's skeleton kept from an earlier load of the same structure
        (:meth:`KerangkaPengukuran.cocok`; else it is built): then ``baris`` is the skeleton's."""
        if kerangka is not None and not kerangka.cocok(data, kerangka.baris):
            raise ValueError("kerangka dari struktur rencana lain")
        self.data, self.periode, self.skala = data, periode, skala
        if kerangka is not None:
            self.baris = kerangka.baris
        else:
            self.baris = tuple(pohon_rencana(data) if baris is None else baris)
        self._indikator = {ind.id: ind for ind in data.indikator}
        self._belum: dict[int, list[int]] = defaultdict(list)
        for indikator_id, bulan in data.kinerja_belum_diverifikasi:
            self._belum[indikator_id].append(bulan)
        self._st = _Struktur(data, self.baris, kerangka)
        self._hasil: dict[tuple[int, bool], HasilIndikator] = {}
        self._tabel = TabelRangkum(skala)

    @property
    def kerangka(self) -> KerangkaPengukuran:
        """The skeleton measured with (given or built): a caller may keep it for the next load."""
        return self._st.kerangka

    def masukan_indikator(self, indikator_id: int) -> tuple:
        """Everything the indicator's figures are computed from, whatever the period, as one
        comparable value: its targets and realisasi by month, annual target and rule, and its
        months not verified yet. Not its notes (``HasilIndikator.catatan``), which the page does not show."""
        ind = self._indikator[indikator_id]
        m = _masukan_indikator(self.data, ind)
        return (sorted(m["target_bulanan"].items()), sorted(m["realisasi_bulanan"].items()), m["target_tahunan"],
                m["agregasi"], m["polaritas"], m["rumus_negatif"], tuple(sorted(self._belum.get(indikator_id, ()))))

    def hasil_indikator(self, indikator_id: int, *, catatan: bool = True) -> HasilIndikator:
        """The indicator's measurement for the period; ``catatan=False`` leaves its notes out (an
        empty ``CatatanPeriode``) for a caller that shows none: gathering them sorts every note of
        the plan by source and month."""
        hasil = self._hasil.get((indikator_id, catatan))
        if hasil is None:
            ind, st, periode = self._indikator[indikator_id], self._st, self.periode
            c = hitung_capaian_periode(**_masukan_indikator(self.data, ind), periode=periode)
            hasil = self._hasil[(indikator_id, catatan)] = _hasil_indikator(
                ind, c, self.skala, periode.bulan_akhir, self.data.kinerja_belum_diverifikasi,
                st.catatan(st.catatan_indikator[st.posisi[indikator_id]], periode.bulan) if catatan
                else _CATATAN_KOSONG)
        return hasil

    @staticmethod
    def nilai(hasil: HasilIndikator) -> tuple[Decimal | None, Decimal | None]:
        """What a roll-up takes of an indicator: its raw capaian to date and against the year."""
        return hasil.capaian_sd_mentah, hasil.capaian_tahunan_mentah

    def indikator_baris(self, kunci: str) -> tuple[int, ...]:
        """The ids of the indicators a tree row rolls up, in roll-up order."""
        indikator = self.data.indikator
        return tuple(indikator[i].id for i in self._st.per_baris[kunci].indeks)

    def hasil_baris(self, kunci: str, nilai: Sequence[tuple[Decimal | None, Decimal | None]], *,
                    catatan: bool = True, serapan: bool = True) -> HasilKelompok:
        """The roll-up of a tree row (not an indicator row) from the figures of :meth:`indikator_baris`.

        ``catatan=False`` leaves its notes out (an empty ``CatatanPeriode``) for a caller that shows
        none: merging them is most of a large group's cost; ``serapan=False`` its budget absorption
        (None), for a caller that shows it elsewhere (:meth:`serapan_baris`).
        """
        return self._kelompok(self._st.per_baris[kunci], nilai, catatan, serapan)

    def hasil_total(self, nilai: Sequence[tuple[Decimal | None, Decimal | None]], *,
                    catatan: bool = True, serapan: bool = True) -> HasilKelompok:
        """The roll-up of the whole plan as loaded from the figures of every indicator of
        ``data.indikator`` (``catatan`` as in :meth:`hasil_baris`); ``serapan=False`` leaves the
        budget absorption out (None), for a caller that keeps it apart (:meth:`serapan_total`)."""
        return self._kelompok(self._st.total, nilai, catatan, serapan)

    def serapan_total(self) -> Serapan | None:
        """The whole plan's budget absorption to date (None without budget data)."""
        return self._st.serapan(self._st.total, self.periode.bulan_akhir)

    def node_baris(self, kunci: str) -> tuple[int, ...]:
        """The ids of the plan nodes whose budgets a tree row sums, in order."""
        return tuple(node.id for node in self._st.per_baris[kunci].node)

    def masukan_node(self, node_id: int) -> tuple:
        """Everything a node adds to a serapan, as one comparable value: its pagu and its monthly
        target and realisasi anggaran."""
        return self._st.node_by_id[node_id].pagu, *self._st._anggaran_node(node_id)

    def serapan_baris(self, kunci: str) -> Serapan | None:
        """The tree row's budget absorption to date (None without budget data)."""
        return self._st.serapan(self._st.per_baris[kunci], self.periode.bulan_akhir)

    def _kelompok(self, kel: _Kelompok, nilai: Sequence[tuple[Decimal | None, Decimal | None]],
                  catatan: bool, serapan: bool = True) -> HasilKelompok:
        return replace(rangkum_nilai(nilai, self.skala, self._tabel),
                       serapan=self._st.serapan(kel, self.periode.bulan_akhir) if serapan else None,
                       catatan=self._st.catatan_kelompok(kel, self.periode.bulan) if catatan else _CATATAN_KOSONG)


def _jalur_node(node_id: int | None, node_by_id: Mapping) -> Iterable[int]:
    """The node and its loaded ancestors."""
    while node_id is not None and node_id in node_by_id:
        yield node_id
        node_id = node_by_id[node_id].parent_id


def peringkat_unit(unit: Iterable[UnitData], per_unit: Mapping[int, HasilKelompok]) -> tuple[PeringkatUnit, ...]:
    """Rank units by mean capaian to date, best first.

    Ties share a place and are listed by name; units with nothing measurable come last, unranked.

    :param unit: the units to rank.
    :param per_unit: their roll-ups.
    :return: the ranking.
    """
    terukur = [u for u in unit if per_unit[u.id].ringkasan_sd.rata_rata is not None]
    lain = sorted((u for u in unit if per_unit[u.id].ringkasan_sd.rata_rata is None), key=lambda u: u.nama)
    terukur.sort(key=lambda u: (-per_unit[u.id].ringkasan_sd.rata_rata, u.nama))  # type: ignore[operator]
    hasil: list[PeringkatUnit] = []
    for posisi, u in enumerate(terukur, start=1):
        rata = per_unit[u.id].ringkasan_sd.rata_rata
        sama = hasil and hasil[-1].hasil.ringkasan_sd.rata_rata == rata
        hasil.append(PeringkatUnit(hasil[-1].peringkat if sama else posisi, u, per_unit[u.id]))
    hasil.extend(PeringkatUnit(None, u, per_unit[u.id]) for u in lain)
    return tuple(hasil)
