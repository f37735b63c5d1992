"""Evidence files are judged by content: real types pass, disguised and polyglot files fail."""

import pytest

from sipekerja_module.domain.berkas import DOCX
from sipekerja_module.domain.berkas import JPEG
from sipekerja_module.domain.berkas import PDF
from sipekerja_module.domain.berkas import PNG
from sipekerja_module.domain.berkas import XLSX
from sipekerja_module.domain.berkas import deteksi_jenis
from sipekerja_module.domain.berkas import periksa_bukti
from sipekerja_module.domain.berkas import periksa_nama_berkas
from sipekerja_module.domain.errors import NilaiTidakValid
from tests import berkas_contoh as contoh

MB = 1024 * 1024


@pytest.mark.parametrize("buat, jenis, nama", [
    (contoh.pdf, PDF, "sk.pdf"), (contoh.png, PNG, "foto.png"), (contoh.jpeg, JPEG, "foto.JPG"),
    (contoh.xlsx, XLSX, "rekap.xlsx"), (contoh.docx, DOCX, "laporan.docx"),
])
def test_real_files_of_each_allowed_type_are_accepted(buat, jenis, nama):
    assert periksa_bukti(nama, buat(), MB) == (nama, jenis)


def test_executable_renamed_pdf_is_refused():
    with pytest.raises(NilaiTidakValid, match="tidak dikenali"):
        periksa_bukti("laporan.pdf", contoh.exe(), MB)


def test_plain_zip_is_not_an_office_file():
    with pytest.raises(NilaiTidakValid, match="XLSX atau DOCX"):
        deteksi_jenis(contoh.zip_biasa())


@pytest.mark.parametrize("data, pesan", [
    (contoh.jpeg() + contoh.zip_biasa(), "data tambahan"),
    (contoh.png() + b"<script>alert(1)</script>", "HTML"),
    (contoh.png() + b"\x00" * 8, "data tambahan"),
    (contoh.pdf().replace(b"%%EOF", b"PK\x03\x04%%EOF"), "ZIP"),
    (b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF\n", "skrip"),
    (b"%PDF-1.4\n<html><script>x</script></html>\n%%EOF", "HTML"),
])
def test_polyglot_files_are_refused(data, pesan):
    with pytest.raises(NilaiTidakValid, match=pesan):
        deteksi_jenis(data)


def test_extension_must_agree_with_content():
    with pytest.raises(NilaiTidakValid, match="isi berkas adalah PNG"):
        periksa_bukti("foto.pdf", contoh.png(), MB)


def test_oversize_file_is_refused_with_the_limit():
    with pytest.raises(NilaiTidakValid, match="melebihi batas 1 MB"):
        periksa_bukti("sk.pdf", contoh.pdf() + b"\n" * MB, MB)


@pytest.mark.parametrize("nama", ["../../etc/passwd.pdf", "a\\b.pdf", "sk\x00.pdf", "sk\n.pdf", "", "x" * 300,
                                  "sk\u202e.pdf"])
def test_dangerous_names_are_refused(nama):
    with pytest.raises(NilaiTidakValid):
        periksa_nama_berkas(nama)


def test_indonesian_names_with_spaces_are_fine():
    assert periksa_nama_berkas("  SK Kenaikan Pangkat (April).pdf ") == "SK Kenaikan Pangkat (April).pdf"
