"""Write use-cases of Realisasi Kerja and Pengecekan: monthly realisasi with notes, submission
of a unit's triwulan, and its verification or return by the Pengguna Utama.

Who may write is decided by ``domain.akses`` from the caller's role, the unit's status for the
triwulan and whether the input window is open *for that unit* (a window reopened for one unit
counts only for it). Every check happens before the first row is touched, so a refused save
writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from datetime import tzinfo
from decimal import Decimal

from sqlalchemy import exists
from sqlalchemy import select

from ..domain.akses import Fitur
from ..domain.akses import Subjek
from ..domain.akses import assert_boleh_memeriksa
from ..domain.akses import assert_boleh_mengubah_isian
from ..domain.alur import assert_triwulan_lengkap
from ..domain.alur import kekurangan_triwulan
from ..domain.alur import periksa_tanpa_realisasi
from ..domain.angka import DESIMAL_ANGGARAN
from ..domain.angka import DESIMAL_KINERJA
from ..domain.angka import periksa_realisasi
from ..domain.errors import AksesDitolak
from ..domain.errors import NilaiTidakValid
from ..domain.periode import JendelaInput as JendelaDomain
from ..domain.periode import is_jendela_terbuka
from ..domain.periode import triwulan_dari_bulan
from ..domain.periode import validate_bulan
from ..domain.status import StatusPeriode
from ..domain.status import assert_transisi
from ..extensions import db_session
from ..models import BuktiDukung
from ..models import CatatanVerifikasi
from ..models import Indikator
from ..models import JendelaInput
from ..models import NodeRencana
from ..models import PembukaanJendela
from ..models import Pengguna
from ..models import RealisasiAnggaran
from ..models import RealisasiKinerja
from ..models import StatusPeriodeUnit
from ..models import Tahun
from ..models import UnitKerja
from ..queries.realisasi import load_terisi_triwulan
from ..queries.referensi import jendela_domain
from .audit import record_audit
from .konkurensi import assert_versi
from .konkurensi import flush_or_conflict
from .notifikasi import kabari_perubahan_status
from .ringkasan import tandai_kotor

CATATAN = ("keterangan", "faktor_pendorong", "faktor_penghambat", "tindak_lanjut")
BATAS_CATATAN = 4000


@dataclass(frozen=True)
class IsianRealisasi:
    """One row of a month's realisasi form: the value (None = belum lapor) and the notes.

    ``versi`` is the row's version when the form was opened: 0 (``VERSI_BELUM_ADA``) when the
    form saw no row, so a row someone created meanwhile is a conflict; None skips the check.
    """

    nilai: Decimal | None
    keterangan: str | None = None
    faktor_pendorong: str | None = None
    faktor_penghambat: str | None = None
    tindak_lanjut: str | None = None
    versi: int | None = None
    #: Kinerja only: the unit declares nothing was realised this month (``nilai`` must be None),
    #: with the reason (``domain.alur.periksa_tanpa_realisasi``).
    tanpa_realisasi: bool = False
    alasan_tanpa_realisasi: str | None = None


def get_status_periode(*, unit_kerja_id: int, tahun_id: int, triwulan: int) -> StatusPeriodeUnit:
    """Return a unit's status row for a triwulan, creating it as *draf* on first use."""
    status = db_session.execute(
        select(StatusPeriodeUnit).filter_by(unit_kerja_id=unit_kerja_id, tahun_id=tahun_id, triwulan=triwulan)
    ).scalar_one_or_none()
    if status is None:
        status = StatusPeriodeUnit(unit_kerja_id=unit_kerja_id, tahun_id=tahun_id, triwulan=triwulan, status="draf")
        db_session.add(status)
        db_session.flush()
    return status


@dataclass(frozen=True)
class JadwalJendela:
    """A unit's input window for one triwulan: the window, and until when Utama reopened it for
    this unit. Depends on stored data only, so views may cache it; :meth:`terbuka` asks the clock."""

    jendela: JendelaDomain | None
    dibuka_untuk_unit_sampai: tuple[datetime, ...] = ()

    def terbuka(self, now: datetime) -> bool:
        """Tell whether the unit may write at ``now`` (aware)."""
        if self.jendela is None:
            return False
        if is_jendela_terbuka(self.jendela, now.astimezone(self.jendela.ditutup.tzinfo)):
            return True
        return any(sampai > now for sampai in self.dibuka_untuk_unit_sampai)


