"""Read side of measurement: the active predikat scale. The measurement itself is pure and lives in
:mod:`sipekerja_module.domain.pengukuran`."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from ..domain.predikat import SKALA_PERMENDAGRI_86_2017
from ..domain.predikat import BandPredikat
from ..domain.predikat import SkalaPredikat
from ..extensions import db_session
from ..models import BandPredikat as BandPredikatRow
from ..models import SkalaPredikat as SkalaPredikatRow


def load_skala_aktif() -> SkalaPredikat:
    """Read the active predikat scale in one query.

    :return: the active scale with its bands and its optional cap on means and rankings;
        :data:`SKALA_PERMENDAGRI_86_2017` when no scale is
        active (or the active one has no bands).
    """
    rows = db_session.execute(
        select(SkalaPredikatRow.nama, BandPredikatRow.batas_bawah, BandPredikatRow.label, BandPredikatRow.warna,
               SkalaPredikatRow.batas_rerata)
        .join(BandPredikatRow, BandPredikatRow.skala_id == SkalaPredikatRow.id)
        .where(SkalaPredikatRow.aktif.is_(True))
        .order_by(SkalaPredikatRow.id, BandPredikatRow.batas_bawah)
    ).all()
    if not rows:
        return SKALA_PERMENDAGRI_86_2017
    nama = rows[0].nama
    bands = defaultdict(list)
    for r in rows:
        bands[r.nama].append(BandPredikat(Decimal(r.batas_bawah), r.label, r.warna))
    batas = rows[0].batas_rerata
    return SkalaPredikat(bands=tuple(bands[nama]), nama=nama, batas_rerata=None if batas is None else Decimal(batas))
