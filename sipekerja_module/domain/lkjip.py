"""LKjIP Bab III (Akuntabilitas Kinerja) drafted from the data of the system, as pure values.

DOMAIN.md "The SAKIP cycle around measurement": per sasaran of the agency PK (the Kepala's), a table
indikator | target | realisasi | capaian | predikat, compared (1) with the year's target, (2) with the
realisasi of earlier years, (3) with the Renstra end-of-period target ("% of the way"); a chart per
indicator over the years; the faktor pendorong / penghambat / tindak lanjut written during the year
gathered per indicator as the draft of the analysis; the realisasi anggaran per program.

Local choices (no regulation; documented in README "LKjIP Bab III"):

- **the year's figure**: realisasi = the linked plan indicator's realisasi over the year as its
  agregasi says (kumulatif Σ, nilai akhir the last reported month, rata-rata the mean), verified
  months only; capaian = that realisasi against the PK indicator's own target (the figure printed
  in the target column; the plan indicator's annual target when the PK one is blank) with the plan
  indicator's polaritas and formula (``domain.capaian.hitung_capaian``); displayed clamped at 0, the
  predikat from the unrounded value. A year whose data stop before December says "data s.d. <bulan>".
- **matching an indicator across years**: by :func:`kunci_indikator` (uraian and satuan, case,
  punctuation and spacing ignored) among the Kepala's PK indicators of the earlier years, until the
  Renstra link (``IndikatorPK.indikator_renstra_id``) replaces it (``queries.lkjip``);
  at most :data:`JUMLAH_TAHUN_PEMBANDING` earlier years are compared.
- **% of the way to the Renstra end target** (:func:`persen_jalan`): with a baseline,
  ``(realisasi − baseline) / (target akhir − baseline) × 100`` (works both ways: a negatif indicator
  has target akhir < baseline); without one, the indicator's own capaian formula against the end
  target (positif ``realisasi / target akhir × 100``). Undefined ("–") when the realisasi or the end
  target is missing or the denominator is 0. The raw value is shown (negative = moved away from
  the target since the baseline), never clamped: a drafting aid, not a score.
- **the analysis draft** of an indicator: the distinct notes of its own plan indicator and of every
  indicator below it in the cascade (the lower PKs' indicators supporting it, and theirs), in that
  order, verified months only.
- **realisasi anggaran per program**: the program nodes of every unit merged by code; pagu and
  realisasi summed, % = realisasi / pagu × 100 (anggaran is kumulatif); a program without any
  reported month shows "belum lapor", never 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext
from typing import Protocol

from .angka import KONTEKS_HITUNG
from .capaian import Polaritas
from .capaian import RumusNegatif
from .capaian import Target
from .capaian import hitung_capaian
from .capaian import tampilkan_capaian
from .catatan import CatatanPeriode
from .data_rencana import DataRencana
from .pengukuran import HasilIndikator
from .pengukuran import Pengukuran
from .pengukuran import label_data_sd
from .pk import IndikatorPKData
from .pk import Pemegang
from .pk import SasaranPKData
from .predikat import BandPredikat
from .predikat import SkalaPredikat
from .predikat import tentukan_predikat

#: How many earlier years are compared at most (LKjIP practice shows two to four; the Renstra is five years).
JUMLAH_TAHUN_PEMBANDING = 4

_BUKAN_HURUF_ANGKA = re.compile(r"[^0-9a-z]+")


def normalisasi_uraian(teks: str) -> str:
    """Text compared across years: lower case, every run of non-letters/digits one space, trimmed.

    ``"Persentase  Kenaikan Pangkat (Tepat-Waktu)."`` → ``"persentase kenaikan pangkat tepat waktu"``.
    """
    return _BUKAN_HURUF_ANGKA.sub(" ", teks.casefold()).strip()


def kunci_indikator(uraian: str, satuan: str) -> tuple[str, str]:
    """The key an indicator is matched by across years: normalised uraian and satuan."""
    return normalisasi_uraian(uraian), normalisasi_uraian(satuan)


def cocokkan_indikator(sekarang: Sequence[IndikatorPKData],
                       lampau: Mapping[int, Sequence[IndikatorPKData]]) -> dict[int, dict[int, IndikatorPKData]]:
    """Match this year's indicators with those of earlier years by :func:`kunci_indikator`.

    :param sekarang: this year's indicators.
    :param lampau: earlier year → that year's indicators (the first of equal keys wins).
    :return: this year's indicator id → {earlier year: its match}; indicators without a match are absent.
    """
    hasil: dict[int, dict[int, IndikatorPKData]] = {}
    for tahun, daftar in lampau.items():
        per_kunci: dict[tuple[str, str], IndikatorPKData] = {}
        for ind in daftar:
            per_kunci.setdefault(kunci_indikator(ind.uraian, ind.satuan), ind)
        for ind in sekarang:
            cocok = per_kunci.get(kunci_indikator(ind.uraian, ind.satuan))
            if cocok is not None:
                hasil.setdefault(ind.id, {})[tahun] = cocok
    return hasil


# --- one indicator in one year ---------------------------------------------------------------


@dataclass(frozen=True)
class CapaianTahun:
    """An indicator's figures for one year."""

    tahun: int
    target: Target | None
    #: The year's realisasi (agregasi over the verified months); None = belum lapor or not linked.
    realisasi: Decimal | None
    #: For display: clamped at 0; None when undefined, belum lapor or not linked.
    capaian: Decimal | None
    capaian_mentah: Decimal | None
    predikat: BandPredikat | None
    #: The last reported month when before December ("data s.d. Mei").
    data_sd: int | None = None
    #: False when the indicator has no plan indicator to measure it that year.
    tertaut: bool = True

    @property
    def label_data_sd(self) -> str | None:
        """``"data s.d. Mei"`` or None."""
        return label_data_sd(self.data_sd)

    @property
    def belum_lapor(self) -> bool:
        """Linked, but no verified realisasi in the year."""
        return self.tertaut and self.realisasi is None


