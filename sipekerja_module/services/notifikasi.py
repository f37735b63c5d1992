"""Write side of notifications: create them for the events of the year (inside the transaction
of the change they announce), mark them read, the user's e-mail choice, and deadline reminders.

Notifications are written in the same transaction as the submission, return, verification or
request they announce: they commit with it or vanish with it. E-mail is never sent here; the
CLI command ``flask sipekerja kirim-notifikasi`` (``services.surel``) sends what waits, and with the
job queue a job enqueued once the transaction committed (``commit_hooks``, ``tugas.tugas_surel``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from datetime import tzinfo

from sqlalchemy import select
from sqlalchemy import update

from ..domain.notifikasi import Pesan
from ..domain.notifikasi import daftar_pengingat
from ..domain.notifikasi import pesan_diajukan
from ..domain.notifikasi import pesan_dikembalikan
from ..domain.notifikasi import pesan_diverifikasi
from ..domain.notifikasi import pesan_tenggat
from ..domain.status import StatusPeriode
from ..extensions import db_session
from ..models import Notifikasi
from ..models import Pengguna
from ..models import PengingatTenggat
from ..models import StatusPeriodeUnit
from ..models import Tahun
from ..models import UnitKerja
from ..queries.monitoring import load_tenggat_tahun
from ..queries.notifikasi import list_pengguna_bidang
from ..queries.notifikasi import list_pengguna_utama
from .audit import record_audit

#: Where the module lives in the host; notification links are paths under it.
AKAR = "/sipekerja"


def buat_notifikasi(*, penerima: Iterable[Pengguna], pesan: Pesan, tautan: str) -> list[Notifikasi]:
    """Add one notification per recipient (flushes; the caller's transaction commits them).

    :param penerima: the recipients (each at most once).
    :param pesan: kind and text.
    :param tautan: a path inside the module the notification leads to.
    :return: the new rows.
    """
    hasil, dilihat = [], set()
    for pengguna in penerima:
        if pengguna.id in dilihat:
            continue
        dilihat.add(pengguna.id)
        hasil.append(Notifikasi(pengguna_id=pengguna.id, jenis=pesan.jenis.value, judul=pesan.subjek[:255],
                                 teks=pesan.teks, tautan=tautan))
    db_session.add_all(hasil)
    db_session.flush()
    return hasil


def kabari_perubahan_status(status: StatusPeriodeUnit, catatan: str | None = None) -> list[Notifikasi]:
    """Announce a unit's new triwulan state: *diajukan* to the agency's Utama, *dikembalikan* (with
    the note) and *terverifikasi* to the unit's Sekretariat/Bidang accounts; other states say nothing.

    :param status: the unit's triwulan row, already in its new state.
    :param catatan: the note of a return.
    :return: the notifications created.
    """
    unit: UnitKerja = status.unit_kerja
    tahun = status.tahun.tahun
    baru = StatusPeriode(status.status)
    if baru is StatusPeriode.DIAJUKAN:
        return buat_notifikasi(penerima=list_pengguna_utama(unit.perangkat_daerah_id),
                               pesan=pesan_diajukan(unit=unit.nama, triwulan=status.triwulan, tahun=tahun),
                               tautan=f"{AKAR}/realisasi/pengecekan/{status.id}?tahun={tahun}")
    tautan = f"{AKAR}/realisasi/?unit={unit.id}&bulan={status.triwulan * 3}&tahun={tahun}"
    penerima = list_pengguna_bidang([unit.id]).get(unit.id, [])
    if baru is StatusPeriode.DIKEMBALIKAN:
        return buat_notifikasi(penerima=penerima, tautan=tautan,
                               pesan=pesan_dikembalikan(triwulan=status.triwulan, tahun=tahun, catatan=catatan or "-"))
    if baru is StatusPeriode.TERVERIFIKASI:
        return buat_notifikasi(penerima=penerima, tautan=tautan,
                               pesan=pesan_diverifikasi(triwulan=status.triwulan, tahun=tahun))
    return []


def tandai_dibaca(*, notifikasi: Notifikasi, now: datetime) -> Notifikasi:
    """Mark one notification read (already read: unchanged)."""
    if notifikasi.dibaca_dt is None:
        notifikasi.dibaca_dt = now
        db_session.flush()
    return notifikasi


def tandai_semua_dibaca(*, pengguna: Pengguna, now: datetime) -> int:
    """Mark all of a user's unread notifications read (one UPDATE).

    :return: how many were unread.
    """
    hasil = db_session.execute(update(Notifikasi).where(Notifikasi.pengguna_id == pengguna.id,
                                                        Notifikasi.dibaca_dt.is_(None)).values(dibaca_dt=now))
    return hasil.rowcount or 0


def atur_surel(*, pengguna: Pengguna, terima: bool) -> Pengguna:
    """Turn the user's notification e-mails on or off (audited). Turning them off also stops the
    e-mails still waiting: the sender checks the choice when it runs."""
    if pengguna.terima_surel != terima:
        sebelum = {"terima_surel": pengguna.terima_surel}
        pengguna.terima_surel = terima
        db_session.flush()
        record_audit(pengguna=pengguna, aksi="atur_surel_notifikasi", objek=pengguna, sebelum=sebelum,
                     sesudah={"terima_surel": terima})
    return pengguna


def buat_pengingat_tenggat(*, now: datetime, zona: tzinfo) -> int:
    """Create the deadline reminders due at ``now`` for every active year: for each active unit
    that has not submitted a triwulan whose window is open for it, the 7 / 3 / 1-day reminder of
    ``domain.notifikasi.hari_pengingat`` against the unit's own deadline, to its
    Sekretariat/Bidang accounts. A reminder already created for (unit, year, triwulan, days) is
    never created again (and the table's unique constraint holds against two runs at once).

    :param now: the current moment (aware).
    :param zona: the agency's time zone (deadlines are WITA moments).
    :return: how many reminders were created.
    """
    lokal = now.astimezone(zona)
    # Units per agency: each agency's own windows win over the kabupaten defaults (issue 18).
    unit_pd: dict[int, list[int]] = {}
    for unit_id, pd_id in db_session.execute(select(UnitKerja.id, UnitKerja.perangkat_daerah_id)
                                             .where(UnitKerja.aktif.is_(True)).order_by(UnitKerja.id)):
        unit_pd.setdefault(pd_id, []).append(unit_id)
    jumlah = 0
    for tahun in db_session.execute(select(Tahun).where(Tahun.aktif.is_(True)).order_by(Tahun.tahun)).scalars():
        status = {(u, t): s in (StatusPeriode.DIAJUKAN.value, StatusPeriode.TERVERIFIKASI.value)
                  for u, t, s in db_session.execute(
                      select(StatusPeriodeUnit.unit_kerja_id, StatusPeriodeUnit.triwulan, StatusPeriodeUnit.status)
                      .where(StatusPeriodeUnit.tahun_id == tahun.id))}
        jatuh_tempo = [p for pd_id, units in unit_pd.items()
                       for p in daftar_pengingat(tenggat=load_tenggat_tahun(tahun=tahun, zona=zona,
                                                                            perangkat_daerah_id=pd_id),
                                                 unit_ids=units, sudah_diajukan=status, now=lokal)]
        if not jatuh_tempo:
            continue
        sudah = set(db_session.execute(
            select(PengingatTenggat.unit_kerja_id, PengingatTenggat.triwulan, PengingatTenggat.hari)
            .where(PengingatTenggat.tahun_id == tahun.id)).all())
        baru = [p for p in jatuh_tempo if (p.unit_kerja_id, p.triwulan, p.hari) not in sudah]
        penerima = list_pengguna_bidang(p.unit_kerja_id for p in baru)
        for p in baru:
            db_session.add(PengingatTenggat(unit_kerja_id=p.unit_kerja_id, tahun_id=tahun.id, triwulan=p.triwulan,
                                            hari=p.hari, batas_dt=p.batas))
            buat_notifikasi(penerima=penerima.get(p.unit_kerja_id, []),
                            pesan=pesan_tenggat(triwulan=p.triwulan, tahun=tahun.tahun, hari=p.hari, batas=p.batas),
                            tautan=f"{AKAR}/realisasi/?unit={p.unit_kerja_id}&bulan={p.triwulan * 3}"
                                   f"&tahun={tahun.tahun}")
            jumlah += 1
    db_session.flush()
    return jumlah
