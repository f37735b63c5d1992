"""The rows of the plan tree (*Data Perencanaan Kerja*), cached per row under their own inputs.

The plan page is cached whole under the agency's data version (``views.fragmen.ambil``), so any
write in the agency, a realisasi saved in a deadline week included, makes its next view a full
render, though the tree shows no realisasi. So each row is cached once more under its own inputs
(``fragmen.ambil_blok``) and after a write only the rows whose inputs it changed are rendered
again. A row's inputs are:

- ``_BENTUK``: bumped when the row's markup changes;
- the row itself (``domain.pohon.BarisRencana``: kind, key, depth, code, name, unit, satuan,
  target, pagu and the sum of the monthly budget targets, and the ids its links are made of);
- the key of the program the row sits in (the row collapses with it);
- the year, whether the year has target versions and the version shown (the links carry it);
- the unit shown (or none) and ``semua_unit``, the viewer's right to see every unit, which shows
  the "+ IKU" link: the only thing in a row that depends on the viewer.

No CSRF token is inside a row: the "Hapus" buttons point (``form="form-hapus-node"``) at one form
outside the rows, which gets the token when the page is rendered.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import get_template_attribute
from markupsafe import Markup

from ..domain.data_rencana import DataRencana
from ..domain.pohon import BarisRencana
from ..domain.pohon import pohon_rencana
from . import fragmen

#: Part of every block's inputs: a change to the row's markup makes new keys.
_BENTUK = 1


def baris_pohon(baris: Sequence[BarisRencana], *, tahun: int, unit_id: int | None, semua_unit: bool,
                ada_versi: bool, versi_tampil: int | None) -> list[Markup]:
    """The ``<tr>`` of every row of the plan tree, from the block store where their inputs match.

    :param baris: the tree (``domain.pohon.pohon_rencana``), parents before children.
    :param tahun: the year (e.g. 2024).
    :param unit_id: the unit shown, or None for every unit.
    :param semua_unit: whether the viewer may see every unit.
    :param ada_versi: whether the year has target versions (the links then name the version shown).
    :param versi_tampil: the version shown.
    :return: the rows' HTML, in order.
    """
    program: list[str | None] = []
    kini, kedalaman = None, 0
    for b in baris:
        if kini and b.kedalaman <= kedalaman:
            kini = None
        program.append(kini)
        if b.jenis == "program":
            kini, kedalaman = b.kunci, b.kedalaman
    makro = get_template_attribute("sipekerja/perencanaan/_pohon_baris.html", "baris_pohon")

    def buat(posisi: Sequence[int]) -> list[str]:
        return [str(makro(baris[i], program[i], semua_unit, ada_versi, versi_tampil, tahun)) for i in posisi]

    masukan = [(_BENTUK, tahun, unit_id, semua_unit, ada_versi, versi_tampil, program[i], b)
               for i, b in enumerate(baris)]
    return [Markup(h) for h in fragmen.ambil_blok("pohon-baris", masukan, buat)]


def baris_rencana(data: DataRencana) -> tuple[BarisRencana, ...]:
    """The plan's tree rows (``pohon_rencana``), kept under the plan's version: they are made of the
    plan alone (nodes, indicators, sasaran, names, the budget targets of the months loaded), never
    of a realisasi; for the pages that rebuild after every save (Pengukuran, *Target dan Capaian*).

    :param data: the plan as loaded (the agency, or one unit).
    """
    if data.versi_rencana is None:  # data read inside a transaction that has written: not cached
        return tuple(pohon_rencana(data))
    return fragmen.ambil_data("baris-rencana", (data.tahun_id, data.unit_kerja_id or "", data.sampai_bulan,
                                                data.versi_dipilih if data.versi_dipilih is not None else ""),
                              lambda: tuple(pohon_rencana(data)),
                              lingkup=(data.perangkat_daerah_id, "rencana", data.versi_rencana))
