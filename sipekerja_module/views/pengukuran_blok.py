"""The main tables of the Pengukuran page (anggaran level), assembled from cached row blocks.

The page body is cached under the agency's data version (``views.fragmen.ambil``), but every
write bumps that version, and in a deadline week the first view after a write is the common case.
So the rows of tables A (capaian) and B (anggaran) are cached once more, each under its own inputs
(``fragmen.ambil_blok``), and after a write only the rows whose inputs it changed are measured and
rendered again (``domain.pengukuran.PengukuranBaris``: one indicator at a time, a roll-up from the
figures of its indicators):

- an indicator row (table A) under ``_BENTUK``, the period, the scale, what the row labels (depth,
  name, unit, satuan, annual target as written, id) and the stored versions of its inputs (the
  plan's ``versi_rencana``: targets, annual target, rule; its own ``versi_isi``: realisasi by month
  and unverified months — ``services.versi``), or for data read inside a transaction that has
  written, the inputs themselves (``PengukuranBaris.masukan_indikator``). The block holds the row
  and the indicator's two raw capaian figures, which the roll-ups above it take;
- a roll-up row (table A: sasaran … sub kegiatan) under ``_BENTUK``, the scale, its label (kind,
  key, depth, code, name, unit) and the raw figures of every indicator it rolls up, in order: a
  write that changes no figure of an indicator below leaves it as it was;
- a row of table B under ``_BENTUK``, the period's last month, its label and, for every plan node
  whose budget it sums, in order, the versions of the node's pagu, targets and realisasi anggaran
  (``versi_rencana``, its ``versi_isi``), or a digest of them (``PengukuranBaris.masukan_node``);
- the roll-up of the whole plan (the summary cards and table B's *Jumlah* row) under the period,
  the scale, every indicator's figures and every node's versions or digest.

The ranking of units and its charts (``views.pengukuran._bagian_peringkat``) take each unit's roll-up
of verified figures for the four triwulan and the period shown from :func:`per_unit_terverifikasi`,
in three kinds of block under the plan's version and the periods: each indicator's figures under
its ``versi_isi``; each unit's roll-up of them under the scale and the ``versi_isi`` of its
indicators; each unit's budget absorption under the ``versi_isi`` of its plan nodes (a unit's
period state bumps them all). After a verified kinerja value is corrected one indicator is measured
and one unit rolled up again; after a budget value, one unit's budget summed again.

A block depends on nothing else (not the viewer, the agency or the unit filter but through these
inputs), so the same row shown to a Bidang and to the Pengguna Utama is one block. Notes are not
shown in these tables and not measured (``catatan=False``).

The keys are short strings, cheap to build for every row on every view (the first view after a
write builds some 250): what a row labels (and, for table B, the ids of the nodes it sums) is a
digest made once per plan version and kept with the measurement skeleton
(``domain.pengukuran.KerangkaPengukuran``) in a per-process :class:`_Rangka`; the inputs are the
version numbers as text, and an indicator's two figures enter a roll-up row's key as their ``repr``,
which the indicator's block carries. The skeleton is used only for a load whose structure is the
very objects it was built from (``KerangkaPengukuran.cocok``), so a plan write, which reloads the
structure, builds a new one.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from decimal import Decimal

from flask import get_template_attribute
from markupsafe import Markup

from ..domain.data_rencana import DataRencana
from ..domain.data_rencana import saring_terverifikasi
from ..domain.data_rencana import saring_unit
from ..domain.pengukuran import HasilKelompok
from ..domain.pengukuran import NilaiIndikator
from ..domain.pengukuran import PengukuranBaris
from ..domain.pengukuran import TabelRangkum
from ..domain.pengukuran import hitung_per_unit
from ..domain.pengukuran import kerangka_pengukuran
from ..domain.pengukuran import nilai_indikator_periode
from ..domain.pengukuran import pengambil
from ..domain.pengukuran import rangkum_nilai
from ..domain.pengukuran import serapan_unit_periode
from ..domain.periode import Periode
from ..domain.pohon import BarisRencana
from ..domain.predikat import SkalaPredikat
from ..extensions import cache_nilai
from ..reports.html import baris_anggaran_pengukuran
from ..reports.html import baris_indikator_pengukuran
from ..reports.html import baris_kelompok_pengukuran
from . import fragmen
from .pohon_blok import baris_rencana

#: Part of every block's inputs: a change to how rows are built or marked up makes new keys.
_BENTUK = 2

_SEL = "sipekerja/pengukuran/_sel.html"

Nilai = tuple[Decimal | None, Decimal | None]


@dataclass(frozen=True)
class BadanPengukuran:
    """The body rows of tables A and B and the roll-up of the whole plan."""

    #: Rows of table A (capaian), in tree order; empty without a plan.
    capaian: Markup
    #: Rows of table B (anggaran) above its *Jumlah* row.
    anggaran: Markup
    #: The summary cards of the whole plan as loaded.
    ringkasan: Markup
    #: Table B's *Jumlah* row.
    jumlah: Markup


class _Rangka:
    """What the rows of a plan are keyed and assembled by, whatever its realisasi: the measurement
    skeleton (``domain.pengukuran.KerangkaPengukuran``), the tree rows by kind and, per row, a digest
    of what it labels (for a roll-up row of table B also the ids of the nodes it sums) and pickers of
    its indicators' and nodes' entries out of lists indexed like ``data.indikator`` and ``data.node``.
    Kept per process under the plan's version (:func:`_rangka`); never changed after it is built."""

    def __init__(self, data: DataRencana, baris: tuple[BarisRencana, ...]) -> None:
        self.kerangka = kerangka = kerangka_pengukuran(data, baris)
        self.posisi_indikator = tuple(i for i, b in enumerate(baris) if b.jenis == "indikator")
        self.posisi_kelompok = tuple(i for i, b in enumerate(baris) if b.jenis != "indikator")
        self.indikator = tuple(baris[i] for i in self.posisi_indikator)
        self.kelompok = tuple(baris[i] for i in self.posisi_kelompok)
        #: Per indicator row, its position in ``data.indikator``.
        self.indeks_indikator = tuple(kerangka.posisi[b.indikator_id] for b in self.indikator)  # type: ignore[index]
        self.label_indikator = tuple(_digest((b.kedalaman, b.nama, b.unit, b.satuan, b.target_teks, b.indikator_id))
                                     for b in self.indikator)
        self.label_kelompok = tuple(_digest((b.jenis, b.kunci, b.kedalaman, b.kode, b.nama, b.unit))
                                    for b in self.kelompok)
        posisi_node = {n.id: i for i, n in enumerate(data.node)}
        node_baris = [tuple(n.id for n in kerangka.per_baris[b.kunci].node) for b in self.kelompok]
        self.label_anggaran = tuple(_digest((label, ids)) for label, ids in zip(self.label_kelompok, node_baris))
        #: Per roll-up row, picks its indicators' entries in roll-up order (its group's picker).
        self.pilih_indikator = tuple(kerangka.per_baris[b.kunci].ambil for b in self.kelompok)
        #: Per roll-up row, picks the entries of the nodes it sums, in order.
        self.pilih_node = tuple(pengambil(tuple(posisi_node[i] for i in ids)) for ids in node_baris)
        self.label_node = _digest(tuple(posisi_node))


