"""Reopen requests and notifications on a real database (issue 17): who may ask, what is refused
(nothing saved), what approval opens (one unit's window only), what is audited, which events
notify whom in the same transaction, and deadline reminders computed in WITA, never twice."""

from __future__ import annotations

from datetime import datetime
from datetime import timedelta
from datetime import timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.cli import cli_group
from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.domain.errors import AksesDitolak
from sipekerja_module.domain.errors import KonflikData
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.models import AuditLog
from sipekerja_module.models import Notifikasi
from sipekerja_module.models import PembukaanJendela
from sipekerja_module.models import PengingatTenggat
from sipekerja_module.models import PermintaanBuka
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import Tahun
from sipekerja_module.models import UnitKerja
from sipekerja_module.seed.demo import load_demo
from sipekerja_module.services import notifikasi as notif_svc
from sipekerja_module.services import permintaan_buka as svc
from sipekerja_module.services import realisasi as realisasi_svc
from tests import factories as f

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
UTAMA = Subjek(frozenset({Peran.UTAMA}))


@pytest.fixture
def dunia(session):
    load_demo(tahun=2024)
    units = {u.kode: u for u in session.execute(select(UnitKerja)).scalars()}
    tahun = session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
    orang = {
        "utama": f.create_pengguna("199306242015071002", ("utama",), units["BKPSDM-SEKRETARIAT"]),
        "ppik": f.create_pengguna("199001102014031004", ("bidang",), units["BKPSDM-PPIK"], "Operator PPIK"),
        "mutasi": f.create_pengguna("198811202012121005", ("bidang",), units["BKPSDM-MUTASI"], "Operator Mutasi"),
        "pka": f.create_pengguna("199205052015032006", ("bidang",), units["BKPSDM-PKA"], "Operator PKA"),
    }
    session.commit()
    return units, tahun, orang


def _bidang(unit):
    return Subjek(frozenset({Peran.BIDANG}), unit.id)


def _minta(units, tahun, orang, kode="BKPSDM-PPIK", oleh="ppik", triwulan=2, bulan=(5, 6), alasan="Data Mei terlambat"):
    return svc.ajukan_permintaan(subjek=_bidang(units[kode]), oleh=orang[oleh], unit_kerja=units[kode], tahun=tahun,
                                 triwulan=triwulan, bulan=bulan, alasan=alasan, now=NOW, zona=WITA)


def _jumlah(session, model, **filters):
    return session.execute(select(func.count()).select_from(model).filter_by(**filters)).scalar_one()


def test_a_unit_asks_for_its_closed_window_and_the_utama_is_notified_and_it_is_audited(session, dunia):
    units, tahun, orang = dunia
    permintaan = _minta(units, tahun, orang)
    session.commit()
    assert (permintaan.status, permintaan.bulan, permintaan.triwulan) == ("menunggu", [5, 6], 2)
    audit = session.execute(select(AuditLog).filter_by(aksi="minta_buka_jendela")).scalar_one()
    assert audit.pengguna_id == orang["ppik"].id and audit.alasan == "Data Mei terlambat"
    notif = session.execute(select(Notifikasi).filter_by(jenis="permintaan_buka")).scalars().all()
    assert [n.pengguna_id for n in notif] == [orang["utama"].id]
    assert "Bidang" in notif[0].teks and "Triwulan II 2024" in notif[0].teks
    assert notif[0].tautan.startswith("/sipekerja/permintaan-buka/")


@pytest.mark.parametrize("ubah, pesan", [
    ({"alasan": "   "}, "Alasan permintaan wajib diisi"),
    ({"bulan": ()}, "paling sedikit satu bulan"),
    ({"bulan": (3, 4)}, "harus termasuk Triwulan II"),
    ({"alasan": "x" * 1001}, "paling banyak 1000"),
])
def test_a_request_with_bad_input_is_refused_in_indonesian_and_saves_nothing(session, dunia, ubah, pesan):
    units, tahun, orang = dunia
    with pytest.raises(NilaiTidakValid, match=pesan):
        _minta(units, tahun, orang, **ubah)
    session.rollback()
    assert _jumlah(session, PermintaanBuka) == 0 and _jumlah(session, Notifikasi) == 0


