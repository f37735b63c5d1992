"""The monitoring board: per unit × month, who has reported what, in which state, how many
values lack evidence, and how long until the next deadline. Six queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from datetime import tzinfo

from sqlalchemy import case
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select

from ..domain.periode import JendelaInput as JendelaDomain
from ..domain.periode import sisa_waktu
from ..domain.periode import triwulan_dari_bulan
from ..domain.status import LABEL as LABEL_STATUS
from ..domain.status import WARNA as WARNA_STATUS
from ..domain.status import StatusPeriode
from ..extensions import db_session
from ..models import BuktiDukung
from ..models import Indikator
from ..models import JendelaInput
from ..models import RealisasiKinerja
from ..models import StatusPeriodeUnit
from ..models import Tahun
from ..models import UnitKerja
from .referensi import jendela_domain

BELUM_LAPOR = "belum lapor"


@dataclass(frozen=True)
class SelMonitoring:
    """One unit's month on the board."""

    bulan: int
    status: str  # a StatusPeriode value, or "belum_lapor" when nothing is reported
    label: str
    warna: str
    terlapor: int
    jumlah_indikator: int
    tanpa_bukti: int


@dataclass(frozen=True)
class BarisMonitoring:
    unit_kerja_id: int
    unit_kode: str
    unit_nama: str
    sel: tuple[SelMonitoring, ...]


@dataclass(frozen=True)
class PapanMonitoring:
    """The unit × month grid; the countdown to the next deadline is :func:`tenggat_berikut`."""

    tahun: int
    baris: tuple[BarisMonitoring, ...]


def load_papan_monitoring(
    *, perangkat_daerah_id: int, tahun: Tahun, sampai_bulan: int = 12, unit_kerja_id: int | None = None
) -> PapanMonitoring:
    """Build the board for an agency (or one unit) and year.

    :param perangkat_daerah_id: the agency.
    :param tahun: the year.
    :param sampai_bulan: last month shown.
    :param unit_kerja_id: restrict to one unit (a Bidang account's own board).
    :return: the board, rows ordered as the units are.
    """
    unit_filter = [UnitKerja.perangkat_daerah_id == perangkat_daerah_id, UnitKerja.aktif.is_(True)]
    if unit_kerja_id is not None:
        unit_filter.append(UnitKerja.id == unit_kerja_id)
    units = db_session.execute(
        select(UnitKerja.id, UnitKerja.kode, UnitKerja.nama).where(*unit_filter).order_by(UnitKerja.urutan, UnitKerja.nama)
    ).all()
    unit_ids = [u.id for u in units]
    ind_per_unit = dict(db_session.execute(
        select(Indikator.unit_kerja_id, func.count()).where(Indikator.tahun_id == tahun.id,
                                                            Indikator.unit_kerja_id.in_(unit_ids))
        .group_by(Indikator.unit_kerja_id)
    ).all())
    ada_bukti = exists().where(BuktiDukung.indikator_id == RealisasiKinerja.indikator_id,
                               BuktiDukung.bulan == RealisasiKinerja.bulan, BuktiDukung.dihapus_dt.is_(None))
    hitung = db_session.execute(
        select(Indikator.unit_kerja_id, RealisasiKinerja.bulan, func.count(),
               func.sum(case((ada_bukti, 0), else_=1)))
        .join(RealisasiKinerja, RealisasiKinerja.indikator_id == Indikator.id)
        .where(Indikator.tahun_id == tahun.id, Indikator.unit_kerja_id.in_(unit_ids),
               RealisasiKinerja.nilai.is_not(None), RealisasiKinerja.bulan <= sampai_bulan)
        .group_by(Indikator.unit_kerja_id, RealisasiKinerja.bulan)
    ).all()
    terlapor = {(u, b): (n, int(t or 0)) for u, b, n, t in hitung}
    status = {(s.unit_kerja_id, s.triwulan): s.status for s in db_session.execute(
        select(StatusPeriodeUnit.unit_kerja_id, StatusPeriodeUnit.triwulan, StatusPeriodeUnit.status)
        .where(StatusPeriodeUnit.tahun_id == tahun.id, StatusPeriodeUnit.unit_kerja_id.in_(unit_ids))
    )}
    baris = []
    for unit in units:
        sel = []
        for bulan in range(1, sampai_bulan + 1):
            n, tanpa = terlapor.get((unit.id, bulan), (0, 0))
            if n == 0:
                kode, label, warna = "belum_lapor", BELUM_LAPOR, "light"
            else:
                sp = StatusPeriode(status.get((unit.id, triwulan_dari_bulan(bulan)), "draf"))
                kode, label, warna = sp.value, LABEL_STATUS[sp], WARNA_STATUS[sp]
            sel.append(SelMonitoring(bulan, kode, label, warna, n, ind_per_unit.get(unit.id, 0), tanpa))
        baris.append(BarisMonitoring(unit.id, unit.kode, unit.nama, tuple(sel)))
    return PapanMonitoring(tahun.tahun, tuple(baris))


def load_jendela_tahun(*, tahun: Tahun, zona: tzinfo) -> tuple[JendelaDomain, ...]:
    """The input windows of a year, by triwulan (one query)."""
    return tuple(jendela_domain(j, tahun.tahun, zona) for j in db_session.execute(
        select(JendelaInput).where(JendelaInput.tahun_id == tahun.id).order_by(JendelaInput.triwulan)).scalars())


def tenggat_berikut(jendela: tuple[JendelaDomain, ...], now: datetime, zona: tzinfo
                    ) -> tuple[JendelaDomain | None, timedelta | None]:
    """The next window to close after ``now`` and the time left, or ``(None, None)`` when every
    window of the year has closed (pure)."""
    lokal = now.astimezone(zona)
    berikut = next((j for j in jendela if j.batas_efektif > lokal), None)
    return berikut, sisa_waktu(berikut, lokal) if berikut else None

