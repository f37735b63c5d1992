"""The module home as a to-do list, per role: what waits for the Pengguna Utama's checking, which
units are late or due soon, what was returned and not yet resubmitted, which months a unit has to
fill, and the agency's capaian for the Pimpinan. A bounded number of queries whatever the size.

The loaders read what the agency's data alone determines (the home caches it under the agency's
data version, ``views.fragmen.ambil_data``); the functions without a query derive from it what
depends on the moment (late or due soon, open months), on every request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache

from sqlalchemy import and_
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import select

from ..domain.alur import Fase
from ..domain.alur import TenggatTahun
from ..domain.periode import bulan_dalam_triwulan
from ..domain.status import StatusPeriode
from ..extensions import db_session
from ..models import CatatanVerifikasi
from ..models import Indikator
from ..models import RingkasanKinerja
from ..models import StatusPeriodeUnit
from ..models import Tahun
from ..models import UnitKerja
from .monitoring import hitung_terlapor


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


@dataclass(frozen=True)
class UnitBeranda:
    """A unit of the agency as the home needs it."""

    id: int
    nama: str
    aktif: bool
    #: The unit's indicators in the year.
    jumlah_indikator: int


@dataclass(frozen=True)
class StatusBeranda:
    """An agency's units and the states of their triwulans in a year, with the submitted and the
    returned triwulans as to-dos (:func:`load_status_beranda`)."""

    #: Every unit of the agency (active or not), in display order.
    unit: tuple[UnitBeranda, ...]
    #: ``(unit id, triwulan) -> state`` of the triwulans that have a row (none: draf).
    status: dict[tuple[int, int], str]
    #: Submitted triwulans (waiting for checking), oldest change first.
    menunggu: tuple[Tugas, ...]
    #: Returned triwulans not yet resubmitted, oldest change first.
    dikembalikan: tuple[Tugas, ...]

    def cari_unit(self, unit_kerja_id: int | None) -> UnitBeranda | None:
        """The agency's unit with this id, or None (not the agency's)."""
        return next((u for u in self.unit if u.id == unit_kerja_id), None)

    def status_triwulan(self, unit_kerja_id: int, triwulan: int) -> StatusPeriode:
        """A unit's triwulan state (draf while it has no row)."""
        return StatusPeriode(self.status.get((unit_kerja_id, triwulan), StatusPeriode.DRAF.value))


@dataclass(frozen=True)
class BuktiKurang:
    """A month of a unit with values that lack evidence."""

    bulan: int
    tanpa_bukti: int


@dataclass(frozen=True)
class IsianUnit:
    """What a unit has reported in a year, per month: ``bulan -> (reported, without evidence)``."""

    terlapor: dict[int, tuple[int, int]]


_TUGAS = (StatusPeriode.DIAJUKAN.value, StatusPeriode.DIKEMBALIKAN.value)


def _catatan_terakhir(kolom):
    """The latest note of the transition into the triwulan's current state (correlated)."""
    return (select(kolom).where(CatatanVerifikasi.status_periode_id == StatusPeriodeUnit.id,
                                CatatanVerifikasi.ke_status == StatusPeriodeUnit.status)
            .order_by(CatatanVerifikasi.created_dt.desc(), CatatanVerifikasi.id.desc()).limit(1)
            .correlate(StatusPeriodeUnit).scalar_subquery())


@cache
def _kueri_status():
    """The statement of :func:`load_status_beranda`, built once: it is read after every write to
    the agency, and building it costs more than running it."""
    pd_id, tahun_id = bindparam("pd_id"), bindparam("tahun_id")
    indikator = (select(Indikator.unit_kerja_id, func.count().label("jumlah"))
                 .where(Indikator.perangkat_daerah_id == pd_id, Indikator.tahun_id == tahun_id)
                 .group_by(Indikator.unit_kerja_id).subquery())
    return (select(UnitKerja.id, UnitKerja.nama, UnitKerja.aktif, func.coalesce(indikator.c.jumlah, 0),
                   StatusPeriodeUnit.id, StatusPeriodeUnit.triwulan, StatusPeriodeUnit.status,
                   StatusPeriodeUnit.updated_dt, _catatan_terakhir(CatatanVerifikasi.catatan),
                   _catatan_terakhir(CatatanVerifikasi.created_dt))
            .outerjoin(indikator, indikator.c.unit_kerja_id == UnitKerja.id)
            .outerjoin(StatusPeriodeUnit, and_(StatusPeriodeUnit.unit_kerja_id == UnitKerja.id,
                                               StatusPeriodeUnit.tahun_id == tahun_id))
            .where(UnitKerja.perangkat_daerah_id == pd_id)
            .order_by(UnitKerja.urutan, UnitKerja.nama, UnitKerja.id))


