"""Read side of the Perencanaan pages besides the plan tree (``load_rencana``): the state of an
agency's year plan and the stored months of one grid (targets of an indicator, budget of a sub
kegiatan)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from ..domain.capaian import Target
from ..domain.capaian import target_dari_kolom
from ..extensions import db_session
from ..models import RencanaKerja
from ..models import TargetAnggaran
from ..models import TargetKinerja


@dataclass(frozen=True)
class KeadaanRencana:
    """The state of an agency's plan for a year as the plan page shows it."""

    #: The stored plan row's id, None while no write has needed the row yet.
    id: int | None
    #: ``draf`` or ``ditetapkan``.
    status: str
    ditetapkan_dt: datetime | None


def get_keadaan_rencana(*, perangkat_daerah_id: int, tahun_id: int) -> KeadaanRencana:
    """The state of an agency's plan for a year; a plan without a stored row is a draft.

    The row is created by the first write that needs it (a plan change, fixing the plan), never by
    reading.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: the state.
    """
    rencana = db_session.execute(
        select(RencanaKerja).filter_by(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
    ).scalar_one_or_none()
    if rencana is None:
        return KeadaanRencana(id=None, status="draf", ditetapkan_dt=None)
    return KeadaanRencana(id=rencana.id, status=rencana.status, ditetapkan_dt=rencana.ditetapkan_dt)


def get_target_kinerja_bulanan(indikator_id: int) -> dict[int, Target | None]:
    """The stored monthly targets of an indicator (months without a row are absent); a month may
    be a range.

    :param indikator_id: the indicator.
    :return: ``{bulan: target}``.
    """
    return {bulan: target_dari_kolom(bawah, atas) for bulan, bawah, atas in db_session.execute(
        select(TargetKinerja.bulan, TargetKinerja.nilai, TargetKinerja.atas)
        .where(TargetKinerja.indikator_id == indikator_id))}


def get_target_anggaran_bulanan(node_id: int) -> dict[int, Decimal | None]:
    """The stored monthly budget targets of a sub kegiatan (months without a row are absent).

    :param node_id: the sub kegiatan.
    :return: ``{bulan: nilai}``.
    """
    return dict(db_session.execute(select(TargetAnggaran.bulan, TargetAnggaran.nilai)
                                   .where(TargetAnggaran.node_id == node_id)).all())
