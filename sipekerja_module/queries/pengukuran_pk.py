"""Reads of Pengukuran Kinerja per level (issue 16 item 3): the positions of the agency-year, and
for one position's PK its sasaran with their indicators and every PK indicator of the agency-year
(the cascade below it). A fixed number of statements whatever the size of the data; the
measurement itself is pure (:mod:`sipekerja_module.domain.pengukuran_pk`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..domain.pk import IndikatorPKData
from ..domain.pk import JabatanData
from ..domain.pk import SasaranPKData
from ..extensions import db_session
from ..models import SasaranPK
from .pk import get_jabatan
from .pk import list_indikator_pk
from .pk import list_jabatan

__all__ = ["DataTingkatPK", "get_jabatan", "list_jabatan_tingkat", "load_tingkat_pk"]


@dataclass(frozen=True)
class DataTingkatPK:
    """One PK level as loaded: the position, its PK's sasaran with their indicators, and every PK
    indicator of the agency-year."""

    jabatan: JabatanData
    sasaran: tuple[SasaranPKData, ...]
    semua_indikator: tuple[IndikatorPKData, ...]


def list_jabatan_tingkat(*, perangkat_daerah_id: int, tahun_id: int) -> list[JabatanData]:
    """The agency-year's positions with their PK (one statement), for the *Tingkat* selector.

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: the positions, the head first (``queries.pk.list_jabatan``).
    """
    return list_jabatan(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)


def load_tingkat_pk(jabatan: JabatanData, *, perangkat_daerah_id: int, tahun_id: int) -> DataTingkatPK:
    """Load a position's PK for measurement (two statements).

    :param jabatan: the position, with its ``pk_id`` (from :func:`list_jabatan_tingkat`).
    :param perangkat_daerah_id: its agency.
    :param tahun_id: its year.
    :return: the PK's sasaran (with indicators, in display order) and the agency-year's PK indicators.
    :raise ValueError: when the position has no PK.
    """
    if jabatan.pk_id is None:
        raise ValueError("Jabatan tanpa Perjanjian Kinerja")
    semua = list_indikator_pk(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun_id)
    rows = db_session.execute(select(SasaranPK.id, SasaranPK.uraian, SasaranPK.urutan)
                              .where(SasaranPK.pk_id == jabatan.pk_id)
                              .order_by(SasaranPK.urutan, SasaranPK.id)).all()
    per_sasaran: dict[int, list[IndikatorPKData]] = {}
    for i in semua:
        if i.pk_id == jabatan.pk_id:
            per_sasaran.setdefault(i.sasaran_id, []).append(i)
    # ``list_indikator_pk`` orders by sasaran, then indicator: within a sasaran the order holds.
    sasaran = tuple(SasaranPKData(id=r.id, uraian=r.uraian, urutan=r.urutan, indikator=tuple(per_sasaran.get(r.id, ())))
                    for r in rows)
    return DataTingkatPK(jabatan=jabatan, sasaran=sasaran, semua_indikator=tuple(semua))
