"""LKjIP Bab III documents from a hand-built chapter: the Renstra column once a mapping is given, the
chart per indicator, the signer, and the DOCX read back with python-docx."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import docx
import pypdf
from openpyxl import load_workbook

from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.catatan import CatatanPeriode
from sipekerja_module.domain.lkjip import AnggaranProgram
from sipekerja_module.domain.lkjip import CapaianTahun
from sipekerja_module.domain.lkjip import susun_bab3
from sipekerja_module.domain.pk import IndikatorPKData
from sipekerja_module.domain.pk import Pemegang
from sipekerja_module.domain.pk import SasaranPKData
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017 as SKALA
from sipekerja_module.domain.predikat import tentukan_predikat
from sipekerja_module.reports.grafik import TANPA_NILAI
from sipekerja_module.reports.kop import NAMA_KOSONG
from sipekerja_module.reports.lkjip import TANPA_CATATAN
from sipekerja_module.reports.lkjip import grafik_indikator
from sipekerja_module.reports.lkjip import kalimat_capaian
from sipekerja_module.reports.lkjip import render_bab3_docx
from sipekerja_module.reports.lkjip import render_bab3_pdf
from sipekerja_module.reports.lkjip import render_bab3_xlsx
from sipekerja_module.reports.lkjip import tabel_anggaran
from sipekerja_module.reports.lkjip import tabel_renstra
from sipekerja_module.reports.lkjip import tanda_tangan_bab3
from sipekerja_module.reports.model import Kop
from sipekerja_module.reports.model import TandaTangan

D = Decimal
KOP = Kop(daerah="Pemerintah Kabupaten Paser", instansi="BKPSDM Kabupaten Paser", alamat="Jl. Contoh 1",
          tempat="Tana Paser")
TTD = (TandaTangan(tempat="Tana Paser", tanggal=date(2025, 1, 31), jabatan="Kepala BKPSDM", nama=NAMA_KOSONG),)


@dataclass(frozen=True)
class TargetRenstra:
    """The shape ``queries.renstra.TargetRenstra`` will have (more fields than the builder reads)."""

    indikator_renstra_id: int
    uraian: str
    satuan: str
    tahun_awal: int
    tahun_akhir: int
    baseline: Decimal | None
    tahun_baseline: int | None
    target_per_tahun: dict
    target_akhir: Decimal | None


def _c(tahun, realisasi, capaian, data_sd=None) -> CapaianTahun:
    return CapaianTahun(tahun, Target.tunggal(D("0.75")), realisasi, capaian, capaian,
                        tentukan_predikat(capaian, SKALA), data_sd=data_sd)


def _bab(renstra=None):
    ind = (IndikatorPKData(1, 1, 1, 1, "Indeks Sistem Merit", "Indeks", Target.tunggal(D("0.75")), 11, None),
           IndikatorPKData(2, 1, 1, 1, "Persentase ASN Kompeten", "Persen", Target.tunggal(80), None, None))
    return susun_bab3(
        tahun=2025, perangkat_daerah="BKPSDM Kabupaten Paser", jabatan_kepala="Kepala Badan",
        sasaran=[SasaranPKData(1, "Meningkatnya Tata Kelola ASN", ind)],
        tahun_ini={1: _c(2025, D("0.72"), D(96)),
                   2: CapaianTahun(2025, Target.tunggal(80), None, None, None, None, tertaut=False)},
        riwayat={1: {2024: _c(2024, D("0.63"), D(84), data_sd=5)}}, tahun_pembanding=(2023, 2024),
        target_renstra=renstra or {}, polaritas={},
        catatan={1: CatatanPeriode(faktor_pendorong=("Dukungan pimpinan",), tindak_lanjut=("Sosialisasi",))},
        program=(AnggaranProgram("5.03.02", "PROGRAM KEPEGAWAIAN DAERAH", D(1000000), D(250000), D(25)),),
        total_anggaran=AnggaranProgram("", "Jumlah", D(1000000), D(250000), D(25)), bulan_data=12,
        pemegang_kepala=Pemegang(nama="Drs. H. Ahmad Rifani, M.Si.", nip="197504121998031008",
                                 pangkat="Pembina Utama Muda (IV/c)"))


RENSTRA = {1: TargetRenstra(7, "Indeks Sistem Merit", "Indeks", 2021, 2026, D("0.60"), 2020, {}, D("0.80"))}


def test_renstra_column_shows_dashes_until_a_mapping_is_given_then_the_way_travelled():
    kosong = tabel_renstra(_bab().sasaran[0], 2025)
    assert [s.teks for s in kosong.baris[0]][2:] == ["\u2013", "\u2013", "0,72", "\u2013"]
    isi = tabel_renstra(_bab(RENSTRA).sasaran[0], 2025)
    assert [s.teks for s in isi.baris[0]][2:] == ["0,6", "0,8 (2026)", "0,72", "60,00%"]  # (0,72−0,6)/(0,8−0,6)
    assert "tidak terukur" in [s.teks for s in isi.baris[1]]
    assert "telah tercapai 60,00%" in kalimat_capaian(_bab(RENSTRA).indikator[0], 2025)


def test_chart_has_a_bar_per_year_and_marks_a_year_without_data():
    g = grafik_indikator(_bab().indikator[0], "g1")
    assert [b.label for b in g.batang] == [TANPA_NILAI, "84,00%", "96,00%"]  # 2023 unmatched, 2024, 2025
    assert not g.batang[0].terukur and g.batang[0].lebar == 0


def test_signer_is_the_kepala_holder_when_referensi_names_nobody():
    (t,) = tanda_tangan_bab3(TTD, _bab())
    assert t.nama == "Drs. H. Ahmad Rifani, M.Si." and t.nip == "197504121998031008"
    bernama = (TandaTangan(tempat="X", tanggal=date(2025, 1, 1), jabatan="Kepala", nama="Nama di Referensi"),)
    assert tanda_tangan_bab3(bernama, _bab()) == bernama


def test_sentence_names_the_data_until_month_of_an_earlier_year():
    teks = kalimat_capaian(_bab().indikator[0], 2025)
    assert "2024 realisasi 0,63 (data s.d. Mei), capaian 84,00%" in teks
    assert "belum ditautkan" in kalimat_capaian(_bab().indikator[1], 2025)


def test_anggaran_table_closes_with_jumlah():
    t = tabel_anggaran(_bab())
    assert [s.teks for s in t.baris[-1]] == ["", "Jumlah", "1.000.000", "250.000", "25,00%"]


def test_docx_opens_with_headings_tables_and_the_notes():
    isi = render_bab3_docx(_bab(RENSTRA), kop=KOP, ttd=tanda_tangan_bab3(TTD, _bab()))
    dokumen = docx.Document(io.BytesIO(isi))
    judul = [(p.style.name, p.text) for p in dokumen.paragraphs if p.style.name.startswith("Heading")]
    assert judul[:3] == [("Heading 1", "BAB III AKUNTABILITAS KINERJA"), ("Heading 2", "A. Capaian Kinerja Organisasi"),
                         ("Heading 3", "Sasaran 1: Meningkatnya Tata Kelola ASN")]
    assert ("Heading 4", "1.1 Indeks Sistem Merit") in judul and ("Heading 2", "B. Realisasi Anggaran") in judul
    capaian = next(t for t in dokumen.tables if t.rows[0].cells[-1].text == "Predikat")
    assert [c.text for c in capaian.rows[1].cells] == ["1", "Indeks Sistem Merit", "Indeks", "0,75", "0,72", "96,00%",
                                                       "Sangat Tinggi"]
    sel = [c.text for t in dokumen.tables for r in t.rows for c in r.cells]
    assert "Realisasi 2023" in sel and "0,63 (data s.d. Mei)" in sel and "60,00%" in sel and "Jumlah" in sel
    teks = [p.text for p in dokumen.paragraphs]
    assert "Dukungan pimpinan" in teks and TANPA_CATATAN in teks
    assert "Drs. H. Ahmad Rifani, M.Si." in teks and "NIP. 19750412 199803 1 008" in teks


def test_pdf_and_xlsx_carry_the_same_figures():
    pdf = render_bab3_pdf(_bab(RENSTRA), kop=KOP, ttd=TTD, ukuran="F4")
    teks = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "BAB III AKUNTABILITAS KINERJA" in teks and "96,00%" in teks and "60,00%" in teks
    buku = load_workbook(io.BytesIO(render_bab3_xlsx(_bab(RENSTRA), kop=KOP, ttd=TTD)))
    nilai = [c.value for r in buku["Capaian"].iter_rows() for c in r]
    assert 96 in nilai and 60 in nilai and "Sangat Tinggi" in nilai
    assert [c.value for c in next(r for r in buku["Anggaran"].iter_rows() if r[1].value == "Jumlah")][2:5] == \
        [1000000, 250000, 25]
