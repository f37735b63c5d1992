"""Versions of a year's targets: *murni* and *perubahan* (APBD Perubahan, DOMAIN.md "The SAKIP
cycle around measurement").

A year's plan targets (monthly target kinerja, annual target, pagu, monthly target anggaran) exist
as versions: urutan 0 is the *murni* version (the plan as first fixed, implicit for all data that
existed before versions), urutan 1, 2, … are the *perubahan* ("Perubahan", "Perubahan ke-2", …),
each with its date (tanggal berlaku), legal basis (nomor DPPA / PK perubahan) and the month from
which it applies (``berlaku_mulai_bulan``).

Which version measures a month is the agency's rule (:class:`AturanVersi`, Referensi; a choice,
not a regulation):

- ``per_bulan`` (default, what DOMAIN.md describes): a month is measured against the latest version
  whose ``berlaku_mulai_bulan`` is not after it, so months before the change keep the murni
  targets and months from it on use the perubahan; the annual target and the pagu are those of the
  version in force in December.
- ``seluruh_tahun``: the latest version for every month of the year.

A year is *closed* for revisions (:func:`tahun_ditutup`) once the last closing moment of its input
windows — reopenings of the whole window or of one unit included — has passed: after its last
deadline nothing can be reported any more, so nothing is left to measure against a new target.
A year without windows is never closed.

Pure: standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from enum import Enum

from .errors import NilaiTidakValid
from .periode import NAMA_BULAN

#: Urutan of the murni version (the rows of the plan's own target tables).
URUTAN_MURNI = 0


class AturanVersi(Enum):
    """The agency's rule for the version that measures a month (a setting in Referensi)."""

    PER_BULAN = "per_bulan"
    SELURUH_TAHUN = "seluruh_tahun"

    @property
    def label(self) -> str:
        """The rule as the setting page and the reports name it."""
        return LABEL_ATURAN[self]


#: The agency's rule when it has not chosen one: months before the change against murni.
ATURAN_BAWAAN = AturanVersi.PER_BULAN
LABEL_ATURAN = {
    AturanVersi.PER_BULAN: "Per bulan: bulan sebelum perubahan diukur dengan target murni, "
                           "bulan sejak perubahan berlaku dengan target perubahan",
    AturanVersi.SELURUH_TAHUN: "Perubahan untuk seluruh tahun: semua bulan diukur dengan target versi terakhir",
}


@dataclass(frozen=True)
class VersiData:
    """One perubahan version of a year's targets (the murni version is implicit: urutan 0)."""

    id: int
    urutan: int
    nama: str
    tanggal: date
    dasar_hukum: str
    berlaku_mulai_bulan: int

    @property
    def label(self) -> str:
        """``"Perubahan (DPPA-P No. 12/2024, berlaku mulai Oktober)"``."""
        dasar = f"{self.dasar_hukum}, " if self.dasar_hukum else ""
        return f"{self.nama} ({dasar}berlaku mulai {NAMA_BULAN[self.berlaku_mulai_bulan - 1]})"


def nama_versi(urutan: int) -> str:
    """The default name of a version: ``Murni``, ``Perubahan``, ``Perubahan ke-2``, …

    :param urutan: 0 for murni, 1.. for the perubahan.
    :return: the name.
    """
    if urutan == URUTAN_MURNI:
        return "Murni"
    return "Perubahan" if urutan == 1 else f"Perubahan ke-{urutan}"


def versi_berlaku(versi: Sequence[VersiData], bulan: int, aturan: AturanVersi = ATURAN_BAWAAN) -> VersiData | None:
    """The version whose targets measure a month.

    :param versi: the perubahan versions of the year (any order); empty = murni only.
    :param bulan: the month 1..12.
    :param aturan: the agency's rule.
    :return: the version in force, or None for murni.
    """
    urut = sorted(versi, key=lambda v: v.urutan)
    if not urut:
        return None
    if aturan is AturanVersi.SELURUH_TAHUN:
        return urut[-1]
    berlaku = [v for v in urut if v.berlaku_mulai_bulan <= bulan]
    return berlaku[-1] if berlaku else None


def versi_akhir_tahun(versi: Sequence[VersiData], aturan: AturanVersi = ATURAN_BAWAAN) -> VersiData | None:
    """The version of the annual target and the pagu: the one in force in December.

    :param versi: the perubahan versions of the year.
    :param aturan: the agency's rule.
    :return: the version, or None for murni.
    """
    return versi_berlaku(versi, 12, aturan)


