import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipekerja_module.domain.errors import SkalaPredikatTidakValid
from sipekerja_module.domain.pengukuran import TabelRangkum
from sipekerja_module.domain.pengukuran import rangkum_nilai
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
from sipekerja_module.domain.predikat import BandPredikat
from sipekerja_module.domain.predikat import SkalaPredikat
from sipekerja_module.domain.predikat import rangkum_capaian
from sipekerja_module.domain.predikat import tentukan_predikat

D = Decimal

SKALA_BERHASIL = SkalaPredikat(
    (
        BandPredikat(D("0"), "Kurang Berhasil", "danger"),
        BandPredikat(D("55"), "Cukup Berhasil", "warning"),
        BandPredikat(D("75"), "Berhasil", "primary"),
        BandPredikat(D("100"), "Sangat Berhasil", "success"),
    )
)


@pytest.mark.parametrize(
    "capaian, label",
    [
        ("91", "Sangat Tinggi"),
        ("150", "Sangat Tinggi"),
        ("90.999", "Tinggi"),
        ("76", "Tinggi"),
        ("75.99", "Sedang"),
        ("66", "Sedang"),
        ("65.999", "Rendah"),
        ("51", "Rendah"),
        ("50.999", "Sangat Rendah"),
        ("0", "Sangat Rendah"),
    ],
)
def test_permendagri_86_2017_bands(capaian, label):
    assert tentukan_predikat(D(capaian)).label == label


def test_bands_apply_to_unrounded_value():
    # 90,999 displays as 91,00 but is still Tinggi.
    assert tentukan_predikat(D("90.999")).label == "Tinggi"
    assert tentukan_predikat(D("90.995")).label == "Tinggi"


def test_negative_raw_capaian_falls_in_lowest_band():
    assert tentukan_predikat(D("-40")).label == "Sangat Rendah"


def test_undefined_capaian_has_no_predikat():
    assert tentukan_predikat(None) is None


def test_other_scales_are_data():
    assert tentukan_predikat(D("100"), SKALA_BERHASIL).label == "Sangat Berhasil"
    assert tentukan_predikat(D("99.99"), SKALA_BERHASIL).label == "Berhasil"
    assert tentukan_predikat(D("54"), SKALA_BERHASIL).warna == "danger"


def test_scale_must_not_be_empty():
    with pytest.raises(SkalaPredikatTidakValid):
        SkalaPredikat(())


def test_scale_must_start_at_zero():
    with pytest.raises(SkalaPredikatTidakValid, match="dimulai dari 0"):
        SkalaPredikat((BandPredikat(D("10"), "A", "x"), BandPredikat(D("50"), "B", "y")))


def test_scale_must_be_strictly_ascending():
    with pytest.raises(SkalaPredikatTidakValid, match="urut naik"):
        SkalaPredikat(
            (BandPredikat(D("0"), "A", "x"), BandPredikat(D("60"), "B", "y"), BandPredikat(D("50"), "C", "z"))
        )
    with pytest.raises(SkalaPredikatTidakValid, match="urut naik"):
        SkalaPredikat((BandPredikat(D("0"), "A", "x"), BandPredikat(D("0"), "B", "y")))


def test_scale_labels_must_be_unique_and_non_empty():
    with pytest.raises(SkalaPredikatTidakValid, match="unik"):
        SkalaPredikat((BandPredikat(D("0"), "A", "x"), BandPredikat(D("50"), "A", "y")))
    with pytest.raises(SkalaPredikatTidakValid, match="kosong"):
        SkalaPredikat((BandPredikat(D("0"), " ", "x"),))


def test_scale_band_bounds_must_be_decimal():
    with pytest.raises(SkalaPredikatTidakValid):
        SkalaPredikat((BandPredikat(0.0, "A", "x"),))  # type: ignore[arg-type]


def test_ringkasan_is_plain_mean_of_defined_capaian_with_counts_per_predikat():
    ringkasan = rangkum_capaian([D("100"), D("80"), None, D("45"), D("95")])
    assert ringkasan.rata_rata == D("80")
    assert ringkasan.jumlah_indikator == 5
    assert ringkasan.jumlah_terukur == 4
    assert ringkasan.jumlah_belum_terukur == 1
    assert dict(ringkasan.jumlah_per_predikat) == {
        "Sangat Tinggi": 2,
        "Tinggi": 1,
        "Sedang": 0,
        "Rendah": 0,
        "Sangat Rendah": 1,
    }


def test_ringkasan_lists_every_label_high_to_low():
    ringkasan = rangkum_capaian([])
    assert list(ringkasan.jumlah_per_predikat) == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
    assert all(jumlah == 0 for jumlah in ringkasan.jumlah_per_predikat.values())
    assert ringkasan.rata_rata is None


def test_ringkasan_of_only_belum_lapor_has_no_mean_not_zero():
    ringkasan = rangkum_capaian([None, None])
    assert ringkasan.rata_rata is None
    assert ringkasan.jumlah_belum_terukur == 2 and ringkasan.jumlah_terukur == 0


def test_ringkasan_accepts_a_generator_and_custom_scale():
    ringkasan = rangkum_capaian((D(x) for x in ("100", "60")), SKALA_BERHASIL)
    assert list(ringkasan.jumlah_per_predikat) == ["Sangat Berhasil", "Berhasil", "Cukup Berhasil", "Kurang Berhasil"]
    assert ringkasan.jumlah_per_predikat["Cukup Berhasil"] == 1
    assert ringkasan.rata_rata == D("80")


def test_ringkasan_counts_are_read_only():
    ringkasan = rangkum_capaian([D("100")])
    with pytest.raises(TypeError):
        ringkasan.jumlah_per_predikat["Tinggi"] = 5  # type: ignore[index]


_CAPAIAN = st.one_of(st.none(), st.decimals(min_value=-50, max_value=400, places=3, allow_nan=False,
                                            allow_infinity=False))


@given(st.lists(st.lists(_CAPAIAN, max_size=12), min_size=1, max_size=6),
       st.sampled_from([SKALA_PERMENDAGRI_86_2017, SKALA_BERHASIL,
                        dataclasses.replace(SKALA_PERMENDAGRI_86_2017, batas_rerata=D("120"))]))
def test_a_roll_up_table_shared_by_groups_gives_each_group_its_own_roll_up(kelompok, skala):
    """``TabelRangkum`` (the Pengukuran page's roll-ups, each value banded and rounded once for every
    group it is in) gives every group exactly ``rangkum_capaian`` of its values, the same Decimals,
    also for equal values written differently (90.999 and 90.9990) and values above the cap."""
    kelompok = [*kelompok, [v if v is None else v.quantize(D("0.0001")) for v in kelompok[0]]]
    tabel = TabelRangkum(skala)
    for capaian in kelompok:
        dari_tabel, sendiri = tabel.rangkum(capaian), rangkum_capaian(capaian, skala)
        assert dari_tabel == sendiri
        assert repr(dari_tabel.rata_rata) == repr(sendiri.rata_rata)
        nilai = [(v, v) for v in capaian]
        assert rangkum_nilai(nilai, skala, tabel) == rangkum_nilai(nilai, skala)


def test_a_roll_up_table_of_another_scale_is_refused():
    with pytest.raises(ValueError):
        rangkum_nilai([(D("50"), D("50"))], SKALA_BERHASIL, TabelRangkum(SKALA_PERMENDAGRI_86_2017))
