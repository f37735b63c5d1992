"""How a capaian was computed, in words a Kasubbag can check by hand (DOMAIN.md "Capaian").

:func:`jelaskan_capaian` returns one line such as
``"Σ realisasi Jan–Mei 48 ÷ Σ target Jan–Mei 50 × 100 = 96,00% (rumus positif R/T), data s.d. Mei"``:
the months compared, the figures in Indonesian notation (``domain.angka``), the formula named
(positif R/T, negatif (2T−R)/T, negatif T/R, rentang) and the result as displayed.
"""

from __future__ import annotations

from decimal import Decimal

from .angka import format_angka
from .angka import format_persen
from .capaian import Agregasi
from .capaian import CapaianPeriode
from .capaian import Polaritas
from .capaian import RumusNegatif
from .capaian import Target
from .capaian import tampilkan_capaian
from .pengukuran import HasilIndikator
from .periode import NAMA_BULAN
from .periode import Periode

#: Short month names for the month ranges of an explanation.
NAMA_BULAN_SINGKAT: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                                       "Des")


def rentang_bulan(bulan: tuple[int, ...]) -> str:
    """Months as compact ranges: ``(1, 2, 3, 5)`` -> ``"Jan–Mar, Mei"``.

    :param bulan: ascending months 1..12.
    :return: the text (empty for no month).
    """
    bagian: list[str] = []
    i = 0
    while i < len(bulan):
        j = i
        while j + 1 < len(bulan) and bulan[j + 1] == bulan[j] + 1:
            j += 1
        awal, akhir = NAMA_BULAN_SINGKAT[bulan[i] - 1], NAMA_BULAN_SINGKAT[bulan[j] - 1]
        bagian.append(awal if i == j else f"{awal}\u2013{akhir}")
        i = j + 1
    return ", ".join(bagian)


def _angka(nilai: Decimal) -> str:
    return format_angka(nilai, None) if nilai == nilai.quantize(Decimal("0.01")) else format_angka(nilai, 2)


def _teks_target(target: Decimal | Target) -> str:
    if isinstance(target, Target):
        if target.is_rentang:
            return f"{_angka(target.bawah)}\u2013{_angka(target.atas)}"  # type: ignore[arg-type]
        return _angka(target.nilai)  # type: ignore[arg-type]
    return _angka(target)


def _nama(agregasi: Agregasi, bulan: tuple[int, ...]) -> tuple[str, str]:
    """How realisasi and target to date are named for the aggregation and the months compared."""
    if agregasi is Agregasi.NILAI_AKHIR:
        nama = NAMA_BULAN[bulan[-1] - 1]
        return f"realisasi {nama}", f"target {nama}"
    teks = rentang_bulan(bulan)
    if agregasi is Agregasi.KUMULATIF:
        return f"\u03a3 realisasi {teks}", f"\u03a3 target {teks}"
    return f"rata-rata realisasi {teks}", f"rata-rata target {teks}"


def jelaskan_capaian(capaian: CapaianPeriode, *, agregasi: Agregasi, polaritas: Polaritas,
                     rumus_negatif: RumusNegatif = RumusNegatif.SELISIH, sampai_bulan: int) -> str:
    """Explain the capaian to date of one indicator.

    :param capaian: the figures (:func:`~.capaian.hitung_capaian_periode`).
    :param agregasi: the indicator's aggregation.
    :param polaritas: its direction.
    :param rumus_negatif: its negatif formula.
    :param sampai_bulan: the period's last month (to say "data s.d. <bulan>" when the data stop earlier).
    :return: one Indonesian sentence.
    """
    agregasi, polaritas, rumus_negatif = Agregasi(agregasi), Polaritas(polaritas), RumusNegatif(rumus_negatif)
    bulan = capaian.bulan_dibandingkan
    if not bulan or capaian.realisasi_sd is None:
        return f"Belum ada realisasi s.d. {NAMA_BULAN[sampai_bulan - 1]}: capaian belum dapat dihitung (belum lapor)."
    nama_r, nama_t = _nama(agregasi, bulan)
    r = capaian.realisasi_sd
    t = capaian.target_sd
    akhir = "" if bulan[-1] >= sampai_bulan else f", data s.d. {NAMA_BULAN[bulan[-1] - 1]}"
    if t is None:
        return (f"{nama_r} {_angka(r)}; tidak ada target untuk bulan yang sama: capaian tidak terdefinisi "
                f"(\u2013){akhir}.")
    hasil = capaian.capaian_sd
    tampil = tampilkan_capaian(hasil)
    teks_hasil = format_persen(tampil) if hasil is not None else "\u2013"
    if hasil is not None and hasil < 0:
        teks_hasil = f"{format_persen(hasil)}, ditampilkan {format_persen(tampil)}"
    acuan = t
    awalan = ""
    rumus_rentang = ""
    if isinstance(t, Target) and t.is_rentang:
        teks_t = _teks_target(t)
        if t.bawah <= r <= t.atas:  # type: ignore[operator]
            return (f"{nama_r} {_angka(r)} berada dalam rentang {nama_t} {teks_t} \u2192 100,00% "
                    f"(rumus rentang){akhir}.")
        di_atas = r > t.atas  # type: ignore[operator]
        acuan = t.atas if di_atas else t.bawah  # type: ignore[assignment]
        awalan = (f"{nama_r} {_angka(r)} {'di atas' if di_atas else 'di bawah'} rentang {nama_t} {teks_t}, "
                  f"dibandingkan dengan batas {'atas' if di_atas else 'bawah'}: ")
        rumus_rentang = "rentang, "
        nama_t = "batas " + ("atas" if di_atas else "bawah")
    teks_t = _teks_target(acuan)
    if isinstance(acuan, Target):
        acuan = acuan.nilai  # type: ignore[assignment]
    if acuan is None or acuan == 0:
        return f"{awalan}{nama_t} {teks_t}: target 0, capaian tidak terdefinisi (\u2013){akhir}."
    if polaritas is Polaritas.POSITIF:
        rumus = f"{nama_r} {_angka(r)} \u00f7 {nama_t} {teks_t} \u00d7 100"
        nama_rumus = "rumus positif R/T"
    elif rumus_negatif is RumusNegatif.SELISIH:
        rumus = f"(2 \u00d7 {nama_t} {teks_t} \u2212 {nama_r} {_angka(r)}) \u00f7 {teks_t} \u00d7 100"
        nama_rumus = "rumus negatif (2T\u2212R)/T"
    else:
        if r == 0:
            return f"{awalan}{nama_r} 0: rumus negatif T/R tidak terdefinisi (\u2013){akhir}."
        rumus = f"{nama_t} {teks_t} \u00f7 {nama_r} {_angka(r)} \u00d7 100"
        nama_rumus = "rumus negatif T/R"
    return f"{awalan}{rumus} = {teks_hasil} ({rumus_rentang}{nama_rumus}){akhir}."


def jelaskan_hasil(hasil: HasilIndikator, periode: Periode) -> str:
    """:func:`jelaskan_capaian` of one indicator's measurement for a period (what the Pengukuran
    page shows under "Cara hitung").

    :param hasil: the indicator's measurement.
    :param periode: the period measured.
    :return: one Indonesian sentence.
    """
    ind = hasil.indikator
    return jelaskan_capaian(hasil.capaian, agregasi=ind.agregasi, polaritas=ind.polaritas,
                            rumus_negatif=ind.rumus_negatif, sampai_bulan=periode.bulan_akhir)
