"""Pengukuran Kinerja: capaian, predikat, roll-ups, serapan anggaran and the ranking of units.

:func:`hitung_pengukuran` is pure (no database): it takes the plan from
:func:`~sipekerja_module.queries.rencana.load_rencana`, a period and a predikat scale, and returns
frozen dataclasses in which every figure is already computed, so templates, the PDF and the
spreadsheet only format. :func:`load_skala_aktif` reads the active predikat scale (one query).

Local choices (no regulation, DOMAIN.md):

- roll-ups take the plain mean of the raw capaian to date of every indicator *in the subtree*
  (a sasaran includes its IKU and the indicators of the program/kegiatan/sub kegiatan linked to it);
- an indicator with no realisasi in any month of the period is *belum lapor* for that period: it
  shows no capaian and no predikat and is left out of means and predikat counts, even when earlier
  months give a figure to date (that figure stays available in ``HasilIndikator.capaian``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext
from types import MappingProxyType

from sqlalchemy import select

from ..domain.angka import KONTEKS_HITUNG
from ..domain.capaian import CapaianPeriode
from ..domain.capaian import Serapan
from ..domain.capaian import hitung_capaian_periode
from ..domain.capaian import hitung_serapan
from ..domain.capaian import tampilkan_capaian
from ..domain.periode import Periode
from ..domain.predikat import SKALA_PERMENDAGRI_86_2017
from ..domain.predikat import BandPredikat
from ..domain.predikat import Ringkasan
from ..domain.predikat import SkalaPredikat
from ..domain.predikat import rangkum_capaian
from ..domain.predikat import tentukan_predikat
from ..extensions import db_session
from ..models import BandPredikat as BandPredikatRow
from ..models import SkalaPredikat as SkalaPredikatRow
from .rencana import BarisRencana
from .rencana import Catatan
from .rencana import DataRencana
from .rencana import IndikatorData
from .rencana import UnitData
from .rencana import pohon_rencana


@dataclass(frozen=True)
class CatatanPeriode:
    """Notes written during a period's months: distinct texts in month order."""

    keterangan: tuple[str, ...] = ()
    faktor_pendorong: tuple[str, ...] = ()
    faktor_penghambat: tuple[str, ...] = ()
    tindak_lanjut: tuple[str, ...] = ()


@dataclass(frozen=True)
class HasilIndikator:
    """Measurement of one indicator for the period."""

    indikator: IndikatorData
    #: Raw domain figures (unrounded, unclamped): target/realisasi/capaian to date and vs the year.
    capaian: CapaianPeriode
    #: True when no month of the period has realisasi: show "belum lapor", never 0% or 100%.
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
    #: The plan tree rows (see :func:`~sipekerja_module.queries.rencana.pohon_rencana`).
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


class _Akumulasi:
    """Running sums of one group: capaian values, pagu and monthly budget."""

    __slots__ = ("capaian_sd", "capaian_tahunan", "pagu", "target", "realisasi", "ada_anggaran", "catatan")

    def __init__(self) -> None:
        self.capaian_sd: list[Decimal | None] = []
        self.capaian_tahunan: list[Decimal | None] = []
        self.pagu: Decimal | None = None
        self.target: dict[int, Decimal] = {}
        self.realisasi: dict[int, Decimal] = {}
        self.ada_anggaran = False
        self.catatan: list[tuple[int, Catatan]] = []

    def tambah_indikator(self, hasil: HasilIndikator) -> None:
        self.capaian_sd.append(hasil.capaian_sd_mentah)
        self.capaian_tahunan.append(hasil.capaian_tahunan_mentah)

    def tambah_anggaran(self, pagu: Decimal | None, target: Mapping[int, Decimal | None],
                        realisasi: Mapping[int, Decimal | None]) -> None:
        with localcontext(KONTEKS_HITUNG):
            if pagu is not None:
                self.pagu = pagu if self.pagu is None else self.pagu + pagu
                self.ada_anggaran = True
            for asal, tujuan in ((target, self.target), (realisasi, self.realisasi)):
                for bulan, nilai in asal.items():
                    if nilai is not None:
                        tujuan[bulan] = tujuan.get(bulan, Decimal(0)) + nilai
                        self.ada_anggaran = True

    def hasil(self, skala: SkalaPredikat, sampai_bulan: int) -> HasilKelompok:
        sd = rangkum_capaian(self.capaian_sd, skala)
        tahunan = rangkum_capaian(self.capaian_tahunan, skala)
        serapan = None
        if self.ada_anggaran:
            serapan = hitung_serapan(pagu=self.pagu, target_bulanan=self.target, realisasi_bulanan=self.realisasi,
                                     sampai_bulan=sampai_bulan)
        return HasilKelompok(
            ringkasan_sd=sd,
            ringkasan_tahunan=tahunan,
            predikat_sd=tentukan_predikat(sd.rata_rata, skala),
            predikat_tahunan=tentukan_predikat(tahunan.rata_rata, skala),
            serapan=serapan,
            catatan=_gabung_catatan(self.catatan),
        )