def test_a_request_for_a_window_still_open_is_refused(session, dunia):
    units, tahun, orang = dunia
    f.buka_kembali(tahun.id, 2)
    with pytest.raises(NilaiTidakValid, match="masih terbuka"):
        svc.ajukan_permintaan(subjek=_bidang(units["BKPSDM-PPIK"]), oleh=orang["ppik"], unit_kerja=units["BKPSDM-PPIK"],
                              tahun=tahun, triwulan=2, bulan=[6], alasan="Perbaikan",
                              now=datetime.now(timezone.utc), zona=WITA)
    session.rollback()
    assert _jumlah(session, PermintaanBuka) == 0


def test_a_second_waiting_request_for_the_same_unit_and_triwulan_is_refused(session, dunia):
    units, tahun, orang = dunia
    _minta(units, tahun, orang)
    session.commit()
    with pytest.raises(NilaiTidakValid, match="masih menunggu jawaban"):
        _minta(units, tahun, orang, bulan=(4,))
    session.rollback()
    assert _jumlah(session, PermintaanBuka) == 1
    # Another triwulan, or another unit, may ask.
    _minta(units, tahun, orang, triwulan=3, bulan=(7,))
    _minta(units, tahun, orang, kode="BKPSDM-MUTASI", oleh="mutasi")
    session.commit()
    assert _jumlah(session, PermintaanBuka, status="menunggu") == 3


@pytest.mark.parametrize("subjek", [UTAMA, Subjek(frozenset({Peran.PIMPINAN})), "unit_lain"])
def test_only_the_units_own_bidang_account_may_ask(session, dunia, subjek):
    units, tahun, orang = dunia
    if subjek == "unit_lain":
        subjek = _bidang(units["BKPSDM-MUTASI"])
    with pytest.raises(AksesDitolak):
        svc.ajukan_permintaan(subjek=subjek, oleh=orang["utama"], unit_kerja=units["BKPSDM-PPIK"], tahun=tahun,
                              triwulan=2, bulan=[5], alasan="Uji", now=NOW, zona=WITA)


def test_approval_reopens_the_window_for_that_unit_only_until_the_wita_moment(session, dunia):
    units, tahun, orang = dunia
    permintaan = _minta(units, tahun, orang)
    session.commit()
    sampai = datetime(2026, 12, 14, 23, 59, tzinfo=WITA)
    svc.setujui_permintaan(subjek=UTAMA, oleh=orang["utama"], permintaan=permintaan, versi=permintaan.version,
                           sampai=sampai, catatan="Paling lambat Senin", now=NOW, zona=WITA)
    session.commit()
    assert permintaan.status == "disetujui" and permintaan.kunci_menunggu is None
    pembukaan = session.get(PembukaanJendela, permintaan.pembukaan_id)
    assert pembukaan.unit_kerja_id == units["BKPSDM-PPIK"].id and pembukaan.sampai_dt == sampai
    terbuka = {kode: realisasi_svc.is_jendela_terbuka_untuk_unit(tahun=tahun, triwulan=2, unit_kerja_id=units[kode].id,
                                                                 now=NOW, zona=WITA)
               for kode in ("BKPSDM-PPIK", "BKPSDM-MUTASI")}
    assert terbuka == {"BKPSDM-PPIK": True, "BKPSDM-MUTASI": False}
    assert {a.aksi for a in session.execute(select(AuditLog)).scalars()} >= {
        "minta_buka_jendela", "setujui_permintaan_buka", "buka_jendela_unit"}
    jawaban = session.execute(select(Notifikasi).filter_by(jenis="jawaban_permintaan")).scalar_one()
    assert jawaban.pengguna_id == orang["ppik"].id
    assert "disetujui" in jawaban.teks and "14 Desember 2026 pukul 23.59 WITA" in jawaban.teks


def test_an_approval_ending_in_the_past_is_refused_and_nothing_is_saved(session, dunia):
    units, tahun, orang = dunia
    permintaan = _minta(units, tahun, orang)
    session.commit()
    for sampai in (NOW - timedelta(minutes=1), NOW, None):
        with pytest.raises(NilaiTidakValid, match="masa depan|wajib diisi"):
            svc.setujui_permintaan(subjek=UTAMA, oleh=orang["utama"], permintaan=permintaan, versi=1, sampai=sampai,
                                   catatan=None, now=NOW)
        session.rollback()
    assert session.get(PermintaanBuka, permintaan.id).status == "menunggu"
    assert _jumlah(session, PembukaanJendela) == 0 and _jumlah(session, Notifikasi, jenis="jawaban_permintaan") == 0


