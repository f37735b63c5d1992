"""Pure builders: plan and measurement dataclasses → the neutral report model.

No database, no reportlab, no xlsxwriter: every number is formatted here with
:mod:`~sipekerja_module.domain.angka` (Indonesian notation, the one rounding rule) and kept as a
value for the spreadsheet, so the PDF and the XLSX show the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from decimal import Decimal
from decimal import localcontext
from typing import Protocol

from ..domain.angka import KONTEKS_HITUNG
from ..domain.angka import TANDA_KOSONG
from ..domain.angka import bulatkan
from ..domain.angka import format_angka
from ..domain.angka import format_persen
from ..domain.capaian import CapaianPeriode
from ..domain.capaian import Polaritas
from ..domain.capaian import Serapan
from ..domain.capaian import Target
from ..domain.capaian import format_target
from ..domain.capaian import hitung_capaian
from ..domain.capaian import tampilkan_capaian
from ..domain.data_rencana import DataRencana
from ..domain.data_rencana import IndikatorData
from ..domain.data_rencana import NodeData
from ..domain.pengukuran import CatatanPeriode
from ..domain.pengukuran import HasilIndikator
from ..domain.pengukuran import HasilKelompok
from ..domain.pengukuran import Pengukuran
from ..domain.pengukuran import capaian_sd_terukur
from ..domain.periode import NAMA_BULAN
from ..domain.periode import NAMA_TRIWULAN
from ..domain.periode import JenisPeriode
from ..domain.periode import Periode
from ..domain.periode import bulan_dalam_triwulan
from ..domain.pohon import BarisRencana
from ..domain.pohon import pohon_rencana
from ..domain.versi_target import ATURAN_BAWAAN
from ..domain.versi_target import keterangan_versi
from .model import Bagian
from .model import BarisLaporan
from .model import FormatKolom
from .model import JenisBaris
from .model import Kolom
from .model import Laporan
from .model import Sel
from .model import SelJudul

#: Printed instead of a figure when a unit has not reported ("belum lapor" is never 0%).
BELUM_LAPOR = "belum lapor"
#: Beside a figure that counts a month whose unit's triwulan is not verified yet.
BELUM_DIVERIFIKASI = "belum diverifikasi"
#: In the title block of a printout that includes unverified data (an explicit choice).
JUDUL_BELUM_DIVERIFIKASI = "MEMUAT DATA BELUM DIVERIFIKASI"
KOSONG = Sel(TANDA_KOSONG)
_KOSONG_POLOS = Sel("")
_JENIS = {j.value: j for j in JenisBaris}


def _teks_angka(nilai: Decimal) -> str:
    return format_angka(nilai, 2)


def _teks_rupiah(nilai: Decimal) -> str:
    return format_angka(nilai, 0 if nilai == nilai.to_integral_value() else 2)


def _teks_bulat(nilai: int) -> str:
    return format_angka(nilai, 0)


def _nilai_tetap(nilai: Decimal) -> Decimal:
    return nilai


def sel_angka(nilai: Decimal | None) -> Sel:
    """A measure with two decimals (``1.234,50``); None gives "–".

    :param nilai: the value, unrounded.
    :return: the cell; its value is rounded with the one rounding rule, as printed (both made on
        first access, see :meth:`Sel.tunda`).
    """
    if nilai is None:
        return KOSONG
    return Sel.tunda(nilai, FormatKolom.ANGKA, _teks_angka, bulatkan)


def sel_rupiah(nilai: Decimal | None) -> Sel:
    """Rupiah without sen when whole (``1.234.567``), else with two decimals; None gives "–".

    :param nilai: the amount.
    :return: the cell; its value is the exact amount.
    """
    if nilai is None:
        return KOSONG
    return Sel.tunda(nilai, FormatKolom.RUPIAH, _teks_rupiah, _nilai_tetap)


def sel_persen(nilai: Decimal | None) -> Sel:
    """A percentage (``107,14%``), value stored as 107.14; None gives "–".

    :param nilai: the percentage, unrounded.
    :return: the cell.
    """
    if nilai is None:
        return KOSONG
    return Sel.tunda(nilai, FormatKolom.PERSEN, format_persen, bulatkan)


def _teks_target_sd(target: Target) -> str:
    return format_target(target, 2)


def sel_target_sd(target: Decimal | Target | None) -> Sel:
    """A target to date: a measure with two decimals, or a range (``80,00–90,00``, kept as text in
    the spreadsheet since it has no single value); None gives "–".

    :param target: the target to date.
    :return: the cell.
    """
    if isinstance(target, Target):
        return Sel.tunda(target, None, _teks_target_sd, _tanpa_nilai)
    return sel_angka(target)


def keterangan_indikator(ind: HasilIndikator) -> str:
    """What the Keterangan column says of an indicator's figure: ``"data s.d. Mei"`` when it stops
    before the period's end, ``"belum diverifikasi"`` when a month counted is not verified.

    :param ind: the indicator's measurement.
    :return: the text, possibly empty.
    """
    bagian = []
    if ind.label_data_sd:
        bagian.append(ind.label_data_sd)
    if ind.belum_diverifikasi:
        bagian.append(BELUM_DIVERIFIKASI)
    return "; ".join(bagian)


def keterangan_kelompok(kelompok: HasilKelompok) -> str:
    """What the Keterangan column says of a group's mean: how many indicators were left out
    (belum lapor or undefined), e.g. ``"2 indikator tidak dihitung"``.

    :param kelompok: the group's roll-up.
    :return: the text, possibly empty.
    """
    n = kelompok.ringkasan_sd.jumlah_belum_terukur
    return f"{n} indikator tidak dihitung" if n else ""


def sel_bulat(nilai: int) -> Sel:
    """A whole number such as a row number or a count.

    :param nilai: the number.
    :return: the cell.
    """
    return Sel.tunda(nilai, FormatKolom.BULAT, _teks_bulat, Decimal)


def _sel_teks(teks: str | None) -> Sel:
    return Sel(teks or "")


def uraian_baris(baris: BarisRencana) -> str:
    """The label of a tree row as printed: code and name for nodes, the text for indicators.

    :param baris: the row.
    :return: e.g. ``"5.03.02 PROGRAM KEPEGAWAIAN DAERAH"``.
    """
    if baris.jenis == "indikator" or not baris.kode:
        return baris.nama
    return f"{baris.kode} {baris.nama}"


def judul_periode(periode: Periode, tahun: int) -> str:
    """Indonesian period title: ``"Triwulan II Tahun 2024"``, ``"Bulan Mei Tahun 2024"``, ``"Tahun 2024"``.

    :param periode: the period.
    :param tahun: the year.
    :return: the title.
    """
    if periode.jenis is JenisPeriode.TAHUN:
        return f"Tahun {tahun}"
    if periode.jenis is JenisPeriode.BULAN:
        return f"Bulan {periode.label} Tahun {tahun}"
    return f"{periode.label} Tahun {tahun}"


def memuat_belum_diverifikasi(data: DataRencana) -> bool:
    """True when a report built from ``data`` counts months that are not verified yet.

    :param data: the plan as loaded.
    :return: whether the printout must say so in its title block.
    """
    return not data.hanya_terverifikasi and bool(data.kinerja_belum_diverifikasi or data.anggaran_belum_diverifikasi)


def _subjudul(data: DataRencana, *baris: str) -> tuple[str, ...]:
    hasil = [data.perangkat_daerah_nama.upper(), *baris]
    if data.unit_kerja_id is not None and data.unit:
        hasil.append(f"Unit Kerja: {data.unit[0].nama}")
    if memuat_belum_diverifikasi(data):
        hasil.append(JUDUL_BELUM_DIVERIFIKASI)
    return tuple(hasil)


def _gabung(teks: Sequence[str]) -> str:
    return "; ".join(teks)


# ---------------------------------------------------------------------------------------------
# Laporan Pengukuran Kinerja
# ---------------------------------------------------------------------------------------------

def baris_capaian(pengukuran: Pengukuran) -> tuple[BarisLaporan, ...]:
    """Body rows of the capaian section: the plan tree with each indicator's figures and each
    group's mean capaian and predikat.

    Columns: No, Uraian, Satuan, Target Tahunan, Target s.d., Realisasi s.d., Capaian s.d.,
    Capaian thd Target Tahunan, Predikat, Keterangan ("data s.d. Mei", "belum diverifikasi", or for
    a group how many indicators its mean leaves out).

    :param pengukuran: the measurement of the period.
    :return: the rows.
    """
    hasil: list[BarisLaporan] = []
    nomor = 0
    for b in pengukuran.baris:
        if b.jenis == "indikator":
            nomor += 1
            ind = pengukuran.per_indikator[b.indikator_id]  # type: ignore[index]
            hasil.append(BarisLaporan(JenisBaris.INDIKATOR, (
                sel_bulat(nomor), _sel_teks(b.nama), _sel_teks(b.satuan), _sel_target(ind), *_sel_kinerja(ind),
                _sel_teks(keterangan_indikator(ind)),
            ), b.kedalaman))
            continue
        kelompok = pengukuran.per_baris[b.kunci]
        hasil.append(BarisLaporan(_JENIS[b.jenis], (
            _KOSONG_POLOS, _sel_teks(uraian_baris(b)), _KOSONG_POLOS, _KOSONG_POLOS, _KOSONG_POLOS, _KOSONG_POLOS,
            sel_persen(kelompok.capaian_sd), sel_persen(kelompok.capaian_tahunan), _sel_predikat(kelompok),
            _sel_teks(keterangan_kelompok(kelompok)),
        ), b.kedalaman))
    return tuple(hasil)


def _sel_target(ind: HasilIndikator) -> Sel:
    return _sel_target_data(ind.indikator.target)


def _sel_kinerja(ind: HasilIndikator) -> tuple[Sel, ...]:
    """Target s.d., Realisasi s.d., Capaian s.d., Capaian thd tahunan, Predikat of an indicator."""
    target_sd = sel_target_sd(ind.capaian.target_sd)
    if ind.belum_lapor:
        tanda = Sel(BELUM_LAPOR)
        return target_sd, tanda, tanda, tanda, KOSONG
    predikat = Sel(ind.predikat_sd.label) if ind.predikat_sd is not None else KOSONG
    return (target_sd, sel_angka(ind.capaian.realisasi_sd), sel_persen(ind.capaian_sd),
            sel_persen(ind.capaian_tahunan), predikat)


def _sel_predikat(kelompok: HasilKelompok) -> Sel:
    return Sel(kelompok.predikat_sd.label) if kelompok.predikat_sd is not None else KOSONG


def _sel_serapan(serapan: Serapan | None) -> tuple[Sel, ...]:
    """Pagu, Target s.d., Realisasi s.d., % thd pagu, % thd target s.d."""
    if serapan is None:
        return (KOSONG,) * 5
    return (sel_rupiah(serapan.pagu), sel_rupiah(serapan.target_sd), sel_rupiah(serapan.realisasi_sd),
            sel_persen(serapan.persen_pagu), sel_persen(serapan.persen_target_sd))


def _sel_catatan(catatan: CatatanPeriode) -> tuple[Sel, ...]:
    return (_sel_teks(_gabung(catatan.faktor_pendorong)), _sel_teks(_gabung(catatan.faktor_penghambat)),
            _sel_teks(_gabung(catatan.tindak_lanjut)))


def baris_anggaran(pengukuran: Pengukuran) -> tuple[BarisLaporan, ...]:
    """Body rows of the budget section: every tree row above indicators with its pagu, target and
    realisasi to date, % serapan and the period's notes; a "Jumlah" row closes the table.

    Columns: No, Uraian, Unit Kerja, Pagu, Target s.d., Realisasi s.d., % thd Pagu, % thd Target
    s.d., Faktor Pendukung, Faktor Penghambat, Tindak Lanjut.

    :param pengukuran: the measurement of the period.
    :return: the rows.
    """
    hasil: list[BarisLaporan] = []
    nomor = 0
    for b in pengukuran.baris:
        if b.jenis == "indikator":
            continue
        kelompok = pengukuran.per_baris[b.kunci]
        nomor_sel = _KOSONG_POLOS
        if b.jenis == "sub_kegiatan":
            nomor += 1
            nomor_sel = sel_bulat(nomor)
        hasil.append(BarisLaporan(_JENIS[b.jenis], (
            nomor_sel, _sel_teks(uraian_baris(b)), _sel_teks(b.unit), *_sel_serapan(kelompok.serapan),
            *_sel_catatan(kelompok.catatan),
        ), b.kedalaman))
    hasil.append(BarisLaporan(JenisBaris.TOTAL, (
        _KOSONG_POLOS, Sel("Jumlah"), _KOSONG_POLOS, *_sel_serapan(pengukuran.total.serapan),
        _KOSONG_POLOS, _KOSONG_POLOS, _KOSONG_POLOS,
    )))
    return tuple(hasil)


def baris_peringkat(pengukuran: Pengukuran) -> tuple[BarisLaporan, ...]:
    """Body rows of the unit ranking: place, unit, counts, mean capaian, predikat, count per
    predikat (highest band first), % serapan; a row for the whole plan closes the table.

    :param pengukuran: the measurement of the period.
    :return: the rows.
    """
    label = pengukuran.skala.label_tinggi_ke_rendah

    def sel_kelompok(kelompok: HasilKelompok) -> tuple[Sel, ...]:
        r = kelompok.ringkasan_sd
        serapan = kelompok.serapan
        return (
            sel_bulat(r.jumlah_indikator), sel_bulat(r.jumlah_terukur), sel_bulat(r.jumlah_belum_terukur),
            sel_persen(kelompok.capaian_sd), _sel_predikat(kelompok),
            *(sel_bulat(r.jumlah_per_predikat.get(nama, 0)) for nama in label),
            sel_persen(serapan.persen_pagu if serapan else None),
            sel_persen(serapan.persen_target_sd if serapan else None),
        )

    hasil = [
        BarisLaporan(JenisBaris.BIASA, (
            sel_bulat(p.peringkat) if p.peringkat is not None else KOSONG, _sel_teks(p.unit.nama),
            *sel_kelompok(p.hasil),
        ))
        for p in pengukuran.peringkat
    ]
    hasil.append(BarisLaporan(JenisBaris.TOTAL, (_KOSONG_POLOS, Sel("Perangkat Daerah"),
                                                  *sel_kelompok(pengukuran.total))))
    return tuple(hasil)


def laporan_pengukuran(data: DataRencana, pengukuran: Pengukuran) -> Laporan:
    """Build the *Laporan Pengukuran Kinerja* of a period (DOMAIN.md "Reports the agency prints").

    Three sections: capaian kinerja per indicator (Sasaran | Indikator | Satuan | Target |
    Realisasi | Capaian | Predikat, with both capaian figures), realisasi anggaran per program /
    kegiatan / sub kegiatan with faktor pendukung / penghambat / tindak lanjut, and the ranking of
    units.

    :param data: the plan (for the agency name, year and unit filter).
    :param pengukuran: the measurement of the period, from ``hitung_pengukuran(data, ...)``.
    :return: the report.
    """
    periode = pengukuran.periode
    return Laporan(
        judul="LAPORAN PENGUKURAN KINERJA",
        subjudul=_subjudul(data, judul_periode(periode, data.tahun),
                           "Capaian s.d. membandingkan realisasi bulan yang dilaporkan dengan target bulan yang sama; "
                           "indikator yang laporannya berhenti sebelum akhir periode ditandai \"data s.d. <bulan>\""),
        bagian=bagian_pengukuran(periode, pengukuran.skala.label_tinggi_ke_rendah, baris_capaian(pengukuran),
                                 baris_anggaran(pengukuran), baris_peringkat(pengukuran)),
        nama_berkas=f"pengukuran-kinerja-{data.tahun}-{periode.kode}",
    )


def bagian_pengukuran(periode: Periode, label_predikat: Sequence[str], capaian: tuple[BarisLaporan, ...] = (),
                      anggaran: tuple[BarisLaporan, ...] = (), peringkat: tuple[BarisLaporan, ...] = (),
                      *, judul_peringkat: str = "C. Peringkat Unit Kerja") -> tuple[Bagian, ...]:
    """The three sections of the *Laporan Pengukuran Kinerja*: columns, header rows and the rows given.

    :param periode: the period (header texts "s.d. ...").
    :param label_predikat: the predikat labels, highest band first (one column each in the ranking).
    :param capaian: rows of :func:`baris_capaian`.
    :param anggaran: rows of :func:`baris_anggaran`.
    :param peringkat: rows of :func:`baris_peringkat`.
    :param judul_peringkat: title of the ranking section.
    :return: (capaian kinerja, realisasi anggaran, peringkat unit kerja).
    """
    sd = f"s.d. {periode.label}" if periode.jenis is not JenisPeriode.TAHUN else "s.d. Desember"
    bagian_capaian = Bagian(
        judul="A. Capaian Kinerja",
        nama_sheet="Capaian Kinerja",
        kolom=(
            Kolom(FormatKolom.BULAT, 5), Kolom(FormatKolom.TEKS, 60, bertingkat=True), Kolom(FormatKolom.TEKS, 10),
            Kolom(FormatKolom.ANGKA, 11), Kolom(FormatKolom.ANGKA, 11), Kolom(FormatKolom.ANGKA, 11),
            Kolom(FormatKolom.PERSEN, 11), Kolom(FormatKolom.PERSEN, 11), Kolom(FormatKolom.TEKS, 13),
            Kolom(FormatKolom.TEKS, 16),
        ),
        judul_kolom=(
            SelJudul("No", 0, 0, tinggi=2),
            SelJudul("Sasaran / Program / Kegiatan / Sub Kegiatan / Indikator Kinerja", 0, 1, tinggi=2),
            SelJudul("Satuan", 0, 2, tinggi=2),
            SelJudul("Target", 0, 3, lebar=2), SelJudul("Tahunan", 1, 3), SelJudul(sd, 1, 4),
            SelJudul(f"Realisasi {sd}", 0, 5, tinggi=2),
            SelJudul("Capaian", 0, 6, lebar=2), SelJudul(sd, 1, 6), SelJudul("thd Target Tahunan", 1, 7),
            SelJudul("Predikat", 0, 8, tinggi=2), SelJudul("Keterangan", 0, 9, tinggi=2),
        ),
        baris=capaian,
    )
    bagian_anggaran = Bagian(
        judul="B. Realisasi Anggaran",
        nama_sheet="Realisasi Anggaran",
        kolom=(
            Kolom(FormatKolom.BULAT, 5), Kolom(FormatKolom.TEKS, 42, bertingkat=True), Kolom(FormatKolom.TEKS, 16),
            Kolom(FormatKolom.RUPIAH, 15), Kolom(FormatKolom.RUPIAH, 15), Kolom(FormatKolom.RUPIAH, 15),
            Kolom(FormatKolom.PERSEN, 9), Kolom(FormatKolom.PERSEN, 9),
            Kolom(FormatKolom.TEKS, 20), Kolom(FormatKolom.TEKS, 20), Kolom(FormatKolom.TEKS, 20),
        ),
        judul_kolom=(
            SelJudul("No", 0, 0, tinggi=2), SelJudul("Program / Kegiatan / Sub Kegiatan", 0, 1, tinggi=2),
            SelJudul("Unit Kerja", 0, 2, tinggi=2),
            SelJudul("Anggaran (Rp)", 0, 3, lebar=3), SelJudul("Pagu", 1, 3), SelJudul(f"Target {sd}", 1, 4),
            SelJudul(f"Realisasi {sd}", 1, 5),
            SelJudul("% Serapan", 0, 6, lebar=2), SelJudul("thd Pagu", 1, 6), SelJudul(f"thd Target {sd}", 1, 7),
            SelJudul("Faktor Pendukung", 0, 8, tinggi=2), SelJudul("Faktor Penghambat", 0, 9, tinggi=2),
            SelJudul("Tindak Lanjut", 0, 10, tinggi=2),
        ),
        baris=anggaran,
    )
    label = tuple(label_predikat)
    n = len(label)
    bagian_peringkat = Bagian(
        judul=judul_peringkat,
        nama_sheet="Peringkat Unit Kerja",
        kolom=(
            Kolom(FormatKolom.BULAT, 9), Kolom(FormatKolom.TEKS, 40), Kolom(FormatKolom.BULAT, 9),
            Kolom(FormatKolom.BULAT, 9), Kolom(FormatKolom.BULAT, 9), Kolom(FormatKolom.PERSEN, 11),
            Kolom(FormatKolom.TEKS, 13), *(Kolom(FormatKolom.BULAT, 9) for _ in label),
            Kolom(FormatKolom.PERSEN, 11), Kolom(FormatKolom.PERSEN, 11),
        ),
        judul_kolom=(
            SelJudul("Peringkat", 0, 0, tinggi=2), SelJudul("Unit Kerja", 0, 1, tinggi=2),
            SelJudul("Jumlah Indikator", 0, 2, lebar=3), SelJudul("Seluruh", 1, 2), SelJudul("Terukur", 1, 3),
            SelJudul("Belum Terukur", 1, 4),
            SelJudul(f"Rata-rata Capaian {sd}", 0, 5, tinggi=2), SelJudul("Predikat", 0, 6, tinggi=2),
            SelJudul("Jumlah Indikator per Predikat", 0, 7, lebar=n),
            *(SelJudul(nama, 1, 7 + i) for i, nama in enumerate(label)),
            SelJudul("% Serapan Anggaran", 0, 7 + n, lebar=2), SelJudul("thd Pagu", 1, 7 + n),
            SelJudul(f"thd Target {sd}", 1, 8 + n),
        ),
        baris=peringkat,
    )
    return bagian_capaian, bagian_anggaran, bagian_peringkat


# ---------------------------------------------------------------------------------------------
# Target dan Capaian Kerja — TAHUN N
# ---------------------------------------------------------------------------------------------

class SumberTargetCapaian(Protocol):
    """What the rows of *Target dan Capaian Kerja* are built from:
    :class:`~sipekerja_module.domain.pengukuran.DeretBulanan`, or the full measurement of every
    month (wrapped by :func:`sumber_dari_pengukuran`)."""

    baris: Sequence[BarisRencana]

    def capaian(self, indikator_id: int, bulan: int) -> CapaianPeriode: ...

    def serapan(self, kunci: str, bulan: int) -> Serapan | None: ...


@dataclass(frozen=True)
class _DariPengukuran:
    per_bulan: Mapping[int, Pengukuran]

    @property
    def baris(self) -> Sequence[BarisRencana]:
        return next(iter(self.per_bulan.values())).baris

    def capaian(self, indikator_id: int, bulan: int) -> CapaianPeriode:
        return self.per_bulan[bulan].per_indikator[indikator_id].capaian

    def serapan(self, kunci: str, bulan: int) -> Serapan | None:
        return self.per_bulan[bulan].per_baris[kunci].serapan


def sumber_dari_pengukuran(sumber: SumberTargetCapaian | Mapping[int, Pengukuran]) -> SumberTargetCapaian:
    """``sumber`` as a :class:`SumberTargetCapaian`: ``{bulan: Pengukuran}`` is wrapped, anything else kept."""
    return _DariPengukuran(sumber) if isinstance(sumber, Mapping) else sumber


def sel_indikator_target_capaian(nomor: int, b: BarisRencana, target_tahunan: Decimal | Target | None,
                                 sumber: SumberTargetCapaian, bulan: Sequence[int], terakhir: int) -> tuple[Sel, ...]:
    """The cells of an indicator row of *Target dan Capaian Kerja* for the months ``bulan``
    (see :func:`baris_target_capaian`)."""
    sel = [sel_bulat(nomor), _sel_teks(b.nama), _sel_teks(b.satuan), _sel_target_data(target_tahunan)]
    for m in bulan:
        c = sumber.capaian(b.indikator_id, m)  # type: ignore[arg-type]
        # A month column shows that month's report: a month not reported is "belum lapor"
        # (never the earlier figure), and its target is the plan to date.
        sel.append(sel_target_sd(c.target_rencana_sd if c.belum_lapor else c.target_sd))
        if m > terakhir:
            sel += [_KOSONG_POLOS, _KOSONG_POLOS]
        elif c.belum_lapor:
            sel += [Sel(BELUM_LAPOR), Sel(BELUM_LAPOR)]
        else:
            sel += [sel_angka(c.realisasi_sd), sel_persen(tampilkan_capaian(capaian_sd_terukur(c)))]
    return tuple(sel)


def sel_baris_target_capaian(b: BarisRencana, sumber: SumberTargetCapaian, bulan: Sequence[int],
                             terakhir: int) -> tuple[Sel, ...]:
    """The cells of a sasaran / program / kegiatan / sub kegiatan row of *Target dan Capaian Kerja*
    for the months ``bulan`` (see :func:`baris_target_capaian`)."""
    sel = [_KOSONG_POLOS, _sel_teks(uraian_baris(b)), _KOSONG_POLOS, sel_rupiah(b.pagu)]
    for m in bulan:
        serapan = sumber.serapan(b.kunci, m)
        lapor = serapan is not None and m in serapan.bulan_dibandingkan
        if serapan is None:
            sel.append(KOSONG)
        else:
            sel.append(sel_rupiah(serapan.target_sd if lapor else serapan.target_rencana_sd))
        if m > terakhir or serapan is None:
            sel += [_KOSONG_POLOS, _KOSONG_POLOS]
        elif not lapor:
            # None of the sub kegiatan below reported this month: never a 0 summed into a %.
            sel += [Sel(BELUM_LAPOR), Sel(BELUM_LAPOR)]
        else:
            sel += [sel_rupiah(serapan.realisasi_sd), sel_persen(serapan.persen_target_sd)]
    return tuple(sel)


def baris_target_capaian(
    data: DataRencana, sumber: SumberTargetCapaian | Mapping[int, Pengukuran], bulan: Sequence[int]
) -> tuple[BarisLaporan, ...]:
    """Body rows of one section of *Target dan Capaian Kerja*: the tree, the annual target (or
    pagu), then per month the target and realisasi to date and the capaian (indicators) or the
    budget and % serapan against the target to date (plan nodes and groups).

    Months after the last month with any realisasi are left blank; a month a unit did not report
    shows "belum lapor".

    :param data: the plan.
    :param sumber: :class:`~sipekerja_module.domain.pengukuran.DeretBulanan` of the plan, or
        ``{bulan: hitung_pengukuran(data, Periode.bulanan(bulan), skala)}`` for at least the months
        of ``bulan``.
    :param bulan: the months of the section.
    :return: the rows.
    """
    sumber = sumber_dari_pengukuran(sumber)
    terakhir = data.bulan_realisasi_terakhir or 0
    target_tahunan = {ind.id: ind.target for ind in data.indikator}
    return tuple(baris_laporan_target_capaian(b, n, target_tahunan, sumber, bulan, terakhir)
                 for b, n in zip(sumber.baris, nomor_indikator(sumber.baris)))


def nomor_indikator(baris: Sequence[BarisRencana]) -> list[int]:
    """Per tree row, the running number of the indicators up to it (the "No" column)."""
    nomor, n = [], 0
    for b in baris:
        n += b.jenis == "indikator"
        nomor.append(n)
    return nomor


def baris_laporan_target_capaian(b: BarisRencana, nomor: int, target_tahunan: Mapping[int, Decimal | Target | None],
                                 sumber: SumberTargetCapaian, bulan: Sequence[int], terakhir: int) -> BarisLaporan:
    """One body row of *Target dan Capaian Kerja* for the months ``bulan``: an indicator's
    (:func:`sel_indikator_target_capaian`) or a plan row's (:func:`sel_baris_target_capaian`).

    :param b: the tree row.
    :param nomor: its indicator number (:func:`nomor_indikator`).
    :param target_tahunan: annual target per indicator id.
    :param sumber: what the figures come from.
    :param bulan: the months of the section.
    :param terakhir: the last month with any realisasi (0 = none).
    """
    if b.jenis == "indikator":
        sel = sel_indikator_target_capaian(nomor, b, target_tahunan[b.indikator_id],  # type: ignore[index]
                                           sumber, bulan, terakhir)
        return BarisLaporan(JenisBaris.INDIKATOR, sel, b.kedalaman)
    return BarisLaporan(_JENIS[b.jenis], sel_baris_target_capaian(b, sumber, bulan, terakhir), b.kedalaman)


def bagian_target_capaian(triwulan: int, baris: tuple[BarisLaporan, ...] = ()) -> Bagian:
    """The section of one triwulan of *Target dan Capaian Kerja*: its columns and headers, with ``baris``.

    :param triwulan: 1..4.
    :param baris: the body rows (:func:`baris_target_capaian`); the report page fills them itself.
    :return: the section.
    """
    bulan = bulan_dalam_triwulan(triwulan)
    judul_kolom = [
        SelJudul("No", 0, 0, tinggi=2),
        SelJudul("Sasaran / Program / Kegiatan / Sub Kegiatan / Indikator", 0, 1, tinggi=2),
        SelJudul("Satuan", 0, 2, tinggi=2),
        SelJudul("Target Tahunan / Pagu (Rp)", 0, 3, tinggi=2),
    ]
    for i, m in enumerate(bulan):
        kolom = 4 + 3 * i
        judul_kolom += [
            SelJudul(NAMA_BULAN[m - 1], 0, kolom, lebar=3), SelJudul("Target s.d.", 1, kolom),
            SelJudul("Realisasi s.d.", 1, kolom + 1), SelJudul("Capaian", 1, kolom + 2),
        ]
    kolom_bulan = (Kolom(FormatKolom.ANGKA, 13), Kolom(FormatKolom.ANGKA, 13), Kolom(FormatKolom.PERSEN, 9))
    return Bagian(
        judul=f"Triwulan {NAMA_TRIWULAN[triwulan - 1]}",
        nama_sheet=f"Triwulan {NAMA_TRIWULAN[triwulan - 1]}",
        kolom=(Kolom(FormatKolom.BULAT, 5), Kolom(FormatKolom.TEKS, 48, bertingkat=True),
               Kolom(FormatKolom.TEKS, 9), Kolom(FormatKolom.RUPIAH, 14), *(kolom_bulan * 3)),
        judul_kolom=tuple(judul_kolom),
        baris=baris,
    )


def laporan_target_capaian(data: DataRencana,
                           sumber: SumberTargetCapaian | Mapping[int, Pengukuran] | None) -> Laporan:
    """Build *Target dan Capaian Kerja — TAHUN N*: one section per triwulan, three months each.

    Indicator rows carry kinerja (target and realisasi to date in the indicator's satuan, capaian
    to date); sasaran / program / kegiatan / sub kegiatan rows carry anggaran (Rupiah; capaian =
    % serapan against the target to date).

    :param data: the plan.
    :param sumber: :class:`~sipekerja_module.domain.pengukuran.DeretBulanan` of the plan, or the
        measurement of every month 1..12 (see :func:`baris_target_capaian`); None leaves the
        sections without body rows (the report page joins them from its row cache,
        ``views.laporan_blok``).
    :return: the report.
    """
    bagian = tuple(bagian_target_capaian(tw, () if sumber is None else baris_target_capaian(
        data, sumber, bulan_dalam_triwulan(tw))) for tw in range(1, 5))
    return Laporan(
        judul=f"TARGET DAN CAPAIAN KERJA TAHUN {data.tahun} — KUMULATIF",
        subjudul=_subjudul(data, "Susunan: kumulatif",
                           "Target dan realisasi s.d. akhir setiap bulan (bulan yang dilaporkan dibandingkan "
                           "dengan target bulan yang sama); capaian anggaran = % serapan terhadap target "
                           "bulan yang dilaporkan",
                           "Bulan yang tidak dilaporkan ditandai \"belum lapor\"; Laporan Pengukuran Kinerja "
                           "menampilkan data terakhir yang tersedia (\"data s.d. <bulan>\")"),
        bagian=bagian,
        nama_berkas=f"target-capaian-kerja-{data.tahun}",
    )


#: The two layouts of *Target dan Capaian Kerja* the Laporan page offers (URL value → label).
SUSUNAN_TARGET_CAPAIAN = {"kumulatif": "Kumulatif (s.d. akhir setiap bulan)",
                          "per-bulan": "Per bulan (seperti layar panduan)"}
#: The level columns of the per-month layout, left to right.
_KOLOM_TINGKAT = {"sasaran": 1, "program": 2, "kegiatan": 3, "sub_kegiatan": 4, "indikator": 5}


def _target_bulan(data: DataRencana, ind: IndikatorData) -> Mapping[int, Decimal | Target | None]:
    """An indicator's own monthly targets; blank months everywhere → the annual target as December's."""
    target = data.target_kinerja.get(ind.id, {})
    if all(v is None for v in target.values()) and ind.target is not None:
        return {12: ind.target}
    return target


def _sub_kegiatan_di_bawah(baris: Sequence[BarisRencana]) -> dict[str, tuple[int, ...]]:
    """Per tree row (by key): the plan nodes of the sub kegiatan rows in its subtree (itself included)."""
    hasil: dict[str, list[int]] = {}
    terbuka: list[BarisRencana] = []
    for b in baris:
        if b.jenis == "indikator":
            continue
        while terbuka and terbuka[-1].kedalaman >= b.kedalaman:
            terbuka.pop()
        terbuka.append(b)
        hasil[b.kunci] = []
        if b.jenis == "sub_kegiatan":
            for atas in terbuka:
                hasil[atas.kunci].extend(b.node_ids)
    return {k: tuple(v) for k, v in hasil.items()}


def _jumlah_bulan(nilai: Mapping[int, Mapping[int, Decimal | None]], node_ids: Sequence[int],
                  bulan: int) -> Decimal | None:
    """Sum of the month's values over ``node_ids``; None when none of them has one (never 0 for belum lapor)."""
    hasil = None
    with localcontext(KONTEKS_HITUNG):
        for node_id in node_ids:
            v = nilai.get(node_id, {}).get(bulan)
            if v is not None:
                hasil = v if hasil is None else hasil + v
    return hasil


