"""A row that heads the rows below it in a printed report (a sasaran, program, kegiatan or sub
kegiatan row of a tree, an agency's heading row in the kabupaten report) never ends a page: it is
printed on the page of its first child row, a run of such rows with the first row below them that
heads nothing; no row is lost or printed twice, wherever the page foot falls."""

from __future__ import annotations

import dataclasses
import re

import pytest

from sipekerja_module.reports.kabupaten import baris_judul_pd
from sipekerja_module.reports.model import Bagian
from sipekerja_module.reports.model import BarisLaporan
from sipekerja_module.reports.model import FormatKolom
from sipekerja_module.reports.model import JenisBaris
from sipekerja_module.reports.model import Kolom
from sipekerja_module.reports.model import Laporan
from sipekerja_module.reports.model import LaporanBertahap
from sipekerja_module.reports.model import Sel
from sipekerja_module.reports.model import SelJudul
from sipekerja_module.reports.pdf import EKOR_TANDA_TANGAN
from sipekerja_module.reports.pdf import render_pdf
from tests.unit.reports.test_pdf_judul import baris_isi
from tests.unit.reports.test_pdf_tanda_tangan import KOP
from tests.unit.reports.test_pdf_tanda_tangan import NIP
from tests.unit.reports.test_pdf_tanda_tangan import TTD
from tests.unit.reports.test_pdf_tanda_tangan import _halaman

KAKI = "CONTOH \u2013 Tahun 2024"
#: The body rows of the test data, recognisable by their text: heading rows (they all have
#: children here) and rows that head nothing.
KEPALA = re.compile(r"^(Perangkat Daerah|Sasaran|Program|Kegiatan|Sub Kegiatan) \d[\d.]*$")
BIASA = re.compile(r"^(Indikator ke-|Pengisi ke-)\d[\d.]*$")
#: Filler rows before the tree: the page feet fall on every row of the tree's pattern (one sasaran
#: is about 15 rows).
PENGISI = range(0, 16)
_KOLOM = (Kolom(FormatKolom.BULAT, 4), Kolom(FormatKolom.TEKS, 40, bertingkat=True), Kolom(FormatKolom.ANGKA, 10))


def _baris(jenis: JenisBaris, teks: str, kedalaman: int, nomor: str = "") -> BarisLaporan:
    return BarisLaporan(jenis, (Sel(nomor), Sel(teks), Sel("1,00")), kedalaman)


def pohon(n_sasaran: int, *, awalan: str = "", pengisi: int = 0, rata: bool = False) -> list[BarisLaporan]:
    """``pengisi`` filler rows, then a plan tree: sasaran (with indicators of their own or not) ›
    program › kegiatan › sub kegiatan › indicators, so runs of 1 to 4 heading rows stand above an
    indicator. ``rata``: every heading row at depth 0, as the per-month Target dan Capaian prints
    them (each level in a column of its own), only the kind telling the level."""
    tingkat = (lambda k: 0) if rata else (lambda k: k)
    hasil = [_baris(JenisBaris.INDIKATOR, f"Pengisi ke-{i}", 0, str(i)) for i in range(1, pengisi + 1)]

    def indikator(kedalaman: int, jumlah: int) -> list[BarisLaporan]:
        nomor = sum(1 for b in hasil if b.sel[1].teks.startswith("Indikator ke-"))
        return [_baris(JenisBaris.INDIKATOR, f"Indikator ke-{awalan}{i}", kedalaman, str(i))
                for i in range(nomor + 1, nomor + jumlah + 1)]

    for s in range(1, n_sasaran + 1):
        hasil.append(_baris(JenisBaris.SASARAN, f"Sasaran {awalan}{s}", tingkat(0)))
        hasil += indikator(1, s % 2)
        for p in range(1, 3):
            hasil.append(_baris(JenisBaris.PROGRAM, f"Program {awalan}{s}.{p}", tingkat(1)))
            for k in range(1, 2 + (s + p) % 2):
                hasil.append(_baris(JenisBaris.KEGIATAN, f"Kegiatan {awalan}{s}.{p}.{k}", tingkat(2)))
                hasil.append(_baris(JenisBaris.SUB_KEGIATAN, f"Sub Kegiatan {awalan}{s}.{p}.{k}", tingkat(3)))
                hasil += indikator(4, 1 + (s + p + k) % 3)
    return hasil