def keterangan_versi(versi: Sequence[VersiData], aturan: AturanVersi, dipilih: int | None = None) -> str | None:
    """What a report's title block says about the targets it uses.

    :param versi: the perubahan versions of the year.
    :param aturan: the agency's rule.
    :param dipilih: a version shown on its own (urutan), or None when measuring by the rule.
    :return: e.g. ``"Target: Perubahan (DPPA-P No. 12/2024, berlaku mulai Oktober); …"``; None
        when the year has only the murni version (reports stay as they were).
    """
    if not versi:
        return None
    per_urutan = {v.urutan: v for v in versi}
    if dipilih is not None:
        return "Target: murni" if dipilih == URUTAN_MURNI else f"Target: {per_urutan[dipilih].label}"
    akhir = versi_akhir_tahun(versi, aturan)
    teks_akhir = akhir.label if akhir is not None else "murni"
    if aturan is AturanVersi.SELURUH_TAHUN:
        return f"Target: {teks_akhir} untuk seluruh tahun (aturan: perubahan untuk seluruh tahun)"
    return (f"Target: {teks_akhir}; bulan sebelum perubahan berlaku diukur dengan target versi sebelumnya "
            f"(aturan: per bulan)")


def tahun_ditutup(batas_jendela: Iterable[datetime], now: datetime) -> bool:
    """Whether a year is closed for new target versions.

    :param batas_jendela: the last closing moment of each input window of the year (its deadline,
        or later when it or a unit's window was reopened).
    :param now: the present moment (aware, like the stored moments).
    :return: True when the year has windows and the last of these moments has passed.
    """
    batas = list(batas_jendela)
    return bool(batas) and now > max(batas)


def periksa_versi_baru(*, tanggal: date | None, berlaku_mulai_bulan: int | None, tahun: int,
                       tanggal_sebelumnya: date | None, dasar_hukum: str) -> None:
    """Check the header of a new perubahan before anything is copied.

    :param tanggal: the date of effect.
    :param berlaku_mulai_bulan: the first month measured against it (1..12).
    :param tahun: the plan's year.
    :param tanggal_sebelumnya: the date of the version it revises (murni: the day the plan was fixed).
    :param dasar_hukum: the legal basis (nomor DPPA / PK perubahan).
    :raise NilaiTidakValid: with the message for the user.
    """
    if tanggal is None:
        raise NilaiTidakValid("Tanggal berlaku perubahan wajib diisi.")
    if not (dasar_hukum or "").strip():
        raise NilaiTidakValid("Dasar hukum (nomor DPPA / PK perubahan) wajib diisi.")
    if len(dasar_hukum.strip()) > 500:
        raise NilaiTidakValid("Dasar hukum paling banyak 500 karakter.")
    if berlaku_mulai_bulan is None or not 1 <= berlaku_mulai_bulan <= 12:
        raise NilaiTidakValid("Bulan mulai berlaku harus antara 1 (Januari) dan 12 (Desember).")
    if tanggal.year != tahun:
        raise NilaiTidakValid(f"Tanggal berlaku perubahan harus dalam tahun {tahun}.")
    if tanggal_sebelumnya is not None and tanggal < tanggal_sebelumnya:
        raise NilaiTidakValid(
            "Tanggal berlaku perubahan tidak boleh sebelum tanggal versi sebelumnya "
            f"({tanggal_sebelumnya.day} {NAMA_BULAN[tanggal_sebelumnya.month - 1]} {tanggal_sebelumnya.year})."
        )


def periksa_bulan_mulai(berlaku_mulai_bulan: int, bulan_sebelumnya: int | None) -> None:
    """A later perubahan cannot apply from a month before the one it revises applies from.

    :param berlaku_mulai_bulan: the new version's first month.
    :param bulan_sebelumnya: the previous perubahan's first month (None when it revises murni).
    :raise NilaiTidakValid: when it would.
    """
    if bulan_sebelumnya is not None and berlaku_mulai_bulan < bulan_sebelumnya:
        raise NilaiTidakValid(
            f"Bulan mulai berlaku tidak boleh sebelum bulan mulai berlaku versi sebelumnya "
            f"({NAMA_BULAN[bulan_sebelumnya - 1]})."
        )
