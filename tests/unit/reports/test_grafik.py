"""The SVG charts of the Pengukuran page (``reports/grafik.py``): labels that fit."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth

from sipekerja_module.reports import grafik

#: DejaVu Sans (Debian's default sans serif, what Chromium prints these charts with) is about a
#: tenth wider than Helvetica, whose metrics reportlab carries.
_DEJAVU_TERHADAP_HELVETICA = 1.1
NAMA_PANJANG = ("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian",
                "Bidang Pengembangan Kompetensi Aparatur", "Bidang Penilaian Kinerja Aparatur dan Penghargaan")


def test_every_category_label_fits_left_of_the_plot_with_its_full_name_as_a_tooltip():
    """A long unit name is cut with an ellipsis so that it fits the space left of the bars at the
    chart's 12 px, or its first letters are clipped (seen in a printed Pengukuran page)."""
    g = grafik.batang_horizontal(id="uji", judul="Uji", deskripsi="Uji", kategori=list(NAMA_PANJANG),
                                 seri=[grafik.Seri("Capaian kinerja", (Decimal(90),) * len(NAMA_PANJANG))])
    label = [t for t in g.teks if t.rata == "end"]
    assert len(label) == len(NAMA_PANJANG)
    for t, nama in zip(label, NAMA_PANJANG, strict=True):
        lebar = stringWidth(t.isi, "Helvetica", 12) * _DEJAVU_TERHADAP_HELVETICA
        assert lebar <= t.x, (t.isi, lebar, t.x)
        assert t.isi == nama or (t.isi.endswith("\u2026") and t.judul == nama)


#: The chart macro of ``_grafik.html`` before the chart was printed in Python (``grafik.svg_html``):
#: the reference the Python printer must match, character for character.
_MAKRO_JINJA = Path(__file__).with_name("grafik_makro_jinja.html")


def _grafik_uji() -> list[grafik.Grafik]:
    """Charts with every kind of element: legends, a reference line, labels cut with a tooltip,
    bars without a figure, names that need escaping."""
    nama = ["Bidang <A> & \"B\"", *NAMA_PANJANG]
    seri = [grafik.Seri("Capaian kinerja", (Decimal("90.5"), None, Decimal(120), Decimal("0"))),
            grafik.Seri("Serapan 'anggaran'", (Decimal(40), Decimal("66.66"), None, Decimal(100)))]
    return [grafik.batang_horizontal(id="uji", judul="Uji <judul>", deskripsi="A & B", kategori=nama, seri=seri,
                                     acuan=Decimal(100)),
            grafik.batang_horizontal(id="satu", judul="Satu", deskripsi="Satu", kategori=nama[:1],
                                     seri=[grafik.Seri("X", (None,))])]


def test_the_chart_printed_in_python_is_the_markup_the_jinja_macro_printed():
    from jinja2 import Environment

    makro = Environment(autoescape=True).from_string(_MAKRO_JINJA.read_text()).module.svg
    for g in _grafik_uji():
        assert g.legenda and g.garis and g.teks and g.batang
        assert str(grafik.svg_html(g)) == str(makro(g))
    g = _grafik_uji()[0]
    assert any(t.judul for t in g.teks) and any(not b.terukur for b in g.batang) and any(x.acuan for x in g.garis)
