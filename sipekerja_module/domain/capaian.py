"""Capaian (achievement) of indicators and budgets, and monthly aggregation.

Every function returns UNROUNDED Decimals: predikat bands apply to the unrounded value, and
display code rounds with :func:`sipekerja_module.domain.angka.bulatkan`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext
from enum import Enum

from .angka import KONTEKS_HITUNG
from .angka import format_angka
from .angka import parse_angka
from .angka import pastikan_decimal
from .errors import NilaiTidakValid
from .periode import Periode
from .periode import validate_bulan

SERATUS = Decimal(100)


class Polaritas(Enum):
    """Direction of an indicator."""

    POSITIF = "positif"  # higher realisasi is better
    NEGATIF = "negatif"  # lower realisasi is better


class RumusNegatif(Enum):
    """Formula for negatif indicators (a per-indicator option)."""

    #: ``(2T - R) / T x 100``, the PermenPAN-RB 6/2022 formula; the default.
    SELISIH = "selisih"
    #: ``T / R x 100``, used by some systems; offered only as an explicit option.
    RASIO = "rasio"


class Agregasi(Enum):
    """How monthly values combine into a value to date."""

    KUMULATIF = "kumulatif"  # sum: counts of documents, people; all anggaran
    NILAI_AKHIR = "nilai_akhir"  # last month that has data: percentages, indices, progress %
    RATA_RATA = "rata_rata"  # mean of the months that have data


@dataclass(frozen=True)
class Target:
    """A target: either a single value (``nilai``) or a range (``bawah``..``atas``).

    Build with :meth:`tunggal`, :meth:`rentang` or :func:`parse_target`.
    """

    nilai: Decimal | None = None
    bawah: Decimal | None = None
    atas: Decimal | None = None

    def __post_init__(self) -> None:
        tunggal = self.nilai is not None
        rentang = self.bawah is not None and self.atas is not None
        if tunggal == rentang or (not rentang and (self.bawah is not None or self.atas is not None)):
            raise NilaiTidakValid(
                "Target harus berupa satu nilai, atau rentang dengan batas bawah dan batas atas."
            )
        for nama in ("nilai", "bawah", "atas"):
            nilai = getattr(self, nama)
            if nilai is None:
                continue
            nilai = pastikan_decimal(nilai, "Target")
            if nilai < 0:
                raise NilaiTidakValid("Target tidak boleh negatif.")
            object.__setattr__(self, nama, nilai)
        if rentang and self.bawah > self.atas:  # type: ignore[operator]
            raise NilaiTidakValid("Batas bawah target tidak boleh lebih besar dari batas atas.")

    @classmethod
    def tunggal(cls, nilai: Decimal | int) -> Target:
        """Return a single-value target.

        :param nilai: the target, >= 0.
        :return: the target.
        :raise NilaiTidakValid: if negative, a float, or not finite.
        """
        return cls(nilai=nilai)  # type: ignore[arg-type]

    @classmethod
    def rentang(cls, bawah: Decimal | int, atas: Decimal | int) -> Target:
        """Return a range target such as 80–90.

        :param bawah: lower bound, >= 0.
        :param atas: upper bound, >= ``bawah``.
        :return: the target.
        :raise NilaiTidakValid: if a bound is negative or ``bawah > atas``.
        """
        return cls(bawah=bawah, atas=atas)  # type: ignore[arg-type]

    @property
    def is_rentang(self) -> bool:
        """True for a range target."""
        return self.nilai is None


_POLA_RENTANG = re.compile(
    r"^\s*(?P<bawah>[^\s\u2013\u2014\u2212-].*?)\s*(?:\u2013|\u2014|-|s\.?\s?d\.?|s/d|sampai)\s*(?P<atas>\S.*?)\s*$",
    re.IGNORECASE,
)


def parse_target(teks: str) -> Target:
    """Parse a target typed by a user, in Indonesian number notation.

    Accepts ``"80"``, ``"12,5"``, ``"80–90"``, ``"80-90"``, ``"80 - 90"``, ``"80 s.d. 90"``,
    ``"80 s/d 90"``, ``"80 sampai 90"``.

    :param teks: the text.
    :return: a single or range target.
    :raise NilaiTidakValid: for empty or malformed text, a negative target, or ``bawah > atas``.
    """
    if not isinstance(teks, str) or not teks.strip():
        raise NilaiTidakValid("Target tidak boleh kosong.")
    cocok = _POLA_RENTANG.match(teks)
    if cocok is None:
        return Target.tunggal(parse_angka(teks))
    return Target.rentang(parse_angka(cocok["bawah"]), parse_angka(cocok["atas"]))


def target_dari_kolom(nilai: Decimal | None, atas: Decimal | None) -> Target | None:
    """Rebuild a target from its two stored columns (single value or lower bound, upper bound).

    :param nilai: the single value, or the lower bound of a range.
    :param atas: the upper bound of a range, or None for a single value.
    :return: the target, or None when no target is set.
    """
    if nilai is None:
        return None
    return Target.tunggal(nilai) if atas is None else Target.rentang(nilai, atas)


def format_target(target: Target | Decimal | None) -> str:
    """Format a target as written, without padding decimals: ``"80"``, ``"12,5"``, ``"80–90"``.

    :param target: the target; None gives ``"–"``.
    :return: the text.
    """
    target = _ke_target(target)
    if target is None:
        return "\u2013"
    if target.is_rentang:
        return f"{format_angka(target.bawah, None)}\u2013{format_angka(target.atas, None)}"  # type: ignore[arg-type]
    return format_angka(target.nilai, None)  # type: ignore[arg-type]


def _ke_target(target: Target | Decimal | int | None) -> Target | None:
    if target is None or isinstance(target, Target):
        return target
    return Target.tunggal(target)


def hitung_capaian(
    target: Target | Decimal | None,
    realisasi: Decimal | None,
    polaritas: Polaritas,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
) -> Decimal | None:
    """Return the capaian (percent, unrounded) of a realisasi against a target.

    - positif: ``R / T x 100``;
    - negatif, SELISIH (default): ``(2T - R) / T x 100`` (PermenPAN-RB 6/2022: T 7, R 6,5 ->
      107,14%); the raw value may be negative when R > 2T and is kept (clamp for display with
      :func:`tampilkan_capaian`);
    - negatif, RASIO: ``T / R x 100``; R = 0 gives None, since the ratio is unbounded and no
      regulation says what figure to print instead.
    - Range targets, both polarities: R inside ``[bawah, atas]`` -> 100; above the range the
      formula uses ``atas`` as T, below it ``bawah``.

    :param target: the target; a bare Decimal is a single-value target.
    :param realisasi: the realisasi, None when belum lapor.
    :param polaritas: indicator direction.
    :param rumus_negatif: formula for negatif indicators.
    :return: capaian in percent, or None when belum lapor, no target, or T = 0 (undefined,
        shown as "–", left out of averages).
    :raise NilaiTidakValid: if realisasi or target is negative, a float, or not finite.
    """
    polaritas = Polaritas(polaritas)
    rumus_negatif = RumusNegatif(rumus_negatif)
    if realisasi is not None:
        realisasi = pastikan_decimal(realisasi, "Realisasi")
        if realisasi < 0:
            raise NilaiTidakValid("Realisasi tidak boleh negatif.")
    target_ = _ke_target(target)
    if realisasi is None or target_ is None:
        return None
    if target_.is_rentang:
        bawah, atas = target_.bawah, target_.atas
        if bawah <= realisasi <= atas:  # type: ignore[operator]
            return SERATUS
        acuan = atas if realisasi > atas else bawah  # type: ignore[operator]
    else:
        acuan = target_.nilai
    if acuan is None or acuan.is_zero():
        return None
    with localcontext(KONTEKS_HITUNG):
        if polaritas is Polaritas.POSITIF:
            return realisasi * SERATUS / acuan
        if rumus_negatif is RumusNegatif.SELISIH:
            return (2 * acuan - realisasi) * SERATUS / acuan
        if realisasi.is_zero():
            return None
        return acuan * SERATUS / realisasi


def tampilkan_capaian(capaian: Decimal | None) -> Decimal | None:
    """Clamp a raw capaian at 0 for display (a local choice: the raw value is kept in data).

    :param capaian: raw capaian (may be negative for negatif indicators), or None.
    :return: ``max(capaian, 0)``, unrounded; None stays None.
    """
    if capaian is None:
        return None
    return capaian if capaian > 0 else Decimal(0)


def _nilai_terlapor(nilai_bulanan: Mapping[int, Decimal | None], sampai_bulan: int) -> list[tuple[int, Decimal]]:
    hasil = []
    for bulan, nilai in nilai_bulanan.items():
        validate_bulan(bulan)
        if nilai is None:
            continue
        nilai = pastikan_decimal(nilai)
        if bulan <= sampai_bulan:
            hasil.append((bulan, nilai))
    hasil.sort(key=lambda pasangan: pasangan[0])
    return hasil


def _periksa_tidak_negatif(nilai_bulanan: Mapping[int, Decimal | None], nama: str) -> None:
    for nilai in nilai_bulanan.values():
        if nilai is not None and pastikan_decimal(nilai, nama) < 0:
            raise NilaiTidakValid(f"{nama} tidak boleh negatif.")


def agregasikan(
    nilai_bulanan: Mapping[int, Decimal | None], agregasi: Agregasi, sampai_bulan: int = 12
) -> Decimal | None:
    """Combine monthly values into one value to date.

    A missing month or a None value is *belum lapor*: it is excluded (never counted as 0).

    :param nilai_bulanan: month (1..12) -> value or None.
    :param agregasi: KUMULATIF = sum of reported months; NILAI_AKHIR = value of the last
        reported month (not the maximum); RATA_RATA = mean of reported months.
    :param sampai_bulan: only months 1..sampai_bulan are considered.
    :return: the aggregate (unrounded), or None when no month up to ``sampai_bulan`` has data.
    :raise BulanTidakValid: for a month key or ``sampai_bulan`` outside 1..12.
    :raise NilaiTidakValid: for a float or non-finite value.
    """
    agregasi = Agregasi(agregasi)
    validate_bulan(sampai_bulan)
    terlapor = _nilai_terlapor(nilai_bulanan, sampai_bulan)
    if not terlapor:
        return None
    if agregasi is Agregasi.NILAI_AKHIR:
        return terlapor[-1][1]
    with localcontext(KONTEKS_HITUNG):
        jumlah = sum((nilai for _, nilai in terlapor), Decimal(0))
        if agregasi is Agregasi.KUMULATIF:
            return jumlah
        return jumlah / len(terlapor)


@dataclass(frozen=True)
class CapaianPeriode:
    """Capaian of one indicator as of the end of a period (all values unrounded).

    ``bulan_terlapor`` counts the period's own months with realisasi (0..3 for a triwulan);
    ``belum_lapor`` is True when none of them has realisasi, even if earlier months do
    (the figures to date then still reflect the earlier months).
    """

    target_sd: Decimal | None
    realisasi_sd: Decimal | None
    capaian_sd: Decimal | None
    target_tahunan: Target | None
    capaian_tahunan: Decimal | None
    bulan_terlapor: int
    belum_lapor: bool
    #: Last month up to the period's end that has realisasi, None if none ("data s.d. Maret").
    bulan_terakhir_lapor: int | None = None


def hitung_capaian_periode(
    *,
    target_bulanan: Mapping[int, Decimal | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    target_tahunan: Target | Decimal | None,
    agregasi: Agregasi,
    polaritas: Polaritas,
    periode: Periode,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
) -> CapaianPeriode:
    """Compute both capaian figures of an indicator as of the end month of ``periode``.

    Both figures are reported because judging Q1 against the annual target alone makes every
    cumulative indicator look failed.

    :param target_bulanan: month -> monthly target (None/missing = no target that month).
    :param realisasi_bulanan: month -> realisasi (None/missing = belum lapor).
    :param target_tahunan: the annual target (PK), single or range.
    :param agregasi: how months combine; applied to targets and realisasi alike (for NILAI_AKHIR
        the target to date is the target of the last month that has one).
    :param polaritas: indicator direction.
    :param periode: the period; figures are "to date" as of ``periode.bulan_akhir``.
    :param rumus_negatif: formula for negatif indicators.
    :return: target/realisasi/capaian to date and capaian against the annual target.
    :raise BulanTidakValid: for a month key outside 1..12.
    :raise NilaiTidakValid: for negative, float or non-finite values.
    """
    _periksa_tidak_negatif(target_bulanan, "Target")
    _periksa_tidak_negatif(realisasi_bulanan, "Realisasi")
    sampai = periode.bulan_akhir
    target_sd = agregasikan(target_bulanan, agregasi, sampai)
    realisasi_sd = agregasikan(realisasi_bulanan, agregasi, sampai)
    tahunan = _ke_target(target_tahunan)
    bulan_lapor = [b for b in range(1, sampai + 1) if realisasi_bulanan.get(b) is not None]
    terlapor_periode = sum(1 for b in periode.bulan if b in bulan_lapor)
    return CapaianPeriode(
        target_sd=target_sd,
        realisasi_sd=realisasi_sd,
        capaian_sd=hitung_capaian(target_sd, realisasi_sd, polaritas, rumus_negatif),
        target_tahunan=tahunan,
        capaian_tahunan=hitung_capaian(tahunan, realisasi_sd, polaritas, rumus_negatif),
        bulan_terlapor=terlapor_periode,
        belum_lapor=terlapor_periode == 0,
        bulan_terakhir_lapor=bulan_lapor[-1] if bulan_lapor else None,
    )


@dataclass(frozen=True)
class Serapan:
    """Budget absorption (serapan anggaran) to date; percentages unrounded."""

    pagu: Decimal | None
    target_sd: Decimal | None
    realisasi_sd: Decimal | None
    #: ``realisasi_sd / pagu x 100``; None without pagu (or pagu 0) or realisasi.
    persen_pagu: Decimal | None
    #: ``realisasi_sd / target_sd x 100``; None without target to date (or 0) or realisasi.
    persen_target_sd: Decimal | None


def hitung_serapan(
    *,
    pagu: Decimal | None,
    target_bulanan: Mapping[int, Decimal | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    sampai_bulan: int,
) -> Serapan:
    """Compute budget absorption; anggaran is always kumulatif.

    :param pagu: the budget ceiling (Rupiah), None if not set.
    :param target_bulanan: month -> planned spending.
    :param realisasi_bulanan: month -> actual spending (None/missing = belum lapor).
    :param sampai_bulan: compute as of this month (1..12).
    :return: the figures.
    :raise BulanTidakValid: for a month outside 1..12.
    :raise NilaiTidakValid: for a negative pagu/target/realisasi, or a float.
    """
    if pagu is not None:
        pagu = pastikan_decimal(pagu, "Pagu")
        if pagu < 0:
            raise NilaiTidakValid("Pagu tidak boleh negatif.")
    _periksa_tidak_negatif(target_bulanan, "Target anggaran")
    _periksa_tidak_negatif(realisasi_bulanan, "Realisasi anggaran")
    target_sd = agregasikan(target_bulanan, Agregasi.KUMULATIF, sampai_bulan)
    realisasi_sd = agregasikan(realisasi_bulanan, Agregasi.KUMULATIF, sampai_bulan)
    return Serapan(
        pagu=pagu,
        target_sd=target_sd,
        realisasi_sd=realisasi_sd,
        persen_pagu=hitung_capaian(pagu, realisasi_sd, Polaritas.POSITIF),
        persen_target_sd=hitung_capaian(target_sd, realisasi_sd, Polaritas.POSITIF),
    )