def capaian_tahun(tahun: int, target: Target | None, hasil: HasilIndikator | None,
                  skala: SkalaPredikat) -> CapaianTahun:
    """The year's figures of a PK indicator from the yearly measurement of its plan indicator.

    :param tahun: the year.
    :param target: the PK indicator's target; None = the plan indicator's annual target.
    :param hasil: the plan indicator's measurement for the whole year, None when not linked.
    :param skala: the predikat scale.
    :return: the figures.
    """
    if hasil is None:
        return CapaianTahun(tahun, target, None, None, None, None, tertaut=False)
    ind = hasil.indikator
    target = target if target is not None else ind.target
    realisasi = None if hasil.belum_lapor else hasil.capaian.realisasi_sd
    mentah = hitung_capaian(target, realisasi, ind.polaritas, ind.rumus_negatif)
    return CapaianTahun(tahun, target, realisasi, tampilkan_capaian(mentah), mentah,
                        tentukan_predikat(mentah, skala), data_sd=None if realisasi is None else hasil.data_sd)


# --- Renstra ---------------------------------------------------------------------------------


class NilaiRenstra(Protocol):
    """What the builder reads of a Renstra target (``queries.renstra.TargetRenstra`` has more)."""

    @property
    def target_akhir(self) -> Decimal | None: ...

    @property
    def tahun_akhir(self) -> int: ...

    @property
    def baseline(self) -> Decimal | None: ...


def persen_jalan(realisasi: Decimal | None, *, target_akhir: Decimal | None, baseline: Decimal | None,
                 polaritas: Polaritas = Polaritas.POSITIF,
                 rumus_negatif: RumusNegatif = RumusNegatif.SELISIH) -> Decimal | None:
    """How far the realisasi has come towards the Renstra end-of-period target, in percent (unrounded).

    With a baseline: ``(R − B) / (TA − B) × 100``; without: the capaian formula of the indicator
    against the end target (positif ``R / TA × 100``, negatif ``(2TA − R) / TA × 100``).

    :param realisasi: the year's realisasi, None when belum lapor.
    :param target_akhir: the end-of-period target, None when not set.
    :param baseline: the Renstra baseline, None when not set.
    :param polaritas: the indicator's direction (used without a baseline).
    :param rumus_negatif: its formula for negatif indicators (used without a baseline).
    :return: the percentage, or None when undefined (no realisasi, no end target, zero denominator).
    """
    if realisasi is None or target_akhir is None:
        return None
    if baseline is None:
        return hitung_capaian(Target.tunggal(target_akhir), realisasi, polaritas, rumus_negatif)
    with localcontext(KONTEKS_HITUNG):
        jarak = target_akhir - baseline
        if jarak == 0:
            return None
        return (realisasi - baseline) / jarak * 100


@dataclass(frozen=True)
class CapaianRenstra:
    """The Renstra columns of an indicator."""

    tahun_akhir: int
    target_akhir: Decimal | None
    baseline: Decimal | None
    #: Unrounded, unclamped; None when undefined.
    persen_jalan: Decimal | None


