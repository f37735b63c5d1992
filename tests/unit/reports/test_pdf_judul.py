"""A heading of a printed report (a section's "A. ...", a sasaran, a table's title) never ends a page:
it shares its page with the table's header and first rows, wherever on the page it falls; no row is
lost or printed twice."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal

import pytest

from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.catatan import CatatanPeriode
from sipekerja_module.domain.pk import ProgramPKData
from sipekerja_module.domain.pk import SasaranPKData
from sipekerja_module.domain.tindak_lanjut import BarisKeputusan
from sipekerja_module.domain.tindak_lanjut import BarisTemuan
from sipekerja_module.domain.tindak_lanjut import LaporanTindakLanjut
from sipekerja_module.reports.lkjip import render_bab3_pdf
from sipekerja_module.reports.model import BarisLaporan
from sipekerja_module.reports.model import JenisBaris
from sipekerja_module.reports.model import Laporan
from sipekerja_module.reports.model import LaporanBertahap
from sipekerja_module.reports.model import Sel
from sipekerja_module.reports.model import SelJudul
from sipekerja_module.reports.pdf import render_pdf
from sipekerja_module.reports.pk import render_pk_pdf
from sipekerja_module.reports.tindak_lanjut import render_tindak_lanjut_pdf
from tests.unit.reports.test_lkjip import _bab
from tests.unit.reports.test_pdf_tanda_tangan import KOP
from tests.unit.reports.test_pdf_tanda_tangan import NIP
from tests.unit.reports.test_pdf_tanda_tangan import TTD
from tests.unit.reports.test_pdf_tanda_tangan import _bagian
from tests.unit.reports.test_pdf_tanda_tangan import _halaman
from tests.unit.reports.test_pk import _dok
from tests.unit.reports.test_pk import _ind

KAKI = re.compile(r"Halaman \d+ dari \d+")
#: Body rows a heading's page holds at least (with the table's header).
AWAL = 2


def baris_isi(teks: str, kaki: str) -> list[str]:
    """A page's text lines, without the footer (the document's name and "Halaman x dari y")."""
    return [b.strip() for b in teks.splitlines() if b.strip() and not KAKI.search(b) and not b.strip().startswith(kaki)]


def akhir_halaman(halaman: list[str], kaki: str) -> list[str]:
    """The last text line of every page but the footer."""
    return [(baris_isi(teks, kaki) or [""])[-1] for teks in halaman]


def _baris(halaman: list[str], awalan: str) -> list[str]:
    return [b.strip() for h in halaman for b in h.splitlines() if b.strip().startswith(awalan)]


def _bagian_b(n: int):
    b = _bagian("B. Kegiatan", n)
    return dataclasses.replace(
        b, halaman_baru=False, judul_kolom=(SelJudul("No", 0, 0), SelJudul("Uraian Kegiatan", 0, 1),
                                            SelJudul("Nilai", 0, 2)),
        baris=tuple(BarisLaporan(JenisBaris.INDIKATOR, (Sel(str(i)), Sel(f"Kegiatan ke-{i}"), Sel(f"{i},25")))
                    for i in range(1, n + 1)))


def _laporan(n: int, m: int, *, bertahap: bool) -> Laporan | LaporanBertahap:
    laporan = Laporan(judul="CONTOH", subjudul=("Tahun 2024",), bagian=(_bagian("A. Indikator", n), _bagian_b(m)))
    if not bertahap:
        return laporan
    a, b = (bg.baris for bg in laporan.bagian)
    blok = [[a[i:i + 10], b[i:i + 10]] for i in range(0, max(n, m), 10)]
    return LaporanBertahap(judul=laporan.judul, subjudul=laporan.subjudul,
                           bagian=tuple(dataclasses.replace(bg, baris=()) for bg in laporan.bagian),
                           blok=iter(blok))


#: Rows of section A putting B's heading at every height near the foot of the first page (A4 and
#: F4 landscape: ~36 rows under the letterhead).
RENTANG_A = range(26, 41)


@pytest.mark.parametrize(("ukuran", "baris_per_tabel", "bertahap", "ttd"), [
    ("A4", 100, False, True), ("F4", 1, False, False), ("A4", 7, True, True)])
def test_a_section_heading_keeps_the_first_rows_of_its_table_wherever_it_falls(ukuran, baris_per_tabel, bertahap,
                                                                              ttd):
    kaki = "CONTOH \u2013 Tahun 2024"
    for m in (1, 5, 40):  # B shorter than the rows kept with the signature, just longer, over a page
        dipindah = 0
        for n in RENTANG_A:
            halaman = _halaman(render_pdf(_laporan(n, m, bertahap=bertahap), ukuran=ukuran, kop=KOP,
                                          ttd=TTD if ttd else None, baris_per_tabel=baris_per_tabel))
            akhir = akhir_halaman(halaman, kaki)
            assert not {"A. Indikator", "B. Kegiatan"} & set(akhir), (m, n, akhir)
            # Every row once, in order.
            assert _baris(halaman, "Indikator ke-") == [f"Indikator ke-{i}" for i in range(1, n + 1)], (m, n)
            assert _baris(halaman, "Kegiatan ke-") == [f"Kegiatan ke-{i}" for i in range(1, m + 1)], (m, n)
            # B's heading shares its page with B's header and first rows; B's header on every page of B.
            (nomor,) = [i for i, h in enumerate(halaman) if "B. Kegiatan" in baris_isi(h, kaki)]
            baris = baris_isi(halaman[nomor], kaki)
            for i in range(1, min(AWAL, m) + 1):
                assert f"Kegiatan ke-{i}" in baris, (m, n, i)
            dipindah += "A. Indikator" in baris
            for nomor, teks in enumerate(halaman, start=1):
                baris = baris_isi(teks, kaki)
                if any(b.startswith("Kegiatan ke-") for b in baris):
                    assert baris.count("Uraian Kegiatan") == 1, (m, n, nomor)
                assert f"Halaman {nomor} dari {len(halaman)}" in teks, (m, n, nomor)
            if ttd:
                assert NIP in halaman[-1] and f"Kegiatan ke-{m}" in halaman[-1], (m, n)
        # The range holds the case that was wrong: B's heading falls at the foot of the first page.
        assert dipindah < len(RENTANG_A), m


def _bab_bertingkat(k: int):
    """A chapter of two sasaran; the first one's indicator has ``k`` notes (a line each), which moves
    what follows (sasaran 2's heading and tables, "B. Realisasi Anggaran") down the pages."""
    bab = _bab()
    (s,) = bab.sasaran
    ind = dataclasses.replace(s.indikator[0], catatan=CatatanPeriode(
        faktor_pendorong=tuple(f"Catatan pendorong ke-{i}" for i in range(1, k + 1))))
    kedua = dataclasses.replace(s, nomor=2, uraian="Meningkatnya Kompetensi ASN", indikator=s.indikator[1:])
    program = tuple(dataclasses.replace(bab.program[0], kode=f"5.03.{i:02}", nama=f"PROGRAM NOMOR {i}")
                    for i in range(1, 9))
    return dataclasses.replace(bab, sasaran=(dataclasses.replace(s, indikator=(ind, *s.indikator[1:])), kedua),
                               program=program)


@pytest.mark.parametrize(("ukuran", "rentang"), [("A4", range(0, 48, 2)), ("F4", range(1, 48, 5))])
def test_lkjip_headings_keep_the_first_rows_of_their_table(ukuran, rentang):
    kaki = "LKjIP 2025"
    judul = re.compile(r"^(A\. |B\. |Sasaran \d+:|Capaian indikator kinerja tahun|Perbandingan |Realisasi anggaran "
                       r"per program|Faktor |Tindak lanjut /)")
    dipindah = 0
    for k in rentang:
        halaman = _halaman(render_bab3_pdf(_bab_bertingkat(k), kop=KOP, ttd=[TTD], ukuran=ukuran))
        akhir = akhir_halaman(halaman, kaki)
        assert not [b for b in akhir if judul.match(b)], (k, akhir)
        assert _baris(halaman, "\x7f Catatan pendorong ke-") == [f"\x7f Catatan pendorong ke-{i}"
                                                                  for i in range(1, k + 1)], k
        assert [b for b in _baris(halaman, "PROGRAM NOMOR") + _baris(halaman, "5.03.") if "NOMOR" in b] == [
            f"5.03.{i:02} PROGRAM NOMOR {i}" for i in range(1, 9)], k
        # Sasaran 2's heading, its first table's title, header and row on one page.
        (kedua,) = [baris_isi(h, kaki) for h in halaman if "Sasaran 2: Meningkatnya Kompetensi ASN" in h]
        sesudah = " ".join(kedua[kedua.index("Sasaran 2: Meningkatnya Kompetensi ASN"):])
        assert "Capaian indikator kinerja tahun 2025" in sesudah and "Persentase ASN Kompeten" in sesudah, k
        dipindah += len(halaman) > 1 and "Sasaran 2:" not in halaman[0] and "Sasaran 2:" in halaman[1]
        assert NIP in halaman[-1] and "Jumlah" in halaman[-1], k
    assert dipindah  # sasaran 2 did fall at a page foot in the range


def test_pk_lampiran_heading_b_keeps_the_first_program_rows():
    kaki = "PERJANJIAN KINERJA"
    program = tuple(ProgramPKData(i, f"Program nomor {i}", Decimal(1000 * i)) for i in range(1, 9))
    for n in range(20, 48):
        indikator = tuple(_ind(i, f"Indikator ke-{i}", Target.tunggal(Decimal(i))) for i in range(1, n + 1))
        halaman = _halaman(render_pk_pdf(_dok(program, sasaran=(SasaranPKData(1, "Sasaran", indikator),)), kop=KOP))
        akhir = akhir_halaman(halaman, kaki)
        assert not [b for b in akhir if b.startswith(("A. Sasaran", "B. Program"))], (n, akhir)
        (b,) = [h for h in halaman if "B. Program dan Anggaran" in h]
        assert "Program nomor 1" in b and "Program nomor 2" in b, n
        assert _baris(halaman, "Indikator ke-") == [f"Indikator ke-{i}" for i in range(1, n + 1)], n
        assert _baris(halaman, "Program nomor") == [f"Program nomor {i}" for i in range(1, 9)], n


def _tindak_lanjut(m: int) -> LaporanTindakLanjut:
    """A report whose meeting minutes take ``m`` lines: the sections below move down line by line;
    rows of several lines each (a long finding) make the heading and first rows tall."""
    panjang = " ".join(["uraian temuan yang panjang dan rinci"] * 12)
    keputusan = tuple(BarisKeputusan("Rapat TW I", "Perbaikan", f"Keputusan nomor {i} {panjang}", "Sekretariat",
                                     "Kasubbag", date(2024, 6, 30), "Proses", panjang) for i in range(1, 4))
    return LaporanTindakLanjut(
        perangkat_daerah="BKPSDM", tahun=2024, triwulan=1, tanggal=date(2024, 4, 15), tempat="Aula",
        pimpinan_rapat="Kepala Badan", peserta=("Sekretaris", "Kabid"),
        notulen="\n".join(f"notulen baris {i}" for i in range(1, m + 1)) or None,
        temuan=tuple(BarisTemuan("Sekretariat", "Indeks", f"Temuan nomor {i} {panjang}") for i in range(1, 4)),
        keputusan=keputusan, bawaan=keputusan[:2])


def test_tindak_lanjut_section_headings_keep_the_first_rows_of_their_table():
    kaki = "LAPORAN TINDAK LANJUT"
    for m in range(0, 40, 2):
        laporan = _tindak_lanjut(m)
        halaman = _halaman(render_tindak_lanjut_pdf(laporan, kop=KOP, tanda_tangan=[TTD]))
        akhir = akhir_halaman(halaman, kaki)
        assert not [b for b in akhir if re.match(r"^[A-D]\. ", b)], (m, akhir)
        assert [b.split()[2] for b in _baris(halaman, "Temuan nomor")] == ["1", "2", "3"], m
        assert [b.split()[2] for b in _baris(halaman, "Keputusan nomor")] == ["1", "2", "3", "1", "2"], m
        assert NIP in halaman[-1], m
