"""The *Pengukuran Kinerja <level>* report (issue 16 item 3): one position's Perjanjian Kinerja
measured for a triwulan or the year, as the neutral report model (:mod:`.model`), so the page, the
landscape PDF (:func:`.pdf.render_pdf`) and the XLSX (:func:`.xlsx.render_xlsx`) show the same
figures. Signed by the PK's *pihak pertama* (the holder of the position).

Two sections: A. per sasaran, each indicator with annual target, target and realisasi to date,
both capaian, predikat and the source of the figure; B. capaian and predikat of each indicator
for TW I–IV and the year. Pure: built from :class:`~sipekerja_module.domain.pengukuran_pk.PengukuranPK`.
"""

from __future__ import annotations

from datetime import date

from ..domain.capaian import Target
from ..domain.capaian import format_target
from ..domain.pengukuran_pk import IndikatorUkurPK
from ..domain.pengukuran_pk import NilaiPK
from ..domain.pengukuran_pk import PengukuranPK
from ..domain.pengukuran_pk import RollUp
from ..domain.periode import JenisPeriode
from ..domain.pk import JabatanData
from .kop import NAMA_KOSONG
from .model import Bagian
from .model import BarisLaporan
from .model import FormatKolom
from .model import JenisBaris
from .model import Kolom
from .model import Laporan
from .model import Sel
from .model import SelJudul
from .model import TandaTangan
from .tables import BELUM_LAPOR
from .tables import JUDUL_BELUM_DIVERIFIKASI
from .tables import KOSONG
from .tables import judul_periode
from .tables import sel_angka
from .tables import sel_bulat
from .tables import sel_persen
from .tables import sel_target_sd

_POLOS = Sel("")
_TW = ("TW I", "TW II", "TW III", "TW IV", "Tahun")


def judul_pengukuran_pk(pk: PengukuranPK) -> str:
    """``PENGUKURAN KINERJA KEPALA BIDANG MUTASI DAN PROMOSI``."""
    return f"PENGUKURAN KINERJA {pk.jabatan.nama.upper()}"


def tanda_tangan_pihak_pertama(jabatan: JabatanData, *, tempat: str, tanggal: date) -> TandaTangan:
    """The signature block of the PK's pihak pertama: the holder of the position (a blank name line
    when the position has no holder).

    :param jabatan: the position.
    :param tempat: place of signing (the letterhead's).
    :param tanggal: the date of signing (the agency's today).
    :return: the block.
    """
    p = jabatan.pemegang
    return TandaTangan(tempat=tempat, tanggal=tanggal, jabatan=jabatan.nama,
                       nama=(p.nama if p else None) or NAMA_KOSONG, nip=p.nip if p else None,
                       pangkat=(p.pangkat if p else None) or "")


def _sel_target(target: Target | None) -> Sel:
    if target is None:
        return KOSONG
    return Sel(format_target(target), None if target.is_rentang else target.nilai, FormatKolom.ANGKA)


def _sel_kinerja(n: NilaiPK) -> tuple[Sel, ...]:
    """Target s.d., Realisasi s.d., Capaian s.d., Capaian thd tahunan, Predikat."""
    if n.sumber == "rencana" and n.belum_lapor:
        tanda = Sel(BELUM_LAPOR)
        return sel_target_sd(n.target_sd), tanda, tanda, tanda, KOSONG
    target = sel_target_sd(n.target_sd) if n.sumber == "rencana" else KOSONG
    return (target, sel_angka(n.realisasi_sd), sel_persen(n.capaian_sd), sel_persen(n.capaian_tahunan),
            Sel(n.predikat_sd.label) if n.predikat_sd else KOSONG)


