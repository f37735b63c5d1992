"""Rules of the yearly plan: consistency of monthly targets and budget, and the plan lock.

Kept apart from ``capaian.py`` because these rules judge *plans* (what may be saved), not
achievement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext
from enum import Enum

from .angka import KONTEKS_HITUNG
from .angka import format_angka
from .angka import pastikan_decimal
from .capaian import Agregasi
from .capaian import Polaritas
from .capaian import Target
from .errors import NilaiTidakValid
from .errors import SipekerjaError
from .periode import NAMA_BULAN
from .periode import validate_bulan


class StatusRencana(Enum):
    """Whether a perangkat daerah's plan for a year may still change."""

    DRAF = "draf"
    DITETAPKAN = "ditetapkan"


class RencanaTerkunci(SipekerjaError):
    """A target change was attempted on a plan that Utama has fixed (*ditetapkan*)."""


@dataclass(frozen=True)
class KesalahanIsian:
    """One problem of a submitted grid, addressed by month (``None`` = the whole row)."""

    bulan: int | None
    pesan: str


class IsianTidakValid(SipekerjaError):
    """A grid that breaks one or more rules; ``kesalahan`` lists every problem found."""

    def __init__(self, kesalahan: list[KesalahanIsian]) -> None:
        super().__init__(" ".join(k.pesan for k in kesalahan))
        self.kesalahan = kesalahan


def assert_rencana_bisa_diubah(status: StatusRencana | str) -> None:
    """Refuse target changes once the plan is *ditetapkan*.

    :param status: the plan's status.
    :raise RencanaTerkunci: when the plan is ditetapkan.
    """
    if StatusRencana(status) is StatusRencana.DITETAPKAN:
        raise RencanaTerkunci(
            "Rencana kerja sudah ditetapkan. Minta Pengguna Utama membuka kembali rencana untuk mengubah target."
        )


#: Why a range target is refused on a negatif indicator (DOMAIN.md: ranges apply "where supported").
PESAN_RENTANG_NEGATIF = ("Target rentang (mis. 80–90) hanya dapat dipakai untuk indikator berpolaritas positif; "
                         "untuk indikator negatif isikan satu angka.")


def periksa_target_indikator(target: Target | None, polaritas: Polaritas | str) -> None:
    """Refuse a range target on a negatif indicator (a local choice: "lower is better" has no
    natural reading of "inside the range is 100%" that the agency's practice supports).

    :param target: an annual or monthly target.
    :param polaritas: the indicator's direction.
    :raise NilaiTidakValid: for a range on a negatif indicator.
    """
    if target is not None and target.is_rentang and Polaritas(polaritas) is Polaritas.NEGATIF:
        raise NilaiTidakValid(PESAN_RENTANG_NEGATIF)


def _bulan_terisi(nilai_bulanan: Mapping[int, Decimal | Target | None], nama: str
                  ) -> tuple[list[KesalahanIsian], dict]:
    kesalahan: list[KesalahanIsian] = []
    terisi: dict[int, Decimal | Target] = {}
    for bulan, nilai in sorted(nilai_bulanan.items()):
        validate_bulan(bulan)
        if nilai is None:
            continue
        if isinstance(nilai, Target):
            terisi[bulan] = nilai if nilai.is_rentang else nilai.nilai  # type: ignore[assignment]
            continue
        nilai = pastikan_decimal(nilai, nama)
        if nilai < 0:
            kesalahan.append(KesalahanIsian(bulan, f"{nama} {NAMA_BULAN[bulan - 1]} tidak boleh negatif."))
        terisi[bulan] = nilai
    return kesalahan, terisi


def _dalam_target(nilai: Decimal | Target, target: Target) -> bool:
    if isinstance(nilai, Target):
        # A range aggregate matches only the same range.
        return target.is_rentang and (nilai.bawah, nilai.atas) == (target.bawah, target.atas)
    if target.is_rentang:
        return target.bawah <= nilai <= target.atas  # type: ignore[operator]
    return nilai == target.nilai


