"""The annual-target split: kumulatif months add up to the target exactly, evenly at the target's own
precision; nilai akhir and rata-rata months carry the target itself."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipekerja_module.domain.bagi_target import bagi_target_tahunan
from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import agregasikan
from sipekerja_module.domain.errors import NilaiTidakValid


def test_four_documents_fall_at_the_end_of_each_triwulan():
    bulanan = bagi_target_tahunan(Decimal(4), Agregasi.KUMULATIF)
    assert {b for b, v in bulanan.items() if v} == {3, 6, 9, 12}
    assert all(v in (0, 1) for v in bulanan.values())


def test_a_hundred_is_spread_as_evenly_as_whole_numbers_allow():
    bulanan = bagi_target_tahunan(Decimal(100), Agregasi.KUMULATIF)
    assert sorted(set(bulanan.values())) == [Decimal(8), Decimal(9)]
    assert sum(bulanan.values()) == 100


def test_a_target_with_decimals_is_split_at_its_own_precision():
    bulanan = bagi_target_tahunan(Decimal("12.5"), Agregasi.KUMULATIF)
    assert sum(bulanan.values()) == Decimal("12.5")
    assert all(v.as_tuple().exponent >= -1 for v in bulanan.values())


@pytest.mark.parametrize("agregasi", [Agregasi.NILAI_AKHIR, Agregasi.RATA_RATA])
def test_nilai_akhir_and_rata_rata_copy_the_target_into_every_month(agregasi):
    bulanan = bagi_target_tahunan(Decimal("0.75"), agregasi)
    assert list(bulanan) == list(range(1, 13)) and set(bulanan.values()) == {Decimal("0.75")}
    assert agregasikan(bulanan, agregasi) == Decimal("0.75")


def test_a_negative_target_is_refused_in_indonesian():
    with pytest.raises(NilaiTidakValid, match="tidak boleh negatif"):
        bagi_target_tahunan(Decimal(-1), Agregasi.KUMULATIF)


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_kumulatif_months_add_up_to_the_target_exactly_and_never_go_negative(target):
    bulanan = bagi_target_tahunan(target, Agregasi.KUMULATIF, desimal_maks=2)
    assert sum(bulanan.values()) == target
    assert all(v >= 0 for v in bulanan.values())
    assert agregasikan(bulanan, Agregasi.KUMULATIF) == target
    # Even: no two months differ by more than one step of the target's precision (or the month's share).
    langkah = max(Decimal(1).scaleb(min(0, target.normalize().as_tuple().exponent)), Decimal("0.01"))
    assert max(bulanan.values()) - min(bulanan.values()) <= langkah
