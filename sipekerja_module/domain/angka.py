"""Numbers: the single rounding rule and Indonesian number parsing/formatting.

Indonesian notation uses the dot as thousands separator and the comma as the
decimal separator: ``1.234.567,89``.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN
from decimal import ROUND_HALF_UP
from decimal import Context
from decimal import Decimal
from decimal import DivisionByZero
from decimal import InvalidOperation
from decimal import Overflow

from .errors import NilaiTidakValid

#: Largest number of integer digits accepted by :func:`parse_angka`
#: (the database stores measures as ``Numeric(18, 4)``-class columns).
MAKS_DIGIT_BULAT = 18

#: Arithmetic context for every domain computation, so results never depend on a caller's global
#: decimal settings. 34 significant digits (IEEE decimal128) is far beyond any display need; the
#: intermediate rounding here is not the display rounding (that is :func:`bulatkan`).
KONTEKS_HITUNG = Context(prec=34, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])

#: Shown instead of a number when a value is undefined (no target, belum lapor).
TANDA_KOSONG = "\u2013"

_POLA_ANGKA = re.compile(
    r"^(?P<tanda>[+-]?)"
    # Grouped integer part: a leading group without a leading zero, then groups of three.
    # "0.500" is deliberately *not* grouped: it is almost always an English-typed 0,5.
    r"(?P<bulat>[1-9]\d{0,2}(?:\.\d{3})+|\d+)?"
    r"(?:,(?P<pecahan>\d+))?$",
    # ASCII only: ``\d`` would also match Arabic-Indic (٣) or full-width (１２) digits, which
    # Python's Decimal() then reads as 3 and 12 without a word.
    re.ASCII,
)
_POLA_DESIMAL_TITIK = re.compile(r"^[+-]?\d*\.\d+$", re.ASCII)


def periksa_digit_ascii(teks: str, nama: str = "Nilai") -> None:
    """Refuse digits other than ASCII 0–9 (Arabic-Indic ``٣``, full-width ``１２``, superscripts …).

    :param teks: the user's text.
    :param nama: the field, named in the message ("Realisasi kinerja", "Tahun").
    :raise NilaiTidakValid: naming the field when ``teks`` holds any non-ASCII digit.
    """
    if any(not c.isascii() and (c.isdigit() or c.isnumeric()) for c in teks):
        raise NilaiTidakValid(f"{nama}: '{teks.strip()[:40]}' memakai angka selain 0–9 (mis. angka Arab atau "
                              "angka lebar penuh). Ketik ulang dengan angka 0–9.")


def bulatkan(nilai: Decimal | int) -> Decimal:
    """Round to two decimals, half up: the one rounding rule of SI PEKERJA.

    Capaian functions return unrounded values; call this only for display and
    for figures that are printed.

    :param nilai: a finite Decimal.
    :return: ``nilai`` quantized to ``0.01`` with ROUND_HALF_UP (``-0.00`` becomes ``0.00``).
    :raise NilaiTidakValid: if ``nilai`` is not a finite Decimal or int.
    """
    return _bulatkan_ke(nilai, 2)


#: Per number of decimals: the quantum and a context wide enough for any printable figure. Made
#: once: entering a ``localcontext`` per call was most of the cost of formatting a report's cells.
_PEMBULATAN: dict[int, tuple[Decimal, Context]] = {}


def _bulatkan_ke(nilai: Decimal | int, desimal: int) -> Decimal:
    # ROUND_HALF_UP, not Python's default banker's rounding: Indonesian reports (and the
    # PermenPAN-RB 6/2022 worked example, 107,14%) round 0,5 away from zero, as taught in school.
    nilai = pastikan_decimal(nilai)
    aturan = _PEMBULATAN.get(desimal)
    if aturan is None:
        aturan = _PEMBULATAN[desimal] = (Decimal(1).scaleb(-desimal),
                                         Context(prec=MAKS_DIGIT_BULAT + desimal + 40, rounding=ROUND_HALF_UP))
    hasil = nilai.quantize(aturan[0], context=aturan[1])
    return hasil.copy_abs() if hasil.is_zero() else hasil


def pastikan_decimal(nilai: Decimal | int, nama: str = "Nilai") -> Decimal:
    """Return ``nilai`` as a finite Decimal, refusing floats.

    :param nilai: a Decimal or an int (``bool`` is refused).
    :param nama: what the value is, used in the error message ("Target", "Realisasi").
    :return: the value as a Decimal (ints converted exactly).
    :raise NilaiTidakValid: for floats, other types, NaN and Infinity.
    """
    if type(nilai) is Decimal:
        # Fast path (the common case, called for every monthly value): Decimal(d) is d itself.
        if nilai.is_finite():
            return nilai
        raise NilaiTidakValid(f"{nama} harus berupa angka yang terhingga.")
    if isinstance(nilai, bool) or not isinstance(nilai, (Decimal, int)):
        # Floats are refused outright: binary fractions (0.1 + 0.2) would leak into capaian.
        raise NilaiTidakValid(f"{nama} harus berupa angka Decimal, bukan {type(nilai).__name__}.")
    hasil = Decimal(nilai)
    if not hasil.is_finite():
        raise NilaiTidakValid(f"{nama} harus berupa angka yang terhingga.")
    return hasil


def parse_angka(teks: str, nama: str = "Nilai") -> Decimal:
    """Parse a number written in Indonesian notation.

    Rules: optional sign (``+``, ``-`` or the Unicode minus); a dot is only a
    thousands separator and must group the integer part in threes
    (``1.234.567``); a comma is the decimal separator (``12,5``). A string in
    English notation such as ``"12.5"`` or ``"1234567.89"`` is **rejected**, not
    guessed: accepting it would make ``"12.5"`` mean 12,5 while ``"12.500"``
    means 12.500 (twelve thousand five hundred), a silent 1000x error. So
    ``"1.234"`` is 1234 and ``"0.500"`` is refused.

    :param teks: the user's text; surrounding whitespace is ignored. Only ASCII digits count.
    :param nama: the field, named in the message about non-ASCII digits.
    :return: the exact Decimal, keeping the written decimals (``"12,50"`` -> ``Decimal("12.50")``).
    :raise NilaiTidakValid: for empty text, garbage, NaN/Infinity, English decimal
        notation, or more than :data:`MAKS_DIGIT_BULAT` integer digits.
    """
    if not isinstance(teks, str):
        raise NilaiTidakValid("Nilai harus berupa teks angka.")
    bersih = teks.strip().replace("\u2212", "-")
    if not bersih:
        raise NilaiTidakValid("Nilai tidak boleh kosong.")
    periksa_digit_ascii(bersih, nama)
    cocok = _POLA_ANGKA.match(bersih)
    if cocok is None or (cocok["bulat"] is None and cocok["pecahan"] is None):
        if _POLA_DESIMAL_TITIK.match(bersih):
            raise NilaiTidakValid(
                f"Format angka '{teks.strip()}' tidak dikenali: gunakan koma untuk desimal (12,5) "
                "dan titik untuk ribuan (1.234.567)."
            )
        raise NilaiTidakValid(
            f"'{teks.strip()}' bukan angka yang valid. Contoh penulisan: 1.234.567,89."
        )
    bulat = (cocok["bulat"] or "0").replace(".", "")
    if len(bulat.lstrip("0")) > MAKS_DIGIT_BULAT:
        raise NilaiTidakValid(
            f"Angka terlalu besar: lebih dari {MAKS_DIGIT_BULAT} digit sebelum koma."
        )
    teks_decimal = f"{cocok['tanda']}{bulat}"
    if cocok["pecahan"] is not None:
        teks_decimal += f".{cocok['pecahan']}"
    hasil = Decimal(teks_decimal)
    return hasil.copy_abs() if hasil.is_zero() else hasil


def format_angka(nilai: Decimal | int, desimal: int | None = 2) -> str:
    """Format a number in Indonesian notation, e.g. ``"1.234.567,89"``.

    :param nilai: a finite Decimal (or int).
    :param desimal: number of decimals, rounded half up (the rule of :func:`bulatkan`);
        ``None`` keeps the value exactly and drops trailing zeros (``80`` -> ``"80"``,
        ``12.50`` -> ``"12,5"``), for targets as the user typed them.
    :return: the formatted text; ``-`` for negative values.
    :raise NilaiTidakValid: if ``nilai`` is not a finite number or ``desimal`` is negative.
    """
    nilai = pastikan_decimal(nilai)
    if desimal is None:
        nilai = nilai.normalize()
        if nilai == nilai.to_integral_value():
            nilai = nilai.quantize(Decimal(1))
        if nilai.is_zero():
            nilai = nilai.copy_abs()
    elif desimal < 0:
        raise NilaiTidakValid("Jumlah desimal tidak boleh negatif.")
    else:
        nilai = _bulatkan_ke(nilai, desimal)
    teks = format(abs(nilai), "f")
    bulat, _, pecahan = teks.partition(".")
    kelompok: list[str] = []
    while len(bulat) > 3:
        kelompok.insert(0, bulat[-3:])
        bulat = bulat[:-3]
    kelompok.insert(0, bulat)
    hasil = ".".join(kelompok)
    if pecahan:
        hasil += "," + pecahan
    return ("-" + hasil) if nilai < 0 else hasil


def format_persen(nilai: Decimal | int | None, desimal: int = 2) -> str:
    """Format a percentage such as a capaian: ``Decimal("107.142857")`` -> ``"107,14%"``.

    :param nilai: the percentage, or None when undefined / belum lapor.
    :param desimal: number of decimals (rounded half up).
    :return: the formatted text, or an en dash ``"–"`` for None (never ``"0%"``).
    :raise NilaiTidakValid: if ``nilai`` is not a finite number.
    """
    if nilai is None:
        return TANDA_KOSONG
    return format_angka(nilai, desimal) + "%"


def format_rupiah(nilai: Decimal | int | None) -> str:
    """Format Rupiah: ``Rp 1.234.567`` (a non-breaking space; sen only when present); None
    becomes an en dash.

    :param nilai: the amount, or None when not set.
    :return: the formatted text.
    :raise NilaiTidakValid: if ``nilai`` is not a finite number.
    """
    if nilai is None:
        return TANDA_KOSONG
    return "Rp\u00a0" + format_angka(nilai, None)


#: Decimals of the stored columns: kinerja values ``Numeric(18, 4)``, Rupiah ``Numeric(18, 2)``.
DESIMAL_KINERJA = 4
DESIMAL_ANGGARAN = 2
#: Total digits of every stored measure column.
DIGIT_KOLOM = 18


def periksa_kolom(nilai: Decimal, desimal: int) -> Decimal:
    """Refuse a number a ``Numeric(18, desimal)`` column cannot store exactly (the database would
    round it silently, or overflow). Trailing zeros lose nothing: ``1,50000`` fits four decimals.

    The one precision rule of every input path: the grids, the month form, the predikat scale and
    the target spreadsheet import.

    :param nilai: the number.
    :param desimal: decimals of the column (:data:`DESIMAL_KINERJA` or :data:`DESIMAL_ANGGARAN`).
    :return: ``nilai`` unchanged.
    :raise NilaiTidakValid: for too many decimals or too many digits.
    """
    nilai = pastikan_decimal(nilai)
    if nilai.normalize().as_tuple().exponent < -desimal:  # type: ignore[operator]
        raise NilaiTidakValid(f"Angka paling banyak {desimal} angka di belakang koma.")
    if not nilai.is_zero() and nilai.adjusted() >= DIGIT_KOLOM - desimal:
        raise NilaiTidakValid("Angka terlalu besar.")
    return nilai


def periksa_realisasi(nilai: Decimal, desimal: int) -> Decimal:
    """A realisasi as it may be stored: never negative (belum lapor is empty, not negative) and
    exactly what its column holds (:func:`periksa_kolom`).

    :param nilai: the realisasi.
    :param desimal: decimals of its column.
    :return: ``nilai`` unchanged.
    :raise NilaiTidakValid: for a negative value, too many decimals or too many digits.
    """
    nilai = pastikan_decimal(nilai, "Realisasi")
    if nilai < 0:
        raise NilaiTidakValid("Realisasi tidak boleh negatif.")
    return periksa_kolom(nilai, desimal)

