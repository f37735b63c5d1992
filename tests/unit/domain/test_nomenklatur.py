import pytest

from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.nomenklatur import jalur_kode
from sipekerja_module.domain.nomenklatur import kode_induk
from sipekerja_module.domain.nomenklatur import level_kode
from sipekerja_module.domain.nomenklatur import normalisasi_kode


@pytest.mark.parametrize(
    "kode, expected",
    [
        ("5.03.02.2.01.10", "5.03.02.2.01.0010"),
        ("5.03.02.02.01.0010", "5.03.02.2.01.0010"),
        ("5.03.02.2.01.0010", "5.03.02.2.01.0010"),
        (" 5.03.02.2.05. 10 ", "5.03.02.2.05.0010"),
        ("5.03.02.02.01", "5.03.02.2.01"),
        ("5.03.02", "5.03.02"),
        ("5.03", "5.03"),
        ("5", "5"),
    ],
)
def test_normalisasi_kode_pads_sub_kegiatan_and_shortens_level(kode, expected):
    assert normalisasi_kode(kode) == expected


def test_normalised_codes_are_idempotent():
    kode = normalisasi_kode("5.03.02.02.01.10")
    assert normalisasi_kode(kode) == kode


@pytest.mark.parametrize(
    "kode",
    ["", "   ", "5..02", "5.03.", "5.03.02.2", "5.03.02.2.01.0010.1", "5.03.02.3.01", "5.03.02.0.01", "5.003.02",
     "5.03.02.2.01.00010", "5.0A.02", "U.BB.PP", "5.03.02.002.01"],
)
def test_malformed_codes_raise(kode):
    with pytest.raises(NilaiTidakValid):
        normalisasi_kode(kode)


def test_four_part_code_message_explains_level_needs_kegiatan():
    with pytest.raises(NilaiTidakValid, match="level harus diikuti kode kegiatan"):
        normalisasi_kode("5.03.02.2")


@pytest.mark.parametrize(
    "kode, level",
    [
        ("5", "urusan"),
        ("5.03", "bidang_urusan"),
        ("5.03.02", "program"),
        ("5.03.02.2.01", "kegiatan"),
        ("5.03.02.02.01.10", "sub_kegiatan"),
    ],
)
def test_level_kode(kode, level):
    assert level_kode(kode) == level


def test_kode_induk_walks_up_the_tree():
    assert kode_induk("5.03.02.2.01.10") == "5.03.02.2.01"
    assert kode_induk("5.03.02.02.01") == "5.03.02"
    assert kode_induk("5.03.02") == "5.03"
    assert kode_induk("5.03") == "5"
    assert kode_induk("5") is None


def test_jalur_kode_lists_ancestors_top_down():
    assert jalur_kode("5.03.02.2.01.10") == ("5", "5.03", "5.03.02", "5.03.02.2.01", "5.03.02.2.01.0010")


def test_canonical_codes_sort_in_tree_order():
    kode = ["5.03.02.2.01.0010", "5.03.02", "5.03.02.2.01", "5.03.02.2.01.0002", "5.03.02.2.02", "5.03.10"]
    assert sorted(kode) == [
        "5.03.02", "5.03.02.2.01", "5.03.02.2.01.0002", "5.03.02.2.01.0010", "5.03.02.2.02", "5.03.10"
    ]


def test_agency_reference_csv_is_canonical_and_consistent():
    import csv
    from pathlib import Path

    import sipekerja_module.domain as domain

    path = Path(domain.__file__).resolve().parent.parent / "data" / "nomenklatur_5_03.csv"
    with path.open(encoding="utf-8", newline="") as berkas:
        baris = list(csv.DictReader(berkas))
    assert baris
    semua_kode = {b["kode"] for b in baris}
    for b in baris:
        assert normalisasi_kode(b["kode"]) == b["kode"]
        assert level_kode(b["kode"]) == b["level"]
        induk = kode_induk(b["kode"])
        assert induk is None or induk in semua_kode