def _sel_capaian_bulan(capaian: Decimal | None) -> Sel:
    return sel_persen(tampilkan_capaian(capaian)) if capaian is not None else KOSONG


def baris_target_capaian_per_bulan(data: DataRencana, baris: Sequence[BarisRencana],
                                   bulan: Sequence[int]) -> tuple[BarisLaporan, ...]:
    """Body rows of one section of the per-month *Target dan Capaian Kerja*: each row's name in the
    column of its level (Sasaran / Program / Kegiatan / Sub Kegiatan / Indikator), the year's target
    (indicators) or pagu (the rest), then per month the month's own target, realisasi and capaian —
    kinerja for indicators, anggaran for sasaran / program / kegiatan / sub kegiatan (capaian = %
    realisasi of the month's target anggaran).

    Urusan and bidang urusan grouping rows are left out (their programs carry the code). Months
    after the last month with any realisasi are blank; a month not reported shows "belum lapor".

    :param data: the plan.
    :param baris: its tree rows (:func:`~sipekerja_module.domain.pohon.pohon_rencana`).
    :param bulan: the months of the section.
    :return: the rows.
    """
    terakhir = data.bulan_realisasi_terakhir or 0
    ind_by_id = {i.id: i for i in data.indikator}
    sub = _sub_kegiatan_di_bawah(baris)
    hasil: list[BarisLaporan] = []
    nomor = 0
    for b in baris:
        if b.jenis not in _KOLOM_TINGKAT:
            continue
        kolom_nama = [_KOSONG_POLOS] * 5
        # Names only: each level has its own column, as on the guide's screen (codes would double the rows' height).
        kolom_nama[_KOLOM_TINGKAT[b.jenis] - 1] = _sel_teks(b.nama)
        if b.jenis == "indikator":
            nomor += 1
            ind = ind_by_id[b.indikator_id]  # type: ignore[index]
            target_bulan = _target_bulan(data, ind)
            realisasi_bulan = data.realisasi_kinerja.get(ind.id, {})
            sel = [sel_bulat(nomor), *kolom_nama, _sel_teks(b.satuan), _sel_target_data(ind.target), _KOSONG_POLOS]
            for m in bulan:
                target, realisasi = target_bulan.get(m), realisasi_bulan.get(m)
                sel_t = _sel_target_data(target) if isinstance(target, Target) else sel_angka(target)
                if m > terakhir:
                    sel += [sel_t, _KOSONG_POLOS, _KOSONG_POLOS, _KOSONG_POLOS, _KOSONG_POLOS]
                elif realisasi is None:
                    sel += [sel_t, Sel(BELUM_LAPOR), _KOSONG_POLOS, _KOSONG_POLOS, Sel(BELUM_LAPOR)]
                else:
                    capaian = hitung_capaian(target, realisasi, ind.polaritas, ind.rumus_negatif)
                    sel += [sel_t, sel_angka(realisasi), _KOSONG_POLOS, _KOSONG_POLOS, _sel_capaian_bulan(capaian)]
            hasil.append(BarisLaporan(JenisBaris.INDIKATOR, tuple(sel), b.kedalaman))
            continue
        node_ids = sub.get(b.kunci, ())
        sel = [_KOSONG_POLOS, *kolom_nama, _KOSONG_POLOS, _KOSONG_POLOS, sel_rupiah(b.pagu)]
        for m in bulan:
            target = _jumlah_bulan(data.target_anggaran, node_ids, m)
            realisasi = _jumlah_bulan(data.realisasi_anggaran, node_ids, m)
            if m > terakhir or not node_ids:
                sel += [_KOSONG_POLOS, _KOSONG_POLOS, sel_rupiah(target), _KOSONG_POLOS, _KOSONG_POLOS]
            elif realisasi is None:
                sel += [_KOSONG_POLOS, _KOSONG_POLOS, sel_rupiah(target), Sel(BELUM_LAPOR), Sel(BELUM_LAPOR)]
            else:
                capaian = hitung_capaian(target, realisasi, Polaritas.POSITIF)
                sel += [_KOSONG_POLOS, _KOSONG_POLOS, sel_rupiah(target), sel_rupiah(realisasi),
                        _sel_capaian_bulan(capaian)]
        hasil.append(BarisLaporan(_JENIS[b.jenis], tuple(sel), 0))
    return tuple(hasil)


