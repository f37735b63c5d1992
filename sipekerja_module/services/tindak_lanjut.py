"""Write use-cases of the evaluation meetings (issue 16, item 7): the meeting of a triwulan with
the findings proposed from its measurement, findings and decisions (Pengguna Utama), the
follow-up status of a decision (its unit, or the Pengguna Utama), and the minutes (notulen) stored
like bukti dukung. Rules come from ``domain.tindak_lanjut``; every write is audited; nothing is
committed here.

A minutes file is written before its row is committed; when the transaction does not commit, the
file is removed again unless a committed meeting uses the same content (:data:`PENDENGAR`).
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import tzinfo

from flask import current_app
from sqlalchemy import exists
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.akses import Subjek
from ..domain.berkas import periksa_bukti
from ..domain.errors import NilaiTidakValid
from ..domain.periode import validate_triwulan
from ..domain.tindak_lanjut import MIME_NOTULEN
from ..domain.tindak_lanjut import StatusTindakLanjut
from ..domain.tindak_lanjut import SumberTemuan
from ..domain.tindak_lanjut import assert_boleh_mengelola_rapat
from ..domain.tindak_lanjut import assert_boleh_ubah_status
from ..domain.tindak_lanjut import parse_jenis
from ..domain.tindak_lanjut import parse_status
from ..domain.tindak_lanjut import periksa_batas_waktu
from ..domain.tindak_lanjut import periksa_tanggal_rapat
from ..domain.tindak_lanjut import teks_opsional
from ..domain.tindak_lanjut import teks_wajib
from ..extensions import db_session
from ..models import BuktiDukung
from ..models import Indikator
from ..models import KeputusanRapat
from ..models import Pengguna
from ..models import PerangkatDaerah
from ..models import RapatEvaluasi
from ..models import TemuanRapat
from ..models import UnitKerja
from ..queries import tindak_lanjut as q
from .audit import record_audit
from .audit import snapshot
from .bukti import hapus_yatim
from .bukti import simpan_ke_penyimpanan
from .konkurensi import assert_versi
from .konkurensi import flush_or_conflict
from .pemeriksa_berkas import batas_berkas
from .pemeriksa_berkas import periksa_struktur

_FIELDS_RAPAT = ("tanggal", "tempat", "pimpinan_rapat", "peserta", "notulen_sha256", "notulen_nama")
_FIELDS_TEMUAN = ("unit_kerja_id", "indikator_id", "uraian", "sumber")
_FIELDS_KEPUTUSAN = ("temuan_id", "jenis", "uraian", "unit_kerja_id", "penanggung_jawab", "batas_waktu", "status",
                     "catatan_status")
_NOTULEN_BARU = "sipekerja_notulen_baru"


def save_rapat(
    *, subjek: Subjek, perangkat_daerah: PerangkatDaerah, tahun: int | None, triwulan: int | None,
    tanggal: date | None, tempat: str, pimpinan_rapat: str, peserta: str | None, now: datetime, zona: tzinfo,
    rapat: RapatEvaluasi | None = None, versi: int | None = None, oleh: Pengguna | None,
) -> RapatEvaluasi:
    """Record the evaluation meeting of a triwulan, or change ``rapat`` when given. A new record gets
    the findings proposed from the triwulan's measurement (``queries.tindak_lanjut.usulan_temuan``).

    :param subjek: who acts (the Pengguna Utama).
    :param perangkat_daerah: the agency.
    :param tahun: the year number (a new record only; it must exist in Referensi).
    :param triwulan: 1..4 (a new record only).
    :param tanggal: the date of the meeting (in the year or the next).
    :param tempat: where it was held.
    :param pimpinan_rapat: who led it.
    :param peserta: the participants, one per line.
    :param now: the current moment (late units are those whose deadline passed before it).
    :param zona: the agency's time zone.
    :param rapat: the meeting to change; None records a new one.
    :param versi: version the edit form was opened with.
    :param oleh: who acts, for the audit trail.
    :return: the meeting.
    :raise AksesDitolak: for anyone but the Pengguna Utama.
    :raise NilaiTidakValid: a year not in Referensi, a bad triwulan or date, empty texts, a second
        meeting for the same triwulan.
    :raise KonflikData: when someone changed the meeting meanwhile, or recorded it first.
    """
    assert_boleh_mengelola_rapat(subjek)
    if rapat is not None:
        assert_versi(rapat, versi)
        angka = q.angka_tahun(rapat.tahun_id)
        tahun_row = None
    else:
        tahun_row = q.get_tahun_angka(tahun) if tahun is not None else None
        if tahun_row is None:
            raise NilaiTidakValid(f"Tahun {tahun or '(kosong)'} belum ada di Referensi: rapat evaluasi hanya dapat "
                                  "dicatat untuk tahun yang ada.")
        validate_triwulan(triwulan if triwulan is not None else 0)
        angka = tahun_row.tahun
        ada = db_session.execute(select(RapatEvaluasi.id).filter_by(
            perangkat_daerah_id=perangkat_daerah.id, tahun_id=tahun_row.id, triwulan=triwulan)).first()
        if ada is not None:
            raise NilaiTidakValid(f"Rapat evaluasi triwulan {triwulan} tahun {angka} sudah dicatat.")
    tanggal = periksa_tanggal_rapat(tanggal, angka)
    tempat = teks_wajib(tempat, "Tempat rapat", 255)
    pimpinan_rapat = teks_wajib(pimpinan_rapat, "Pimpinan rapat", 255)
    peserta = teks_opsional(peserta, "Peserta rapat", 5000) or ""
    if rapat is not None and tanggal > rapat.tanggal:
        terlalu_awal = db_session.execute(select(KeputusanRapat.id).where(
            KeputusanRapat.rapat_id == rapat.id, KeputusanRapat.batas_waktu < tanggal)).first()
        if terlalu_awal is not None:
            raise NilaiTidakValid("Ada keputusan rapat ini yang batas waktunya sebelum tanggal rapat yang baru. "
                                  "Ubah batas waktu keputusan tersebut terlebih dahulu.")
    sebelum = snapshot(rapat, _FIELDS_RAPAT) if rapat else None
    if rapat is None:
        rapat = RapatEvaluasi(perangkat_daerah_id=perangkat_daerah.id, tahun_id=tahun_row.id, triwulan=triwulan)
        db_session.add(rapat)
    rapat.tanggal, rapat.tempat, rapat.pimpinan_rapat, rapat.peserta = tanggal, tempat, pimpinan_rapat, peserta
    flush_or_conflict()
    if sebelum is None:
        usulan = q.usulan_temuan(perangkat_daerah_id=perangkat_daerah.id, tahun=tahun_row, triwulan=triwulan,
                                 now=now, zona=zona)
        db_session.add_all(TemuanRapat(rapat_id=rapat.id, unit_kerja_id=u.unit_kerja_id, indikator_id=u.indikator_id,
                                       uraian=u.uraian[:2000], sumber=u.sumber.value, urutan=n)
                           for n, u in enumerate(usulan, start=1))
        flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_rapat_evaluasi" if sebelum else "tambah_rapat_evaluasi", objek=rapat,
                 sebelum=sebelum, sesudah=snapshot(rapat, _FIELDS_RAPAT))
    return rapat


def simpan_notulen(*, subjek: Subjek, rapat: RapatEvaluasi, nama_asli: str, data: bytes,
                   oleh: Pengguna | None) -> RapatEvaluasi:
    """Attach the minutes of a meeting (replacing earlier ones), checked like bukti dukung: type by
    content, size, active content, archive and image limits; PDF, DOCX, JPEG or PNG only.

    :param subjek: who acts (the Pengguna Utama).
    :param rapat: the meeting.
    :param nama_asli: the uploader's file name (display only).
    :param data: the bytes.
    :param oleh: who acts, for the audit trail.
    :return: the meeting.
    :raise AksesDitolak: for anyone but the Pengguna Utama.
    :raise NilaiTidakValid: a refused file, with the reason.
    """
    assert_boleh_mengelola_rapat(subjek)
    batas = batas_berkas()
    nama, jenis = periksa_bukti(nama_asli, data, current_app.config["SIPEKERJA_MAX_UPLOAD_BYTES"], batas)
    if jenis.mime not in MIME_NOTULEN:
        raise NilaiTidakValid(f"Berkas ditolak: notulen berupa PDF, DOCX, JPEG, atau PNG, bukan {jenis.label}.")
    periksa_struktur(data, jenis, batas)
    sebelum = snapshot(rapat, _FIELDS_RAPAT)
    sha = simpan_ke_penyimpanan(data, _NOTULEN_BARU)
    rapat.notulen_sha256, rapat.notulen_nama = sha, nama
    rapat.notulen_mime, rapat.notulen_ukuran = jenis.mime, len(data)
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="unggah_notulen", objek=rapat, sebelum=sebelum,
                 sesudah=snapshot(rapat, _FIELDS_RAPAT))
    return rapat


def _unit_milik(rapat: RapatEvaluasi, unit: UnitKerja | None, wajib: bool) -> UnitKerja | None:
    if unit is None:
        if wajib:
            raise NilaiTidakValid("Unit kerja yang menindaklanjuti wajib dipilih.")
        return None
    if unit.perangkat_daerah_id != rapat.perangkat_daerah_id:
        raise NilaiTidakValid(f"Unit kerja {unit.nama} bukan unit pada perangkat daerah rapat ini.")
    return unit


def save_temuan(*, subjek: Subjek, rapat: RapatEvaluasi, unit: UnitKerja | None, indikator: Indikator | None,
                uraian: str, temuan: TemuanRapat | None = None, versi: int | None = None,
                oleh: Pengguna | None) -> TemuanRapat:
    """Add a finding to a meeting, or change ``temuan``.

    :param subjek: who acts (the Pengguna Utama).
    :param rapat: the meeting.
    :param unit: the unit it is about, of the meeting's agency; None for the whole agency.
    :param indikator: the plan indicator it is about, of the meeting's agency and year; or None.
    :param uraian: the finding.
    :param temuan: the finding to change; None adds one.
    :param versi: version the edit form was opened with.
    :param oleh: who acts, for the audit trail.
    :return: the finding.
    :raise AksesDitolak: for anyone but the Pengguna Utama.
    :raise NilaiTidakValid: empty text, a unit or indicator of another agency or year.
    :raise KonflikData: when someone changed the finding meanwhile.
    """
    assert_boleh_mengelola_rapat(subjek)
    if temuan is not None:
        assert_versi(temuan, versi)
    _unit_milik(rapat, unit, wajib=False)
    if indikator is not None and (indikator.perangkat_daerah_id, indikator.tahun_id) != (
            rapat.perangkat_daerah_id, rapat.tahun_id):
        raise NilaiTidakValid("Indikator temuan harus indikator perangkat daerah dan tahun rapat ini.")
    if indikator is not None and unit is not None and indikator.unit_kerja_id not in (None, unit.id):
        raise NilaiTidakValid("Indikator temuan bukan milik unit kerja yang dipilih.")
    uraian = teks_wajib(uraian, "Uraian temuan", 2000)
    sebelum = snapshot(temuan, _FIELDS_TEMUAN) if temuan else None
    if temuan is None:
        temuan = TemuanRapat(rapat_id=rapat.id, sumber=SumberTemuan.MANUAL.value, urutan=q.urutan_berikut(rapat.id))
        db_session.add(temuan)
    temuan.unit_kerja_id = unit.id if unit else (indikator.unit_kerja_id if indikator else None)
    temuan.indikator_id = indikator.id if indikator else None
    temuan.uraian = uraian
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_temuan_rapat" if sebelum else "tambah_temuan_rapat", objek=temuan,
                 sebelum=sebelum, sesudah=snapshot(temuan, _FIELDS_TEMUAN))
    return temuan


def hapus_temuan(*, subjek: Subjek, temuan: TemuanRapat, oleh: Pengguna | None) -> None:
    """Remove a finding (proposed or typed); decisions that answered it stay, unlinked.

    :raise AksesDitolak: for anyone but the Pengguna Utama.
    """
    assert_boleh_mengelola_rapat(subjek)
    sebelum = snapshot(temuan, _FIELDS_TEMUAN)
    for keputusan in db_session.execute(select(KeputusanRapat).filter_by(temuan_id=temuan.id)).scalars():
        keputusan.temuan_id = None
    db_session.delete(temuan)
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="hapus_temuan_rapat", objek=temuan, sebelum=sebelum, sesudah=None)


def save_keputusan(
    *, subjek: Subjek, rapat: RapatEvaluasi, jenis: str, uraian: str, unit: UnitKerja | None,
    penanggung_jawab: str | None, batas_waktu: date | None, temuan: TemuanRapat | None = None,
    keputusan: KeputusanRapat | None = None, versi: int | None = None, oleh: Pengguna | None,
) -> KeputusanRapat:
    """Add a decision to a meeting, or change ``keputusan`` (its status stays the unit's to report).

    :param subjek: who acts (the Pengguna Utama).
    :param rapat: the meeting.
    :param jenis: ``domain.tindak_lanjut.JenisKeputusan`` value.
    :param uraian: the decision.
    :param unit: the unit that follows it up, of the meeting's agency.
    :param penanggung_jawab: a person, optional.
    :param batas_waktu: the due date, not before the meeting.
    :param temuan: the finding it answers (of the same meeting), or None.
    :param keputusan: the decision to change; None adds one.
    :param versi: version the edit form was opened with.
    :param oleh: who acts, for the audit trail.
    :return: the decision.
    :raise AksesDitolak: for anyone but the Pengguna Utama.
    :raise NilaiTidakValid: unknown kind, empty text, a unit of another agency, a due date before the
        meeting, a finding of another meeting.
    :raise KonflikData: when someone changed the decision meanwhile.
    """
    assert_boleh_mengelola_rapat(subjek)
    if keputusan is not None:
        assert_versi(keputusan, versi)
    jenis_ = parse_jenis(jenis)
    uraian = teks_wajib(uraian, "Uraian keputusan", 2000)
    unit = _unit_milik(rapat, unit, wajib=True)
    penanggung_jawab = teks_opsional(penanggung_jawab, "Penanggung jawab", 255)
    batas_waktu = periksa_batas_waktu(batas_waktu, rapat.tanggal)
    if temuan is not None and temuan.rapat_id != rapat.id:
        raise NilaiTidakValid("Temuan yang dijawab harus temuan rapat ini.")
    sebelum = snapshot(keputusan, _FIELDS_KEPUTUSAN) if keputusan else None
    if keputusan is None:
        keputusan = KeputusanRapat(rapat_id=rapat.id, status=StatusTindakLanjut.BELUM.value)
        db_session.add(keputusan)
    keputusan.jenis, keputusan.uraian, keputusan.unit_kerja_id = jenis_.value, uraian, unit.id
    keputusan.penanggung_jawab, keputusan.batas_waktu = penanggung_jawab, batas_waktu
    keputusan.temuan_id = temuan.id if temuan else None
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_keputusan_rapat" if sebelum else "tambah_keputusan_rapat",
                 objek=keputusan, sebelum=sebelum, sesudah=snapshot(keputusan, _FIELDS_KEPUTUSAN))
    return keputusan


def hapus_keputusan(*, subjek: Subjek, keputusan: KeputusanRapat, oleh: Pengguna | None) -> None:
    """Remove a decision.

    :raise AksesDitolak: for anyone but the Pengguna Utama.
    """
    assert_boleh_mengelola_rapat(subjek)
    sebelum = snapshot(keputusan, _FIELDS_KEPUTUSAN)
    db_session.delete(keputusan)
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="hapus_keputusan_rapat", objek=keputusan, sebelum=sebelum, sesudah=None)


def ubah_status_keputusan(*, subjek: Subjek, keputusan: KeputusanRapat, status: str, catatan: str | None,
                          versi: int | None, now: datetime, oleh: Pengguna | None) -> KeputusanRapat:
    """Report the follow-up of a decision: its state and a note.

    :param subjek: the unit the decision is assigned to, or the Pengguna Utama.
    :param keputusan: the decision.
    :param status: ``domain.tindak_lanjut.StatusTindakLanjut`` value.
    :param catatan: what was done (required for *selesai*).
    :param versi: version the form was opened with.
    :param now: the current moment.
    :param oleh: who acts, for the audit trail.
    :return: the decision.
    :raise AksesDitolak: Pimpinan, or a Bidang of another unit.
    :raise NilaiTidakValid: unknown state, a note too long, *selesai* without a note.
    :raise KonflikData: when someone changed the decision meanwhile.
    """
    assert_boleh_ubah_status(subjek, keputusan.unit_kerja_id)
    assert_versi(keputusan, versi)
    status_ = parse_status(status)
    catatan = teks_opsional(catatan, "Catatan tindak lanjut", 2000)
    if status_ is StatusTindakLanjut.SELESAI and not catatan:
        raise NilaiTidakValid("Catatan tindak lanjut wajib diisi bila status Selesai: tuliskan apa yang sudah "
                              "dilakukan.")
    sebelum = snapshot(keputusan, _FIELDS_KEPUTUSAN)
    keputusan.status, keputusan.catatan_status, keputusan.status_diubah_dt = status_.value, catatan, now
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="ubah_status_tindak_lanjut", objek=keputusan, sebelum=sebelum,
                 sesudah=snapshot(keputusan, _FIELDS_KEPUTUSAN))
    return keputusan


# --- orphan minutes files ----------------------------------------------------------------------


def _lupakan_notulen_baru(session: Session) -> None:
    session.info.pop(_NOTULEN_BARU, None)


def _hapus_notulen_yatim(session: Session, transaction) -> None:
    if transaction.parent is not None:  # a savepoint or a flush; the outer transaction decides
        return
    baru = session.info.pop(_NOTULEN_BARU, None)
    if not baru:
        return
    with session.get_bind().connect() as conn:
        for sha, toko in baru:
            # The same store holds bukti dukung: keep a file any committed row uses.
            dipakai = conn.execute(select(exists().where(RapatEvaluasi.notulen_sha256 == sha))).scalar() or \
                conn.execute(select(exists().where(BuktiDukung.sha256 == sha))).scalar()
            if not dipakai:
                hapus_yatim(toko, sha)


#: Session events of this module (``commit_hooks.PENDENGAR_COMMIT``).
PENDENGAR = (("after_commit", _lupakan_notulen_baru), ("after_transaction_end", _hapus_notulen_yatim))
