from dataclasses import replace
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.errors import PeriodeTertutup
from sipekerja_module.domain.periode import BATAS_INPUT_DEFAULT
from sipekerja_module.domain.periode import JendelaInput
from sipekerja_module.domain.periode import StatusJendela
from sipekerja_module.domain.periode import assert_jendela_terbuka
from sipekerja_module.domain.periode import buka_kembali
from sipekerja_module.domain.periode import default_jendela
from sipekerja_module.domain.periode import format_tanggal
from sipekerja_module.domain.periode import format_tanggal_waktu
from sipekerja_module.domain.periode import is_jendela_terbuka
from sipekerja_module.domain.periode import periksa_batas_buka_kembali
from sipekerja_module.domain.periode import sisa_waktu

WITA = timezone(timedelta(hours=8), "WITA")


def waktu(*args):
    return datetime(*args, tzinfo=WITA)


@pytest.fixture
def jendela_2024():
    return default_jendela(2024, WITA)


def test_default_deadlines_are_end_of_april_july_october_december(jendela_2024):
    assert [j.triwulan for j in jendela_2024] == [1, 2, 3, 4]
    assert [(j.ditutup.month, j.ditutup.day) for j in jendela_2024] == [(4, 30), (7, 31), (10, 31), (12, 31)]
    for jendela in jendela_2024:
        assert (jendela.ditutup.hour, jendela.ditutup.minute, jendela.ditutup.second) == (23, 59, 59)
        assert jendela.ditutup.tzinfo is WITA
        assert jendela.status is StatusJendela.TERBUKA


def test_default_windows_open_on_first_day_of_the_quarter(jendela_2024):
    assert [j.dibuka for j in jendela_2024] == [
        waktu(2024, 1, 1), waktu(2024, 4, 1), waktu(2024, 7, 1), waktu(2024, 10, 1)
    ]


def test_deadline_policy_is_data_that_can_be_overridden():
    assert dict(BATAS_INPUT_DEFAULT) == {1: 4, 2: 7, 3: 10, 4: 12}
    jendela = default_jendela(2025, WITA, {1: 4, 2: 7, 3: 10, 4: 13})
    assert jendela[3].ditutup.date() == date(2026, 1, 31)


def test_default_jendela_rejects_deadline_before_quarter_starts():
    with pytest.raises(NilaiTidakValid):
        default_jendela(2024, WITA, {1: 4, 2: 3, 3: 10, 4: 12})
    with pytest.raises(NilaiTidakValid):
        default_jendela(2024, WITA, {1: 4, 2: 7, 3: 10})


def test_terbuka_window_is_open_between_opening_and_deadline_inclusive(jendela_2024):
    tw1 = jendela_2024[0]
    assert is_jendela_terbuka(tw1, waktu(2024, 1, 1))
    assert is_jendela_terbuka(tw1, waktu(2024, 4, 30, 23, 59, 59, 500000))
    assert not is_jendela_terbuka(tw1, waktu(2024, 5, 1))
    assert not is_jendela_terbuka(tw1, waktu(2023, 12, 31, 23, 59))


def test_ditutup_window_is_never_open(jendela_2024):
    tertutup = replace(jendela_2024[0], status=StatusJendela.DITUTUP)
    assert tertutup.status is StatusJendela.DITUTUP
    assert not is_jendela_terbuka(tertutup, waktu(2024, 2, 1))
    assert jendela_2024[0].status is StatusJendela.TERBUKA  # original untouched


def test_dibuka_kembali_is_open_until_its_new_limit(jendela_2024):
    tw1 = buka_kembali(jendela_2024[0], sampai=waktu(2024, 5, 10, 16), now=waktu(2024, 5, 3))
    assert tw1.status is StatusJendela.DIBUKA_KEMBALI
    assert is_jendela_terbuka(tw1, waktu(2024, 5, 10, 16))
    assert not is_jendela_terbuka(tw1, waktu(2024, 5, 10, 16, 0, 1))


def test_dibuka_kembali_without_limit_falls_back_to_deadline():
    jendela = JendelaInput(2024, 1, waktu(2024, 1, 1), waktu(2024, 4, 30, 23, 59, 59), StatusJendela.DIBUKA_KEMBALI)
    assert is_jendela_terbuka(jendela, waktu(2024, 4, 30))
    assert not is_jendela_terbuka(jendela, waktu(2024, 5, 1))


def test_buka_kembali_requires_a_future_limit(jendela_2024):
    with pytest.raises(NilaiTidakValid):
        buka_kembali(jendela_2024[0], sampai=waktu(2024, 5, 1), now=waktu(2024, 5, 2))


def test_assert_jendela_terbuka_message_names_quarter_year_and_deadline(jendela_2024):
    with pytest.raises(PeriodeTertutup) as info:
        assert_jendela_terbuka(jendela_2024[0], waktu(2024, 5, 2, 8))
    assert info.value.pesan == (
        "Jendela input Triwulan I 2024 sudah ditutup pada 30 April 2024 23.59. "
        "Hubungi Pengguna Utama untuk membuka kembali."
    )


def test_assert_jendela_terbuka_before_opening_says_when_it_opens(jendela_2024):
    with pytest.raises(PeriodeTertutup, match="belum dibuka; dibuka pada 1 April 2024 00.00"):
        assert_jendela_terbuka(jendela_2024[1], waktu(2024, 3, 15))


def test_assert_jendela_terbuka_closed_early_by_utama(jendela_2024):
    with pytest.raises(PeriodeTertutup, match="ditutup oleh Pengguna Utama"):
        assert_jendela_terbuka(replace(jendela_2024[0], status=StatusJendela.DITUTUP), waktu(2024, 2, 1))


def test_assert_jendela_terbuka_passes_when_open(jendela_2024):
    assert assert_jendela_terbuka(jendela_2024[2], waktu(2024, 10, 31, 23, 0)) is None


def test_sisa_waktu_counts_down_to_deadline(jendela_2024):
    sisa = sisa_waktu(jendela_2024[0], waktu(2024, 4, 30, 22, 59, 59, 999999))
    assert sisa == timedelta(hours=1)
    assert sisa_waktu(jendela_2024[0], waktu(2024, 5, 1)) is None


def test_naive_now_against_aware_window_is_refused(jendela_2024):
    with pytest.raises(NilaiTidakValid):
        is_jendela_terbuka(jendela_2024[0], datetime(2024, 2, 1))


def test_jendela_rejects_closing_before_opening():
    with pytest.raises(NilaiTidakValid):
        JendelaInput(2024, 1, waktu(2024, 5, 1), waktu(2024, 4, 30), StatusJendela.TERBUKA)


def test_indonesian_date_format_without_babel():
    assert format_tanggal(date(2024, 8, 17)) == "17 Agustus 2024"
    assert format_tanggal_waktu(waktu(2024, 4, 30, 23, 59, 59)) == "30 April 2024 23.59"


def test_reopening_rule_is_one_rule_for_everyone_and_for_one_unit():
    """``buka_kembali`` (everyone) and the per-unit service share ``periksa_batas_buka_kembali``."""
    now = waktu(2024, 5, 2)
    periksa_batas_buka_kembali(waktu(2024, 5, 3), now)
    for sampai in (now, waktu(2024, 5, 1)):
        with pytest.raises(NilaiTidakValid, match="masa depan"):
            periksa_batas_buka_kembali(sampai, now)