def laporan_target_capaian_per_bulan(data: DataRencana, *, baris: Sequence[BarisRencana] | None = None,
                                     bulan_per_bagian: int = 3) -> Laporan:
    """Build *Target dan Capaian Kerja — TAHUN N* in the layout of the guide's screen: Sasaran /
    Program / Kegiatan / Sub Kegiatan / Indikator as separate columns, the year's target and pagu,
    then per month its own target and realisasi (kinerja and anggaran) and capaian.

    :param data: the plan.
    :param baris: its tree rows when the caller already has them.
    :param bulan_per_bagian: 3 = one section (sheet) per triwulan, as the screen and the workbook
        show it; 1 = one section per month, for the PDF: three months beside five name columns do
        not fit a landscape page without breaking words.
    :return: the report; its title block says "per bulan".
    """
    if bulan_per_bagian not in (1, 3):
        raise ValueError("bulan_per_bagian is 1 or 3")
    baris = pohon_rencana(data) if baris is None else baris
    bagian = []
    for triwulan in range(1, 5):
        semua_bulan = bulan_dalam_triwulan(triwulan)
        for awal in range(0, 3, bulan_per_bagian):
            bulan = semua_bulan[awal:awal + bulan_per_bagian]
            judul = f"Triwulan {NAMA_TRIWULAN[triwulan - 1]}"
            if bulan_per_bagian == 1:
                judul = f"{NAMA_BULAN[bulan[0] - 1]} ({judul})"
            bagian.append(_bagian_per_bulan(data, baris, bulan, judul))
    return Laporan(
        judul=f"TARGET DAN CAPAIAN KERJA TAHUN {data.tahun} — PER BULAN",
        subjudul=_subjudul(data, "Susunan: per bulan",
                           "Target, realisasi dan capaian bulan itu sendiri; capaian indikator = kinerja, capaian "
                           "sasaran / program / kegiatan / sub kegiatan = % realisasi terhadap target anggaran "
                           "bulan itu"),
        bagian=tuple(bagian),
        nama_berkas=f"target-capaian-kerja-{data.tahun}-per-bulan",
    )


