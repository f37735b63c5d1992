"""Reads of the evaluation meetings (issue 16, item 7): the meetings of an agency-year, one meeting
with its findings, decisions and the open decisions carried from earlier triwulans, the open
decisions of the to-do home, the findings proposed from a triwulan's measurement, and the printed
report's values. A bounded number of statements whatever the size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import tzinfo

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import tuple_

from ..domain.alur import format_batas
from ..domain.pengukuran import hitung_pengukuran
from ..domain.periode import Periode
from ..domain.tindak_lanjut import LABEL_JENIS
from ..domain.tindak_lanjut import LABEL_STATUS
from ..domain.tindak_lanjut import BarisKeputusan
from ..domain.tindak_lanjut import BarisTemuan
from ..domain.tindak_lanjut import HasilRendah
from ..domain.tindak_lanjut import JenisKeputusan
from ..domain.tindak_lanjut import LaporanTindakLanjut
from ..domain.tindak_lanjut import StatusTindakLanjut
from ..domain.tindak_lanjut import TemuanUsulan
from ..domain.tindak_lanjut import daftar_peserta
from ..domain.tindak_lanjut import label_asal
from ..domain.tindak_lanjut import unit_terlambat
from ..domain.tindak_lanjut import usulkan_temuan
from ..extensions import db_session
from ..models import Indikator
from ..models import KeputusanRapat
from ..models import PerangkatDaerah
from ..models import RapatEvaluasi
from ..models import StatusPeriodeUnit
from ..models import Tahun
from ..models import TemuanRapat
from ..models import UnitKerja
from .monitoring import load_tenggat_tahun
from .pengukuran import load_skala_aktif
from .rencana import load_rencana

_SELESAI = StatusTindakLanjut.SELESAI.value


@dataclass(frozen=True)
class RingkasRapat:
    """A meeting in the list of an agency-year, with its counts."""

    id: int
    triwulan: int
    tanggal: date
    tempat: str
    pimpinan_rapat: str
    ada_notulen: bool
    jumlah_temuan: int
    jumlah_keputusan: int
    jumlah_terbuka: int


@dataclass(frozen=True)
class TemuanData:
    """A finding as shown."""

    id: int
    unit_kerja_id: int | None
    unit_nama: str | None
    indikator_id: int | None
    indikator_uraian: str | None
    uraian: str
    sumber: str
    versi: int


@dataclass(frozen=True)
class KeputusanData:
    """A decision as shown, with the meeting it was taken at."""

    id: int
    rapat_id: int
    tahun: int
    triwulan: int
    temuan_id: int | None
    jenis: JenisKeputusan
    uraian: str
    unit_kerja_id: int
    unit_nama: str
    penanggung_jawab: str | None
    batas_waktu: date
    status: StatusTindakLanjut
    catatan_status: str | None
    status_diubah_dt: datetime | None
    versi: int

    @property
    def label_jenis(self) -> str:
        """The kind, in words."""
        return LABEL_JENIS[self.jenis]

    @property
    def label_status(self) -> str:
        """The state, in words."""
        return LABEL_STATUS[self.status]

    @property
    def asal(self) -> str:
        """Where it was decided: ``TW I 2024``."""
        return label_asal(self.tahun, self.triwulan)


@dataclass(frozen=True)
class IsiRapat:
    """One meeting's findings and decisions, and the open decisions of earlier triwulans."""

    temuan: tuple[TemuanData, ...]
    keputusan: tuple[KeputusanData, ...]
    bawaan: tuple[KeputusanData, ...]


# --- single objects ----------------------------------------------------------------------------


def get_rapat(rapat_id: int) -> RapatEvaluasi | None:
    """A meeting by id."""
    return db_session.get(RapatEvaluasi, rapat_id)


def get_temuan(temuan_id: int) -> TemuanRapat | None:
    """A finding by id."""
    return db_session.get(TemuanRapat, temuan_id)


def get_keputusan(keputusan_id: int) -> KeputusanRapat | None:
    """A decision by id."""
    return db_session.get(KeputusanRapat, keputusan_id)


