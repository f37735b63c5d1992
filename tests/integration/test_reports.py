"""The printed reports of the demo agency: PDF read back with pypdf, XLSX read back with openpyxl."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from sqlalchemy import select
from sqlalchemy import update

from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.angka import format_angka
from sipekerja_module.domain.angka import format_persen
from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import hitung_capaian_periode
from sipekerja_module.domain.capaian import tampilkan_capaian
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.pengukuran import hitung_pengukuran_bulanan
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.predikat import tentukan_predikat
from sipekerja_module.models import Indikator
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import Tahun
from sipekerja_module.models import TargetKinerja
from sipekerja_module.models import UnitKerja
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.reports.model import Kop
from sipekerja_module.reports.model import TandaTangan
from sipekerja_module.reports.pdf import render_pdf
from sipekerja_module.reports.tables import lampiran_pk
from sipekerja_module.reports.tables import laporan_pengukuran
from sipekerja_module.reports.tables import laporan_target_capaian
from sipekerja_module.reports.xlsx import render_xlsx

KOP = Kop(daerah="Pemerintah Kabupaten Paser",
          instansi="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
          alamat="Jl. Jenderal Sudirman No. 27, Tana Paser, Kalimantan Timur")
TTD = TandaTangan(tempat="Tana Paser", tanggal=date(2024, 7, 31), jabatan="Kepala Badan",
                  nama="Andi Pratama, S.STP., M.Si.", nip="199306242015071002")
DIPANTAU = (
    "Persentase Pelanggaran Disiplin ASN",  # negatif, nilai akhir
    "Jumlah ASN yang Diproses Mutasinya",  # positif, kumulatif
    "Indeks Sistem Merit",  # IKU, nilai akhir
    "Persentase Ketepatan Waktu Penyampaian Laporan Keuangan",  # rata-rata
)


@pytest.fixture
def demo(session, demo_2024):
    pd = session.scalar(select(PerangkatDaerah).where(PerangkatDaerah.kode == "BKPSDM"))
    tahun = session.scalar(select(Tahun).where(Tahun.tahun == 2024))
    return pd.id, tahun.id


def _muat(demo, unit_kerja_id=None):
    return load_rencana(perangkat_daerah_id=demo[0], tahun_id=demo[1], unit_kerja_id=unit_kerja_id)


def _capaian_langsung(session, uraian: str, periode: Periode):
    """Capaian of a demo indicator straight from the stored rows and the domain."""
    ind = session.scalar(select(Indikator).where(Indikator.uraian == uraian))
    return hitung_capaian_periode(
        target_bulanan={r.bulan: r.nilai for r in
                        session.scalars(select(TargetKinerja).filter_by(indikator_id=ind.id))},
        realisasi_bulanan={r.bulan: r.nilai for r in
                           session.scalars(select(RealisasiKinerja).filter_by(indikator_id=ind.id))},
        target_tahunan=ind.target_tahunan, agregasi=Agregasi(ind.agregasi), polaritas=Polaritas(ind.polaritas),
        periode=periode,
    )


def _teks_pdf(isi: bytes) -> list[str]:
    return [halaman.extract_text() for halaman in pypdf.PdfReader(io.BytesIO(isi)).pages]


def _baris(teks: str) -> list[str]:
    return [b.strip() for b in teks.splitlines()]


def _cells_after(halaman: list[str], awal: str, n: int) -> list[str]:
    """The ``n`` extracted lines that follow the line ``awal`` (one line per table cell)."""
    baris = _baris("\n".join(halaman))
    i = baris.index(awal)
    return baris[i + 1:i + 1 + n]


@pytest.fixture
def pengukuran_tw2(session, demo):
    data = _muat(demo)
    return data, hitung_pengukuran(data, Periode.triwulanan(2), load_skala_aktif())


def test_pdf_pengukuran_prints_the_domain_capaian_letterhead_pages_and_signature(session, pengukuran_tw2):
    data, p = pengukuran_tw2
    isi = render_pdf(laporan_pengukuran(data, p), ukuran="A4", kop=KOP, ttd=TTD)

    assert isi.startswith(b"%PDF-")
    halaman = _teks_pdf(isi)
    n = len(halaman)
    assert n > 2
    for nomor, teks in enumerate(halaman, start=1):
        assert f"Halaman {nomor} dari {n}" in teks
    assert "PEMERINTAH KABUPATEN PASER" in halaman[0]
    assert "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA" in halaman[0]
    assert "Jl. Jenderal Sudirman No. 27, Tana Paser, Kalimantan Timur" in halaman[0]
    assert "LAPORAN PENGUKURAN KINERJA" in halaman[0]
    assert "Triwulan II Tahun 2024" in halaman[0]
    assert "Tana Paser, 31 Juli 2024" in halaman[-1]
    assert "NIP. 19930624 201507 1 002" in halaman[-1]
    assert "Andi Pratama, S.STP., M.Si." in halaman[-1]

    for uraian in DIPANTAU:
        langsung = _capaian_langsung(session, uraian, Periode.triwulanan(2))
        sel = _cells_after(halaman, uraian, 7)
        assert sel[4] == format_persen(tampilkan_capaian(langsung.capaian_sd)), uraian
        assert sel[5] == format_persen(tampilkan_capaian(langsung.capaian_tahunan)), uraian
        assert sel[6] == tentukan_predikat(langsung.capaian_sd).label, uraian
        assert sel[3] == format_angka(langsung.realisasi_sd, 2), uraian
    # PermenPAN-RB style negatif capaian is above 100% when realisasi is below target.
    assert "Rp" not in halaman[0]


def test_pdf_repeats_the_header_on_every_page_but_never_mid_page(pengukuran_tw2):
    data, p = pengukuran_tw2
    laporan = laporan_pengukuran(data, p)
    hanya_capaian = dataclasses.replace(laporan, bagian=laporan.bagian[:1])
    # Small chunks: many chunks continue on the same page.
    halaman = _teks_pdf(render_pdf(hanya_capaian, kop=KOP, ttd=None, baris_per_tabel=15))

    assert len(halaman) >= 3
    for teks in halaman:
        assert _baris(teks).count("Predikat") == 1
        assert "Realisasi s.d." in teks
        assert "thd Target" in teks
    # The chunking does not change the content.
    semua = _teks_pdf(render_pdf(hanya_capaian, kop=KOP, ttd=None, baris_per_tabel=1000))
    assert len(semua) == len(halaman)
    assert "\n".join(semua) == "\n".join(halaman)


def test_pdf_f4_is_wider_than_a4_and_both_are_landscape(pengukuran_tw2):
    data, p = pengukuran_tw2
    laporan = lampiran_pk(data)
    a4 = pypdf.PdfReader(io.BytesIO(render_pdf(laporan, ukuran="A4", kop=KOP, ttd=TTD))).pages[0].mediabox
    f4 = pypdf.PdfReader(io.BytesIO(render_pdf(laporan, ukuran="F4", kop=KOP, ttd=TTD))).pages[0].mediabox
    assert round(float(a4.width)) == 842 and round(float(a4.height)) == 595
    assert round(float(f4.width)) == 935 and round(float(f4.height)) == 609
    with pytest.raises(ValueError):
        render_pdf(laporan, ukuran="Letter", kop=KOP, ttd=TTD)


def test_user_text_with_markup_characters_and_indonesian_letters_renders(session, demo):
    panjang = ("Jumlah <Dokumen> & Laporan “Kepegawaian” – Pegawai Né Ñoño yang Dilayani secara Daring "
               "melalui Aplikasi SIMPADU di Seluruh Perangkat Daerah Kabupaten Paser")
    session.execute(update(Indikator).where(Indikator.uraian == "Jumlah ASN yang Diproses Mutasinya")
                    .values(uraian=panjang))
    session.execute(update(Indikator).where(Indikator.uraian == "Indeks Sistem Merit")
                    .values(uraian="Indeks <b>Merit</b> & Ü"))
    ind = session.scalar(select(Indikator).where(Indikator.uraian == "Indeks <b>Merit</b> & Ü"))
    session.execute(update(RealisasiKinerja).where(RealisasiKinerja.indikator_id == ind.id,
                                                   RealisasiKinerja.bulan == 4)
                    .values(faktor_penghambat="Server <down> & jaringan putus"))
    ttd = dataclasses.replace(TTD, nama="Dr. Sutan <Bagindo> & Ñandu")
    kop = dataclasses.replace(KOP, alamat="Jl. A & B <No. 1>")
    data = _muat(demo)
    laporan = laporan_pengukuran(data, hitung_pengukuran(data, Periode.triwulanan(2), load_skala_aktif()))

    teks = "\n".join(_teks_pdf(render_pdf(laporan, kop=kop, ttd=ttd)))
    assert "Indeks <b>Merit</b> & Ü" in teks
    assert "Jumlah <Dokumen> & Laporan “Kepegawaian” – Pegawai Né Ñoño" in teks
    assert "Dr. Sutan <Bagindo> & Ñandu" in teks
    assert "Jl. A & B <No. 1>" in teks

    buku = openpyxl.load_workbook(io.BytesIO(render_xlsx(laporan, kop=kop)))
    nilai = {c.value for ws in buku.worksheets for row in ws.iter_rows() for c in row}
    assert panjang in nilai and "Indeks <b>Merit</b> & Ü" in nilai


def _cari_baris(ws, kolom: int, teks: str):
    for row in ws.iter_rows():
        if row[kolom].value == teks:
            return row
    raise AssertionError(f"{teks!r} not found in {ws.title}")


def test_xlsx_pengukuran_stores_the_domain_numbers_as_numbers(session, pengukuran_tw2):
    data, p = pengukuran_tw2
    buku = openpyxl.load_workbook(io.BytesIO(render_xlsx(laporan_pengukuran(data, p), kop=KOP)))
    assert buku.sheetnames == ["Capaian Kinerja", "Realisasi Anggaran", "Peringkat Unit Kerja"]

    ws = buku["Capaian Kinerja"]
    assert ws["A1"].value == "PEMERINTAH KABUPATEN PASER"
    for uraian in DIPANTAU:
        langsung = _capaian_langsung(session, uraian, Periode.triwulanan(2))
        row = _cari_baris(ws, 1, uraian)
        assert isinstance(row[6].value, (int, float))
        assert Decimal(str(row[6].value)) == bulatkan(tampilkan_capaian(langsung.capaian_sd))
        assert Decimal(str(row[7].value)) == bulatkan(tampilkan_capaian(langsung.capaian_tahunan))
        assert Decimal(str(row[5].value)) == bulatkan(langsung.realisasi_sd)
        assert row[6].number_format == '#,##0.00"%"'
        assert row[8].value == tentukan_predikat(langsung.capaian_sd).label
    merged = {str(r) for r in ws.merged_cells.ranges}
    header = next(r for r in ws.iter_rows() if r[0].value == "No")
    h = header[0].row
    assert f"A{h}:A{h + 1}" in merged and f"D{h}:E{h}" in merged
    assert ws.freeze_panes == f"C{h + 2}"

    anggaran = buku["Realisasi Anggaran"]
    jumlah = _cari_baris(anggaran, 1, "Jumlah")
    assert jumlah[3].value == 17832857000
    assert Decimal(str(jumlah[5].value)) == p.total.serapan.realisasi_sd
    assert Decimal(str(jumlah[6].value)) == bulatkan(p.total.serapan.persen_pagu)

    peringkat = buku["Peringkat Unit Kerja"]
    pertama = _cari_baris(peringkat, 1, p.peringkat[0].unit.nama)
    assert pertama[0].value == 1
    assert Decimal(str(pertama[5].value)) == bulatkan(p.peringkat[0].hasil.ringkasan_sd.rata_rata)


def test_xlsx_constant_memory_mode_writes_the_same_cells_and_merges(pengukuran_tw2):
    data, p = pengukuran_tw2
    laporan = laporan_pengukuran(data, p)
    biasa = openpyxl.load_workbook(io.BytesIO(render_xlsx(laporan, memori_tetap=False)))
    tetap = openpyxl.load_workbook(io.BytesIO(render_xlsx(laporan, memori_tetap=True)))
    for a, b in zip(biasa.worksheets, tetap.worksheets):
        assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]
        assert {str(r) for r in a.merged_cells.ranges} == {str(r) for r in b.merged_cells.ranges}
        assert a.freeze_panes == b.freeze_panes


def test_target_capaian_shows_belum_lapor_for_an_unreported_month(session, demo):
    data = _muat(demo)
    skala = load_skala_aktif()
    per_bulan = hitung_pengukuran_bulanan(data, skala)
    assert per_bulan[5] == hitung_pengukuran(data, Periode.bulanan(5), skala)
    laporan = laporan_target_capaian(data, per_bulan)
    uraian = "Jumlah ASN yang Diproses Mutasinya"  # Bidang Mutasi did not report May

    buku = openpyxl.load_workbook(io.BytesIO(render_xlsx(laporan)))
    assert buku.sheetnames == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"]
    row = _cari_baris(buku["Triwulan II"], 1, uraian)
    april = _capaian_langsung(session, uraian, Periode.bulanan(4))
    assert Decimal(str(row[5].value)) == bulatkan(april.realisasi_sd)
    assert Decimal(str(row[6].value)) == bulatkan(april.capaian_sd)
    assert row[8].value == row[9].value == "belum lapor"  # May
    assert row[11].value is None and row[12].value is None  # June: nothing reported anywhere yet
    # A month column of a month not reported shows the plan to date (DOMAIN.md like with like: the
    # compared target of the Pengukuran figure would be April's).
    assert Decimal(str(row[10].value)) == per_bulan[6].per_indikator[
        session.scalar(select(Indikator.id).where(Indikator.uraian == uraian))].capaian.target_rencana_sd

    halaman = _teks_pdf(render_pdf(laporan, ukuran="F4", kop=KOP, ttd=TTD))
    assert "TARGET DAN CAPAIAN KERJA TAHUN 2024" in halaman[0]
    sel = _cells_after(halaman[halaman.index(next(h for h in halaman if "Triwulan II" in h)):], uraian, 12)
    # One extracted line per non-empty cell: Satuan, Target tahunan, then April T, R, C and May T, R, C.
    assert sel[3:5] == [format_angka(april.realisasi_sd, 2), format_persen(april.capaian_sd)]
    assert sel[6:8] == ["belum lapor", "belum lapor"]


def test_lampiran_pk_has_iku_programs_and_two_signatories(pengukuran_tw2):
    data, _ = pengukuran_tw2
    pihak_kedua = TandaTangan(tempat="Tana Paser", tanggal=date(2024, 1, 2), jabatan="Bupati Paser",
                              nama="dr. Fahmi Fadli", peran="PIHAK KEDUA")
    pihak_pertama = dataclasses.replace(TTD, peran="PIHAK PERTAMA")
    isi = render_pdf(lampiran_pk(data), kop=KOP, ttd=[pihak_kedua, pihak_pertama])
    teks = "\n".join(_teks_pdf(isi))
    assert "LAMPIRAN PERJANJIAN KINERJA TAHUN 2024" in teks
    for label in ("Sasaran Strategis", "Indikator Kinerja", "Target", "Program", "Anggaran (Rp)", "Keterangan"):
        assert label in teks
    assert "Indeks Sistem Merit" in teks
    assert "5.03.02 PROGRAM KEPEGAWAIAN DAERAH" in teks
    assert "17.832.857.000" in teks
    assert "PIHAK KEDUA" in teks and "PIHAK PERTAMA" in teks
    assert "dr. Fahmi Fadli" in teks and "NIP. 19930624 201507 1 002" in teks

    buku = openpyxl.load_workbook(io.BytesIO(render_xlsx(lampiran_pk(data))))
    program = buku["Program dan Anggaran"]
    assert _cari_baris(program, 1, "Jumlah")[2].value == 17832857000


def test_reports_of_a_bidang_hold_only_its_rows(session, demo):
    mutasi = session.scalar(select(UnitKerja).where(UnitKerja.kode == "BKPSDM-MUTASI"))
    data = _muat(demo, mutasi.id)
    laporan = laporan_pengukuran(data, hitung_pengukuran(data, Periode.triwulanan(1), load_skala_aktif()))
    assert "Unit Kerja: Bidang Mutasi dan Promosi" in laporan.subjudul
    # Loaded with every realisasi, Triwulan I of Mutasi was returned, not verified: the title says so.
    assert laporan.subjudul[-1] == "MEMUAT DATA BELUM DIVERIFIKASI"
    teks = "\n".join(_teks_pdf(render_pdf(laporan, kop=KOP, ttd=TTD)))
    assert "Jumlah ASN yang Diproses Mutasinya" in teks
    assert "Indeks Sistem Merit" not in teks
    assert "Jumlah Laporan Pembinaan Disiplin ASN" not in teks
