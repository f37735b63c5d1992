"""Access rules: which role may see or change which feature for which unit. Deny by default."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

from .errors import AksesDitolak
from .status import LABEL as LABEL_STATUS
from .status import StatusPeriode
from .status import bisa_diubah_unit


class Peran(Enum):
    """Role of a user."""

    UTAMA = "utama"  # Pengguna Utama: Kasubbag Perencanaan dan Keuangan
    BIDANG = "bidang"  # Sekretariat/Bidang (PPTK): own unit only
    PIMPINAN = "pimpinan"  # head of agency: reads results and reports
    #: Kabupaten admin (e.g. Bagian Organisasi Setda): manages the perangkat daerah and the kabupaten
    #: defaults of the reference data (input windows, predikat scale, satuan); opens no agency feature.
    ADMIN_KABUPATEN = "admin_kabupaten"


class Fitur(Enum):
    """Features of the module, in menu order."""

    REFERENSI = "referensi"
    PERENCANAAN = "perencanaan"
    REALISASI = "realisasi"
    PENGUKURAN = "pengukuran"
    LAPORAN = "laporan"


LABEL_PERAN: Mapping[Peran, str] = MappingProxyType(
    {Peran.UTAMA: "Pengguna Utama", Peran.BIDANG: "Sekretariat/Bidang", Peran.PIMPINAN: "Pimpinan",
     Peran.ADMIN_KABUPATEN: "Admin Kabupaten"}
)

LABEL_FITUR: Mapping[Fitur, str] = MappingProxyType(
    {
        Fitur.REFERENSI: "Referensi",
        Fitur.PERENCANAAN: "Perencanaan Kerja",
        Fitur.REALISASI: "Realisasi Kerja",
        Fitur.PENGUKURAN: "Pengukuran Kerja",
        Fitur.LAPORAN: "Laporan",
    }
)

#: Features each role may open (the account table of the user guide; pimpinan is read-only).
FITUR_PERAN: Mapping[Peran, frozenset[Fitur]] = MappingProxyType(
    {
        Peran.UTAMA: frozenset(Fitur),
        Peran.BIDANG: frozenset({Fitur.PERENCANAAN, Fitur.REALISASI, Fitur.PENGUKURAN}),
        Peran.PIMPINAN: frozenset({Fitur.PENGUKURAN, Fitur.LAPORAN}),
        Peran.ADMIN_KABUPATEN: frozenset(),
    }
)

#: Roles that may change data of the features they can open; pimpinan never changes anything.
_PERAN_PENGUBAH = frozenset({Peran.UTAMA, Peran.BIDANG})


@dataclass(frozen=True)
class Subjek:
    """Who is acting: their roles and, for Sekretariat/Bidang, their unit kerja."""

    peran: frozenset[Peran]
    unit_id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "peran", frozenset(Peran(p) for p in self.peran))


def fitur_untuk(peran_set: Iterable[Peran]) -> tuple[Fitur, ...]:
    """Features a user with these roles may open, in menu order.

    :param peran_set: the user's roles.
    :return: the union of the roles' features, ordered as :class:`Fitur`.
    """
    boleh: set[Fitur] = set()
    for peran in peran_set:
        boleh |= FITUR_PERAN[Peran(peran)]
    return tuple(fitur for fitur in Fitur if fitur in boleh)


def _peran_mengizinkan(peran: Peran, subjek: Subjek, fitur: Fitur, unit_id_objek: int | None) -> bool:
    if fitur not in FITUR_PERAN[peran]:
        return False
    if peran is Peran.BIDANG:
        # A unit works only on its own data; an object without a unit (agency-wide) is not theirs.
        return subjek.unit_id is not None and unit_id_objek == subjek.unit_id
    return True


def boleh_melihat(subjek: Subjek, fitur: Fitur, unit_id_objek: int | None) -> bool:
    """Tell whether the subject may view data of a feature belonging to a unit.

    Utama and pimpinan see every unit; bidang only its own (for a list page pass the bidang's own
    unit id). Anything not granted is denied.

    :param subjek: who is acting.
    :param fitur: the feature.
    :param unit_id_objek: unit owning the data, None for agency-wide data.
    :return: True if allowed.
    """
    fitur = Fitur(fitur)
    return any(_peran_mengizinkan(peran, subjek, fitur, unit_id_objek) for peran in subjek.peran)


def boleh_mengubah(subjek: Subjek, fitur: Fitur, unit_id_objek: int | None) -> bool:
    """Tell whether the subject may change data of a feature belonging to a unit.

    Utama changes any unit; bidang only its own unit in perencanaan/realisasi/pengukuran;
    pimpinan never. Status and input windows are checked separately
    (:func:`boleh_mengubah_isian`).

    :param subjek: who is acting.
    :param fitur: the feature.
    :param unit_id_objek: unit owning the data, None for agency-wide data.
    :return: True if allowed.
    """
    fitur = Fitur(fitur)
    return any(
        _peran_mengizinkan(peran, subjek, fitur, unit_id_objek)
        for peran in subjek.peran
        if peran in _PERAN_PENGUBAH
    )


def assert_boleh(subjek: Subjek, fitur: Fitur, unit_id_objek: int | None, *, ubah: bool = False) -> None:
    """Raise unless the subject may view (or, with ``ubah``, change) the data.

    :param subjek: who is acting.
    :param fitur: the feature.
    :param unit_id_objek: unit owning the data.
    :param ubah: check the right to change instead of to view.
    :raise AksesDitolak: when not allowed.
    """
    fitur = Fitur(fitur)
    if ubah and not boleh_mengubah(subjek, fitur, unit_id_objek):
        raise AksesDitolak(f"Anda tidak berhak mengubah data {LABEL_FITUR[fitur]} ini.")
    if not ubah and not boleh_melihat(subjek, fitur, unit_id_objek):
        raise AksesDitolak(f"Anda tidak berhak melihat data {LABEL_FITUR[fitur]} ini.")


def boleh_mengubah_isian(
    subjek: Subjek,
    fitur: Fitur,
    unit_id_objek: int | None,
    *,
    status: StatusPeriode,
    jendela_terbuka: bool,
) -> bool:
    """Tell whether the subject may edit a unit's period data (targets or realisasi) right now.

    Bidang needs its own unit, a status the unit may edit (draf/dikembalikan) and an open input
    window. Utama may correct any unit's data in any status and outside the window (the service
    records the audit trail); this is a local choice, since Utama is the one who verifies and
    reopens.

    :param subjek: who is acting.
    :param fitur: the feature (perencanaan or realisasi).
    :param unit_id_objek: unit owning the data.
    :param status: status of the unit's data for the period.
    :param jendela_terbuka: result of :func:`~sipekerja_module.domain.periode.is_jendela_terbuka`.
    :return: True if allowed.
    """
    if Peran.UTAMA in subjek.peran and Fitur(fitur) in FITUR_PERAN[Peran.UTAMA]:
        return True
    bidang = Subjek(frozenset({Peran.BIDANG}), subjek.unit_id)
    return (
        Peran.BIDANG in subjek.peran
        and boleh_mengubah(bidang, fitur, unit_id_objek)
        and bisa_diubah_unit(status)
        and jendela_terbuka
    )


def assert_boleh_mengubah_isian(
    subjek: Subjek,
    fitur: Fitur,
    unit_id_objek: int | None,
    *,
    status: StatusPeriode,
    jendela_terbuka: bool,
) -> None:
    """Raise unless :func:`boleh_mengubah_isian` allows the edit, saying why.

    :param subjek: who is acting.
    :param fitur: the feature.
    :param unit_id_objek: unit owning the data.
    :param status: status of the unit's data for the period.
    :param jendela_terbuka: whether the input window is open now.
    :raise AksesDitolak: when not allowed; the message names the reason (rights, status, window).
    """
    if boleh_mengubah_isian(subjek, fitur, unit_id_objek, status=status, jendela_terbuka=jendela_terbuka):
        return
    assert_boleh(subjek, fitur, unit_id_objek, ubah=True)
    if not bisa_diubah_unit(status):
        raise AksesDitolak(
            f"Data berstatus {LABEL_STATUS[StatusPeriode(status)]} tidak dapat diubah oleh unit kerja."
        )
    raise AksesDitolak("Jendela input sudah ditutup. Hubungi Pengguna Utama untuk membuka kembali.")


def boleh_memeriksa(subjek: Subjek) -> bool:
    """Tell whether the subject may check (verify or return) the units' submissions: the
    guide's "pengecekan capaian realisasi" is the Pengguna Utama's task alone.

    :param subjek: who is acting.
    :return: True for Utama.
    """
    return Peran.UTAMA in subjek.peran


def assert_boleh_memeriksa(subjek: Subjek) -> None:
    """Raise unless the subject may verify or return submissions.

    :param subjek: who is acting.
    :raise AksesDitolak: for anyone but Utama.
    """
    if not boleh_memeriksa(subjek):
        raise AksesDitolak("Hanya Pengguna Utama yang dapat memeriksa, memverifikasi, atau mengembalikan pengajuan.")


def boleh_mengelola_kabupaten(subjek: Subjek) -> bool:
    """Tell whether the subject may manage the perangkat daerah and the kabupaten defaults of the
    reference data (input windows, predikat scale, satuan): the kabupaten admin alone. An agency's
    Pengguna Utama changes only its own agency's overrides.

    :param subjek: who is acting.
    :return: True for the kabupaten admin.
    """
    return Peran.ADMIN_KABUPATEN in subjek.peran


def assert_boleh_mengelola_kabupaten(subjek: Subjek) -> None:
    """Raise unless the subject is the kabupaten admin.

    :param subjek: who is acting.
    :raise AksesDitolak: for anyone else.
    """
    if not boleh_mengelola_kabupaten(subjek):
        raise AksesDitolak("Hanya Admin Kabupaten yang dapat mengubah data bawaan kabupaten dan perangkat daerah.")
