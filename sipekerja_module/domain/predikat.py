"""Predikat (category) scales and the roll-up of capaian into a summary."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from decimal import localcontext
from functools import cached_property
from types import MappingProxyType

from .angka import KONTEKS_HITUNG
from .angka import bulatkan
from .angka import format_angka
from .angka import pastikan_decimal
from .errors import SkalaPredikatTidakValid

#: The colours a predikat band may take, by the name a user picks (Referensi), keyed by the stored
#: presentation key (the badge's ``text-bg-*`` class). Ordered as a scale usually runs, best first.
WARNA_PREDIKAT: Mapping[str, str] = MappingProxyType({
    "success": "Hijau",
    "primary": "Biru",
    "info": "Biru muda",
    "warning": "Kuning",
    "danger": "Merah",
    "secondary": "Abu-abu",
    "dark": "Hitam",
    "light": "Putih",
})


@dataclass(frozen=True)
class BandPredikat:
    """One band of a scale: capaian >= ``batas_bawah`` (up to the next band) gets ``label``."""

    batas_bawah: Decimal
    label: str
    #: Presentation key, one of :data:`WARNA_PREDIKAT` ("success" is shown to users as "Hijau").
    warna: str


@dataclass(frozen=True)
class SkalaPredikat:
    """A predikat scale: bands strictly ascending by ``batas_bawah``, the first starting at 0.

    The lowest band also receives negative capaian (raw negatif-formula values); the highest band
    is open-ended. Scales are reference data: agencies use different ones.
    """

    bands: tuple[BandPredikat, ...]
    nama: str = ""
    #: Optional cap on capaian in group means and rankings (e.g. 120, Kemenkeu's IKU practice);
    #: None = no cap. Never applied to an indicator's own figure.
    batas_rerata: Decimal | None = None

    def __post_init__(self) -> None:
        if self.batas_rerata is not None:
            object.__setattr__(self, "batas_rerata", periksa_batas_rerata(self.batas_rerata))
        try:
            bands = tuple(self.bands)
        except TypeError:
            raise SkalaPredikatTidakValid("Band skala predikat harus berupa daftar.") from None
        object.__setattr__(self, "bands", bands)
        if not bands:
            raise SkalaPredikatTidakValid("Skala predikat harus memiliki paling sedikit satu band.")
        for band in bands:
            _periksa_band(band)
        if bands[0].batas_bawah != 0:
            raise SkalaPredikatTidakValid("Band terendah skala predikat harus dimulai dari 0.")
        for sebelum, sesudah in zip(bands, bands[1:]):
            if sesudah.batas_bawah <= sebelum.batas_bawah:
                raise SkalaPredikatTidakValid(
                    "Band skala predikat harus urut naik menurut batas bawah tanpa batas yang sama "
                    f"('{sebelum.label}' lalu '{sesudah.label}')."
                )
        label = [band.label for band in bands]
        if len(set(label)) != len(label):
            raise SkalaPredikatTidakValid("Label band skala predikat harus unik.")

    # Derived lookups, computed once per scale on first use (cached in the instance, not dataclass
    # fields: equality, hash and repr are unchanged).

    @cached_property
    def label_tinggi_ke_rendah(self) -> tuple[str, ...]:
        """Band labels from the highest band to the lowest (the order reports print them in)."""
        return tuple(band.label for band in reversed(self.bands))

    @cached_property
    def _batas(self) -> tuple[Decimal, ...]:
        """Lower bounds of the bands, ascending (for a binary search)."""
        return tuple(band.batas_bawah for band in self.bands)


#: Allowed range of the cap in means and rankings (a cap below 100 would punish meeting the target).
BATAS_RERATA_MIN = Decimal(100)
BATAS_RERATA_MAKS = Decimal(1000)


def periksa_batas_rerata(batas: Decimal | int) -> Decimal:
    """Check a cap for means and rankings: 100..1000 percent.

    :param batas: the cap in percent.
    :return: the cap as a Decimal.
    :raise SkalaPredikatTidakValid: outside 100..1000, or not a finite number.
    """
    try:
        nilai = pastikan_decimal(batas, "Batas capaian")
    except Exception:
        raise SkalaPredikatTidakValid("Batas capaian dalam rata-rata harus berupa angka.") from None
    if not BATAS_RERATA_MIN <= nilai <= BATAS_RERATA_MAKS:
        raise SkalaPredikatTidakValid(
            f"Batas capaian dalam rata-rata dan peringkat harus antara {format_angka(BATAS_RERATA_MIN, None)}% "
            f"dan {format_angka(BATAS_RERATA_MAKS, None)}% (kosongkan bila tanpa batas).")
    return nilai


def nilai_rerata(capaian: Decimal, skala: SkalaPredikat) -> Decimal:
    """The figure of one indicator as it enters a group mean or a ranking: as displayed (clamped at
    0, rounded with the one rule), then capped at the scale's ``batas_rerata`` when it has one.

    :param capaian: the indicator's raw capaian (finite Decimal).
    :param skala: the scale (its optional cap).
    :return: the value averaged.
    """
    nilai = bulatkan(capaian) if capaian > 0 else Decimal("0.00")
    batas = skala.batas_rerata
    if batas is not None and nilai > batas:
        return batas
    return nilai


def _periksa_band(band: BandPredikat) -> None:
    if not isinstance(band, BandPredikat):
        raise SkalaPredikatTidakValid("Setiap band skala predikat harus berupa BandPredikat.")
    if not isinstance(band.batas_bawah, Decimal) or not band.batas_bawah.is_finite():
        raise SkalaPredikatTidakValid(f"Batas bawah band '{band.label}' harus berupa angka Decimal.")
    if not isinstance(band.label, str) or not band.label.strip():
        raise SkalaPredikatTidakValid("Label band skala predikat tidak boleh kosong.")


#: Default scale: Permendagri 86/2017 (evaluation of Renja/RKPD results).
SKALA_PERMENDAGRI_86_2017 = SkalaPredikat(
    bands=(
        BandPredikat(Decimal(0), "Sangat Rendah", "dark"),
        BandPredikat(Decimal(51), "Rendah", "danger"),
        BandPredikat(Decimal(66), "Sedang", "warning"),
        BandPredikat(Decimal(76), "Tinggi", "primary"),
        BandPredikat(Decimal(91), "Sangat Tinggi", "success"),
    ),
    nama="Permendagri 86/2017",
)


def tentukan_predikat(
    capaian: Decimal | None, skala: SkalaPredikat = SKALA_PERMENDAGRI_86_2017
) -> BandPredikat | None:
    """Return the band a capaian falls in.

    The UNROUNDED value is compared (Permendagri 86/2017 bands, e.g. 90,999 is Tinggi, not
    Sangat Tinggi, although it displays as 91,00).

    :param capaian: capaian in percent, unrounded; None when undefined.
    :param skala: the scale.
    :return: the band, or None for None; negative values get the lowest band.
    :raise NilaiTidakValid: if ``capaian`` is a float or not finite.
    """
    if capaian is None:
        return None
    return _band(pastikan_decimal(capaian, "Capaian"), skala)


def _band(capaian: Decimal, skala: SkalaPredikat) -> BandPredikat:
    """The highest band whose lower bound is <= ``capaian`` (the lowest for negative values); unchecked."""
    posisi = bisect_right(skala._batas, capaian)
    return skala.bands[posisi - 1 if posisi else 0]


@dataclass(frozen=True)
class Ringkasan:
    """Roll-up of indicators' capaian (for a sub kegiatan, kegiatan, program, sasaran or unit)."""

    #: Plain mean of the defined capaian as displayed (clamped at 0, rounded, capped by the scale's
    #: ``batas_rerata``), unrounded itself; None when none is defined.
    rata_rata: Decimal | None
    jumlah_indikator: int
    jumlah_terukur: int
    #: Every label of the scale, highest band first, with its count (zeros included).
    jumlah_per_predikat: Mapping[str, int]
    jumlah_belum_terukur: int


