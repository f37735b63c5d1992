"""The monitoring board: per unit × month, who has reported what, in which state, how many
values lack evidence, whether a unit is late or not yet due, and how long until the next
deadline. Six queries whatever the size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from datetime import tzinfo
from functools import cache

from sqlalchemy import bindparam
from sqlalchemy import case
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select

from ..domain.alur import TenggatTahun
from ..domain.alur import bulan_berakhir
from ..domain.alur import kelas_sel
from ..domain.periode import triwulan_dari_bulan
from ..domain.status import StatusPeriode
from ..extensions import db_session
from ..models import BuktiDukung
from ..models import Indikator
from ..models import JendelaInput
from ..models import PembukaanJendela
from ..models import RealisasiKinerja
from ..models import StatusPeriodeUnit
from ..models import Tahun
from ..models import UnitKerja
from .referensi import jendela_domain
from .referensi import list_jendela_efektif


@dataclass(frozen=True)
class SelMonitoring:
    """One unit's month on the board."""

    bulan: int
    #: A :class:`~sipekerja_module.domain.alur.KelasSel` code: diajukan, terverifikasi,
    #: dikembalikan, terlambat, draf, segera, belum_lapor, belum_waktunya.
    status: str
    label: str
    warna: str
    terlapor: int
    jumlah_indikator: int
    tanpa_bukti: int
    #: The unit's triwulan row (None while nobody has written to it): Pengecekan opens it.
    status_id: int | None = None
    #: Whether the triwulan was submitted (diajukan, terverifikasi or dikembalikan).
    diajukan: bool = False
    #: The label short enough for twelve months at 1366 px.
    singkat: str = ""


@dataclass(frozen=True)
class BarisMonitoring:
    unit_kerja_id: int
    unit_kode: str
    unit_nama: str
    sel: tuple[SelMonitoring, ...]


@dataclass(frozen=True)
class RekapBulan:
    """Per month: how many units' triwulans are submitted (waiting), verified, or overdue."""

    bulan: int
    diajukan: int
    terverifikasi: int
    terlambat: int
    jumlah_unit: int


@dataclass(frozen=True)
class PapanMonitoring:
    """The unit × month grid with a count per month; the countdown is :func:`tenggat_berikut`."""

    tahun: int
    baris: tuple[BarisMonitoring, ...]
    rekap: tuple[RekapBulan, ...] = ()


@cache
def _kueri_terlapor():
    """The statement of :func:`hitung_terlapor`, built once: the board and the to-do home read it
    after every write to the agency, and building it costs more than running it."""
    ada_bukti = exists().where(BuktiDukung.indikator_id == RealisasiKinerja.indikator_id,
                               BuktiDukung.bulan == RealisasiKinerja.bulan, BuktiDukung.dihapus_dt.is_(None))
    return (select(Indikator.unit_kerja_id, RealisasiKinerja.bulan, func.count(),
                   func.sum(case((RealisasiKinerja.nilai.is_(None), 0), (ada_bukti, 0), else_=1)))
            .join(RealisasiKinerja, RealisasiKinerja.indikator_id == Indikator.id)
            .where(Indikator.tahun_id == bindparam("tahun_id"),
                   Indikator.unit_kerja_id.in_(bindparam("unit_ids", expanding=True)),
                   or_(RealisasiKinerja.nilai.is_not(None), RealisasiKinerja.tanpa_realisasi.is_(True)),
                   RealisasiKinerja.bulan <= bindparam("sampai_bulan"))
            .group_by(Indikator.unit_kerja_id, RealisasiKinerja.bulan))


def hitung_terlapor(*, unit_ids: list[int], tahun_id: int, sampai_bulan: int = 12
                    ) -> dict[tuple[int, int], tuple[int, int]]:
    """Per unit and month, how many indicators are reported (a value or a declared absence) and
    how many values lack evidence (one query; the board and the to-do home count alike).

    :param unit_ids: the units.
    :param tahun_id: the year.
    :param sampai_bulan: last month counted.
    :return: ``(unit id, month) -> (reported, values without evidence)``, months with a report only.
    """
    hitung = db_session.execute(_kueri_terlapor(), {"tahun_id": tahun_id, "unit_ids": list(unit_ids),
                                                    "sampai_bulan": sampai_bulan}).all()
    return {(u, b): (n, int(t or 0)) for u, b, n, t in hitung}


