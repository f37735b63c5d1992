"""Capaian (achievement) of indicators and budgets, and monthly aggregation.

Every function returns UNROUNDED Decimals: predikat bands apply to the unrounded value, and
display code rounds with :func:`sipekerja_module.domain.angka.bulatkan`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Sequence
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
            raise NilaiTidakValid(
                "Batas bawah target tidak boleh lebih besar dari batas atas: tulis rentang dari yang kecil ke "
                "yang besar, mis. 80–90 (bukan 90–80).")

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


def format_target(target: Target | Decimal | None, desimal: int | None = None) -> str:
    """Format a target as written, without padding decimals: ``"80"``, ``"12,5"``, ``"80–90"``.

    :param target: the target; None gives ``"–"``.
    :param desimal: decimals to print (rounded with the one rule); None keeps the value as written.
    :return: the text.
    """
    target = _ke_target(target)
    if target is None:
        return "\u2013"
    if target.is_rentang:
        return f"{format_angka(target.bawah, desimal)}\u2013{format_angka(target.atas, desimal)}"  # type: ignore[arg-type]
    return format_angka(target.nilai, desimal)  # type: ignore[arg-type]


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

    Like with like (DOMAIN.md "Capaian"): the figures to date compare the months *reported* up to
    the as-of month (``bulan_dibandingkan``) with the targets of the same months: kumulatif
    Σ R(reported) vs Σ T(same months); nilai akhir the last reported month's R vs that month's T;
    rata-rata mean R(reported) vs mean T(same months). When nothing is reported up to the as-of
    month, ``target_sd`` is the plan to date (``target_rencana_sd``) and every other figure is None.

    ``bulan_terlapor`` counts the period's own months with realisasi (0..3 for a triwulan);
    ``belum_lapor`` is True when none of them has realisasi, even if earlier months do: that is what
    a month column prints ("belum lapor"). A figure for the period is still shown from the earlier
    months, labelled "data s.d. <bulan_terakhir_lapor>" (see ``domain.pengukuran``).
    """

    #: Target of the compared months (a Decimal, or a range :class:`Target`); the plan to date when
    #: nothing is reported; None without any target.
    target_sd: Decimal | Target | None
    realisasi_sd: Decimal | None
    capaian_sd: Decimal | None
    target_tahunan: Target | None
    capaian_tahunan: Decimal | None
    bulan_terlapor: int
    belum_lapor: bool
    #: Last month up to the period's end that has realisasi, None if none ("data s.d. Maret").
    bulan_terakhir_lapor: int | None = None
    #: The months compared: every month up to the as-of month with realisasi, ascending.
    bulan_dibandingkan: tuple[int, ...] = ()
    #: The plan to date: the targets of every month up to the as-of month, aggregated.
    target_rencana_sd: Decimal | Target | None = None


def _target_bulanan_terperiksa(nilai_bulanan: Mapping[int, Decimal | Target | None]
                               ) -> list[tuple[int, Decimal | Target]]:
    """:func:`_bulanan_terperiksa` for monthly targets, which may also be :class:`Target` values
    (a range stays a Target, a single-value Target becomes its Decimal)."""
    biasa: dict[int, Decimal | None] = {}
    rentang: list[tuple[int, Decimal | Target]] = []
    for bulan, nilai in nilai_bulanan.items():
        if isinstance(nilai, Target):
            if nilai.is_rentang:
                rentang.append((bulan, nilai))
            else:
                biasa[bulan] = nilai.nilai
        else:
            biasa[bulan] = nilai
    hasil: list[tuple[int, Decimal | Target]] = list(_bulanan_terperiksa(biasa, "Target"))
    hasil.extend(rentang)
    return hasil


