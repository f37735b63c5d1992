"""Rencana Aksi: the PK targets broken down per triwulan and the actions planned for each PK
indicator, their realisasi per triwulan, and the monitoring of late actions (issue 16, item 4;
DOMAIN.md "The SAKIP cycle around measurement").

Rules (local choices where no regulation says more):

- **Target per triwulan is the target at the end of that triwulan** ("s.d. TW"), read the way the
  indicator's months combine (its *agregasi*): kumulatif = the running total, nilai akhir = the
  value reached, rata-rata = the mean to date. Hence the checks, which *warn* and never refuse
  (an agency may plan otherwise):

  * kumulatif: the targets never fall from one triwulan to the next, and TW IV equals the annual
    PK target;
  * nilai akhir and rata-rata: TW IV equals the annual PK target;
  * a range annual target (80–90) is met by a TW IV target inside the range.

  The agregasi is the linked plan indicator's (``IndikatorPK.indikator_id``) when there is one;
  otherwise the one chosen on the Rencana Aksi (default kumulatif).
- A negative or non-numeric target is refused; a blank one means "not planned" for that triwulan.
- An action (*aksi*) has a text, the triwulans it is planned in (at least one), an optional output
  and a penanggung jawab. Its realisasi per triwulan is *belum*, *sebagian* or *terlaksana* with a
  short text and an optional link to the evidence (http/https only).
- Realisasi is reported for the PK's own year only, and for a triwulan that has begun.
- **Late** (*terlambat*): an action planned in a triwulan that has ended (the day after its last
  day, the agency's date) whose realisasi for it is not *terlaksana* (including not reported).
- Who: the unit of the PK's position (its Sekretariat/Bidang account) and the Pengguna Utama change
  a Rencana Aksi and report its realisasi; the head's PK (no unit) is the Utama's; Pimpinan reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from decimal import Decimal
from enum import Enum
from urllib.parse import urlsplit

from .akses import Peran
from .akses import Subjek
from .angka import format_angka
from .capaian import Agregasi
from .capaian import Target
from .capaian import format_target
from .capaian import hitung_capaian_periode
from .data_rencana import DataRencana
from .errors import AksesDitolak
from .errors import NilaiTidakValid
from .periode import NAMA_TRIWULAN
from .periode import Periode
from .periode import bulan_dalam_triwulan
from .periode import validate_triwulan
from .pk import Pihak

TRIWULAN: tuple[int, ...] = (1, 2, 3, 4)


class StatusAksi(Enum):
    """Realisasi of an action in a triwulan."""

    BELUM = "belum"
    SEBAGIAN = "sebagian"
    TERLAKSANA = "terlaksana"


LABEL_STATUS: Mapping[StatusAksi, str] = {
    StatusAksi.BELUM: "Belum dilaksanakan",
    StatusAksi.SEBAGIAN: "Sebagian",
    StatusAksi.TERLAKSANA: "Terlaksana",
}


def label_triwulan(triwulan: int) -> str:
    """``TW I`` … ``TW IV``."""
    return f"TW {NAMA_TRIWULAN[validate_triwulan(triwulan) - 1]}"


# --- triwulans of an action ----------------------------------------------------------------------


def mask_triwulan(triwulan: Iterable[int]) -> int:
    """The triwulans an action is planned in, as the stored bit set (TW I = 1, TW II = 2, TW III = 4,
    TW IV = 8).

    :param triwulan: the chosen triwulans, 1..4.
    :return: 1..15.
    :raise NilaiTidakValid: when none is chosen.
    :raise TriwulanTidakValid: for a number outside 1..4.
    """
    hasil = 0
    for tw in triwulan:
        hasil |= 1 << (validate_triwulan(tw) - 1)
    if not hasil:
        raise NilaiTidakValid("Pilih paling sedikit satu triwulan pelaksanaan rencana aksi.")
    return hasil


def triwulan_dari_mask(mask: int) -> tuple[int, ...]:
    """The triwulans of a stored bit set, ascending."""
    return tuple(tw for tw in TRIWULAN if mask & (1 << (tw - 1)))


# --- checks of what is typed -----------------------------------------------------------------------


def periksa_target_triwulan(target: Mapping[int, Decimal | None]) -> dict[int, Decimal | None]:
    """Check the four targets of an indicator's Rencana Aksi.

    :param target: triwulan -> target (None: not planned).
    :return: the targets for TW I..IV.
    :raise NilaiTidakValid: a negative target.
    :raise TriwulanTidakValid: a key outside 1..4.
    """
    hasil: dict[int, Decimal | None] = dict.fromkeys(TRIWULAN)
    for tw, nilai in target.items():
        tw = validate_triwulan(tw)
        if nilai is not None and nilai < 0:
            raise NilaiTidakValid(f"Target {label_triwulan(tw)} tidak boleh negatif.")
        hasil[tw] = nilai
    return hasil


def _teks(teks: str | None, nama: str, maks: int, *, wajib: bool = False) -> str | None:
    teks = (teks or "").strip()
    if wajib and not teks:
        raise NilaiTidakValid(f"{nama} wajib diisi.")
    if len(teks) > maks:
        raise NilaiTidakValid(f"{nama} paling banyak {maks} karakter.")
    return teks or None


@dataclass(frozen=True)
class IsianAksi:
    """An action as checked: text, triwulans (bit set), output and penanggung jawab."""

    uraian: str
    mask: int
    output: str | None
    penanggung_jawab: str | None


def periksa_aksi(uraian: str | None, triwulan: Iterable[int], output: str | None,
                 penanggung_jawab: str | None) -> IsianAksi:
    """Check an action typed on the Rencana Aksi page.

    :raise NilaiTidakValid: empty or too long text, no triwulan.
    """
    return IsianAksi(uraian=_teks(uraian, "Uraian rencana aksi", 1000, wajib=True) or "",
                     mask=mask_triwulan(triwulan), output=_teks(output, "Output/target aksi", 500),
                     penanggung_jawab=_teks(penanggung_jawab, "Penanggung jawab", 255))


def periksa_tautan_bukti(tautan: str | None) -> str | None:
    """An evidence link: empty, or an absolute http(s) address of at most 500 characters.

    :raise NilaiTidakValid: another scheme (``javascript:``, ``file:``), no host, too long.
    """
    tautan = (tautan or "").strip()
    if not tautan:
        return None
    if len(tautan) > 500:
        raise NilaiTidakValid("Tautan bukti paling banyak 500 karakter.")
    bagian = urlsplit(tautan)
    if bagian.scheme.lower() not in ("http", "https") or not bagian.netloc or any(c.isspace() for c in tautan):
        raise NilaiTidakValid("Tautan bukti harus alamat lengkap yang diawali http:// atau https://.")
    return tautan


def periksa_keterangan(teks: str | None) -> str | None:
    """A short realisasi text (at most 1000 characters)."""
    return _teks(teks, "Keterangan realisasi", 1000)


def assert_triwulan_boleh_dilaporkan(*, tahun_isian: int, tahun_pk: int, triwulan: int, hari_ini: date) -> None:
    """Realisasi belongs to a triwulan of the PK's own year that has begun.

    :param tahun_isian: the year the form was for.
    :param tahun_pk: the PK's year.
    :param triwulan: 1..4.
    :param hari_ini: today's date in the agency's time zone.
    :raise NilaiTidakValid: another year, or a triwulan not begun yet.
    :raise TriwulanTidakValid: a number outside 1..4.
    """
    validate_triwulan(triwulan)
    if tahun_isian != tahun_pk:
        raise NilaiTidakValid(f"Realisasi Rencana Aksi ini hanya untuk triwulan tahun {tahun_pk}, "
                              f"bukan tahun {tahun_isian}.")
    if hari_ini < date(tahun_pk, bulan_dalam_triwulan(triwulan)[0], 1):
        raise NilaiTidakValid(f"{label_triwulan(triwulan)} {tahun_pk} belum dimulai; realisasinya belum dapat diisi.")


def triwulan_selesai(tahun: int, triwulan: int, hari_ini: date) -> bool:
    """True once the triwulan's last day has passed."""
    akhir = bulan_dalam_triwulan(triwulan)[-1]
    hari_terakhir = date(tahun, 12, 31) if akhir == 12 else date(tahun, akhir + 1, 1) - timedelta(days=1)
    return hari_ini > hari_terakhir


