"""The SVG charts of the Pengukuran page (``reports/grafik.py``): labels that fit."""

from __future__ import annotations

from decimal import Decimal

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
