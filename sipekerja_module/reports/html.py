"""Compact HTML of a report's body rows, for the report page, and of the Pengukuran page's tables.

A report page is mostly its body rows (a year of *Target dan Capaian Kerja* is thousands of
cells), so a cell carries no more markup than it needs: a number cell is ``<td class=n>``, the
indented tree column ``<td class=i3>``, a text cell a bare ``<td>``, and a row is classed by its
kind (``<tr class=program>``); ``sipekerja.css`` (``.sipekerja-laporan``) styles them. The optional
``</td>`` end tags are left out (HTML allows it); ``</tr>`` is kept so a row can be found whole.
Texts are escaped here; the page marks the result safe.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

from ..domain.angka import format_angka
from ..domain.angka import format_persen
from ..domain.angka import format_rupiah
from ..domain.capaian import Serapan
from ..domain.capaian import format_target
from ..domain.pengukuran import HasilIndikator
from ..domain.pengukuran import HasilKelompok
from ..domain.penjelasan import jelaskan_hasil
from ..domain.periode import Periode
from ..domain.pohon import BarisRencana
from ..domain.predikat import BandPredikat
from ..domain.predikat import Ringkasan
from ..domain.predikat import SkalaPredikat
from .model import BarisLaporan
from .model import FormatKolom
from .model import Kolom
from .tables import BELUM_LAPOR

#: Deepest indentation class of the tree column (``.i5``); deeper rows share it.
INDENTASI_MAKS = 5


def _awal_sel(teks: str, kolom: Kolom, kedalaman: int) -> str:
    if teks == BELUM_LAPOR:
        return "<td class=n data-belum-lapor>"
    if kolom.format is not FormatKolom.TEKS:
        return "<td class=n>"
    if kolom.bertingkat:
        return f"<td class=i{min(kedalaman, INDENTASI_MAKS)}>"
    return "<td>"


def baris_html(baris: BarisLaporan, kolom: Sequence[Kolom]) -> str:
    """One body row as compact HTML.

    :param baris: the row.
    :param kolom: the columns of its section (format and indentation).
    :return: ``<tr class=jenis><td…>teks…</tr>``, texts escaped.
    """
    kedalaman = baris.kedalaman
    isi = [f"<tr class={baris.jenis.value}>"]
    for sel, kol in zip(baris.sel, kolom):
        teks = sel.teks
        isi.append(_awal_sel(teks, kol, kedalaman))
        isi.append(escape(teks))
    isi.append("</tr>")
    return "".join(isi)


def badan_html(baris: Sequence[BarisLaporan], kolom: Sequence[Kolom]) -> str:
    """The rows of a section as compact HTML; a section without rows says so.

    :param baris: the rows.
    :param kolom: the section's columns.
    :return: the content of its ``<tbody>``.
    """
    if not baris:
        return f'<tr><td colspan={len(kolom)} class="text-muted">Tidak ada data.</tr>'
    return "".join(baris_html(b, kolom) for b in baris)


# --- the Pengukuran page's tables (views/pengukuran_blok.py) ---------------------------------------
# The same compact cells (``.sipekerja-laporan``) with the page's own data attributes, badges and
# the "Cara hitung" explanation; a row is found by ``data-jenis``/``data-indikator``/``data-kunci``.

_BELUM_LAPOR = '<span class="badge text-bg-light border text-dark fst-italic" data-belum-lapor>belum lapor</span>'
_STRIP = '<span class="text-muted">\u2013</span>'


def _uraian(b: BarisRencana) -> str:
    """The tree column's text: an indicator in italics, the upper levels bold with their code."""
    if b.jenis == "indikator":
        return f"<em>{escape(b.nama)}</em>"
    if b.jenis in ("sasaran", "urusan", "bidang_urusan", "program"):
        return f"<strong>{escape(b.kode) + ' ' if b.kode else ''}{escape(b.nama)}</strong>"
    return f"{escape(b.kode)} {escape(b.nama)}"


def _awal_baris(b: BarisRencana, atribut: str = "") -> str:
    """``<tr …>`` (with ``atribut`` added) and the tree column with its indentation."""
    if b.jenis == "indikator":
        tr = f'<tr data-jenis="indikator" data-indikator="{b.indikator_id}"'
    else:
        tr = f'<tr data-jenis="{b.jenis}" data-kunci="{escape(b.kunci)}"'
    return f"{tr}{atribut}><td class=i{min(b.kedalaman, INDENTASI_MAKS)}>{_uraian(b)}<td>{escape(b.unit)}"