def _sel_ringkas(n: NilaiPK | RollUp) -> tuple[Sel, Sel]:
    """Capaian to date and predikat; an indicator whose figure stops before the period's end says
    so beside the predikat (``Tinggi (data s.d. Mei)``): the latest known value, never a new one."""
    if isinstance(n, NilaiPK) and n.sumber == "rencana" and n.belum_lapor:
        return Sel(BELUM_LAPOR), KOSONG
    predikat = n.predikat_sd.label if n.predikat_sd else "\u2013"
    if isinstance(n, NilaiPK) and n.label_data_sd:
        predikat = f"{predikat} ({n.label_data_sd})"
    return sel_persen(n.capaian_sd), Sel(predikat)


def _baris_indikator(nomor: int, b: IndikatorUkurPK) -> BarisLaporan:
    ind = b.indikator
    return BarisLaporan(JenisBaris.INDIKATOR, (
        sel_bulat(nomor), Sel(ind.uraian), Sel(ind.satuan), _sel_target(ind.target), *_sel_kinerja(b.nilai),
        Sel(b.keterangan)), 1)


def _baris_kelompok(jenis: JenisBaris, uraian: str, r: RollUp) -> BarisLaporan:
    return BarisLaporan(jenis, (_POLOS, Sel(uraian), _POLOS, _POLOS, _POLOS, _POLOS, sel_persen(r.capaian_sd),
                                sel_persen(r.capaian_tahunan), Sel(r.predikat_sd.label) if r.predikat_sd else KOSONG,
                                Sel(r.keterangan)), 0)


def baris_capaian_pk(pk: PengukuranPK) -> tuple[BarisLaporan, ...]:
    """Rows of section A: per sasaran its mean, then its indicators; the PK's mean last.

    :param pk: the measurement.
    :return: the rows.
    """
    hasil: list[BarisLaporan] = []
    nomor = 0
    for s in pk.sasaran:
        hasil.append(_baris_kelompok(JenisBaris.SASARAN, s.sasaran.uraian, s.rollup))
        for b in s.indikator:
            nomor += 1
            hasil.append(_baris_indikator(nomor, b))
    hasil.append(_baris_kelompok(JenisBaris.TOTAL, "Rata-rata capaian Perjanjian Kinerja", pk.total))
    return tuple(hasil)


def baris_per_triwulan(pk: PengukuranPK) -> tuple[BarisLaporan, ...]:
    """Rows of section B: capaian to date and predikat of each indicator for TW I–IV and the year.

    :param pk: the measurement.
    :return: the rows.
    """
    hasil: list[BarisLaporan] = []
    nomor = 0
    for s in pk.sasaran:
        hasil.append(BarisLaporan(JenisBaris.SASARAN, (
            _POLOS, Sel(s.sasaran.uraian), *(c for r in s.rollup_per_periode for c in _sel_ringkas(r))), 0))
        for b in s.indikator:
            nomor += 1
            hasil.append(BarisLaporan(JenisBaris.INDIKATOR, (
                sel_bulat(nomor), Sel(b.indikator.uraian), *(c for n in b.per_periode for c in _sel_ringkas(n))), 1))
    hasil.append(BarisLaporan(JenisBaris.TOTAL, (
        _POLOS, Sel("Rata-rata capaian Perjanjian Kinerja"),
        *(c for r in pk.total_per_periode for c in _sel_ringkas(r))), 0))
    return tuple(hasil)


