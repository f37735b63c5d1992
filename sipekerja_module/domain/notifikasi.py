"""Notifications: their kinds, their Indonesian texts (in-app and e-mail subject), deadline
reminders 7 / 3 / 1 days before a unit's own deadline, and the e-mail delivery rules (a
temporary failure is retried a bounded number of times; a permanent refusal, SMTP 5xx, is not)."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from enum import Enum

from .alur import TenggatTahun
from .alur import format_pukul
from .periode import NAMA_TRIWULAN

#: Reminders before a deadline, in days, largest first.
HARI_PENGINGAT: tuple[int, ...] = (7, 3, 1)
#: Prefix of every e-mail subject.
AWALAN_SUBJEK = "[SI PEKERJA]"
#: Longest text kept for a notification (the note of a return is cut, the page shows it whole).
BATAS_TEKS = 1000


class JenisNotifikasi(Enum):
    """What a notification is about."""

    DIAJUKAN = "diajukan"
    DIKEMBALIKAN = "dikembalikan"
    DIVERIFIKASI = "diverifikasi"
    TENGGAT = "tenggat"
    PERMINTAAN_BUKA = "permintaan_buka"
    JAWABAN_PERMINTAAN = "jawaban_permintaan"


LABEL_JENIS = {
    JenisNotifikasi.DIAJUKAN: "Menunggu pengecekan",
    JenisNotifikasi.DIKEMBALIKAN: "Dikembalikan",
    JenisNotifikasi.DIVERIFIKASI: "Diverifikasi",
    JenisNotifikasi.TENGGAT: "Batas input",
    JenisNotifikasi.PERMINTAAN_BUKA: "Permintaan buka kembali",
    JenisNotifikasi.JAWABAN_PERMINTAAN: "Jawaban permintaan",
}


class StatusSurel(Enum):
    """Delivery state of a notification's e-mail."""

    MENUNGGU = "menunggu"
    TERKIRIM = "terkirim"
    GAGAL = "gagal"
    DITOLAK = "ditolak"
    DILEWATI = "dilewati"


@dataclass(frozen=True)
class Pesan:
    """A notification's text: a short subject (e-mail) and the sentence shown under the bell."""

    jenis: JenisNotifikasi
    subjek: str
    teks: str


def _tw(triwulan: int, tahun: int) -> str:
    return f"Triwulan {NAMA_TRIWULAN[triwulan - 1]} {tahun}"


def _potong(teks: str) -> str:
    return teks if len(teks) <= BATAS_TEKS else teks[: BATAS_TEKS - 1] + "…"


def pesan_diajukan(*, unit: str, triwulan: int, tahun: int) -> Pesan:
    """To the Utama: a unit submitted its triwulan."""
    return Pesan(JenisNotifikasi.DIAJUKAN, f"Pengajuan {unit} {_tw(triwulan, tahun)} menunggu pengecekan",
                 f"{unit} mengajukan realisasi {_tw(triwulan, tahun)}; menunggu pengecekan Anda.")


def pesan_dikembalikan(*, triwulan: int, tahun: int, catatan: str) -> Pesan:
    """To the unit's users: the Utama returned the triwulan with a note."""
    return Pesan(JenisNotifikasi.DIKEMBALIKAN, f"Realisasi {_tw(triwulan, tahun)} dikembalikan",
                 _potong(f"Realisasi {_tw(triwulan, tahun)} dikembalikan untuk diperbaiki. Catatan: {catatan}"))


def pesan_diverifikasi(*, triwulan: int, tahun: int) -> Pesan:
    """To the unit's users: the triwulan was verified."""
    return Pesan(JenisNotifikasi.DIVERIFIKASI, f"Realisasi {_tw(triwulan, tahun)} diverifikasi",
                 f"Realisasi {_tw(triwulan, tahun)} sudah diverifikasi Pengguna Utama.")


def pesan_tenggat(*, triwulan: int, tahun: int, hari: int, batas: datetime) -> Pesan:
    """To the users of a unit that has not submitted: the deadline is ``hari`` days away or less."""
    return Pesan(JenisNotifikasi.TENGGAT, f"Batas input {_tw(triwulan, tahun)} {hari} hari lagi",
                 f"Batas input {_tw(triwulan, tahun)} tinggal {hari} hari lagi: {format_pukul(batas)}. "
                 "Lengkapi dan ajukan realisasi unit Anda.")


def pesan_permintaan(*, unit: str, triwulan: int, tahun: int, alasan: str) -> Pesan:
    """To the Utama: a unit asks for its window to be reopened."""
    return Pesan(JenisNotifikasi.PERMINTAAN_BUKA, f"Permintaan buka kembali {_tw(triwulan, tahun)} dari {unit}",
                 _potong(f"{unit} meminta jendela input {_tw(triwulan, tahun)} dibuka kembali. Alasan: {alasan}"))


