import pytest

from sipekerja_module.domain.errors import BulanTidakValid
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.errors import TriwulanTidakValid
from sipekerja_module.domain.periode import NAMA_BULAN
from sipekerja_module.domain.periode import NAMA_TRIWULAN
from sipekerja_module.domain.periode import JenisPeriode
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.periode import bulan_dalam_triwulan
from sipekerja_module.domain.periode import parse_periode
from sipekerja_module.domain.periode import triwulan_dari_bulan
from sipekerja_module.domain.periode import validate_bulan
from sipekerja_module.domain.periode import validate_triwulan


@pytest.mark.parametrize(
    "bulan, triwulan",
    [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)],
)
def test_triwulan_i_is_jan_to_mar_and_iv_is_oct_to_dec(bulan, triwulan):
    assert triwulan_dari_bulan(bulan) == triwulan


def test_bulan_dalam_triwulan_lists_three_months():
    assert bulan_dalam_triwulan(1) == (1, 2, 3)
    assert bulan_dalam_triwulan(2) == (4, 5, 6)
    assert bulan_dalam_triwulan(4) == (10, 11, 12)


def test_month_13_raises_with_indonesian_message():
    with pytest.raises(BulanTidakValid) as info:
        validate_bulan(13)
    assert str(info.value) == "Bulan harus 1 sampai 12, bukan 13."
    assert info.value.pesan == "Bulan harus 1 sampai 12, bukan 13."


@pytest.mark.parametrize("bulan", [0, 13, -1, True, "3", None])
def test_invalid_month_raises(bulan):
    with pytest.raises(BulanTidakValid):
        triwulan_dari_bulan(bulan)


@pytest.mark.parametrize("triwulan", [0, 5, False, "2"])
def test_invalid_quarter_raises(triwulan):
    with pytest.raises(TriwulanTidakValid):
        validate_triwulan(triwulan)
    with pytest.raises(TriwulanTidakValid):
        bulan_dalam_triwulan(triwulan)


def test_triwulan_5_message():
    with pytest.raises(TriwulanTidakValid, match="Triwulan harus 1 sampai 4, bukan 5."):
        validate_triwulan(5)


def test_month_and_quarter_names_are_indonesian():
    assert NAMA_BULAN[0] == "Januari" and NAMA_BULAN[4] == "Mei" and NAMA_BULAN[11] == "Desember"
    assert len(NAMA_BULAN) == 12
    assert NAMA_TRIWULAN == ("I", "II", "III", "IV")


def test_periode_bulan_ends_in_its_month():
    periode = Periode.bulanan(5)
    assert periode.bulan_akhir == 5
    assert periode.bulan == (5,)
    assert periode.label == "Mei"


def test_periode_triwulan_ends_in_its_third_month():
    periode = Periode.triwulanan(2)
    assert periode.bulan_akhir == 6
    assert periode.bulan_awal == 4
    assert periode.bulan == (4, 5, 6)
    assert periode.label == "Triwulan II"


def test_periode_tahun_covers_twelve_months():
    periode = Periode.tahunan()
    assert periode.bulan_akhir == 12
    assert periode.bulan == tuple(range(1, 13))
    assert periode.label == "Tahun"
    assert periode.jenis is JenisPeriode.TAHUN


def test_periode_rejects_out_of_range_numbers():
    with pytest.raises(BulanTidakValid):
        Periode.bulanan(13)
    with pytest.raises(TriwulanTidakValid):
        Periode.triwulanan(0)
    with pytest.raises(NilaiTidakValid):
        Periode(JenisPeriode.TAHUN, 2)
    with pytest.raises(NilaiTidakValid):
        Periode("minggu", 1)  # type: ignore[arg-type]


def test_periode_accepts_jenis_value_string():
    assert Periode("triwulan", 3) == Periode.triwulanan(3)  # type: ignore[arg-type]


@pytest.mark.parametrize("periode", [Periode.bulanan(1), Periode.bulanan(12), Periode.triwulanan(4), Periode.tahunan()])
def test_periode_kode_round_trip(periode):
    assert parse_periode(periode.kode) == periode


def test_parse_periode_examples_and_errors():
    assert parse_periode("TW2") == Periode.triwulanan(2)
    assert parse_periode("b10") == Periode.bulanan(10)
    with pytest.raises(NilaiTidakValid):
        parse_periode("q1")
    with pytest.raises(BulanTidakValid):
        parse_periode("b13")
    with pytest.raises(TriwulanTidakValid):
        parse_periode("tw5")
