"""Read side of reopen requests: an agency's (or one unit's) requests of a year, the units with a
waiting request (the monitoring board's badge), one request of the user's agency."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..domain.permintaan_buka import StatusPermintaan
from ..extensions import db_session
from ..models import Pengguna
from ..models import PermintaanBuka
from ..models import UnitKerja

#: Answered requests shown under the waiting ones.
BATAS_RIWAYAT = 50
#: Who asked and who answered. Made once: a new alias per call costs SQLAlchemy more than the query.
_PEMINTA, _PENJAWAB = aliased(Pengguna, name="peminta"), aliased(Pengguna, name="penjawab")


@dataclass(frozen=True)
class BarisPermintaan:
    """One request as the pages show it."""

    id: int
    version: int
    unit_kerja_id: int
    unit_nama: str
    triwulan: int
    bulan: tuple[int, ...]
    alasan: str
    status: str
    created_dt: datetime
    peminta: str | None
    penjawab: str | None
    dijawab_dt: datetime | None
    catatan: str | None
    sampai_dt: datetime | None


def list_permintaan(*, perangkat_daerah_id: int, tahun_id: int, unit_kerja_id: int | None = None,
                    batas: int = BATAS_RIWAYAT) -> list[BarisPermintaan]:
    """Requests of an agency's (or one unit's) units for a year: waiting ones first (oldest
    first), then at most ``batas`` answered ones (newest first). One query.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param unit_kerja_id: one unit only.
    :param batas: answered requests shown at most.
    :return: the rows.
    """
    peminta, penjawab = _PEMINTA, _PENJAWAB
    query = (select(PermintaanBuka.id, PermintaanBuka.version, PermintaanBuka.unit_kerja_id, UnitKerja.nama,
                    PermintaanBuka.triwulan, PermintaanBuka.bulan, PermintaanBuka.alasan, PermintaanBuka.status,
                    PermintaanBuka.created_dt, peminta.nama, penjawab.nama, PermintaanBuka.dijawab_dt,
                    PermintaanBuka.catatan, PermintaanBuka.sampai_dt)
             .join(UnitKerja, UnitKerja.id == PermintaanBuka.unit_kerja_id)
             .outerjoin(peminta, peminta.id == PermintaanBuka.diajukan_oleh_id)
             .outerjoin(penjawab, penjawab.id == PermintaanBuka.dijawab_oleh_id)
             .where(UnitKerja.perangkat_daerah_id == perangkat_daerah_id, PermintaanBuka.tahun_id == tahun_id))
    if unit_kerja_id is not None:
        query = query.where(PermintaanBuka.unit_kerja_id == unit_kerja_id)
    rows = db_session.execute(query.order_by(PermintaanBuka.id.desc())).all()
    semua = [BarisPermintaan(*r[:5], tuple(r[5] or ()), *r[6:]) for r in rows]
    menunggu = [b for b in reversed(semua) if b.status == StatusPermintaan.MENUNGGU.value]
    dijawab = [b for b in semua if b.status != StatusPermintaan.MENUNGGU.value][:batas]
    return menunggu + dijawab


def menunggu_per_unit(*, perangkat_daerah_id: int, tahun_id: int) -> dict[int, tuple[int, ...]]:
    """Units of the agency with a waiting request for the year: unit id -> triwulans (one query)."""
    hasil: dict[int, list[int]] = {}
    for unit_id, triwulan in db_session.execute(
            select(PermintaanBuka.unit_kerja_id, PermintaanBuka.triwulan)
            .join(UnitKerja, UnitKerja.id == PermintaanBuka.unit_kerja_id)
            .where(UnitKerja.perangkat_daerah_id == perangkat_daerah_id, PermintaanBuka.tahun_id == tahun_id,
                   PermintaanBuka.status == StatusPermintaan.MENUNGGU.value)
            .order_by(PermintaanBuka.triwulan)):
        hasil.setdefault(unit_id, []).append(triwulan)
    return {k: tuple(v) for k, v in hasil.items()}


def ada_yang_menunggu(*, unit_kerja_id: int, tahun_id: int, triwulan: int) -> bool:
    """Whether the unit already has a waiting request for the triwulan (one query)."""
    return db_session.execute(select(PermintaanBuka.id).where(
        PermintaanBuka.unit_kerja_id == unit_kerja_id, PermintaanBuka.tahun_id == tahun_id,
        PermintaanBuka.triwulan == triwulan, PermintaanBuka.status == StatusPermintaan.MENUNGGU.value
    ).limit(1)).first() is not None


def get_permintaan_agensi(permintaan_id: int, perangkat_daerah_id: int) -> PermintaanBuka | None:
    """A request of one of the agency's units, else None (another agency's is never found)."""
    return db_session.execute(
        select(PermintaanBuka).join(UnitKerja, UnitKerja.id == PermintaanBuka.unit_kerja_id)
        .where(PermintaanBuka.id == permintaan_id, UnitKerja.perangkat_daerah_id == perangkat_daerah_id)
    ).scalar_one_or_none()
