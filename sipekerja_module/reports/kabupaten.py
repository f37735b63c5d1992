"""*Laporan Pengukuran Kinerja Kabupaten*: every active perangkat daerah of a year in one report,
for the kabupaten-level Pimpinan.

The sections are those of the agency's *Laporan Pengukuran Kinerja* (capaian kinerja, realisasi
anggaran, peringkat unit kerja); in each, every agency's rows follow a heading row with its name.

Built agency by agency, whatever the number of agencies: ``queries.kabupaten.muat_per_pd`` loads
and measures one agency at a time, :func:`laporan_pengukuran_kabupaten` turns each into its block of
rows and the renderers write a block before the next agency is loaded
(:class:`~sipekerja_module.reports.model.LaporanBertahap`), so at most one agency's plan is in
memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator

from ..domain.pengukuran import PengukuranPD
from ..domain.periode import Periode
from ..domain.predikat import SkalaPredikat
from .model import Bagian
from .model import BarisLaporan
from .model import FormatKolom
from .model import JenisBaris
from .model import LaporanBertahap
from .model import Sel
from .tables import bagian_pengukuran
from .tables import baris_anggaran
from .tables import baris_capaian
from .tables import baris_peringkat
from .tables import judul_periode

JUDUL = "LAPORAN PENGUKURAN KINERJA KABUPATEN"
_KOSONG = Sel("")


def baris_judul_pd(nama: str, bagian: Bagian) -> BarisLaporan:
    """The heading row of an agency in a section: its name in the first text column after "No".

    :param nama: the agency's name.
    :param bagian: the section (for its columns).
    :return: the row.
    """
    teks = [i for i, k in enumerate(bagian.kolom) if k.format is FormatKolom.TEKS]
    kolom = teks[0] if teks else 0
    return BarisLaporan(JenisBaris.PERANGKAT_DAERAH,
                        tuple(Sel(nama) if i == kolom else _KOSONG for i in range(len(bagian.kolom))))


def blok_pd(pd: PengukuranPD, bagian: tuple[Bagian, ...]) -> tuple[tuple[BarisLaporan, ...], ...]:
    """One agency's rows in each section, each under its heading row.

    :param pd: the agency's measurement.
    :param bagian: the report's sections (:func:`~sipekerja_module.reports.tables.bagian_pengukuran`).
    :return: (capaian rows, anggaran rows, peringkat rows).
    """
    p = pd.pengukuran
    isi = (baris_capaian(p), baris_anggaran(p), baris_peringkat(p))
    return tuple((baris_judul_pd(pd.nama, b), *baris) for b, baris in zip(bagian, isi))


def laporan_pengukuran_kabupaten(sumber: Iterable[PengukuranPD], *, tahun: int, periode: Periode,
                                 skala: SkalaPredikat, daerah: str) -> LaporanBertahap:
    """Build the *Laporan Pengukuran Kinerja Kabupaten* as a streamed report.

    :param sumber: the agencies' measurements, usually ``queries.kabupaten.muat_per_pd`` (consumed once, while
        the report is rendered).
    :param tahun: the year, for titles and the file name.
    :param periode: triwulan or year (headers "s.d. ...").
    :param skala: the predikat scale (columns of the ranking).
    :param daerah: the government, e.g. ``"Pemerintah Kabupaten Paser"``.
    :return: the report, to hand to ``render_pdf`` or ``render_xlsx`` once.
    """
    bagian = bagian_pengukuran(periode, skala.label_tinggi_ke_rendah,
                               judul_peringkat="C. Peringkat Unit Kerja per Perangkat Daerah")

    def blok() -> Iterator[tuple[tuple[BarisLaporan, ...], ...]]:
        for pd in sumber:
            yield blok_pd(pd, bagian)

    return LaporanBertahap(
        judul=JUDUL,
        subjudul=(daerah.upper(), judul_periode(periode, tahun)),
        bagian=bagian,
        blok=blok(),
        nama_berkas=f"laporan-pengukuran-kabupaten-{periode.kode}-{tahun}",
    )
