"""Write use-cases of the Rencana Aksi (issue 16, item 4): the targets per triwulan of a PK
indicator, its actions, their realisasi per triwulan and the indicator's, and the copy into a new
year. Rules come from ``domain.rencana_aksi``; access (the PK's unit or the Pengguna Utama) is
checked by the view before any call; every write is audited; nothing is committed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select

from ..domain.angka import DESIMAL_KINERJA
from ..domain.angka import periksa_realisasi
from ..domain.capaian import Agregasi
from ..domain.errors import KonflikData
from ..domain.rencana_aksi import StatusAksi
from ..domain.rencana_aksi import assert_triwulan_boleh_dilaporkan
from ..domain.rencana_aksi import periksa_aksi
from ..domain.rencana_aksi import periksa_keterangan
from ..domain.rencana_aksi import periksa_target_triwulan
from ..domain.rencana_aksi import periksa_tautan_bukti
from ..extensions import db_session
from ..models import AksiPK
from ..models import IndikatorPK
from ..models import Pengguna
from ..models import RealisasiAksiPK
from ..models import RealisasiTriwulanPK
from ..models import RencanaAksi
from .audit import record_audit
from .audit import snapshot
from .konkurensi import VERSI_BELUM_ADA
from .konkurensi import assert_versi
from .konkurensi import flush_or_conflict

_FIELDS_TARGET = ("agregasi", "target_tw1", "target_tw2", "target_tw3", "target_tw4")
_FIELDS_AKSI = ("indikator_pk_id", "uraian", "triwulan", "output", "penanggung_jawab")
_FIELDS_REALISASI_AKSI = ("aksi_id", "triwulan", "status", "keterangan", "tautan_bukti")
_FIELDS_REALISASI_TW = ("indikator_pk_id", "triwulan", "realisasi", "keterangan")


def _baris_versi(baris, versi: int | None):
    """A create-or-update row and the version its form saw: a row created meanwhile is a race."""
    if baris is None:
        if versi not in (None, VERSI_BELUM_ADA):
            raise KonflikData()
        return
    if versi == VERSI_BELUM_ADA:
        raise KonflikData()
    assert_versi(baris, versi)


def simpan_target_triwulan(
    *, indikator: IndikatorPK, target: Mapping[int, Decimal | None], agregasi: Agregasi | None,
    versi: int | None, oleh: Pengguna | None,
) -> RencanaAksi:
    """Save the four targets per triwulan of a PK indicator (and, for one not linked to a plan
    indicator, how its months combine). The warnings of ``domain.rencana_aksi.peringatan_target``
    are shown by the page, never refused.

    :param indikator: the PK indicator.
    :param target: triwulan -> target to the end of it (None: not planned).
    :param agregasi: kumulatif / nilai akhir / rata-rata; None keeps kumulatif.
    :param versi: the version the form saw (0: no row yet); None skips the check (scripts).
    :param oleh: who acts.
    :return: the row.
    :raise NilaiTidakValid: a negative target.
    :raise KonflikData: someone saved the targets meanwhile.
    """
    target = periksa_target_triwulan(target)
    baris = db_session.execute(select(RencanaAksi).filter_by(indikator_pk_id=indikator.id)).scalar_one_or_none()
    _baris_versi(baris, versi)
    sebelum = snapshot(baris, _FIELDS_TARGET) if baris else None
    if baris is None:
        baris = RencanaAksi(indikator_pk_id=indikator.id)
        db_session.add(baris)
    baris.agregasi = agregasi.value if agregasi is not None else None
    baris.target_tw1, baris.target_tw2, baris.target_tw3, baris.target_tw4 = (target[tw] for tw in (1, 2, 3, 4))
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_target_triwulan_pk" if sebelum else "tambah_target_triwulan_pk",
                 objek=baris, sebelum=sebelum, sesudah=snapshot(baris, _FIELDS_TARGET))
    return baris


def tambah_aksi(*, indikator: IndikatorPK, uraian: str | None, triwulan: Iterable[int], output: str | None,
                penanggung_jawab: str | None, oleh: Pengguna | None) -> AksiPK:
    """Add an action to a PK indicator (last in order).

    :param indikator: the PK indicator.
    :param uraian: what will be done.
    :param triwulan: the triwulans it is planned in (at least one).
    :param output: its output/target, optional.
    :param penanggung_jawab: who carries it out, optional.
    :param oleh: who acts.
    :return: the action.
    :raise NilaiTidakValid: an empty text, no triwulan, too long a text.
    """
    isian = periksa_aksi(uraian, triwulan, output, penanggung_jawab)
    urutan = db_session.scalar(select(func.count(AksiPK.id)).filter_by(indikator_pk_id=indikator.id)) or 0
    aksi = AksiPK(indikator_pk_id=indikator.id, uraian=isian.uraian, triwulan=isian.mask, output=isian.output,
                  penanggung_jawab=isian.penanggung_jawab, urutan=urutan + 1)
    db_session.add(aksi)
    db_session.flush()
    record_audit(pengguna=oleh, aksi="tambah_aksi_pk", objek=aksi, sebelum=None, sesudah=snapshot(aksi, _FIELDS_AKSI))
    return aksi


def ubah_aksi(*, aksi: AksiPK, uraian: str | None, triwulan: Iterable[int], output: str | None,
              penanggung_jawab: str | None, versi: int | None, oleh: Pengguna | None) -> AksiPK:
    """Change an action; realisasi already reported for a triwulan no longer planned stays (history).

    :raise NilaiTidakValid: as :func:`tambah_aksi`.
    :raise KonflikData: someone changed the action meanwhile.
    """
    assert_versi(aksi, versi)
    isian = periksa_aksi(uraian, triwulan, output, penanggung_jawab)
    sebelum = snapshot(aksi, _FIELDS_AKSI)
    aksi.uraian, aksi.triwulan, aksi.output = isian.uraian, isian.mask, isian.output
    aksi.penanggung_jawab = isian.penanggung_jawab
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_aksi_pk", objek=aksi, sebelum=sebelum, sesudah=snapshot(aksi, _FIELDS_AKSI))
    return aksi


def hapus_aksi(*, aksi: AksiPK, oleh: Pengguna | None) -> None:
    """Remove an action with its realisasi."""
    record_audit(pengguna=oleh, aksi="hapus_aksi_pk", objek=aksi, sebelum=snapshot(aksi, _FIELDS_AKSI), sesudah=None)
    db_session.delete(aksi)
    db_session.flush()


def simpan_realisasi_aksi(
    *, aksi: AksiPK, tahun_pk: int, tahun_isian: int, triwulan: int, status: StatusAksi, keterangan: str | None,
    tautan_bukti: str | None, versi: int | None, hari_ini: date, oleh: Pengguna | None,
) -> RealisasiAksiPK:
    """Report the realisasi of an action in a triwulan (create or change).

    :param aksi: the action.
    :param tahun_pk: the year of its PK.
    :param tahun_isian: the year the form was for (must be the PK's).
    :param triwulan: 1..4; it must have begun.
    :param status: belum / sebagian / terlaksana.
    :param keterangan: a short text, optional.
    :param tautan_bukti: an http(s) link to the evidence, optional.
    :param versi: the version the form saw (0: none reported yet).
    :param hari_ini: today's date in the agency's time zone.
    :param oleh: who acts.
    :return: the realisasi.
    :raise NilaiTidakValid: another year, a triwulan not begun, a bad link, too long a text.
    :raise KonflikData: someone reported it meanwhile.
    """
    assert_triwulan_boleh_dilaporkan(tahun_isian=tahun_isian, tahun_pk=tahun_pk, triwulan=triwulan, hari_ini=hari_ini)
    keterangan, tautan = periksa_keterangan(keterangan), periksa_tautan_bukti(tautan_bukti)
    baris = db_session.execute(select(RealisasiAksiPK).filter_by(aksi_id=aksi.id, triwulan=triwulan)
                               ).scalar_one_or_none()
    _baris_versi(baris, versi)
    sebelum = snapshot(baris, _FIELDS_REALISASI_AKSI) if baris else None
    if baris is None:
        baris = RealisasiAksiPK(aksi_id=aksi.id, triwulan=triwulan)
        db_session.add(baris)
    baris.status, baris.keterangan, baris.tautan_bukti = StatusAksi(status).value, keterangan, tautan
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_realisasi_aksi_pk" if sebelum else "tambah_realisasi_aksi_pk",
                 objek=baris, sebelum=sebelum, sesudah=snapshot(baris, _FIELDS_REALISASI_AKSI))
    return baris


def simpan_realisasi_indikator(
    *, indikator: IndikatorPK, tahun_pk: int, tahun_isian: int, triwulan: int, realisasi: Decimal | None,
    keterangan: str | None, versi: int | None, hari_ini: date, oleh: Pengguna | None,
) -> RealisasiTriwulanPK:
    """Report the realisasi of a PK indicator to the end of a triwulan (empty: not reported).

    :raise NilaiTidakValid: another year, a triwulan not begun, a negative value, too long a text.
    :raise KonflikData: someone reported it meanwhile.
    """
    assert_triwulan_boleh_dilaporkan(tahun_isian=tahun_isian, tahun_pk=tahun_pk, triwulan=triwulan, hari_ini=hari_ini)
    keterangan = periksa_keterangan(keterangan)
    if realisasi is not None:
        realisasi = periksa_realisasi(realisasi, DESIMAL_KINERJA)
    baris = db_session.execute(select(RealisasiTriwulanPK).filter_by(indikator_pk_id=indikator.id, triwulan=triwulan)
                               ).scalar_one_or_none()
    _baris_versi(baris, versi)
    sebelum = snapshot(baris, _FIELDS_REALISASI_TW) if baris else None
    if baris is None:
        baris = RealisasiTriwulanPK(indikator_pk_id=indikator.id, triwulan=triwulan)
        db_session.add(baris)
    baris.realisasi, baris.keterangan = realisasi, keterangan
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_realisasi_triwulan_pk" if sebelum else "tambah_realisasi_triwulan_pk",
                 objek=baris, sebelum=sebelum, sesudah=snapshot(baris, _FIELDS_REALISASI_TW))
    return baris


def salin_rencana_aksi(*, peta_indikator_pk: Mapping[int, int]) -> None:
    """Copy the targets per triwulan and the actions of PK indicators into their copies of a new
    year — never a realisasi (of actions or indicators): the new year starts unreported.

    :param peta_indikator_pk: old PK indicator id -> its copy's id.
    """
    if not peta_indikator_pk:
        return
    lama = list(peta_indikator_pk)
    for r in db_session.execute(select(RencanaAksi).where(RencanaAksi.indikator_pk_id.in_(lama))).scalars().all():
        db_session.add(RencanaAksi(indikator_pk_id=peta_indikator_pk[r.indikator_pk_id], agregasi=r.agregasi,
                                   target_tw1=r.target_tw1, target_tw2=r.target_tw2, target_tw3=r.target_tw3,
                                   target_tw4=r.target_tw4))
    for a in db_session.execute(select(AksiPK).where(AksiPK.indikator_pk_id.in_(lama)).order_by(AksiPK.id)
                                ).scalars().all():
        db_session.add(AksiPK(indikator_pk_id=peta_indikator_pk[a.indikator_pk_id], uraian=a.uraian,
                              triwulan=a.triwulan, output=a.output, penanggung_jawab=a.penanggung_jawab,
                              urutan=a.urutan))
    db_session.flush()
