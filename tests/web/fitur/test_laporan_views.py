"""Laporan pages and downloads: Utama and Pimpinan only, the domain's numbers in the PDF (pypdf)
and the XLSX (openpyxl), letterhead and signatories from configuration, A4 vs F4, validation
messages, download headers, rate limit, bounded queries."""

import io
import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
import pytest
from sqlalchemy import delete
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.angka import format_angka
from sipekerja_module.domain.angka import format_persen
from sipekerja_module.domain.capaian import tampilkan_capaian
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.periode import format_tanggal
from sipekerja_module.domain.predikat import tentukan_predikat
from sipekerja_module.models import Indikator
from sipekerja_module.models import Penandatangan
from tests.integration.test_monitoring import _perbesar
from tests.integration.test_reports import DIPANTAU
from tests.integration.test_reports import _capaian_langsung
from tests.integration.test_reports import _cari_baris
from tests.integration.test_reports import _cells_after
from tests.integration.test_reports import _teks_pdf
from tests.querycount import QueryCounter

URL = "/sipekerja/laporan"
JENIS = ("target-capaian", "pengukuran", "lampiran-pk")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _routes():
    yield f"{URL}/?tahun=2024"
    for jenis in JENIS:
        yield f"{URL}/{jenis}?tahun=2024"
        yield f"{URL}/{jenis}/pdf?tahun=2024&ukuran=A4"
        yield f"{URL}/{jenis}/xlsx?tahun=2024"


def _hari_ini(app) -> str:
    return format_tanggal(datetime.now(ZoneInfo(app.config["SIPEKERJA_ZONA_WAKTU"])).date())


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.mark.parametrize("url", list(_routes()))
def test_bidang_gets_403_on_every_report_route(client_as, demo, url):
    response = client_as("ppik").get(url)
    assert response.status_code == 403
    assert "Peran Anda tidak berhak membuka Laporan." in response.get_data(as_text=True)


@pytest.mark.parametrize("url", list(_routes()))
def test_pimpinan_views_and_downloads_every_report_and_nothing_accepts_post(client_as, demo, url):
    client = client_as("pimpinan")
    _get(client, url)
    assert client.post(url).status_code == 405


def test_downloads_are_attachments_with_their_type_and_name(client_as, demo):
    client = client_as("utama")
    pdf = _get(client, f"{URL}/pengukuran/pdf?tahun=2024&periode=tw2&ukuran=F4")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Content-Disposition"] == "attachment; filename=laporan-pengukuran-tw2-2024.pdf"
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in pdf.headers["Cache-Control"]
    xlsx = _get(client, f"{URL}/target-capaian/xlsx?tahun=2024&unit={demo.unit['BKPSDM-PPIK']}")
    assert xlsx.mimetype == XLSX_MIME
    assert xlsx.headers["Content-Disposition"] == "attachment; filename=target-capaian-kerja-2024-bkpsdm-ppik.xlsx"
    assert xlsx.headers["X-Content-Type-Options"] == "nosniff"
    lampiran = _get(client, f"{URL}/lampiran-pk/pdf?tahun=2024&periode=tahun")
    assert lampiran.headers["Content-Disposition"] == "attachment; filename=lampiran-pk-2024.pdf"


def test_pengukuran_pdf_prints_the_domain_numbers_letterhead_and_signature(app, client_as, demo):
    with app.app_context():  # no signer in Referensi: the configured default signs
        db.session.execute(delete(Penandatangan))
        db.session.commit()
    app.config.update(SIPEKERJA_TTD_NAMA="Dr. Sutan <Bagindo> & Ñandu, M.Si.", SIPEKERJA_TTD_NIP="197504121998031008")
    # Triwulan II of the demo is not verified yet: printed only on the explicit choice, which the
    # title block then states.
    isi = _get(client_as("utama"), f"{URL}/pengukuran/pdf?tahun=2024&periode=tw2&belum_diverifikasi=1").data
    halaman = _teks_pdf(isi)
    assert "MEMUAT DATA BELUM DIVERIFIKASI" in halaman[0]
    assert "PEMERINTAH KABUPATEN PASER" in halaman[0]
    assert "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA" in halaman[0]
    assert app.config["SIPEKERJA_ALAMAT_INSTANSI"] in halaman[0]
    assert "Triwulan II Tahun 2024" in halaman[0]
    assert f"Halaman {len(halaman)} dari {len(halaman)}" in halaman[-1]
    assert f"Tana Paser, {_hari_ini(app)}" in halaman[-1]
    # A long jabatan wraps inside its block.
    assert "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" in " ".join(halaman[-1].split())
    assert "Dr. Sutan <Bagindo> & Ñandu, M.Si." in halaman[-1]
    assert "NIP. 19750412 199803 1 008" in halaman[-1]
    with app.app_context():
        for uraian in DIPANTAU:
            langsung = _capaian_langsung(db.session, uraian, Periode.triwulanan(2))
            sel = _cells_after(halaman, uraian, 7)
            assert sel[3] == format_angka(langsung.realisasi_sd, 2), uraian
            assert sel[4] == format_persen(tampilkan_capaian(langsung.capaian_sd)), uraian
            assert sel[5] == format_persen(tampilkan_capaian(langsung.capaian_tahunan)), uraian
            assert sel[6] == tentukan_predikat(langsung.capaian_sd).label, uraian