# --- the chapter -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndikatorBab3:
    """One indicator of the chapter: the year, the earlier years, the Renstra, the analysis draft."""

    id: int
    uraian: str
    satuan: str
    tahun_ini: CapaianTahun
    #: Earlier years present in the comparison, ascending; a year without a match is not linked.
    riwayat: tuple[CapaianTahun, ...]
    #: None until a Renstra target is known for the indicator.
    renstra: CapaianRenstra | None
    catatan: CatatanPeriode

    @property
    def seri(self) -> tuple[CapaianTahun, ...]:
        """The earlier years and this one, ascending (the chart)."""
        return (*self.riwayat, self.tahun_ini)


@dataclass(frozen=True)
class SasaranBab3:
    nomor: int
    uraian: str
    indikator: tuple[IndikatorBab3, ...]


@dataclass(frozen=True)
class AnggaranProgram:
    """Pagu and realisasi of one program (or the total)."""

    kode: str
    nama: str
    pagu: Decimal | None
    #: Σ verified realisasi; None when no month was reported (belum lapor).
    realisasi: Decimal | None
    #: ``realisasi / pagu × 100``, unrounded; None without pagu (or 0) or realisasi.
    persen: Decimal | None


@dataclass(frozen=True)
class BabIII:
    """The chapter: everything the page, the PDF, the XLSX and the DOCX print."""

    tahun: int
    perangkat_daerah: str
    #: The Kepala's position (the agency PK's pihak pertama).
    jabatan_kepala: str
    sasaran: tuple[SasaranBab3, ...]
    #: The earlier years compared, ascending.
    tahun_pembanding: tuple[int, ...]
    program: tuple[AnggaranProgram, ...]
    total_anggaran: AnggaranProgram
    #: Last month with verified realisasi in the year (None: none yet).
    bulan_data: int | None
    hanya_terverifikasi: bool = True
    #: The Kepala's holder for the year (signs when Referensi names no head of agency).
    pemegang_kepala: Pemegang | None = None

    @property
    def indikator(self) -> tuple[IndikatorBab3, ...]:
        """Every indicator, in order."""
        return tuple(i for s in self.sasaran for i in s.indikator)

    @property
    def ada_renstra(self) -> bool:
        """True when at least one indicator has a Renstra target."""
        return any(i.renstra is not None for i in self.indikator)


def gabung_catatan_periode(daftar: Sequence[CatatanPeriode]) -> CatatanPeriode:
    """Distinct texts of several notes, in order."""

    def gabung(bidang: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for c in daftar for t in getattr(c, bidang)))

    return CatatanPeriode(keterangan=gabung("keterangan"), faktor_pendorong=gabung("faktor_pendorong"),
                          faktor_penghambat=gabung("faktor_penghambat"), tindak_lanjut=gabung("tindak_lanjut"))


def catatan_kaskade(indikator: Sequence[IndikatorPKData], semua: Sequence[IndikatorPKData],
                    hasil: Mapping[int, HasilIndikator]) -> dict[int, CatatanPeriode]:
    """The analysis draft of each indicator: the notes of its plan indicator, then of every PK
    indicator below it in the cascade (depth first, in order), distinct texts.

    :param indikator: the indicators to draft for (the Kepala's).
    :param semua: every PK indicator of the agency-year (the cascade).
    :param hasil: plan indicator id → its yearly measurement (its notes).
    :return: PK indicator id → the merged notes.
    """
    anak: dict[int, list[IndikatorPKData]] = {}
    for i in semua:
        if i.induk_id is not None:
            anak.setdefault(i.induk_id, []).append(i)

    def kumpulkan(ind: IndikatorPKData, jalur: frozenset[int]) -> list[CatatanPeriode]:
        sendiri = hasil.get(ind.indikator_rencana_id) if ind.indikator_rencana_id is not None else None
        daftar = [sendiri.catatan] if sendiri is not None else []
        for a in anak.get(ind.id, ()):
            if a.id not in jalur:  # a cycle is refused on write; never loop on bad data
                daftar += kumpulkan(a, jalur | {a.id})
        return daftar

    return {i.id: gabung_catatan_periode(kumpulkan(i, frozenset({i.id}))) for i in indikator}


def anggaran_per_program(data: DataRencana, pengukuran: Pengukuran) -> tuple[tuple[AnggaranProgram, ...],
                                                                              AnggaranProgram]:
    """Pagu and realisasi per program (the units' program nodes merged by code), and the total.

    :param data: the plan (its program nodes).
    :param pengukuran: its measurement of the whole year.
    :return: the programs by code, and the total of the plan.
    """
    per_kode: dict[str, tuple[str, list[Decimal], list[Decimal]]] = {}
    for node in data.node:
        if node.level != "program":
            continue
        nama, pagu, realisasi = per_kode.setdefault(node.kode, (node.nama, [], []))
        serapan = pengukuran.per_node[node.id].serapan if node.id in pengukuran.per_node else None
        if serapan is not None and serapan.pagu is not None:
            pagu.append(serapan.pagu)
        if serapan is not None and serapan.realisasi_sd is not None:
            realisasi.append(serapan.realisasi_sd)
    program = tuple(_anggaran(kode, nama, pagu, realisasi)
                    for kode, (nama, pagu, realisasi) in sorted(per_kode.items()))
    total = pengukuran.total.serapan
    jumlah = _anggaran("", "Jumlah", [total.pagu] if total and total.pagu is not None else [],
                       [total.realisasi_sd] if total and total.realisasi_sd is not None else [])
    return program, jumlah


