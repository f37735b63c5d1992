"""Write use-cases of reopen requests (issue 17): a unit asks, the Pengguna Utama approves (the
unit's window reopens through ``services.referensi.buka_jendela_untuk_unit``, for that unit
only) or refuses. Every step is audited and announced by notification in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from datetime import tzinfo

from sqlalchemy import select

from ..domain.akses import Subjek
from ..domain.akses import assert_boleh_memeriksa
from ..domain.errors import NilaiTidakValid
from ..domain.notifikasi import pesan_jawaban
from ..domain.notifikasi import pesan_permintaan
from ..domain.permintaan_buka import StatusPermintaan
from ..domain.permintaan_buka import assert_boleh_meminta
from ..domain.permintaan_buka import assert_menunggu
from ..domain.permintaan_buka import kunci_menunggu
from ..domain.permintaan_buka import periksa_penolakan
from ..domain.permintaan_buka import periksa_permintaan
from ..domain.permintaan_buka import periksa_persetujuan
from ..extensions import db_session
from ..models import JendelaInput
from ..models import Pengguna
from ..models import PermintaanBuka
from ..models import Tahun
from ..models import UnitKerja
from ..queries.notifikasi import list_pengguna_utama
from ..queries.permintaan_buka import ada_yang_menunggu
from .audit import record_audit
from .audit import snapshot
from .konkurensi import assert_versi
from .konkurensi import flush_or_conflict
from .notifikasi import AKAR
from .notifikasi import buat_notifikasi
from .realisasi import is_jendela_terbuka_untuk_unit
from .referensi import buka_jendela_untuk_unit

_KOLOM = ("status", "catatan", "sampai_dt", "pembukaan_id")


def ajukan_permintaan(
    *, subjek: Subjek, oleh: Pengguna | None, unit_kerja: UnitKerja, tahun: Tahun, triwulan: int,
    bulan: Iterable[int], alasan: str | None, now: datetime, zona: tzinfo
) -> PermintaanBuka:
    """A unit asks for its closed window of a triwulan to be reopened.

    :param subjek: the caller (a Sekretariat/Bidang account of ``unit_kerja``).
    :param oleh: the caller, for the audit trail and the answer's notification.
    :param unit_kerja: the unit.
    :param tahun: the year.
    :param triwulan: 1..4.
    :param bulan: the months concerned (of that triwulan).
    :param alasan: why (required).
    :param now: the current moment (aware).
    :param zona: the agency's time zone.
    :return: the waiting request.
    :raise AksesDitolak: for anyone but the unit's own Sekretariat/Bidang account.
    :raise NilaiTidakValid: for a window still open, a request already waiting, no reason, or
        months outside the triwulan.
    :raise KonflikData: when the same request was created at the same moment by someone else.
    """
    assert_boleh_meminta(subjek, unit_kerja.id)
    bulan_ok, alasan_ok = periksa_permintaan(
        triwulan=triwulan, bulan=bulan, alasan=alasan,
        jendela_terbuka=is_jendela_terbuka_untuk_unit(tahun=tahun, triwulan=triwulan, unit_kerja_id=unit_kerja.id,
                                                      now=now, zona=zona),
        ada_yang_menunggu=ada_yang_menunggu(unit_kerja_id=unit_kerja.id, tahun_id=tahun.id, triwulan=triwulan))
    permintaan = PermintaanBuka(unit_kerja_id=unit_kerja.id, tahun_id=tahun.id, triwulan=triwulan,
                                bulan=list(bulan_ok), alasan=alasan_ok, status=StatusPermintaan.MENUNGGU.value,
                                kunci_menunggu=kunci_menunggu(unit_kerja.id, tahun.id, triwulan),
                                diajukan_oleh_id=oleh.id if oleh else None)
    db_session.add(permintaan)
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="minta_buka_jendela", objek=permintaan, sebelum=None,
                 sesudah={"unit_kerja": unit_kerja.kode, "tahun": tahun.tahun, "triwulan": triwulan,
                          "bulan": list(bulan_ok)}, alasan=alasan_ok)
    buat_notifikasi(penerima=list_pengguna_utama(unit_kerja.perangkat_daerah_id),
                    pesan=pesan_permintaan(unit=unit_kerja.nama, triwulan=triwulan, tahun=tahun.tahun,
                                           alasan=alasan_ok),
                    tautan=f"{AKAR}/permintaan-buka/?tahun={tahun.tahun}#permintaan-{permintaan.id}")
    return permintaan


def _jawab(permintaan: PermintaanBuka, status: StatusPermintaan, oleh: Pengguna | None, now: datetime,
           catatan: str | None) -> dict:
    sebelum = snapshot(permintaan, _KOLOM)
    permintaan.status = status.value
    permintaan.kunci_menunggu = None
    permintaan.catatan = catatan
    permintaan.dijawab_oleh_id = oleh.id if oleh else None
    permintaan.dijawab_dt = now
    # A second Utama answering at the same moment loses here (versioned UPDATE): 409, nothing saved.
    flush_or_conflict()
    return sebelum


def _kabari_peminta(permintaan: PermintaanBuka, disetujui: bool, zona: tzinfo | None) -> None:
    if permintaan.diajukan_oleh is None:
        return
    sampai = permintaan.sampai_dt.astimezone(zona) if permintaan.sampai_dt and zona else permintaan.sampai_dt
    tahun = permintaan.tahun.tahun
    buat_notifikasi(penerima=[permintaan.diajukan_oleh],
                    pesan=pesan_jawaban(disetujui=disetujui, triwulan=permintaan.triwulan, tahun=tahun,
                                        sampai=sampai, catatan=permintaan.catatan),
                    tautan=f"{AKAR}/permintaan-buka/?tahun={tahun}#permintaan-{permintaan.id}")


def setujui_permintaan(
    *, subjek: Subjek, oleh: Pengguna | None, permintaan: PermintaanBuka, versi: int | None,
    sampai: datetime | None, catatan: str | None, now: datetime, zona: tzinfo | None = None
) -> PermintaanBuka:
    """The Utama approves: the unit's window of the triwulan reopens until ``sampai`` (only that
    unit's), through the same service as a reopening made in Referensi.

    :param versi: the request's version when the page was opened (a stale one is a conflict).
    :param sampai: until when (aware, in the future).
    :param catatan: an optional note to the unit.
    :param zona: the agency's time zone (for the moment written in the notification).
    :raise AksesDitolak: for anyone but the Utama.
    :raise NilaiTidakValid: without an end moment, with one in the past, or a year without windows.
    :raise KonflikData: when the request was answered or changed meanwhile.
    """
    assert_boleh_memeriksa(subjek)
    assert_menunggu(permintaan.status)
    assert_versi(permintaan, versi)
    catatan = periksa_persetujuan(sampai=sampai, catatan=catatan, now=now)
    jendela = db_session.execute(select(JendelaInput).filter_by(tahun_id=permintaan.tahun_id,
                                                                triwulan=permintaan.triwulan)).scalar_one_or_none()
    if jendela is None:
        raise NilaiTidakValid("Tahun ini belum memiliki jendela input untuk triwulan tersebut.")
    sebelum = _jawab(permintaan, StatusPermintaan.DISETUJUI, oleh, now, catatan)
    pembukaan = buka_jendela_untuk_unit(
        jendela=jendela, unit_kerja=permintaan.unit_kerja, sampai=sampai, now=now, oleh=oleh,
        alasan=f"Permintaan unit no. {permintaan.id}: {permintaan.alasan}"[:1000])
    permintaan.sampai_dt, permintaan.pembukaan_id = sampai, pembukaan.id
    flush_or_conflict()
    record_audit(pengguna=oleh, aksi="setujui_permintaan_buka", objek=permintaan, sebelum=sebelum,
                 sesudah=snapshot(permintaan, _KOLOM), alasan=catatan)
    _kabari_peminta(permintaan, True, zona)
    return permintaan


def tolak_permintaan(
    *, subjek: Subjek, oleh: Pengguna | None, permintaan: PermintaanBuka, versi: int | None,
    catatan: str | None, now: datetime
) -> PermintaanBuka:
    """The Utama refuses, with a note that tells the unit why.

    :raise AksesDitolak: for anyone but the Utama.
    :raise NilaiTidakValid: without a note.
    :raise KonflikData: when the request was answered or changed meanwhile.
    """
    assert_boleh_memeriksa(subjek)
    assert_menunggu(permintaan.status)
    assert_versi(permintaan, versi)
    catatan = periksa_penolakan(catatan)
    sebelum = _jawab(permintaan, StatusPermintaan.DITOLAK, oleh, now, catatan)
    record_audit(pengguna=oleh, aksi="tolak_permintaan_buka", objek=permintaan, sebelum=sebelum,
                 sesudah=snapshot(permintaan, _KOLOM), alasan=catatan)
    _kabari_peminta(permintaan, False, None)
    return permintaan