def _rangka(data: DataRencana) -> _Rangka:
    """The :class:`_Rangka` of a loaded plan: kept per process under the plan's version (with the
    tree rows, ``pohon_blok.baris_rencana``) and used only for a load whose structure is the very
    objects it was built from (``KerangkaPengukuran.cocok``); built afresh otherwise."""
    baris = baris_rencana(data)
    cache = cache_nilai() if data.versi_rencana is not None else None
    if cache is None:
        return _Rangka(data, baris)
    kunci = ("pengukuran-rangka", data.perangkat_daerah_id, data.tahun_id, data.unit_kerja_id, data.sampai_bulan,
             data.versi_dipilih, data.versi_rencana)
    rangka = cache.get(kunci)
    if rangka is None or not rangka.kerangka.cocok(data, baris):
        rangka = _Rangka(data, baris)
        cache.set(kunci, rangka)
    return rangka


def badan_pengukuran(data: DataRencana, periode: Periode, skala: SkalaPredikat) -> BadanPengukuran:
    """Tables A and B of the Pengukuran page for a plan and period, from the block store where
    their inputs match.

    :param data: the plan as the page shows it (the agency, or one unit).
    :param periode: the period measured.
    :param skala: the predikat scale.
    :return: the rows and the total.
    """
    rangka = _rangka(data)
    ukur = PengukuranBaris(data, periode, skala, kerangka=rangka.kerangka)
    # What many blocks share, once as a digest (a scale's repr is long and repr'd per block else).
    umum = _digest((_BENTUK, periode, skala))
    indikator, kelompok = rangka.indikator, rangka.kelompok
    html: list[str] = [""] * len(ukur.baris)  # each row's HTML by its position in the tree
    versi = data.versi_rencana

    def buat_indikator(posisi: Sequence[int]) -> list[tuple[str, Decimal | None, Decimal | None, str]]:
        hasil = []
        for i in posisi:
            h = ukur.hasil_indikator(indikator[i].indikator_id, catatan=False)  # type: ignore[arg-type]
            nilai = PengukuranBaris.nilai(h)
            hasil.append((baris_indikator_pengukuran(indikator[i], h, periode), *nilai, repr(nilai)))
        return hasil

    # An indicator row's inputs: the stored versions where known (``services.versi``: targets and rule
    # under the plan's, realisasi and unverified months under the indicator's), else the inputs themselves.
    if versi is None:
        masukan = [_digest(ukur.masukan_indikator(b.indikator_id)) for b in indikator]  # type: ignore[arg-type]
    else:
        versi_isi = data.versi_isi_indikator
        masukan = [f"{versi}:{data.hanya_terverifikasi}:{versi_isi[b.indikator_id]}" for b in indikator]  # type: ignore[index]
    blok_indikator = fragmen.ambil_blok("pengukuran-indikator", [
        f"{umum}:{label}:{m}" for label, m in zip(rangka.label_indikator, masukan)], buat_indikator)
    # Each indicator's raw figures and their ``repr`` (what the roll-ups are keyed by), indexed like ``data.indikator``.
    nilai: list[Nilai | None] = [None] * len(data.indikator)
    teks: list[str] = [""] * len(data.indikator)
    for i, j, blok in zip(rangka.posisi_indikator, rangka.indeks_indikator, blok_indikator):
        html[i] = blok[0]
        nilai[j], teks[j] = (blok[1], blok[2]), blok[3]
    for j, ind in enumerate(data.indikator):
        if nilai[j] is None:  # an indicator without a row of its own: the total still counts it
            nilai[j] = PengukuranBaris.nilai(ukur.hasil_indikator(ind.id, catatan=False))
            teks[j] = repr(nilai[j])

    # A roll-up row shows nothing of the period: keyed by the figures of its indicators, in order.
    umum_kelompok = _digest((_BENTUK, skala))
    pilih = rangka.pilih_indikator

    def buat_kelompok(posisi: Sequence[int]) -> list[str]:
        return [baris_kelompok_pengukuran(kelompok[i], ukur.hasil_baris(
            kelompok[i].kunci, pilih[i](nilai), catatan=False, serapan=False), skala) for i in posisi]

    blok_kelompok = fragmen.ambil_blok("pengukuran-kelompok", [
        f"{umum_kelompok}:{label}:" + "".join(p(teks)) for label, p in zip(rangka.label_kelompok, pilih)],
        buat_kelompok)
    for i, blok in zip(rangka.posisi_kelompok, blok_kelompok):
        html[i] = blok

    # A node's inputs to a serapan: its versions where known, else a digest of its pagu and monthly budget.
    if versi is None:
        node = [_digest(ukur.masukan_node(n.id)) for n in data.node]
    else:
        versi_node = data.versi_isi_node
        node = [str(versi_node[n.id]) for n in data.node]
    awal_anggaran = f"{_BENTUK}:{periode.bulan_akhir}:{versi}"

    def buat_anggaran(posisi: Sequence[int]) -> list[str]:
        return [baris_anggaran_pengukuran(kelompok[i], ukur.serapan_baris(kelompok[i].kunci)) for i in posisi]

    blok_anggaran = fragmen.ambil_blok("pengukuran-anggaran", [
        f"{awal_anggaran}:{label}:" + ",".join(p(node)) for label, p in zip(rangka.label_anggaran, rangka.pilih_node)],
        buat_anggaran)

    semua = tuple(nilai)
    kunci_kinerja = f"{umum}:" + "".join(teks)
    kunci_serapan = f"{awal_anggaran}:{rangka.label_node}:" + ",".join(node)

    def buat_total(_posisi: Sequence[int]) -> list[tuple[str, str]]:
        # Its two halves apart: a kinerja write leaves the serapan as it was, an anggaran write the capaian.
        kinerja = fragmen.ambil_blok("pengukuran-total-kinerja", [kunci_kinerja],
                                     lambda _: [ukur.hasil_total(semua, catatan=False, serapan=False)])[0]
        serapan = fragmen.ambil_blok("pengukuran-total-serapan", [kunci_serapan],
                                     lambda _: [ukur.serapan_total()])[0]
        total = replace(kinerja, serapan=serapan)
        band = {b.label: b for b in skala.bands}
        return [(str(get_template_attribute(_SEL, "ringkasan")(total, band, periode)),
                 str(get_template_attribute(_SEL, "baris_jumlah")(total)))]

    ringkasan, jumlah = fragmen.ambil_blok(
        "pengukuran-total", [f"{umum}:{kunci_kinerja}|{kunci_serapan}"], buat_total)[0]
    return BadanPengukuran(capaian=Markup("".join(html)), anggaran=Markup("".join(blok_anggaran)),
                           ringkasan=Markup(ringkasan), jumlah=Markup(jumlah))


