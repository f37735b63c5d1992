import itertools

import pytest

from sipekerja_module.domain.errors import TransisiTidakValid
from sipekerja_module.domain.status import LABEL
from sipekerja_module.domain.status import TRANSISI
from sipekerja_module.domain.status import StatusPeriode as S
from sipekerja_module.domain.status import assert_transisi
from sipekerja_module.domain.status import bisa_diubah_unit
from sipekerja_module.domain.status import is_transisi_valid

ALLOWED = {
    (S.DRAF, S.DIAJUKAN),
    (S.DIAJUKAN, S.TERVERIFIKASI),
    (S.DIAJUKAN, S.DIKEMBALIKAN),
    (S.DIKEMBALIKAN, S.DIAJUKAN),
    (S.TERVERIFIKASI, S.DIKEMBALIKAN),
}


@pytest.mark.parametrize("lama, baru", sorted(ALLOWED, key=str))
def test_allowed_transitions_pass(lama, baru):
    assert_transisi(lama, baru)
    assert is_transisi_valid(lama, baru)


@pytest.mark.parametrize(
    "lama, baru", [p for p in itertools.product(S, S) if p not in ALLOWED]
)
def test_every_other_transition_raises(lama, baru):
    with pytest.raises(TransisiTidakValid):
        assert_transisi(lama, baru)


def test_transition_table_covers_every_status():
    assert set(TRANSISI) == set(S)


def test_diajukan_cannot_go_back_to_draf_message():
    with pytest.raises(TransisiTidakValid) as info:
        assert_transisi(S.DIAJUKAN, S.DRAF)
    assert str(info.value) == "Status tidak dapat diubah dari Diajukan ke Draf."


def test_draf_cannot_be_verified_without_submission():
    with pytest.raises(TransisiTidakValid, match="dari Draf ke Terverifikasi"):
        assert_transisi(S.DRAF, S.TERVERIFIKASI)


@pytest.mark.parametrize(
    "status, bisa", [(S.DRAF, True), (S.DIKEMBALIKAN, True), (S.DIAJUKAN, False), (S.TERVERIFIKASI, False)]
)
def test_unit_may_edit_only_draf_and_dikembalikan(status, bisa):
    assert bisa_diubah_unit(status) is bisa


def test_status_values_and_labels():
    assert [s.value for s in S] == ["draf", "diajukan", "terverifikasi", "dikembalikan"]
    assert LABEL[S.TERVERIFIKASI] == "Terverifikasi"
    assert set(LABEL) == set(S)


def test_status_accepts_stored_string_values():
    assert is_transisi_valid("draf", "diajukan")  # type: ignore[arg-type]
