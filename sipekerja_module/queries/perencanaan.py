"""Read side of the Perencanaan pages besides the plan tree (``load_rencana``): the stored months
of one grid (targets of an indicator, budget of a sub kegiatan)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from ..extensions import db_session
from ..models import TargetAnggaran
from ..models import TargetKinerja


def get_target_kinerja_bulanan(indikator_id: int) -> dict[int, Decimal | None]:
    """The stored monthly targets of an indicator (months without a row are absent).

    :param indikator_id: the indicator.
    :return: ``{bulan: nilai}``.
    """
    return dict(db_session.execute(select(TargetKinerja.bulan, TargetKinerja.nilai)
                                   .where(TargetKinerja.indikator_id == indikator_id)).all())


def get_target_anggaran_bulanan(node_id: int) -> dict[int, Decimal | None]:
    """The stored monthly budget targets of a sub kegiatan (months without a row are absent).

    :param node_id: the sub kegiatan.
    :return: ``{bulan: nilai}``.
    """
    return dict(db_session.execute(select(TargetAnggaran.bulan, TargetAnggaran.nilai)
                                   .where(TargetAnggaran.node_id == node_id)).all())
