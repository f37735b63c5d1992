"""reports/csv.py: report tables as CSV for Excel id-ID (BOM, ';', decimal comma, injection-safe)."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sipekerja_module.reports.csv import aman
from sipekerja_module.reports.csv import angka_excel
from sipekerja_module.reports.csv import render_csv
from sipekerja_module.reports.csv import render_csv_zip
from sipekerja_module.reports.model import Bagian
from sipekerja_module.reports.model import BarisLaporan
from sipekerja_module.reports.model import FormatKolom
from sipekerja_module.reports.model import JenisBaris
from sipekerja_module.reports.model import Kolom
from sipekerja_module.reports.model import Laporan
from sipekerja_module.reports.model import Sel
from sipekerja_module.reports.model import SelJudul


def _bagian(judul: str = "Triwulan I", uraian: str = "Jumlah dokumen") -> Bagian:
    kolom = (Kolom(FormatKolom.TEKS, 30), Kolom(FormatKolom.ANGKA, 10), Kolom(FormatKolom.PERSEN, 10),
             Kolom(FormatKolom.RUPIAH, 14))
    judul_kolom = (SelJudul("Uraian", 0, 0, tinggi=2), SelJudul("Kinerja", 0, 1, lebar=2), SelJudul("Target", 1, 1),
                   SelJudul("Capaian", 1, 2), SelJudul("Anggaran", 0, 3, tinggi=2))
    baris = (
        BarisLaporan(JenisBaris.INDIKATOR, (Sel(uraian), Sel("1.234,50", Decimal("1234.50")),
                                            Sel("107,14%", Decimal("107.14")), Sel("1.500.000", Decimal("1500000")))),
        BarisLaporan(JenisBaris.INDIKATOR, (Sel("=HYPERLINK(\"http://x\")"), Sel("belum lapor"), Sel("–"),
                                            Sel("-2", Decimal("-2")))),
    )
    return Bagian(judul, kolom, judul_kolom, baris, nama_sheet=judul)


def _baca(isi: bytes) -> list[list[str]]:
    assert isi.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM for Excel"
    return list(csv.reader(io.StringIO(isi.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_a_section_is_a_semicolon_csv_with_bom_header_grid_and_decimal_commas():
    isi = render_csv(_bagian())
    assert b"\r\n" in isi
    assert _baca(isi) == [
        ["Uraian", "Kinerja", "", "Anggaran"],
        ["", "Target", "Capaian", ""],
        ["Jumlah dokumen", "1234,5", "107,14", "1500000"],
        ["'=HYPERLINK(\"http://x\")", "belum lapor", "–", "-2"],
    ]


def test_text_that_starts_a_formula_is_prefixed_and_numbers_are_not():
    for teks in ("=1+1", "+62 811", "-lihat catatan", "@SUM(A1)", "\tx", "\rx"):
        assert aman(teks) == "'" + teks
    for teks in ("Jumlah", "–", "belum lapor", " =spasi dulu", ""):
        assert aman(teks) == teks
    assert angka_excel(Decimal("-0.50")) == "-0,5" and angka_excel(Decimal("-0.00")) == "0"


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False))
def test_a_number_reads_back_exactly_with_a_decimal_comma(nilai):
    teks = angka_excel(nilai)
    assert "." not in teks and "E" not in teks.upper()
    assert Decimal(teks.replace(",", ".")) == nilai


@given(st.text(min_size=1, max_size=40))
def test_no_text_cell_can_start_a_formula(teks):
    (baris,) = _baca(render_csv(Bagian("x", (Kolom(FormatKolom.TEKS, 5),), (),
                                       (BarisLaporan(JenisBaris.BIASA, (Sel(teks),)),))))
    assert not baris[0].startswith(("=", "+", "-", "@", "\t", "\r")) and baris[0].removeprefix("'") == teks


def test_several_sections_are_a_zip_of_one_csv_each_in_order():
    laporan = Laporan("Target dan Capaian", (), (_bagian("Triwulan I"), _bagian("Triwulan II", "Lain")))
    arsip = zipfile.ZipFile(io.BytesIO(render_csv_zip(laporan)))
    assert arsip.namelist() == ["01-triwulan-i.csv", "02-triwulan-ii.csv"]
    assert _baca(arsip.read("02-triwulan-ii.csv"))[2][0] == "Lain"
    assert render_csv_zip(laporan) == render_csv_zip(laporan), "the same report gives the same bytes"
