"""Keep the kabupaten dashboard's aggregates (``RingkasanKinerja``) up to date on write.

Every write service that changes what is measured (targets, realisasi, indicators, plan nodes,
the predikat scale) calls :func:`tandai_kotor`; just before the transaction commits, the marked
agencies are measured again with the very same code the Pengukuran page uses, and their rows
replaced. Reading the dashboard is then one small query, and its numbers equal a fresh
computation by construction (a test compares them after random writes).
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import delete
from sqlalchemy import event
from sqlalchemy import insert
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.angka import KONTEKS_HITUNG
from ..domain.pengukuran import hitung_pengukuran
from ..domain.periode import Periode
from ..domain.pohon import pohon_rencana
from ..domain.predikat import SkalaPredikat
from ..extensions import db_session
from ..models import PerangkatDaerah
from ..models import RingkasanKinerja
from ..models import Tahun
from ..queries.pengukuran import load_skala_aktif
from ..queries.rencana import load_rencana
from . import versi

_KOTOR = "sipekerja_ringkasan_kotor"
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


def perbarui_ringkasan(*, perangkat_daerah_id: int, tahun_id: int, skala: SkalaPredikat | None = None) -> None:
    """Replace the cached rows of one agency and year with a fresh measurement (flushes)."""
    rows = hitung_ringkasan(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id,
                            skala=skala or load_skala_aktif())
    db_session.execute(delete(RingkasanKinerja).where(RingkasanKinerja.perangkat_daerah_id == perangkat_daerah_id,
                                                      RingkasanKinerja.tahun_id == tahun_id))
    db_session.execute(insert(RingkasanKinerja), rows)


def tandai_kotor(perangkat_daerah_id: int | None, tahun_id: int | None) -> None:
    """Mark an agency's year for re-measurement at commit; ``None`` marks every agency/year."""
    db_session().info.setdefault(_KOTOR, set()).add((perangkat_daerah_id, tahun_id))
    versi.tandai(perangkat_daerah_id)


def pastikan_ringkasan(tahun_id: int) -> bool:
    """Fill the cache for agencies of a year that have no rows yet (e.g. after a bulk load).

    :return: True when rows were added (the caller commits).
    """
    ada = set(db_session.execute(select(RingkasanKinerja.perangkat_daerah_id)
                                 .where(RingkasanKinerja.tahun_id == tahun_id).distinct()).scalars())
    kurang = [pd for pd in db_session.execute(select(PerangkatDaerah.id)).scalars() if pd not in ada]
    if not kurang:
        return False
    skala = load_skala_aktif()
    for pd in kurang:
        perbarui_ringkasan(perangkat_daerah_id=pd, tahun_id=tahun_id, skala=skala)
    return True


def _semua_pasangan() -> list[tuple[int, int]]:
    return [(pd, th) for pd in db_session.execute(select(PerangkatDaerah.id)).scalars()
            for th in db_session.execute(select(Tahun.id)).scalars()]


@event.listens_for(Session, "before_commit")
def _perbarui_yang_kotor(session: Session) -> None:
    kotor = session.info.pop(_KOTOR, None)
    if not kotor:
        return
    pasangan = _semua_pasangan() if (None, None) in kotor else sorted(kotor)
    skala = load_skala_aktif()
    for pd, tahun in pasangan:
        perbarui_ringkasan(perangkat_daerah_id=pd, tahun_id=tahun, skala=skala)


@event.listens_for(Session, "after_rollback")
def _lupakan_yang_kotor(session: Session) -> None:
    session.info.pop(_KOTOR, None)
