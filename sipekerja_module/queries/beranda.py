"""The module home as a to-do list, per role: what waits for the Pengguna Utama's checking, which
units are late or due soon, what was returned and not yet resubmitted, which months a unit has to
fill, and the agency's capaian for the Pimpinan. A bounded number of queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from ..domain.alur import Fase
from ..domain.alur import TenggatTahun
from ..domain.periode import bulan_dalam_triwulan
from ..domain.status import StatusPeriode
from ..extensions import db_session
from ..models import CatatanVerifikasi
from ..models import RingkasanKinerja
from ..models import StatusPeriodeUnit
from ..models import Tahun
from ..models import UnitKerja
from .monitoring import PapanMonitoring


@dataclass(frozen=True)
class Tugas:
    """One unit's triwulan on somebody's to-do list."""

    status_id: int | None
    unit_kerja_id: int
    unit_nama: str
    triwulan: int
    #: The note of the latest transition (the reason of a return), if any.
    catatan: str | None = None
    waktu: datetime | None = None


@dataclass(frozen=True)
class Tenggat:
    """Units whose triwulan is overdue or due soon (not submitted), with the unit's own deadline."""

    triwulan: int
    fase: Fase
    #: ``(unit id, name, the unit's own deadline when it differs from the window's, else None)``.
    unit: tuple[tuple[int, str, datetime | None], ...]
    #: The window's own closing moment.
    batas_umum: datetime | None = None


@dataclass(frozen=True)
class BulanIsian:
    """A month a unit can fill now: how many indicators are filled, how many values lack evidence."""

    bulan: int
    terisi: int
    jumlah: int
    tanpa_bukti: int
    batas: datetime


@dataclass(frozen=True)
class CapaianTriwulan:
    """The agency's measured capaian of one triwulan (from the dashboard aggregates)."""

    triwulan: int
    rata_capaian: Decimal | None
    jumlah_terukur: int
    jumlah_indikator: int
    persen_serapan: Decimal | None


def _status_tahun(unit_ids: list[int], tahun_id: int) -> dict[tuple[int, int], tuple[int, str]]:
    return {(u, t): (i, s) for i, u, t, s in db_session.execute(
        select(StatusPeriodeUnit.id, StatusPeriodeUnit.unit_kerja_id, StatusPeriodeUnit.triwulan,
               StatusPeriodeUnit.status)
        .where(StatusPeriodeUnit.tahun_id == tahun_id, StatusPeriodeUnit.unit_kerja_id.in_(unit_ids)))}


def list_tugas(*, perangkat_daerah_id: int, tahun_id: int, status: StatusPeriode,
               unit_kerja_id: int | None = None) -> list[Tugas]:
    """Triwulans of an agency's (or one unit's) units in a state, oldest change first, each with
    the note of the transition that brought it there (two queries).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :param status: the state (diajukan: waiting for checking; dikembalikan: to fix and resubmit).
    :param unit_kerja_id: one unit only.
    :return: the items.
    """
    query = (select(StatusPeriodeUnit.id, StatusPeriodeUnit.unit_kerja_id, UnitKerja.nama, StatusPeriodeUnit.triwulan,
                    StatusPeriodeUnit.updated_dt)
             .join(UnitKerja, UnitKerja.id == StatusPeriodeUnit.unit_kerja_id)
             .where(UnitKerja.perangkat_daerah_id == perangkat_daerah_id, StatusPeriodeUnit.tahun_id == tahun_id,
                    StatusPeriodeUnit.status == StatusPeriode(status).value))
    if unit_kerja_id is not None:
        query = query.where(StatusPeriodeUnit.unit_kerja_id == unit_kerja_id)
    baris = db_session.execute(query.order_by(StatusPeriodeUnit.updated_dt, StatusPeriodeUnit.id)).all()
    catatan: dict[int, tuple[str | None, datetime]] = {}
    for sid, teks, waktu in db_session.execute(
            select(CatatanVerifikasi.status_periode_id, CatatanVerifikasi.catatan, CatatanVerifikasi.created_dt)
            .where(CatatanVerifikasi.status_periode_id.in_([b.id for b in baris]),
                   CatatanVerifikasi.ke_status == StatusPeriode(status).value)
            .order_by(CatatanVerifikasi.created_dt, CatatanVerifikasi.id)):
        catatan[sid] = (teks, waktu)  # the latest wins
    return [Tugas(b.id, b.unit_kerja_id, b.nama, b.triwulan, *catatan.get(b.id, (None, b.updated_dt)))
            for b in baris]