def test_pengukuran_xlsx_stores_the_domain_numbers_as_numbers(app, client_as, demo):
    isi = _get(client_as("pimpinan"), f"{URL}/pengukuran/xlsx?tahun=2024&periode=tahun&belum_diverifikasi=1").data
    buku = openpyxl.load_workbook(io.BytesIO(isi))
    assert buku.sheetnames == ["Capaian Kinerja", "Realisasi Anggaran", "Peringkat Unit Kerja"]
    ws = buku["Capaian Kinerja"]
    assert ws["A1"].value == "PEMERINTAH KABUPATEN PASER"
    with app.app_context():
        for uraian in DIPANTAU:
            langsung = _capaian_langsung(db.session, uraian, Periode.tahunan())
            row = _cari_baris(ws, 1, uraian)
            assert isinstance(row[6].value, (int, float))
            assert Decimal(str(row[5].value)) == bulatkan(langsung.realisasi_sd)
            assert Decimal(str(row[6].value)) == bulatkan(tampilkan_capaian(langsung.capaian_sd))
            assert Decimal(str(row[7].value)) == bulatkan(tampilkan_capaian(langsung.capaian_tahunan))


def test_lampiran_pk_has_the_targets_and_is_signed_by_pihak_kedua_and_pihak_pertama(app, client_as, demo):
    client = client_as("utama")
    halaman = _teks_pdf(_get(client, f"{URL}/lampiran-pk/pdf?tahun=2024").data)
    akhir = halaman[-1]
    assert "LAMPIRAN PERJANJIAN KINERJA TAHUN 2024" in halaman[0]
    # Without Referensi data: the configured defaults, names left as dotted lines to sign over.
    assert "PIHAK KEDUA" in akhir and "Bupati Paser" in akhir
    assert "PIHAK PERTAMA" in akhir
    assert "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" in " ".join(akhir.split())
    assert f"Tana Paser, {_hari_ini(app)}" in akhir
    buku = openpyxl.load_workbook(io.BytesIO(_get(client, f"{URL}/lampiran-pk/xlsx?tahun=2024").data))
    ws = buku["Sasaran dan Indikator"]
    with app.app_context():
        merit = db.session.execute(select(Indikator).filter_by(uraian="Indeks Sistem Merit")).scalar_one()
        row = _cari_baris(ws, 2, "Indeks Sistem Merit")
        assert Decimal(str(row[3].value)) == merit.target_tahunan
    # Whoever downloads it, the signers are the agency's, not the downloader.
    akhir = _teks_pdf(_get(client_as("pimpinan"), f"{URL}/lampiran-pk/pdf?tahun=2024").data)[-1]
    assert "PIHAK PERTAMA" in akhir and "Kepala BKPSDM" not in akhir


def test_a_unit_filter_narrows_the_report(client_as, demo):
    client = client_as("utama")
    response = _get(client, f"{URL}/pengukuran/pdf?tahun=2024&periode=tw2&unit={demo.unit['BKPSDM-MUTASI']}")
    assert response.headers["Content-Disposition"].endswith("laporan-pengukuran-tw2-2024-bkpsdm-mutasi.pdf")
    teks = "\n".join(_teks_pdf(response.data))
    assert "Unit Kerja: Bidang Mutasi dan Promosi" in teks
    assert "Jumlah ASN yang Diproses Mutasinya" in teks
    assert "Persentase Ketepatan Waktu Penyampaian Laporan Keuangan" not in teks
    assert client.get(f"{URL}/pengukuran?tahun=2024&unit=999999").status_code == 404


