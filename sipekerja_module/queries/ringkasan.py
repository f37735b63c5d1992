"""Read side of the kabupaten dashboard's aggregates: one agency-year measured for the cache, and
which agency-years the cache must cover. The rows are written by ``services.ringkasan``."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from ..domain.angka import KONTEKS_HITUNG
from ..domain.pengukuran import hitung_pengukuran
from ..domain.periode import Periode
from ..domain.pohon import pohon_rencana
from ..domain.predikat import SkalaPredikat
from ..extensions import db_session
from ..models import PerangkatDaerah
from ..models import RingkasanKinerja
from ..models import Tahun
from .rencana import load_rencana

_EMPAT_DESIMAL = Decimal("0.0001")
#: Triwulan 1..4 and 0 for the whole year.
PERIODE_RINGKASAN = ((1, Periode.triwulanan(1)), (2, Periode.triwulanan(2)), (3, Periode.triwulanan(3)),
                     (4, Periode.triwulanan(4)), (0, Periode.tahunan()))


def _simpan(nilai: Decimal | None) -> Decimal | None:
    # The column holds four decimals; quantize here so the cache equals what a fresh computation
    # stores, whatever the database does with extra digits.
    return None if nilai is None else nilai.quantize(_EMPAT_DESIMAL, context=KONTEKS_HITUNG)


def hitung_ringkasan(*, perangkat_daerah_id: int, tahun_id: int, skala: SkalaPredikat) -> list[dict]:
    """Measure one agency's year for every triwulan and the year, as rows for the cache.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param skala: the active predikat scale.
    :return: one dict per period, ready to insert into ``sipekerja_ringkasan_kinerja``.
    """
    # The kabupaten dashboard shows official figures: verified months only.
    data = load_rencana(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id, hanya_terverifikasi=True)
    baris = pohon_rencana(data)
    rows = []
    for triwulan, periode in PERIODE_RINGKASAN:
        total = hitung_pengukuran(data, periode, skala, baris=baris).total
        serapan = total.serapan
        rows.append({
            "perangkat_daerah_id": perangkat_daerah_id, "tahun_id": tahun_id, "triwulan": triwulan,
            "rata_capaian": _simpan(total.ringkasan_sd.rata_rata),
            "jumlah_indikator": total.ringkasan_sd.jumlah_indikator,
            "jumlah_terukur": total.ringkasan_sd.jumlah_terukur,
            "pagu": serapan.pagu if serapan else None,
            "realisasi_anggaran": serapan.realisasi_sd if serapan else None,
            "persen_serapan": _simpan(serapan.persen_pagu) if serapan else None,
        })
    return rows


def list_semua_pasangan() -> list[tuple[int, int]]:
    """Every (agency, year) pair: what "recompute everything" covers.

    :return: ``(perangkat_daerah_id, tahun_id)`` pairs.
    """
    return [(pd, th) for pd in db_session.execute(select(PerangkatDaerah.id)).scalars()
            for th in db_session.execute(select(Tahun.id)).scalars()]


def list_pd_tanpa_ringkasan(tahun_id: int) -> list[int]:
    """Agencies that have no cached rows for a year yet (e.g. after a bulk load).

    :param tahun_id: the year.
    :return: their ids.
    """
    ada = set(db_session.execute(select(RingkasanKinerja.perangkat_daerah_id)
                                 .where(RingkasanKinerja.tahun_id == tahun_id).distinct()).scalars())
    return [pd for pd in db_session.execute(select(PerangkatDaerah.id)).scalars() if pd not in ada]
