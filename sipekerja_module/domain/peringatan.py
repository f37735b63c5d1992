"""Plausibility warnings shown next to a realisasi. They never block saving (a configuration
option may block submission without evidence; that check lives in the service)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .capaian import Agregasi
from .capaian import Polaritas
from .capaian import RumusNegatif
from .capaian import Target
from .capaian import agregasikan
from .capaian import hitung_capaian
from .angka import format_angka
from .periode import NAMA_BULAN

#: Above this capaian a value is probably mistyped (a local choice, not a regulation).
BATAS_CAPAIAN_WAJAR = Decimal(150)


def peringatan_kinerja(
    *,
    bulan: int,
    agregasi: Agregasi,
    polaritas: Polaritas,
    target_tahunan: Target | None,
    target_bulanan: Mapping[int, Decimal | None],
    realisasi_bulanan: Mapping[int, Decimal | None],
    ada_bukti: bool,
    rumus_negatif: RumusNegatif = RumusNegatif.SELISIH,
) -> list[str]:
    """Warnings for one indicator's realisasi in one month.

    - a nilai-akhir value lower than the previous reported month (a positif percentage that
      falls is unusual; for a negatif indicator a rise is);
    - capaian to date above 150%;
    - a value without any bukti dukung.

    :param bulan: the month being entered.
    :param agregasi: the indicator's aggregation.
    :param polaritas: its direction.
    :param target_tahunan: its annual target (unused when None).
    :param target_bulanan: month -> target.
    :param realisasi_bulanan: month -> realisasi (including the month being entered).
    :param ada_bukti: whether that month has evidence.
    :param rumus_negatif: the negatif formula.
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
                hasil.append(f"Nilai {arah} dari {format_angka(sebelumnya, None)} pada bulan sebelumnya; pastikan benar.")
    target_sd = agregasikan(target_bulanan, agregasi, bulan)
    realisasi_sd = agregasikan(realisasi_bulanan, agregasi, bulan)
    capaian = hitung_capaian(target_sd, realisasi_sd, polaritas, rumus_negatif)
    if capaian is not None and capaian > BATAS_CAPAIAN_WAJAR:
        hasil.append(f"Capaian s.d. {NAMA_BULAN[bulan - 1]} {format_angka(capaian, 2)}% melebihi "
                     f"{format_angka(BATAS_CAPAIAN_WAJAR, None)}%; periksa kembali angkanya.")
    if not ada_bukti:
        hasil.append("Belum ada bukti dukung untuk bulan ini.")
    return hasil


def peringatan_anggaran(*, bulan: int, pagu: Decimal | None, realisasi_bulanan: Mapping[int, Decimal | None]) -> list[str]:
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
