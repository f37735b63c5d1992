"""Write use-cases of target versions (murni / perubahan, ``domain.versi_target``): starting a
perubahan by copying the current version, editing a perubahan's grids, the agency's rule.

Every function flushes and never commits; every change leaves an audit record and marks the
agency's stored aggregates stale (``tandai_kotor``), so dashboards follow the version in force.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from datetime import datetime
from datetime import tzinfo
from decimal import Decimal

from sqlalchemy import Integer
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import insert
from sqlalchemy import literal
from sqlalchemy import select
from sqlalchemy import union_all

from ..domain.capaian import Target
from ..domain.errors import NilaiTidakValid
from ..domain.rencana import StatusRencana
from ..domain.rencana import assert_isian_valid
from ..domain.rencana import periksa_anggaran_bulanan
from ..domain.rencana import periksa_target_bulanan
from ..domain.rencana import periksa_target_indikator
from ..domain.versi_target import URUTAN_MURNI
from ..domain.versi_target import AturanVersi
from ..domain.versi_target import nama_versi
from ..domain.versi_target import periksa_bulan_mulai
from ..domain.versi_target import periksa_versi_baru
from ..domain.versi_target import tahun_ditutup
from ..extensions import db_session
from ..models import AturanVersiTarget
from ..models import Indikator
from ..models import NodeRencana
from ..models import PembukaanJendela
from ..models import Pengguna
from ..models import RencanaKerja
from ..models import Tahun
from ..models import TargetAnggaran
from ..models import TargetAnggaranVersi
from ..models import TargetKinerja
from ..models import TargetKinerjaVersi
from ..models import UnitKerja
from ..models import VersiTarget
from ..models.base import utcnow
from ..queries.referensi import list_jendela_efektif
from ..queries.versi_target import baris_versi
from ..queries.versi_target import list_versi
from .audit import record_audit
from .audit import snapshot
from .konkurensi import assert_versi
from .konkurensi import flush_or_conflict
from .ringkasan import tandai_kotor

FIELDS_VERSI = ("urutan", "nama", "tanggal", "dasar_hukum", "berlaku_mulai_bulan")



def is_tahun_ditutup(tahun_id: int, now: datetime, perangkat_daerah_id: int) -> bool:
    """Whether the year is closed for an agency's revisions (``domain.versi_target.tahun_ditutup``):
    every input window the agency works with (its own, else the kabupaten default), with its
    reopenings (whole window, or one of *this agency's* units), has closed for good. Another
    agency's windows and reopenings never keep this agency's year open (two statements).

    :param tahun_id: the year.
    :param now: the present moment (aware).
    :param perangkat_daerah_id: the agency.
    :return: True when closed.
    """
    jendela = list_jendela_efektif(perangkat_daerah_id, tahun_id=tahun_id).get(tahun_id, [])
    buka_unit = dict(db_session.execute(
        select(PembukaanJendela.jendela_id, func.max(PembukaanJendela.sampai_dt))
        .join(UnitKerja, UnitKerja.id == PembukaanJendela.unit_kerja_id)
        .where(PembukaanJendela.jendela_id.in_([j.id for j in jendela]),
               UnitKerja.perangkat_daerah_id == perangkat_daerah_id)
        .group_by(PembukaanJendela.jendela_id)).all())
    batas = [max(m for m in (j.ditutup_dt, j.dibuka_kembali_sampai_dt, buka_unit.get(j.id)) if m is not None)
             for j in jendela]
    return tahun_ditutup(batas, now)


def _salin_kinerja(versi_id: int, sumber: VersiTarget | None, perangkat_daerah_id: int, tahun_id: int) -> None:
    """Copy every indicator's annual (month 0) and monthly targets of the version ``sumber``
    (None = murni) into the new version, in two INSERT … SELECT statements."""
    indikator = select(Indikator.id).where(Indikator.perangkat_daerah_id == perangkat_daerah_id,
                                           Indikator.tahun_id == tahun_id)
    kolom = ["versi_id", "indikator_id", "bulan", "nilai", "atas"]
    murni = union_all(
        select(literal(versi_id, Integer), Indikator.id, literal(0, Integer), Indikator.target_tahunan,
               Indikator.target_atas).where(Indikator.id.in_(indikator)),
        select(literal(versi_id, Integer), TargetKinerja.indikator_id, TargetKinerja.bulan, TargetKinerja.nilai,
               TargetKinerja.atas).where(TargetKinerja.indikator_id.in_(indikator)),
    )
    if sumber is None:
        db_session.execute(insert(TargetKinerjaVersi).from_select(kolom, murni))
        return
    db_session.execute(insert(TargetKinerjaVersi).from_select(kolom, select(
        literal(versi_id, Integer), TargetKinerjaVersi.indikator_id, TargetKinerjaVersi.bulan,
        TargetKinerjaVersi.nilai, TargetKinerjaVersi.atas).where(TargetKinerjaVersi.versi_id == sumber.id)))
    # Indicators the previous perubahan did not hold (added after it) keep their murni targets.
    _salin_kinerja_murni_sisa(versi_id, indikator)


def _salin_kinerja_murni_sisa(versi_id: int, indikator) -> None:
    belum = indikator.where(~exists().where(TargetKinerjaVersi.versi_id == versi_id,
                                            TargetKinerjaVersi.indikator_id == Indikator.id))
    ids = list(db_session.execute(belum).scalars())
    if not ids:
        return
    kolom = ["versi_id", "indikator_id", "bulan", "nilai", "atas"]
    db_session.execute(insert(TargetKinerjaVersi).from_select(kolom, union_all(
        select(literal(versi_id, Integer), Indikator.id, literal(0, Integer), Indikator.target_tahunan,
               Indikator.target_atas).where(Indikator.id.in_(ids)),
        select(literal(versi_id, Integer), TargetKinerja.indikator_id, TargetKinerja.bulan, TargetKinerja.nilai,
               TargetKinerja.atas).where(TargetKinerja.indikator_id.in_(ids)),
    )))


def _salin_anggaran(versi_id: int, sumber: VersiTarget | None, perangkat_daerah_id: int, tahun_id: int) -> None:
    """Copy every sub kegiatan's pagu (month 0) and monthly target anggaran into the new version."""
    node = select(NodeRencana.id).where(NodeRencana.perangkat_daerah_id == perangkat_daerah_id,
                                        NodeRencana.tahun_id == tahun_id, NodeRencana.level == "sub_kegiatan")
    kolom = ["versi_id", "node_id", "bulan", "nilai"]
    if sumber is not None:
        db_session.execute(insert(TargetAnggaranVersi).from_select(kolom, select(
            literal(versi_id, Integer), TargetAnggaranVersi.node_id, TargetAnggaranVersi.bulan,
            TargetAnggaranVersi.nilai).where(TargetAnggaranVersi.versi_id == sumber.id)))
        node = node.where(~exists().where(TargetAnggaranVersi.versi_id == versi_id,
                                          TargetAnggaranVersi.node_id == NodeRencana.id))
    ids = list(db_session.execute(node).scalars())
    if not ids:
        return
    db_session.execute(insert(TargetAnggaranVersi).from_select(kolom, union_all(
        select(literal(versi_id, Integer), NodeRencana.id, literal(0, Integer), NodeRencana.pagu)
        .where(NodeRencana.id.in_(ids)),
        select(literal(versi_id, Integer), TargetAnggaran.node_id, TargetAnggaran.bulan, TargetAnggaran.nilai)
        .where(TargetAnggaran.node_id.in_(ids)),
    )))


def buat_perubahan(*, rencana: RencanaKerja, tanggal: date | None, dasar_hukum: str,
                   berlaku_mulai_bulan: int | None, oleh: Pengguna | None, now: datetime,
                   zona: tzinfo) -> VersiTarget:
    """Start a revision: copy the current version's targets (annual, monthly, pagu, monthly
    anggaran) into a new perubahan, which the target grids then edit; the earlier versions become
    read-only.

    :param rencana: the agency's plan of the year (must be ditetapkan).
    :param tanggal: the date of effect of the DPPA / PK perubahan.
    :param dasar_hukum: its legal basis (nomor DPPA / PK perubahan).
    :param berlaku_mulai_bulan: the first month measured against it (1..12).
    :param oleh: the Pengguna Utama.
    :param now: the present moment (aware).
    :param zona: the agency's time zone (the murni date is the day the plan was fixed, there).
    :return: the new version.
    :raise NilaiTidakValid: for a plan not ditetapkan, a closed year, a date before the version it
        revises or outside the year, a month outside 1..12, an empty legal basis.
    """
    if StatusRencana(rencana.status) is not StatusRencana.DITETAPKAN:
        raise NilaiTidakValid("Perubahan target hanya dapat dibuat setelah rencana kerja ditetapkan.")
    tahun = db_session.get(Tahun, rencana.tahun_id)
    if is_tahun_ditutup(rencana.tahun_id, now, rencana.perangkat_daerah_id):
        raise NilaiTidakValid(f"Tahun {tahun.tahun} sudah ditutup (semua jendela input telah berakhir), "
                              "sehingga targetnya tidak dapat diubah lagi.")
    ada = list_versi(perangkat_daerah_id=rencana.perangkat_daerah_id, tahun_id=rencana.tahun_id)
    sebelumnya = ada[-1] if ada else None
    tanggal_sebelumnya = sebelumnya.tanggal if sebelumnya else (
        rencana.ditetapkan_dt.astimezone(zona).date() if rencana.ditetapkan_dt else None)
    periksa_versi_baru(tanggal=tanggal, berlaku_mulai_bulan=berlaku_mulai_bulan, tahun=tahun.tahun,
                       tanggal_sebelumnya=tanggal_sebelumnya, dasar_hukum=dasar_hukum)
    periksa_bulan_mulai(berlaku_mulai_bulan, sebelumnya.berlaku_mulai_bulan if sebelumnya else None)  # type: ignore[arg-type]
    urutan = (sebelumnya.urutan if sebelumnya else URUTAN_MURNI) + 1
    versi = VersiTarget(perangkat_daerah_id=rencana.perangkat_daerah_id, tahun_id=rencana.tahun_id, urutan=urutan,
                        nama=nama_versi(urutan), tanggal=tanggal, dasar_hukum=dasar_hukum.strip(),
                        berlaku_mulai_bulan=berlaku_mulai_bulan, dibuat_oleh_id=oleh.id if oleh else None)
    db_session.add(versi)
    flush_or_conflict()  # a second perubahan of the same number at the same time: 409
    _salin_kinerja(versi.id, sebelumnya, rencana.perangkat_daerah_id, rencana.tahun_id)
    _salin_anggaran(versi.id, sebelumnya, rencana.perangkat_daerah_id, rencana.tahun_id)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="buat_perubahan_target", objek=versi, sebelum=None,
                 sesudah=snapshot(versi, FIELDS_VERSI))
    tandai_kotor(rencana.perangkat_daerah_id, rencana.tahun_id)
    return versi



