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
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from datetime import datetime
from decimal import Decimal
from enum import Enum
from types import MappingProxyType

from .capaian import Target
from .data_rencana import DataRencana
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
    AturanVersi.PER_BULAN: "Per bulan: bulan sebelum perubahan berlaku diukur dengan target versi "
                           "sebelumnya (murni), bulan sejak perubahan berlaku dengan target perubahan",
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


#: ``{urutan: {owner id: {bulan: value}}}`` of the perubahan versions; month 0 = the annual target
#: (a :class:`~.capaian.Target` or None) or the pagu; months 1..12 as in ``DataRencana``.
NilaiVersi = Mapping[int, Mapping[int, Mapping[int, "Decimal | Target | None"]]]


def _berantai(murni: Mapping[int, Mapping[int, object]], per_versi: NilaiVersi, urutan_versi: Sequence[int],
              pemilik: Iterable[int]) -> dict[int, dict[int, Mapping[int, object]]]:
    """Per version and owner the months that version holds: an owner the version did not copy
    (added later) keeps the values of the version before."""
    hasil: dict[int, dict[int, Mapping[int, object]]] = {URUTAN_MURNI: dict(murni)}
    sebelumnya = URUTAN_MURNI
    for urutan in urutan_versi:
        milik = per_versi.get(urutan, {})
        hasil[urutan] = {p: milik[p] if p in milik else hasil[sebelumnya].get(p, {}) for p in pemilik}
        sebelumnya = urutan
    return hasil


def _pilih_bulanan(rantai: dict[int, dict[int, Mapping[int, object]]], pemilik: int,
                   urutan_per_bulan: Mapping[int, int]) -> dict[int, object]:
    """The months of one owner, each from the version that measures it (months without a row stay absent)."""
    hasil = {}
    for bulan, urutan in urutan_per_bulan.items():
        nilai = rantai[urutan].get(pemilik, {})
        if bulan in nilai:
            hasil[bulan] = nilai[bulan]
    return hasil


def terapkan_versi(data: DataRencana, *, versi: Sequence[VersiData], aturan: AturanVersi,
                   kinerja: NilaiVersi, anggaran: NilaiVersi, dipilih: int | None = None) -> DataRencana:
    """The plan with the targets of the version in force for each month (or of one chosen version).

    Measurement reads ``DataRencana`` as always; only which values it holds changes. Without
    perubahan ``data`` is returned as it is.

    :param data: the plan as loaded with the murni targets (the plan's own tables).
    :param versi: the perubahan versions of the year.
    :param aturan: the agency's rule (ignored when ``dipilih`` is given).
    :param kinerja: the perubahan rows of target kinerja (month 0 = the annual :class:`Target`).
    :param anggaran: the perubahan rows of target anggaran (month 0 = the pagu).
    :param dipilih: one version for every month and the year (urutan; 0 = murni), or None for the rule.
    :return: the plan; ``target_per_versi`` / ``pagu_per_versi`` keep every version for side-by-side columns.
    :raise NilaiTidakValid: for a chosen version the year does not have.
    """
    if not versi:
        if dipilih not in (None, URUTAN_MURNI):
            raise NilaiTidakValid("Versi target tidak ditemukan.")
        return data
    urut = tuple(sorted(versi, key=lambda v: v.urutan))
    urutan_versi = [v.urutan for v in urut]
    if dipilih is not None and dipilih != URUTAN_MURNI and dipilih not in urutan_versi:
        raise NilaiTidakValid("Versi target tidak ditemukan.")

    def urutan_bulan(bulan: int) -> int:
        if dipilih is not None:
            return dipilih
        v = versi_berlaku(urut, bulan, aturan)
        return URUTAN_MURNI if v is None else v.urutan

    per_bulan = {b: urutan_bulan(b) for b in range(1, 13)}
    akhir = per_bulan[12]
    id_indikator = [i.id for i in data.indikator]
    id_node = [n.id for n in data.node]
    murni_kinerja = {i.id: {0: i.target, **data.target_kinerja.get(i.id, {})} for i in data.indikator}
    murni_anggaran = {n.id: {0: n.pagu, **data.target_anggaran.get(n.id, {})} for n in data.node}
    rantai_kinerja = _berantai(murni_kinerja, kinerja, urutan_versi, id_indikator)
    rantai_anggaran = _berantai(murni_anggaran, anggaran, urutan_versi, id_node)

    def bulanan(rantai, pemilik: Sequence[int]):
        hasil = {p: _pilih_bulanan(rantai, p, per_bulan) for p in pemilik}
        return MappingProxyType({p: MappingProxyType(v) for p, v in hasil.items() if v})

    semua = (URUTAN_MURNI, *urutan_versi)
    return replace(
        data,
        indikator=tuple(replace(i, target=rantai_kinerja[akhir][i.id].get(0)) for i in data.indikator),
        node=tuple(replace(n, pagu=rantai_anggaran[akhir][n.id].get(0)) for n in data.node),
        target_kinerja=bulanan(rantai_kinerja, id_indikator),
        target_anggaran=bulanan(rantai_anggaran, id_node),
        versi=urut,
        aturan_versi=aturan,
        versi_dipilih=dipilih,
        target_per_versi=MappingProxyType({u: MappingProxyType({p: rantai_kinerja[u][p].get(0) for p in id_indikator})
                                           for u in semua}),
        pagu_per_versi=MappingProxyType({u: MappingProxyType({p: rantai_anggaran[u][p].get(0) for p in id_node})
                                         for u in semua}),
    )
