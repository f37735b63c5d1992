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
_NOL = Decimal(0)


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


def parse_target(teks: str, nama: str = "Target") -> Target:
    """Parse a target typed by a user, in Indonesian number notation.

    Accepts ``"80"``, ``"12,5"``, ``"80–90"``, ``"80-90"``, ``"80 - 90"``, ``"80 s.d. 90"``,
    ``"80 s/d 90"``, ``"80 sampai 90"``.

    :param teks: the text.
    :param nama: the field, named in the message about non-ASCII digits.
    :return: a single or range target.
    :raise NilaiTidakValid: for empty or malformed text, a negative target, or ``bawah > atas``.
    """
    if not isinstance(teks, str) or not teks.strip():
        raise NilaiTidakValid("Target tidak boleh kosong.")
    cocok = _POLA_RENTANG.match(teks)
    if cocok is None:
        return Target.tunggal(parse_angka(teks, nama))
    return Target.rentang(parse_angka(cocok["bawah"], nama), parse_angka(cocok["atas"], nama))


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
    polaritas = _ke_polaritas(polaritas)
    rumus_negatif = _ke_rumus(rumus_negatif)
    if realisasi is not None:
        realisasi = pastikan_decimal(realisasi, "Realisasi")
        if realisasi < 0:
            raise NilaiTidakValid("Realisasi tidak boleh negatif.")
    return _capaian(_ke_target(target), realisasi, polaritas, rumus_negatif)


def _ke_polaritas(polaritas: Polaritas | str) -> Polaritas:
    return polaritas if type(polaritas) is Polaritas else Polaritas(polaritas)


def _ke_rumus(rumus_negatif: RumusNegatif | str) -> RumusNegatif:
    return rumus_negatif if type(rumus_negatif) is RumusNegatif else RumusNegatif(rumus_negatif)


def _ke_agregasi(agregasi: Agregasi | str) -> Agregasi:
    return agregasi if type(agregasi) is Agregasi else Agregasi(agregasi)


def _capaian(
    target: Target | Decimal | None, realisasi: Decimal | None, polaritas: Polaritas, rumus_negatif: RumusNegatif
) -> Decimal | None:
    """:func:`hitung_capaian` on inputs already checked: ``target`` a Target or a Decimal >= 0 (a
    single-value target), ``realisasi`` a Decimal >= 0, both possibly None; enum members."""
    with localcontext(KONTEKS_HITUNG):
        return _capaian_dalam_konteks(target, realisasi, polaritas, rumus_negatif)


def _capaian_dalam_konteks(
    target: Target | Decimal | None, realisasi: Decimal | None, polaritas: Polaritas, rumus_negatif: RumusNegatif
) -> Decimal | None:
    """:func:`_capaian` for a caller that has already entered ``localcontext(KONTEKS_HITUNG)``
    (a loop over months enters it once)."""
    if realisasi is None or target is None:
        return None
    if isinstance(target, Target):
        if target.nilai is None:
            bawah, atas = target.bawah, target.atas
            if bawah <= realisasi <= atas:  # type: ignore[operator]
                return SERATUS
            acuan = atas if realisasi > atas else bawah  # type: ignore[operator]
        else:
            acuan = target.nilai
    else:
        acuan = target
    if acuan is None or acuan.is_zero():
        return None
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


def _bulanan_terperiksa(
    nilai_bulanan: Mapping[int, Decimal | None], nama: str
) -> list[tuple[int, Decimal]]:
    """Check every value (finite Decimal or int, >= 0, errors named ``nama``) and return the
    ``(bulan, value)`` pairs that have data, values as Decimals; the month keys are checked by
    :func:`_urut_bulan` afterwards (the order in which the per-period functions always raised)."""
    hasil = []
    for bulan, nilai in nilai_bulanan.items():
        if nilai is None:
            continue
        if type(nilai) is not Decimal or not nilai.is_finite():
            nilai = pastikan_decimal(nilai, nama)
        if nilai < _NOL:
            raise NilaiTidakValid(f"{nama} tidak boleh negatif.")
        hasil.append((bulan, nilai))
    return hasil


def _urut_bulan(nilai_bulanan: Mapping[int, Decimal | None], pasangan: list[tuple[int, Decimal]]) -> None:
    """Check every month key of ``nilai_bulanan`` (None values included), then sort ``pasangan`` by month."""
    for bulan in nilai_bulanan:
        if type(bulan) is not int or not 1 <= bulan <= 12:
            validate_bulan(bulan)
    # Months are distinct ints, so sorting the pairs never compares the values.
    pasangan.sort()


def _agregat(terlapor: list[tuple[int, Decimal]], agregasi: Agregasi) -> Decimal | None:
    """Aggregate checked, month-sorted values (those up to the month wanted)."""
    if not terlapor:
        return None
    if agregasi is Agregasi.NILAI_AKHIR:
        return terlapor[-1][1]
    with localcontext(KONTEKS_HITUNG):
        jumlah = sum([nilai for _, nilai in terlapor], Decimal(0))
        if agregasi is Agregasi.KUMULATIF:
            return jumlah
        return jumlah / len(terlapor)