def _gabung_catatan(catatan: Iterable[tuple[int, Catatan]]) -> CatatanPeriode:
    """Distinct texts per field, in month order (kinerja before anggaran within a month)."""
    kolom: dict[str, dict[str, None]] = {
        "keterangan": {}, "faktor_pendorong": {}, "faktor_penghambat": {}, "tindak_lanjut": {},
    }
    for _, c in sorted(catatan, key=lambda pasangan: pasangan[0]):
        for nama, teks in kolom.items():
            isi = getattr(c, nama)
            if isi:
                teks.setdefault(isi.strip(), None)
    return CatatanPeriode(**{nama: tuple(teks) for nama, teks in kolom.items()})


def hitung_pengukuran(data: DataRencana, periode: Periode, skala: SkalaPredikat = SKALA_PERMENDAGRI_86_2017,
                      *, baris: Sequence[BarisRencana] | None = None) -> Pengukuran:
    """Measure a plan for a period: per indicator, per tree row, node, unit, and the whole plan.

    Pure: reads only ``data``. Capaian come from
    :func:`~sipekerja_module.domain.capaian.hitung_capaian_periode`, budget absorption from
    :func:`~sipekerja_module.domain.capaian.hitung_serapan` over the summed months of the sub kegiatan
    below (anggaran is always kumulatif), roll-ups from
    :func:`~sipekerja_module.domain.predikat.rangkum_capaian`.

    :param data: the plan from :func:`~sipekerja_module.queries.rencana.load_rencana`.
    :param periode: month, triwulan or year; figures are "to date" as of its last month.
    :param skala: the predikat scale (see :func:`load_skala_aktif`).
    :param baris: ``pohon_rencana(data)`` when the caller already has it (several periods of one plan).
    :return: the measurement.
    """
    sampai = periode.bulan_akhir
    bulan_periode = [b for b in periode.bulan if b <= sampai]
    kosong: Mapping[int, Decimal | None] = {}

    per_indikator: dict[int, HasilIndikator] = {}
    for ind in data.indikator:
        per_indikator[ind.id] = _hitung_indikator(ind, data, periode, skala, bulan_periode)

    baris = tuple(pohon_rencana(data) if baris is None else baris)
    node_by_id = {n.id: n for n in data.node}

    # Tree rows: pre-order, so the open ancestors of a row are exactly the stack.
    akumulasi: dict[str, _Akumulasi] = {}
    tumpukan: list[tuple[int, _Akumulasi]] = []
    for b in baris:
        while tumpukan and tumpukan[-1][0] >= b.kedalaman:
            tumpukan.pop()
        if b.jenis == "indikator":
            hasil = per_indikator[b.indikator_id]  # type: ignore[index]
            for _, acc in tumpukan:
                acc.tambah_indikator(hasil)
            if tumpukan:
                tumpukan[-1][1].catatan.extend(_catatan_kinerja(data, b.indikator_id, bulan_periode))
            continue
        acc = akumulasi[b.kunci] = _Akumulasi()
        tumpukan.append((b.kedalaman, acc))
        for node_id in b.node_ids:
            node = node_by_id[node_id]
            target = data.target_anggaran.get(node_id, kosong)
            realisasi = data.realisasi_anggaran.get(node_id, kosong)
            for _, leluhur in tumpukan:
                leluhur.tambah_anggaran(node.pagu, target, realisasi)
            acc.catatan.extend(_catatan_anggaran(data, node_id, bulan_periode))

    # Unmerged nodes, units and the whole plan.
    per_node_acc: dict[int, _Akumulasi] = {n.id: _Akumulasi() for n in data.node}
    per_unit_acc: dict[int, _Akumulasi] = {u.id: _Akumulasi() for u in data.unit}
    total = _Akumulasi()
    for ind in data.indikator:
        hasil = per_indikator[ind.id]
        total.tambah_indikator(hasil)
        if ind.unit_kerja_id in per_unit_acc:
            per_unit_acc[ind.unit_kerja_id].tambah_indikator(hasil)
        if ind.node_id in per_node_acc:
            per_node_acc[ind.node_id].catatan.extend(_catatan_kinerja(data, ind.id, bulan_periode))
        for node_id in _jalur_node(ind.node_id, node_by_id):
            per_node_acc[node_id].tambah_indikator(hasil)
    for node in data.node:
        target = data.target_anggaran.get(node.id, kosong)
        realisasi = data.realisasi_anggaran.get(node.id, kosong)
        total.tambah_anggaran(node.pagu, target, realisasi)
        if node.unit_kerja_id in per_unit_acc:
            per_unit_acc[node.unit_kerja_id].tambah_anggaran(node.pagu, target, realisasi)
        per_node_acc[node.id].catatan.extend(_catatan_anggaran(data, node.id, bulan_periode))
        for node_id in _jalur_node(node.id, node_by_id):
            per_node_acc[node_id].tambah_anggaran(node.pagu, target, realisasi)

    per_unit = {uid: acc.hasil(skala, sampai) for uid, acc in per_unit_acc.items()}
    return Pengukuran(
        periode=periode,
        skala=skala,
        baris=baris,
        per_baris=MappingProxyType({k: acc.hasil(skala, sampai) for k, acc in akumulasi.items()}),
        per_indikator=MappingProxyType(per_indikator),
        per_node=MappingProxyType({k: acc.hasil(skala, sampai) for k, acc in per_node_acc.items()}),
        per_unit=MappingProxyType(per_unit),
        total=total.hasil(skala, sampai),
        peringkat=peringkat_unit(data.unit, per_unit),
    )


