"""The plan tree from cached row blocks (views/pohon_blok.py): after writes the page is exactly a
fresh render, a realisasi write renders no row again and a plan write only the rows it changed,
and a row never serves a viewer with other rights."""

from __future__ import annotations

import re

from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import Indikator
from sipekerja_module.models import RealisasiKinerja
from tests.web.fitur.conftest import kosongkan_cache

URL = "/sipekerja/perencanaan/?tahun=2024"


def _pohon(html: str) -> str:
    return re.search(r'<table class="table table-sm table-hover align-middle" id="pohon-rencana">.*?</table>',
                     html, re.S).group(0)


def _ubah_realisasi(app, demo) -> None:
    with app.app_context():
        baris = db.session.scalar(select(RealisasiKinerja).filter_by(indikator_id=demo.ind["BKPSDM-PPIK"], bulan=2))
        baris.nilai += 1
        db.session.commit()


def _ganti_uraian(app, demo, uraian: str) -> None:
    with app.app_context():
        db.session.get(Indikator, demo.ind["BKPSDM-PPIK"]).uraian = uraian
        db.session.commit()


def test_after_writes_the_tree_from_blocks_is_exactly_a_fresh_render(app, client_as, demo):
    utama, ppik = client_as("utama"), client_as("ppik")
    halaman = [(utama, URL), (utama, f"{URL}&unit={demo.unit['BKPSDM-PPIK']}"), (ppik, URL)]
    for c, url in halaman:
        c.get(url)
    for tulis in (lambda: _ubah_realisasi(app, demo), lambda: _ganti_uraian(app, demo, "Uraian <baru>")):
        tulis()
        dari_blok = [_pohon(c.get(url).get_data(as_text=True)) for c, url in halaman]
        kosongkan_cache(app)
        assert [_pohon(c.get(url).get_data(as_text=True)) for c, url in halaman] == dari_blok
    assert all("Uraian &lt;baru&gt;" in p for p in dari_blok)


def test_a_realisasi_write_renders_no_row_and_a_plan_write_only_its_row(app, client_as, demo, blok_baru):
    utama = client_as("utama")
    utama.get(URL)
    assert len(blok_baru) == 1 and len(blok_baru[0]) > 50  # the first view rendered every row

    _ubah_realisasi(app, demo)
    assert 'data-status-rencana' in utama.get(URL).get_data(as_text=True)  # the page is rendered again...
    assert len(blok_baru) == 1  # ...from the stored rows

    _ganti_uraian(app, demo, "Uraian yang baru")
    assert "Uraian yang baru" in utama.get(URL).get_data(as_text=True)
    assert len(blok_baru) == 2 and len(blok_baru[1]) == 1  # that indicator's row


def test_a_row_never_serves_a_viewer_with_other_rights(app, client_as, demo, blok_baru):
    unit = demo.unit["BKPSDM-PPIK"]
    utama = client_as("utama").get(f"{URL}&unit={unit}").get_data(as_text=True)
    ppik = client_as("ppik").get(URL).get_data(as_text=True)
    assert "+ IKU" in utama and "+ IKU" not in ppik
    # The same unit's rows, but Utama's may add IKU: none of Utama's rows serves the Bidang account.
    assert len(blok_baru) == 2 and not set(blok_baru[0]) & set(blok_baru[1])
    kosongkan_cache(app)
    assert _pohon(client_as("ppik").get(URL).get_data(as_text=True)) == _pohon(ppik)
