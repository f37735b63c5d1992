"""The signature block of a printed report (``reports.pdf``) never stands alone on a page: it is
kept with the last rows of the table it vouches for, wherever on the page the table ends."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pypdf
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table

from sipekerja_module.reports.model import Bagian
from sipekerja_module.reports.model import BarisLaporan
from sipekerja_module.reports.model import FormatKolom
from sipekerja_module.reports.model import JenisBaris
from sipekerja_module.reports.model import Kolom
from sipekerja_module.reports.model import Kop
from sipekerja_module.reports.model import Laporan
from sipekerja_module.reports.model import LaporanBertahap
from sipekerja_module.reports.model import Sel
from sipekerja_module.reports.model import SelJudul
from sipekerja_module.reports.model import TandaTangan
from sipekerja_module.reports.pdf import EKOR_TANDA_TANGAN
from sipekerja_module.reports.pdf import MARGIN
from sipekerja_module.reports.pdf import _kanvas_bernomor
from sipekerja_module.reports.pdf import render_pdf
from sipekerja_module.reports.pdf import tanda_tangan_setelah_tabel

KOP = Kop(daerah="Pemerintah Kabupaten Paser", instansi="Badan Kepegawaian Daerah", alamat="Jl. Sudirman 27")
TTD = TandaTangan(tempat="Tana Paser", tanggal=date(2024, 7, 31), jabatan="Kepala Badan",
                  nama="Andi Pratama, S.STP.", pangkat="Pembina (IV/a)", nip="199306242015071002")
NIP = "NIP. 19930624 201507 1 002"
#: Row counts ending the table at every height near the foot of the first two pages (A4 landscape:
#: ~36 rows under the letterhead, ~46 on a page), and sections shorter than the rows kept.
RENTANG = [*range(1, 5), *range(22, 38), *range(67, 84)]


def _bagian(judul: str, n: int) -> Bagian:
    return Bagian(
        judul=judul,
        kolom=(Kolom(FormatKolom.BULAT, 4), Kolom(FormatKolom.TEKS, 40), Kolom(FormatKolom.ANGKA, 10)),
        judul_kolom=(SelJudul("No", 0, 0), SelJudul("Uraian", 0, 1), SelJudul("Nilai", 0, 2)),
        baris=tuple(BarisLaporan(JenisBaris.INDIKATOR, (Sel(str(i)), Sel(f"Indikator ke-{i}"), Sel(f"{i},50")))
                    for i in range(1, n + 1)),
    )


def _laporan(n: int, *, bertahap: bool = False) -> Laporan | LaporanBertahap:
    laporan = Laporan(judul="CONTOH", subjudul=("Tahun 2024",), bagian=(_bagian("A. Indikator", n),))
    if not bertahap:
        return laporan
    baris = laporan.bagian[0].baris
    return LaporanBertahap(judul=laporan.judul, subjudul=laporan.subjudul,
                           bagian=(dataclasses.replace(laporan.bagian[0], baris=()),),
                           blok=iter([[baris[i:i + 10]] for i in range(0, n, 10)]))


def _halaman(isi: bytes) -> list[str]:
    return [h.extract_text() for h in pypdf.PdfReader(io.BytesIO(isi)).pages]


def _baris_indikator(halaman: list[str]) -> list[str]:
    return [b.strip() for h in halaman for b in h.splitlines() if b.strip().startswith("Indikator ke-")]


@pytest.mark.parametrize(("baris_per_tabel", "bertahap"), [(100, False), (7, False), (1, False), (100, True)])
def test_the_signature_shares_its_page_with_the_last_rows_wherever_the_table_ends(baris_per_tabel, bertahap):
    didorong = []  # row counts whose table fills the page so that the signature does not fit below it
    for n in RENTANG:
        halaman = _halaman(render_pdf(_laporan(n, bertahap=bertahap), kop=KOP, ttd=TTD,
                                      baris_per_tabel=baris_per_tabel))
        akhir = halaman[-1]
        assert NIP in akhir and TTD.nama in akhir, n
        # The signature's page holds the table's last rows: at least EKOR_TANDA_TANGAN, or all of them.
        for i in range(max(n - EKOR_TANDA_TANGAN + 1, 1), n + 1):
            assert f"Indikator ke-{i}" in akhir.splitlines(), (n, i)
        # Every row once, in order; the header on every page; every page numbered.
        assert _baris_indikator(halaman) == [f"Indikator ke-{i}" for i in range(1, n + 1)], n
        for nomor, teks in enumerate(halaman, start=1):
            assert [b.strip() for b in teks.splitlines()].count("Uraian") == 1, (n, nomor)
            assert f"Halaman {nomor} dari {len(halaman)}" in teks, (n, nomor)
        if len(halaman) > len(_halaman(render_pdf(_laporan(n), kop=KOP, ttd=None))):
            didorong.append(n)
    # The range holds the case that was wrong: a table ending at the foot of a page.
    assert didorong


def test_an_empty_last_section_keeps_its_header_and_note_with_the_signature():
    laporan = Laporan(judul="CONTOH", subjudul=("Tahun 2024",),
                      bagian=(_bagian("A. Indikator", 30), dataclasses.replace(_bagian("B. Kosong", 0),
                                                                               halaman_baru=False)))
    for n in RENTANG:
        laporan = dataclasses.replace(laporan, bagian=(_bagian("A. Indikator", n), laporan.bagian[1]))
        akhir = _halaman(render_pdf(laporan, kop=KOP, ttd=TTD))[-1]
        assert NIP in akhir and "Tidak ada data." in akhir and "Uraian" in akhir, n


def _dokumen_tabel(n: int, *, ttd: bool = True) -> bytes:
    """A document of one plain reportlab table (header repeated) and the signature after it, as the
    Rencana Aksi, tindak lanjut and LKjIP documents are built."""
    keluaran = io.BytesIO()
    halaman = landscape(A4)
    dokumen = SimpleDocTemplate(keluaran, pagesize=halaman, topMargin=MARGIN, bottomMargin=MARGIN)
    lebar = halaman[0] - 2 * MARGIN
    tabel = Table([["No", "Uraian"], *([str(i), f"Indikator ke-{i}"] for i in range(1, n + 1))],
                  colWidths=[20 * mm, lebar - 40 * mm], repeatRows=1,
                  style=[("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    isi = [Spacer(1, 40 * mm), tanda_tangan_setelah_tabel(tabel, [TTD], lebar) if ttd else tabel]
    dokumen.build(isi, canvasmaker=_kanvas_bernomor("CONTOH"))
    return keluaran.getvalue()


def test_a_plain_table_ending_anywhere_keeps_its_last_rows_with_the_signature():
    didorong = []
    for n in range(1, 60):
        halaman = _halaman(_dokumen_tabel(n))
        akhir = halaman[-1].splitlines()
        assert any(NIP in b for b in akhir), n
        for i in range(max(n - EKOR_TANDA_TANGAN + 1, 1), n + 1):
            assert f"Indikator ke-{i}" in akhir, (n, i)
        assert _baris_indikator(halaman) == [f"Indikator ke-{i}" for i in range(1, n + 1)], n
        for nomor, teks in enumerate(halaman, start=1):
            assert teks.splitlines().count("Uraian") == 1, (n, nomor)
            assert f"Halaman {nomor} dari {len(halaman)}" in teks, (n, nomor)
        if len(halaman) > len(_halaman(_dokumen_tabel(n, ttd=False))):
            didorong.append(n)
    assert didorong