def assert_versi_bisa_diubah(versi: VersiTarget, now: datetime) -> None:
    """Only the latest perubahan of an open year is edited; earlier versions are history.

    :param versi: the version about to change.
    :param now: the present moment.
    :raise NilaiTidakValid: otherwise.
    """
    lebih_baru = db_session.scalar(select(exists().where(
        VersiTarget.perangkat_daerah_id == versi.perangkat_daerah_id, VersiTarget.tahun_id == versi.tahun_id,
        VersiTarget.urutan > versi.urutan)))
    if lebih_baru:
        raise NilaiTidakValid(f"Target versi {versi.nama} hanya dapat dibaca karena sudah ada perubahan sesudahnya.")
    if is_tahun_ditutup(versi.tahun_id, now, versi.perangkat_daerah_id):
        raise NilaiTidakValid("Tahun ini sudah ditutup, sehingga targetnya tidak dapat diubah lagi.")




def _isi(model, kolom_induk: str, versi_id: int, induk_id: int, nilai: Mapping[int, tuple]) -> dict:
    """Upsert the rows of months 0..12 of one owner in one version; return the previous values."""
    ada = baris_versi(model, kolom_induk, versi_id, induk_id)
    rentang = hasattr(model, "atas")
    sebelum = {b: (str(r.nilai) if r.nilai is not None else None) for b, r in sorted(ada.items())}
    for bulan, (isi, atas) in nilai.items():
        kolom = {"nilai": isi, **({"atas": atas} if rentang else {})}
        row = ada.get(bulan)
        if row is None:
            db_session.add(model(versi_id=versi_id, **{kolom_induk: induk_id}, bulan=bulan, **kolom))
        else:
            for nama, v in kolom.items():
                setattr(row, nama, v)
    return sebelum


