"""The Renstra (Rencana Strategis, the agency's five-year plan) as pure rules and values.

DOMAIN.md, "The SAKIP cycle around measurement": each IKU of the Renstra has a baseline (*kondisi
awal*), a target per year of the period and an end-of-period target (*kondisi akhir*). The yearly
PK target of an indicator linked to a Renstra indicator is taken from the Renstra target of that
year by default, and any difference between the two is flagged.

Local choices (the issue is silent):

- a period lasts 1 to 10 years (usually 5, sometimes 6 as 2021–2026); two periods of the same
  agency may not share a year;
- the baseline year is at most the first year of the period (it is usually the year before);
- a target, a baseline and an end target are numbers >= 0 (a single value: a Renstra has no range);
- a PK target *differs* from the Renstra target when it is a different single value, or a range
  (a range is never equal to the single Renstra value); an unset side is reported as such, not as a
  difference.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext
from enum import Enum

from .angka import KONTEKS_HITUNG
from .capaian import Polaritas
from .capaian import RumusNegatif
from .capaian import Target
from .capaian import hitung_capaian
from .errors import NilaiTidakValid

SERATUS = Decimal(100)
#: Longest period accepted, in years.
PANJANG_MAKS = 10
TAHUN_MIN, TAHUN_MAKS = 2000, 2100


def teks_periode(tahun_awal: int, tahun_akhir: int) -> str:
    """``"2021–2026"``."""
    return f"{tahun_awal}\u2013{tahun_akhir}"


def periksa_periode(tahun_awal: int | None, tahun_akhir: int | None) -> None:
    """Check a Renstra period's years.

    :raise NilaiTidakValid: a missing year, one outside 2000–2100, the end before the start, or a
        period longer than :data:`PANJANG_MAKS` years.
    """
    if tahun_awal is None or tahun_akhir is None:
        raise NilaiTidakValid("Tahun awal dan tahun akhir periode Renstra wajib diisi.")
    for tahun in (tahun_awal, tahun_akhir):
        if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
            raise NilaiTidakValid(f"Tahun periode Renstra harus antara {TAHUN_MIN} dan {TAHUN_MAKS}.")
    if tahun_akhir < tahun_awal:
        raise NilaiTidakValid(
            f"Tahun akhir ({tahun_akhir}) tidak boleh sebelum tahun awal ({tahun_awal}) periode Renstra.")
    if tahun_akhir - tahun_awal + 1 > PANJANG_MAKS:
        raise NilaiTidakValid(f"Periode Renstra paling lama {PANJANG_MAKS} tahun.")


def periksa_tumpang_tindih(tahun_awal: int, tahun_akhir: int, lain: Iterable[tuple[int, int]]) -> None:
    """Refuse a period sharing a year with another period of the same agency.

    :param lain: (tahun_awal, tahun_akhir) of the agency's other periods.
    :raise NilaiTidakValid: naming the period it overlaps.
    """
    for awal, akhir in lain:
        if tahun_awal <= akhir and awal <= tahun_akhir:
            raise NilaiTidakValid(
                f"Periode Renstra {teks_periode(tahun_awal, tahun_akhir)} bertumpang tindih dengan periode "
                f"Renstra {teks_periode(awal, akhir)} yang sudah ada.")


def periksa_tahun_target(tahun_awal: int, tahun_akhir: int, tahun_target: Iterable[int]) -> None:
    """Refuse a yearly target outside the period (also when a period is shortened under its targets).

    :raise NilaiTidakValid: naming the first year outside.
    """
    for tahun in sorted(tahun_target):
        if not tahun_awal <= tahun <= tahun_akhir:
            raise NilaiTidakValid(
                f"Target tahun {tahun} di luar periode Renstra {teks_periode(tahun_awal, tahun_akhir)}.")


def _non_negatif(nilai: Decimal | None, nama: str) -> None:
    if nilai is not None and nilai < 0:
        raise NilaiTidakValid(f"{nama} tidak boleh negatif.")


def periksa_indikator(*, tahun_awal: int, tahun_akhir: int, baseline: Decimal | None, tahun_baseline: int | None,
                      target_akhir: Decimal | None, target_per_tahun: Mapping[int, Decimal | None]) -> None:
    """Check the numbers of a Renstra indicator before anything is written.

    :param tahun_awal: first year of the period.
    :param tahun_akhir: last year of the period.
    :param baseline: kondisi awal, or None.
    :param tahun_baseline: the year of the baseline (required with a baseline).
    :param target_akhir: kondisi akhir, or None.
    :param target_per_tahun: year → target (None: no target for that year).
    :raise NilaiTidakValid: a negative value, a target outside the period, a baseline without its
        year or with a year after the start of the period.
    """
    _non_negatif(baseline, "Baseline")
    _non_negatif(target_akhir, "Target akhir periode")
    for tahun, nilai in sorted(target_per_tahun.items()):
        _non_negatif(nilai, f"Target tahun {tahun}")
    periksa_tahun_target(tahun_awal, tahun_akhir, [t for t, n in target_per_tahun.items() if n is not None])
    if baseline is not None and tahun_baseline is None:
        raise NilaiTidakValid("Tahun baseline wajib diisi bila baseline diisi.")
    if tahun_baseline is not None and not TAHUN_MIN <= tahun_baseline <= tahun_awal:
        raise NilaiTidakValid(
            f"Tahun baseline harus tahun awal periode ({tahun_awal}) atau sebelumnya.")


def persen_menuju_target_akhir(realisasi: Decimal | None, baseline: Decimal | None,
                               target_akhir: Decimal | None, *, polaritas: Polaritas = Polaritas.POSITIF,
                               rumus_negatif: RumusNegatif = RumusNegatif.SELISIH) -> Decimal | None:
    """How far a realisasi has come from the baseline to the Renstra end-of-period target, in %:
    the one rule for every page and report that shows it (Renstra, LKjIP Bab III).

    With a baseline::

        (realisasi - baseline) / (target_akhir - baseline) x 100

    The formula carries the direction itself: for an indicator where lower is better the end target
    lies below the baseline, numerator and denominator are both negative, and the result is positive
    when the realisasi moved down. 0 = still at the baseline, 100 = the end target reached; below 0
    means it moved away from the target, above 100 beyond it (never clamped).

    Without a baseline there is no starting point: the indicator's own capaian formula against the end
    target (``domain.capaian.hitung_capaian``: positif ``R / TA x 100``, negatif ``(2TA - R) / TA x 100``
    or its agency's variant), so a lower-is-better indicator does not read backwards.

    :param realisasi: the realisasi (of a year).
    :param baseline: kondisi awal, or None.
    :param target_akhir: kondisi akhir, or None.
    :param polaritas: the indicator's direction (used without a baseline).
    :param rumus_negatif: its formula for negatif indicators (used without a baseline).
    :return: unrounded percentage, or None when realisasi or end target is missing, or when there is
        no distance to travel (end target equal to the baseline, or a zero end target without
        baseline: a division by zero).
    """
    if realisasi is None or target_akhir is None:
        return None
    if baseline is None:
        return hitung_capaian(Target.tunggal(target_akhir), realisasi, polaritas, rumus_negatif)
    jarak = target_akhir - baseline
    if jarak == 0:
        return None
    with localcontext(KONTEKS_HITUNG):
        return (realisasi - baseline) / jarak * SERATUS


@dataclass(frozen=True)
class TargetRenstra:
    """The Renstra targets of one indicator (the read interface other features use, e.g. LKjIP)."""

    indikator_renstra_id: int
    uraian: str
    satuan: str
    tahun_awal: int
    tahun_akhir: int
    baseline: Decimal | None
    tahun_baseline: int | None
    target_per_tahun: Mapping[int, Decimal]
    target_akhir: Decimal | None

    def target_tahun(self, tahun: int) -> Decimal | None:
        """The Renstra target of a year, or None (outside the period or not set)."""
        return self.target_per_tahun.get(tahun)

    def persen_menuju_target_akhir(self, realisasi: Decimal | None) -> Decimal | None:
        """% of the way from the baseline to the end target (:func:`persen_menuju_target_akhir`)."""
        return persen_menuju_target_akhir(realisasi, self.baseline, self.target_akhir)


class StatusBanding(Enum):
    """The PK target of a year next to the Renstra target of that year."""

    SAMA = "sama"
    BERBEDA = "berbeda"
    PK_TANPA_TARGET = "pk_tanpa_target"
    TANPA_PK = "tanpa_pk"
    RENSTRA_TANPA_TARGET = "renstra_tanpa_target"

    @property
    def label(self) -> str:
        return {"sama": "Sesuai Renstra", "berbeda": "Berbeda dari Renstra",
                "pk_tanpa_target": "Target PK belum diisi", "tanpa_pk": "Belum ada indikator PK",
                "renstra_tanpa_target": "Target Renstra belum diisi"}[self.value]


def bandingkan_target(target_pk: Target | None, target_renstra: Decimal | None, *, ada_pk: bool = True
                      ) -> StatusBanding:
    """Compare a year's PK target with the Renstra target of that year.

    :param target_pk: the PK indicator's target (single or range), None when not set.
    :param target_renstra: the Renstra target of that year, None when not set.
    :param ada_pk: False when no PK indicator of that year is linked at all.
    :return: the status; only :attr:`StatusBanding.BERBEDA` is a flagged difference.
    """
    if not ada_pk:
        return StatusBanding.TANPA_PK
    if target_renstra is None:
        return StatusBanding.RENSTRA_TANPA_TARGET
    if target_pk is None:
        return StatusBanding.PK_TANPA_TARGET
    if target_pk.is_rentang or target_pk.nilai != target_renstra:
        return StatusBanding.BERBEDA
    return StatusBanding.SAMA


def periksa_tautan_renstra(*, perangkat_daerah_id: int, tahun: int, renstra_perangkat_daerah_id: int,
                           tahun_awal: int, tahun_akhir: int) -> None:
    """Check the link of a PK indicator (of an agency and year) to a Renstra indicator.

    :raise NilaiTidakValid: a Renstra of another agency, or a PK year outside the Renstra period.
    """
    if renstra_perangkat_daerah_id != perangkat_daerah_id:
        raise NilaiTidakValid("Indikator Renstra yang dipilih milik perangkat daerah lain.")
    if not tahun_awal <= tahun <= tahun_akhir:
        raise NilaiTidakValid(
            f"Tahun {tahun} di luar periode Renstra {teks_periode(tahun_awal, tahun_akhir)} indikator yang dipilih.")


# --- a period as its grid (built by ``queries.renstra.load_renstra``) ----------------------------


@dataclass(frozen=True)
class RenstraData:
    """A period as listed."""

    id: int
    tahun_awal: int
    tahun_akhir: int
    nomor: str
    versi: int
    jumlah_indikator: int = 0

    @property
    def periode(self) -> str:
        return teks_periode(self.tahun_awal, self.tahun_akhir)

    @property
    def daftar_tahun(self) -> tuple[int, ...]:
        return tuple(range(self.tahun_awal, self.tahun_akhir + 1))


@dataclass(frozen=True)
class TautanPK:
    """A PK indicator of one year linked to a Renstra indicator, its target and how it compares."""

    indikator_pk_id: int
    pk_id: int
    jabatan: str
    target: Target | None
    status: StatusBanding


@dataclass(frozen=True)
class SelTahun:
    """One year of a Renstra indicator: the Renstra target and the PK targets of that year."""

    tahun: int
    target_renstra: Decimal | None
    pk: tuple[TautanPK, ...]

    @property
    def status(self) -> StatusBanding:
        """BERBEDA when any linked PK target differs; else the first PK's status, or TANPA_PK."""
        if not self.pk:
            return bandingkan_target(None, self.target_renstra, ada_pk=False)
        if any(p.status is StatusBanding.BERBEDA for p in self.pk):
            return StatusBanding.BERBEDA
        return self.pk[0].status


@dataclass(frozen=True)
class BarisRenstra:
    """A Renstra indicator as a row of the period's grid."""

    id: int
    versi: int
    sasaran: str
    uraian: str
    satuan: str
    satuan_id: int
    baseline: Decimal | None
    tahun_baseline: int | None
    target_akhir: Decimal | None
    sel: tuple[SelTahun, ...]

    @property
    def target_per_tahun(self) -> dict[int, Decimal]:
        """Year → Renstra target, the years with one only."""
        return {s.tahun: s.target_renstra for s in self.sel if s.target_renstra is not None}


@dataclass(frozen=True)
class IsiRenstra:
    """A period with its indicators (grid rows), grouped by sasaran in order."""

    renstra: RenstraData
    baris: tuple[BarisRenstra, ...]

    @property
    def jumlah_berbeda(self) -> int:
        """Number of (indicator, year) cells whose PK target differs from the Renstra."""
        return sum(s.status is StatusBanding.BERBEDA for b in self.baris for s in b.sel)