def get_unit(unit_id: int) -> UnitKerja | None:
    """A unit by id (of any agency: the service checks it)."""
    return db_session.get(UnitKerja, unit_id)


def get_indikator(indikator_id: int) -> Indikator | None:
    """A plan indicator by id (of any agency: the service checks it)."""
    return db_session.get(Indikator, indikator_id)


def get_tahun_angka(tahun: int) -> Tahun | None:
    """The year row of a year number, or None when Referensi has no such year."""
    return db_session.execute(select(Tahun).where(Tahun.tahun == tahun)).scalar_one_or_none()


def angka_tahun(tahun_id: int) -> int:
    """The year number of a year row."""
    return db_session.execute(select(Tahun.tahun).where(Tahun.id == tahun_id)).scalar_one()


# --- lists -------------------------------------------------------------------------------------


def list_rapat(*, perangkat_daerah_id: int, tahun_id: int) -> list[RingkasRapat]:
    """The meetings of an agency-year by triwulan, with their counts (one statement).

    :param perangkat_daerah_id: the agency.
    :param tahun_id: the year.
    """
    temuan = (select(func.count(TemuanRapat.id)).where(TemuanRapat.rapat_id == RapatEvaluasi.id)
              .correlate(RapatEvaluasi).scalar_subquery())
    keputusan = (select(func.count(KeputusanRapat.id)).where(KeputusanRapat.rapat_id == RapatEvaluasi.id)
                 .correlate(RapatEvaluasi).scalar_subquery())
    terbuka = (select(func.count(KeputusanRapat.id)).where(KeputusanRapat.rapat_id == RapatEvaluasi.id,
                                                           KeputusanRapat.status != _SELESAI)
               .correlate(RapatEvaluasi).scalar_subquery())
    baris = db_session.execute(
        select(RapatEvaluasi.id, RapatEvaluasi.triwulan, RapatEvaluasi.tanggal, RapatEvaluasi.tempat,
               RapatEvaluasi.pimpinan_rapat, RapatEvaluasi.notulen_sha256.is_not(None), temuan, keputusan, terbuka)
        .where(RapatEvaluasi.perangkat_daerah_id == perangkat_daerah_id, RapatEvaluasi.tahun_id == tahun_id)
        .order_by(RapatEvaluasi.triwulan)).all()
    return [RingkasRapat(*b) for b in baris]


def _pilih_keputusan():
    return (select(KeputusanRapat.id, KeputusanRapat.rapat_id, Tahun.tahun, RapatEvaluasi.triwulan,
                   KeputusanRapat.temuan_id, KeputusanRapat.jenis, KeputusanRapat.uraian, KeputusanRapat.unit_kerja_id,
                   UnitKerja.nama, KeputusanRapat.penanggung_jawab, KeputusanRapat.batas_waktu, KeputusanRapat.status,
                   KeputusanRapat.catatan_status, KeputusanRapat.status_diubah_dt, KeputusanRapat.version)
            .join(RapatEvaluasi, RapatEvaluasi.id == KeputusanRapat.rapat_id)
            .join(Tahun, Tahun.id == RapatEvaluasi.tahun_id)
            .join(UnitKerja, UnitKerja.id == KeputusanRapat.unit_kerja_id))


def _ke_data(b) -> KeputusanData:
    return KeputusanData(id=b[0], rapat_id=b[1], tahun=b[2], triwulan=b[3], temuan_id=b[4],
                         jenis=JenisKeputusan(b[5]), uraian=b[6], unit_kerja_id=b[7], unit_nama=b[8],
                         penanggung_jawab=b[9], batas_waktu=b[10], status=StatusTindakLanjut(b[11]),
                         catatan_status=b[12], status_diubah_dt=b[13], versi=b[14])


