"""The letterhead and the signature blocks printed on every report: pure builders from what the
agency stored in Referensi (:class:`~sipekerja_module.domain.identitas.DataKop`,
:class:`~sipekerja_module.domain.identitas.DataPenandatangan`) and, for whatever it left empty,
the module's settings (``SIPEKERJA_NAMA_DAERAH``, ``SIPEKERJA_TTD_*`` …)."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..domain.identitas import DataKop
from ..domain.identitas import DataPenandatangan
from ..domain.identitas import PeranPenandatangan
from ..domain.identitas import jabatan_kepala_unit
from ..domain.identitas import peran_pk
from .model import Kop
from .model import TandaTangan

#: Printed on the name line when no name is set, to be filled in by hand.
NAMA_KOSONG = "...................................."


def kop(config: Mapping[str, Any], simpanan: DataKop | None = None) -> Kop:
    """The agency letterhead: the stored fields, each empty one from configuration.

    :param config: the module's settings (the app's ``config``).
    :param simpanan: what the agency stored in Referensi, or None.
    :return: the letterhead.
    """
    d = simpanan or DataKop()
    kontak = [f"Telepon {d.telepon}" if d.telepon else "", f"Email {d.email}" if d.email else "",
              f"Laman {d.website}" if d.website else ""]
    return Kop(daerah=f"Pemerintah {d.nama_daerah or config['SIPEKERJA_NAMA_DAERAH']}",
               instansi=d.nama_instansi or config["SIPEKERJA_NAMA_INSTANSI"],
               alamat=d.alamat or config["SIPEKERJA_ALAMAT_INSTANSI"],
               kontak=" · ".join(k for k in kontak if k),
               tempat=d.tempat_ttd or config["SIPEKERJA_TEMPAT_TTD"])


def _blok(simpanan: DataPenandatangan | None, *, tempat: str, tanggal: date, jabatan: str, nama: str = "",
          nip: str | None = None, pangkat: str = "", peran: str = "") -> TandaTangan:
    if simpanan is not None:
        jabatan = simpanan.jabatan or jabatan
        nama, nip, pangkat = simpanan.nama or nama, simpanan.nip or nip, simpanan.pangkat or pangkat
    return TandaTangan(tempat=tempat, tanggal=tanggal, jabatan=jabatan, nama=nama or NAMA_KOSONG, nip=nip or None,
                       pangkat=pangkat, peran=peran)


def tanda_tangan_kepala(config: Mapping[str, Any], *, tanggal: date, simpanan: DataPenandatangan | None = None,
                        tempat: str | None = None, peran: str = "") -> TandaTangan:
    """The head of agency's signature block (a blank name line when no name is set).

    :param config: the module's settings (``SIPEKERJA_TTD_JABATAN``, ``_NAMA``, ``_NIP``, ``_PANGKAT``: the defaults).
    :param tanggal: the date printed above the block (the agency's today).
    :param simpanan: the head of agency as stored in Referensi, or None.
    :param tempat: place of signing (the letterhead's); None = ``SIPEKERJA_TEMPAT_TTD``.
    :param peran: a line above the jabatan (``PIHAK PERTAMA`` on a PK), or "".
    :return: the block.
    """
    return _blok(simpanan, tempat=tempat or config["SIPEKERJA_TEMPAT_TTD"], tanggal=tanggal,
                 jabatan=config["SIPEKERJA_TTD_JABATAN"], nama=config["SIPEKERJA_TTD_NAMA"],
                 nip=config["SIPEKERJA_TTD_NIP"], pangkat=config.get("SIPEKERJA_TTD_PANGKAT") or "", peran=peran)


def tanda_tangan(config: Mapping[str, Any], *, peran: PeranPenandatangan, tanggal: date, kop_laporan: Kop,
                 simpanan: Sequence[DataPenandatangan], unit: tuple[int, str, str] | None = None,
                 label: str = "") -> TandaTangan:
    """The signature block of one role, from the stored signers and the configured defaults.

    :param config: the module's settings.
    :param peran: the role that signs.
    :param tanggal: the date of signing.
    :param kop_laporan: the letterhead (its place of signing).
    :param simpanan: every signer the agency stored.
    :param unit: (id, name, jenis) of the unit, for :attr:`PeranPenandatangan.KEPALA_UNIT`.
    :param label: a line above the jabatan (``PIHAK KEDUA``), or "".
    :return: the block.
    """
    unit_id = unit[0] if unit is not None and peran is PeranPenandatangan.KEPALA_UNIT else None
    cocok = next((s for s in simpanan if s.peran is peran and s.unit_kerja_id == unit_id), None)
    if peran is PeranPenandatangan.KEPALA:
        return tanda_tangan_kepala(config, tanggal=tanggal, simpanan=cocok, tempat=kop_laporan.tempat, peran=label)
    if peran is PeranPenandatangan.KEPALA_DAERAH:
        jabatan = config.get("SIPEKERJA_TTD_JABATAN_KEPALA_DAERAH") or "Kepala Daerah"
        return _blok(cocok, tempat=kop_laporan.tempat, tanggal=tanggal, jabatan=jabatan,
                     nama=config.get("SIPEKERJA_TTD_NAMA_KEPALA_DAERAH") or "", peran=label)
    jabatan = jabatan_kepala_unit(unit[1], unit[2]) if unit is not None else "Kepala Unit Kerja"
    return _blok(cocok, tempat=kop_laporan.tempat, tanggal=tanggal, jabatan=jabatan, peran=label)


def tanda_tangan_laporan(config: Mapping[str, Any], *, lampiran_pk: bool, tanggal: date, kop_laporan: Kop,
                         simpanan: Sequence[DataPenandatangan],
                         unit: tuple[int, str, str] | None = None) -> tuple[TandaTangan, ...]:
    """The signature blocks of an agency report.

    Every report is signed by the head of agency; a Lampiran Perjanjian Kinerja by its two
    parties (:func:`~sipekerja_module.domain.identitas.peran_pk`): for the agency the head of
    the region (pihak kedua) and the head of agency (pihak pertama), for one unit the head of
    agency (pihak kedua) and the unit's head (pihak pertama).

    :param config: the module's settings.
    :param lampiran_pk: the report is a Lampiran PK.
    :param tanggal: the date of signing.
    :param kop_laporan: the letterhead (its place of signing).
    :param simpanan: every signer the agency stored.
    :param unit: (id, name, jenis) of the unit the report is filtered to, or None.
    :return: the blocks in print order (left to right).
    """
    if not lampiran_pk:
        return (tanda_tangan(config, peran=PeranPenandatangan.KEPALA, tanggal=tanggal, kop_laporan=kop_laporan,
                             simpanan=simpanan),)
    return tuple(tanda_tangan(config, peran=peran, tanggal=tanggal, kop_laporan=kop_laporan, simpanan=simpanan,
                              unit=unit, label=label) for peran, label in peran_pk(unit is not None))