# --- warnings about the targets ---------------------------------------------------------------------


def _sama(nilai: Decimal, tahunan: Target) -> bool:
    if tahunan.is_rentang:
        return tahunan.bawah <= nilai <= tahunan.atas  # type: ignore[operator]
    return nilai == tahunan.nilai


def peringatan_target(target: Mapping[int, Decimal | None], tahunan: Target | None,
                      agregasi: Agregasi) -> tuple[str, ...]:
    """Warnings about an indicator's targets per triwulan (they are saved anyway).

    :param target: triwulan -> target to the end of that triwulan (None: not planned).
    :param tahunan: the annual PK target, or None.
    :param agregasi: how the indicator's months combine (see the module docstring).
    :return: Indonesian sentences; empty when the targets agree with the rule.
    """
    hasil: list[str] = []
    terisi = [(tw, target[tw]) for tw in TRIWULAN if target.get(tw) is not None]
    if agregasi is Agregasi.KUMULATIF:
        for (tw_a, a), (tw_b, b) in zip(terisi, terisi[1:]):
            if b < a:  # type: ignore[operator]
                hasil.append(f"Indikator kumulatif: target {label_triwulan(tw_b)} ({format_angka(b, None)}) lebih "
                             f"kecil dari target {label_triwulan(tw_a)} ({format_angka(a, None)}); target triwulan "
                             "adalah target s.d. akhir triwulan.")
    tw4 = target.get(4)
    if tahunan is not None:
        if tw4 is None:
            hasil.append("Target TW IV belum diisi; seharusnya sama dengan target tahunan PK.")
        elif not _sama(tw4, tahunan):
            hasil.append(f"Target TW IV ({format_angka(tw4, None)}) tidak sama dengan target tahunan PK "
                         f"({format_target(tahunan)}).")
    return tuple(hasil)