def _deret_sd(terlapor: list[tuple[int, Decimal]], agregasi: Agregasi) -> list[Decimal | None]:
    """The aggregate to date as of every month in one pass: index ``m`` (1..12) equals
    ``_agregat([p for p in terlapor if p[0] <= m], agregasi)``; index 0 is unused.

    The running sum adds the same values in the same order as :func:`_agregat` (starting from
    ``Decimal(0)``), so every figure is the identical Decimal.
    """
    hasil: list[Decimal | None] = [None] * 13
    nilai_sd: Decimal | None = None
    jumlah = Decimal(0)
    banyak = 0
    i = 0
    n = len(terlapor)
    with localcontext(KONTEKS_HITUNG):
        for bulan in range(1, 13):
            ada = False
            while i < n and terlapor[i][0] == bulan:
                nilai = terlapor[i][1]
                i += 1
                ada = True
                if agregasi is Agregasi.NILAI_AKHIR:
                    nilai_sd = nilai
                else:
                    jumlah = jumlah + nilai
                    banyak += 1
            if ada and agregasi is not Agregasi.NILAI_AKHIR:
                nilai_sd = jumlah if agregasi is Agregasi.KUMULATIF else jumlah / banyak
            hasil[bulan] = nilai_sd
    return hasil


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
    return _agregat(_nilai_terlapor(nilai_bulanan, sampai_bulan), agregasi)


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


