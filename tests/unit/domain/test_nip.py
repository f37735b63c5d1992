from datetime import date

import pytest

from sipekerja_module.domain.errors import NIPTidakValid
from sipekerja_module.domain.nip import NIP
from sipekerja_module.domain.nip import format_nip
from sipekerja_module.domain.nip import normalisasi_nip
from sipekerja_module.domain.nip import parse_nip

CONTOH = "199306242015071002"


def test_parse_guide_example():
    nip = parse_nip(CONTOH)
    assert nip.nilai == CONTOH
    assert nip.tanggal_lahir == date(1993, 6, 24)
    assert (nip.tmt_tahun, nip.tmt_bulan) == (2015, 7)
    assert nip.jenis_kelamin == "L"
    assert nip.nomor_urut == 2
    assert nip.peringatan == ()


def test_digit_15_two_is_female():
    assert parse_nip("199306242015072002").jenis_kelamin == "P"


@pytest.mark.parametrize("teks", ["19930624 201507 1 002", "19930624.201507.1.002", "  199306242015071002 "])
def test_input_with_spaces_or_dots_is_accepted(teks):
    assert parse_nip(teks).nilai == CONTOH
    assert normalisasi_nip(teks) == CONTOH


def test_format_groups_as_birthdate_tmt_sex_sequence():
    assert format_nip(CONTOH) == "19930624 201507 1 002"
    assert format_nip(parse_nip(CONTOH)) == "19930624 201507 1 002"


@pytest.mark.parametrize(
    "teks, pesan",
    [
        ("", "tidak boleh kosong"),
        ("19930624201507100", "18 digit, bukan 17"),
        ("1993062420150710021", "18 digit, bukan 19"),
        ("19930624-201507-1-002", "hanya boleh berisi angka"),
        ("1993062420150710O2", "hanya boleh berisi angka"),
        ("１９９３０６２４２０１５０７１００２", "hanya boleh berisi angka"),
        ("199302302015071002", "Tanggal lahir"),
        ("199313012015071002", "Tanggal lahir"),
        ("199306242015073002", "Digit ke-15"),
        ("199306242015070002", "Digit ke-15"),
        ("199306242015071000", "tidak boleh 000"),
    ],
)
def test_malformed_nip_raises_with_indonesian_message(teks, pesan):
    with pytest.raises(NIPTidakValid, match=pesan):
        parse_nip(teks)


def test_leap_day_birth_date_is_valid():
    assert parse_nip("199602292020011001").tanggal_lahir == date(1996, 2, 29)


def test_appointment_month_out_of_range_warns_not_rejects():
    # PPPK numbers differ in the middle block.
    nip = parse_nip("199306242021211002")
    assert nip.tmt_bulan == 21
    assert len(nip.peringatan) == 1 and "PPPK" in nip.peringatan[0]


def test_appointment_year_not_after_birth_year_warns():
    nip = parse_nip("199306241990011002")
    assert any("Tahun TMT" in p for p in nip.peringatan)


def test_format_nip_refuses_wrong_length():
    with pytest.raises(NIPTidakValid):
        format_nip("12345")


def test_nip_is_immutable():
    nip = parse_nip(CONTOH)
    assert isinstance(nip, NIP)
    with pytest.raises(AttributeError):
        nip.nilai = "x"  # type: ignore[misc]