def load_status_beranda(*, perangkat_daerah_id: int, tahun_id: int) -> StatusBeranda:
    """Every unit of an agency with its indicator count and its triwulans' states in a year; the
    submitted and returned triwulans each with the note of the transition that brought it there
    (one statement).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    :return: the units and states.
    """
    baris = db_session.execute(_kueri_status(), {"pd_id": perangkat_daerah_id, "tahun_id": tahun_id}).all()
    unit: dict[int, UnitBeranda] = {}
    status: dict[tuple[int, int], str] = {}
    tugas: dict[str, list[tuple[datetime, int, Tugas]]] = {s: [] for s in _TUGAS}
    for unit_id, nama, aktif, jumlah, sid, triwulan, kode, diubah, catatan, waktu in baris:
        unit.setdefault(unit_id, UnitBeranda(unit_id, nama, bool(aktif), jumlah))
        if sid is None:
            continue
        status[(unit_id, triwulan)] = kode
        if kode in tugas:
            tugas[kode].append((diubah, sid, Tugas(sid, unit_id, nama, triwulan, catatan, waktu or diubah)))
    urut = {s: tuple(t for *_, t in sorted(daftar, key=lambda x: x[:2])) for s, daftar in tugas.items()}
    return StatusBeranda(tuple(unit.values()), status, urut[StatusPeriode.DIAJUKAN.value],
                         urut[StatusPeriode.DIKEMBALIKAN.value])


def load_isian_unit(*, unit_kerja_id: int, tahun_id: int) -> IsianUnit:
    """What a unit has reported per month of a year (one query, as the monitoring board counts).

    :param unit_kerja_id: the unit.
    :param tahun_id: the year.
    :return: the counts.
    """
    return IsianUnit({b: n for (_, b), n in hitung_terlapor(unit_ids=[unit_kerja_id], tahun_id=tahun_id).items()})


def list_tenggat_unit(*, data: StatusBeranda, tenggat: TenggatTahun, now: datetime) -> list[Tenggat]:
    """Per triwulan, the active units that have not submitted it and whose own deadline has passed
    (*terlambat*) or is near (*segera*) at ``now`` (no query).

    :param data: the agency's units and states (:func:`load_status_beranda`).
    :param tenggat: the year's windows and reopenings.
    :param now: the current moment (aware).
    :return: one entry per triwulan with such units, late ones first.
    """
    units = [u for u in data.unit if u.aktif]
    hasil = []
    for triwulan in range(1, 5):
        per_fase: dict[Fase, list[tuple[int, str, datetime]]] = {Fase.LEWAT: [], Fase.SEGERA: []}
        for unit in units:
            if data.status_triwulan(unit.id, triwulan) in (StatusPeriode.DIAJUKAN, StatusPeriode.TERVERIFIKASI):
                continue
            fase = tenggat.fase(triwulan, unit.id, now)
            if fase in per_fase:
                batas = tenggat.batas(triwulan, unit.id)
                per_fase[fase].append((unit.id, unit.nama, batas if batas != tenggat.batas(triwulan, None) else None))
        hasil += [Tenggat(triwulan, fase, tuple(daftar), tenggat.batas(triwulan, None))
                  for fase, daftar in per_fase.items() if daftar]
    return sorted(hasil, key=lambda t: (t.fase is not Fase.LEWAT, t.triwulan))


def list_bulan_isian(*, data: StatusBeranda, isian: IsianUnit, unit_kerja_id: int, tahun: Tahun,
                     tenggat: TenggatTahun, now: datetime) -> list[BulanIsian]:
    """The months a unit can fill now: those of its open, not yet submitted triwulans that have
    started (no query; an inactive unit has none, as on the monitoring board).

    :param data: the agency's units and states (:func:`load_status_beranda`).
    :param isian: the unit's reported counts (:func:`load_isian_unit`).
    :param unit_kerja_id: the unit.
    :param tahun: the year.
    :param tenggat: the year's windows and reopenings.
    :param now: the current moment, in the agency's zone.
    :return: the months, in order.
    """
    unit = data.cari_unit(unit_kerja_id)
    if unit is None or not unit.aktif:
        return []
    hasil = []
    for triwulan in range(1, 5):
        if not tenggat.terbuka(triwulan, unit_kerja_id, now):
            continue
        if data.status_triwulan(unit_kerja_id, triwulan) in (StatusPeriode.DIAJUKAN, StatusPeriode.TERVERIFIKASI):
            continue
        for bulan in bulan_dalam_triwulan(triwulan):
            if (tahun.tahun, bulan) <= (now.year, now.month):
                terlapor, tanpa_bukti = isian.terlapor.get(bulan, (0, 0))
                hasil.append(BulanIsian(bulan, terlapor, unit.jumlah_indikator, tanpa_bukti,
                                        tenggat.batas(triwulan, unit_kerja_id)))
    return hasil


def list_bukti_kurang(*, data: StatusBeranda, isian: IsianUnit, unit_kerja_id: int) -> list[BuktiKurang]:
    """The months of an active unit with values that lack evidence (no query).

    :param data: the agency's units and states (:func:`load_status_beranda`).
    :param isian: the unit's reported counts (:func:`load_isian_unit`).
    :param unit_kerja_id: the unit.
    :return: the months, in order.
    """
    unit = data.cari_unit(unit_kerja_id)
    if unit is None or not unit.aktif:
        return []
    return [BuktiKurang(b, isian.terlapor[b][1]) for b in sorted(isian.terlapor) if isian.terlapor[b][1]]


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