def list_tenggat_unit(*, perangkat_daerah_id: int, tahun: Tahun, tenggat: TenggatTahun, now: datetime
                      ) -> list[Tenggat]:
    """Per triwulan, the active units that have not submitted it and whose own deadline has passed
    (*terlambat*) or is near (*segera*) at ``now`` (two queries).

    :param perangkat_daerah_id: the agency.
    :param tahun: the year.
    :param tenggat: the year's windows and reopenings.
    :param now: the current moment (aware).
    :return: one entry per triwulan with such units, late ones first.
    """
    units = db_session.execute(select(UnitKerja.id, UnitKerja.nama).where(
        UnitKerja.perangkat_daerah_id == perangkat_daerah_id, UnitKerja.aktif.is_(True))
        .order_by(UnitKerja.urutan, UnitKerja.nama)).all()
    status = _status_tahun([u.id for u in units], tahun.id)
    hasil = []
    for triwulan in range(1, 5):
        per_fase: dict[Fase, list[tuple[int, str, datetime]]] = {Fase.LEWAT: [], Fase.SEGERA: []}
        for unit in units:
            sp = StatusPeriode(status.get((unit.id, triwulan), (None, "draf"))[1])
            if sp in (StatusPeriode.DIAJUKAN, StatusPeriode.TERVERIFIKASI):
                continue
            fase = tenggat.fase(triwulan, unit.id, now)
            if fase in per_fase:
                batas = tenggat.batas(triwulan, unit.id)
                per_fase[fase].append((unit.id, unit.nama, batas if batas != tenggat.batas(triwulan, None) else None))
        hasil += [Tenggat(triwulan, fase, tuple(daftar), tenggat.batas(triwulan, None))
                  for fase, daftar in per_fase.items() if daftar]
    return sorted(hasil, key=lambda t: (t.fase is not Fase.LEWAT, t.triwulan))


def list_bulan_isian(*, papan: PapanMonitoring, unit_kerja_id: int, tahun: Tahun, tenggat: TenggatTahun,
                     now: datetime) -> list[BulanIsian]:
    """The months a unit can fill now: those of its open, not yet submitted triwulans that have
    started (no query: from the unit's monitoring board).

    :param papan: the unit's own board (:func:`~.monitoring.load_papan_monitoring`).
    :param unit_kerja_id: the unit.
    :param tahun: the year.
    :param tenggat: the year's windows and reopenings.
    :param now: the current moment, in the agency's zone.
    :return: the months, in order.
    """
    if not papan.baris:
        return []
    sel = papan.baris[0].sel
    hasil = []
    for triwulan in range(1, 5):
        if not tenggat.terbuka(triwulan, unit_kerja_id, now):
            continue
        for bulan in bulan_dalam_triwulan(triwulan):
            s = sel[bulan - 1]
            sudah_mulai = (tahun.tahun, bulan) <= (now.year, now.month)
            if sudah_mulai and s.status not in ("diajukan", "terverifikasi"):
                hasil.append(BulanIsian(bulan, s.terlapor, s.jumlah_indikator, s.tanpa_bukti,
                                        tenggat.batas(triwulan, unit_kerja_id)))
    return hasil


def list_capaian_triwulan(*, perangkat_daerah_id: int, tahun_id: int) -> list[CapaianTriwulan]:
    """The agency's capaian per triwulan from the aggregates kept at commit time (one query).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: triwulans 1..4 that have a row, in order.
    """
    return [CapaianTriwulan(*row) for row in db_session.execute(
        select(RingkasanKinerja.triwulan, RingkasanKinerja.rata_capaian, RingkasanKinerja.jumlah_terukur,
               RingkasanKinerja.jumlah_indikator, RingkasanKinerja.persen_serapan)
        .where(RingkasanKinerja.perangkat_daerah_id == perangkat_daerah_id, RingkasanKinerja.tahun_id == tahun_id,
               RingkasanKinerja.triwulan.between(1, 4))
        .order_by(RingkasanKinerja.triwulan))]