def periksa_target_bulanan(
    target_bulanan: Mapping[int, Decimal | Target | None], target_tahunan: Target | None, agregasi: Agregasi | str,
    polaritas: Polaritas | str = Polaritas.POSITIF,
) -> list[KesalahanIsian]:
    """List what is wrong with an indicator's monthly targets (empty list = consistent).

    - no month may be negative; a month may be a range (``80–90``) on a positif indicator only;
    - kumulatif: the months add up to the annual target;
    - nilai akhir: December equals the annual target (the year ends where the plan says);
    - rata-rata: the mean of the months with a target equals the annual target (a local
      choice, by analogy: the year's figure is the mean of its months).

    A range annual target is met when the aggregate lies inside the range, or (monthly ranges)
    when the aggregated range equals it. Months left empty carry no target; with no month filled
    the annual target counts as December's (DOMAIN.md). Without an annual target only the sign
    is checked.

    :param target_bulanan: month -> target (a Decimal or a range :class:`Target`) or None.
    :param target_tahunan: the indicator's annual target.
    :param agregasi: how the indicator's months combine.
    :param polaritas: the indicator's direction (ranges are refused on negatif indicators).
    :return: every problem found, each with an Indonesian message.
    """
    agregasi = Agregasi(agregasi)
    kesalahan, terisi = _bulan_terisi(target_bulanan, "Target")
    if Polaritas(polaritas) is Polaritas.NEGATIF:
        for bulan, nilai in terisi.items():
            if isinstance(nilai, Target):
                kesalahan.append(KesalahanIsian(bulan, f"{NAMA_BULAN[bulan - 1]}: {PESAN_RENTANG_NEGATIF}"))
    if kesalahan or target_tahunan is None or not terisi:
        return kesalahan
    tahunan = format_target_singkat(target_tahunan)
    nilai = list(terisi.values())
    with localcontext(KONTEKS_HITUNG):
        if agregasi is Agregasi.KUMULATIF:
            jumlah = _jumlah(nilai)
            if not _dalam_target(jumlah, target_tahunan):
                kesalahan.append(KesalahanIsian(None, (
                    f"Jumlah target bulanan ({_teks(jumlah)}) harus sama dengan target tahunan ({tahunan})."
                )))
        elif agregasi is Agregasi.NILAI_AKHIR:
            desember = terisi.get(12)
            if desember is None or not _dalam_target(desember, target_tahunan):
                kesalahan.append(KesalahanIsian(12, f"Target Desember harus sama dengan target tahunan ({tahunan})."))
        else:
            jumlah = _jumlah(nilai)
            rata = (Target.rentang(jumlah.bawah / len(nilai), jumlah.atas / len(nilai))  # type: ignore[operator]
                    if isinstance(jumlah, Target) else jumlah / len(nilai))
            if not _dalam_target(rata, target_tahunan):
                kesalahan.append(KesalahanIsian(None, (
                    f"Rata-rata target bulanan ({_teks(rata, 2)}) harus sama dengan target tahunan ({tahunan})."
                )))
    return kesalahan


def _jumlah(nilai: list[Decimal | Target]) -> Decimal | Target:
    """Sum of monthly targets; a range as soon as one month is a range (bounds added separately)."""
    if not any(isinstance(v, Target) for v in nilai):
        return sum(nilai, Decimal(0))  # type: ignore[arg-type]
    bawah = atas = Decimal(0)
    for v in nilai:
        b, a = (v.bawah, v.atas) if isinstance(v, Target) else (v, v)
        bawah, atas = bawah + b, atas + a  # type: ignore[operator]
    return Target.rentang(bawah, atas)


def _teks(nilai: Decimal | Target, desimal: int | None = None) -> str:
    if isinstance(nilai, Target):
        return f"{format_angka(nilai.bawah, desimal)}\u2013{format_angka(nilai.atas, desimal)}"  # type: ignore[arg-type]
    return format_angka(nilai, desimal)


def periksa_anggaran_bulanan(
    target_bulanan: Mapping[int, Decimal | None], pagu: Decimal | None
) -> list[KesalahanIsian]:
    """List what is wrong with a sub kegiatan's monthly budget targets.

    Monthly anggaran is always kumulatif and may add up to *at most* the pagu (a plan may leave
    part of the pagu unscheduled).

    :param target_bulanan: month -> Rupiah or None.
    :param pagu: the sub kegiatan's budget ceiling; None means no pagu set yet.
    :return: every problem found.
    """
    kesalahan, terisi = _bulan_terisi(target_bulanan, "Target anggaran")
    if pagu is not None and pastikan_decimal(pagu, "Pagu") < 0:
        kesalahan.append(KesalahanIsian(None, "Pagu tidak boleh negatif."))
        return kesalahan
    if kesalahan or not terisi:
        return kesalahan
    jumlah = sum(terisi.values(), Decimal(0))
    if pagu is None:
        kesalahan.append(KesalahanIsian(None, "Isi pagu sub kegiatan sebelum target anggaran bulanan."))
    elif jumlah > pagu:
        kesalahan.append(KesalahanIsian(None, (
            f"Jumlah target anggaran bulanan (Rp {format_angka(jumlah, None)}) melebihi pagu "
            f"(Rp {format_angka(pagu, None)})."
        )))
    return kesalahan


def format_target_singkat(target: Target) -> str:
    """Format a target for messages: ``12``, ``0,75``, ``80–90``."""
    if target.is_rentang:
        return f"{format_angka(target.bawah, None)}\u2013{format_angka(target.atas, None)}"  # type: ignore[arg-type]
    return format_angka(target.nilai, None)  # type: ignore[arg-type]


def assert_isian_valid(kesalahan: list[KesalahanIsian]) -> None:
    """Raise when a grid check found problems.

    :param kesalahan: the output of a ``periksa_*`` function.
    :raise IsianTidakValid: when the list is not empty.
    """
    if kesalahan:
        raise IsianTidakValid(kesalahan)


__all__ = [
    "IsianTidakValid",
    "KesalahanIsian",
    "NilaiTidakValid",
    "RencanaTerkunci",
    "StatusRencana",
    "assert_isian_valid",
    "assert_rencana_bisa_diubah",
    "periksa_anggaran_bulanan",
    "periksa_target_bulanan",
]