# --- the realisasi of the monthly data --------------------------------------------------------------


@dataclass(frozen=True)
class RealisasiBulanan:
    """The plan indicator's realisasi to the end of a triwulan, from the monthly data."""

    realisasi: Decimal | None
    target: Decimal | Target | None
    capaian: Decimal | None
    #: Nothing reported up to the triwulan's end.
    belum_lapor: bool
    #: The last month reported when it is before the triwulan's last month ("data s.d. Mei").
    data_sd: int | None = None


def realisasi_bulanan_per_triwulan(data: DataRencana, indikator_ids: Iterable[int]
                                   ) -> dict[int, dict[int, RealisasiBulanan]]:
    """The monthly data of plan indicators, to the end of each triwulan (the measurement's own rule,
    :func:`~sipekerja_module.domain.capaian.hitung_capaian_periode`, like with like).

    :param data: the agency's plan (``queries.rencana.load_rencana``).
    :param indikator_ids: plan indicators linked to PK indicators.
    :return: ``{indikator_id: {triwulan: RealisasiBulanan}}`` for the ids found in the plan.
    """
    per_id = {i.id: i for i in data.indikator}
    hasil: dict[int, dict[int, RealisasiBulanan]] = {}
    for ind_id in set(indikator_ids):
        ind = per_id.get(ind_id)
        if ind is None:
            continue
        hasil[ind_id] = {}
        for tw in TRIWULAN:
            periode = Periode.triwulanan(tw)
            c = hitung_capaian_periode(
                target_bulanan=data.target_kinerja.get(ind.id, {}),
                realisasi_bulanan=data.realisasi_kinerja.get(ind.id, {}), target_tahunan=ind.target,
                agregasi=ind.agregasi, polaritas=ind.polaritas, rumus_negatif=ind.rumus_negatif, periode=periode)
            kosong = c.bulan_terakhir_lapor is None
            hasil[ind_id][tw] = RealisasiBulanan(
                realisasi=c.realisasi_sd, target=c.target_sd, capaian=c.capaian_sd, belum_lapor=kosong,
                data_sd=c.bulan_terakhir_lapor if not kosong and c.bulan_terakhir_lapor < periode.bulan_akhir
                else None)
    return hasil


