"""The body of the *Target dan Capaian Kerja* page (kumulatif), assembled from cached row blocks.

The whole page is cached under the agency's data version (``views.fragmen.ambil``), but every
write bumps that version, and in a deadline week the first view after a write is the common
case. So the rows are cached once more, each under its own inputs (``fragmen.ambil_blok``): an
indicator row under its targets, realisasi, annual target, rule, name, number and the last month
with realisasi; a sasaran / program / kegiatan / sub kegiatan row under its label and the pagu and
monthly budget of every plan node it sums. A write changes the inputs of the rows it touched (a
month of one indicator: that indicator and the rows above it) and only those are measured,
formatted and rendered again; the rest of the page is joined from the store. A block holds the
row's HTML for all four triwulan, so switching triwulan tabs finds it too.

The rows are the PDF's and the spreadsheet's rows: the same builders
(``reports.tables.sel_indikator_target_capaian`` / ``sel_baris_target_capaian``) over
``domain.pengukuran.DeretBulanan``.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..domain.data_rencana import DataRencana
from ..domain.pengukuran import DeretBulanan
from ..domain.periode import bulan_dalam_triwulan
from ..reports.html import badan_html
from ..reports.html import baris_html
from ..reports.tables import bagian_target_capaian
from ..reports.tables import baris_laporan_target_capaian
from ..reports.tables import nomor_indikator
from ..reports.tables import uraian_baris
from . import fragmen

#: Part of every block's inputs: a change to how rows are built or marked up makes new keys.
_BENTUK = 1
_TRIWULAN = (1, 2, 3, 4)


def badan_target_capaian(data: DataRencana) -> dict[str, Markup]:
    """The ``<tbody>`` content of each triwulan section of the kumulatif *Target dan Capaian Kerja*.

    :param data: the plan, loaded as the page shows it (verified only unless asked).
    :return: ``{section sheet name: rows}`` for the four triwulan.
    """
    sumber = DeretBulanan(data)
    terakhir = data.bulan_realisasi_terakhir or 0
    bagian = {tw: bagian_target_capaian(tw) for tw in _TRIWULAN}
    kolom = bagian[1].kolom  # every triwulan has the same columns
    target_tahunan = {ind.id: ind.target for ind in data.indikator}
    baris = sumber.baris
    nomor = nomor_indikator(baris)
    masukan = [
        (_BENTUK, terakhir, n, b.nama, b.satuan, b.kedalaman, target_tahunan[b.indikator_id],  # type: ignore[index]
         sumber.masukan_indikator(b.indikator_id))  # type: ignore[arg-type]
        if b.jenis == "indikator" else
        (_BENTUK, terakhir, b.jenis, uraian_baris(b), b.kedalaman, b.pagu, sumber.masukan_baris(b.kunci))
        for b, n in zip(baris, nomor)]

    def buat(posisi: Sequence[int]) -> list[tuple[str, ...]]:
        return [tuple(baris_html(baris_laporan_target_capaian(baris[i], nomor[i], target_tahunan, sumber,
                                                              bulan_dalam_triwulan(tw), terakhir), kolom)
                      for tw in _TRIWULAN) for i in posisi]

    blok = fragmen.ambil_blok("target-capaian-baris", masukan, buat)
    return {bagian[tw].nama_sheet: Markup("".join(b[tw - 1] for b in blok) if blok else badan_html((), kolom))
            for tw in _TRIWULAN}
