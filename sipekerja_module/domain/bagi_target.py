"""Spreading an annual target over the twelve months (the "Isi dari target tahunan" helper of the
target grids). A proposal only: the user sees the months filled in and may change any before saving.

Rules, by the indicator's agregasi (``domain.capaian.Agregasi``):

* **kumulatif** (counts, Rupiah): the months add up to the annual target exactly, spread as evenly as
  the target's own precision allows. The cumulative target of month *m* is the annual target × m/12
  rounded down to that precision, and each month gets the difference from the month before — so a
  target of 4 dokumen puts one in March, June, September and December, 12 puts one in every month,
  and 100 gives 8, 8, 9, 8, 8, 9, … (the precision is the target's: whole numbers stay whole, 12,5
  is split in tenths);
* **nilai akhir** and **rata-rata** (percentages, indices): every month carries the annual target
  (the value at the end, or the mean, is then the target).
"""

from __future__ import annotations

from decimal import ROUND_FLOOR
from decimal import Decimal
from decimal import localcontext

from .angka import KONTEKS_HITUNG
from .angka import pastikan_decimal
from .capaian import Agregasi
from .errors import NilaiTidakValid

BULAN = range(1, 13)


def _kuantum(target: Decimal, desimal_maks: int) -> Decimal:
    """The step of the target's own precision (1 for whole numbers), at most ``desimal_maks`` places."""
    desimal = max(0, -target.normalize().as_tuple().exponent)  # type: ignore[operator]
    return Decimal(1).scaleb(-min(desimal, desimal_maks))


def bagi_target_tahunan(target: Decimal, agregasi: Agregasi | str, *, desimal_maks: int = 4) -> dict[int, Decimal]:
    """The monthly targets proposed for an annual target.

    :param target: the annual target (>= 0).
    :param agregasi: how the indicator's months combine (the module docstring gives the rule).
    :param desimal_maks: the most decimal places a monthly value may have (4 kinerja, 2 anggaran).
    :return: month (1..12) -> target; for kumulatif the months sum to ``target`` exactly.
    :raise NilaiTidakValid: for a negative target.
    """
    target = pastikan_decimal(target, "Target tahunan")
    if target < 0:
        raise NilaiTidakValid("Target tahunan tidak boleh negatif.")
    agregasi = Agregasi(agregasi)
    if agregasi is not Agregasi.KUMULATIF:
        return {bulan: target for bulan in BULAN}
    kuantum = _kuantum(target, desimal_maks)
    hasil: dict[int, Decimal] = {}
    sebelumnya = Decimal(0)
    with localcontext(KONTEKS_HITUNG):
        for bulan in BULAN:
            sampai = target if bulan == 12 else (target * bulan / 12).quantize(kuantum, rounding=ROUND_FLOOR)
            hasil[bulan] = sampai - sebelumnya
            sebelumnya = sampai
    return hasil