def jadwal_jendela(*, tahun: Tahun, triwulan: int, unit_kerja_id: int, zona: tzinfo) -> JadwalJendela:
    """Load a unit's window of a triwulan (two queries at most).

    :param tahun: the year.
    :param triwulan: 1..4.
    :param unit_kerja_id: the unit.
    :param zona: the agency's time zone.
    :return: the schedule.
    """
    jendela = db_session.execute(select(JendelaInput).filter_by(tahun_id=tahun.id, triwulan=triwulan)
                                 ).scalar_one_or_none()
    if jendela is None:
        return JadwalJendela(None)
    sampai = db_session.execute(select(PembukaanJendela.sampai_dt).where(
        PembukaanJendela.jendela_id == jendela.id, PembukaanJendela.unit_kerja_id == unit_kerja_id)).scalars()
    return JadwalJendela(jendela_domain(jendela, tahun.tahun, zona), tuple(sorted(sampai)))


def is_jendela_terbuka_untuk_unit(
    *, tahun: Tahun, triwulan: int, unit_kerja_id: int, now: datetime, zona: tzinfo
) -> bool:
    """Tell whether a unit may write data of a triwulan now: the window is open for everyone,
    or Utama reopened it for this unit until a moment still in the future.

    :param tahun: the year.
    :param triwulan: 1..4.
    :param unit_kerja_id: the unit.
    :param now: the current moment (aware).
    :param zona: the agency's time zone.
    :return: True when writing is allowed by the window.
    """
    return jadwal_jendela(tahun=tahun, triwulan=triwulan, unit_kerja_id=unit_kerja_id, zona=zona).terbuka(now)


def _assert_boleh_isi(*, subjek: Subjek, unit_kerja: UnitKerja, tahun: Tahun, triwulan: int, now: datetime,
                      zona: tzinfo) -> StatusPeriodeUnit:
    status = get_status_periode(unit_kerja_id=unit_kerja.id, tahun_id=tahun.id, triwulan=triwulan)
    terbuka = is_jendela_terbuka_untuk_unit(tahun=tahun, triwulan=triwulan, unit_kerja_id=unit_kerja.id, now=now,
                                            zona=zona)
    assert_boleh_mengubah_isian(subjek, Fitur.REALISASI, unit_kerja.id, status=StatusPeriode(status.status),
                                jendela_terbuka=terbuka)
    return status


def _bersihkan_catatan(isian: IsianRealisasi) -> dict[str, str | None]:
    hasil = {}
    for nama in CATATAN:
        teks = (getattr(isian, nama) or "").strip()
        if len(teks) > BATAS_CATATAN:
            raise NilaiTidakValid(f"Catatan {nama.replace('_', ' ')} paling banyak {BATAS_CATATAN} karakter.")
        hasil[nama] = teks or None
    return hasil


def _periksa_isian(isian: IsianRealisasi, desimal: int) -> dict[str, str | None]:
    if isian.nilai is not None:
        periksa_realisasi(isian.nilai, desimal)
    _tanpa_realisasi(isian)
    return _bersihkan_catatan(isian)


def _tanpa_realisasi(isian: IsianRealisasi) -> dict[str, object]:
    alasan = periksa_tanpa_realisasi(tanpa_realisasi=isian.tanpa_realisasi, nilai=isian.nilai,
                                     alasan=isian.alasan_tanpa_realisasi)
    if alasan is not None and len(alasan) > BATAS_CATATAN:
        raise NilaiTidakValid(f"Alasan tidak ada realisasi paling banyak {BATAS_CATATAN} karakter.")
    return {"tanpa_realisasi": isian.tanpa_realisasi, "alasan_tanpa_realisasi": alasan}


def _simpan_baris(model, kolom: str, induk_id: int, bulan: int, isian: IsianRealisasi, ada, oleh) -> None:
    catatan = _bersihkan_catatan(isian)
    if model is RealisasiKinerja:
        catatan = {**catatan, **_tanpa_realisasi(isian)}
    row = ada.get(induk_id)
    baru = {"nilai": isian.nilai, **catatan}
    if row is None:
        if isian.nilai is None and not any(catatan.values()):
            return  # an untouched empty row stays absent: belum lapor
        row = model(**{kolom: induk_id, "bulan": bulan, "diubah_oleh_id": oleh.id if oleh else None}, **baru)
        db_session.add(row)
        db_session.flush()
        record_audit(pengguna=oleh, aksi="isi_realisasi", objek=row, sebelum=None, sesudah=baru)
        return
    assert_versi(row, isian.versi)
    lama = {nama: getattr(row, nama) for nama in baru}
    if lama == baru:
        return
    for nama, nilai in baru.items():
        setattr(row, nama, nilai)
    row.diubah_oleh_id = oleh.id if oleh else None
    record_audit(pengguna=oleh, aksi="ubah_realisasi", objek=row, sebelum=lama, sesudah=baru)