def _anggaran(kode: str, nama: str, pagu: list[Decimal], realisasi: list[Decimal]) -> AnggaranProgram:
    with localcontext(KONTEKS_HITUNG):
        total_pagu = sum(pagu, Decimal(0)) if pagu else None
        total_realisasi = sum(realisasi, Decimal(0)) if realisasi else None
        persen = (total_realisasi / total_pagu * 100
                  if total_pagu and total_realisasi is not None else None)
    return AnggaranProgram(kode, nama, total_pagu, total_realisasi, persen)


def susun_bab3(*, tahun: int, perangkat_daerah: str, jabatan_kepala: str, sasaran: Sequence[SasaranPKData],
               tahun_ini: Mapping[int, CapaianTahun], riwayat: Mapping[int, Mapping[int, CapaianTahun]],
               tahun_pembanding: Sequence[int], target_renstra: Mapping[int, NilaiRenstra],
               polaritas: Mapping[int, tuple[Polaritas, RumusNegatif]], catatan: Mapping[int, CatatanPeriode],
               program: Sequence[AnggaranProgram], total_anggaran: AnggaranProgram,
               bulan_data: int | None, pemegang_kepala: Pemegang | None = None) -> BabIII:
    """Assemble the chapter.

    :param tahun: the year reported.
    :param perangkat_daerah: the agency's name.
    :param jabatan_kepala: the Kepala's position.
    :param sasaran: the agency PK's sasaran with their indicators, in order.
    :param tahun_ini: PK indicator id → its figures for the year (:func:`capaian_tahun`).
    :param riwayat: PK indicator id → {earlier year: the matched indicator's figures}.
    :param tahun_pembanding: the earlier years compared (any order; at most the last
        :data:`JUMLAH_TAHUN_PEMBANDING` are kept).
    :param target_renstra: PK indicator id → its Renstra target (empty until the Renstra is wired).
    :param polaritas: PK indicator id → its plan indicator's polaritas and formula (for :func:`persen_jalan`).
    :param catatan: PK indicator id → the analysis draft (:func:`catatan_kaskade`).
    :param program: realisasi anggaran per program; ``total_anggaran`` their total.
    :param bulan_data: the last month with verified realisasi.
    :param pemegang_kepala: the Kepala's holder for the year.
    :return: the chapter.
    """
    tahun_lalu = tuple(sorted(t for t in set(tahun_pembanding) if t < tahun))[-JUMLAH_TAHUN_PEMBANDING:]
    daftar = []
    for nomor, s in enumerate(sasaran, start=1):
        baris = []
        for ind in s.indikator:
            kini = tahun_ini.get(ind.id) or CapaianTahun(tahun, ind.target, None, None, None, None, tertaut=False)
            lalu = riwayat.get(ind.id, {})
            renstra = target_renstra.get(ind.id)
            arah = polaritas.get(ind.id, (Polaritas.POSITIF, RumusNegatif.SELISIH))
            baris.append(IndikatorBab3(
                id=ind.id, uraian=ind.uraian, satuan=ind.satuan, tahun_ini=kini,
                riwayat=tuple(lalu.get(t) or CapaianTahun(t, None, None, None, None, None, tertaut=False)
                              for t in tahun_lalu),
                renstra=None if renstra is None else CapaianRenstra(
                    renstra.tahun_akhir, renstra.target_akhir, renstra.baseline,
                    persen_jalan(kini.realisasi, target_akhir=renstra.target_akhir, baseline=renstra.baseline,
                                 polaritas=arah[0], rumus_negatif=arah[1])),
                catatan=catatan.get(ind.id, CatatanPeriode())))
        daftar.append(SasaranBab3(nomor, s.uraian, tuple(baris)))
    return BabIII(tahun=tahun, perangkat_daerah=perangkat_daerah, jabatan_kepala=jabatan_kepala,
                  sasaran=tuple(daftar), tahun_pembanding=tahun_lalu, program=tuple(program),
                  total_anggaran=total_anggaran, bulan_data=bulan_data, pemegang_kepala=pemegang_kepala)
