import pytest

from sipekerja_module.domain.akses import FITUR_PERAN
from sipekerja_module.domain.akses import Fitur
from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.domain.akses import assert_boleh
from sipekerja_module.domain.akses import assert_boleh_mengubah_isian
from sipekerja_module.domain.akses import boleh_melihat
from sipekerja_module.domain.akses import boleh_mengubah
from sipekerja_module.domain.akses import boleh_mengubah_isian
from sipekerja_module.domain.akses import fitur_untuk
from sipekerja_module.domain.errors import AksesDitolak
from sipekerja_module.domain.status import StatusPeriode

UTAMA = Subjek(frozenset({Peran.UTAMA}), None)
BIDANG_7 = Subjek(frozenset({Peran.BIDANG}), 7)
PIMPINAN = Subjek(frozenset({Peran.PIMPINAN}), None)
TANPA_PERAN = Subjek(frozenset(), 7)


def test_features_per_role_follow_the_account_table():
    assert fitur_untuk([Peran.UTAMA]) == tuple(Fitur)
    assert fitur_untuk([Peran.BIDANG]) == (Fitur.PERENCANAAN, Fitur.REALISASI, Fitur.PENGUKURAN)
    assert fitur_untuk([Peran.PIMPINAN]) == (Fitur.PENGUKURAN, Fitur.LAPORAN)
    assert fitur_untuk([]) == ()


def test_features_of_several_roles_are_united_in_menu_order():
    assert fitur_untuk([Peran.PIMPINAN, Peran.BIDANG]) == (
        Fitur.PERENCANAAN,
        Fitur.REALISASI,
        Fitur.PENGUKURAN,
        Fitur.LAPORAN,
    )


@pytest.mark.parametrize("fitur", list(Fitur))
@pytest.mark.parametrize("unit", [None, 7, 8])
def test_utama_sees_and_changes_every_unit(fitur, unit):
    assert boleh_melihat(UTAMA, fitur, unit)
    assert boleh_mengubah(UTAMA, fitur, unit)


@pytest.mark.parametrize("fitur", [Fitur.PERENCANAAN, Fitur.REALISASI, Fitur.PENGUKURAN])
def test_bidang_sees_and_changes_its_own_unit(fitur):
    assert boleh_melihat(BIDANG_7, fitur, 7)
    assert boleh_mengubah(BIDANG_7, fitur, 7)


@pytest.mark.parametrize("fitur", list(Fitur))
@pytest.mark.parametrize("unit", [8, None])
def test_bidang_cannot_see_or_change_other_unit(fitur, unit):
    assert not boleh_melihat(BIDANG_7, fitur, unit)
    assert not boleh_mengubah(BIDANG_7, fitur, unit)


@pytest.mark.parametrize("fitur", [Fitur.REFERENSI, Fitur.LAPORAN])
def test_bidang_never_opens_referensi_or_laporan(fitur):
    assert not boleh_melihat(BIDANG_7, fitur, 7)
    assert not boleh_mengubah(BIDANG_7, fitur, 7)


def test_bidang_without_unit_is_denied():
    tanpa_unit = Subjek(frozenset({Peran.BIDANG}), None)
    assert not boleh_melihat(tanpa_unit, Fitur.REALISASI, None)


@pytest.mark.parametrize("unit", [None, 7])
def test_pimpinan_views_pengukuran_and_laporan_only(unit):
    assert boleh_melihat(PIMPINAN, Fitur.PENGUKURAN, unit)
    assert boleh_melihat(PIMPINAN, Fitur.LAPORAN, unit)
    assert not boleh_melihat(PIMPINAN, Fitur.REALISASI, unit)
    assert not boleh_melihat(PIMPINAN, Fitur.REFERENSI, unit)


@pytest.mark.parametrize("fitur", list(Fitur))
def test_pimpinan_never_changes_anything(fitur):
    assert not boleh_mengubah(PIMPINAN, fitur, None)
    assert not boleh_mengubah(PIMPINAN, fitur, 7)


@pytest.mark.parametrize("fitur", list(Fitur))
def test_subject_without_role_is_denied_by_default(fitur):
    assert not boleh_melihat(TANPA_PERAN, fitur, 7)
    assert not boleh_mengubah(TANPA_PERAN, fitur, 7)