def _bagian_per_bulan(data: DataRencana, baris: Sequence[BarisRencana], bulan: Sequence[int], judul: str) -> Bagian:
    """One section of the per-month report: the name columns, the year, then five columns per month."""
    judul_kolom = [
        SelJudul("No", 0, 0, tinggi=3), SelJudul("Sasaran", 0, 1, tinggi=3), SelJudul("Program", 0, 2, tinggi=3),
        SelJudul("Kegiatan", 0, 3, tinggi=3), SelJudul("Sub Kegiatan", 0, 4, tinggi=3),
        SelJudul("Indikator", 0, 5, tinggi=3), SelJudul("Satuan", 0, 6, tinggi=3),
        SelJudul(f"Tahun {data.tahun}", 0, 7, lebar=2, tinggi=2), SelJudul("Target Kinerja", 2, 7),
        SelJudul("Pagu (Rp)", 2, 8),
    ]
    # Widths (characters) sized so that Rupiah up to 999.999.999 per month and 99.999.999.999 per
    # year fit; with one month per section the name columns get the room a landscape page has left.
    lebar_nama = (14, 15, 15, 18, 24) if len(bulan) == 1 else (10, 11, 12, 16, 22)
    kolom = [Kolom(FormatKolom.BULAT, 3), *(Kolom(FormatKolom.TEKS, w) for w in lebar_nama),
             Kolom(FormatKolom.TEKS, 9), Kolom(FormatKolom.ANGKA, 8), Kolom(FormatKolom.RUPIAH, 17)]
    for i, m in enumerate(bulan):
        k = 9 + 5 * i
        judul_kolom += [
            SelJudul(NAMA_BULAN[m - 1], 0, k, lebar=5),
            SelJudul("Kinerja", 1, k, lebar=2), SelJudul("Target", 2, k), SelJudul("Realisasi", 2, k + 1),
            SelJudul("Anggaran (Rp)", 1, k + 2, lebar=2), SelJudul("Target", 2, k + 2),
            SelJudul("Realisasi", 2, k + 3), SelJudul("Capaian", 1, k + 4, tinggi=2),
        ]
        kolom += [Kolom(FormatKolom.ANGKA, 9), Kolom(FormatKolom.ANGKA, 9), Kolom(FormatKolom.RUPIAH, 14),
                  Kolom(FormatKolom.RUPIAH, 14), Kolom(FormatKolom.PERSEN, 10)]
    return Bagian(judul=judul, nama_sheet=judul[:31], kolom=tuple(kolom), judul_kolom=tuple(judul_kolom),
                  baris=baris_target_capaian_per_bulan(data, baris, bulan))