def test_a_request_is_answered_once_a_stale_or_second_answer_is_a_conflict(session, dunia):
    units, tahun, orang = dunia
    permintaan = _minta(units, tahun, orang)
    session.commit()
    svc.tolak_permintaan(subjek=UTAMA, oleh=orang["utama"], permintaan=permintaan, versi=1,
                         catatan="Data sudah final", now=NOW)
    session.commit()
    with pytest.raises(KonflikData):
        svc.setujui_permintaan(subjek=UTAMA, oleh=orang["utama"], permintaan=permintaan, versi=1,
                               sampai=NOW + timedelta(days=3), catatan=None, now=NOW)
    session.rollback()
    with pytest.raises(KonflikData):
        svc.setujui_permintaan(subjek=UTAMA, oleh=orang["utama"], permintaan=permintaan, versi=permintaan.version,
                               sampai=NOW + timedelta(days=3), catatan=None, now=NOW)
    session.rollback()
    assert session.get(PermintaanBuka, permintaan.id).status == "ditolak" and _jumlah(session, PembukaanJendela) == 0
    jawaban = session.execute(select(Notifikasi).filter_by(jenis="jawaban_permintaan")).scalar_one()
    assert "ditolak" in jawaban.teks and "Data sudah final" in jawaban.teks
    # Answered: the unit may ask again.
    _minta(units, tahun, orang, alasan="Ada data baru")
    session.commit()


def test_a_refusal_needs_a_note_and_only_the_utama_answers(session, dunia):
    units, tahun, orang = dunia
    permintaan = _minta(units, tahun, orang)
    session.commit()
    with pytest.raises(NilaiTidakValid, match="Catatan penolakan wajib"):
        svc.tolak_permintaan(subjek=UTAMA, oleh=orang["utama"], permintaan=permintaan, versi=1, catatan=" ", now=NOW)
    session.rollback()
    with pytest.raises(AksesDitolak):
        svc.tolak_permintaan(subjek=_bidang(units["BKPSDM-PPIK"]), oleh=orang["ppik"], permintaan=permintaan, versi=1,
                             catatan="Sendiri", now=NOW)
    session.rollback()
    assert session.get(PermintaanBuka, permintaan.id).status == "menunggu"


# --- notifications of the quarter's transitions ----------------------------------------------------


def test_submission_return_and_verification_notify_the_next_actor_in_the_same_transaction(session, dunia):
    units, tahun, orang = dunia
    status = session.execute(select(StatusPeriodeUnit).filter_by(unit_kerja_id=units["BKPSDM-PPIK"].id,
                                                                 triwulan=1)).scalar_one()
    realisasi_svc.kembalikan_triwulan(subjek=UTAMA, oleh=orang["utama"], status=status, catatan="Lampirkan SK")
    kembali = session.execute(select(Notifikasi).filter_by(jenis="dikembalikan")).scalar_one()
    assert kembali.pengguna_id == orang["ppik"].id and "Lampirkan SK" in kembali.teks
    session.rollback()  # the return is undone: so is its notification
    assert _jumlah(session, Notifikasi) == 0
    status.status = "diajukan"
    session.flush()
    realisasi_svc.verifikasi_triwulan(subjek=UTAMA, oleh=orang["utama"], status=status)
    session.commit()
    verif = session.execute(select(Notifikasi).filter_by(jenis="diverifikasi")).scalar_one()
    assert verif.pengguna_id == orang["ppik"].id and verif.judul == "Realisasi Triwulan I 2024 diverifikasi"


def test_a_submission_notifies_the_agencys_utama(session, dunia):
    units, tahun, orang = dunia
    status = session.execute(select(StatusPeriodeUnit).filter_by(unit_kerja_id=units["BKPSDM-PKA"].id,
                                                                 triwulan=1)).scalar_one()
    status.status = "diajukan"
    session.flush()
    notif = notif_svc.kabari_perubahan_status(status)
    assert [n.pengguna_id for n in notif] == [orang["utama"].id]
    assert notif[0].tautan == f"/sipekerja/realisasi/pengecekan/{status.id}?tahun=2024"


# --- deadline reminders --------------------------------------------------------------------------


