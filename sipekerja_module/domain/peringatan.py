"""Plausibility warnings shown next to a realisasi. They never block saving (a configuration
option may block submission without evidence; that check lives in the service)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .angka import format_angka
from .capaian import Agregasi
from .capaian import Polaritas
from .capaian import RumusNegatif
from .capaian import Target
from .capaian import agregasikan
from .capaian import hitung_capaian_periode
from .periode import NAMA_BULAN
from .periode import Periode

#: Above this capaian a value is probably mistyped (a local choice, not a regulation).
BATAS_CAPAIAN_WAJAR = Decimal(150)
#: Satuan whose values cannot exceed 100 (a share of a whole).
SATUAN_PERSEN = frozenset({"persen", "%"})


def peringatan_kinerja(
    *,
    bulan: int,
    agregasi: Agregasi,
    polaritas: Polaritas,
    target_tahunan: Target | None,
    target_bulanan: Mapping[int, Decimal | Target | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    ada_bukti: bool,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
    satuan: str | None = None,
) -> list[str]:
    """Warnings for one indicator's realisasi in one month (shown to the unit and, once the
    triwulan is submitted anyway, to the checker on the Pengecekan page).

    - a nilai-akhir value lower than the previous reported month (a positif percentage that
      falls is unusual; for a negatif indicator a rise is);
    - an impossible value: above 100 for an indicator measured in Persen;
    - capaian to date above 150% (like with like, as the Pengukuran page computes it);
    - a value without any bukti dukung.

    :param bulan: the month being entered.
    :param agregasi: the indicator's aggregation.
    :param polaritas: its direction.
    :param target_tahunan: its annual target (unused when None).
    :param target_bulanan: month -> target.
    :param realisasi_bulanan: month -> realisasi (including the month being entered).
    :param ada_bukti: whether that month has evidence.
    :param rumus_negatif: the negatif formula.
    :param satuan: the indicator's satuan (``Persen`` caps a value at 100).
    :return: Indonesian warnings, possibly none.
    """
    hasil: list[str] = []
    nilai = realisasi_bulanan.get(bulan)
    if nilai is None:
        return hasil
    if Agregasi(agregasi) is Agregasi.NILAI_AKHIR:
        sebelumnya = agregasikan({b: v for b, v in realisasi_bulanan.items() if b < bulan}, Agregasi.NILAI_AKHIR,
                                 bulan - 1) if bulan > 1 else None
        if sebelumnya is not None:
            turun = nilai < sebelumnya if Polaritas(polaritas) is Polaritas.POSITIF else nilai > sebelumnya
            if turun:
                arah = "turun" if nilai < sebelumnya else "naik"
                hasil.append(f"Nilai {arah} dari {format_angka(sebelumnya, None)} pada bulan sebelumnya; "
                             "pastikan benar.")
    if satuan is not None and satuan.strip().lower() in SATUAN_PERSEN and nilai > 100:
        hasil.append(f"Nilai {format_angka(nilai, None)} melebihi 100 padahal satuannya persen; tidak mungkin, "
                     "periksa kembali.")
    capaian = hitung_capaian_periode(
        target_bulanan=target_bulanan, realisasi_bulanan={b: v for b, v in realisasi_bulanan.items() if b <= bulan},
        target_tahunan=target_tahunan, agregasi=agregasi, polaritas=polaritas, periode=Periode.bulanan(bulan),
        rumus_negatif=rumus_negatif).capaian_sd
    if capaian is not None and capaian > BATAS_CAPAIAN_WAJAR:
        hasil.append(f"Capaian s.d. {NAMA_BULAN[bulan - 1]} {format_angka(capaian, 2)}% melebihi "
                     f"{format_angka(BATAS_CAPAIAN_WAJAR, None)}%; periksa kembali angkanya.")
    if not ada_bukti:
        hasil.append("Belum ada bukti dukung untuk bulan ini.")
    return hasil


def peringatan_anggaran(*, bulan: int, pagu: Decimal | None,
                        realisasi_bulanan: Mapping[int, Decimal | None]) -> list[str]:
    """Warnings for one sub kegiatan's budget realisasi: spending to date above the pagu.

    :param bulan: the month being entered.
    :param pagu: the budget ceiling.
    :param realisasi_bulanan: month -> Rupiah spent.
    :return: Indonesian warnings, possibly none.
    """
    total = agregasikan(realisasi_bulanan, Agregasi.KUMULATIF, bulan)
    if pagu is not None and total is not None and total > pagu:
        return [f"Realisasi anggaran s.d. {NAMA_BULAN[bulan - 1]} (Rp {format_angka(total, None)}) melebihi pagu "
                f"(Rp {format_angka(pagu, None)})."]
    return []
