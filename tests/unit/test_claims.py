"""claims_to_profil: provider claims → the module's view of the user (pure, no app)."""

from __future__ import annotations

import pytest

from sipekerja_module.auth.claims import ProfilTidakValid
from sipekerja_module.auth.claims import claims_to_profil
from sipekerja_module.auth.claims import get_claim
from sipekerja_module.domain.akses import Peran

STUB = {"claim_nip": "nip", "claim_nama": "name", "claim_roles": "roles", "claim_unit": "unit_kerja",
        "role_values": {"sipekerja:utama": Peran.UTAMA, "sipekerja:bidang": Peran.BIDANG,
                        "sipekerja:pimpinan": Peran.PIMPINAN}}
KEYCLOAK = {"claim_nip": "nip", "claim_nama": "name", "claim_roles": "resource_access.sipekerja.roles",
            "claim_unit": "attributes.unit_kerja",
            "role_values": {"utama": Peran.UTAMA, "bidang": Peran.BIDANG, "pimpinan": Peran.PIMPINAN}}


def test_flat_claims_of_the_portal_stub():
    profil = claims_to_profil({"sub": "199001102014031004", "nip": "199001102014031004", "name": "Operator PPIK",
                               "roles": ["sipekerja:bidang"], "unit_kerja": "BKPSDM-PPIK"}, **STUB)

    assert profil.subject == "199001102014031004"
    assert profil.nip == "199001102014031004"
    assert profil.nama == "Operator PPIK"
    assert profil.peran == frozenset({Peran.BIDANG})
    assert profil.unit_kode == "BKPSDM-PPIK"


def test_keycloak_nested_client_roles():
    claims = {"sub": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "nip": "19930624 201507 1 002", "name": "Admin",
              "resource_access": {"sipekerja": {"roles": ["utama", "uma_protection"]},
                                  "account": {"roles": ["bidang"]}},
              "attributes": {"unit_kerja": "BKPSDM-SEKRETARIAT"}}

    profil = claims_to_profil(claims, **KEYCLOAK)

    assert profil.subject == "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
    assert profil.nip == "199306242015071002"
    assert profil.peran == frozenset({Peran.UTAMA})
    assert profil.unit_kode == "BKPSDM-SEKRETARIAT"


def test_unknown_role_strings_are_ignored():
    profil = claims_to_profil({"sub": "x", "nip": "199306242015071002",
                               "roles": ["simpeg:admin", "sipekerja:superuser", "sipekerja:pimpinan", 7]}, **STUB)

    assert profil.peran == frozenset({Peran.PIMPINAN})


def test_roles_as_a_space_or_comma_separated_string():
    profil = claims_to_profil({"sub": "x", "nip": "199306242015071002",
                               "roles": "sipekerja:utama, sipekerja:pimpinan"}, **STUB)

    assert profil.peran == frozenset({Peran.UTAMA, Peran.PIMPINAN})


def test_no_roles_and_no_unit_give_an_empty_profile_not_an_error():
    profil = claims_to_profil({"sub": "x", "nip": "199306242015071002"}, **STUB)

    assert profil.peran == frozenset()
    assert profil.unit_kode is None
    assert profil.nama == "199306242015071002"


@pytest.mark.parametrize(
    ("nip", "pesan"),
    [("1234", "18 digit"), ("19930631201507 1 002", "bukan tanggal yang valid"), ("abc", "hanya boleh berisi angka")],
)
def test_bad_nip_is_refused_with_the_domain_message(nip, pesan):
    with pytest.raises(ProfilTidakValid) as error:
        claims_to_profil({"sub": "x", "nip": nip}, **STUB)

    assert "NIP dari penyedia identitas tidak valid" in error.value.pesan
    assert pesan in error.value.pesan


@pytest.mark.parametrize("claims", [{"nip": "199306242015071002"}, {"sub": "", "nip": "199306242015071002"},
                                    {"sub": "x"}])
def test_missing_subject_or_nip_is_refused(claims):
    with pytest.raises(ProfilTidakValid):
        claims_to_profil(claims, **STUB)


def test_get_claim_reads_dotted_paths_and_dotted_names():
    claims = {"a": {"b": {"c": 1}}, "https://simpadu.example/roles": ["r"]}

    assert get_claim(claims, "a.b.c") == 1
    assert get_claim(claims, "a.x.c") is None
    assert get_claim(claims, "https://simpadu.example/roles") == ["r"]
