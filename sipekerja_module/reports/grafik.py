"""Server-rendered SVG charts: pure builders that place every bar, axis and label, so the Jinja
macro (``sipekerja/pengukuran/_grafik.html``) only prints attributes — no JavaScript library and
nothing from a CDN (the portal's CSP is ``default-src 'self'``).

Colours are SVG presentation attributes (``fill="…"``), which a CSP does not treat as inline
style. Every bar carries its figure as text and a ``<title>``; the chart has a ``<title>`` and a
``<desc>``; the same figures are in the tables of the page, so nothing is told by colour alone.
Geometry is float pixels; the figures printed come from ``domain.angka`` formatting.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING
from decimal import Decimal

from markupsafe import Markup
from markupsafe import escape

from ..domain.angka import format_persen
from ..domain.data_rencana import UnitData
from ..domain.pengukuran import PengukuranUnit

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
WARNA_SERI = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
#: Shown instead of a bar when a figure is undefined (belum lapor, no target): never a 0 bar.
TANPA_NILAI = "belum terukur"

_LEBAR = 760.0
_KIRI = 270.0  # category labels
_KANAN = 78.0  # value labels after the longest bar
_ATAS = 40.0  # legend
_BAWAH = 28.0  # axis labels
_TINGGI_BATANG = 14.0
_JARAK_BATANG = 3.0
_JARAK_KELOMPOK = 14.0
_MAKS_HURUF_LABEL = 32  # fits the 262 px left of the plot in a wide sans serif (38 clipped the first letter)


@dataclass(frozen=True)
class Seri:
    """One series: a name for the legend and one value per category (None = no figure)."""

    nama: str
    nilai: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Batang:
    """A bar with its value label; ``lebar`` 0 and a grey label when the value is undefined."""

    x: float
    y: float
    lebar: float
    tinggi: float
    warna: str
    #: Full sentence for the bar's ``<title>``: category, series, value.
    judul: str
    label: str
    label_x: float
    label_y: float
    terukur: bool


@dataclass(frozen=True)
class Teks:
    """A text label; ``judul`` holds the full text when ``isi`` was shortened."""

    x: float
    y: float
    isi: str
    rata: str = "start"
    judul: str = ""


@dataclass(frozen=True)
class Garis:
    """An axis or grid line; ``acuan`` marks the reference line (100%)."""

    x1: float
    y1: float
    x2: float
    y2: float
    acuan: bool = False


@dataclass(frozen=True)
class Legenda:
    """A legend entry: a square swatch at (x, y), then the name at (teks_x, teks_y)."""

    x: float
    y: float
    warna: str
    nama: str
    teks_x: float
    teks_y: float


@dataclass(frozen=True)
class Grafik:
    """A chart ready for the SVG macro."""

    id: str
    judul: str
    deskripsi: str
    lebar: float
    tinggi: float
    batang: tuple[Batang, ...]
    teks: tuple[Teks, ...]
    garis: tuple[Garis, ...]
    legenda: tuple[Legenda, ...]


def _singkat(teks: str, maks: int = _MAKS_HURUF_LABEL) -> str:
    return teks if len(teks) <= maks else teks[: maks - 1].rstrip() + "\u2026"


def _skala_maks(nilai: Sequence[Decimal | None], acuan: Decimal | None) -> Decimal:
    """Axis maximum: the largest figure (at least the reference), rounded up to a multiple of 25."""
    maks = max([v for v in nilai if v is not None] + ([acuan] if acuan is not None else []) + [Decimal(1)])
    langkah = Decimal(25)
    return (maks / langkah).to_integral_value(rounding=ROUND_CEILING) * langkah


def batang_horizontal(
    *,
    id: str,
    judul: str,
    deskripsi: str,
    kategori: Sequence[str],
    seri: Sequence[Seri],
    format_nilai: Callable[[Decimal], str] = format_persen,
    acuan: Decimal | None = Decimal(100),
) -> Grafik:
    """Lay out a grouped horizontal bar chart (one group per category, one bar per series).

    Horizontal, because unit names are long. Values are non-negative (capaian are clamped at 0
    for display, serapan cannot be negative).

    :param id: element id prefix (unique on the page).
    :param judul: the chart's title (``<title>``).
    :param deskripsi: one sentence for screen readers (``<desc>``).
    :param kategori: category labels, top to bottom.
    :param seri: the series; each has one value per category.
    :param format_nilai: how a value is printed next to its bar.
    :param acuan: draw a dashed reference line at this value (None: none).
    :return: the chart.
    """
    semua = [v for s in seri for v in s.nilai]
    maks = _skala_maks(semua, acuan)
    lebar_plot = _LEBAR - _KIRI - _KANAN
    tinggi_kelompok = len(seri) * (_TINGGI_BATANG + _JARAK_BATANG) + _JARAK_KELOMPOK
    tinggi_plot = max(len(kategori), 1) * tinggi_kelompok
    bawah_plot = _ATAS + tinggi_plot

    def x(nilai: Decimal) -> float:
        return _KIRI + float(nilai / maks) * lebar_plot

    jarak_legenda = min(170.0, (_LEBAR - _KIRI) / max(len(seri), 1))
    legenda = tuple(
        Legenda(_KIRI + i * jarak_legenda, 6.0, WARNA_SERI[i % len(WARNA_SERI)], s.nama,
                _KIRI + i * jarak_legenda + 16, 16.0)
        for i, s in enumerate(seri)
    )
    garis: list[Garis] = [Garis(_KIRI, _ATAS - 4, _KIRI, bawah_plot)]
    teks: list[Teks] = []
    for i in range(5):
        nilai = maks * i / 4
        posisi = x(nilai)
        if i:
            garis.append(Garis(posisi, _ATAS - 4, posisi, bawah_plot))
        teks.append(Teks(posisi, bawah_plot + 16, format_nilai(nilai).replace(",00", ""), "middle"))
    if acuan is not None:
        garis.append(Garis(x(acuan), _ATAS - 8, x(acuan), bawah_plot, acuan=True))

    batang: list[Batang] = []
    for k, nama in enumerate(kategori):
        atas = _ATAS + k * tinggi_kelompok
        teks.append(Teks(_KIRI - 8, atas + (tinggi_kelompok - _JARAK_KELOMPOK) / 2 + 4, _singkat(nama), "end",
                         nama if _singkat(nama) != nama else ""))
        for i, s in enumerate(seri):
            nilai = s.nilai[k]
            y = atas + i * (_TINGGI_BATANG + _JARAK_BATANG)
            label = format_nilai(nilai) if nilai is not None else TANPA_NILAI
            lebar = x(nilai) - _KIRI if nilai is not None else 0.0
            batang.append(Batang(
                x=_KIRI, y=y, lebar=round(lebar, 2), tinggi=_TINGGI_BATANG, warna=WARNA_SERI[i % len(WARNA_SERI)],
                judul=f"{nama} \u2013 {s.nama}: {label}", label=label, label_x=round(_KIRI + lebar + 4, 2),
                label_y=y + _TINGGI_BATANG - 3, terukur=nilai is not None,
            ))
    return Grafik(
        id=id, judul=judul, deskripsi=deskripsi, lebar=_LEBAR, tinggi=bawah_plot + _BAWAH,
        batang=tuple(batang), teks=tuple(teks), garis=tuple(garis), legenda=legenda,
    )


def grafik_capaian_triwulan(unit: Sequence[UnitData], per_triwulan: Mapping[int, PengukuranUnit]) -> Grafik:
    """Capaian kinerja (mean to date) per unit, one bar per triwulan.

    :param unit: the units, in display order.
    :param per_triwulan: ``{1..4: PengukuranUnit}`` of one plan.
    :return: the chart.
    """
    seri = [
        Seri(p.periode.label, tuple(p.per_unit[u.id].capaian_sd for u in unit))
        for _, p in sorted(per_triwulan.items())
    ]
    return batang_horizontal(
        id="grafik-capaian-triwulan",
        judul="Capaian kinerja per unit kerja per triwulan",
        deskripsi="Rata-rata capaian kinerja s.d. akhir setiap triwulan untuk setiap unit kerja; garis putus-putus "
                  "menandai 100%. Unit tanpa data ditandai belum terukur.",
        kategori=[u.nama for u in unit],
        seri=seri,
    )


def grafik_serapan_capaian(unit: Sequence[UnitData], pengukuran: PengukuranUnit) -> Grafik:
    """Serapan anggaran against capaian kinerja per unit, both to date, for one period.

    :param unit: the units, in display order.
    :param pengukuran: the measurement of the period.
    :return: the chart.
    """
    serapan = []
    for u in unit:
        s = pengukuran.per_unit[u.id].serapan
        serapan.append(s.persen_target_sd if s is not None else None)
    label = pengukuran.periode.label
    return batang_horizontal(
        id="grafik-serapan-capaian",
        judul=f"Serapan anggaran dan capaian kinerja per unit kerja \u2013 {label}",
        deskripsi=f"Untuk setiap unit kerja: rata-rata capaian kinerja s.d. {label} dan serapan anggaran terhadap "
                  f"target anggaran s.d. {label}.",
        kategori=[u.nama for u in unit],
        seri=[
            Seri("Capaian kinerja", tuple(pengukuran.per_unit[u.id].capaian_sd for u in unit)),
            Seri("Serapan anggaran", tuple(serapan)),
        ],
    )


def svg_html(g: Grafik) -> Markup:
    """The chart as inline SVG in a ``<figure>``: every position comes from the builders above; this
    only prints them, escaped (the macro ``svg`` of ``sipekerja/pengukuran/_grafik.html`` calls it).
    Written out in Python rather than Jinja: a chart has some fifty elements, and a page after a
    verified write draws two of them again.

    :param g: the chart.
    :return: the markup.
    """
    # Positions are numbers (nothing to escape); every text is escaped.
    e = escape
    gid = e(g.id)
    isi = [f'<figure class="mb-4" data-grafik="{gid}">\n'
           f'  <figcaption class="small fw-semibold mb-1">{e(g.judul)}</figcaption>\n'
           f'  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {g.lebar} {g.tinggi}" width="100%" '
           f'role="img"\n       aria-labelledby="{gid}-judul {gid}-desk" font-family="system-ui, sans-serif" '
           f'font-size="12" class="d-block">\n'
           f'    <title id="{gid}-judul">{e(g.judul)}</title>\n'
           f'    <desc id="{gid}-desk">{e(g.deskripsi)}</desc>\n    ']
    for lg in g.legenda:
        isi.append(f'\n    <rect x="{lg.x}" y="{lg.y}" width="12" height="12" fill="{e(lg.warna)}"></rect>\n'
                   f'    <text x="{lg.teks_x}" y="{lg.teks_y}" fill="#212529">{e(lg.nama)}</text>\n    ')
    isi.append("\n    ")
    for gr in g.garis:
        garis = ' stroke="#212529" stroke-dasharray="4 3"' if gr.acuan else ' stroke="#ced4da"'
        isi.append(f'\n    <line x1="{gr.x1}" y1="{gr.y1}" x2="{gr.x2}" y2="{gr.y2}"{garis} '
                   'stroke-width="1"></line>\n    ')
    isi.append("\n    ")
    for t in g.teks:
        judul = f"<title>{e(t.judul)}</title>" if t.judul else ""
        isi.append(f'\n    <text x="{t.x}" y="{t.y}" text-anchor="{e(t.rata)}" fill="#212529">{judul}'
                   f'{e(t.isi)}</text>\n    ')
    isi.append("\n    ")
    for b in g.batang:
        miring = "" if b.terukur else ' font-style="italic"'
        isi.append(f'\n    <g data-terukur="{"ya" if b.terukur else "tidak"}">\n'
                   f'      <rect x="{b.x}" y="{b.y}" width="{b.lebar}" height="{b.tinggi}" '
                   f'fill="{e(b.warna)}"><title>{e(b.judul)}</title></rect>\n'
                   f'      <text x="{b.label_x}" y="{b.label_y}" font-size="11" '
                   f'fill="{"#212529" if b.terukur else "#6c757d"}"{miring}>{e(b.label)}</text>\n'
                   '    </g>\n    ')
    isi.append("\n  </svg>\n</figure>")
    return Markup("".join(isi))
