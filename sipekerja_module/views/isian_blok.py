"""The rows of the month form *Isian realisasi*, cached per row under their own inputs.

The whole month page is cached under the plan's version and the unit's realisasi version
(``views.fragmen.ambil``), so another unit's save leaves it in the store, but the unit's own save
makes its next view a render. So each row is cached once more under the stored versions of what it
is made from (``fragmen.ambil_blok``): after a save only the rows of the indicators it changed are
computed (their warnings) and rendered again; the others come from the store without being
compared.

A block is one indicator's (or sub kegiatan's) row of the month shown, as HTML, with that row's
warnings in every month of the triwulan (the confirmation before *Ajukan* lists them all). Its key:

- ``_BENTUK``: bumped when the row's markup or the way it is built changes;
- the agency's ``versi_rencana``: the indicator itself (uraian, satuan, target, rule, manual), its
  node's code and name, its targets (``services.versi``);
- the unit, the months of the triwulan, the month shown, and the kind of row (``k``/``a``) and id;
- ``bisa_isi``: whether the form may be edited now (the unit's input window is open and the
  triwulan's state lets the unit edit). It turns the inputs read-only and shows the delete
  buttons and the upload link; it is the only thing a row shows that depends on the moment or on
  the viewer (the window comes from the unit and the time, not from who is looking);
- the row's ``versi_isi``: its realisasi by month, notes, row versions, *tidak ada realisasi* flag
  and reason, evidence, and its unit's period states.

No CSRF token is inside a row: the delete buttons point (``form="hapus-…"``) at forms outside the
rows, which get the token when the page is rendered. A page showing what the user typed (a refused
save), or data whose versions are unknown, is never cached: its rows are built directly, the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import get_template_attribute
from markupsafe import Markup

from ..domain.periode import NAMA_BULAN
from ..queries.realisasi import BahanIsian
from ..queries.realisasi import BuktiRingkas
from ..services.realisasi import CATATAN
from . import fragmen

#: Part of every block's inputs: a change to how rows are built or marked up makes new keys.
_BENTUK = 3


@dataclass(frozen=True)
class IndikatorUnggah:
    """An indicator in the evidence upload form below the rows, with its evidence of the month."""

    id: int
    kode: str
    uraian: str
    bukti: tuple[BuktiRingkas, ...]


@dataclass(frozen=True)
class BarisBulan:
    """The rows of a month form and what the page around them needs."""

    #: The rows of each table, joined: the page puts each in as one string (70 rows, one escape).
    kinerja: Markup
    anggaran: Markup
    #: ``(month name, uraian, warning)`` of every row and month of the triwulan, month by month.
    peringatan: list[tuple[str, str, str]]
    #: The indicators of the evidence upload form; empty when the form may not be edited (the page
    #: shows that form only when it may).
    unggah: list[IndikatorUnggah]


def baris_bulan(bahan: BahanIsian, *, unit_id: int, bulan: int, bisa_isi: bool,
                form=None, kesalahan: dict[str, str] | None = None) -> BarisBulan:
    """The rows of the form of ``bulan`` (one of ``bahan.bulan``), from the block store unless
    the page shows what the user typed (``form``/``kesalahan``), then built directly.

    :param bahan: the unit's triwulan, loaded (``queries.realisasi.load_bahan_isian``).
    :param unit_id: the unit.
    :param bulan: the month shown.
    :param bisa_isi: whether the form may be edited now.
    :param form: the submitted form to show again, if any.
    :param kesalahan: field errors to show, if any.
    """
    baris: list[tuple[str, object]] = [("k", ind) for ind in bahan.data.indikator] + \
        [("a", node) for node in bahan.sub_kegiatan]
    makro = get_template_attribute("sipekerja/realisasi/_baris.html", "baris_isian")
    posisi_bulan = bahan.bulan.index(bulan)

    def buat_satu(jenis: str, x) -> tuple[str, tuple[tuple[str, ...], ...]]:
        per_bulan = [bahan.baris_kinerja(x, b) if jenis == "k" else bahan.baris_anggaran(x, b) for b in bahan.bulan]
        html = makro(per_bulan[posisi_bulan], jenis, form or {}, kesalahan or {}, CATATAN, bisa_isi, bulan)
        return str(html), tuple(b.peringatan for b in per_bulan)

    def buat(posisi: Sequence[int]) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
        return [buat_satu(*baris[i]) for i in posisi]

    data = bahan.data
    if form or kesalahan or data.versi_rencana is None:
        blok = buat(range(len(baris)))
    else:
        versi = {"k": data.versi_isi_indikator, "a": data.versi_isi_node}
        # What every row's key shares, written out once: a row's inputs are it and the row's own three.
        bersama = repr((_BENTUK, data.versi_rencana, unit_id, bahan.bulan, bulan, bisa_isi))
        kunci = [f"{bersama}:{jenis}:{x.id}:{versi[jenis][x.id]!r}" for jenis, x in baris]
        blok = fragmen.ambil_blok("realisasi-baris", kunci, buat)
    n = len(bahan.data.indikator)
    uraian = [ind.uraian for ind in bahan.data.indikator] + [node.nama for node in bahan.sub_kegiatan]
    peringatan = [(NAMA_BULAN[b - 1], uraian[i], w) for j, b in enumerate(bahan.bulan)
                  for i, (_, per_bulan) in enumerate(blok) for w in per_bulan[j]]
    unggah = [IndikatorUnggah(ind.id, node.kode if node else "", ind.uraian, bahan.bukti.get((ind.id, bulan), ()))
              for ind in bahan.data.indikator for node in (bahan.node_by_id.get(ind.node_id),)] if bisa_isi else []
    return BarisBulan(Markup("".join([h for h, _ in blok[:n]])), Markup("".join([h for h, _ in blok[n:]])),
                      peringatan, unggah)
