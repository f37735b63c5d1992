"""Row builders of the PK document's lampiran (reports.pk), without reportlab."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.pk import DokumenPK
from sipekerja_module.domain.pk import IndikatorPKData
from sipekerja_module.domain.pk import Pihak
from sipekerja_module.domain.pk import ProgramPKData
from sipekerja_module.domain.pk import SasaranPKData
from sipekerja_module.reports.kop import NAMA_KOSONG
from sipekerja_module.reports.pk import baris_program
from sipekerja_module.reports.pk import baris_sasaran
from sipekerja_module.reports.pk import judul_pk
from sipekerja_module.reports.pk import tanda_tangan_pk


def _ind(id_, uraian, target, satuan="Persen"):
    return IndikatorPKData(id=id_, pk_id=1, jabatan_id=1, sasaran_id=1, uraian=uraian, satuan=satuan, target=target,
                           indikator_rencana_id=None, induk_id=None)


def _dok(program=(), sasaran=None) -> DokumenPK:
    sasaran = sasaran if sasaran is not None else (
        SasaranPKData(1, "Meningkatnya Tata Kelola", (_ind(1, "Indeks Sistem Merit", Target.tunggal(Decimal("0.75")),
                                                           "Indeks"),
                                                      _ind(2, "Persentase KP", Target.rentang(80, 90)))),
        SasaranPKData(2, "Sasaran tanpa indikator", ()),
    )
    return DokumenPK(tahun=2024, perangkat_daerah="BKPSDM",
                     pihak_pertama=Pihak("Ahmad", "Kepala", "197504121998031008"),
                     pihak_kedua=Pihak(None, "Bupati Paser"), sasaran=sasaran, program=tuple(program),
                     tempat="Tana Paser", tanggal=date(2024, 1, 31), tingkat_instansi=True)


def test_sasaran_cell_spans_its_indicators_and_targets_carry_their_unit():
    baris = baris_sasaran(_dok())
    assert [(b.nomor, b.sasaran, b.indikator, b.target, b.rentang) for b in baris] == [
        ("1", "Meningkatnya Tata Kelola", "Indeks Sistem Merit", "0,75 Indeks", 2),
        ("", "", "Persentase KP", "80\u201390 Persen", 0),
        ("2", "Sasaran tanpa indikator", "\u2013", "\u2013", 1),
    ]
    assert baris[0].nilai_target == Decimal("0.75") and baris[1].nilai_target is None


def test_jumlah_counts_programs_once_not_their_kegiatan_again():
    program = (ProgramPKData(1, "PROGRAM KEPEGAWAIAN DAERAH", Decimal("1000000"), "APBD", "program", "5.03.02"),
               ProgramPKData(2, "Mutasi dan Promosi ASN", Decimal("400000"), "APBD", "kegiatan", "5.03.02.2.02"),
               ProgramPKData(3, "PROGRAM PENUNJANG", Decimal("2500000.50"), "APBD", "program", "5.03.01"))
    baris = baris_program(_dok(program))
    assert [(b.nomor, b.uraian, b.anggaran, b.kedalaman) for b in baris] == [
        ("1", "5.03.02 PROGRAM KEPEGAWAIAN DAERAH", "1.000.000", 0),
        ("", "5.03.02.2.02 Mutasi dan Promosi ASN", "400.000", 1),
        ("2", "5.03.01 PROGRAM PENUNJANG", "2.500.001", 0),
        ("", "Jumlah", "3.500.001", 0),
    ]
    assert baris[-1].total and baris[-1].nilai == Decimal("3500000.50")


def test_rows_typed_by_hand_are_summed_when_there_is_no_program():
    program = (ProgramPKData(1, "Kegiatan A", Decimal(5), "", "kegiatan"), ProgramPKData(2, "Lain", None, "", "lain"))
    assert baris_program(_dok(program))[-1].anggaran == "5"


def test_signature_blocks_put_pihak_kedua_left_and_a_blank_name_line_when_unknown():
    kedua, pertama = tanda_tangan_pk(_dok())
    assert (kedua.peran, kedua.jabatan, kedua.nama) == ("PIHAK KEDUA", "Bupati Paser", NAMA_KOSONG)
    assert (pertama.peran, pertama.nama, pertama.nip) == ("PIHAK PERTAMA", "Ahmad", "197504121998031008")
    assert judul_pk(_dok()) == "PERJANJIAN KINERJA TAHUN 2024"


def test_a_sasaran_with_more_indicators_than_a_page_holds_continues_on_the_next_page():
    import io

    import pypdf

    from sipekerja_module.reports.pk import render_pk_pdf
    from tests.unit.reports.test_lkjip import KOP

    banyak = tuple(_ind(i, f"Indikator kinerja nomor {i} dengan uraian yang cukup panjang untuk dua baris",
                        Target.tunggal(Decimal(i))) for i in range(1, 81))
    isi = render_pk_pdf(_dok(sasaran=(SasaranPKData(1, "Sasaran dengan banyak indikator", banyak),)), kop=KOP)
    halaman = [h.extract_text() for h in pypdf.PdfReader(io.BytesIO(isi)).pages]
    lampiran = [h for h in halaman if "Indikator kinerja nomor" in h]
    assert len(lampiran) >= 3
    teks = " ".join(lampiran)
    assert all(f"nomor {i} " in teks for i in (1, 40, 80))


def test_the_lampiran_signatures_share_their_page_with_the_last_program_rows():
    import io

    import pypdf

    from sipekerja_module.reports.pk import render_pk_pdf
    from tests.unit.reports.test_lkjip import KOP

    didorong = []
    for n in range(1, 45):
        program = tuple(ProgramPKData(i, f"Program nomor {i}", Decimal(1000 * i)) for i in range(1, n + 1))
        halaman = [h.extract_text() for h in pypdf.PdfReader(io.BytesIO(render_pk_pdf(_dok(program), kop=KOP))).pages]
        akhir = halaman[-1]
        assert "PIHAK PERTAMA" in akhir and "NIP. 19750412 199803 1 008" in akhir, n
        # The table's last rows (the Jumlah row and the programs before it) are on the signatures' page.
        assert "Jumlah" in akhir and f"Program nomor {n}" in akhir, n
        if "B. Program dan Anggaran" not in akhir:
            didorong.append(n)
    assert didorong  # the table did run over a page foot in the range
