"""The letterhead and the signature blocks printed on every report: pure builders from the
module's settings (``SIPEKERJA_NAMA_DAERAH``, ``SIPEKERJA_TTD_*`` …) and plain values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .model import Kop
from .model import TandaTangan

#: Printed on the name line when no name is configured, to be filled in by hand.
NAMA_KOSONG = "...................................."


def kop(config: Mapping[str, Any]) -> Kop:
    """The agency letterhead.

    :param config: the module's settings (the app's ``config``).
    :return: the letterhead.
    """
    return Kop(daerah=f"Pemerintah {config['SIPEKERJA_NAMA_DAERAH']}", instansi=config["SIPEKERJA_NAMA_INSTANSI"],
               alamat=config["SIPEKERJA_ALAMAT_INSTANSI"])


def tanda_tangan_kepala(config: Mapping[str, Any], *, tanggal: date) -> TandaTangan:
    """The head of agency's signature block (a blank name line when no name is configured).

    :param config: the module's settings (the app's ``config``).
    :param tanggal: the date printed above the block (the agency's today).
    :return: the block.
    """
    return TandaTangan(tempat=config["SIPEKERJA_TEMPAT_TTD"], tanggal=tanggal, jabatan=config["SIPEKERJA_TTD_JABATAN"],
                       nama=config["SIPEKERJA_TTD_NAMA"] or NAMA_KOSONG, nip=config["SIPEKERJA_TTD_NIP"] or None)


def tanda_tangan_pengguna_utama(config: Mapping[str, Any], *, tanggal: date, nama: str | None,
                                nip: str | None) -> TandaTangan:
    """The Pengguna Utama's signature block, which co-signs a Lampiran Perjanjian Kinerja.

    :param config: the module's settings (the app's ``config``).
    :param tanggal: the date printed above the block (the agency's today).
    :param nama: the Pengguna Utama's name, or None for a blank name line.
    :param nip: their NIP, or None.
    :return: the block.
    """
    return TandaTangan(tempat=config["SIPEKERJA_TEMPAT_TTD"], tanggal=tanggal,
                       jabatan=config["SIPEKERJA_TTD_JABATAN_UTAMA"], nama=NAMA_KOSONG if nama is None else nama,
                       nip=nip)
