"""CSV export of every report table (issue 17, Data out): the same numbers as the XLSX, one CSV per
section (a ZIP when there are several, ``?bagian=N`` for one), Excel id-ID conventions."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from decimal import Decimal

import openpyxl
import pytest

from portal_stub.extensions import db
from sipekerja_module.models import Pengguna
from tests.integration.test_monitoring import _perbesar
from tests.masuk import masuk
from tests.querycount import assert_kueri_tetap
from tests.web.fitur.test_kabupaten import dua_pd  # noqa: F401 - the fixture

URL = "/sipekerja/laporan"


def _baca_csv(isi: bytes) -> list[list[str]]:
    assert isi.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(isi.decode("utf-8-sig"), newline=""), delimiter=";"))


def _angka_csv(baris: list[list[str]]) -> Counter:
    hasil = Counter()
    for b in baris:
        for sel in b:
            teks = sel.replace(",", ".")
            try:
                hasil[round(float(Decimal(teks)), 6)] += 1
            except ArithmeticError:
                continue
    return hasil


def _angka_xlsx(lembar) -> Counter:
    return Counter(round(float(c.value), 6) for row in lembar.iter_rows() for c in row
                   if isinstance(c.value, (int, float)) and not isinstance(c.value, bool))


@pytest.mark.parametrize("jenis, query", [("target-capaian", ""), ("target-capaian", "&susunan=per-bulan"),
                                          ("pengukuran", "&periode=tw1"), ("lampiran-pk", "")])
def test_every_section_has_the_numbers_of_its_xlsx_sheet(client_as, jenis, query):
    client = client_as("utama")
    xlsx = client.get(f"{URL}/{jenis}/xlsx?tahun=2024{query}")
    unduh = client.get(f"{URL}/{jenis}/csv?tahun=2024{query}")
    assert xlsx.status_code == unduh.status_code == 200
    buku = openpyxl.load_workbook(io.BytesIO(xlsx.data), read_only=True)
    if unduh.mimetype == "application/zip":
        arsip = zipfile.ZipFile(io.BytesIO(unduh.data))
        bagian = [_baca_csv(arsip.read(n)) for n in arsip.namelist()]
        assert unduh.headers["Content-Disposition"].endswith("-csv.zip")
    else:
        assert unduh.mimetype == "text/csv" and unduh.headers["Content-Disposition"].endswith(".csv")
        bagian = [_baca_csv(unduh.data)]
    assert len(bagian) == len(buku.worksheets)
    for isi, lembar in zip(bagian, buku.worksheets, strict=True):
        assert _angka_csv(isi) == _angka_xlsx(lembar), lembar.title
    assert unduh.headers["Cache-Control"] == "private, no-store"


def test_one_section_by_number_and_a_bad_number_is_400(client_as):
    client = client_as("pimpinan")
    semua = zipfile.ZipFile(io.BytesIO(client.get(f"{URL}/target-capaian/csv?tahun=2024").data))
    kedua = client.get(f"{URL}/target-capaian/csv?tahun=2024&bagian=2")
    assert kedua.mimetype == "text/csv" and kedua.data == semua.read(semua.namelist()[1])
    for salah in ("0", "99", "x", "-1"):
        assert client.get(f"{URL}/target-capaian/csv?tahun=2024&bagian={salah}").status_code == 400


def test_bidang_gets_no_report_csv(client_as):
    assert client_as("ppik").get(f"{URL}/pengukuran/csv?tahun=2024").status_code == 403


def test_csv_downloads_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as):
    client = client_as("utama")
    urls = [f"{URL}/{jenis}/csv?tahun=2024" for jenis in ("target-capaian", "pengukuran", "lampiran-pk")]
    assert_kueri_tetap(app, client, urls, lambda s: _perbesar(s, kali=9))


def test_the_kabupaten_report_csv_has_the_numbers_of_its_xlsx(app, demo, dua_pd):
    client = app.test_client()
    with app.app_context():
        masuk(client, db.session.get(Pengguna, dua_pd["kabupaten"]))
    base = "/sipekerja/kabupaten/laporan-pengukuran"
    xlsx = client.get(f"{base}/xlsx?tahun=2024&periode=tw1")
    unduh = client.get(f"{base}/csv?tahun=2024&periode=tw1")
    assert xlsx.status_code == unduh.status_code == 200 and unduh.mimetype == "application/zip"
    arsip = zipfile.ZipFile(io.BytesIO(unduh.data))
    buku = openpyxl.load_workbook(io.BytesIO(xlsx.data), read_only=True)
    assert len(arsip.namelist()) == len(buku.worksheets)
    for nama, lembar in zip(arsip.namelist(), buku.worksheets, strict=True):
        isi = _baca_csv(arsip.read(nama))
        assert _angka_csv(isi) == _angka_xlsx(lembar), lembar.title
        assert any("Dinas Kesehatan" in sel for baris in isi for sel in baris)
    satu = client.get(f"{base}/csv?tahun=2024&periode=tw1&bagian=1")
    assert satu.mimetype == "text/csv" and satu.data == arsip.read(arsip.namelist()[0])
