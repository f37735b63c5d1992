"""The kabupaten dashboard: capaian and serapan per perangkat daerah per triwulan, with the
ranking — read from the aggregates kept up to date on write (two queries whatever the size);
the page caches its body under :func:`versi_kabupaten`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select

from ..domain.pengukuran import PengukuranPD
from ..domain.pengukuran import hitung_pengukuran
from ..domain.periode import Periode
from ..domain.predikat import BandPredikat
from ..domain.predikat import SkalaPredikat
from ..domain.predikat import tentukan_predikat
from ..extensions import db_session
from ..models import PerangkatDaerah
from ..models import RingkasanKinerja
from .rencana import load_rencana


@dataclass(frozen=True)
class SelKabupaten:
    """One agency in one triwulan (0 = the year)."""

    triwulan: int
    rata_capaian: Decimal | None
    predikat: BandPredikat | None
    persen_serapan: Decimal | None
    jumlah_terukur: int
    jumlah_indikator: int
    peringkat: int | None


@dataclass(frozen=True)
class BarisKabupaten:
    perangkat_daerah_id: int
    kode: str
    nama: str
    sel: dict[int, SelKabupaten]


def _peringkat(nilai: dict[int, Decimal | None]) -> dict[int, int | None]:
    """Competition ranking (1, 2, 2, 4) of agencies by mean capaian; unmeasured ones get None."""
    urut = sorted(((v, pd) for pd, v in nilai.items() if v is not None), key=lambda p: -p[0])
    hasil: dict[int, int | None] = {pd: None for pd in nilai}
    for posisi, (v, pd) in enumerate(urut, start=1):
        sebelumnya = urut[posisi - 2] if posisi > 1 else None
        hasil[pd] = hasil[sebelumnya[1]] if sebelumnya and sebelumnya[0] == v else posisi
    return hasil


def load_dasbor_kabupaten(*, tahun_id: int, skala: SkalaPredikat) -> list[BarisKabupaten]:
    """Every active agency's cached figures for a year, ranked per triwulan.

    :param tahun_id: the year.
    :param skala: the predikat scale to label the mean capaian with.
    :return: rows in ranking order of the year (unranked last, then by name).
    """
    agencies = db_session.execute(select(PerangkatDaerah.id, PerangkatDaerah.kode, PerangkatDaerah.nama)
                                  .where(PerangkatDaerah.aktif.is_(True))).all()
    ringkasan = defaultdict(dict)
    for r in db_session.execute(select(RingkasanKinerja).where(RingkasanKinerja.tahun_id == tahun_id)).scalars():
        ringkasan[r.triwulan][r.perangkat_daerah_id] = r
    peringkat = {tw: _peringkat({pd.id: getattr(ringkasan[tw].get(pd.id), "rata_capaian", None) for pd in agencies})
                 for tw in range(5)}
    baris = []
    for pd in agencies:
        sel = {}
        for tw in range(5):
            r = ringkasan[tw].get(pd.id)
            sel[tw] = SelKabupaten(
                tw, r.rata_capaian if r else None, tentukan_predikat(r.rata_capaian, skala) if r else None,
                r.persen_serapan if r else None, r.jumlah_terukur if r else 0, r.jumlah_indikator if r else 0,
                peringkat[tw][pd.id])
        baris.append(BarisKabupaten(pd.id, pd.kode, pd.nama, sel))
    baris.sort(key=lambda b: (b.sel[0].peringkat is None, b.sel[0].peringkat or 0, b.nama))
    return baris


def versi_kabupaten() -> tuple[int, int]:
    """The data version of the whole kabupaten, for caching the dashboard (one query).

    Every agency's ``versi_data`` only grows and every write bumps at least one, and adding an
    agency bumps its own: ``(count, sum)`` changes with every committed write to any agency.
    """
    jumlah, total = db_session.execute(
        select(func.count(), func.coalesce(func.sum(PerangkatDaerah.versi_data), 0))).one()
    return int(jumlah), int(total)


#: Statements :func:`muat_per_pd` sends per agency (``load_rencana``), besides one for the list.
QUERY_PER_PD = 8


def muat_per_pd(*, tahun_id: int, periode: Periode, skala: SkalaPredikat) -> Iterator[PengukuranPD]:
    """Load and measure the active agencies one at a time, in the order they were registered.

    One statement for the list, then :data:`QUERY_PER_PD` per agency as it is reached; nothing of
    an agency is kept once the caller moves to the next.

    :param tahun_id: the year (``sipekerja_tahun.id``).
    :param periode: triwulan or year.
    :param skala: the predikat scale (``load_skala_aktif()``).
    :return: an iterator of measurements.
    """
    daftar = db_session.execute(
        select(PerangkatDaerah.id, PerangkatDaerah.kode, PerangkatDaerah.nama)
        .where(PerangkatDaerah.aktif.is_(True)).order_by(PerangkatDaerah.id)
    ).all()
    for pd_id, kode, nama in daftar:
        data = load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id, hanya_terverifikasi=True)
        yield PengukuranPD(kode, nama, data, hitung_pengukuran(data, periode, skala))
