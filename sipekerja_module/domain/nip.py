"""NIP (Nomor Induk Pegawai): 18 digits ``YYYYMMDD YYYYMM G NNN``, no checksum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import NIPTidakValid

PANJANG_NIP = 18
_PEMISAH = (" ", ".", "\u00a0", "\t")


@dataclass(frozen=True)
class NIP:
    """A parsed NIP. Build with :func:`parse_nip`.

    ``peringatan`` lists oddities that do not reject the number (PPPK numbers are also 18 digits
    but differ in the middle block, so e.g. an appointment month outside 1..12 only warns).
    """

    nilai: str
    tanggal_lahir: date
    tmt_tahun: int
    tmt_bulan: int
    #: "L" (digit 15 = 1) or "P" (digit 15 = 2).
    jenis_kelamin: str
    nomor_urut: int
    peringatan: tuple[str, ...] = ()


def normalisasi_nip(teks: str) -> str:
    """Strip spaces and dots from a NIP as typed and check it is 18 digits.

    :param teks: e.g. ``"19930624 201507 1 002"`` or ``"19930624.201507.1.002"``.
    :return: the 18 digits, e.g. ``"199306242015071002"``.
    :raise NIPTidakValid: if it contains other characters or is not 18 digits long.
    """
    if not isinstance(teks, str):
        raise NIPTidakValid("NIP harus berupa teks.")
    bersih = teks.strip()
    for pemisah in _PEMISAH:
        bersih = bersih.replace(pemisah, "")
    if not bersih:
        raise NIPTidakValid("NIP tidak boleh kosong.")
    if not (bersih.isascii() and bersih.isdigit()):
        raise NIPTidakValid("NIP hanya boleh berisi angka (spasi dan titik diabaikan).")
    if len(bersih) != PANJANG_NIP:
        raise NIPTidakValid(f"NIP harus {PANJANG_NIP} digit, bukan {len(bersih)} digit.")
    return bersih


def parse_nip(teks: str) -> NIP:
    """Parse and validate a NIP.

    :param teks: the NIP, spaces and dots allowed.
    :return: the parsed NIP with its parts and any warnings.
    :raise NIPTidakValid: for non-digits, wrong length, an impossible birth date, digit 15 not 1
        or 2, or sequence number 000.
    """
    nilai = normalisasi_nip(teks)
    try:
        tanggal_lahir = date(int(nilai[0:4]), int(nilai[4:6]), int(nilai[6:8]))
    except ValueError:
        raise NIPTidakValid(
            f"Tanggal lahir pada NIP (8 digit pertama: {nilai[0:8]}) bukan tanggal yang valid."
        ) from None
    if nilai[14] not in "12":
        raise NIPTidakValid(f"Digit ke-15 NIP (jenis kelamin) harus 1 atau 2, bukan {nilai[14]}.")
    if nilai[15:18] == "000":
        raise NIPTidakValid("Nomor urut NIP (3 digit terakhir) tidak boleh 000.")
    tmt_tahun, tmt_bulan = int(nilai[8:12]), int(nilai[12:14])
    peringatan = []
    if not 1 <= tmt_bulan <= 12:
        peringatan.append(
            f"Bulan TMT pada NIP (digit 13-14) adalah {nilai[12:14]}, di luar 01-12; mungkin NIP PPPK."
        )
    if tmt_tahun <= tanggal_lahir.year:
        peringatan.append(
            f"Tahun TMT pada NIP ({tmt_tahun}) tidak setelah tahun lahir ({tanggal_lahir.year})."
        )
    return NIP(
        nilai=nilai,
        tanggal_lahir=tanggal_lahir,
        tmt_tahun=tmt_tahun,
        tmt_bulan=tmt_bulan,
        jenis_kelamin="L" if nilai[14] == "1" else "P",
        nomor_urut=int(nilai[15:18]),
        peringatan=tuple(peringatan),
    )


def format_nip(nip: str | NIP) -> str:
    """Group a NIP for display: ``"19930624 201507 1 002"``.

    Only the 18-digit shape is checked, so stored numbers that fail the finer rules still display.

    :param nip: a NIP string (spaces/dots allowed) or a parsed :class:`NIP`.
    :return: the grouped text.
    :raise NIPTidakValid: if a string is not 18 digits.
    """
    nilai = nip.nilai if isinstance(nip, NIP) else normalisasi_nip(nip)
    return f"{nilai[0:8]} {nilai[8:14]} {nilai[14]} {nilai[15:18]}"
