"""Reads of the Renstra: the agency's periods, one period as its grid (indicators × years with the
PK targets of each year next to the Renstra's), the choices of the PK form, and the stable read
interface :func:`target_renstra_per_indikator_pk` other features use (LKjIP). Each function runs a
fixed number of statements whatever the size of the data.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select

from ..domain.capaian import target_dari_kolom
from ..domain.renstra import BarisRenstra
from ..domain.renstra import IsiRenstra
from ..domain.renstra import RenstraData
from ..domain.renstra import SelTahun
from ..domain.renstra import TargetRenstra
from ..domain.renstra import TautanPK
from ..domain.renstra import bandingkan_target
from ..domain.renstra import teks_periode
from ..extensions import db_session
from ..models import IndikatorPK
from ..models import IndikatorRenstra
from ..models import Jabatan
from ..models import PerjanjianKinerja
from ..models import Renstra
from ..models import Satuan
from ..models import Tahun
from ..models import TargetTahunanRenstra


def get_renstra(renstra_id: int) -> Renstra | None:
    """The period, or None."""
    return db_session.get(Renstra, renstra_id)


def get_indikator_renstra(indikator_id: int) -> IndikatorRenstra | None:
    """A Renstra indicator, or None."""
    return db_session.get(IndikatorRenstra, indikator_id)


def list_renstra(*, perangkat_daerah_id: int) -> list[RenstraData]:
    """The agency's periods, latest first, with their number of indicators (one statement)."""
    rows = db_session.execute(
        select(Renstra, func.count(IndikatorRenstra.id).label("jumlah"))
        .outerjoin(IndikatorRenstra, IndikatorRenstra.renstra_id == Renstra.id)
        .where(Renstra.perangkat_daerah_id == perangkat_daerah_id)
        .group_by(Renstra.id).order_by(Renstra.tahun_awal.desc())
    ).all()
    return [_data_renstra(r.Renstra, r.jumlah) for r in rows]


def _data_renstra(r: Renstra, jumlah: int = 0) -> RenstraData:
    return RenstraData(id=r.id, tahun_awal=r.tahun_awal, tahun_akhir=r.tahun_akhir, nomor=r.nomor, versi=r.version,
                       jumlah_indikator=jumlah)


def load_renstra(renstra: Renstra) -> IsiRenstra:
    """A period with its indicators, yearly targets and the linked PK targets of each year (three
    statements).

    :param renstra: the period.
    :return: its grid.
    """
    rows = db_session.execute(
        select(IndikatorRenstra, Satuan.nama.label("satuan"))
        .join(Satuan, Satuan.id == IndikatorRenstra.satuan_id)
        .where(IndikatorRenstra.renstra_id == renstra.id)
        .order_by(IndikatorRenstra.urutan, IndikatorRenstra.id)
    ).all()
    ids = [r.IndikatorRenstra.id for r in rows]
    target = _target_per_indikator(ids)
    tautan: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    if ids:
        pk_rows = db_session.execute(
            select(IndikatorPK.id, IndikatorPK.pk_id, IndikatorPK.indikator_renstra_id, IndikatorPK.target_nilai,
                   IndikatorPK.target_atas, Jabatan.nama, Tahun.tahun)
            .join(PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id)
            .join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
            .join(Tahun, Tahun.id == Jabatan.tahun_id)
            .where(IndikatorPK.indikator_renstra_id.in_(ids),
                   Jabatan.perangkat_daerah_id == renstra.perangkat_daerah_id)
            .order_by(Jabatan.parent_id.is_not(None), Jabatan.urutan, IndikatorPK.id)
        ).all()
        for p in pk_rows:
            tautan[(p.indikator_renstra_id, p.tahun)].append(p)
    tahun = range(renstra.tahun_awal, renstra.tahun_akhir + 1)
    baris = []
    for r in rows:
        i = r.IndikatorRenstra
        per_tahun = target.get(i.id, {})
        sel = []
        for t in tahun:
            nilai = per_tahun.get(t)
            pk = tuple(TautanPK(indikator_pk_id=p.id, pk_id=p.pk_id, jabatan=p.nama,
                                target=target_dari_kolom(p.target_nilai, p.target_atas),
                                status=bandingkan_target(target_dari_kolom(p.target_nilai, p.target_atas), nilai))
                       for p in tautan.get((i.id, t), ()))
            sel.append(SelTahun(tahun=t, target_renstra=nilai, pk=pk))
        baris.append(BarisRenstra(id=i.id, versi=i.version, sasaran=i.sasaran, uraian=i.uraian, satuan=r.satuan,
                                  satuan_id=i.satuan_id, baseline=i.baseline, tahun_baseline=i.tahun_baseline,
                                  target_akhir=i.target_akhir, sel=tuple(sel)))
    return IsiRenstra(renstra=_data_renstra(renstra, len(rows)), baris=tuple(baris))


