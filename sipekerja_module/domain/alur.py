"""The quarter as the units and the Pengguna Utama live it: deadlines as people read them, the
state of a window *now*, which month a unit fills, whether a triwulan is complete enough to be
submitted, and how the monitoring board tells overdue from not yet due.

Pure: the clock (``now``, aware) is always passed in. Local choices, not regulations:

- a deadline is "segera" (due soon) within :data:`BATAS_SEGERA` of its closing moment;
- a triwulan may be submitted only after its last month has ended, and only when every indicator
  of every month of it has a value or an explicit *tidak ada realisasi* with a reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from enum import Enum
from types import MappingProxyType
from typing import Protocol
from typing import TypeVar

from .errors import NilaiTidakValid
from .periode import NAMA_BULAN
from .periode import NAMA_TRIWULAN
from .periode import JendelaInput
from .periode import StatusJendela
from .periode import bulan_dalam_triwulan
from .periode import format_tanggal
from .periode import is_jendela_terbuka
from .periode import triwulan_dari_bulan
from .status import StatusPeriode

#: A deadline closer than this is shown as "segera" (a local choice).
BATAS_SEGERA = timedelta(days=7)
#: At most this many missing entries are named in a refusal; the rest are counted.
BATAS_DAFTAR_KEKURANGAN = 10


class TriwulanBelumLengkap(NilaiTidakValid):
    """A triwulan cannot be submitted yet: a month has not ended or an entry is missing."""


# --- deadlines as people read them -------------------------------------------------------------


def format_pukul(waktu: datetime) -> str:
    """Format a moment with its zone's abbreviation: ``"31 Juli 2024 pukul 23.59 WITA"``.

    :param waktu: an aware moment, shown in its own time zone (no conversion).
    :return: date, ``pukul HH.MM`` and the zone's name (``WITA``, ``WIB``, ``WIT``).
    """
    zona = waktu.tzname() or ""
    return f"{format_tanggal(waktu)} pukul {waktu.hour:02d}.{waktu.minute:02d} {zona}".rstrip()


def format_batas(waktu: datetime) -> str:
    """The closing moment of a window as every input page shows it: ``"s.d. 31 Juli 2024 pukul 23.59 WITA"``.

    :param waktu: the closing moment (aware, in the agency's zone).
    :return: the text.
    """
    return f"s.d. {format_pukul(waktu)}"


def format_sisa(sisa: timedelta) -> str:
    """A countdown in words: ``"3 hari 4 jam"``, ``"5 jam 12 menit"``, ``"kurang dari 1 menit"``.

    :param sisa: time left (not negative).
    :return: the text.
    """
    menit_total = int(sisa.total_seconds() // 60)
    hari, sisa_menit = divmod(menit_total, 24 * 60)
    jam, menit = divmod(sisa_menit, 60)
    if hari:
        return f"{hari} hari {jam} jam"
    if jam:
        return f"{jam} jam {menit} menit"
    return f"{menit} menit" if menit else "kurang dari 1 menit"


class KeadaanJendela(Enum):
    """What a window is *now* (unlike :class:`~.periode.StatusJendela`, which is what was stored)."""

    BELUM_DIBUKA = "belum_dibuka"
    TERBUKA = "terbuka"
    DIBUKA_KEMBALI = "dibuka_kembali"
    DITUTUP = "ditutup"


LABEL_KEADAAN: Mapping[KeadaanJendela, str] = MappingProxyType({
    KeadaanJendela.BELUM_DIBUKA: "belum dibuka",
    KeadaanJendela.TERBUKA: "terbuka",
    KeadaanJendela.DIBUKA_KEMBALI: "dibuka kembali",
    KeadaanJendela.DITUTUP: "ditutup",
})
WARNA_KEADAAN: Mapping[KeadaanJendela, str] = MappingProxyType({
    KeadaanJendela.BELUM_DIBUKA: "light",
    KeadaanJendela.TERBUKA: "success",
    KeadaanJendela.DIBUKA_KEMBALI: "warning",
    KeadaanJendela.DITUTUP: "secondary",
})


def keadaan_jendela(jendela: JendelaInput, now: datetime) -> KeadaanJendela:
    """The window's state at ``now``: a stored "terbuka" whose deadline has passed is *ditutup*.

    :param jendela: the window (aware moments).
    :param now: the current moment (aware).
    :return: the state.
    """
    now = now.astimezone(jendela.ditutup.tzinfo)
    if is_jendela_terbuka(jendela, now):
        return KeadaanJendela.DIBUKA_KEMBALI if jendela.status is StatusJendela.DIBUKA_KEMBALI \
            else KeadaanJendela.TERBUKA
    if now < jendela.dibuka and jendela.status is not StatusJendela.DITUTUP:
        return KeadaanJendela.BELUM_DIBUKA
    return KeadaanJendela.DITUTUP


def batas_untuk_unit(jendela: JendelaInput, dibuka_untuk_unit_sampai: Iterable[datetime] = ()) -> datetime:
    """The moment a unit's window of a triwulan closes: the window's own closing moment, or the
    later end of a reopening for that unit (a unit sees its own date).

    :param jendela: the window.
    :param dibuka_untuk_unit_sampai: ends of the reopenings for this unit.
    :return: the closing moment, in the window's zone.
    """
    batas = jendela.batas_efektif
    for sampai in dibuka_untuk_unit_sampai:
        sampai = sampai.astimezone(batas.tzinfo)
        batas = max(batas, sampai)
    return batas


class Fase(Enum):
    """Where a unit's triwulan stands against its deadline."""

    BELUM_DIBUKA = "belum_dibuka"
    BERJALAN = "berjalan"
    SEGERA = "segera"
    LEWAT = "lewat"


def fase_tenggat(*, dibuka: datetime, batas: datetime, now: datetime, segera: timedelta = BATAS_SEGERA) -> Fase:
    """Classify ``now`` against a window opening at ``dibuka`` and closing at ``batas``.

    :param dibuka: when the window opens.
    :param batas: when it closes (for this unit).
    :param now: the current moment.
    :param segera: how close a deadline counts as due soon.
    :return: the phase.
    """
    if now > batas:
        return Fase.LEWAT
    if now < dibuka:
        return Fase.BELUM_DIBUKA
    return Fase.SEGERA if batas - now <= segera else Fase.BERJALAN


def akhir_bulan(tahun: int, bulan: int, zona_dari: datetime) -> datetime:
    """The first moment after a month, in the zone of ``zona_dari`` (the month is over from then).

    :param tahun: the year.
    :param bulan: the month, 1..12.
    :param zona_dari: any aware moment whose zone is used.
    :return: 00:00 of the first day of the next month.
    """
    tahun_b, bulan_b = (tahun + 1, 1) if bulan == 12 else (tahun, bulan + 1)
    return datetime(tahun_b, bulan_b, 1, tzinfo=zona_dari.tzinfo)


def bulan_berakhir(tahun: int, bulan: int, now: datetime) -> bool:
    """Tell whether a month is over at ``now`` (in ``now``'s zone: pass the agency's local time).

    :param tahun: the year.
    :param bulan: the month.
    :param now: the current moment, in the agency's zone.
    :return: True from 00:00 of the next month on.
    """
    return now >= akhir_bulan(tahun, bulan, now)


def bulan_isian(*, tahun: int, now: datetime, triwulan_terbuka: Iterable[int]) -> int | None:
    """The month a unit lands on to enter realisasi: the latest month that has ended and whose
    triwulan is open for it; when no open month has ended yet, the current month if its triwulan
    is open; otherwise None (no open window: the caller keeps its default).

    :param tahun: the year shown.
    :param now: the current moment in the agency's zone.
    :param triwulan_terbuka: triwulans whose window is open for the unit now.
    :return: a month 1..12, or None.
    """
    terbuka = set(triwulan_terbuka)
    bulan_terbuka = [b for b in range(1, 13) if triwulan_dari_bulan(b) in terbuka]
    selesai = [b for b in bulan_terbuka if bulan_berakhir(tahun, b, now)]
    if selesai:
        return selesai[-1]
    if now.year == tahun and now.month in bulan_terbuka:
        return now.month
    return bulan_terbuka[0] if bulan_terbuka else None


def triwulan_sorotan(berjalan: int, terukur: Mapping[int, int]) -> int:
    """The triwulan a summary highlights: the running one, or the latest before it that has
    measured indicators (a past year's empty Triwulan IV is no headline).

    :param berjalan: :func:`triwulan_berjalan`.
    :param terukur: triwulan -> number of measured indicators.
    :return: 1..4.
    """
    berdata = [t for t in range(1, berjalan + 1) if terukur.get(t)]
    return berdata[-1] if berdata else berjalan


BUKTI_KOSONG = "Belum ada bukti dukung"


def ringkas_peringatan(peringatan: Iterable[tuple[str, str, str]]) -> list[str]:
    """The warnings of a triwulan as the confirmation before Ajukan lists them: missing evidence
    counted per month (it repeats on every row), every other warning in full.

    :param peringatan: ``(month name, indicator, warning)`` in month order.
    :return: Indonesian lines.
    """
    tanpa_bukti: dict[str, int] = {}
    lain = []
    for bulan, uraian, teks in peringatan:
        if teks.startswith(BUKTI_KOSONG):
            tanpa_bukti[bulan] = tanpa_bukti.get(bulan, 0) + 1
        else:
            lain.append(f"{bulan} — {uraian}: {teks}")
    return [f"{bulan}: {n} nilai belum memiliki bukti dukung." for bulan, n in tanpa_bukti.items()] + lain


def triwulan_berjalan(tahun: int, now: datetime) -> int:
    """The triwulan "now" for a year: today's in the current year, IV for a past year, I for a future one.

    :param tahun: the year shown.
    :param now: the current moment, in the agency's zone.
    :return: 1..4.
    """
    if now.year > tahun:
        return 4
    if now.year < tahun:
        return 1
    return triwulan_dari_bulan(now.month)


# --- submission is complete --------------------------------------------------------------------


@dataclass(frozen=True)
class IsianKosong:
    """An indicator's month with neither a value nor an explicit *tidak ada realisasi*."""

    bulan: int
    uraian: str


@dataclass(frozen=True)
class Kekurangan:
    """What keeps a triwulan from being submitted: months not over yet, entries missing."""

    triwulan: int
    bulan_belum_berakhir: tuple[int, ...] = ()
    kosong: tuple[IsianKosong, ...] = ()

    @property
    def lengkap(self) -> bool:
        """Nothing is missing."""
        return not self.bulan_belum_berakhir and not self.kosong

    def pesan(self) -> list[str]:
        """One Indonesian line per problem (entries beyond :data:`BATAS_DAFTAR_KEKURANGAN` are counted)."""
        baris = [f"{NAMA_BULAN[b - 1]} belum berakhir." for b in self.bulan_belum_berakhir]
        for isian in self.kosong[:BATAS_DAFTAR_KEKURANGAN]:
            baris.append(f"{NAMA_BULAN[isian.bulan - 1]}: {isian.uraian} belum diisi.")
        lebih = len(self.kosong) - BATAS_DAFTAR_KEKURANGAN
        if lebih > 0:
            baris.append(f"… dan {lebih} isian lain belum diisi.")
        return baris


def kekurangan_triwulan(
    *,
    tahun: int,
    triwulan: int,
    now: datetime,
    indikator: Sequence[tuple[int, str]],
    terisi: Iterable[tuple[int, int]],
) -> Kekurangan:
    """What is missing before a unit may submit a triwulan.

    A month counts as filled for an indicator when it has a value (0 included) or an explicit
    *tidak ada realisasi* with a reason; an empty month is *belum lapor*, never complete.

    :param tahun: the year.
    :param triwulan: 1..4.
    :param now: the current moment in the agency's zone.
    :param indikator: the unit's indicators of the year as ``(id, uraian)``, in plan order.
    :param terisi: ``(indikator id, bulan)`` pairs that have a value or a declared absence.
    :return: the months not over yet and the empty entries (month order, then plan order).
    """
    bulan = bulan_dalam_triwulan(triwulan)
    sudah = set(terisi)
    return Kekurangan(
        triwulan=triwulan,
        bulan_belum_berakhir=tuple(b for b in bulan if not bulan_berakhir(tahun, b, now)),
        kosong=tuple(IsianKosong(b, uraian) for b in bulan for ind_id, uraian in indikator
                     if (ind_id, b) not in sudah),
    )


def assert_triwulan_lengkap(kekurangan: Kekurangan) -> None:
    """Raise unless the triwulan may be submitted.

    :param kekurangan: from :func:`kekurangan_triwulan`.
    :raise TriwulanBelumLengkap: listing what is missing.
    """
    if kekurangan.lengkap:
        return
    raise TriwulanBelumLengkap(
        f"Triwulan {NAMA_TRIWULAN[kekurangan.triwulan - 1]} belum dapat diajukan: "
        + " ".join(kekurangan.pesan())
        + " Isi nilainya, atau centang \"tidak ada realisasi\" dengan alasannya."
    )


def periksa_tanpa_realisasi(*, tanpa_realisasi: bool, nilai: object, alasan: str | None) -> str | None:
    """The rule of an explicit *tidak ada realisasi*: no value, and a reason.

    :param tanpa_realisasi: the box is ticked.
    :param nilai: the value typed (None when empty).
    :param alasan: the reason typed.
    :return: the cleaned reason (None when the box is not ticked).
    :raise NilaiTidakValid: a ticked box with a value or without a reason; a reason without the box.
    """
    alasan = (alasan or "").strip()
    if not tanpa_realisasi:
        if alasan:
            raise NilaiTidakValid("Alasan diisi tetapi \"tidak ada realisasi\" tidak dicentang: centang atau "
                                  "kosongkan alasannya.")
        return None
    if nilai is not None:
        raise NilaiTidakValid("Isi nilai realisasi atau centang \"tidak ada realisasi\", tidak keduanya.")
    if not alasan:
        raise NilaiTidakValid("Tuliskan alasan mengapa tidak ada realisasi bulan ini.")
    return alasan


class _Transisi(Protocol):
    ke: str
    catatan: str | None


_T = TypeVar("_T", bound=_Transisi)


def catatan_berlaku(status: StatusPeriode, riwayat: Sequence[_T]) -> _T | None:
    """The note that speaks for the triwulan's current state: the one written with the transition
    that brought it there. An old "Dikembalikan" note after a resubmission or a verification is
    history, not a banner.

    :param status: the current state.
    :param riwayat: the transitions, oldest first (``ke`` = the state reached, ``catatan``).
    :return: the last transition when it reached the current state with a note, else None.
    """
    if not riwayat:
        return None
    terakhir = riwayat[-1]
    if terakhir.ke != StatusPeriode(status).value or not (terakhir.catatan or "").strip():
        return None
    return terakhir


# --- the monitoring board ----------------------------------------------------------------------


@dataclass(frozen=True)
class KelasSel:
    """How one unit's month is shown: a code for tests and styling, a label and a colour, and a
    short label that fits twelve months side by side at 1366 px (the full one is its tooltip)."""

    kode: str
    label: str
    warna: str
    singkat: str = ""


_LABEL_STATUS = {StatusPeriode.DIAJUKAN: ("diajukan", "Diajukan", "info", "diajukan"),
                 StatusPeriode.TERVERIFIKASI: ("terverifikasi", "Terverifikasi", "success", "✓ verif."),
                 StatusPeriode.DIKEMBALIKAN: ("dikembalikan", "Dikembalikan", "warning", "kembali")}


def kelas_sel(*, status: StatusPeriode, terlapor: int, fase: Fase, berakhir: bool) -> KelasSel:
    """Classify a unit's month on the monitoring board.

    Submitted, verified and returned triwulans show their state. Otherwise: after the unit's
    deadline the month is *terlambat* (overdue), whatever was entered; before it, a month with
    values is *draf*, an ended month without values *belum lapor* (or *segera* when the deadline
    is near), and a month not over yet *belum waktunya*.

    :param status: the unit's triwulan state.
    :param terlapor: indicators with a value (or a declared absence) that month.
    :param fase: the unit's triwulan against its deadline.
    :param berakhir: whether the month is over.
    :return: the cell's class.
    """
    status = StatusPeriode(status)
    if status in _LABEL_STATUS:
        return KelasSel(*_LABEL_STATUS[status])
    if fase is Fase.LEWAT:
        return KelasSel("terlambat", "terlambat", "danger", "terlambat")
    if terlapor:
        return KelasSel("draf", "draf", "secondary", "draf")
    if not berakhir or fase is Fase.BELUM_DIBUKA:
        return KelasSel("belum_waktunya", "belum waktunya", "light", "–")
    if fase is Fase.SEGERA:
        return KelasSel("segera", "segera", "warning", "segera")
    return KelasSel("belum_lapor", "belum lapor", "light", "belum")



# --- a year's deadlines, per unit ----------------------------------------------------------------


@dataclass(frozen=True)
class TenggatTahun:
    """The input windows of a year and the reopenings for single units: everything needed to say,
    for any unit and triwulan, whether it may write now and when its window closes. Depends on
    stored data only (cacheable per data version); every question takes ``now``."""

    jendela: tuple[JendelaInput, ...]
    #: ``(triwulan, unit id)`` -> ends of the reopenings for that unit.
    pembukaan_unit: Mapping[tuple[int, int], tuple[datetime, ...]]

    def jendela_triwulan(self, triwulan: int) -> JendelaInput | None:
        """The window of a triwulan, or None when the year has none."""
        return next((j for j in self.jendela if j.triwulan == triwulan), None)

    def batas(self, triwulan: int, unit_id: int | None) -> datetime | None:
        """When the unit's window of the triwulan closes (its own reopening included)."""
        jendela = self.jendela_triwulan(triwulan)
        if jendela is None:
            return None
        return batas_untuk_unit(jendela, self.pembukaan_unit.get((triwulan, unit_id), ()) if unit_id else ())

    def terbuka(self, triwulan: int, unit_id: int | None, now: datetime) -> bool:
        """Whether the unit may write the triwulan's data at ``now``."""
        jendela = self.jendela_triwulan(triwulan)
        if jendela is None:
            return False
        if is_jendela_terbuka(jendela, now.astimezone(jendela.ditutup.tzinfo)):
            return True
        return unit_id is not None and any(s > now for s in self.pembukaan_unit.get((triwulan, unit_id), ()))

    def fase(self, triwulan: int, unit_id: int | None, now: datetime) -> Fase:
        """The unit's triwulan against its deadline (no window: not open yet)."""
        jendela = self.jendela_triwulan(triwulan)
        batas = self.batas(triwulan, unit_id)
        if jendela is None or batas is None:
            return Fase.BELUM_DIBUKA
        return fase_tenggat(dibuka=jendela.dibuka, batas=batas, now=now.astimezone(batas.tzinfo))

    def berikut(self, now: datetime, unit_id: int | None = None) -> tuple[int, datetime] | None:
        """The next deadline after ``now`` among windows open now (for the unit, when given):
        ``(triwulan, closing moment)``, or None when nothing is open."""
        terbuka = [(self.batas(j.triwulan, unit_id), j.triwulan) for j in self.jendela
                   if self.terbuka(j.triwulan, unit_id, now)]
        terbuka = [(b, t) for b, t in terbuka if b is not None and b > now]
        if not terbuka:
            return None
        batas, triwulan = min(terbuka)
        return triwulan, batas

    def babak(self, tahun: int, now: datetime) -> int:
        """How many of the year's moments that change a classification lie at or before ``now``
        (window openings, "segera" thresholds, closings, reopenings, month ends). Two moments with
        the same number classify every unit and month alike: a cache key for pages that show the
        phases (the monitoring board)."""
        titik = [akhir_bulan(tahun, b, now) for b in range(1, 13)]
        for j in self.jendela:
            titik += [j.dibuka, j.batas_efektif - BATAS_SEGERA, j.batas_efektif]
        for daftar in self.pembukaan_unit.values():
            for sampai in daftar:
                titik += [sampai - BATAS_SEGERA, sampai]
        return sum(1 for t in titik if t <= now)