# ---------------------------------------------------------------------------------------------
# Lampiran Perjanjian Kinerja
# ---------------------------------------------------------------------------------------------

def baris_pk_sasaran(data: DataRencana, baris: Sequence[BarisRencana]) -> tuple[BarisLaporan, ...]:
    """Rows *Sasaran Strategis | Indikator Kinerja | Target*: the IKU of each sasaran, or for one
    unit (PK below the head of agency) the indicators of its programs and kegiatan.

    The sasaran text is printed on the first row of its indicators only.

    :param data: the plan.
    :param baris: its tree rows (:func:`~sipekerja_module.domain.pohon.pohon_rencana`).
    :return: the rows.
    """
    ind_by_id = {i.id: i for i in data.indikator}
    hasil: list[BarisLaporan] = []
    nomor = 0
    induk: BarisRencana | None = None
    induk_dicetak: str | None = None
    tingkat = ("sasaran",) if data.unit_kerja_id is None else ("program", "kegiatan")
    for b in baris:
        if b.jenis != "indikator":
            induk = b
            continue
        if induk is None or induk.jenis not in tingkat:
            continue
        ind = ind_by_id[b.indikator_id]  # type: ignore[index]
        teks_induk = ""
        if induk_dicetak != induk.kunci:
            nomor += 1
            teks_induk, induk_dicetak = uraian_baris(induk), induk.kunci
        target = _sel_target_data(ind.target)
        hasil.append(BarisLaporan(JenisBaris.BIASA, (
            sel_bulat(nomor) if teks_induk else _KOSONG_POLOS, _sel_teks(teks_induk), _sel_teks(b.nama),
            target, _sel_teks(b.satuan),
        )))
    return tuple(hasil)


