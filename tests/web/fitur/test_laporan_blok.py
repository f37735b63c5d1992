"""The Target dan Capaian Kerja page from cached row blocks (views/laporan_blok.py): after a write
the page is exactly a fresh render, only the rows whose inputs the write changed are built again,
and the page shows one triwulan with the others as tabs."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.pohon import pohon_rencana
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import UnitKerja
from sipekerja_module.queries.rencana import load_rencana
from tests.web.fitur.conftest import kosongkan_cache

URL = "/sipekerja/laporan/target-capaian?tahun=2024&belum_diverifikasi=1"


def _ubah_realisasi(app, model, kolom, induk_id: int, bulan: int) -> None:
    with app.app_context():
        baris = db.session.scalar(select(model).where(getattr(model, kolom) == induk_id, model.bulan == bulan))
        baris.nilai += 1
        db.session.commit()


def _sub_kegiatan_ppik(app, demo) -> int:
    with app.app_context():
        return db.session.scalar(
            select(NodeRencana.id).join(RealisasiAnggaran, RealisasiAnggaran.node_id == NodeRencana.id)
            .where(NodeRencana.unit_kerja_id == demo.unit["BKPSDM-PPIK"], RealisasiAnggaran.bulan == 2)
            .order_by(NodeRencana.id).limit(1))


def _baris_di_jalur(app, demo, node_id: int) -> int:
    """How many tree rows lie on the path from the root to the sub kegiatan row of ``node_id``."""
    with app.app_context():
        pd_id = db.session.get(UnitKerja, demo.unit["BKPSDM-PPIK"]).perangkat_daerah_id
        data = load_rencana(perangkat_daerah_id=pd_id, tahun_id=demo.tahun)
    jalur: list[int] = []
    for b in pohon_rencana(data):
        if b.jenis == "indikator":
            continue
        while jalur and jalur[-1] >= b.kedalaman:
            jalur.pop()
        jalur.append(b.kedalaman)
        if b.jenis == "sub_kegiatan" and node_id in b.node_ids:
            return len(jalur)
    raise AssertionError(node_id)


@pytest.mark.parametrize("triwulan", ["", "&triwulan=1", "&triwulan=4"])
def test_after_writes_the_page_from_blocks_is_exactly_a_fresh_render(app, client_as, demo, triwulan):
    client = client_as("utama")
    url = URL + triwulan
    client.get(url)
    _ubah_realisasi(app, RealisasiKinerja, "indikator_id", demo.ind["BKPSDM-PPIK"], 2)
    _ubah_realisasi(app, RealisasiAnggaran, "node_id", _sub_kegiatan_ppik(app, demo), 2)
    dari_blok = _laporan(client.get(url).get_data(as_text=True))
    kosongkan_cache(app)
    assert _laporan(client.get(url).get_data(as_text=True)) == dari_blok


def _laporan(html: str) -> str:
    """The report itself (the page's head carries a per-request CSRF token)."""
    return re.search(r"<article.*</article>", html, re.S).group(0)


def test_a_write_rebuilds_only_the_rows_whose_inputs_it_changed(app, client_as, demo, blok_baru):
    client = client_as("utama")
    client.get(URL)
    jumlah_baris = len(blok_baru[0])
    assert jumlah_baris > 50  # the first view built every row

    _ubah_realisasi(app, RealisasiKinerja, "indikator_id", demo.ind["BKPSDM-PPIK"], 2)
    client.get(URL)
    assert len(blok_baru[1]) == 1  # that indicator's row, nothing else

    node_id = _sub_kegiatan_ppik(app, demo)
    _ubah_realisasi(app, RealisasiAnggaran, "node_id", node_id, 2)
    client.get(URL)
    # The sub kegiatan's row and every row above it in the tree (they sum its budget).
    assert len(blok_baru[2]) == _baris_di_jalur(app, demo, node_id) >= 4

    client.get(URL)
    assert len(blok_baru) == 3  # a repeat view builds nothing


def test_the_page_shows_the_latest_reported_triwulan_and_the_others_as_tabs(client_as, demo):
    client = client_as("utama")
    # The demo's latest realisasi is May's (the IKU, outside the units' verification, count as verified).
    for url, aktif in (("/sipekerja/laporan/target-capaian?tahun=2024", "II"), (URL, "II")):
        html = client.get(url).get_data(as_text=True)
        assert re.findall(r'data-bagian="(Triwulan [IV]+)"', html) == [f"Triwulan {aktif}"]
        tab = re.findall(r'<a class="nav-link( active)?" href="([^"]+)" data-triwulan="(\d)"', html)
        assert [t[2] for t in tab] == ["1", "2", "3", "4"]
        assert [t[2] for t in tab if t[0]] == [str(("I", "II").index(aktif) + 1)]
        for _, href, nomor in tab:
            assert f"triwulan={nomor}" in href and "tahun=2024" in href
            assert ("belum_diverifikasi=1" in href) == (url == URL)
    pilih = client.get(URL + "&triwulan=4").get_data(as_text=True)
    assert re.findall(r'data-bagian="(Triwulan [IV]+)"', pilih) == ["Triwulan IV"]
    assert 'data-panel-triwulan="4"' in pilih


def test_downloads_still_print_every_triwulan(client_as, demo):
    import io

    import openpyxl

    buku = openpyxl.load_workbook(io.BytesIO(client_as("utama").get(
        "/sipekerja/laporan/target-capaian/xlsx?tahun=2024").data))
    assert [ws.title for ws in buku.worksheets][:4] == [f"Triwulan {r}" for r in ("I", "II", "III", "IV")]
