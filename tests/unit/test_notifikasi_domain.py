"""Pure rules of issue 17: reminder thresholds, retry/bounce decisions, safe links, request
checks, and the e-mail claim."""

from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from sipekerja_module.auth.claims import claims_to_profil
from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.domain.errors import KonflikData
from sipekerja_module.domain.errors import TriwulanTidakValid
from sipekerja_module.domain.notifikasi import StatusSurel
from sipekerja_module.domain.notifikasi import hari_pengingat
from sipekerja_module.domain.notifikasi import status_setelah_gagal
from sipekerja_module.domain.notifikasi import tautan_aman
from sipekerja_module.domain.permintaan_buka import assert_menunggu
from sipekerja_module.domain.permintaan_buka import boleh_meminta
from sipekerja_module.domain.permintaan_buka import periksa_permintaan

BATAS = datetime(2024, 4, 30, 15, 59, 59, tzinfo=timezone.utc)


@pytest.mark.parametrize("sisa, hari", [
    (timedelta(days=8), None), (timedelta(days=7, seconds=1), None), (timedelta(days=7), 7),
    (timedelta(days=3, hours=1), 7), (timedelta(days=3), 3), (timedelta(days=1, minutes=1), 3),
    (timedelta(hours=2), 1), (timedelta(0), None), (-timedelta(hours=1), None),
])
def test_the_reminder_due_is_the_smallest_threshold_the_time_left_fits_in(sisa, hari):
    assert hari_pengingat(BATAS, BATAS - sisa) == hari


@pytest.mark.parametrize("kode, percobaan, status", [
    (550, 1, StatusSurel.DITOLAK), (553, 1, StatusSurel.DITOLAK), (451, 1, StatusSurel.MENUNGGU),
    (None, 2, StatusSurel.MENUNGGU), (451, 3, StatusSurel.GAGAL), (None, 5, StatusSurel.GAGAL),
])
def test_a_5xx_is_final_and_temporary_failures_are_bounded(kode, percobaan, status):
    assert status_setelah_gagal(kode_smtp=kode, percobaan=percobaan, batas_percobaan=3) is status


@pytest.mark.parametrize("tautan, aman", [
    ("/sipekerja/realisasi/?bulan=3", True), ("//jahat.example/x", False), ("https://jahat.example", False),
    ("/portal", False), ("/sipekerja/\\jahat", False), ("", False), (None, False),
])
def test_only_links_inside_the_module_are_followed(tautan, aman):
    assert tautan_aman(tautan) is aman


def test_a_request_keeps_the_months_of_its_triwulan_once_and_in_order():
    assert periksa_permintaan(triwulan=2, bulan=[6, 4, 6], alasan="  Data  ", jendela_terbuka=False,
                              ada_yang_menunggu=False) == ((4, 6), "Data")


def test_only_the_units_own_bidang_may_ask_and_a_request_is_answered_once():
    assert boleh_meminta(Subjek(frozenset({Peran.BIDANG}), 3), 3)
    assert not boleh_meminta(Subjek(frozenset({Peran.BIDANG}), 4), 3)
    assert not boleh_meminta(Subjek(frozenset({Peran.UTAMA}), 3), 3)
    assert_menunggu("menunggu")
    with pytest.raises(KonflikData):
        assert_menunggu("disetujui")
    with pytest.raises(TriwulanTidakValid):
        periksa_permintaan(triwulan=5, bulan=[13], alasan="x", jendela_terbuka=False, ada_yang_menunggu=False)


@pytest.mark.parametrize("nilai, email", [
    ("rina@paserkab.go.id", "rina@paserkab.go.id"), (" rina@paserkab.go.id ", "rina@paserkab.go.id"),
    ("bukan-alamat", None), ("a@b", None), ("a b@c.id", None), (["x@y.id"], None), (None, None),
])
def test_the_email_claim_is_taken_when_plausible(nilai, email):
    claims = {"sub": "s", "nip": "199001102014031004", "roles": [], "email": nilai}
    profil = claims_to_profil(claims, claim_nip="nip", claim_nama="name", claim_roles="roles", claim_unit="unit",
                              role_values={})
    assert profil.email == email
