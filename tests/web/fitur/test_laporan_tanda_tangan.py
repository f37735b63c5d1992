"""The downloaded reports of the demo agency end with their signature on a page that also holds
the last rows of the table it signs (reports.pdf keeps them together): never a signature alone.
And no page of them ends with a heading (a section, a sasaran, a table's title): a heading is
printed on the page of the first rows it heads."""

from __future__ import annotations

import re

import pytest

from tests.integration.test_reports import _teks_pdf
from tests.web.fitur.test_rencana_aksi_views import _pk_id
from tests.web.fitur.test_tindak_lanjut_views import _rapat

URL = "/sipekerja"
#: A figure with a decimal comma is a table cell: the signature, date, NIP and footer have none.
ANGKA = re.compile(r"\d,\d{2}\b")
NIP = re.compile(r"NIP\. \d{8} \d{6} \d \d{3}")
#: The headings of the printed documents: sections ("A. ...", "Triwulan I", "Januari (Triwulan I)"),
#: LKjIP's sasaran, table titles and analysis fields.
JUDUL = re.compile(r"^([A-Z]\. \S.*|Triwulan [IV]+|\w+ \(Triwulan [IV]+\)|Sasaran \d+: .*|Perbandingan .*"
                   r"|Capaian indikator kinerja tahun \d+|Realisasi anggaran per program tahun \d+"
                   r"|Faktor (pendorong|penghambat):|Tindak lanjut / langkah perbaikan:)$")
KAKI = re.compile(r"Halaman \d+ dari \d+")


def judul_di_akhir(halaman: list[str]) -> list[tuple[int, str]]:
    """(page number, heading) of every page whose last text, above the footer, is a heading. The
    footer is the last two lines: the document's name and "Halaman x dari y"."""
    hasil = []
    for nomor, teks in enumerate(halaman, start=1):
        baris = [b.strip() for b in teks.splitlines() if b.strip()]
        assert KAKI.search(baris[-1]), baris[-2:]
        isi = baris[:-2]
        if isi and JUDUL.match(isi[-1]):
            hasil.append((nomor, isi[-1]))
    return hasil


@pytest.mark.parametrize(("jalur", "baris_terakhir"), [
    # A4: 18 pages; the signature used to fill the last page alone.
    ("laporan/target-capaian/pdf?tahun=2024&ukuran=A4", ANGKA),
    ("laporan/target-capaian/pdf?tahun=2024&ukuran=F4", ANGKA),
    ("laporan/target-capaian/pdf?tahun=2024&ukuran=A4&susunan=per-bulan", ANGKA),
    ("laporan/pengukuran/pdf?tahun=2024&periode=tw2&ukuran=A4", re.compile(r"Perangkat Daerah\n")),
    # A4: two pages; the second used to hold the two signatures alone.
    ("laporan/lampiran-pk/pdf?tahun=2024&ukuran=A4", re.compile(r"Indeks Profesionalitas ASN")),
    # Plain tables (reports.pdf.tanda_tangan_setelah_tabel). A4: the second page used to hold the
    # two signatures alone; F4: the third page the head's signature alone.
    ("rencana-aksi/pk/{sekretaris}/pdf?ukuran=A4", re.compile(r"Rekonsiliasi aset dan belanja dengan BPKAD")),
    ("lkjip/pdf?tahun=2024&ukuran=F4", re.compile(r"Jumlah\n\s*17\.832\.857\.000")),
])
def test_the_last_page_holds_table_rows_beside_the_signature(app, client_as, demo, jalur, baris_terakhir):
    if "{sekretaris}" in jalur:
        jalur = jalur.format(sekretaris=_pk_id(app, "Sekretaris"))
    response = client_as("utama").get(f"{URL}/{jalur}")
    assert response.status_code == 200
    halaman = _teks_pdf(response.data)
    akhir = halaman[-1]
    assert NIP.search(akhir), akhir
    assert "Drs. H. Ahmad Rifani, M.Si." in akhir
    assert baris_terakhir.search(akhir), akhir
    assert f"Halaman {len(halaman)} dari {len(halaman)}" in akhir
    assert judul_di_akhir(halaman) == []


@pytest.mark.parametrize("jalur", [
    "laporan/pengukuran/pdf?tahun=2024&periode=tahun&ukuran=F4",
    "lkjip/pdf?tahun=2024&ukuran=A4",
    "rencana-aksi/pk/{kepala}/pdf?ukuran=F4",
    "pk/{kepala}/pdf?ukuran=A4",
    "tindak-lanjut/rapat/{rapat}/pdf?ukuran=A4",
])
def test_no_page_of_the_other_signed_documents_ends_with_a_heading(app, client_as, demo, jalur):
    jalur = jalur.format(kepala=_pk_id(app, "Kepala Badan"), rapat=_rapat(app).id)
    response = client_as("utama").get(f"{URL}/{jalur}")
    assert response.status_code == 200
    halaman = _teks_pdf(response.data)
    assert NIP.search(halaman[-1]), halaman[-1]
    assert judul_di_akhir(halaman) == []
