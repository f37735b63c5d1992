"""Rules of a reopen request: a unit whose input window of a triwulan has closed asks the
Pengguna Utama to reopen it for the unit, with a reason and the months concerned; the Utama
approves with an end moment in the future, or refuses with a note (issue 17)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum

from .akses import Peran
from .akses import Subjek
from .errors import AksesDitolak
from .errors import KonflikData
from .errors import NilaiTidakValid
from .periode import NAMA_BULAN
from .periode import NAMA_TRIWULAN
from .periode import bulan_dalam_triwulan
from .periode import periksa_batas_buka_kembali
from .periode import validate_triwulan

#: Longest reason or note, as the reopening of a window stores it.
BATAS_TEKS = 1000


class StatusPermintaan(Enum):
    """State of a reopen request: it waits, then is answered once."""

    MENUNGGU = "menunggu"
    DISETUJUI = "disetujui"
    DITOLAK = "ditolak"


LABEL_STATUS = {StatusPermintaan.MENUNGGU: "menunggu jawaban", StatusPermintaan.DISETUJUI: "disetujui",
                StatusPermintaan.DITOLAK: "ditolak"}
WARNA_STATUS = {StatusPermintaan.MENUNGGU: "warning", StatusPermintaan.DISETUJUI: "success",
                StatusPermintaan.DITOLAK: "secondary"}


def _teks(teks: str | None, nama: str, *, wajib: bool) -> str | None:
    bersih = (teks or "").strip()
    if not bersih:
        if wajib:
            raise NilaiTidakValid(f"{nama} wajib diisi.")
        return None
    if len(bersih) > BATAS_TEKS:
        raise NilaiTidakValid(f"{nama} paling banyak {BATAS_TEKS} karakter.")
    return bersih


def boleh_meminta(subjek: Subjek, unit_kerja_id: int) -> bool:
    """Only a Sekretariat/Bidang account asks, and only for its own unit."""
    return Peran.BIDANG in subjek.peran and subjek.unit_id is not None and subjek.unit_id == unit_kerja_id


def assert_boleh_meminta(subjek: Subjek, unit_kerja_id: int) -> None:
    """Raise unless the subject may ask to reopen this unit's window.

    :raise AksesDitolak: for anyone but the unit's own Sekretariat/Bidang account.
    """
    if not boleh_meminta(subjek, unit_kerja_id):
        raise AksesDitolak("Hanya akun Sekretariat/Bidang unit ini yang dapat meminta jendela input dibuka kembali.")


def kunci_menunggu(unit_kerja_id: int, tahun_id: int, triwulan: int) -> str:
    """The value that keeps one waiting request per unit, year and triwulan (a unique column)."""
    return f"{unit_kerja_id}:{tahun_id}:{triwulan}"


def label_bulan(bulan: Iterable[int]) -> str:
    """``"April, Mei"`` for the months of a request."""
    return ", ".join(NAMA_BULAN[b - 1] for b in bulan)


def periksa_permintaan(*, triwulan: int, bulan: Iterable[int], alasan: str | None, jendela_terbuka: bool,
                       ada_yang_menunggu: bool) -> tuple[tuple[int, ...], str]:
    """Check a new request before anything is stored.

    :param triwulan: the triwulan whose window the unit wants reopened (1..4).
    :param bulan: the months concerned; each must belong to the triwulan; at least one.
    :param alasan: why (required, at most :data:`BATAS_TEKS` characters).
    :param jendela_terbuka: whether the unit may write the triwulan now (then there is nothing to ask).
    :param ada_yang_menunggu: whether the unit already has a waiting request for this triwulan.
    :return: the months (sorted, without repeats) and the cleaned reason.
    :raise NilaiTidakValid: with an Indonesian message for each broken rule.
    """
    validate_triwulan(triwulan)
    sah = bulan_dalam_triwulan(triwulan)
    pilihan = sorted(set(bulan))
    if not pilihan:
        raise NilaiTidakValid("Pilih paling sedikit satu bulan yang perlu dibuka kembali.")
    if any(b not in sah for b in pilihan):
        raise NilaiTidakValid(f"Bulan yang dipilih harus termasuk Triwulan {NAMA_TRIWULAN[triwulan - 1]} "
                              f"({label_bulan(sah)}).")
    teks = _teks(alasan, "Alasan permintaan", wajib=True)
    if jendela_terbuka:
        raise NilaiTidakValid(f"Jendela input Triwulan {NAMA_TRIWULAN[triwulan - 1]} masih terbuka untuk unit Anda: "
                              "isi realisasinya langsung, tanpa permintaan buka kembali.")
    if ada_yang_menunggu:
        raise NilaiTidakValid(f"Permintaan buka kembali Triwulan {NAMA_TRIWULAN[triwulan - 1]} untuk unit ini masih "
                              "menunggu jawaban Pengguna Utama.")
    return tuple(pilihan), teks  # type: ignore[return-value]


def assert_menunggu(status: StatusPermintaan | str) -> None:
    """A request is answered once: a second answer (two Utama at once) is a conflict.

    :raise KonflikData: when the request was already answered.
    """
    if StatusPermintaan(status) is not StatusPermintaan.MENUNGGU:
        raise KonflikData("Permintaan ini sudah dijawab oleh Pengguna Utama lain. Muat ulang halaman.")


def periksa_persetujuan(*, sampai: datetime | None, catatan: str | None, now: datetime) -> str | None:
    """Check an approval: an end moment in the future; an optional note.

    :return: the cleaned note.
    :raise NilaiTidakValid: without an end moment, or with one not after ``now``.
    """
    if sampai is None:
        raise NilaiTidakValid("Batas pembukaan kembali wajib diisi untuk menyetujui permintaan.")
    periksa_batas_buka_kembali(sampai, now)
    return _teks(catatan, "Catatan", wajib=False)


def periksa_penolakan(catatan: str | None) -> str:
    """Check a refusal: the note telling the unit why is required.

    :raise NilaiTidakValid: without a note.
    """
    return _teks(catatan, "Catatan penolakan", wajib=True)  # type: ignore[return-value]