def predikat_html(band: BandPredikat | None) -> str:
    """A predikat as a labelled badge of its colour (never colour alone), or an en dash."""
    if band is None:
        return _STRIP
    label = escape(band.label)
    return f'<span class="badge text-bg-{escape(band.warna)}" data-predikat="{label}">{label}</span>'


def sebaran_html(ringkasan: Ringkasan, skala: SkalaPredikat) -> str:
    """The count per predikat of a roll-up (the bands with any), and how many were not counted."""
    warna = {b.label: b.warna for b in skala.bands}
    isi = [f'<span class="badge text-bg-{escape(warna[label])} me-1" data-sebaran="{escape(label)}">'
           f"{escape(label)}: {n}</span>" for label, n in ringkasan.jumlah_per_predikat.items() if n]
    if ringkasan.jumlah_belum_terukur:
        isi.append(f'<span class="small text-muted text-nowrap">{ringkasan.jumlah_belum_terukur} tidak dihitung</span>')
    return "".join(isi)


def baris_indikator_pengukuran(b: BarisRencana, h: HasilIndikator, periode: Periode) -> str:
    """An indicator's row of table A: target, realisasi, capaian and predikat of the period, its
    labels (data s.d., belum diverifikasi) and how the capaian was computed.

    :param b: the indicator's tree row.
    :param h: its measurement.
    :param periode: the period measured.
    :return: ``<tr data-jenis="indikator" …>…</tr>``.
    """
    c = h.capaian
    isi = [_awal_baris(b, " data-belum-lapor" if h.belum_lapor else ""),
           f"<td>{escape(b.satuan)}<td class=n>{escape(b.target_teks)}",
           f"<td class=n data-target-sd>{escape(format_target(c.target_sd, 2))}"]
    if h.belum_lapor:
        isi.append(f"<td class=n>{_BELUM_LAPOR}<td class=n>{_BELUM_LAPOR}<td class=n>{_BELUM_LAPOR}<td>\u2013")
    else:
        isi.append(f"<td class=n>{escape(format_angka(c.realisasi_sd, 2))}"  # type: ignore[arg-type]
                   f"<td class=n data-capaian-sd>{format_persen(h.capaian_sd)}"
                   f"<td class=n data-capaian-tahunan>{format_persen(h.capaian_tahunan)}"
                   f"<td>{predikat_html(h.predikat_sd)}")
    isi.append("<td>")
    if h.label_data_sd:
        isi.append(f'<span class="badge text-bg-light border text-dark" data-data-sd>{escape(h.label_data_sd)}</span> ')
    if h.belum_diverifikasi:
        isi.append('<span class="badge text-bg-warning" data-belum-diverifikasi>belum diverifikasi</span> ')
    isi.append(f"<details data-penjelasan><summary>Cara hitung</summary>{escape(jelaskan_hasil(h, periode))}"
               "</details></tr>")
    return "".join(isi)


def baris_kelompok_pengukuran(b: BarisRencana, k: HasilKelompok, skala: SkalaPredikat) -> str:
    """A roll-up row of table A (sasaran … sub kegiatan): mean capaian, its predikat and the count
    per predikat of the indicators below.

    :param b: the tree row.
    :param k: its roll-up.
    :param skala: the scale (the colours of the counts).
    :return: ``<tr data-jenis="…" data-kunci="…">…</tr>``.
    """
    return (f"{_awal_baris(b)}<td><td><td><td><td class=n data-capaian-sd>{format_persen(k.capaian_sd)}"
            f"<td class=n>{format_persen(k.capaian_tahunan)}<td>{predikat_html(k.predikat_sd)}"
            f"<td>{sebaran_html(k.ringkasan_sd, skala)}</tr>")


def baris_anggaran_pengukuran(b: BarisRencana, s: Serapan | None) -> str:
    """A row of table B (program … sub kegiatan): pagu, target and realisasi to date and the
    absorption against each, or en dashes without budget data.

    :param b: the tree row.
    :param s: its serapan, None without budget data.
    :return: ``<tr data-jenis="…" data-kunci="…">…</tr>``.
    """
    if s is None:
        return f"{_awal_baris(b)}" + "<td class=n>\u2013" * 5 + "</tr>"
    return (f"{_awal_baris(b)}<td class=n>{format_rupiah(s.pagu)}<td class=n>{format_rupiah(s.target_sd)}"
            f"<td class=n>{format_rupiah(s.realisasi_sd)}"
            f"<td class=n data-serapan-target>{format_persen(s.persen_target_sd)}"
            f"<td class=n data-serapan-pagu>{format_persen(s.persen_pagu)}</tr>")
