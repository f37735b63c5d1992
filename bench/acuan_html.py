"""The reference page for the size of the Target dan Capaian Kerja page (issue 18: within 2x).

The same cells as the page shows by default (the triwulan of the latest month with realisasi,
verified data), written by hand as the plainest HTML that shows them: a heading and one table,
``<tr><td>text</td>…</tr>``, no attributes, no whitespace, no portal around it. The cells come
from the module's report builder, so both pages hold exactly the same texts.
"""

from __future__ import annotations

from markupsafe import escape


def halaman_acuan_target_capaian(app, perangkat_daerah_id: int, tahun: int) -> str:
    """The reference HTML of the measured agency's Target dan Capaian Kerja, default triwulan."""
    from sqlalchemy import select

    from portal_stub.extensions import db
    from sipekerja_module.domain.pengukuran import DeretBulanan
    from sipekerja_module.domain.periode import bulan_dalam_triwulan
    from sipekerja_module.domain.periode import triwulan_dari_bulan
    from sipekerja_module.models import Tahun
    from sipekerja_module.queries.rencana import load_rencana
    from sipekerja_module.reports.tables import bagian_target_capaian
    from sipekerja_module.reports.tables import baris_target_capaian

    with app.app_context():
        tahun_id = db.session.scalar(select(Tahun.id).filter_by(tahun=tahun))
        data = load_rencana(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id, hanya_terverifikasi=True)
        triwulan = triwulan_dari_bulan(data.bulan_realisasi_terakhir or 1)
        bagian = bagian_target_capaian(triwulan, baris_target_capaian(data, DeretBulanan(data),
                                                                      bulan_dalam_triwulan(triwulan)))
    isi = [f"<!doctype html><title>Target dan Capaian Kerja</title><h1>{escape(data.perangkat_daerah_nama)}</h1>",
           f"<h2>{escape(bagian.judul)}</h2><table><thead>"]
    for r in range(bagian.jumlah_baris_judul):
        isi.append("<tr>")
        for sj in sorted((s for s in bagian.judul_kolom if s.baris == r), key=lambda s: s.kolom):
            isi.append(f"<th rowspan={sj.tinggi} colspan={sj.lebar}>{escape(sj.teks)}</th>")
        isi.append("</tr>")
    isi.append("</thead><tbody>")
    for b in bagian.baris:
        isi.append("<tr>" + "".join(f"<td>{escape(sel.teks)}</td>" for sel in b.sel) + "</tr>")
    isi.append("</tbody></table>")
    return "".join(isi)