def _kolom(nilai: Decimal | Target | None) -> tuple[Decimal | None, Decimal | None]:
    if isinstance(nilai, Target):
        return (nilai.bawah, nilai.atas) if nilai.is_rentang else (nilai.nilai, None)
    return nilai, None


def save_target_kinerja_versi(*, indikator: Indikator, versi_target: VersiTarget, target: Target | None,
                              nilai_bulanan: Mapping[int, Decimal | Target | None], versi: int | None,
                              oleh: Pengguna | None, now: datetime) -> Indikator:
    """Save an indicator's annual and twelve monthly targets in a perubahan, all or nothing.

    :param indikator: the indicator.
    :param versi_target: the perubahan (the latest of an open year).
    :param target: the annual target in this version.
    :param nilai_bulanan: month -> target.
    :param versi: the indicator's version when the grid was opened (concurrency).
    :param oleh: who saves.
    :param now: the present moment.
    :return: the indicator (its version is incremented).
    :raise IsianTidakValid: listing every inconsistent month.
    :raise NilaiTidakValid: for an earlier version or a closed year.
    :raise KonflikData: when someone saved the grid in between.
    """
    assert_versi(indikator, versi)
    assert_versi_bisa_diubah(versi_target, now)
    periksa_target_indikator(target, indikator.polaritas)
    assert_isian_valid(periksa_target_bulanan(nilai_bulanan, target, indikator.agregasi, indikator.polaritas))
    nilai = {0: _kolom(target), **{b: _kolom(nilai_bulanan.get(b)) for b in range(1, 13)}}
    sebelum = _isi(TargetKinerjaVersi, "indikator_id", versi_target.id, indikator.id, nilai)
    indikator.updated_dt = utcnow()  # bumps the version: the grid is one unit of concurrency
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_target_kinerja_perubahan", objek=indikator,
                 sebelum={"versi": versi_target.nama, "target": sebelum},
                 sesudah={"versi": versi_target.nama,
                          "target": {b: (str(v[0]) if v[0] is not None else None) for b, v in nilai.items()}})
    tandai_kotor(indikator.perangkat_daerah_id, indikator.tahun_id)
    return indikator