def save_realisasi_bulan(
    *,
    subjek: Subjek,
    oleh: Pengguna | None,
    unit_kerja: UnitKerja,
    tahun: Tahun,
    bulan: int,
    kinerja: Mapping[int, IsianRealisasi],
    anggaran: Mapping[int, IsianRealisasi],
    now: datetime,
    zona: tzinfo,
) -> None:
    """Save one month of a unit's realisasi (kinerja per indicator, anggaran per sub kegiatan).

    An empty value stays *belum lapor* (NULL); 0 is stored as a real zero.

    :param subjek: the caller's roles and unit (access is decided by the domain).
    :param oleh: the caller, for the audit trail.
    :param unit_kerja: the unit whose data is saved.
    :param tahun: the year.
    :param bulan: 1..12.
    :param kinerja: indikator id -> row; every id must be an indicator of this unit and year.
    :param anggaran: sub kegiatan node id -> row; every id must be this unit's sub kegiatan.
    :param now: the current moment (aware).
    :param zona: the agency's time zone.
    :raise AksesDitolak: for another unit's data, a closed window or a submitted triwulan.
    :raise NilaiTidakValid: for a negative value or an over-long note.
    :raise KonflikData: when a row changed since the form was opened.
    """
    validate_bulan(bulan)
    _assert_boleh_isi(subjek=subjek, unit_kerja=unit_kerja, tahun=tahun, triwulan=triwulan_dari_bulan(bulan),
                      now=now, zona=zona)
    milik_indikator = set(db_session.execute(select(Indikator.id).where(
        Indikator.unit_kerja_id == unit_kerja.id, Indikator.tahun_id == tahun.id, Indikator.id.in_(list(kinerja)),
    )).scalars())
    milik_node = set(db_session.execute(select(NodeRencana.id).where(
        NodeRencana.unit_kerja_id == unit_kerja.id, NodeRencana.tahun_id == tahun.id,
        NodeRencana.level == "sub_kegiatan", NodeRencana.id.in_(list(anggaran)),
    )).scalars())
    if milik_indikator != set(kinerja) or milik_node != set(anggaran):
        # An id of another unit (or a made-up one) in the form: refuse the whole save.
        raise AksesDitolak("Formulir berisi indikator atau sub kegiatan yang bukan milik unit kerja ini.")
    for isian in kinerja.values():
        _periksa_isian(isian, DESIMAL_KINERJA)
    for isian in anggaran.values():
        _periksa_isian(isian, DESIMAL_ANGGARAN)
    ada_kinerja = {r.indikator_id: r for r in db_session.execute(select(RealisasiKinerja).where(
        RealisasiKinerja.bulan == bulan, RealisasiKinerja.indikator_id.in_(list(kinerja)))).scalars()}
    ada_anggaran = {r.node_id: r for r in db_session.execute(select(RealisasiAnggaran).where(
        RealisasiAnggaran.bulan == bulan, RealisasiAnggaran.node_id.in_(list(anggaran)))).scalars()}
    for indikator_id, isian in kinerja.items():
        _simpan_baris(RealisasiKinerja, "indikator_id", indikator_id, bulan, isian, ada_kinerja, oleh)
    for node_id, isian in anggaran.items():
        _simpan_baris(RealisasiAnggaran, "node_id", node_id, bulan, isian, ada_anggaran, oleh)
    flush_or_conflict()
    tandai_kotor(unit_kerja.perangkat_daerah_id, tahun.id)


def _ubah_status(status: StatusPeriodeUnit, baru: StatusPeriode, oleh: Pengguna | None, catatan: str | None,
                 aksi: str) -> StatusPeriodeUnit:
    lama = StatusPeriode(status.status)
    assert_transisi(lama, baru)
    status.status = baru.value
    db_session.add(CatatanVerifikasi(status_periode_id=status.id, dari_status=lama.value, ke_status=baru.value,
                                     catatan=catatan, oleh_id=oleh.id if oleh else None))
    flush_or_conflict()
    # Official figures count verified months only: a change of status changes the kabupaten aggregates.
    tandai_kotor(status.unit_kerja.perangkat_daerah_id, status.tahun_id)
    record_audit(pengguna=oleh, aksi=aksi, objek=status, sebelum={"status": lama.value},
                 sesudah={"status": baru.value}, alasan=catatan)
    # Who must act next is told in the same transaction (issue 17): Utama of a submission, the
    # unit of a return or a verification.
    kabari_perubahan_status(status, catatan)
    return status


