"""Pengukuran Kerja page: the domain's capaian and predikat on screen, belum lapor never 0%,
Bidang limited to its unit, Pimpinan read-only, period validation, SVG charts, bounded queries."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.angka import format_persen
from sipekerja_module.domain.capaian import tampilkan_capaian
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.predikat import tentukan_predikat
from sipekerja_module.models import Indikator
from sipekerja_module.reports import grafik
from tests.integration.test_monitoring import _perbesar
from tests.integration.test_reports import DIPANTAU
from tests.integration.test_reports import _capaian_langsung
from tests.querycount import QueryCounter

URL = "/sipekerja/pengukuran/"


def _page(client, query: str = "") -> str:
    response = client.get(f"{URL}?tahun=2024{query}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _id_indikator(app, uraian: str) -> int:
    with app.app_context():
        return db.session.execute(select(Indikator.id).filter_by(uraian=uraian)).scalar_one()


def _baris_indikator(page: str, indikator_id: int) -> str:
    cocok = re.search(rf'<tr data-jenis="indikator" data-indikator="{indikator_id}"[^>]*>(.*?)</tr>', page, re.S)
    assert cocok, indikator_id
    return cocok.group(0)


def _sel(baris: str, atribut: str) -> str:
    return re.search(rf"{atribut}>([^<]*)<", baris).group(1).strip()  # the end tag is optional (reports/html.py)


def test_default_period_is_the_triwulan_of_the_latest_realisasi(client_as, demo):
    page = _page(client_as("utama"))
    # The demo has realisasi January–May: Triwulan II.
    assert "Pengukuran Kerja — Triwulan II 2024" in page
    assert '<option value="tw2" selected' in page


@pytest.mark.parametrize("periode", [Periode.triwulanan(2), Periode.tahunan(), Periode.bulanan(3)])
def test_capaian_and_predikat_on_the_page_equal_the_domain(app, client_as, demo, periode):
    page = _page(client_as("utama"), f"&periode={periode.kode}")
    with app.app_context():
        for uraian in DIPANTAU:
            langsung = _capaian_langsung(db.session, uraian, periode)
            baris = _baris_indikator(page, _id_indikator(app, uraian))
            assert _sel(baris, "data-capaian-sd") == format_persen(tampilkan_capaian(langsung.capaian_sd)), uraian
            assert _sel(baris, "data-capaian-tahunan") == format_persen(tampilkan_capaian(langsung.capaian_tahunan))
            # The predikat is a label (never colour alone) with its colour class.
            band = tentukan_predikat(langsung.capaian_sd)
            assert f'<span class="badge text-bg-{band.warna}" data-predikat="{band.label}">{band.label}</span>' in baris


def test_a_month_not_reported_shows_the_april_figure_labelled_data_sd_april(app, client_as, demo):
    # Bidang Mutasi has not reported May in the demo. Regression (issue 13): the row used to say
    # "belum lapor" and hide April; now it shows the latest known figure, labelled.
    page = _page(client_as("mutasi"), "&periode=b5")
    baris = _baris_indikator(page, _id_indikator(app, "Jumlah ASN yang Diproses Mutasinya"))
    april = _baris_indikator(_page(client_as("mutasi"), "&periode=b4"),
                             _id_indikator(app, "Jumlah ASN yang Diproses Mutasinya"))
    assert "data-belum-lapor" not in baris
    assert "data s.d. April" in baris and "data s.d." not in april
    assert _sel(baris, "data-capaian-sd") == _sel(april, "data-capaian-sd") != "–"
    assert "data-predikat" in baris
    assert "Σ realisasi Jan–Apr" in baris  # the explanation says which months were compared


def test_roll_ups_show_mean_capaian_and_counts_per_predikat(client_as, demo):
    page = _page(client_as("utama"), "&periode=tw2")
    for jenis in ("sasaran", "program", "kegiatan", "sub_kegiatan"):
        assert f'<tr data-jenis="{jenis}"' in page
    assert "data-sebaran=" in page
    assert 'id="tabel-anggaran"' in page and "data-serapan-pagu" in page and "data-serapan-target" in page


def test_bidang_sees_only_its_unit_and_another_unit_is_refused(app, client_as, demo):
    client = client_as("ppik")
    page = _page(client)
    assert "Jumlah ASN yang Diproses Mutasinya" not in page
    assert "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian" in page
    assert 'id="tabel-peringkat"' not in page  # the ranking is for Utama and Pimpinan
    assert "<svg" in page
    lain = client.get(f"{URL}?tahun=2024&unit={demo.unit['BKPSDM-MUTASI']}")
    assert lain.status_code == 403
    assert "Anda tidak berhak melihat data Pengukuran Kerja ini." in lain.get_data(as_text=True)
    assert client.get(f"{URL}?tahun=2024&unit=999999").status_code == 404
    # Its own unit by id is fine.
    assert client.get(f"{URL}?tahun=2024&unit={demo.unit['BKPSDM-PPIK']}").status_code == 200


def test_utama_and_pimpinan_see_every_unit_ranked_per_triwulan(client_as, demo):
    for key in ("utama", "pimpinan"):
        page = _page(client_as(key), "&periode=tw2")
        assert 'id="tabel-peringkat-triwulan"' in page and 'id="tabel-peringkat"' in page
        for kode in ("BKPSDM-PPIK", "BKPSDM-MUTASI", "BKPSDM-SEKRETARIAT"):
            assert f'<tr data-unit="{demo.unit[kode]}">' in page
        assert "Jumlah ASN yang Diproses Mutasinya" in page
        narrowed = _page(client_as(key), f"&unit={demo.unit['BKPSDM-PPIK']}")
        assert "Jumlah ASN yang Diproses Mutasinya" not in narrowed
        # The ranking still covers the whole agency.
        assert f'<tr data-unit="{demo.unit["BKPSDM-MUTASI"]}">' in narrowed


def test_pimpinan_is_read_only(client_as, demo):
    client = client_as("pimpinan")
    page = _page(client)
    # The only form that posts is the module sign-out.
    assert page.count('method="post"') == 1 and "auth/logout" in page
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("kode", ["tw5", "b13", "b0", "minggu1", "tahun2"])
def test_an_unknown_period_is_404_with_an_indonesian_message(client_as, demo, kode):
    response = client_as("utama").get(f"{URL}?tahun=2024&periode={kode}")
    assert response.status_code == 404
    assert "Periode tidak dikenal" in response.get_data(as_text=True)


def test_charts_are_svg_with_a_title_and_text_labels(client_as, demo):
    page = _page(client_as("utama"), "&periode=tw2")
    charts = re.findall(r"<svg\b.*?</svg>", page, re.S)
    assert len(charts) == 2
    for svg in charts:
        assert re.search(r'<title id="grafik-[a-z-]+-judul">[^<]+</title>', svg)
        assert "<desc" in svg and 'role="img"' in svg
        assert "%</text>" in svg  # values are written, not only drawn
    assert "Capaian kinerja per unit kerja per triwulan" in charts[0]
    assert "Bidang Mutasi dan Promosi \u2013 Triwulan I:" in charts[0]
    # Triwulan IV has no data in the demo: labelled, never a 0% bar.
    assert "belum terukur" in charts[0]
    assert not re.search(r'\sstyle="', page)  # CSP default-src 'self': no inline style attribute
    assert "<script>" not in page


def test_chart_builder_marks_undefined_values_and_scales_above_100():
    g = grafik.batang_horizontal(id="uji", judul="Uji <grafik>", deskripsi="d", kategori=["A", "B"],
                                 seri=[grafik.Seri("S", (Decimal("150"), None))])
    terukur, kosong = g.batang
    assert terukur.terukur and terukur.label == "150,00%" and terukur.lebar > 0
    assert not kosong.terukur and kosong.lebar == 0 and kosong.label == grafik.TANPA_NILAI
    # The axis reaches the largest value; the 100% reference line sits inside it.
    acuan = [garis for garis in g.garis if garis.acuan][0]
    assert grafik._KIRI < acuan.x1 < terukur.x + terukur.lebar


def test_page_does_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as, demo):
    klien = {"utama": client_as("utama"), "ppik": client_as("ppik"), "pimpinan": client_as("pimpinan")}
    urls = [("utama", "&periode=tw2"), ("utama", f"&unit={demo.unit['BKPSDM-PPIK']}"), ("utama", "&periode=tahun"),
            ("ppik", "&periode=b5"), ("pimpinan", "")]
    with app.app_context():
        engine = db.engine
    kecil = {}
    for key, query in urls:
        with QueryCounter(engine) as q:
            _page(klien[key], query)
        kecil[(key, query)] = q.count
    with app.app_context():
        _perbesar(db.session, kali=9)
        db.session.commit()
    for key, query in urls:
        with QueryCounter(engine) as q:
            _page(klien[key], query)
        assert q.count == kecil[(key, query)], (key, query, kecil[(key, query)], q.count)
        assert q.count <= 30, (key, query, q.count)
    print("query counts:", kecil)
