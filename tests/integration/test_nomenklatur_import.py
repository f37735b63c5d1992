"""Importing the Kemendagri nomenclature: normalised codes, all-or-nothing, idempotent."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.models import Nomenklatur
from sipekerja_module.services.nomenklatur import ImportGagal
from sipekerja_module.services.nomenklatur import import_nomenklatur
from sipekerja_module.services.nomenklatur import read_nomenklatur_csv
from sipekerja_module.services.nomenklatur import read_nomenklatur_xlsx

CSV_BAIK = """kode,level,nama
5,urusan,UNSUR PENUNJANG URUSAN PEMERINTAHAN
5.03,bidang_urusan,KEPEGAWAIAN
5.03.02,program,PROGRAM KEPEGAWAIAN DAERAH
5.03.02.02.01,kegiatan,"Pengadaan, Pemberhentian dan Informasi Kepegawaian ASN"
5.03.02.2.01.10,sub_kegiatan,Pengelolaan Sistem Informasi Kepegawaian
5.03.02.2.01.0011,Sub Kegiatan,Pengelolaan Data Kepegawaian
"""


def _import_csv(teks: str):
    return import_nomenklatur(read_nomenklatur_csv(io.StringIO(teks)))


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Nomenklatur))


def _kode(session) -> list[str]:
    return list(session.scalars(select(Nomenklatur.kode).order_by(Nomenklatur.kode)))


def test_import_normalises_two_and_four_digit_sub_kegiatan_and_level_02(session):
    hasil = _import_csv(CSV_BAIK)
    assert (hasil.created, hasil.updated, hasil.unchanged) == (6, 0, 0)
    assert _kode(session) == [
        "5", "5.03", "5.03.02", "5.03.02.2.01", "5.03.02.2.01.0010", "5.03.02.2.01.0011",
    ]
    sub = session.scalar(select(Nomenklatur).where(Nomenklatur.kode == "5.03.02.2.01.0010"))
    assert (sub.level, sub.kode_induk) == ("sub_kegiatan", "5.03.02.2.01")
    kegiatan = session.scalar(select(Nomenklatur).where(Nomenklatur.kode == "5.03.02.2.01"))
    assert (kegiatan.level, kegiatan.kode_induk) == ("kegiatan", "5.03.02")


def test_import_derives_level_from_code_when_the_column_is_missing(session):
    hasil = _import_csv("kode,nama\n5,UNSUR PENUNJANG\n5.03,KEPEGAWAIAN\n5.03.01,PROGRAM PENUNJANG\n")
    assert hasil.created == 3
    level = dict(session.execute(select(Nomenklatur.kode, Nomenklatur.level)).all())
    assert level == {"5": "urusan", "5.03": "bidang_urusan", "5.03.01": "program"}


def test_import_with_a_bad_row_reports_its_line_and_writes_nothing(session):
    _import_csv("kode,nama\n5,UNSUR PENUNJANG\n")
    sebelum = _count(session)
    teks = (
        "kode,level,nama\n"
        "5.03,bidang_urusan,KEPEGAWAIAN\n"  # line 2, fine
        "5.03.02,program,PROGRAM KEPEGAWAIAN DAERAH\n"  # line 3, fine
        "5.03.02.2.01.x1,sub_kegiatan,Bukan angka\n"  # line 4: non-digit part
        "5.03.02.2.01,program,Level salah\n"  # line 5: level disagrees with code
        "5.03.02,program,Ganda\n"  # line 6: duplicate of line 3
        "5.03.09.2.01,kegiatan,Induk tidak ada\n"  # line 7: parent 5.03.09 missing
        "5.03.02.2.02,kegiatan,\n"  # line 8: empty name
    )
    with pytest.raises(ImportGagal) as info:
        _import_csv(teks)
    assert [baris for baris, _pesan in info.value.kesalahan] == [4, 5, 6, 7, 8]
    pesan = dict(info.value.kesalahan)
    assert "angka" in pesan[4]
    assert "tidak sesuai" in pesan[5]
    assert "baris 3" in pesan[6]
    assert "5.03.09" in pesan[7]
    assert "kosong" in pesan[8]
    assert "tidak ada data yang disimpan" in info.value.pesan
    assert _count(session) == sebelum


def test_import_parent_may_come_from_the_database(session):
    _import_csv("kode,nama\n5,UNSUR PENUNJANG\n5.03,KEPEGAWAIAN\n")
    hasil = _import_csv("kode,nama\n5.03.02,PROGRAM KEPEGAWAIAN DAERAH\n")
    assert hasil.created == 1


def test_reimporting_the_same_file_changes_nothing(session):
    _import_csv(CSV_BAIK)
    session.commit()
    sebelum = [(n.kode, n.level, n.nama, n.kode_induk) for n in session.scalars(select(Nomenklatur))]
    hasil = _import_csv(CSV_BAIK)
    assert (hasil.created, hasil.updated, hasil.unchanged) == (0, 0, 6)
    assert not session.dirty and not session.new
    assert [(n.kode, n.level, n.nama, n.kode_induk) for n in session.scalars(select(Nomenklatur))] == sebelum


def test_reimport_with_a_changed_name_updates_in_place(session):
    _import_csv(CSV_BAIK)
    hasil = _import_csv(CSV_BAIK.replace("PROGRAM KEPEGAWAIAN DAERAH", "PROGRAM KEPEGAWAIAN DAERAH (REVISI)"))
    assert (hasil.created, hasil.updated, hasil.unchanged) == (0, 1, 5)
    assert _count(session) == 6


def test_missing_required_column_is_reported_on_line_1(session):
    with pytest.raises(ImportGagal) as info:
        read_nomenklatur_csv(io.StringIO("kode,uraian\n5,UNSUR\n"))
    assert info.value.kesalahan == [(1, "Kolom wajib 'nama' tidak ada pada baris judul.")]


def test_csv_bytes_with_excel_bom_are_read(session):
    data = ("\ufeff" + CSV_BAIK).encode("utf-8")
    baris = read_nomenklatur_csv(io.BytesIO(data))
    assert [b.baris for b in baris] == [2, 3, 4, 5, 6, 7]
    assert baris[3].nama == "Pengadaan, Pemberhentian dan Informasi Kepegawaian ASN"


def _write_xlsx(path, rows) -> None:
    buku = Workbook()
    lembar = buku.active
    for row in rows:
        lembar.append(row)
    buku.save(path)


def test_xlsx_import_normalises_and_reports_sheet_rows(session, tmp_path):
    path = tmp_path / "nomenklatur.xlsx"
    _write_xlsx(path, [
        ("Kode", "Level", "Nama"),
        (5, "urusan", "UNSUR PENUNJANG URUSAN PEMERINTAHAN"),  # a whole number cell is fine
        ("5.03", "bidang_urusan", "KEPEGAWAIAN"),
        ("5.03.02", None, "PROGRAM KEPEGAWAIAN DAERAH"),
        ("5.03.02.02.01", "kegiatan", "Pengadaan, Pemberhentian dan Informasi Kepegawaian ASN"),
        ("5.03.02.2.01.10", "sub_kegiatan", "Pengelolaan Sistem Informasi Kepegawaian"),
    ])
    with path.open("rb") as stream:
        baris = read_nomenklatur_xlsx(stream)
    assert [b.baris for b in baris] == [2, 3, 4, 5, 6]
    hasil = import_nomenklatur(baris)
    assert hasil.created == 5
    assert _kode(session)[-1] == "5.03.02.2.01.0010"


def test_xlsx_code_stored_as_decimal_number_is_refused(session, tmp_path):
    path = tmp_path / "angka.xlsx"
    _write_xlsx(path, [("kode", "nama"), (5, "UNSUR"), (5.03, "KEPEGAWAIAN")])
    with pytest.raises(ImportGagal) as info, path.open("rb") as stream:
        read_nomenklatur_xlsx(stream)
    assert [baris for baris, _pesan in info.value.kesalahan] == [3]


def test_cli_import_prints_counts_then_unchanged_on_second_run(app, tmp_path):
    path = tmp_path / "n.csv"
    path.write_text(CSV_BAIK, encoding="utf-8")
    runner = app.test_cli_runner()
    pertama = runner.invoke(args=["sipekerja", "import-nomenklatur", str(path)])
    assert pertama.exit_code == 0, pertama.output
    assert "6 baru" in pertama.output
    kedua = runner.invoke(args=["sipekerja", "import-nomenklatur", str(path)])
    assert "0 baru, 0 diperbarui, 6 tidak berubah" in kedua.output


def test_cli_import_with_errors_exits_1_lists_lines_and_writes_nothing(app, tmp_path):
    path = tmp_path / "salah.xlsx"
    _write_xlsx(path, [("kode", "nama"), ("5", "UNSUR"), ("5.03.02", "Induk 5.03 tidak ada"), ("5.x", "Salah")])
    hasil = app.test_cli_runner().invoke(args=["sipekerja", "import-nomenklatur", str(path)])
    assert hasil.exit_code == 1
    assert "Baris 3:" in hasil.output and "Baris 4:" in hasil.output
    with app.app_context():
        from sipekerja_module.extensions import db_session

        assert db_session.scalar(select(func.count()).select_from(Nomenklatur)) == 0


@pytest.mark.parametrize("isi", [b"\r\x00", b"kode,nama\r\n\"5\r\x00", b"kode,nama\n5,\"" + b"x" * 200_000 + b"\"\n"])
def test_unreadable_csv_is_refused_with_a_reason_never_raised_raw(isi):
    """Regression: a lone carriage return or an over-long field made the csv module raise its own
    error (a 500 on the upload page); the reader now decodes with ``newline=""`` and answers
    anything it cannot read with ImportGagal."""
    try:
        baris = read_nomenklatur_csv(io.BytesIO(isi))
    except ImportGagal as error:
        assert error.kesalahan and all(isinstance(pesan, str) and pesan for _, pesan in error.kesalahan)
    else:
        assert all(b.kode is not None for b in baris)


@pytest.mark.parametrize("kendali", ["\x0b", "\x0c", "\t"])
def test_a_name_ending_in_a_control_character_is_refused_not_silently_trimmed(session, kendali):
    with pytest.raises(ImportGagal) as info:
        _import_csv(f"kode,level,nama\n5,urusan,UNSUR PENUNJANG{kendali}\n")
    assert "karakter kendali" in str(info.value.kesalahan)
    assert _count(session) == 0
