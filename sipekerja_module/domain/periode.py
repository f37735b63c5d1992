"""Months, quarters (triwulan), reporting periods and input windows (jendela input)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import tzinfo
from enum import Enum
from functools import cached_property
from types import MappingProxyType

from .errors import BulanTidakValid
from .errors import NilaiTidakValid
from .errors import PeriodeTertutup
from .errors import TriwulanTidakValid

NAMA_BULAN: tuple[str, ...] = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
NAMA_TRIWULAN: tuple[str, ...] = ("I", "II", "III", "IV")

#: Policy default for the input deadline of each triwulan: the month whose last day closes it
#: (guide: end of April, July, October, December). Deadlines "may change with policy", so this is
#: only the default from which each year's windows are created and then stored per year as data.
#: Values above 12 mean a month of the following year (13 = January next year).
BATAS_INPUT_DEFAULT: Mapping[int, int] = MappingProxyType({1: 4, 2: 7, 3: 10, 4: 12})


def validate_bulan(bulan: int) -> int:
    """Check a month number.

    :param bulan: month, 1..12.
    :return: ``bulan`` unchanged.
    :raise BulanTidakValid: if it is not an int in 1..12 (``bool`` is refused).
    """
    if type(bulan) is int and 1 <= bulan <= 12:
        return bulan  # fast path for the common case (``bool`` is not ``int`` by type)
    if isinstance(bulan, bool) or not isinstance(bulan, int):
        raise BulanTidakValid(f"Bulan harus bilangan bulat 1 sampai 12, bukan {bulan!r}.")
    if not 1 <= bulan <= 12:
        raise BulanTidakValid(f"Bulan harus 1 sampai 12, bukan {bulan}.")
    return bulan


def validate_triwulan(triwulan: int) -> int:
    """Check a quarter number.

    :param triwulan: quarter, 1..4.
    :return: ``triwulan`` unchanged.
    :raise TriwulanTidakValid: if it is not an int in 1..4 (``bool`` is refused).
    """
    if isinstance(triwulan, bool) or not isinstance(triwulan, int):
        raise TriwulanTidakValid(f"Triwulan harus bilangan bulat 1 sampai 4, bukan {triwulan!r}.")
    if not 1 <= triwulan <= 4:
        raise TriwulanTidakValid(f"Triwulan harus 1 sampai 4, bukan {triwulan}.")
    return triwulan


def triwulan_dari_bulan(bulan: int) -> int:
    """Return the quarter a month belongs to (Jan–Mar = I, …, Oct–Dec = IV).

    :param bulan: month, 1..12.
    :return: quarter, 1..4.
    :raise BulanTidakValid: if ``bulan`` is not in 1..12.
    """
    return (validate_bulan(bulan) - 1) // 3 + 1


def bulan_dalam_triwulan(triwulan: int) -> tuple[int, ...]:
    """Return the three months of a quarter.

    :param triwulan: quarter, 1..4.
    :return: e.g. ``(4, 5, 6)`` for triwulan 2.
    :raise TriwulanTidakValid: if ``triwulan`` is not in 1..4.
    """
    akhir = validate_triwulan(triwulan) * 3
    return (akhir - 2, akhir - 1, akhir)


def format_tanggal(tanggal: date) -> str:
    """Format a date the Indonesian way: ``"30 April 2024"``.

    :param tanggal: a date (or datetime; its time is ignored).
    :return: day, Indonesian month name, year.
    """
    return f"{tanggal.day} {NAMA_BULAN[tanggal.month - 1]} {tanggal.year}"


def format_tanggal_waktu(waktu: datetime) -> str:
    """Format a moment the Indonesian way: ``"30 April 2024 23.59"`` (dot between hour and minute).

    :param waktu: the moment, shown in its own time zone (no conversion).
    :return: date, then ``HH.MM``.
    """
    return f"{format_tanggal(waktu)} {waktu.hour:02d}.{waktu.minute:02d}"


class JenisPeriode(Enum):
    """Kind of reporting period."""

    BULAN = "bulan"
    TRIWULAN = "triwulan"
    TAHUN = "tahun"


@dataclass(frozen=True)
class Periode:
    """A reporting period within a year: one month, one quarter or the whole year.

    Use the constructors :meth:`bulanan`, :meth:`triwulanan`, :meth:`tahunan`. ``nomor`` is the month
    (1..12), the quarter (1..4), or 1 for the year.
    """

    jenis: JenisPeriode
    nomor: int = 1

    def __post_init__(self) -> None:
        try:
            jenis = JenisPeriode(self.jenis)
        except ValueError:
            raise NilaiTidakValid(f"Jenis periode tidak dikenal: {self.jenis!r}.") from None
        object.__setattr__(self, "jenis", jenis)
        if jenis is JenisPeriode.BULAN:
            validate_bulan(self.nomor)
        elif jenis is JenisPeriode.TRIWULAN:
            validate_triwulan(self.nomor)
        elif self.nomor != 1:
            raise NilaiTidakValid("Periode tahunan harus bernomor 1.")

    @classmethod
    def bulanan(cls, bulan: int) -> Periode:
        """Return the period of one month.

        :param bulan: month, 1..12.
        :return: the period.
        :raise BulanTidakValid: if ``bulan`` is not in 1..12.
        """
        return cls(JenisPeriode.BULAN, bulan)

    @classmethod
    def triwulanan(cls, triwulan: int) -> Periode:
        """Return the period of one quarter.

        :param triwulan: quarter, 1..4.
        :return: the period.
        :raise TriwulanTidakValid: if ``triwulan`` is not in 1..4.
        """
        return cls(JenisPeriode.TRIWULAN, triwulan)

    @classmethod
    def tahunan(cls) -> Periode:
        """Return the period of the whole year.

        :return: the period.
        """
        return cls(JenisPeriode.TAHUN, 1)

    @cached_property
    def bulan(self) -> tuple[int, ...]:
        """Months covered by the period, ascending (computed once per period)."""
        if self.jenis is JenisPeriode.BULAN:
            return (self.nomor,)
        if self.jenis is JenisPeriode.TRIWULAN:
            return bulan_dalam_triwulan(self.nomor)
        return tuple(range(1, 13))

    @property
    def bulan_awal(self) -> int:
        """First month of the period."""
        return self.bulan[0]

    @property
    def bulan_akhir(self) -> int:
        """Month in which the period ends: capaian "to date" is computed as of this month."""
        return self.bulan[-1]

    @property
    def label(self) -> str:
        """Indonesian label: ``"Januari"``, ``"Triwulan II"``, ``"Tahun"``."""
        if self.jenis is JenisPeriode.BULAN:
            return NAMA_BULAN[self.nomor - 1]
        if self.jenis is JenisPeriode.TRIWULAN:
            return f"Triwulan {NAMA_TRIWULAN[self.nomor - 1]}"
        return "Tahun"

    @property
    def kode(self) -> str:
        """Short code for URLs and forms: ``"b1"``..``"b12"``, ``"tw1"``..``"tw4"``, ``"tahun"``."""
        if self.jenis is JenisPeriode.BULAN:
            return f"b{self.nomor}"
        if self.jenis is JenisPeriode.TRIWULAN:
            return f"tw{self.nomor}"
        return "tahun"


def parse_periode(kode: str) -> Periode:
    """Parse a :attr:`Periode.kode` (``"b3"``, ``"tw2"``, ``"tahun"``).

    :param kode: the code, case-insensitive.
    :return: the period.
    :raise NilaiTidakValid: for an unknown code.
    :raise BulanTidakValid: for a month outside 1..12.
    :raise TriwulanTidakValid: for a quarter outside 1..4.
    """
    bersih = kode.strip().lower() if isinstance(kode, str) else ""
    if bersih == "tahun":
        return Periode.tahunan()
    for awalan, pembuat in (("tw", Periode.triwulanan), ("b", Periode.bulanan)):
        angka = bersih[len(awalan):]
        if bersih.startswith(awalan) and angka.isascii() and angka.isdigit():
            return pembuat(int(angka))
    raise NilaiTidakValid(f"Kode periode tidak dikenal: {kode!r}.")


class StatusJendela(Enum):
    """State of an input window."""

    TERBUKA = "terbuka"
    DITUTUP = "ditutup"
    DIBUKA_KEMBALI = "dibuka_kembali"


@dataclass(frozen=True)
class JendelaInput:
    """The period during which units may write targets/realisasi for one quarter of one year.

    ``ditutup`` is the deadline. A window in state TERBUKA is open from ``dibuka`` to ``ditutup``;
    DITUTUP is closed regardless of dates (closed early by Pengguna Utama); DIBUKA_KEMBALI is open
    until ``dibuka_kembali_sampai`` (or ``ditutup`` when that is None). All three moments must be
    either all time-zone aware or all naive, and ``now`` passed to the functions must match.
    """

    tahun: int
    triwulan: int
    dibuka: datetime
    ditutup: datetime
    status: StatusJendela
    dibuka_kembali_sampai: datetime | None = None

    def __post_init__(self) -> None:
        validate_triwulan(self.triwulan)
        try:
            object.__setattr__(self, "status", StatusJendela(self.status))
        except ValueError:
            raise NilaiTidakValid(f"Status jendela input tidak dikenal: {self.status!r}.") from None
        waktu = [self.dibuka, self.ditutup]
        if self.dibuka_kembali_sampai is not None:
            waktu.append(self.dibuka_kembali_sampai)
        if len({w.tzinfo is None for w in waktu}) > 1:
            raise NilaiTidakValid("Waktu jendela input harus semuanya memakai zona waktu atau semuanya tidak.")
        if self.ditutup <= self.dibuka:
            raise NilaiTidakValid("Waktu penutupan jendela input harus setelah waktu pembukaan.")
        if self.dibuka_kembali_sampai is not None and self.dibuka_kembali_sampai <= self.dibuka:
            raise NilaiTidakValid("Batas pembukaan kembali harus setelah waktu pembukaan.")

    @property
    def bulan(self) -> tuple[int, ...]:
        """Months whose data this window governs."""
        return bulan_dalam_triwulan(self.triwulan)

    @property
    def label(self) -> str:
        """Indonesian label, e.g. ``"Triwulan I 2024"``."""
        return f"Triwulan {NAMA_TRIWULAN[self.triwulan - 1]} {self.tahun}"

    @property
    def batas_efektif(self) -> datetime:
        """The moment the window (re)closes: ``dibuka_kembali_sampai`` when reopened with one, else ``ditutup``."""
        if self.status is StatusJendela.DIBUKA_KEMBALI and self.dibuka_kembali_sampai is not None:
            return self.dibuka_kembali_sampai
        return self.ditutup


def default_jendela(
    tahun: int, zona: tzinfo, batas_bulan: Mapping[int, int] = BATAS_INPUT_DEFAULT
) -> list[JendelaInput]:
    """Create the four default input windows of a year, all TERBUKA.

    Each opens on the first day of its quarter's first month at 00:00 and closes at the very end
    (23:59:59.999999) of the last day of its deadline month.

    :param tahun: the year.
    :param zona: time zone of the agency (Kabupaten Paser uses WITA, UTC+8).
    :param batas_bulan: triwulan -> deadline month; defaults to :data:`BATAS_INPUT_DEFAULT`.
        13..24 mean months of the following year.
    :return: windows for triwulan 1..4, in order.
    :raise NilaiTidakValid: if a deadline month is missing, outside 1..24, or before the quarter starts.
    """
    hasil = []
    for triwulan in range(1, 5):
        bulan_awal = bulan_dalam_triwulan(triwulan)[0]
        bulan_batas = batas_bulan.get(triwulan)
        if isinstance(bulan_batas, bool) or not isinstance(bulan_batas, int) or not bulan_awal <= bulan_batas <= 24:
            raise NilaiTidakValid(
                f"Bulan batas input Triwulan {NAMA_TRIWULAN[triwulan - 1]} tidak valid: {bulan_batas!r}."
            )
        tahun_batas = tahun + (bulan_batas - 1) // 12
        bulan_batas = (bulan_batas - 1) % 12 + 1
        hari_akhir = calendar.monthrange(tahun_batas, bulan_batas)[1]
        hasil.append(
            JendelaInput(
                tahun=tahun,
                triwulan=triwulan,
                dibuka=datetime(tahun, bulan_awal, 1, tzinfo=zona),
                # Microseconds included so that 23:59:59.5 on the last day still counts as in time.
                ditutup=datetime(tahun_batas, bulan_batas, hari_akhir, 23, 59, 59, 999999, tzinfo=zona),
                status=StatusJendela.TERBUKA,
            )
        )
    return hasil


def _periksa_zona(jendela: JendelaInput, now: datetime) -> None:
    if (now.tzinfo is None) != (jendela.dibuka.tzinfo is None):
        raise NilaiTidakValid("Waktu sekarang dan jendela input harus sama-sama memakai zona waktu atau tidak.")


def is_jendela_terbuka(jendela: JendelaInput, now: datetime) -> bool:
    """Tell whether units may write in this window at ``now``.

    :param jendela: the window.
    :param now: the current moment (passed in; the domain never reads the clock).
    :return: TERBUKA: ``dibuka <= now <= ditutup``; DITUTUP: never; DIBUKA_KEMBALI:
        ``dibuka <= now <= dibuka_kembali_sampai`` (or ``ditutup`` when that is None).
    :raise NilaiTidakValid: if ``now`` and the window disagree on time-zone awareness.
    """
    _periksa_zona(jendela, now)
    if jendela.status is StatusJendela.DITUTUP:
        return False
    return jendela.dibuka <= now <= jendela.batas_efektif


def assert_jendela_terbuka(jendela: JendelaInput, now: datetime) -> None:
    """Raise unless the window is open at ``now``.

    :param jendela: the window.
    :param now: the current moment.
    :raise PeriodeTertutup: with an Indonesian message saying when it opens or closed.
    :raise NilaiTidakValid: if ``now`` and the window disagree on time-zone awareness.
    """
    if is_jendela_terbuka(jendela, now):
        return
    if now < jendela.dibuka:
        raise PeriodeTertutup(
            f"Jendela input {jendela.label} belum dibuka; dibuka pada {format_tanggal_waktu(jendela.dibuka)}."
        )
    saran = "Hubungi Pengguna Utama untuk membuka kembali."
    if jendela.status is StatusJendela.DITUTUP and now <= jendela.ditutup:
        raise PeriodeTertutup(f"Jendela input {jendela.label} sudah ditutup oleh Pengguna Utama. {saran}")
    raise PeriodeTertutup(
        f"Jendela input {jendela.label} sudah ditutup pada "
        f"{format_tanggal_waktu(jendela.batas_efektif)}. {saran}"
    )


def sisa_waktu(jendela: JendelaInput, now: datetime) -> timedelta | None:
    """Time left before the window closes, for a countdown.

    :param jendela: the window.
    :param now: the current moment.
    :return: ``batas_efektif - now`` while open, None when not open (closed or not yet opened).
    :raise NilaiTidakValid: if ``now`` and the window disagree on time-zone awareness.
    """
    if not is_jendela_terbuka(jendela, now):
        return None
    return jendela.batas_efektif - now


def periksa_batas_buka_kembali(sampai: datetime, now: datetime) -> None:
    """The rule of every reopening, for everyone or for one unit: it must end in the future.

    :param sampai: the moment the reopened window closes again.
    :param now: the current moment.
    :raise NilaiTidakValid: if ``sampai`` is not after ``now``.
    """
    if sampai <= now:
        raise NilaiTidakValid("Batas pembukaan kembali harus di masa depan (setelah waktu sekarang).")


def buka_kembali(jendela: JendelaInput, *, sampai: datetime, now: datetime) -> JendelaInput:
    """Return a copy of the window reopened until ``sampai`` (the caller records reason and audit).

    :param jendela: the window (not modified).
    :param sampai: new closing moment; must be after ``now``.
    :param now: the current moment.
    :return: a new window in state DIBUKA_KEMBALI.
    :raise NilaiTidakValid: if ``sampai`` is not after ``now``.
    """
    _periksa_zona(jendela, now)
    _periksa_zona(jendela, sampai)
    periksa_batas_buka_kembali(sampai, now)
    return replace(jendela, status=StatusJendela.DIBUKA_KEMBALI, dibuka_kembali_sampai=sampai)