def load_papan_monitoring(
    *, perangkat_daerah_id: int, tahun: Tahun, tenggat: TenggatTahun, now: datetime, sampai_bulan: int = 12,
    unit_kerja_id: int | None = None
) -> PapanMonitoring:
    """Build the board for an agency (or one unit) and year, each cell classified against the
    unit's own deadline at ``now`` (``domain.alur.kelas_sel``).

    :param perangkat_daerah_id: the agency.
    :param tahun: the year.
    :param tenggat: the year's windows and reopenings (:func:`load_tenggat_tahun`).
    :param now: the current moment, in the agency's zone.
    :param sampai_bulan: last month shown.
    :param unit_kerja_id: restrict to one unit (a Bidang account's own board).
    :return: the board, rows ordered as the units are.
    """
    unit_filter = [UnitKerja.perangkat_daerah_id == perangkat_daerah_id, UnitKerja.aktif.is_(True)]
    if unit_kerja_id is not None:
        unit_filter.append(UnitKerja.id == unit_kerja_id)
    units = db_session.execute(
        select(UnitKerja.id, UnitKerja.kode, UnitKerja.nama).where(*unit_filter)
        .order_by(UnitKerja.urutan, UnitKerja.nama)
    ).all()
    unit_ids = [u.id for u in units]
    ind_per_unit = dict(db_session.execute(
        select(Indikator.unit_kerja_id, func.count()).where(Indikator.tahun_id == tahun.id,
                                                            Indikator.unit_kerja_id.in_(unit_ids))
        .group_by(Indikator.unit_kerja_id)
    ).all())
    terlapor = hitung_terlapor(unit_ids=unit_ids, tahun_id=tahun.id, sampai_bulan=sampai_bulan)
    status = {(s.unit_kerja_id, s.triwulan): (s.status, s.id) for s in db_session.execute(
        select(StatusPeriodeUnit.unit_kerja_id, StatusPeriodeUnit.triwulan, StatusPeriodeUnit.status,
               StatusPeriodeUnit.id)
        .where(StatusPeriodeUnit.tahun_id == tahun.id, StatusPeriodeUnit.unit_kerja_id.in_(unit_ids))
    )}
    baris = []
    for unit in units:
        sel = []
        for bulan in range(1, sampai_bulan + 1):
            n, tanpa = terlapor.get((unit.id, bulan), (0, 0))
            triwulan = triwulan_dari_bulan(bulan)
            kode_status, status_id = status.get((unit.id, triwulan), ("draf", None))
            sp = StatusPeriode(kode_status)
            kelas = kelas_sel(status=sp, terlapor=n, fase=tenggat.fase(triwulan, unit.id, now),
                              berakhir=bulan_berakhir(tahun.tahun, bulan, now))
            sel.append(SelMonitoring(bulan, kelas.kode, kelas.label, kelas.warna, n, ind_per_unit.get(unit.id, 0),
                                     tanpa, status_id, sp is not StatusPeriode.DRAF, kelas.singkat))
        baris.append(BarisMonitoring(unit.id, unit.kode, unit.nama, tuple(sel)))
    rekap = tuple(RekapBulan(
        bulan,
        diajukan=sum(1 for b in baris if b.sel[bulan - 1].status == "diajukan"),
        terverifikasi=sum(1 for b in baris if b.sel[bulan - 1].status == "terverifikasi"),
        terlambat=sum(1 for b in baris if b.sel[bulan - 1].status == "terlambat"),
        jumlah_unit=len(baris)) for bulan in range(1, sampai_bulan + 1))
    return PapanMonitoring(tahun.tahun, tuple(baris), rekap)


def load_tenggat_tahun(*, tahun: Tahun, zona: tzinfo, perangkat_daerah_id: int | None = None) -> TenggatTahun:
    """The year's input windows of an agency and every reopening for a single unit (two queries).

    :param tahun: the year.
    :param zona: the agency's time zone.
    :param perangkat_daerah_id: the agency (its own windows win over the kabupaten defaults);
        None = the kabupaten defaults.
    :return: the deadlines, ready for questions about any unit at any moment.
    """
    jendela = list_jendela_efektif(perangkat_daerah_id, tahun_id=tahun.id).get(tahun.id, [])
    pembukaan: dict[tuple[int, int], list[datetime]] = {}
    for triwulan, unit_id, sampai in db_session.execute(
            select(JendelaInput.triwulan, PembukaanJendela.unit_kerja_id, PembukaanJendela.sampai_dt)
            .join(JendelaInput, JendelaInput.id == PembukaanJendela.jendela_id)
            .where(JendelaInput.tahun_id == tahun.id)):
        pembukaan.setdefault((triwulan, unit_id), []).append(sampai.astimezone(zona))
    return TenggatTahun(tuple(jendela_domain(j, tahun.tahun, zona) for j in jendela),
                        {k: tuple(sorted(v)) for k, v in pembukaan.items()})