def _pengingat(session):
    return sorted(session.execute(select(PengingatTenggat.unit_kerja_id, PengingatTenggat.triwulan,
                                         PengingatTenggat.hari)).all())


def test_reminders_7_3_1_days_before_the_wita_deadline_only_to_units_not_submitted_never_twice(session, dunia):
    units, tahun, orang = dunia
    pka = units["BKPSDM-PKA"].id
    # Triwulan I 2024 closes 30 April 23:59:59 WITA; four units are verified, PKA was returned.
    for waktu, harapan in [
        (datetime(2024, 4, 23, 23, 0, tzinfo=WITA), []),            # 7 days and 1 hour left: nothing yet
        (datetime(2024, 4, 24, 0, 0, tzinfo=WITA), [(pka, 1, 7)]),   # 7 days left
        (datetime(2024, 4, 25, 9, 0, tzinfo=WITA), [(pka, 1, 7)]),   # again: nothing new
        (datetime(2024, 4, 28, 12, 0, tzinfo=WITA), [(pka, 1, 3), (pka, 1, 7)]),
        (datetime(2024, 4, 30, 1, 0, tzinfo=WITA), [(pka, 1, 1), (pka, 1, 3), (pka, 1, 7)]),
        (datetime(2024, 5, 1, 0, 0, 1, tzinfo=WITA), [(pka, 1, 1), (pka, 1, 3), (pka, 1, 7)]),  # closed
    ]:
        notif_svc.buat_pengingat_tenggat(now=waktu.astimezone(timezone.utc), zona=WITA)
        session.commit()
        assert _pengingat(session) == harapan, waktu
    teks = session.execute(select(Notifikasi.pengguna_id, Notifikasi.teks).filter_by(jenis="tenggat")
                           .order_by(Notifikasi.id)).all()
    assert [p for p, _ in teks] == [orang["pka"].id] * 3
    assert "tinggal 7 hari lagi: 30 April 2024 pukul 23.59 WITA" in teks[0][1]


def test_a_late_run_sends_the_nearest_reminder_only(session, dunia):
    units, tahun, orang = dunia
    notif_svc.buat_pengingat_tenggat(now=datetime(2024, 4, 30, 8, 0, tzinfo=WITA), zona=WITA)
    assert _pengingat(session) == [(units["BKPSDM-PKA"].id, 1, 1)]


def test_a_reminder_follows_the_units_own_reopened_deadline(session, dunia):
    units, tahun, orang = dunia
    permintaan = _minta(units, tahun, orang, kode="BKPSDM-MUTASI", oleh="mutasi", triwulan=2, bulan=(5,))
    svc.setujui_permintaan(subjek=UTAMA, oleh=orang["utama"], permintaan=permintaan, versi=1,
                           sampai=NOW + timedelta(days=2, hours=12), catatan=None, now=NOW, zona=WITA)
    session.commit()
    notif_svc.buat_pengingat_tenggat(now=NOW, zona=WITA)
    session.commit()
    assert (units["BKPSDM-MUTASI"].id, 2, 3) in _pengingat(session)
    assert all(u == units["BKPSDM-MUTASI"].id for u, _, _ in _pengingat(session))


def test_the_reminder_command_takes_a_fixed_now_and_is_idempotent(app, session, dunia):
    runner = app.test_cli_runner()
    for _ in range(2):
        hasil = runner.invoke(cli_group, ["pengingat-tenggat", "--sekarang", "2024-04-28T12:00"])
        assert hasil.exit_code == 0, hasil.output
    assert _jumlah(session, PengingatTenggat) == 1
    assert "Pengingat batas input dibuat: 0." in hasil.output
    salah = runner.invoke(cli_group, ["pengingat-tenggat", "--sekarang", "besok"])
    assert salah.exit_code != 0 and "ISO 8601" in salah.output


def test_two_requests_created_at_the_same_moment_the_database_keeps_one(session, dunia, monkeypatch):
    """The check for a waiting request runs before the insert; a request created meanwhile by another
    transaction is caught by the unique column and answered as a conflict."""
    units, tahun, orang = dunia
    _minta(units, tahun, orang)
    session.commit()
    monkeypatch.setattr(svc, "ada_yang_menunggu", lambda **_: False)  # the other transaction's view
    with pytest.raises(KonflikData):
        _minta(units, tahun, orang, bulan=(4,))
    session.rollback()
    assert _jumlah(session, PermintaanBuka) == 1
