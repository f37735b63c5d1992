"""Read side of target versions (murni / perubahan, ``domain.versi_target``)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import exists
from sqlalchemy import select

from ..domain.capaian import Target
from ..domain.capaian import target_dari_kolom
from ..domain.versi_target import AturanVersi
from ..extensions import db_session
from ..models import AturanVersiTarget
from ..models import Indikator
from ..models import TargetAnggaran
from ..models import TargetAnggaranVersi
from ..models import TargetKinerja
from ..models import TargetKinerjaVersi
from ..models import VersiTarget


def list_versi(*, perangkat_daerah_id: int, tahun_id: int) -> list[VersiTarget]:
    """The perubahan of an agency's year, first to last (murni is implicit).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: the versions.
    """
    return list(db_session.execute(
        select(VersiTarget).where(VersiTarget.perangkat_daerah_id == perangkat_daerah_id,
                                  VersiTarget.tahun_id == tahun_id).order_by(VersiTarget.urutan)
    ).scalars())


def get_versi(*, perangkat_daerah_id: int, tahun_id: int, urutan: int) -> VersiTarget | None:
    """One perubahan by its number (None when the year has no such version).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param urutan: 1..
    :return: the version or None.
    """
    return db_session.execute(select(VersiTarget).where(
        VersiTarget.perangkat_daerah_id == perangkat_daerah_id, VersiTarget.tahun_id == tahun_id,
        VersiTarget.urutan == urutan)).scalar_one_or_none()


def ada_perubahan(*, perangkat_daerah_id: int, tahun_id: int) -> bool:
    """Whether the year has a perubahan (then the murni targets are read-only).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: True when it has.
    """
    return bool(db_session.scalar(select(exists().where(
        VersiTarget.perangkat_daerah_id == perangkat_daerah_id, VersiTarget.tahun_id == tahun_id))))


def baris_versi(model, kolom_induk: str, versi_id: int, induk_id: int) -> dict[int, object]:
    """The rows (by month, 0 = annual target / pagu) of one owner in one version.

    :param model: :class:`TargetKinerjaVersi` or :class:`TargetAnggaranVersi`.
    :param kolom_induk: ``indikator_id`` or ``node_id``.
    :param versi_id: the version.
    :param induk_id: the owner.
    :return: month -> row.
    """
    return {row.bulan: row for row in db_session.execute(select(model).where(
        model.versi_id == versi_id, getattr(model, kolom_induk) == induk_id)).scalars()}


def get_target_versi(*, model, kolom_induk: str, versi_target: VersiTarget, induk_id: int
                     ) -> tuple[dict[int, Decimal | Target | None], Decimal | Target | None, bool]:
    """An owner's values in one perubahan for its grid.

    :param model: :class:`TargetKinerjaVersi` or :class:`TargetAnggaranVersi`.
    :param kolom_induk: ``indikator_id`` or ``node_id``.
    :param versi_target: the version.
    :param induk_id: the owner.
    :return: (month -> value, the annual target or pagu, whether the version holds the owner at all).
    """
    ada = baris_versi(model, kolom_induk, versi_target.id, induk_id)
    rentang = hasattr(model, "atas")

    def nilai(row):
        if rentang and row.atas is not None:
            return target_dari_kolom(row.nilai, row.atas)
        return row.nilai

    bulanan = {b: nilai(r) for b, r in ada.items() if b >= 1}
    tahunan = ada.get(0)
    if tahunan is not None and rentang:
        return bulanan, target_dari_kolom(tahunan.nilai, tahunan.atas), True
    return bulanan, (tahunan.nilai if tahunan is not None else None), bool(ada)


def get_aturan_versi(perangkat_daerah_id: int) -> AturanVersi | None:
    """The agency's chosen rule (None = the default).

    :param perangkat_daerah_id: the agency.
    :return: the rule or None.
    """
    nilai = db_session.scalar(select(AturanVersiTarget.aturan).where(
        AturanVersiTarget.perangkat_daerah_id == perangkat_daerah_id))
    return AturanVersi(nilai) if nilai else None



def target_per_versi(obj) -> list[tuple[str, dict[int, Decimal | Target | None]]]:
    """The targets of an indicator (month 0 = annual target) or a sub kegiatan (month 0 = pagu) in
    every version, murni first: the history page shows them side by side. Three statements.

    :param obj: an ``Indikator`` or a ``NodeRencana``.
    :return: ``[(version name, {bulan: value})]``; only ``[("Murni", …)]`` without perubahan.
    """
    kinerja = isinstance(obj, Indikator)
    model, model_versi, kolom = ((TargetKinerja, TargetKinerjaVersi, "indikator_id") if kinerja
                                 else (TargetAnggaran, TargetAnggaranVersi, "node_id"))

    def nilai(row) -> Decimal | Target | None:
        atas = getattr(row, "atas", None)
        return row.nilai if atas is None else target_dari_kolom(row.nilai, atas)

    murni: dict[int, Decimal | Target | None] = {
        0: target_dari_kolom(obj.target_tahunan, obj.target_atas) if kinerja else obj.pagu}
    murni.update({r.bulan: nilai(r) for r in db_session.execute(
        select(model).where(getattr(model, kolom) == obj.id)).scalars()})
    hasil = [("Murni", murni)]
    versi = list_versi(perangkat_daerah_id=obj.perangkat_daerah_id, tahun_id=obj.tahun_id)
    if not versi:
        return hasil
    per_versi: dict[int, dict[int, Decimal | Target | None]] = {v.id: {} for v in versi}
    for r in db_session.execute(select(model_versi).where(getattr(model_versi, kolom) == obj.id)).scalars():
        per_versi[r.versi_id][r.bulan] = (target_dari_kolom(r.nilai, r.atas) if r.bulan == 0 and kinerja
                                          else nilai(r))
    sebelumnya = murni
    for v in versi:
        isi = per_versi[v.id] or sebelumnya  # not copied (added later): the version before's
        hasil.append((v.nama, isi))
        sebelumnya = isi
    return hasil