def _gabung_target(nilai: list[Decimal | Target], agregasi: Agregasi) -> Decimal | Target | None:
    """Aggregate targets of some months (in month order): a range counts with both bounds, a
    single value as both bounds; the result is a range as soon as one month is a range."""
    if not nilai:
        return None
    if agregasi is Agregasi.NILAI_AKHIR:
        return nilai[-1]
    with localcontext(KONTEKS_HITUNG):
        if not any(isinstance(v, Target) for v in nilai):
            jumlah = sum(nilai, Decimal(0))  # type: ignore[arg-type]
            return jumlah if agregasi is Agregasi.KUMULATIF else jumlah / len(nilai)
        bawah = Decimal(0)
        atas = Decimal(0)
        for v in nilai:
            if isinstance(v, Target):
                bawah, atas = bawah + v.bawah, atas + v.atas  # type: ignore[operator]
            else:
                bawah, atas = bawah + v, atas + v
        if agregasi is Agregasi.RATA_RATA:
            bawah, atas = bawah / len(nilai), atas / len(nilai)
    return Target.rentang(bawah, atas)


def _periksa_indikator(
    target_bulanan: Mapping[int, Decimal | Target | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    target_tahunan: Target | Decimal | None,
    agregasi: Agregasi,
    polaritas: Polaritas,
    rumus_negatif: RumusNegatif,
) -> tuple[list[tuple[int, Decimal | Target]], list[tuple[int, Decimal]], Target | None, Agregasi, Polaritas,
           RumusNegatif]:
    """Check one indicator's inputs once; blank monthly targets take the annual target as
    December's target (DOMAIN.md: "An indicator with blank monthly targets ...")."""
    target = _target_bulanan_terperiksa(target_bulanan)
    realisasi = _bulanan_terperiksa(realisasi_bulanan, "Realisasi")
    agregasi = _ke_agregasi(agregasi)
    _urut_bulan(target_bulanan, target)  # type: ignore[arg-type]
    _urut_bulan(realisasi_bulanan, realisasi)
    tahunan = _ke_target(target_tahunan)
    if not target and tahunan is not None:
        target = [(12, tahunan if tahunan.is_rentang else tahunan.nilai)]  # type: ignore[list-item]
    return target, realisasi, tahunan, agregasi, _ke_polaritas(polaritas), _ke_rumus(rumus_negatif)


def _target_dibandingkan(target: list[tuple[int, Decimal | Target]], dibandingkan: tuple[int, ...],
                         agregasi: Agregasi) -> Decimal | Target | None:
    """The target of the compared months (like with like).

    Nilai akhir: the target of the last compared month; a month without a target of its own takes
    the target in force (the latest month at or before it that has one). Kumulatif and rata-rata:
    the sum / mean of the targets of the compared months that have one.
    """
    if agregasi is Agregasi.NILAI_AKHIR:
        akhir = dibandingkan[-1]
        berlaku = None
        for bulan, nilai in target:
            if bulan > akhir:
                break
            berlaku = nilai
        return berlaku
    pilih = set(dibandingkan)
    return _gabung_target([nilai for bulan, nilai in target if bulan in pilih], agregasi)


def _hitung_sd(target: list[tuple[int, Decimal | Target]], realisasi: list[tuple[int, Decimal]],
               tahunan: Target | None, agregasi: Agregasi, polaritas: Polaritas, rumus_negatif: RumusNegatif,
               sampai: int, bulan_periode: tuple[int, ...]) -> CapaianPeriode:
    """The figures as of month ``sampai`` on checked, month-sorted inputs."""
    terlapor = [p for p in realisasi if p[0] <= sampai]
    dibandingkan = tuple(bulan for bulan, _ in terlapor)
    rencana = _gabung_target([nilai for bulan, nilai in target if bulan <= sampai], agregasi)
    if terlapor:
        realisasi_sd = _agregat(terlapor, agregasi)
        target_sd = _target_dibandingkan(target, dibandingkan, agregasi)
    else:
        realisasi_sd, target_sd = None, rencana
    terlapor_periode = sum(1 for b in bulan_periode if b in dibandingkan)
    return CapaianPeriode(
        target_sd=target_sd,
        realisasi_sd=realisasi_sd,
        capaian_sd=_capaian(target_sd, realisasi_sd, polaritas, rumus_negatif),
        target_tahunan=tahunan,
        capaian_tahunan=_capaian(tahunan, realisasi_sd, polaritas, rumus_negatif),
        bulan_terlapor=terlapor_periode,
        belum_lapor=terlapor_periode == 0,
        bulan_terakhir_lapor=dibandingkan[-1] if dibandingkan else None,
        bulan_dibandingkan=dibandingkan,
        target_rencana_sd=rencana,
    )


def hitung_capaian_periode(
    *,
    target_bulanan: Mapping[int, Decimal | Target | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    target_tahunan: Target | Decimal | None,
    agregasi: Agregasi,
    polaritas: Polaritas,
    periode: Periode,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
) -> CapaianPeriode:
    """Compute both capaian figures of an indicator as of the end month of ``periode``.

    Both figures are reported because judging Q1 against the annual target alone makes every
    cumulative indicator look failed. The figure to date compares like with like (see
    :class:`CapaianPeriode`); monthly targets may be ranges; an indicator without any monthly
    target uses its annual target as December's target.

    :param target_bulanan: month -> monthly target, a Decimal or a :class:`Target` (a range);
        None/missing = no target that month.
    :param realisasi_bulanan: month -> realisasi (None/missing = belum lapor).
    :param target_tahunan: the annual target (PK), single or range.
    :param agregasi: how months combine, for targets and realisasi alike.
    :param polaritas: indicator direction.
    :param periode: the period; figures are "to date" as of ``periode.bulan_akhir``.
    :param rumus_negatif: formula for negatif indicators.
    :return: target/realisasi/capaian to date and capaian against the annual target.
    :raise BulanTidakValid: for a month key outside 1..12.
    :raise NilaiTidakValid: for negative, float or non-finite values.
    """
    target, realisasi, tahunan, agregasi, polaritas, rumus_negatif = _periksa_indikator(
        target_bulanan, realisasi_bulanan, target_tahunan, agregasi, polaritas, rumus_negatif)
    return _hitung_sd(target, realisasi, tahunan, agregasi, polaritas, rumus_negatif, periode.bulan_akhir,
                      periode.bulan)


def hitung_capaian_periode_banyak(
    *,
    target_bulanan: Mapping[int, Decimal | Target | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    target_tahunan: Target | Decimal | None,
    agregasi: Agregasi,
    polaritas: Polaritas,
    periode: Sequence[Periode],
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
) -> tuple[CapaianPeriode, ...]:
    """:func:`hitung_capaian_periode` of one indicator for several periods, its inputs checked once.

    :return: the figures of each period, in the order of ``periode``.
    :raise BulanTidakValid: for a month key outside 1..12.
    :raise NilaiTidakValid: for negative, float or non-finite values.
    """
    diperiksa = _periksa_indikator(target_bulanan, realisasi_bulanan, target_tahunan, agregasi, polaritas,
                                   rumus_negatif)
    return tuple(_hitung_sd(*diperiksa, p.bulan_akhir, p.bulan) for p in periode)


def hitung_capaian_bulanan(
    *,
    target_bulanan: Mapping[int, Decimal | Target | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    target_tahunan: Target | Decimal | None,
    agregasi: Agregasi,
    polaritas: Polaritas,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
) -> tuple[CapaianPeriode, ...]:
    """Compute :func:`hitung_capaian_periode` as of the end of every month.

    The inputs are checked once and every month reuses them (the *Target dan Capaian Kerja*
    report shows every month); a month that adds no realisasi and no target shares the previous
    month's figures. Element ``m - 1`` equals ``hitung_capaian_periode(...,
    periode=Periode.bulanan(m))`` exactly (the same Decimals): both call one function.

    :param target_bulanan: month -> monthly target (a Decimal or a range :class:`Target`).
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
    return tuple(_hitung_sd(target, realisasi, tahunan, agregasi, polaritas, rumus_negatif, bulan, (bulan,))
                 for bulan in range(1, 13))


@dataclass(frozen=True)
class Serapan:
    """Budget absorption (serapan anggaran) to date; percentages unrounded.

    Like with like, as for kinerja: ``persen_target_sd`` compares the realisasi of the reported
    (sub kegiatan, month) pairs with the target of the same pairs, so a sub kegiatan that has not
    reported a month adds neither its realisasi (never a 0) nor its target.
    """

    pagu: Decimal | None
    #: Target of the reported months (the plan to date when nothing is reported).
    target_sd: Decimal | None
    realisasi_sd: Decimal | None
    #: ``realisasi_sd / pagu x 100``; None without pagu (or pagu 0) or realisasi.
    persen_pagu: Decimal | None
    #: ``realisasi_sd / target_sd x 100``; None without target to date (or 0) or realisasi.
    persen_target_sd: Decimal | None
    #: Months up to the as-of month with any realisasi, ascending (a group: of any sub kegiatan).
    bulan_dibandingkan: tuple[int, ...] = ()
    #: The plan to date: every month's target up to the as-of month.
    target_rencana_sd: Decimal | None = None


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
    _urut_bulan(target_bulanan, target)
    _urut_bulan(realisasi_bulanan, realisasi)
    return pagu, target, realisasi


def _serapan_sd(pagu: Decimal | None, target: list[tuple[int, Decimal]], realisasi: list[tuple[int, Decimal]],
                pembanding: Mapping[int, Decimal] | None, sampai: int) -> Serapan:
    terlapor = [p for p in realisasi if p[0] <= sampai]
    dibandingkan = tuple(b for b, _ in terlapor)
    rencana = _agregat([p for p in target if p[0] <= sampai], Agregasi.KUMULATIF)
    realisasi_sd = _agregat(terlapor, Agregasi.KUMULATIF)
    if not terlapor:
        target_sd = rencana
    elif pembanding is None:
        pilih = set(dibandingkan)
        target_sd = _agregat([p for p in target if p[0] in pilih], Agregasi.KUMULATIF)
    else:
        target_sd = _agregat([(b, pembanding[b]) for b in dibandingkan if b in pembanding], Agregasi.KUMULATIF)
    return Serapan(
        pagu=pagu,
        target_sd=target_sd,
        realisasi_sd=realisasi_sd,
        persen_pagu=_capaian(pagu, realisasi_sd, Polaritas.POSITIF, RumusNegatif.SELISIH),
        persen_target_sd=_capaian(target_sd, realisasi_sd, Polaritas.POSITIF, RumusNegatif.SELISIH),
        bulan_dibandingkan=dibandingkan,
        target_rencana_sd=rencana,
    )


def hitung_serapan(
    *,
    pagu: Decimal | None,
    target_bulanan: Mapping[int, Decimal | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    sampai_bulan: int,
    target_terlapor_bulanan: Mapping[int, Decimal] | None = None,
) -> Serapan:
    """Compute budget absorption; anggaran is always kumulatif.

    :param pagu: the budget ceiling (Rupiah), None if not set.
    :param target_bulanan: month -> planned spending.
    :param realisasi_bulanan: month -> actual spending (None/missing = belum lapor).
    :param sampai_bulan: compute as of this month (1..12).
    :param target_terlapor_bulanan: for a group of sub kegiatan: month -> the summed target of the
        sub kegiatan that reported that month (like with like); by default a reported month's
        own target.
    :return: the figures.
    :raise BulanTidakValid: for a month outside 1..12.
    :raise NilaiTidakValid: for a negative pagu/target/realisasi, or a float.
    """
    pagu, target, realisasi = _periksa_anggaran(pagu, target_bulanan, realisasi_bulanan)
    validate_bulan(sampai_bulan)
    return _serapan_sd(pagu, target, realisasi, target_terlapor_bulanan, sampai_bulan)


def hitung_serapan_bulanan(
    *,
    pagu: Decimal | None,
    target_bulanan: Mapping[int, Decimal | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    target_terlapor_bulanan: Mapping[int, Decimal] | None = None,
) -> tuple[Serapan, ...]:
    """Compute :func:`hitung_serapan` as of the end of every month (inputs checked once).

    Element ``m - 1`` equals ``hitung_serapan(..., sampai_bulan=m)`` exactly.

    :param pagu: the budget ceiling (Rupiah), None if not set.
    :param target_bulanan: month -> planned spending.
    :param realisasi_bulanan: month -> actual spending (None/missing = belum lapor).
    :param target_terlapor_bulanan: see :func:`hitung_serapan`.
    :return: twelve results, January first.
    :raise BulanTidakValid: for a month outside 1..12.
    :raise NilaiTidakValid: for a negative pagu/target/realisasi, or a float.
    """
    pagu, target, realisasi = _periksa_anggaran(pagu, target_bulanan, realisasi_bulanan)
    return tuple(_serapan_sd(pagu, target, realisasi, target_terlapor_bulanan, bulan) for bulan in range(1, 13))
