"""The audit trail stores who changed what, before → after, exactly."""

from __future__ import annotations

from datetime import datetime
from datetime import timezone
from decimal import Decimal

from sqlalchemy import select

from sipekerja_module.models import AuditLog
from sipekerja_module.models import Pengguna
from sipekerja_module.models import Satuan
from sipekerja_module.services.audit import record_audit
from sipekerja_module.services.audit import snapshot


def _pengguna(session) -> Pengguna:
    pengguna = Pengguna(issuer="https://portal.test", subject="u-1", nip="199306242015071002", nama="Kasubbag")
    session.add(pengguna)
    session.flush()
    return pengguna


class _Target:
    """A plain object with model-like attributes (snapshot does not need a mapped class)."""

    id = 7
    nilai = Decimal("12.5000")
    diubah_dt = datetime(2024, 4, 30, 15, 59, tzinfo=timezone.utc)


def test_snapshot_makes_decimal_a_string_and_datetime_iso(session):
    assert snapshot(_Target(), ["nilai", "diubah_dt"]) == {
        "nilai": "12.5000",
        "diubah_dt": "2024-04-30T15:59:00+00:00",
    }


def test_record_audit_stores_before_after_json_with_decimal_as_string(session):
    pengguna = _pengguna(session)
    satuan = Satuan(nama="Dokumen")
    session.add(satuan)
    log = record_audit(
        pengguna=pengguna,
        aksi="ubah_target",
        objek=satuan,
        sebelum={"nilai": Decimal("10.00"), "bulan": 3},
        sesudah={"nilai": Decimal("12.50"), "bulan": 3},
        alasan="Revisi DPA",
    )
    session.commit()
    session.expire_all()
    tersimpan = session.scalar(select(AuditLog).where(AuditLog.id == log.id))
    assert tersimpan.sebelum == {"nilai": "10.00", "bulan": 3}
    assert tersimpan.sesudah == {"nilai": "12.50", "bulan": 3}
    assert (tersimpan.objek_tipe, tersimpan.objek_id) == ("Satuan", satuan.id)
    assert satuan.id is not None, "an unflushed object gets its id before it is recorded"
    assert (tersimpan.pengguna_id, tersimpan.nip, tersimpan.aksi, tersimpan.alasan) == (
        pengguna.id, "199306242015071002", "ubah_target", "Revisi DPA",
    )


def test_record_audit_for_a_system_action_has_no_user_and_never_commits(session):
    satuan = Satuan(nama="Laporan")
    session.add(satuan)
    session.flush()
    log = record_audit(
        pengguna=None, aksi="buat_satuan", objek=satuan, sebelum=None, sesudah=snapshot(satuan, ["nama"])
    )
    assert log.id is not None and log.pengguna_id is None and log.nip is None
    session.rollback()
    assert session.scalar(select(AuditLog)) is None