def pesan_jawaban(*, disetujui: bool, triwulan: int, tahun: int, sampai: datetime | None,
                  catatan: str | None) -> Pesan:
    """To the requester: the Utama approved (until ``sampai``) or refused (with ``catatan``)."""
    if disetujui and sampai is not None:
        teks = f"Permintaan buka kembali {_tw(triwulan, tahun)} disetujui: jendela input unit Anda terbuka " \
               f"sampai {format_pukul(sampai)}."
        return Pesan(JenisNotifikasi.JAWABAN_PERMINTAAN, f"Permintaan buka kembali {_tw(triwulan, tahun)} disetujui",
                     _potong(teks + (f" Catatan: {catatan}" if catatan else "")))
    return Pesan(JenisNotifikasi.JAWABAN_PERMINTAAN, f"Permintaan buka kembali {_tw(triwulan, tahun)} ditolak",
                 _potong(f"Permintaan buka kembali {_tw(triwulan, tahun)} ditolak. Catatan: {catatan or '-'}"))


def subjek_surel(pesan_subjek: str) -> str:
    """The e-mail subject: the module's prefix, then the notification's subject."""
    return f"{AWALAN_SUBJEK} {pesan_subjek}"


# --- deadline reminders --------------------------------------------------------------------------


def hari_pengingat(batas: datetime, now: datetime) -> int | None:
    """Which reminder is due at ``now`` for a deadline: the smallest of 7 / 3 / 1 days that the time
    left fits in (a command that ran late sends the nearest one, not three at once).

    :param batas: the unit's deadline (aware).
    :param now: the current moment (aware).
    :return: 7, 3 or 1; None when more than 7 days are left or the deadline has passed.
    """
    sisa = batas - now
    if sisa <= timedelta(0):
        return None
    cocok = [h for h in HARI_PENGINGAT if sisa <= timedelta(days=h)]
    return min(cocok) if cocok else None


@dataclass(frozen=True)
class Pengingat:
    """A reminder due now for one unit's triwulan."""

    unit_kerja_id: int
    triwulan: int
    hari: int
    batas: datetime


def daftar_pengingat(*, tenggat: TenggatTahun, unit_ids: Iterable[int], sudah_diajukan: Mapping[tuple[int, int], bool],
                     now: datetime) -> list[Pengingat]:
    """The reminders due at ``now``: for every unit and triwulan whose window is open for the unit
    and that the unit has not submitted (diajukan or terverifikasi), the reminder of
    :func:`hari_pengingat` against the unit's own deadline (a reopening for the unit included).

    :param tenggat: the year's windows and reopenings.
    :param unit_ids: the active units.
    :param sudah_diajukan: ``(unit id, triwulan)`` -> submitted or verified.
    :param now: the current moment (aware).
    :return: the reminders, by unit then triwulan.
    """
    hasil = []
    for unit_id in unit_ids:
        for triwulan in range(1, 5):
            if sudah_diajukan.get((unit_id, triwulan)) or not tenggat.terbuka(triwulan, unit_id, now):
                continue
            batas = tenggat.batas(triwulan, unit_id)
            hari = hari_pengingat(batas, now) if batas is not None else None
            if hari is not None:
                hasil.append(Pengingat(unit_id, triwulan, hari, batas.astimezone(now.tzinfo)))
    return hasil


# --- e-mail delivery --------------------------------------------------------------------------


def status_setelah_gagal(*, kode_smtp: int | None, percobaan: int, batas_percobaan: int) -> StatusSurel:
    """The delivery state after a failed attempt.

    :param kode_smtp: the server's reply code for the recipient (None: no reply, e.g. connection refused).
    :param percobaan: attempts made so far, this one included.
    :param batas_percobaan: attempts allowed in all.
    :return: DITOLAK for a permanent refusal (5xx: never retried), GAGAL once the attempts are
        used up, MENUNGGU otherwise (retried by the next run).
    """
    if kode_smtp is not None and 500 <= kode_smtp < 600:
        return StatusSurel.DITOLAK
    if percobaan >= batas_percobaan:
        return StatusSurel.GAGAL
    return StatusSurel.MENUNGGU


def tautan_aman(tautan: str | None) -> bool:
    """Whether a notification's link may be followed: a path inside the module, never another site."""
    return bool(tautan) and tautan.startswith("/sipekerja/") and not tautan.startswith("//") and "\\" not in tautan
