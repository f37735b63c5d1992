"""Domain errors. Every message (``.pesan``) is Indonesian and fit to show to users."""

from __future__ import annotations


class SipekerjaError(Exception):
    """Base class of every rule violation raised by the domain.

    :param pesan: Indonesian message for the user; also ``str(error)``.
    """

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan

    def __str__(self) -> str:
        return self.pesan


class NilaiTidakValid(SipekerjaError):
    """A number, target, code or other value is malformed or out of range."""


class BulanTidakValid(SipekerjaError):
    """A month number outside 1..12."""


class TriwulanTidakValid(SipekerjaError):
    """A quarter number outside 1..4."""


class NIPTidakValid(SipekerjaError):
    """A NIP (Nomor Induk Pegawai) that is not 18 well-formed digits."""


class TransisiTidakValid(SipekerjaError):
    """A status change that the transition table does not allow."""


class PeriodeTertutup(SipekerjaError):
    """An attempt to write while the input window is not open."""


class SkalaPredikatTidakValid(SipekerjaError):
    """A predikat scale whose bands are inconsistent."""


class AksesDitolak(SipekerjaError):
    """The subject's roles or unit do not allow the requested action."""


class KonflikData(SipekerjaError):
    """Someone else saved the same record since this form was opened; nothing was overwritten."""

    def __init__(self, pesan: str = (
        "Data ini sudah diubah oleh pengguna lain sejak formulir dibuka. "
        "Muat ulang halaman untuk melihat data terbaru, lalu ulangi perubahan Anda."
    )) -> None:
        super().__init__(pesan)