# --- the Rencana Aksi as plain values ---------------------------------------------------------------


@dataclass(frozen=True)
class RealisasiAksi:
    """The realisasi of an action in one triwulan."""

    status: StatusAksi
    keterangan: str | None
    tautan_bukti: str | None
    versi: int = 1


@dataclass(frozen=True)
class AksiData:
    """An action of a PK indicator, with its realisasi per triwulan."""

    id: int
    uraian: str
    triwulan: tuple[int, ...]
    output: str | None
    penanggung_jawab: str | None
    realisasi: Mapping[int, RealisasiAksi] = field(default_factory=dict)
    versi: int = 1


@dataclass(frozen=True)
class RealisasiIndikator:
    """The realisasi of a PK indicator in one triwulan, as the unit reports it."""

    nilai: Decimal | None
    keterangan: str | None
    versi: int = 1


@dataclass(frozen=True)
class IndikatorRencanaAksi:
    """One PK indicator's Rencana Aksi."""

    id: int
    sasaran: str
    uraian: str
    satuan: str
    target_tahunan: Target | None
    agregasi: Agregasi
    #: True when the agregasi comes from the linked plan indicator (not chosen here).
    agregasi_dari_rencana: bool
    target: Mapping[int, Decimal | None]
    aksi: tuple[AksiData, ...]
    realisasi: Mapping[int, RealisasiIndikator]
    #: The linked plan indicator's monthly data per triwulan; empty when not linked.
    bulanan: Mapping[int, RealisasiBulanan]
    indikator_rencana_id: int | None = None
    versi_target: int = 0

    @property
    def peringatan(self) -> tuple[str, ...]:
        """Warnings about the targets per triwulan (:func:`peringatan_target`)."""
        if all(v is None for v in self.target.values()):
            return ()
        return peringatan_target(self.target, self.target_tahunan, self.agregasi)


@dataclass(frozen=True)
class RencanaAksiPK:
    """The Rencana Aksi of one PK: its indicators, with what the printout needs."""

    pk_id: int
    tahun: int
    perangkat_daerah: str
    jabatan: str
    unit_kerja_id: int | None
    indikator: tuple[IndikatorRencanaAksi, ...]
    #: The signers of the printout (the PK's parties); None where nothing is printed (monitoring).
    pihak_pertama: Pihak | None = None
    pihak_kedua: Pihak | None = None
    tempat: str = ""
    tanggal: date | None = None


# --- monitoring ------------------------------------------------------------------------------------


class KeadaanAksi(Enum):
    """An action in one triwulan, as the monitoring shows it."""

    TIDAK_DIRENCANAKAN = "tidak_direncanakan"
    TERLAKSANA = "terlaksana"
    SEBAGIAN = "sebagian"
    BELUM = "belum"
    BELUM_LAPOR = "belum_lapor"


LABEL_KEADAAN: Mapping[KeadaanAksi, str] = {
    KeadaanAksi.TIDAK_DIRENCANAKAN: "",
    KeadaanAksi.TERLAKSANA: "Terlaksana",
    KeadaanAksi.SEBAGIAN: "Sebagian",
    KeadaanAksi.BELUM: "Belum dilaksanakan",
    KeadaanAksi.BELUM_LAPOR: "Belum dilaporkan",
}


@dataclass(frozen=True)
class SelAksi:
    """One action × triwulan cell of the monitoring."""

    keadaan: KeadaanAksi
    terlambat: bool

    @property
    def label(self) -> str:
        """What the cell prints (``Terlambat – belum dilaporkan``)."""
        teks = LABEL_KEADAAN[self.keadaan]
        return f"Terlambat \u2013 {teks.lower()}" if self.terlambat else teks