def bagian_pengukuran_pk(pk: PengukuranPK) -> tuple[Bagian, Bagian]:
    """The two sections with their columns and header rows.

    :param pk: the measurement.
    :return: (capaian of the period, capaian per triwulan).
    """
    sd = f"s.d. {pk.periode.label}" if pk.periode.jenis is not JenisPeriode.TAHUN else "s.d. Desember"
    sasaran = "Sasaran Strategis / Indikator Kinerja Utama" if pk.tingkat_instansi else "Sasaran / Indikator Kinerja"
    a = Bagian(
        judul=f"A. Capaian Kinerja {'Tahunan' if pk.periode.jenis is JenisPeriode.TAHUN else pk.periode.label}",
        nama_sheet="Capaian Kinerja",
        kolom=(Kolom(FormatKolom.BULAT, 5), Kolom(FormatKolom.TEKS, 50, bertingkat=True), Kolom(FormatKolom.TEKS, 10),
               Kolom(FormatKolom.ANGKA, 11), Kolom(FormatKolom.ANGKA, 11), Kolom(FormatKolom.ANGKA, 11),
               Kolom(FormatKolom.PERSEN, 10), Kolom(FormatKolom.PERSEN, 10), Kolom(FormatKolom.TEKS, 12),
               Kolom(FormatKolom.TEKS, 26)),
        judul_kolom=(
            SelJudul("No", 0, 0, tinggi=2), SelJudul(sasaran, 0, 1, tinggi=2), SelJudul("Satuan", 0, 2, tinggi=2),
            SelJudul("Target", 0, 3, lebar=2), SelJudul("Tahunan (PK)", 1, 3), SelJudul(sd, 1, 4),
            SelJudul(f"Realisasi {sd}", 0, 5, tinggi=2),
            SelJudul("Capaian", 0, 6, lebar=2), SelJudul(sd, 1, 6), SelJudul("thd Target Tahunan", 1, 7),
            SelJudul("Predikat", 0, 8, tinggi=2), SelJudul("Sumber / Keterangan", 0, 9, tinggi=2)),
        baris=baris_capaian_pk(pk))
    judul_b = [SelJudul("No", 0, 0, tinggi=2), SelJudul(sasaran, 0, 1, tinggi=2)]
    kolom_b = [Kolom(FormatKolom.BULAT, 5), Kolom(FormatKolom.TEKS, 50, bertingkat=True)]
    for k, label in enumerate(_TW):
        judul_b += [SelJudul(label if label == "Tahun" else f"{label} (s.d.)", 0, 2 + 2 * k, lebar=2),
                    SelJudul("Capaian", 1, 2 + 2 * k), SelJudul("Predikat", 1, 3 + 2 * k)]
        kolom_b += [Kolom(FormatKolom.PERSEN, 10), Kolom(FormatKolom.TEKS, 12)]
    b = Bagian(judul="B. Capaian per Triwulan dan Tahunan", nama_sheet="Capaian per Triwulan", kolom=tuple(kolom_b),
               judul_kolom=tuple(judul_b), baris=baris_per_triwulan(pk))
    return a, b


def laporan_pengukuran_pk(pk: PengukuranPK, *, perangkat_daerah: str, tahun: int,
                          memuat_belum_diverifikasi: bool) -> Laporan:
    """Build *Pengukuran Kinerja <level>* for the measured period.

    :param pk: the measurement (``domain.pengukuran_pk.ukur_tingkat_pk``).
    :param perangkat_daerah: the agency's name.
    :param tahun: the year.
    :param memuat_belum_diverifikasi: the figures include unverified months (an explicit choice):
        the title block says so.
    :return: the report.
    """
    p = pk.jabatan.pemegang
    subjudul = [perangkat_daerah.upper(), judul_periode(pk.periode, tahun),
                f"Tingkat: {pk.label}" + (f" \u2013 Pihak Pertama: {p.nama}" if p else ""),
                "Capaian s.d. membandingkan realisasi bulan yang dilaporkan dengan target bulan yang sama; indikator "
                "tanpa indikator rencana diukur dengan rata-rata capaian indikator pendukungnya (kaskade)"]
    if memuat_belum_diverifikasi:
        subjudul.append(JUDUL_BELUM_DIVERIFIKASI)
    return Laporan(judul=judul_pengukuran_pk(pk), subjudul=tuple(subjudul), bagian=bagian_pengukuran_pk(pk),
                   nama_berkas=f"pengukuran-kinerja-pk-{pk.jabatan.id}-{tahun}-{pk.periode.kode}")