def test_f4_and_a4_are_landscape_pages_of_their_size(client_as, demo):
    client = client_as("utama")
    for ukuran, lebar, tinggi in (("A4", 842, 595), ("F4", 935, 609), ("f4", 935, 609)):
        isi = _get(client, f"{URL}/lampiran-pk/pdf?tahun=2024&ukuran={ukuran}").data
        kotak = pypdf.PdfReader(io.BytesIO(isi)).pages[0].mediabox
        assert (round(float(kotak.width)), round(float(kotak.height))) == (lebar, tinggi), ukuran
    # Without a choice: A4.
    kotak = pypdf.PdfReader(io.BytesIO(_get(client, f"{URL}/lampiran-pk/pdf?tahun=2024").data)).pages[0].mediabox
    assert round(float(kotak.width)) == 842


@pytest.mark.parametrize("ukuran", ["Letter", "A3", "<script>", ""])
def test_an_unknown_paper_size_is_400_with_an_indonesian_message(client_as, demo, ukuran):
    response = client_as("utama").get(f"{URL}/pengukuran/pdf?tahun=2024&ukuran={ukuran}")
    if not ukuran:
        assert response.status_code == 200  # empty = the default A4
        return
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ukuran kertas tidak dikenal. Pilih A4 atau F4." in page
    assert "<script>" not in page


@pytest.mark.parametrize("url, pesan", [
    (f"{URL}/pengukuran?tahun=2024&periode=tw7", "Periode tidak dikenal"),
    (f"{URL}/pengukuran/pdf?tahun=2024&periode=kemarin", "Periode tidak dikenal"),
    (f"{URL}/pengukuran/xlsx?tahun=2024&periode=b5", "per triwulan atau tahunan"),
    (f"{URL}/neraca?tahun=2024", "Laporan tidak dikenal"),
    (f"{URL}/neraca/pdf?tahun=2024", "Laporan tidak dikenal"),
])
def test_an_unknown_period_or_report_is_404_with_an_indonesian_message(client_as, demo, url, pesan):
    response = client_as("utama").get(url)
    assert response.status_code == 404
    assert pesan in response.get_data(as_text=True)


def test_report_pages_show_belum_lapor_and_the_signature_preview(app, client_as, demo):
    client = client_as("utama")
    page = _get(client, f"{URL}/target-capaian?tahun=2024").get_data(as_text=True)
    # Bidang Mutasi has not reported May: the monthly report says so, never 0%.
    assert "data-belum-lapor" in page
    assert "TARGET DAN CAPAIAN KERJA TAHUN 2024" in page
    assert f"Tana Paser, {_hari_ini(app)}" in page
    page = _get(client, f"{URL}/pengukuran?tahun=2024&periode=tw2").get_data(as_text=True)
    assert 'data-bagian="Capaian Kinerja"' in page and 'data-bagian="Peringkat Unit Kerja"' in page
    assert 'formaction="/sipekerja/laporan/pengukuran/pdf" name="ukuran" value="F4"' in page
    assert not re.search(r'\sstyle="', page)


def test_downloads_are_rate_limited_by_the_hosts_limiter(app, client_as, demo):
    app.config["SIPEKERJA_UNDUH_RATE_LIMIT"] = "2 per minute"
    client = client_as("utama")
    status = [client.get(f"{URL}/lampiran-pk/xlsx?tahun=2024").status_code for _ in range(3)]
    assert status == [200, 200, 429]
    # Pages are not limited.
    assert client.get(f"{URL}/lampiran-pk?tahun=2024").status_code == 200


def test_report_routes_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as, demo):
    client = client_as("utama")
    urls = [f"{URL}/?tahun=2024", *(f"{URL}/{jenis}?tahun=2024" for jenis in JENIS),
            f"{URL}/pengukuran/pdf?tahun=2024&periode=tw2", f"{URL}/target-capaian/xlsx?tahun=2024",
            f"{URL}/lampiran-pk/pdf?tahun=2024&unit={demo.unit['BKPSDM-PPIK']}"]
    with app.app_context():
        engine = db.engine
    kecil = {}
    for url in urls:
        with QueryCounter(engine) as q:
            _get(client, url)
        kecil[url] = q.count
    with app.app_context():
        _perbesar(db.session, kali=9)
        db.session.commit()
    for url in urls:
        with QueryCounter(engine) as q:
            _get(client, url)
        assert q.count == kecil[url], (url, kecil[url], q.count)
        assert q.count <= 25, (url, q.count)
    print("query counts:", kecil)