def baris_pk_manual(data: DataRencana, baris: Sequence[BarisRencana]) -> tuple[BarisLaporan, ...]:
    """Rows of the PK/IKU manual: the indicators of :func:`baris_pk_sasaran`, each with its definisi
    operasional, formula, sumber data and penanggung jawab ("–" where the manual is blank).

    :param data: the plan.
    :param baris: its tree rows.
    :return: the rows.
    """
    ind_by_id = {i.id: i for i in data.indikator}
    tingkat = ("sasaran",) if data.unit_kerja_id is None else ("program", "kegiatan")
    hasil: list[BarisLaporan] = []
    induk: BarisRencana | None = None
    for b in baris:
        if b.jenis != "indikator":
            induk = b
            continue
        if induk is None or induk.jenis not in tingkat:
            continue
        m = ind_by_id[b.indikator_id].manual  # type: ignore[index]
        hasil.append(BarisLaporan(JenisBaris.BIASA, (
            sel_bulat(len(hasil) + 1), _sel_teks(b.nama),
            *(Sel(teks or TANDA_KOSONG) for teks in (m.definisi_operasional, m.formula, m.sumber_data,
                                                     m.penanggung_jawab)),
        )))
    return tuple(hasil)


def _sel_target_data(target: Target | None) -> Sel:
    if target is None:
        return KOSONG
    if target.is_rentang:
        # A range has no single value: the spreadsheet gets the text as written.
        return Sel.tunda(target, None, format_target, _tanpa_nilai)
    return Sel.tunda(target, FormatKolom.ANGKA, format_target, _nilai_target)