def per_unit_terverifikasi(agensi: DataRencana, periode: Sequence[Periode], skala: SkalaPredikat
                           ) -> dict[int, tuple[HasilKelompok, ...]]:
    """Each unit's roll-up of verified figures for the periods, ``{unit_id: (per period, in order)}``:
    ``domain.pengukuran.hitung_per_unit`` of the verified plan, from blocks (see the module docstring).

    :param agensi: the agency's plan as loaded (every realisasi, verification flags included).
    :param periode: the periods.
    :param skala: the predikat scale.
    """
    unit = agensi.unit
    if agensi.versi_rencana is None:  # data read inside a transaction that has written: not cached
        return {u.id: hitung_per_unit(saring_terverifikasi(saring_unit(agensi, u.id)), u.id, periode, skala)
                for u in unit}
    sempit: dict[int, DataRencana] = {}

    def terverifikasi(unit_id: int) -> DataRencana:
        # A unit's verified plan, made only for a unit with a block to build.
        if unit_id not in sempit:
            sempit[unit_id] = saring_terverifikasi(saring_unit(agensi, unit_id))
        return sempit[unit_id]

    # Keys as short strings: the plan's version and the periods, the owner's id and ``versi_isi``.
    umum = _digest((_BENTUK, agensi.versi_rencana, tuple(periode)))
    indikator = [ind for ind in agensi.indikator if ind.unit_kerja_id is not None]
    versi_isi = agensi.versi_isi_indikator
    versi_indikator = [f"{ind.id}.{versi_isi[ind.id]}" for ind in indikator]
    per_unit_indikator: defaultdict[int, list[str]] = defaultdict(list)
    for ind, v in zip(indikator, versi_indikator):
        per_unit_indikator[ind.unit_kerja_id].append(v)  # type: ignore[index]
    versi_node: defaultdict[int, list[str]] = defaultdict(list)
    for n in agensi.node:
        versi_node[n.unit_kerja_id].append(f"{n.id}.{agensi.versi_isi_node[n.id]}")

    nilai = fragmen.ambil_blok(
        "pengukuran-nilai-terverifikasi", [f"{umum}:{v}" for v in versi_indikator],
        lambda posisi: [nilai_indikator_periode(terverifikasi(indikator[i].unit_kerja_id), indikator[i], periode)  # type: ignore[arg-type]
                        for i in posisi])
    nilai_unit: defaultdict[int, list[tuple[NilaiIndikator, ...]]] = defaultdict(list)
    for ind, n in zip(indikator, nilai):
        nilai_unit[ind.unit_kerja_id].append(n)  # type: ignore[index]
    umum_skala = _digest((umum, skala))
    tabel = TabelRangkum(skala)
    rangkum = fragmen.ambil_blok(
        "pengukuran-rangkum-unit", [f"{umum_skala}:{u.id}:" + ",".join(per_unit_indikator[u.id]) for u in unit],
        lambda posisi: [tuple(rangkum_nilai([n[i] for n in nilai_unit[unit[p].id]], skala, tabel)
                              for i in range(len(periode))) for p in posisi])
    serapan = fragmen.ambil_blok(
        "pengukuran-serapan-unit", [f"{umum}:{u.id}:" + ",".join(versi_node[u.id]) for u in unit],
        lambda posisi: [serapan_unit_periode(terverifikasi(unit[p].id), unit[p].id, periode) for p in posisi])
    return {u.id: tuple(replace(r, serapan=s) for r, s in zip(per_periode, serapan_unit, strict=True))
            for u, per_periode, serapan_unit in zip(unit, rangkum, serapan, strict=True)}


def _digest(nilai: object) -> str:
    """A short stand-in for a ``repr``-stable value inside block inputs."""
    return hashlib.blake2b(repr(nilai).encode(), digest_size=16).hexdigest()