def _bagian(judul: str, baris: list[BarisLaporan]) -> Bagian:
    return Bagian(judul=judul, kolom=_KOLOM, judul_kolom=(SelJudul("No", 0, 0), SelJudul("Uraian", 0, 1),
                                                           SelJudul("Nilai", 0, 2)), baris=tuple(baris))


def _bertahap(laporan: Laporan, blok: list[list[list[BarisLaporan]]]) -> LaporanBertahap:
    return LaporanBertahap(judul=laporan.judul, subjudul=laporan.subjudul,
                           bagian=tuple(dataclasses.replace(b, baris=()) for b in laporan.bagian), blok=iter(blok))


def laporan_pohon(pengisi: int, *, bertahap: bool, rata: bool = False) -> Laporan | LaporanBertahap:
    """A Target dan Capaian-like report of one tree section."""
    baris = pohon(6, pengisi=pengisi, rata=rata)
    laporan = Laporan(judul="CONTOH", subjudul=("Tahun 2024",), bagian=(_bagian("A. Capaian", baris),))
    return _bertahap(laporan, [[baris[i:i + 10]] for i in range(0, len(baris), 10)]) if bertahap else laporan


def laporan_kabupaten(pengisi: int) -> LaporanBertahap:
    """A kabupaten-like streamed report: per agency a block, in each section the agency's heading
    row (:func:`~sipekerja_module.reports.kabupaten.baris_judul_pd`) above its rows; the first
    agency's tree starts after ``pengisi`` filler rows."""
    kosong = _bagian("A. Capaian", [])
    kedua = dataclasses.replace(_bagian("B. Peringkat", []), halaman_baru=False, judul_kolom=(
        SelJudul("No", 0, 0), SelJudul("Unit Kerja", 0, 1), SelJudul("Nilai", 0, 2)))
    blok = []
    for pd in range(1, 5):
        nama = f"Perangkat Daerah {pd}"
        pertama = pohon(1 + pd % 2, awalan=f"{pd}.", pengisi=pengisi if pd == 1 else 0)
        blok.append([[baris_judul_pd(nama, kosong), *pertama],
                     [baris_judul_pd(nama, kedua),
                      *(_baris(JenisBaris.BIASA, f"Indikator ke-{pd}.{i}", 0, str(i)) for i in range(1, 4 + pd))]])
    laporan = Laporan(judul="CONTOH", subjudul=("Tahun 2024",), bagian=(kosong, kedua))
    return _bertahap(laporan, blok)


def _urutan(laporan: Laporan | LaporanBertahap) -> list[str]:
    """The texts of the body rows in the order given."""
    if isinstance(laporan, Laporan):
        return [b.sel[1].teks for bagian in laporan.bagian for b in bagian.baris]
    blok = list(laporan.blok)
    return [b.sel[1].teks for i in range(len(laporan.bagian)) for bl in blok for b in bl[i]]