def _periksa_indikator(
    target_bulanan: Mapping[int, Decimal | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    target_tahunan: Target | Decimal | None,
    agregasi: Agregasi,
    polaritas: Polaritas,
    rumus_negatif: RumusNegatif,
) -> tuple[list[tuple[int, Decimal]], list[tuple[int, Decimal]], Target | None, Agregasi, Polaritas, RumusNegatif]:
    """Check one indicator's inputs once, in the order the per-period computation always raised."""
    target = _bulanan_terperiksa(target_bulanan, "Target")
    realisasi = _bulanan_terperiksa(realisasi_bulanan, "Realisasi")
    agregasi = _ke_agregasi(agregasi)
    _urut_bulan(target_bulanan, target)
    _urut_bulan(realisasi_bulanan, realisasi)
    tahunan = _ke_target(target_tahunan)
    return target, realisasi, tahunan, agregasi, _ke_polaritas(polaritas), _ke_rumus(rumus_negatif)


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
    target, realisasi, tahunan, agregasi, polaritas, rumus_negatif = _periksa_indikator(
        target_bulanan, realisasi_bulanan, target_tahunan, agregasi, polaritas, rumus_negatif)
    sampai = periode.bulan_akhir
    target_sd = _agregat([p for p in target if p[0] <= sampai], agregasi)
    realisasi_terlapor = [p for p in realisasi if p[0] <= sampai]
    realisasi_sd = _agregat(realisasi_terlapor, agregasi)
    bulan_lapor = {bulan for bulan, _ in realisasi_terlapor}
    terlapor_periode = sum(1 for b in periode.bulan if b in bulan_lapor)
    return CapaianPeriode(
        target_sd=target_sd,
        realisasi_sd=realisasi_sd,
        capaian_sd=_capaian(target_sd, realisasi_sd, polaritas, rumus_negatif),
        target_tahunan=tahunan,
        capaian_tahunan=_capaian(tahunan, realisasi_sd, polaritas, rumus_negatif),
        bulan_terlapor=terlapor_periode,
        belum_lapor=terlapor_periode == 0,
        bulan_terakhir_lapor=realisasi_terlapor[-1][0] if realisasi_terlapor else None,
    )


def hitung_capaian_bulanan(
    *,
    target_bulanan: Mapping[int, Decimal | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    target_tahunan: Target | Decimal | None,
    agregasi: Agregasi,
    polaritas: Polaritas,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
) -> tuple[CapaianPeriode, ...]:
    """Compute :func:`hitung_capaian_periode` as of the end of every month, in one pass.

    The inputs are checked once and the figures to date are running aggregates over the months,
    instead of twelve independent computations (the *Target dan Capaian Kerja* report shows every
    month). Element ``m - 1`` equals ``hitung_capaian_periode(..., periode=Periode.bulanan(m))``
    exactly (the same Decimals).

    :param target_bulanan: month -> monthly target (None/missing = no target that month).
    :param realisasi_bulanan: month -> realisasi (None/missing = belum lapor).
    :param target_tahunan: the annual target (PK), single or range.
    :param agregasi: how months combine (see :func:`hitung_capaian_periode`).
    :param polaritas: indicator direction.
    :param rumus_negatif: formula for negatif indicators.
    :return: twelve results, January first.
    :raise BulanTidakValid: for a month key outside 1..12.
    :raise NilaiTidakValid: for negative, float or non-finite values.
    """
    target, realisasi, tahunan, agregasi, polaritas, rumus_negatif = _periksa_indikator(
        target_bulanan, realisasi_bulanan, target_tahunan, agregasi, polaritas, rumus_negatif)
    target_sd = _deret_sd(target, agregasi)
    realisasi_sd = _deret_sd(realisasi, agregasi)
    bulan_lapor = {bulan for bulan, _ in realisasi}
    hasil: list[CapaianPeriode] = []
    terakhir: int | None = None
    t_sebelum = r_sebelum = capaian_sd = capaian_tahunan = None
    with localcontext(KONTEKS_HITUNG):
        for bulan in range(1, 13):
            t_sd, r_sd = target_sd[bulan], realisasi_sd[bulan]
            lapor = bulan in bulan_lapor
            if not lapor and hasil and t_sd is t_sebelum and r_sd is r_sebelum and hasil[-1].belum_lapor:
                hasil.append(hasil[-1])  # nothing new this month: the same figures (a frozen value)
                continue
            # Months with no new data keep the same figures to date: reuse the capaian.
            if not hasil or t_sd is not t_sebelum or r_sd is not r_sebelum:
                capaian_sd = _capaian_dalam_konteks(t_sd, r_sd, polaritas, rumus_negatif)
                capaian_tahunan = _capaian_dalam_konteks(tahunan, r_sd, polaritas, rumus_negatif)
                t_sebelum, r_sebelum = t_sd, r_sd
            if lapor:
                terakhir = bulan
            hasil.append(CapaianPeriode(
                target_sd=t_sd,
                realisasi_sd=r_sd,
                capaian_sd=capaian_sd,
                target_tahunan=tahunan,
                capaian_tahunan=capaian_tahunan,
                bulan_terlapor=1 if lapor else 0,
                belum_lapor=not lapor,
                bulan_terakhir_lapor=terakhir,
            ))
    return tuple(hasil)


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


def _periksa_anggaran(
    pagu: Decimal | None,
    target_bulanan: Mapping[int, Decimal | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
) -> tuple[Decimal | None, list[tuple[int, Decimal]], list[tuple[int, Decimal]]]:
    if pagu is not None:
        pagu = pastikan_decimal(pagu, "Pagu")
        if pagu < 0:
            raise NilaiTidakValid("Pagu tidak boleh negatif.")
    target = _bulanan_terperiksa(target_bulanan, "Target anggaran")
    realisasi = _bulanan_terperiksa(realisasi_bulanan, "Realisasi anggaran")
    return pagu, target, realisasi


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
    pagu, target, realisasi = _periksa_anggaran(pagu, target_bulanan, realisasi_bulanan)
    validate_bulan(sampai_bulan)
    _urut_bulan(target_bulanan, target)
    _urut_bulan(realisasi_bulanan, realisasi)
    target_sd = _agregat([p for p in target if p[0] <= sampai_bulan], Agregasi.KUMULATIF)
    realisasi_sd = _agregat([p for p in realisasi if p[0] <= sampai_bulan], Agregasi.KUMULATIF)
    return Serapan(
        pagu=pagu,
        target_sd=target_sd,
        realisasi_sd=realisasi_sd,
        persen_pagu=_capaian(pagu, realisasi_sd, Polaritas.POSITIF, RumusNegatif.SELISIH),
        persen_target_sd=_capaian(target_sd, realisasi_sd, Polaritas.POSITIF, RumusNegatif.SELISIH),
    )


def hitung_serapan_bulanan(
    *,
    pagu: Decimal | None,
    target_bulanan: Mapping[int, Decimal | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
) -> tuple[Serapan, ...]:
    """Compute :func:`hitung_serapan` as of the end of every month, in one pass.

    Element ``m - 1`` equals ``hitung_serapan(..., sampai_bulan=m)`` exactly.

    :param pagu: the budget ceiling (Rupiah), None if not set.
    :param target_bulanan: month -> planned spending.
    :param realisasi_bulanan: month -> actual spending (None/missing = belum lapor).
    :return: twelve results, January first.
    :raise BulanTidakValid: for a month outside 1..12.
    :raise NilaiTidakValid: for a negative pagu/target/realisasi, or a float.
    """
    pagu, target, realisasi = _periksa_anggaran(pagu, target_bulanan, realisasi_bulanan)
    _urut_bulan(target_bulanan, target)
    _urut_bulan(realisasi_bulanan, realisasi)
    target_sd = _deret_sd(target, Agregasi.KUMULATIF)
    realisasi_sd = _deret_sd(realisasi, Agregasi.KUMULATIF)
    hasil = []
    sebelum: Serapan | None = None
    positif, selisih = Polaritas.POSITIF, RumusNegatif.SELISIH
    with localcontext(KONTEKS_HITUNG):
        for bulan in range(1, 13):
            t_sd, r_sd = target_sd[bulan], realisasi_sd[bulan]
            if sebelum is not None and sebelum.target_sd is t_sd and sebelum.realisasi_sd is r_sd:
                hasil.append(sebelum)  # no new data this month: the same figures (a frozen value)
                continue
            sebelum = Serapan(
                pagu=pagu,
                target_sd=t_sd,
                realisasi_sd=r_sd,
                persen_pagu=_capaian_dalam_konteks(pagu, r_sd, positif, selisih),
                persen_target_sd=_capaian_dalam_konteks(t_sd, r_sd, positif, selisih),
            )
            hasil.append(sebelum)
    return tuple(hasil)