def hitung_pengukuran_bulanan(data: DataRencana, skala: SkalaPredikat = SKALA_PERMENDAGRI_86_2017
                              ) -> dict[int, Pengukuran]:
    """Measure a plan as of the end of every month (for *Target dan Capaian Kerja*).

    :param data: the plan.
    :param skala: the predikat scale.
    :return: ``{bulan: Pengukuran}`` for months 1..12, sharing one tree.
    """
    baris = tuple(pohon_rencana(data))
    return {bulan: hitung_pengukuran(data, Periode.bulanan(bulan), skala, baris=baris) for bulan in range(1, 13)}


def _hitung_indikator(ind: IndikatorData, data: DataRencana, periode: Periode, skala: SkalaPredikat,
                      bulan_periode: list[int]) -> HasilIndikator:
    capaian = hitung_capaian_periode(
        target_bulanan=data.target_kinerja.get(ind.id, {}),
        realisasi_bulanan=data.realisasi_kinerja.get(ind.id, {}),
        target_tahunan=ind.target,
        agregasi=ind.agregasi,
        polaritas=ind.polaritas,
        periode=periode,
        rumus_negatif=ind.rumus_negatif,
    )
    belum = capaian.belum_lapor
    sd = None if belum else capaian.capaian_sd
    tahunan = None if belum else capaian.capaian_tahunan
    return HasilIndikator(
        indikator=ind,
        capaian=capaian,
        belum_lapor=belum,
        capaian_sd=tampilkan_capaian(sd),
        capaian_tahunan=tampilkan_capaian(tahunan),
        predikat_sd=tentukan_predikat(sd, skala),
        predikat_tahunan=tentukan_predikat(tahunan, skala),
        catatan=_gabung_catatan(_catatan_kinerja(data, ind.id, bulan_periode)),
    )


def _catatan_kinerja(data: DataRencana, indikator_id: int | None, bulan: Iterable[int]) -> list[tuple[int, Catatan]]:
    return [(m, data.catatan_kinerja[(indikator_id, m)]) for m in bulan if (indikator_id, m) in data.catatan_kinerja]


def _catatan_anggaran(data: DataRencana, node_id: int, bulan: Iterable[int]) -> list[tuple[int, Catatan]]:
    return [(m, data.catatan_anggaran[(node_id, m)]) for m in bulan if (node_id, m) in data.catatan_anggaran]


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


def load_skala_aktif() -> SkalaPredikat:
    """Read the active predikat scale in one query.

    :return: the active scale with its bands; :data:`SKALA_PERMENDAGRI_86_2017` when no scale is
        active (or the active one has no bands).
    """
    rows = db_session.execute(
        select(SkalaPredikatRow.nama, BandPredikatRow.batas_bawah, BandPredikatRow.label, BandPredikatRow.warna)
        .join(BandPredikatRow, BandPredikatRow.skala_id == SkalaPredikatRow.id)
        .where(SkalaPredikatRow.aktif.is_(True))
        .order_by(SkalaPredikatRow.id, BandPredikatRow.batas_bawah)
    ).all()
    if not rows:
        return SKALA_PERMENDAGRI_86_2017
    nama = rows[0].nama
    bands = defaultdict(list)
    for r in rows:
        bands[r.nama].append(BandPredikat(Decimal(r.batas_bawah), r.label, r.warna))
    return SkalaPredikat(bands=tuple(bands[nama]), nama=nama)