def ajukan_triwulan(
    *, subjek: Subjek, oleh: Pengguna | None, unit_kerja: UnitKerja, tahun: Tahun, triwulan: int, now: datetime,
    zona: tzinfo, wajib_bukti: bool = False
) -> StatusPeriodeUnit:
    """Submit a unit's triwulan for checking (draf/dikembalikan → diajukan).

    Only a complete triwulan goes in: its months are over and every indicator of every month has
    a value or an explicit *tidak ada realisasi* (``domain.alur.kekurangan_triwulan``).

    :param wajib_bukti: when true (``SIPEKERJA_WAJIB_BUKTI``), every reported indicator value of
        the triwulan must have at least one bukti dukung.
    :raise AksesDitolak: outside the window, for another unit, or when already submitted.
    :raise TriwulanBelumLengkap: (a NilaiTidakValid) listing the months not over yet and the
        empty entries.
    :raise NilaiTidakValid: when evidence is required and missing.
    :raise TransisiTidakValid: when the status does not allow submission.
    """
    status = _assert_boleh_isi(subjek=subjek, unit_kerja=unit_kerja, tahun=tahun, triwulan=triwulan, now=now,
                               zona=zona)
    indikator, terisi = load_terisi_triwulan(unit_kerja_id=unit_kerja.id, tahun_id=tahun.id, triwulan=triwulan)
    assert_triwulan_lengkap(kekurangan_triwulan(tahun=tahun.tahun, triwulan=triwulan, now=now.astimezone(zona),
                                                indikator=indikator, terisi=terisi))
    if wajib_bukti:
        bulan = [b for b in range(1, 13) if triwulan_dari_bulan(b) == triwulan]
        tanpa_bukti = db_session.execute(
            select(Indikator.uraian, RealisasiKinerja.bulan)
            .join(RealisasiKinerja, RealisasiKinerja.indikator_id == Indikator.id)
            .where(Indikator.unit_kerja_id == unit_kerja.id, Indikator.tahun_id == tahun.id,
                   RealisasiKinerja.bulan.in_(bulan), RealisasiKinerja.nilai.is_not(None),
                   ~exists().where(BuktiDukung.indikator_id == Indikator.id,
                                   BuktiDukung.bulan == RealisasiKinerja.bulan, BuktiDukung.dihapus_dt.is_(None)))
            .limit(3)
        ).all()
        if tanpa_bukti:
            contoh = "; ".join(f"{uraian} (bulan {b})" for uraian, b in tanpa_bukti)
            raise NilaiTidakValid(f"Realisasi berikut belum memiliki bukti dukung: {contoh}.")
    return _ubah_status(status, StatusPeriode.DIAJUKAN, oleh, None, "ajukan_triwulan")


def verifikasi_triwulan(*, subjek: Subjek, oleh: Pengguna | None, status: StatusPeriodeUnit,
                        catatan: str | None = None) -> StatusPeriodeUnit:
    """Mark a submitted triwulan as verified (Pengguna Utama only).

    :raise AksesDitolak: for anyone but Utama.
    :raise TransisiTidakValid: unless the triwulan is diajukan.
    """
    assert_boleh_memeriksa(subjek)
    catatan = (catatan or "").strip()
    if len(catatan) > BATAS_CATATAN:
        raise NilaiTidakValid(f"Catatan verifikasi paling banyak {BATAS_CATATAN} karakter.")
    return _ubah_status(status, StatusPeriode.TERVERIFIKASI, oleh, catatan or None, "verifikasi_triwulan")


def kembalikan_triwulan(*, subjek: Subjek, oleh: Pengguna | None, status: StatusPeriodeUnit,
                        catatan: str) -> StatusPeriodeUnit:
    """Return a submitted (or verified) triwulan to the unit with a required note.

    :raise AksesDitolak: for anyone but Utama.
    :raise NilaiTidakValid: without a note.
    :raise TransisiTidakValid: from draf or dikembalikan.
    """
    assert_boleh_memeriksa(subjek)
    catatan = (catatan or "").strip()
    if not catatan:
        raise NilaiTidakValid("Catatan pengembalian wajib diisi agar unit kerja tahu apa yang harus diperbaiki.")
    if len(catatan) > BATAS_CATATAN:
        raise NilaiTidakValid(f"Catatan pengembalian paling banyak {BATAS_CATATAN} karakter.")
    return _ubah_status(status, StatusPeriode.DIKEMBALIKAN, oleh, catatan, "kembalikan_triwulan")
