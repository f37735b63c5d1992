"""Read side of measurement: the active predikat scale. The measurement itself is pure and lives in
:mod:`sipekerja_module.domain.pengukuran`."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import or_
from sqlalchemy import select

from ..domain.predikat import SKALA_PERMENDAGRI_86_2017
from ..domain.predikat import BandPredikat
from ..domain.predikat import SkalaPredikat
from ..extensions import db_session
from ..models import BandPredikat as BandPredikatRow
from ..models import SkalaPredikat as SkalaPredikatRow


def load_skala_aktif(perangkat_daerah_id: int | None = None) -> SkalaPredikat:
    """Read the predikat scale that applies to an agency in one query: its own active scale (an
    override made in its Referensi), else the active kabupaten scale.

    :param perangkat_daerah_id: the agency; None = the kabupaten default (the kabupaten dashboard
        and report label every agency with it, so agencies are compared like with like).
    :return: the scale with its bands and its optional cap on means and rankings;
        :data:`SKALA_PERMENDAGRI_86_2017` when no scale is active (or the active one has no bands).
    """
    pemilik = SkalaPredikatRow.perangkat_daerah_id
    rows = db_session.execute(
        select(SkalaPredikatRow.nama, BandPredikatRow.batas_bawah, BandPredikatRow.label, BandPredikatRow.warna,
               SkalaPredikatRow.batas_rerata, pemilik)
        .join(BandPredikatRow, BandPredikatRow.skala_id == SkalaPredikatRow.id)
        .where(SkalaPredikatRow.aktif.is_(True),
               pemilik.is_(None) if perangkat_daerah_id is None else or_(pemilik.is_(None),
                                                                         pemilik == perangkat_daerah_id))
        .order_by(SkalaPredikatRow.id, BandPredikatRow.batas_bawah)
    ).all()
    sendiri = [r for r in rows if r.perangkat_daerah_id is not None]
    rows = sendiri or rows
    if not rows:
        return SKALA_PERMENDAGRI_86_2017
    nama = rows[0].nama
    bands = defaultdict(list)
    for r in rows:
        bands[r.nama].append(BandPredikat(Decimal(r.batas_bawah), r.label, r.warna))
    batas = rows[0].batas_rerata
    return SkalaPredikat(bands=tuple(bands[nama]), nama=nama, batas_rerata=None if batas is None else Decimal(batas))