def save_anggaran_versi(*, node: NodeRencana, versi_target: VersiTarget, pagu: Decimal | None,
                        nilai_bulanan: Mapping[int, Decimal | None], versi: int | None, oleh: Pengguna | None,
                        now: datetime) -> NodeRencana:
    """Save a sub kegiatan's pagu and twelve monthly budget targets in a perubahan, all or nothing.

    :param node: a sub kegiatan.
    :param versi_target: the perubahan (the latest of an open year).
    :param pagu: the pagu in this version.
    :param nilai_bulanan: month -> Rupiah.
    :param versi: the node's version when the grid was opened.
    :param oleh: who saves.
    :param now: the present moment.
    :return: the node.
    :raise NilaiTidakValid: for a node that is not a sub kegiatan, an earlier version or a closed year.
    :raise IsianTidakValid: when the months exceed the pagu or a value is negative.
    """
    if node.level != "sub_kegiatan":
        raise NilaiTidakValid("Pagu dan target anggaran hanya diisi pada sub kegiatan.")
    assert_versi(node, versi)
    assert_versi_bisa_diubah(versi_target, now)
    assert_isian_valid(periksa_anggaran_bulanan(nilai_bulanan, pagu))
    nilai = {0: (pagu, None), **{b: (nilai_bulanan.get(b), None) for b in range(1, 13)}}
    sebelum = _isi(TargetAnggaranVersi, "node_id", versi_target.id, node.id, nilai)
    node.updated_dt = utcnow()
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_anggaran_perubahan", objek=node,
                 sebelum={"versi": versi_target.nama, "anggaran": sebelum},
                 sesudah={"versi": versi_target.nama,
                          "anggaran": {b: (str(v[0]) if v[0] is not None else None) for b, v in nilai.items()}})
    tandai_kotor(node.perangkat_daerah_id, node.tahun_id)
    return node



def set_aturan_versi(*, perangkat_daerah_id: int, aturan: AturanVersi, oleh: Pengguna | None) -> AturanVersiTarget:
    """Choose the agency's rule for the version that measures each month (Referensi).

    :param perangkat_daerah_id: the agency.
    :param aturan: the rule.
    :param oleh: the Pengguna Utama.
    :return: the setting row.
    """
    row = db_session.execute(select(AturanVersiTarget).where(
        AturanVersiTarget.perangkat_daerah_id == perangkat_daerah_id)).scalar_one_or_none()
    sebelum = {"aturan": row.aturan} if row is not None else None
    if row is None:
        row = AturanVersiTarget(perangkat_daerah_id=perangkat_daerah_id, aturan=AturanVersi(aturan).value)
        db_session.add(row)
    else:
        row.aturan = AturanVersi(aturan).value
    db_session.flush()
    record_audit(pengguna=oleh, aksi="ubah_aturan_versi_target", objek=row, sebelum=sebelum,
                 sesudah={"aturan": row.aturan})
    # Every year of the agency is measured anew; its aggregates are recomputed on next read.
    for (tahun_id,) in db_session.execute(select(VersiTarget.tahun_id).where(
            VersiTarget.perangkat_daerah_id == perangkat_daerah_id).distinct()):
        tandai_kotor(perangkat_daerah_id, tahun_id)
    return row



def hapus_baris_versi(*, indikator_ids: list[int], node_ids: list[int]) -> None:
    """Remove the perubahan rows of indicators and nodes about to be deleted.

    :param indikator_ids: the indicators.
    :param node_ids: the nodes.
    """
    db_session.execute(TargetKinerjaVersi.__table__.delete().where(TargetKinerjaVersi.indikator_id.in_(indikator_ids)))
    db_session.execute(TargetAnggaranVersi.__table__.delete().where(TargetAnggaranVersi.node_id.in_(node_ids)))

