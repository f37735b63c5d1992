"""The body of the *Target dan Capaian Kerja* page (kumulatif), assembled from cached row blocks.

The page of verified figures is cached under the agency's verified-figures version
(``views.fragmen.lingkup_agensi``), which a verification or a correction of a verified month
bumps. The first view after one is a render of the page, so the rows are cached once more, each
under the stored versions of what it is made from (:func:`kunci_versi`): an indicator row under
its own ``versi_isi`` (its monthly values), a sasaran … sub kegiatan row under the versions of the
plan nodes below it, every row under the agency's ``versi_rencana`` (the plan). A correction of one
month of one indicator makes one row new; everything else comes from the store without loading or
comparing its data. A block holds the row's HTML for all four triwulan, so switching triwulan tabs
finds it too.

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
from ..domain.pohon import BarisRencana
from ..reports.html import badan_html
from ..reports.html import baris_html
from ..reports.tables import bagian_target_capaian
from ..reports.tables import baris_laporan_target_capaian
from ..reports.tables import nomor_indikator
from . import fragmen
from .pohon_blok import baris_rencana

#: Part of every block's key: a change to how rows are built or marked up makes new keys.
_BENTUK = 2
_TRIWULAN = (1, 2, 3, 4)


def kunci_versi(data: DataRencana, baris: Sequence[BarisRencana], nomor: Sequence[str | None]) -> list[tuple] | None:
    """Per tree row, the versions it is made from (``services.versi``), or None when the data's
    versions are unknown (read inside a transaction that has written: nothing may be cached).

    Every row: the agency's plan version (structure, labels, targets, pagu, the row's number and
    depth), whether only verified months were loaded, and the last month with realisasi. An
    indicator row: its own version of its monthly values. A sasaran … sub kegiatan row: the version
    of every plan node in its subtree (a superset of the nodes whose budget it sums).
    """
    if data.versi_rencana is None:
        return None
    umum = (_BENTUK, data.versi_rencana, data.hanya_terverifikasi, data.bulan_realisasi_terakhir or 0)
    versi_node = data.versi_isi_node
    subpohon: list[list[tuple[int, int]]] = [[] for _ in baris]
    terbuka: list[int] = []  # positions of the rows above the current one, outermost first
    for i, b in enumerate(baris):
        while terbuka and baris[terbuka[-1]].kedalaman >= b.kedalaman:
            terbuka.pop()
        milik = [(n, versi_node[n]) for n in b.node_ids if n in versi_node]
        for j in (*terbuka, i):
            subpohon[j].extend(milik)
        terbuka.append(i)
    return [(*umum, "k", b.indikator_id, n, data.versi_isi_indikator[b.indikator_id])
            if b.jenis == "indikator" else (*umum, b.jenis, b.kunci, tuple(subpohon[i]))
            for i, (b, n) in enumerate(zip(baris, nomor))]


def badan_target_capaian(data: DataRencana) -> dict[str, Markup]:
    """The ``<tbody>`` content of each triwulan section of the kumulatif *Target dan Capaian Kerja*.

    :param data: the plan, loaded as the page shows it (verified only unless asked).
    :return: ``{section sheet name: rows}`` for the four triwulan.
    """
    sumber = DeretBulanan(data, baris_rencana(data))
    terakhir = data.bulan_realisasi_terakhir or 0
    bagian = {tw: bagian_target_capaian(tw) for tw in _TRIWULAN}
    kolom = bagian[1].kolom  # every triwulan has the same columns
    target_tahunan = {ind.id: ind.target for ind in data.indikator}
    baris = sumber.baris
    nomor = nomor_indikator(baris)

    def buat(posisi: Sequence[int]) -> list[tuple[str, ...]]:
        return [tuple(baris_html(baris_laporan_target_capaian(baris[i], nomor[i], target_tahunan, sumber,
                                                              bulan_dalam_triwulan(tw), terakhir), kolom)
                      for tw in _TRIWULAN) for i in posisi]

    kunci = kunci_versi(data, baris, nomor)
    blok = buat(range(len(baris))) if kunci is None else fragmen.ambil_blok("target-capaian-baris", kunci, buat)
    return {bagian[tw].nama_sheet: Markup("".join(b[tw - 1] for b in blok) if blok else badan_html((), kolom))
            for tw in _TRIWULAN}
