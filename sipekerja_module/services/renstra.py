"""Write use-cases of the Renstra (Pengguna Utama): a period of the agency, its indicators with
baseline, yearly targets and end target. Rules come from ``domain.renstra``; every write is audited;
nothing is committed here (the view commits through ``konteks``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select

from ..domain.errors import NilaiTidakValid
from ..domain.renstra import periksa_indikator
from ..domain.renstra import periksa_periode
from ..domain.renstra import periksa_tahun_target
from ..domain.renstra import periksa_tumpang_tindih
from ..extensions import db_session
from ..models import IndikatorPK
from ..models import IndikatorRenstra
from ..models import Pengguna
from ..models import PerangkatDaerah
from ..models import Renstra
from ..models import Satuan
from ..models import TargetTahunanRenstra
from .audit import record_audit
from .audit import snapshot
from .konkurensi import assert_versi
from .konkurensi import flush_or_conflict

_FIELDS_RENSTRA = ("tahun_awal", "tahun_akhir", "nomor")
_FIELDS_INDIKATOR = ("sasaran", "uraian", "satuan_id", "baseline", "tahun_baseline", "target_akhir")


def _teks(teks: str | None, nama: str, maks: int, *, wajib: bool) -> str:
    teks = (teks or "").strip()
    if wajib and not teks:
        raise NilaiTidakValid(f"{nama} wajib diisi.")
    if len(teks) > maks:
        raise NilaiTidakValid(f"{nama} paling banyak {maks} karakter.")
    return teks


def save_renstra(*, perangkat_daerah: PerangkatDaerah, tahun_awal: int | None, tahun_akhir: int | None,
                 nomor: str | None, renstra: Renstra | None = None, versi: int | None = None,
                 oleh: Pengguna | None) -> Renstra:
    """Create a Renstra period of the agency, or change ``renstra`` when given.

    :param perangkat_daerah: the agency.
    :param tahun_awal: first year, e.g. 2021.
    :param tahun_akhir: last year, e.g. 2026.
    :param nomor: number / legal basis (text), may be empty.
    :param renstra: the period to change; None creates one.
    :param versi: version the edit form was opened with.
    :param oleh: who acts.
    :return: the period.
    :raise NilaiTidakValid: end before start, a year out of range, a period too long, one overlapping
        another period of the agency, or a shortened period leaving yearly targets outside.
    :raise KonflikData: when someone changed the period meanwhile.
    """
    if renstra is not None:
        assert_versi(renstra, versi)
    periksa_periode(tahun_awal, tahun_akhir)
    nomor = _teks(nomor, "Nomor/dasar hukum Renstra", 500, wajib=False)
    lain = db_session.execute(select(Renstra.tahun_awal, Renstra.tahun_akhir).where(
        Renstra.perangkat_daerah_id == perangkat_daerah.id, Renstra.id != (renstra.id if renstra else 0))).all()
    periksa_tumpang_tindih(tahun_awal, tahun_akhir, [(r.tahun_awal, r.tahun_akhir) for r in lain])
    if renstra is not None:
        tahun_ada = db_session.execute(select(TargetTahunanRenstra.tahun).join(
            IndikatorRenstra, IndikatorRenstra.id == TargetTahunanRenstra.indikator_renstra_id).where(
            IndikatorRenstra.renstra_id == renstra.id).distinct()).scalars().all()
        periksa_tahun_target(tahun_awal, tahun_akhir, tahun_ada)
    sebelum = snapshot(renstra, _FIELDS_RENSTRA) if renstra else None
    if renstra is None:
        renstra = Renstra(perangkat_daerah_id=perangkat_daerah.id, tahun_awal=tahun_awal, tahun_akhir=tahun_akhir,
                          nomor=nomor)
        db_session.add(renstra)
    else:
        renstra.tahun_awal, renstra.tahun_akhir, renstra.nomor = tahun_awal, tahun_akhir, nomor
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_renstra" if sebelum else "tambah_renstra", objek=renstra,
                 sebelum=sebelum, sesudah=snapshot(renstra, _FIELDS_RENSTRA))
    return renstra


def save_indikator_renstra(
    *, renstra: Renstra, sasaran: str | None, uraian: str | None, satuan: Satuan | None,
    baseline: Decimal | None, tahun_baseline: int | None, target_akhir: Decimal | None,
    target_per_tahun: Mapping[int, Decimal | None], indikator: IndikatorRenstra | None = None,
    versi: int | None = None, oleh: Pengguna | None,
) -> IndikatorRenstra:
    """Create or change an indicator of a Renstra with its baseline, yearly targets and end target.

    The yearly targets given replace the stored ones (a year given as None has no target).

    :param renstra: the period.
    :param sasaran: the Renstra sasaran the indicator measures.
    :param uraian: the indicator's text.
    :param satuan: unit of measure.
    :param baseline: kondisi awal, >= 0, or None.
    :param tahun_baseline: the baseline's year (required with a baseline; at most the first year).
    :param target_akhir: kondisi akhir, >= 0, or None.
    :param target_per_tahun: year → target (>= 0) or None; every year inside the period.
    :param indikator: the indicator to change; None creates one.
    :param versi: version the edit form was opened with.
    :param oleh: who acts.
    :return: the indicator.
    :raise NilaiTidakValid: empty texts, no satuan, a negative value, a year outside the period, a
        baseline without its year.
    :raise KonflikData: when someone changed the indicator meanwhile.
    """
    if indikator is not None:
        assert_versi(indikator, versi)
        if indikator.renstra_id != renstra.id:
            raise NilaiTidakValid("Indikator ini bukan indikator Renstra yang dipilih.")
    sasaran = _teks(sasaran, "Sasaran", 1000, wajib=True)
    uraian = _teks(uraian, "Uraian indikator", 1000, wajib=True)
    if satuan is None:
        raise NilaiTidakValid("Satuan wajib dipilih.")
    periksa_indikator(tahun_awal=renstra.tahun_awal, tahun_akhir=renstra.tahun_akhir, baseline=baseline,
                      tahun_baseline=tahun_baseline, target_akhir=target_akhir, target_per_tahun=target_per_tahun)
    nilai = {"sasaran": sasaran, "uraian": uraian, "satuan_id": satuan.id, "baseline": baseline,
             "tahun_baseline": tahun_baseline, "target_akhir": target_akhir}
    sebelum = None
    if indikator is None:
        urutan = db_session.scalar(select(func.count(IndikatorRenstra.id)).filter_by(renstra_id=renstra.id)) or 0
        # Complete before it joins the session: an autoflush must never meet a half-filled row.
        indikator = IndikatorRenstra(renstra_id=renstra.id, urutan=urutan + 1, **nilai)
        db_session.add(indikator)
    else:
        sebelum = {**snapshot(indikator, _FIELDS_INDIKATOR), "target": _target_tersimpan(indikator.id)}
        for kunci, isi in nilai.items():
            setattr(indikator, kunci, isi)
    flush_or_conflict()
    _hapus_target(indikator.id)
    baru = {t: n for t, n in sorted(target_per_tahun.items()) if n is not None}
    db_session.add_all(TargetTahunanRenstra(indikator_renstra_id=indikator.id, tahun=t, nilai=n)
                       for t, n in baru.items())
    db_session.flush()
    record_audit(pengguna=oleh, aksi="ubah_indikator_renstra" if sebelum else "tambah_indikator_renstra",
                 objek=indikator, sebelum=sebelum,
                 sesudah={**snapshot(indikator, _FIELDS_INDIKATOR), "target": {str(t): n for t, n in baru.items()}})
    return indikator


def _hapus_target(indikator_id: int) -> None:
    """Delete a Renstra indicator's yearly targets row by row (ORM deletes mark only this agency's
    data version, where a bulk DELETE would mark every agency's)."""
    for target in db_session.execute(select(TargetTahunanRenstra).filter_by(
            indikator_renstra_id=indikator_id)).scalars():
        db_session.delete(target)
    db_session.flush()


def _target_tersimpan(indikator_id: int) -> dict[str, Decimal]:
    rows = db_session.execute(select(TargetTahunanRenstra.tahun, TargetTahunanRenstra.nilai).filter_by(
        indikator_renstra_id=indikator_id).order_by(TargetTahunanRenstra.tahun)).all()
    return {str(r.tahun): r.nilai for r in rows}


def hapus_indikator_renstra(*, indikator: IndikatorRenstra, oleh: Pengguna | None) -> None:
    """Remove a Renstra indicator with its yearly targets; the PK indicators linked to it lose the
    link (their own targets stay)."""
    sebelum = {**snapshot(indikator, _FIELDS_INDIKATOR), "target": _target_tersimpan(indikator.id)}
    for tertaut in db_session.execute(select(IndikatorPK).filter_by(indikator_renstra_id=indikator.id)).scalars():
        tertaut.indikator_renstra_id = None
    _hapus_target(indikator.id)
    record_audit(pengguna=oleh, aksi="hapus_indikator_renstra", objek=indikator, sebelum=sebelum, sesudah=None)
    db_session.delete(indikator)
    db_session.flush()