def test_pimpinan_who_is_also_bidang_changes_only_own_unit():
    ganda = Subjek(frozenset({Peran.PIMPINAN, Peran.BIDANG}), 7)
    assert boleh_mengubah(ganda, Fitur.REALISASI, 7)
    assert not boleh_mengubah(ganda, Fitur.REALISASI, 8)
    assert boleh_melihat(ganda, Fitur.PENGUKURAN, 8)
    assert not boleh_mengubah(ganda, Fitur.LAPORAN, 7)


def test_assert_boleh_raises_akses_ditolak_in_indonesian():
    with pytest.raises(AksesDitolak, match="tidak berhak mengubah data Realisasi Kerja"):
        assert_boleh(BIDANG_7, Fitur.REALISASI, 8, ubah=True)
    with pytest.raises(AksesDitolak, match="tidak berhak melihat data Referensi"):
        assert_boleh(PIMPINAN, Fitur.REFERENSI, None)
    assert assert_boleh(BIDANG_7, Fitur.REALISASI, 7, ubah=True) is None


def test_subjek_accepts_any_iterable_of_roles():
    assert Subjek({"bidang"}, 3).peran == frozenset({Peran.BIDANG})  # type: ignore[arg-type]


def test_fitur_peran_table_is_read_only():
    with pytest.raises(TypeError):
        FITUR_PERAN[Peran.BIDANG] = frozenset(Fitur)  # type: ignore[index]


@pytest.mark.parametrize(
    "status, terbuka, boleh",
    [
        (StatusPeriode.DRAF, True, True),
        (StatusPeriode.DIKEMBALIKAN, True, True),
        (StatusPeriode.DRAF, False, False),
        (StatusPeriode.DIAJUKAN, True, False),
        (StatusPeriode.TERVERIFIKASI, True, False),
    ],
)
def test_bidang_edits_own_data_only_in_editable_status_and_open_window(status, terbuka, boleh):
    assert boleh_mengubah_isian(BIDANG_7, Fitur.REALISASI, 7, status=status, jendela_terbuka=terbuka) is boleh


def test_bidang_cannot_edit_other_unit_even_when_open():
    assert not boleh_mengubah_isian(BIDANG_7, Fitur.REALISASI, 8, status=StatusPeriode.DRAF, jendela_terbuka=True)


def test_utama_edits_regardless_of_status_and_window():
    assert boleh_mengubah_isian(UTAMA, Fitur.REALISASI, 8, status=StatusPeriode.TERVERIFIKASI, jendela_terbuka=False)


def test_pimpinan_cannot_edit_isian():
    assert not boleh_mengubah_isian(PIMPINAN, Fitur.REALISASI, 7, status=StatusPeriode.DRAF, jendela_terbuka=True)


def test_assert_boleh_mengubah_isian_names_the_reason():
    with pytest.raises(AksesDitolak, match="berstatus Diajukan"):
        assert_boleh_mengubah_isian(BIDANG_7, Fitur.REALISASI, 7, status=StatusPeriode.DIAJUKAN, jendela_terbuka=True)
    with pytest.raises(AksesDitolak, match="Jendela input sudah ditutup"):
        assert_boleh_mengubah_isian(BIDANG_7, Fitur.REALISASI, 7, status=StatusPeriode.DRAF, jendela_terbuka=False)
    with pytest.raises(AksesDitolak, match="tidak berhak"):
        assert_boleh_mengubah_isian(BIDANG_7, Fitur.REALISASI, 8, status=StatusPeriode.DRAF, jendela_terbuka=True)


def test_only_utama_may_check_submissions():
    from sipekerja_module.domain.akses import assert_boleh_memeriksa
    from sipekerja_module.domain.akses import boleh_memeriksa

    assert boleh_memeriksa(Subjek(frozenset({Peran.UTAMA})))
    for peran in (Peran.BIDANG, Peran.PIMPINAN):
        assert not boleh_memeriksa(Subjek(frozenset({peran}), 1))
    with pytest.raises(AksesDitolak, match="Pengguna Utama"):
        assert_boleh_memeriksa(Subjek(frozenset({Peran.BIDANG}), 1))