def _nilai_target(target: Target) -> Decimal:
    return target.nilai  # type: ignore[return-value]


def _tanpa_nilai(_target: Target) -> None:
    return None


def baris_pk_anggaran(data: DataRencana, *, rinci: bool, keterangan: str) -> tuple[BarisLaporan, ...]:
    """Rows *Program | Anggaran | Keterangan*: programs merged by code across units and sasaran,
    anggaran = the sum of the pagu of their sub kegiatan; with ``rinci`` the kegiatan and sub
    kegiatan below; a "Jumlah" row closes the table.

    :param data: the plan.
    :param rinci: list kegiatan and sub kegiatan too.
    :param keterangan: text of the Keterangan column (the source of funds, e.g. ``"APBD"``).
    :return: the rows.
    """
    pagu_kode: dict[str, Decimal] = {}
    nama_kode: dict[str, tuple[str, str]] = {}
    node_by_id = {n.id: n for n in data.node}
    with localcontext(KONTEKS_HITUNG):
        for n in data.node:
            nama_kode.setdefault(n.kode, (n.level, n.nama))
            if n.pagu is None:
                continue
            # Add the pagu to this node's code and to each ancestor's code.
            atas: NodeData | None = n
            while atas is not None:
                pagu_kode[atas.kode] = pagu_kode.get(atas.kode, Decimal(0)) + n.pagu
                atas = node_by_id.get(atas.parent_id) if atas.parent_id is not None else None
    hasil: list[BarisLaporan] = []
    jumlah = Decimal(0)
    nomor = 0
    kedalaman = {"program": 0, "kegiatan": 1, "sub_kegiatan": 2}
    for kode in sorted(nama_kode):
        level, nama = nama_kode[kode]
        if level != "program" and not rinci:
            continue
        pagu = pagu_kode.get(kode)
        nomor_sel = _KOSONG_POLOS
        if level == "program":
            nomor += 1
            nomor_sel = sel_bulat(nomor)
            if pagu is not None:
                jumlah += pagu
        hasil.append(BarisLaporan(_JENIS[level], (
            nomor_sel, _sel_teks(f"{kode} {nama}"), sel_rupiah(pagu), _sel_teks(keterangan),
        ), kedalaman[level]))
    hasil.append(BarisLaporan(JenisBaris.TOTAL, (_KOSONG_POLOS, Sel("Jumlah"), sel_rupiah(jumlah), _KOSONG_POLOS)))
    return tuple(hasil)


