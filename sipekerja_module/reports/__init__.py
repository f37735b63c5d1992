"""Printable reports (PDF, XLSX) built from plain dataclasses; never touch the database.

Three layers, each testable alone:

- :mod:`.model` — a neutral report: sections (one PDF table / one sheet each) with columns,
  header cells with spans, and body rows of typed cells (printed text plus the number);
- :mod:`.tables` — pure builders from :mod:`sipekerja_module.domain` dataclasses to that model:
  ``laporan_pengukuran``, ``laporan_target_capaian``, ``lampiran_pk``; all formatting and
  rounding happens here, through :mod:`sipekerja_module.domain.angka`;
- :mod:`.pdf` (reportlab) and :mod:`.xlsx` (xlsxwriter) — renderers that only lay out.

Beside them, :mod:`.kop` builds the letterhead and signature blocks from settings and plain
values, and :mod:`.grafik` places the SVG charts of the Pengukuran page.

Typical use in a view::

    data = load_rencana(perangkat_daerah_id=..., tahun_id=..., unit_kerja_id=...)
    laporan = laporan_pengukuran(data, hitung_pengukuran(data, periode, load_skala_aktif(pd_id)))
    pdf = render_pdf(laporan, ukuran="A4", kop=kop, ttd=ttd)
"""
