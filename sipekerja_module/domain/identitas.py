"""Who signs the printed reports and what the letterhead says: plain values and the rules of the
signatures (which role signs which report, who is *pihak pertama* and *pihak kedua* of a PK).

Stored per perangkat daerah (Referensi → Kop dan Penandatangan Laporan); what is not stored
falls back to the module's configuration (``SIPEKERJA_NAMA_DAERAH``, ``SIPEKERJA_TTD_*`` …).
Pure: no database, no framework.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .errors import NilaiTidakValid
from .nip import parse_nip


class PeranPenandatangan(enum.Enum):
    """The officials who sign an agency's reports."""

    #: The head of agency (Kepala Badan): signs every report; pihak pertama of the agency's PK and
    #: pihak kedua of a unit's PK.
    KEPALA = "kepala"
    #: The head of the region (Bupati): pihak kedua of the agency's PK.
    KEPALA_DAERAH = "kepala_daerah"
    #: The head of a unit kerja (Sekretaris, Kepala Bidang): pihak pertama of the unit's PK.
    KEPALA_UNIT = "kepala_unit"


#: Labels of the roles as the Referensi page shows them.
LABEL_PERAN = {
    PeranPenandatangan.KEPALA: "Kepala Perangkat Daerah",
    PeranPenandatangan.KEPALA_DAERAH: "Kepala Daerah (pihak kedua PK perangkat daerah)",
    PeranPenandatangan.KEPALA_UNIT: "Kepala unit kerja (pihak pertama PK unit)",
}

#: Longest text each field may hold (the database columns have the same sizes).
PANJANG = {
    "nama_daerah": 120, "nama_instansi": 255, "alamat": 255, "telepon": 64, "email": 120, "website": 120,
    "tempat_ttd": 64, "nama": 160, "jabatan": 255, "pangkat": 100,
}
LABEL_KOLOM = {
    "nama_daerah": "Nama daerah", "nama_instansi": "Nama instansi", "alamat": "Alamat", "telepon": "Telepon",
    "email": "Email", "website": "Situs web", "tempat_ttd": "Tempat penandatanganan", "nama": "Nama",
    "jabatan": "Jabatan", "pangkat": "Pangkat/golongan", "nip": "NIP",
}


@dataclass(frozen=True)
class DataKop:
    """An agency's letterhead data as stored; empty fields fall back to configuration."""

    #: The region, e.g. ``"Kabupaten Paser"`` (printed ``PEMERINTAH KABUPATEN PASER``).
    nama_daerah: str = ""
    nama_instansi: str = ""
    alamat: str = ""
    telepon: str = ""
    email: str = ""
    website: str = ""
    #: Place printed before the date of signing, e.g. ``"Tana Paser"``.
    tempat_ttd: str = ""


@dataclass(frozen=True)
class DataPenandatangan:
    """A signer as stored: role, (for a unit head) the unit, name, NIP, jabatan and pangkat."""

    peran: PeranPenandatangan
    nama: str = ""
    nip: str | None = None
    jabatan: str = ""
    #: Rank and grade, e.g. ``"Pembina Utama Muda (IV/c)"``.
    pangkat: str = ""
    unit_kerja_id: int | None = None


def bersihkan_teks(nilai: str | None, kolom: str, *, wajib: bool = False) -> str:
    """Trim a letterhead or signer field and check its length.

    :param nilai: the text as typed (None = empty).
    :param kolom: the field name (a key of :data:`PANJANG`).
    :param wajib: refuse an empty value.
    :return: the trimmed text.
    :raise NilaiTidakValid: when empty but required, or longer than the field allows.
    """
    teks = " ".join((nilai or "").split())
    label = LABEL_KOLOM[kolom]
    if wajib and not teks:
        raise NilaiTidakValid(f"{label} wajib diisi.")
    if len(teks) > PANJANG[kolom]:
        raise NilaiTidakValid(f"{label} paling banyak {PANJANG[kolom]} karakter.")
    return teks


def bersihkan_nip_penandatangan(nilai: str | None) -> str | None:
    """A signer's NIP as 18 digits, or None when left empty (no NIP line is printed).

    :param nilai: the NIP as typed (spaces and dots allowed).
    :return: the 18 digits, or None.
    :raise NIPTidakValid: when it is not a valid NIP (``domain.nip`` rules).
    """
    if nilai is None or not nilai.strip():
        return None
    return parse_nip(nilai).nilai


def peran_pk(unit: bool) -> tuple[tuple[PeranPenandatangan, str], tuple[PeranPenandatangan, str]]:
    """Who signs a Perjanjian Kinerja, in print order (pihak kedua on the left, pihak pertama on the right).

    A PK is signed at each level (DOMAIN.md): the Kepala Badan with the Bupati; a Sekretaris or
    Kepala Bidang with the Kepala Badan.

    :param unit: the PK of one unit kerja (below the head of agency) rather than the agency's.
    :return: ((role, "PIHAK KEDUA"), (role, "PIHAK PERTAMA")).
    """
    if unit:
        return (PeranPenandatangan.KEPALA, "PIHAK KEDUA"), (PeranPenandatangan.KEPALA_UNIT, "PIHAK PERTAMA")
    return (PeranPenandatangan.KEPALA_DAERAH, "PIHAK KEDUA"), (PeranPenandatangan.KEPALA, "PIHAK PERTAMA")


def jabatan_kepala_unit(nama_unit: str, jenis: str) -> str:
    """The default jabatan of a unit's head: ``Sekretaris`` or ``Kepala <nama unit>``.

    :param nama_unit: e.g. ``"Bidang Mutasi dan Promosi"``.
    :param jenis: ``sekretariat`` or ``bidang``.
    :return: e.g. ``"Kepala Bidang Mutasi dan Promosi"``.
    """
    return "Sekretaris" if jenis == "sekretariat" else f"Kepala {nama_unit}"