def rangkum_capaian(
    capaian: Iterable[Decimal | None], skala: SkalaPredikat = SKALA_PERMENDAGRI_86_2017
) -> Ringkasan:
    """Summarise capaian values: their mean and a count per predikat.

    No regulation prescribes the roll-up; the default (DOMAIN.md "Roll-up") is the plain mean of the
    defined values *as displayed* (:func:`nilai_rerata`: clamped at 0, rounded, capped when the scale
    has a cap). Undefined values (None: belum lapor, no target) are counted separately
    (``jumlah_belum_terukur``, printed beside the mean) and left out of the mean and the counts.
    Each value is counted in the band of its own unrounded, uncapped figure.

    :param capaian: capaian of each indicator, unrounded, None when undefined.
    :param skala: the scale.
    :return: the summary.
    :raise NilaiTidakValid: for a float or non-finite value.
    """
    semua = list(capaian)
    terukur = [pastikan_decimal(nilai, "Capaian") for nilai in semua if nilai is not None]
    return rangkum_terukur(terukur, [_band(nilai, skala) for nilai in terukur], len(semua), skala)


def rangkum_terukur(
    terukur: Sequence[Decimal], band: Iterable[BandPredikat], jumlah_indikator: int, skala: SkalaPredikat,
    rerata: Sequence[Decimal] | None = None,
) -> Ringkasan:
    """:func:`rangkum_capaian` for a caller that already holds checked values and their bands.

    Used where the same capaian are rolled up into many groups (pengukuran of a whole plan): the
    values are checked and banded once per indicator instead of once per group. The result equals
    ``rangkum_capaian(capaian, skala)`` when ``terukur`` is the capaian that are not None (in order),
    ``band`` their :func:`tentukan_predikat` bands and ``jumlah_indikator`` the count of all capaian.

    :param terukur: the defined capaian, finite Decimals, unrounded (not checked again).
    :param band: the band of each value in ``terukur`` on ``skala``.
    :param jumlah_indikator: number of indicators, the undefined ones included.
    :param skala: the scale.
    :param rerata: :func:`nilai_rerata` of each value in ``terukur``, when the caller holds them
        (computed here otherwise).
    :return: the summary.
    """
    jumlah = dict.fromkeys(skala.label_tinggi_ke_rendah, 0)
    for b in band:
        jumlah[b.label] += 1
    rata_rata = None
    if terukur:
        if rerata is None:
            rerata = [nilai_rerata(nilai, skala) for nilai in terukur]
        with localcontext(KONTEKS_HITUNG):
            rata_rata = sum(rerata, Decimal(0)) / len(terukur)
    return Ringkasan(
        rata_rata=rata_rata,
        jumlah_indikator=jumlah_indikator,
        jumlah_terukur=len(terukur),
        jumlah_per_predikat=MappingProxyType(jumlah),
        jumlah_belum_terukur=jumlah_indikator - len(terukur),
    )