def load_rapat(rapat: RapatEvaluasi) -> IsiRapat:
    """One meeting's findings and decisions, and the decisions of the agency's earlier meetings
    (earlier triwulans, earlier years) not yet *selesai* (three statements).

    :param rapat: the meeting.
    """
    tahun = angka_tahun(rapat.tahun_id)
    temuan = db_session.execute(
        select(TemuanRapat.id, TemuanRapat.unit_kerja_id, UnitKerja.nama, TemuanRapat.indikator_id,
               Indikator.uraian, TemuanRapat.uraian, TemuanRapat.sumber, TemuanRapat.version)
        .outerjoin(UnitKerja, UnitKerja.id == TemuanRapat.unit_kerja_id)
        .outerjoin(Indikator, Indikator.id == TemuanRapat.indikator_id)
        .where(TemuanRapat.rapat_id == rapat.id)
        .order_by(TemuanRapat.urutan, TemuanRapat.id)).all()
    keputusan = db_session.execute(_pilih_keputusan().where(KeputusanRapat.rapat_id == rapat.id)
                                   .order_by(KeputusanRapat.id)).all()
    bawaan = db_session.execute(
        _pilih_keputusan().where(RapatEvaluasi.perangkat_daerah_id == rapat.perangkat_daerah_id,
                                 tuple_(Tahun.tahun, RapatEvaluasi.triwulan) < tuple_(tahun, rapat.triwulan),
                                 KeputusanRapat.status != _SELESAI)
        .order_by(Tahun.tahun, RapatEvaluasi.triwulan, KeputusanRapat.batas_waktu, KeputusanRapat.id)).all()
    return IsiRapat(temuan=tuple(TemuanData(*t) for t in temuan), keputusan=tuple(_ke_data(k) for k in keputusan),
                    bawaan=tuple(_ke_data(k) for k in bawaan))


def list_keputusan_terbuka(*, perangkat_daerah_id: int, unit_kerja_id: int | None = None,
                           batas: int = 20) -> tuple[list[KeputusanData], int]:
    """Decisions of an agency (or assigned to one unit) not yet *selesai*, earliest due first, for
    the to-do home (one statement, at most ``batas`` rows).

    :param perangkat_daerah_id: the agency.
    :param unit_kerja_id: one unit only (a Bidang's own).
    :param batas: how many to return.
    :return: the first ``batas`` decisions and how many there are in all.
    """
    syarat = [RapatEvaluasi.perangkat_daerah_id == perangkat_daerah_id, KeputusanRapat.status != _SELESAI]
    if unit_kerja_id is not None:
        syarat.append(KeputusanRapat.unit_kerja_id == unit_kerja_id)
    # The total rides along as a window count: one statement however many there are.
    baris = db_session.execute(_pilih_keputusan().add_columns(func.count().over()).where(*syarat)
                               .order_by(KeputusanRapat.batas_waktu, KeputusanRapat.id).limit(batas)).all()
    jumlah = baris[0][-1] if baris else 0
    return [_ke_data(b) for b in baris], jumlah


def list_opsi_unit(perangkat_daerah_id: int) -> list[tuple[int, str]]:
    """(id, name) of the agency's active units, for the forms (one statement)."""
    return [tuple(r) for r in db_session.execute(
        select(UnitKerja.id, UnitKerja.nama).where(UnitKerja.perangkat_daerah_id == perangkat_daerah_id,
                                                   UnitKerja.aktif.is_(True))
        .order_by(UnitKerja.urutan, UnitKerja.nama))]


def list_opsi_indikator(*, perangkat_daerah_id: int, tahun_id: int) -> list[tuple[int, str]]:
    """(id, label) of the agency-year's plan indicators, for the finding form (one statement)."""
    return [(i, f"{nama or 'IKU'} \u2013 {uraian}") for i, uraian, nama in db_session.execute(
        select(Indikator.id, Indikator.uraian, UnitKerja.nama)
        .outerjoin(UnitKerja, UnitKerja.id == Indikator.unit_kerja_id)
        .where(Indikator.perangkat_daerah_id == perangkat_daerah_id, Indikator.tahun_id == tahun_id)
        .order_by(UnitKerja.urutan.is_not(None), UnitKerja.urutan, Indikator.urutan, Indikator.id))]