def lampiran_pk(data: DataRencana, *, rinci: bool | None = None, keterangan: str = "APBD",
                baris: Sequence[BarisRencana] | None = None) -> Laporan:
    """Build the *Lampiran Perjanjian Kinerja* (PermenPAN-RB 53/2014): Sasaran Strategis |
    Indikator Kinerja | Target, then Program | Anggaran | Keterangan.

    :param data: the plan (the whole agency, or one unit for a PK below the head of agency).
    :param rinci: list kegiatan and sub kegiatan under the programs; by default only for a unit.
    :param keterangan: the Keterangan of each budget row (source of funds).
    :param baris: the tree rows when the caller already has them.
    :return: the report (print it with two signatures: pihak pertama and pihak kedua).
    """
    if rinci is None:
        rinci = data.unit_kerja_id is not None
    baris = pohon_rencana(data) if baris is None else baris
    label_induk = "Sasaran Strategis" if data.unit_kerja_id is None else "Sasaran Program / Kegiatan"
    sasaran = Bagian(
        judul="A. Sasaran dan Indikator Kinerja",
        nama_sheet="Sasaran dan Indikator",
        kolom=(Kolom(FormatKolom.BULAT, 5), Kolom(FormatKolom.TEKS, 50), Kolom(FormatKolom.TEKS, 60),
               Kolom(FormatKolom.ANGKA, 12), Kolom(FormatKolom.TEKS, 12)),
        judul_kolom=(SelJudul("No", 0, 0), SelJudul(label_induk, 0, 1), SelJudul("Indikator Kinerja", 0, 2),
                     SelJudul("Target", 0, 3, lebar=2)),
        baris=baris_pk_sasaran(data, baris),
    )
    anggaran = Bagian(
        judul="B. Program dan Anggaran",
        nama_sheet="Program dan Anggaran",
        halaman_baru=False,
        kolom=(Kolom(FormatKolom.BULAT, 5), Kolom(FormatKolom.TEKS, 80, bertingkat=True),
               Kolom(FormatKolom.RUPIAH, 20), Kolom(FormatKolom.TEKS, 25)),
        judul_kolom=(SelJudul("No", 0, 0), SelJudul("Program" + (" / Kegiatan / Sub Kegiatan" if rinci else ""), 0, 1),
                     SelJudul("Anggaran (Rp)", 0, 2), SelJudul("Keterangan", 0, 3)),
        baris=baris_pk_anggaran(data, rinci=rinci, keterangan=keterangan),
    )
    manual = Bagian(
        judul="C. Manual Indikator Kinerja" + (" Utama" if data.unit_kerja_id is None else ""),
        nama_sheet="Manual Indikator",
        halaman_baru=False,
        kolom=(Kolom(FormatKolom.BULAT, 5), Kolom(FormatKolom.TEKS, 34), Kolom(FormatKolom.TEKS, 46),
               Kolom(FormatKolom.TEKS, 40), Kolom(FormatKolom.TEKS, 24), Kolom(FormatKolom.TEKS, 20)),
        judul_kolom=(SelJudul("No", 0, 0), SelJudul("Indikator Kinerja", 0, 1), SelJudul("Definisi Operasional", 0, 2),
                     SelJudul("Formula", 0, 3), SelJudul("Sumber Data", 0, 4), SelJudul("Penanggung Jawab", 0, 5)),
        baris=baris_pk_manual(data, baris),
    )
    return Laporan(
        judul=f"LAMPIRAN PERJANJIAN KINERJA TAHUN {data.tahun}",
        subjudul=_subjudul(data),
        bagian=(sasaran, anggaran, manual),
        nama_berkas=f"lampiran-pk-{data.tahun}",
    )


# ---------------------------------------------------------------------------------------------
# Versions of the targets (murni / perubahan, domain.versi_target)
# ---------------------------------------------------------------------------------------------

def bagian_banding_versi(data: DataRencana) -> Bagian:
    """The section "Target Murni | Target Perubahan": every indicator's annual target and every
    sub kegiatan's pagu in each version, side by side.

    :param data: a plan loaded with its versions (``data.versi`` not empty).
    :return: the section.
    """
    urutan = (0, *(v.urutan for v in data.versi))
    nama = ("Murni", *(v.nama for v in data.versi))
    hasil: list[BarisLaporan] = []
    nomor = 0
    for b in pohon_rencana(data):
        if b.jenis == "indikator":
            nomor += 1
            sel = [sel_bulat(nomor), _sel_teks(b.nama), _sel_teks(b.satuan)]
            sel += [_sel_target_data(data.target_per_versi[u].get(b.indikator_id)) for u in urutan]  # type: ignore[arg-type]
            hasil.append(BarisLaporan(JenisBaris.INDIKATOR, tuple(sel), b.kedalaman))
        elif b.jenis == "sub_kegiatan":
            sel = [_KOSONG_POLOS, _sel_teks(uraian_baris(b)), Sel("Rp")]
            for u in urutan:
                pagu = [data.pagu_per_versi[u].get(n) for n in b.node_ids]
                ada = [p for p in pagu if p is not None]
                sel.append(sel_rupiah(sum(ada, Decimal(0))) if ada else KOSONG)
            hasil.append(BarisLaporan(_JENIS[b.jenis], tuple(sel), b.kedalaman))
        else:
            hasil.append(BarisLaporan(_JENIS[b.jenis], (_KOSONG_POLOS, _sel_teks(uraian_baris(b)), _KOSONG_POLOS,
                                                        *(_KOSONG_POLOS for _ in urutan)), b.kedalaman))
    return Bagian(
        judul="Perbandingan Target Murni dan Perubahan",
        nama_sheet="Target Murni-Perubahan",
        kolom=(Kolom(FormatKolom.BULAT, 5), Kolom(FormatKolom.TEKS, 60, bertingkat=True), Kolom(FormatKolom.TEKS, 10),
               *(Kolom(FormatKolom.ANGKA, 16) for _ in urutan)),
        judul_kolom=(
            SelJudul("No", 0, 0, tinggi=2),
            SelJudul("Sasaran / Program / Kegiatan / Sub Kegiatan (pagu) / Indikator (target tahunan)", 0, 1, tinggi=2),
            SelJudul("Satuan", 0, 2, tinggi=2),
            SelJudul("Target Tahunan / Pagu", 0, 3, lebar=len(urutan)),
            *(SelJudul(f"Target {n}", 1, 3 + i) for i, n in enumerate(nama)),
        ),
        baris=tuple(hasil),
    )


def dengan_versi(laporan: Laporan, data: DataRencana, *, bandingkan: bool = False) -> Laporan:
    """A report that says which target version it uses and, when asked, prints murni and
    perubahan side by side (an extra section).

    :param laporan: the report as built.
    :param data: the plan it was built from.
    :param bandingkan: add the section :func:`bagian_banding_versi`.
    :return: ``laporan`` itself when the year has only the murni version.
    """
    teks = keterangan_versi(data.versi, data.aturan_versi or ATURAN_BAWAAN, data.versi_dipilih)
    if teks is None:
        return laporan
    bagian = (*laporan.bagian, bagian_banding_versi(data)) if bandingkan else laporan.bagian
    return replace(laporan, subjudul=(*laporan.subjudul, teks), bagian=bagian)