def periksa(buat, pengisi: int, *, ukuran: str, ttd: bool, baris_per_tabel: int) -> list[list[str]]:
    """Render ``buat(pengisi)`` and check it; return each page's body rows."""
    halaman = _halaman(render_pdf(buat(pengisi), ukuran=ukuran, kop=KOP, ttd=TTD if ttd else None,
                                  baris_per_tabel=baris_per_tabel))
    per_halaman = [[b for b in baris_isi(teks, KAKI) if KEPALA.match(b) or BIASA.match(b)] for teks in halaman]
    # No page ends with a row that heads the next one.
    akhir = [(nomor, baris[-1]) for nomor, baris in enumerate(per_halaman, start=1) if baris]
    assert not [a for a in akhir if KEPALA.match(a[1])], (pengisi, akhir)
    # Every row once, in order.
    assert [b for baris in per_halaman for b in baris] == _urutan(buat(pengisi)), pengisi
    # The header on every page holding rows; every page numbered.
    for nomor, teks in enumerate(halaman, start=1):
        baris = baris_isi(teks, KAKI)
        if per_halaman[nomor - 1]:
            assert baris.count("Uraian") + baris.count("Unit Kerja") >= 1, (pengisi, nomor)
            assert baris.count("Uraian") <= 1 and baris.count("Unit Kerja") <= 1, (pengisi, nomor)
        assert f"Halaman {nomor} dari {len(halaman)}" in teks, (pengisi, nomor)
    if ttd:  # the signature keeps the last rows
        assert NIP in halaman[-1], pengisi
        terakhir = [b for b in _urutan(buat(pengisi))][-EKOR_TANDA_TANGAN:]
        assert per_halaman[-1][-EKOR_TANDA_TANGAN:] == terakhir, pengisi
    return per_halaman


def _dipindah(per_halaman: list[list[str]]) -> int:
    """Pages (after the first) starting with a heading row: a page foot fell at a heading."""
    return sum(1 for baris in per_halaman[1:] if baris and KEPALA.match(baris[0]))


@pytest.mark.parametrize(("ukuran", "baris_per_tabel", "bertahap", "ttd", "rata"), [
    ("A4", 100, False, True, False), ("F4", 1, False, False, False), ("A4", 7, True, True, False),
    ("F4", 100, True, False, True), ("A4", 3, False, True, True)])
def test_a_tree_heading_row_never_ends_a_page(ukuran, baris_per_tabel, bertahap, ttd, rata):
    dipindah = 0
    for n in PENGISI:
        per_halaman = periksa(lambda p: laporan_pohon(p, bertahap=bertahap, rata=rata), n, ukuran=ukuran, ttd=ttd,
                              baris_per_tabel=baris_per_tabel)
        dipindah += _dipindah(per_halaman)
    # The range holds the case that was wrong: page feet at heading rows.
    assert dipindah


@pytest.mark.parametrize(("ukuran", "baris_per_tabel"), [("A4", 100), ("F4", 3)])
def test_an_agency_heading_row_of_the_kabupaten_report_never_ends_a_page(ukuran, baris_per_tabel):
    dipindah = 0
    for n in PENGISI:
        per_halaman = periksa(laporan_kabupaten, n, ukuran=ukuran, ttd=True, baris_per_tabel=baris_per_tabel)
        dipindah += _dipindah(per_halaman)
    assert dipindah


def test_a_run_of_heading_rows_taller_than_a_page_is_cut_as_it_falls():
    # 70 rows each heading the next (deeper and deeper): no cut is allowed before the last; the
    # pages are cut where they fill, nothing is lost, repeated or laid out forever.
    baris = [_baris(JenisBaris.SASARAN, f"Sasaran {i}", i) for i in range(70)]
    baris.append(_baris(JenisBaris.INDIKATOR, "Indikator ke-1", 70, "1"))
    laporan = Laporan(judul="CONTOH", subjudul=("Tahun 2024",), bagian=(_bagian("A. Capaian", baris),))
    for bertahap in (False, True):
        dibuat = _bertahap(laporan, [[baris[i:i + 10]] for i in range(0, len(baris), 10)]) if bertahap else laporan
        halaman = _halaman(render_pdf(dibuat, kop=KOP, ttd=TTD, baris_per_tabel=7))
        teks = [b for h in halaman for b in baris_isi(h, KAKI) if KEPALA.match(b) or BIASA.match(b)]
        assert teks == [b.sel[1].teks for b in baris], bertahap
        assert len(halaman) >= 2 and NIP in halaman[-1]
