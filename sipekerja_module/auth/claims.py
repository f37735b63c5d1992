"""Claims → profile: a pure mapping from validated OIDC claims to what the module needs.

Claim names are configuration and may be dotted paths, so the stub's flat ``roles`` and a
Keycloak-style ``resource_access.sipekerja.roles`` both work. No Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.akses import Peran
from ..domain.errors import NIPTidakValid
from ..domain.errors import SipekerjaError
from ..domain.nip import parse_nip


class ProfilTidakValid(SipekerjaError):
    """The provider's claims lack something the module needs (``pesan`` is Indonesian)."""


@dataclass(frozen=True)
class ProfilPengguna:
    """Who signed in, as the provider describes them.

    ``unit_kode`` is the raw unit claim (a unit kerja or perangkat daerah code); it is resolved
    to database ids at sign-in.
    """

    subject: str
    nip: str
    nama: str
    peran: frozenset[Peran]
    unit_kode: str | None = None
    #: The ``email`` claim when the provider sends a plausible address (notification e-mails).
    email: str | None = None


def get_claim(claims: Mapping[str, Any], path: str) -> Any:
    """Read ``path`` (dots separate levels) from nested claims; None when any level is missing.

    A claim whose own name contains dots (e.g. a URL-like name) is found too: the whole path is
    tried as a single key first.

    :param claims: the merged id_token and userinfo claims
    :param path: e.g. ``roles`` or ``resource_access.sipekerja.roles``
    :return: the value, or None
    """
    if path in claims:
        return claims[path]
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _role_strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        # Some providers send roles as one space- or comma-separated string.
        return [v for v in value.replace(",", " ").split() if v]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [v for v in value if isinstance(v, str)]
    return []


def claims_to_profil(
    claims: Mapping[str, Any],
    *,
    claim_nip: str,
    claim_nama: str,
    claim_roles: str,
    claim_unit: str,
    role_values: Mapping[str, Peran],
    claim_email: str = "email",
) -> ProfilPengguna:
    """Build the profile of a signed-in user from validated claims.

    :param claims: id_token claims merged with userinfo (``sub`` already checked to match)
    :param claim_nip: path of the NIP claim
    :param claim_nama: path of the display name claim (falls back to the NIP when absent)
    :param claim_roles: path of the roles claim (a list, or a space/comma-separated string)
    :param claim_unit: path of the unit claim (a unit kerja or perangkat daerah code)
    :param role_values: provider role value → module role; other values are ignored
    :param claim_email: path of the e-mail claim (optional; an implausible value is ignored)
    :return: the profile
    :raise ProfilTidakValid: when ``sub`` or the NIP is missing or the NIP is malformed
    """
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise ProfilTidakValid("Penyedia identitas tidak mengirim identitas pengguna (klaim sub).")
    nip_mentah = get_claim(claims, claim_nip)
    if nip_mentah is None or nip_mentah == "":
        raise ProfilTidakValid(f"Penyedia identitas tidak mengirim NIP (klaim {claim_nip}).")
    try:
        nip = parse_nip(str(nip_mentah)).nilai
    except NIPTidakValid as error:
        raise ProfilTidakValid(f"NIP dari penyedia identitas tidak valid: {error.pesan}") from None
    nama = get_claim(claims, claim_nama)
    peran = frozenset(role_values[r] for r in _role_strings(get_claim(claims, claim_roles)) if r in role_values)
    unit = get_claim(claims, claim_unit)
    unit_kode = unit.strip() if isinstance(unit, str) and unit.strip() else None
    return ProfilPengguna(
        subject=subject,
        nip=nip,
        nama=nama.strip() if isinstance(nama, str) and nama.strip() else nip,
        peran=peran,
        unit_kode=unit_kode,
        email=_email(get_claim(claims, claim_email)),
    )


def _email(nilai: Any) -> str | None:
    """A plausible address (one ``@``, no spaces, at most 255 characters), else None."""
    if not isinstance(nilai, str):
        return None
    nilai = nilai.strip()
    lokal, _, domain = nilai.partition("@")
    if not lokal or "." not in domain or "@" in domain or any(c.isspace() for c in nilai) or len(nilai) > 255:
        return None
    return nilai


def role_values_from_config(config: Mapping[str, Any]) -> dict[str, Peran]:
    """The ``SIPEKERJA_ROLE_*`` settings as a lookup table for :func:`claims_to_profil`."""
    return {
        config["SIPEKERJA_ROLE_UTAMA"]: Peran.UTAMA,
        config["SIPEKERJA_ROLE_BIDANG"]: Peran.BIDANG,
        config["SIPEKERJA_ROLE_PIMPINAN"]: Peran.PIMPINAN,
    }
