"""Notes written with the monthly realisasi (keterangan, faktor pendorong / penghambat, tindak
lanjut), merged per period for the reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .data_rencana import Catatan


@dataclass(frozen=True)
class CatatanPeriode:
    """Notes written during a period's months: distinct texts in month order."""

    keterangan: tuple[str, ...] = ()
    faktor_pendorong: tuple[str, ...] = ()
    faktor_penghambat: tuple[str, ...] = ()
    tindak_lanjut: tuple[str, ...] = ()


def gabung_catatan_urut(catatan: Iterable[Catatan]) -> CatatanPeriode:
    """Distinct texts per field of notes already in month order (kinerja before anggaran within a month).

    :param catatan: the notes, in month order.
    :return: the merged notes.
    """
    keterangan: dict[str, None] = {}
    pendorong: dict[str, None] = {}
    penghambat: dict[str, None] = {}
    tindak_lanjut: dict[str, None] = {}
    for c in catatan:
        if c.keterangan:
            keterangan.setdefault(c.keterangan.strip(), None)
        if c.faktor_pendorong:
            pendorong.setdefault(c.faktor_pendorong.strip(), None)
        if c.faktor_penghambat:
            penghambat.setdefault(c.faktor_penghambat.strip(), None)
        if c.tindak_lanjut:
            tindak_lanjut.setdefault(c.tindak_lanjut.strip(), None)
    return CatatanPeriode(keterangan=tuple(keterangan), faktor_pendorong=tuple(pendorong),
                          faktor_penghambat=tuple(penghambat), tindak_lanjut=tuple(tindak_lanjut))