def sel_aksi(aksi: AksiData, triwulan: int, *, tahun: int, hari_ini: date) -> SelAksi:
    """The state of an action in a triwulan (see the module docstring: *late*).

    :param aksi: the action with its realisasi.
    :param triwulan: 1..4.
    :param tahun: the PK's year.
    :param hari_ini: today's date in the agency's time zone.
    :return: the cell.
    """
    if triwulan not in aksi.triwulan:
        return SelAksi(KeadaanAksi.TIDAK_DIRENCANAKAN, False)
    real = aksi.realisasi.get(triwulan)
    keadaan = KeadaanAksi.BELUM_LAPOR if real is None else KeadaanAksi(real.status.value)
    return SelAksi(keadaan, keadaan is not KeadaanAksi.TERLAKSANA and triwulan_selesai(tahun, triwulan, hari_ini))


@dataclass(frozen=True)
class BarisMonitoring:
    """One action of the agency-year in the monitoring, with its PK and indicator."""

    pk_id: int
    jabatan: str
    indikator: str
    aksi: AksiData
    sel: Mapping[int, SelAksi]

    @property
    def terlambat(self) -> tuple[int, ...]:
        """The triwulans in which the action is late."""
        return tuple(tw for tw in TRIWULAN if self.sel[tw].terlambat)


@dataclass(frozen=True)
class RingkasanTriwulan:
    """Per triwulan: actions planned, done, partly done, not done, not reported, late."""

    direncanakan: int = 0
    terlaksana: int = 0
    sebagian: int = 0
    belum: int = 0
    belum_lapor: int = 0
    terlambat: int = 0


def susun_monitoring(rencana: Sequence[RencanaAksiPK], *, hari_ini: date
                     ) -> tuple[tuple[BarisMonitoring, ...], dict[int, RingkasanTriwulan]]:
    """The monitoring of every action of the agency-year, and the counts per triwulan.

    :param rencana: the Rencana Aksi of the PKs shown.
    :param hari_ini: today's date in the agency's time zone.
    :return: (rows, ``{triwulan: RingkasanTriwulan}``).
    """
    baris: list[BarisMonitoring] = []
    hitung = {tw: dict.fromkeys(("direncanakan", "terlaksana", "sebagian", "belum", "belum_lapor", "terlambat"), 0)
              for tw in TRIWULAN}
    for ra in rencana:
        for ind in ra.indikator:
            for aksi in ind.aksi:
                sel = {tw: sel_aksi(aksi, tw, tahun=ra.tahun, hari_ini=hari_ini) for tw in TRIWULAN}
                baris.append(BarisMonitoring(pk_id=ra.pk_id, jabatan=ra.jabatan, indikator=ind.uraian, aksi=aksi,
                                             sel=sel))
                for tw, s in sel.items():
                    if s.keadaan is KeadaanAksi.TIDAK_DIRENCANAKAN:
                        continue
                    hitung[tw]["direncanakan"] += 1
                    hitung[tw][s.keadaan.value] += 1
                    hitung[tw]["terlambat"] += s.terlambat
    return tuple(baris), {tw: RingkasanTriwulan(**n) for tw, n in hitung.items()}


# --- access ------------------------------------------------------------------------------------------


def boleh_mengubah_rencana_aksi(subjek: Subjek, unit_kerja_id: int | None) -> bool:
    """The Pengguna Utama changes every Rencana Aksi of the agency; a Sekretariat/Bidang account
    that of a PK whose position leads its own unit. Pimpinan reads only.

    :param subjek: who is acting.
    :param unit_kerja_id: the unit of the PK's position (None for the head of the agency).
    :return: True if allowed.
    """
    if Peran.UTAMA in subjek.peran:
        return True
    return (Peran.BIDANG in subjek.peran and unit_kerja_id is not None and subjek.unit_id == unit_kerja_id)


def assert_boleh_mengubah_rencana_aksi(subjek: Subjek, unit_kerja_id: int | None) -> None:
    """Raise unless :func:`boleh_mengubah_rencana_aksi`.

    :raise AksesDitolak: another unit's Rencana Aksi, the head's for a Bidang, anything for Pimpinan.
    """
    if not boleh_mengubah_rencana_aksi(subjek, unit_kerja_id):
        raise AksesDitolak("Anda hanya dapat mengubah Rencana Aksi Perjanjian Kinerja unit kerja Anda sendiri.")