def urutan_berikut(rapat_id: int) -> int:
    """The display order of the next finding of a meeting."""
    return (db_session.execute(select(func.max(TemuanRapat.urutan)).where(TemuanRapat.rapat_id == rapat_id))
            .scalar_one() or 0) + 1


# --- findings proposed from the measurement ----------------------------------------------------


def usulan_temuan(*, perangkat_daerah_id: int, tahun: Tahun, triwulan: int, now: datetime,
                  zona: tzinfo) -> list[TemuanUsulan]:
    """The findings proposed for a triwulan's meeting: indicators whose predikat to date is in the
    lowest bands of the active scale (``domain.pengukuran`` on ``load_rencana``), and units late
    with the triwulan's realisasi at ``now`` (their own deadline passed, not verified).

    :param perangkat_daerah_id: the agency.
    :param tahun: the year.
    :param triwulan: 1..4.
    :param now: the moment of the proposal (aware).
    :param zona: the agency's time zone.
    """
    data = load_rencana(perangkat_daerah_id=perangkat_daerah_id, tahun_id=tahun.id)
    skala = load_skala_aktif(perangkat_daerah_id)
    ukur = hitung_pengukuran(data, Periode.triwulanan(triwulan), skala)
    hasil = [HasilRendah(indikator_id=i.id, unit_kerja_id=i.unit_kerja_id, uraian=i.uraian,
                         capaian=ukur.per_indikator[i.id].capaian_sd, predikat=ukur.per_indikator[i.id].predikat_sd,
                         belum_diverifikasi=ukur.per_indikator[i.id].belum_diverifikasi)
             for i in data.indikator if i.id in ukur.per_indikator]
    tenggat = load_tenggat_tahun(tahun=tahun, zona=zona, perangkat_daerah_id=perangkat_daerah_id)
    unit = list_opsi_unit(perangkat_daerah_id)
    status = dict(db_session.execute(
        select(StatusPeriodeUnit.unit_kerja_id, StatusPeriodeUnit.status)
        .where(StatusPeriodeUnit.tahun_id == tahun.id, StatusPeriodeUnit.triwulan == triwulan,
               StatusPeriodeUnit.unit_kerja_id.in_([u for u, _ in unit]))).all())
    terlambat = unit_terlambat(unit=unit, status=status, batas={u: tenggat.batas(triwulan, u) for u, _ in unit},
                               now=now)
    return usulkan_temuan(triwulan=triwulan, hasil=hasil, skala=skala, terlambat=terlambat, format_batas=format_batas)


# --- the printed report ------------------------------------------------------------------------


def _baris(k: KeputusanData) -> BarisKeputusan:
    return BarisKeputusan(asal=k.asal, jenis=k.label_jenis, uraian=k.uraian, unit=k.unit_nama,
                          penanggung_jawab=k.penanggung_jawab or "", batas_waktu=k.batas_waktu,
                          status=k.label_status, catatan=k.catatan_status or "")


def laporan_rapat(rapat: RapatEvaluasi, isi: IsiRapat) -> LaporanTindakLanjut:
    """The report's values of one meeting (one statement beyond :func:`load_rapat`).

    :param rapat: the meeting.
    :param isi: its contents (:func:`load_rapat`).
    """
    nama_pd, tahun = db_session.execute(
        select(PerangkatDaerah.nama, Tahun.tahun).join(Tahun, Tahun.id == rapat.tahun_id)
        .where(PerangkatDaerah.id == rapat.perangkat_daerah_id)).one()
    return LaporanTindakLanjut(
        perangkat_daerah=nama_pd, tahun=tahun, triwulan=rapat.triwulan, tanggal=rapat.tanggal, tempat=rapat.tempat,
        pimpinan_rapat=rapat.pimpinan_rapat, peserta=daftar_peserta(rapat.peserta), notulen=rapat.notulen_nama,
        temuan=tuple(BarisTemuan(unit=t.unit_nama or "Seluruh perangkat daerah", indikator=t.indikator_uraian or "",
                                 uraian=t.uraian) for t in isi.temuan),
        keputusan=tuple(_baris(k) for k in isi.keputusan), bawaan=tuple(_baris(k) for k in isi.bawaan))