def _target_per_indikator(ids: list[int]) -> dict[int, dict[int, Decimal]]:
    """Renstra indicator id → {year: target} (one statement; none without ids)."""
    if not ids:
        return {}
    hasil: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for t in db_session.execute(
        select(TargetTahunanRenstra.indikator_renstra_id, TargetTahunanRenstra.tahun, TargetTahunanRenstra.nilai)
        .where(TargetTahunanRenstra.indikator_renstra_id.in_(ids))
    ):
        hasil[t.indikator_renstra_id][t.tahun] = t.nilai
    return hasil


def _target_renstra_pk(*syarat) -> dict[int, TargetRenstra]:
    rows = db_session.execute(
        select(IndikatorPK.id.label("pk_ind_id"), IndikatorRenstra, Satuan.nama.label("satuan"), Renstra.tahun_awal,
               Renstra.tahun_akhir)
        .join(IndikatorRenstra, IndikatorRenstra.id == IndikatorPK.indikator_renstra_id)
        .join(Renstra, Renstra.id == IndikatorRenstra.renstra_id)
        .join(Satuan, Satuan.id == IndikatorRenstra.satuan_id)
        .join(PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id)
        .join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id)
        .where(Renstra.perangkat_daerah_id == Jabatan.perangkat_daerah_id, *syarat)
    ).all()
    target = _target_per_indikator(sorted({r.IndikatorRenstra.id for r in rows}))
    return {r.pk_ind_id: TargetRenstra(
        indikator_renstra_id=r.IndikatorRenstra.id, uraian=r.IndikatorRenstra.uraian, satuan=r.satuan,
        tahun_awal=r.tahun_awal, tahun_akhir=r.tahun_akhir, baseline=r.IndikatorRenstra.baseline,
        tahun_baseline=r.IndikatorRenstra.tahun_baseline,
        target_per_tahun=dict(sorted(target.get(r.IndikatorRenstra.id, {}).items())),
        target_akhir=r.IndikatorRenstra.target_akhir) for r in rows}


def target_renstra_per_indikator_pk(*, perangkat_daerah_id: int, tahun_id: int) -> dict[int, TargetRenstra]:
    """The Renstra targets of every PK indicator of an agency-year linked to a Renstra indicator (two
    statements) — the stable read interface of the Renstra for other features (LKjIP Bab III).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year (``Tahun.id``).
    :return: ``IndikatorPK.id`` → its Renstra indicator's targets; unlinked indicators are absent.
    """
    return _target_renstra_pk(Jabatan.perangkat_daerah_id == perangkat_daerah_id, Jabatan.tahun_id == tahun_id)


def target_renstra_pk(pk_id: int) -> dict[int, TargetRenstra]:
    """The Renstra targets of one PK's linked indicators (two statements), for the PK page's flags."""
    return _target_renstra_pk(IndikatorPK.pk_id == pk_id)


def list_opsi_indikator_renstra(*, perangkat_daerah_id: int, tahun: int) -> list[tuple[int, str]]:
    """Renstra indicators of the agency whose period holds the year (one statement): (id, label)."""
    rows = db_session.execute(
        select(IndikatorRenstra.id, IndikatorRenstra.uraian, Renstra.tahun_awal, Renstra.tahun_akhir)
        .join(Renstra, Renstra.id == IndikatorRenstra.renstra_id)
        .where(Renstra.perangkat_daerah_id == perangkat_daerah_id, Renstra.tahun_awal <= tahun,
               Renstra.tahun_akhir >= tahun)
        .order_by(Renstra.tahun_awal, IndikatorRenstra.urutan, IndikatorRenstra.id)
    ).all()
    return [(r.id, f"Renstra {teks_periode(r.tahun_awal, r.tahun_akhir)} \u2013 {r.uraian}") for r in rows]
