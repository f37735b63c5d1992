"""The Laporan page offers *Target dan Capaian Kerja* "per bulan" or "kumulatif" and per triwulan;
the printout (PDF and XLSX) says which in its title block."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.integration.test_reports import _teks_pdf

URL = "/sipekerja/laporan"


def test_laporan_page_offers_per_bulan_or_kumulatif_and_a_triwulan(client_as, demo):
    teks = client_as("utama").get(f"{URL}/?tahun=2024").get_data(as_text=True)
    assert 'name="susunan"' in teks and 'value="per-bulan"' in teks and 'value="kumulatif"' in teks
    assert 'name="triwulan"' in teks


@pytest.mark.parametrize("susunan, judul, sub", [
    ("per-bulan", "— PER BULAN", "Susunan: per bulan"),
    ("kumulatif", "— KUMULATIF", "Susunan: kumulatif"),
    ("", "— KUMULATIF", "Susunan: kumulatif"),
])
def test_the_printout_says_which_layout_in_its_title_block(client_as, demo, susunan, judul, sub):
    client = client_as("pimpinan")
    awal = " ".join(_teks_pdf(client.get(f"{URL}/target-capaian/pdf?tahun=2024&susunan={susunan}"
                                         "&triwulan=1").data)[0].split())
    assert f"TARGET DAN CAPAIAN KERJA TAHUN 2024 {judul}" in awal and sub in awal
    buku = openpyxl.load_workbook(io.BytesIO(client.get(f"{URL}/target-capaian/xlsx?tahun=2024&susunan={susunan}"
                                                        ).data))
    nilai = [c.value for row in buku.worksheets[0].iter_rows(max_row=10) for c in row if c.value]
    assert f"TARGET DAN CAPAIAN KERJA TAHUN 2024 {judul}" in nilai and sub in nilai
    halaman = client.get(f"{URL}/target-capaian?tahun=2024&susunan={susunan}").get_data(as_text=True)
    assert sub in halaman


def test_a_triwulan_filter_prints_that_triwulan_only(client_as, demo):
    response = client_as("utama").get(f"{URL}/target-capaian/xlsx?tahun=2024&susunan=per-bulan&triwulan=2")
    assert response.headers["Content-Disposition"].endswith("target-capaian-kerja-2024-per-bulan-tw2.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames == ["Triwulan II"]
    halaman = client_as("utama").get(f"{URL}/target-capaian?tahun=2024&triwulan=3").get_data(as_text=True)
    assert 'data-bagian="Triwulan III"' in halaman and 'data-bagian="Triwulan I"' not in halaman


@pytest.mark.parametrize("query, pesan", [("susunan=tahunan", "Susunan laporan tidak dikenal"),
                                          ("triwulan=5", "Triwulan tidak dikenal")])
def test_an_unknown_layout_or_triwulan_is_refused_in_indonesian(client_as, demo, query, pesan):
    for akhir in ("", "/pdf", "/xlsx"):
        response = client_as("utama").get(f"{URL}/target-capaian{akhir}?tahun=2024&{query}")
        assert response.status_code == 400 and pesan in response.get_data(as_text=True)


def test_the_per_bulan_pdf_prints_one_month_per_section_and_a_triwulan_filter_keeps_its_three(client_as, demo):
    # Three months beside five name columns break words on a landscape page; one month leaves room.
    teks = " ".join(" ".join(h.split()) for h in _teks_pdf(
        client_as("utama").get(f"{URL}/target-capaian/pdf?tahun=2024&susunan=per-bulan&triwulan=2").data))
    assert "April (Triwulan II)" in teks and "Mei (Triwulan II)" in teks and "Juni (Triwulan II)" in teks
    assert "Maret (Triwulan I)" not in teks and "Juli (Triwulan III)" not in teks
    assert "Meningkatnya" in teks and "PENUNJANG" in teks  # whole words: the name columns are wide enough
