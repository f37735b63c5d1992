"""Status of a unit's data for a period (draf → diajukan → terverifikasi) and its transitions."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType

from .errors import TransisiTidakValid


class StatusPeriode(Enum):
    """Review status of a unit's targets/realisasi for one period."""

    DRAF = "draf"
    DIAJUKAN = "diajukan"
    TERVERIFIKASI = "terverifikasi"
    DIKEMBALIKAN = "dikembalikan"


#: Allowed transitions. A verified period can be returned (TERVERIFIKASI -> DIKEMBALIKAN):
#: Pengguna Utama may reopen verified data for correction by sending it back to the unit, which
#: keeps the review loop (unit corrects, re-submits, Utama re-verifies) instead of a silent edit.
#: There is no way back to DRAF and no withdrawal of a submission by the unit.
TRANSISI: Mapping[StatusPeriode, frozenset[StatusPeriode]] = MappingProxyType(
    {
        StatusPeriode.DRAF: frozenset({StatusPeriode.DIAJUKAN}),
        StatusPeriode.DIAJUKAN: frozenset({StatusPeriode.TERVERIFIKASI, StatusPeriode.DIKEMBALIKAN}),
        StatusPeriode.DIKEMBALIKAN: frozenset({StatusPeriode.DIAJUKAN}),
        StatusPeriode.TERVERIFIKASI: frozenset({StatusPeriode.DIKEMBALIKAN}),
    }
)

LABEL: Mapping[StatusPeriode, str] = MappingProxyType(
    {
        StatusPeriode.DRAF: "Draf",
        StatusPeriode.DIAJUKAN: "Diajukan",
        StatusPeriode.TERVERIFIKASI: "Terverifikasi",
        StatusPeriode.DIKEMBALIKAN: "Dikembalikan",
    }
)

#: Presentation key for status badges (Bootstrap-style contextual class).
WARNA: Mapping[StatusPeriode, str] = MappingProxyType(
    {
        StatusPeriode.DRAF: "secondary",
        StatusPeriode.DIAJUKAN: "info",
        StatusPeriode.TERVERIFIKASI: "success",
        StatusPeriode.DIKEMBALIKAN: "warning",
    }
)


def is_transisi_valid(lama: StatusPeriode, baru: StatusPeriode) -> bool:
    """Tell whether the table allows ``lama -> baru``.

    :param lama: current status.
    :param baru: requested status.
    :return: True if allowed; a "transition" to the same status is not.
    """
    return StatusPeriode(baru) in TRANSISI[StatusPeriode(lama)]


def assert_transisi(lama: StatusPeriode, baru: StatusPeriode) -> None:
    """Raise unless ``lama -> baru`` is an allowed transition.

    :param lama: current status.
    :param baru: requested status.
    :raise TransisiTidakValid: e.g. "Status tidak dapat diubah dari Diajukan ke Draf."
    """
    if not is_transisi_valid(lama, baru):
        raise TransisiTidakValid(
            f"Status tidak dapat diubah dari {LABEL[StatusPeriode(lama)]} ke {LABEL[StatusPeriode(baru)]}."
        )


def bisa_diubah_unit(status: StatusPeriode) -> bool:
    """Tell whether the unit (Sekretariat/Bidang) may still edit data in this status.

    :param status: current status.
    :return: True for DRAF and DIKEMBALIKAN; submitted or verified data is frozen for the unit.
    """
    return StatusPeriode(status) in (StatusPeriode.DRAF, StatusPeriode.DIKEMBALIKAN)
