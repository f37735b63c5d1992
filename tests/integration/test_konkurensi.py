"""Telling a lost race from a fault, on the database the suite runs on: a concurrent unique row
and a stale versioned UPDATE are races (409), a NOT NULL violation is not (500)."""

from zoneinfo import ZoneInfo

import pymysql
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import OperationalError

from sipekerja_module.domain.errors import KonflikData
from sipekerja_module.models import Pengguna
from sipekerja_module.services import referensi
from sipekerja_module.services.konkurensi import adalah_balapan
from sipekerja_module.services.konkurensi import flush_or_conflict
from sipekerja_module.services.realisasi import get_status_periode
from tests import factories as f


def _pengguna(**ubah):
    return Pengguna(**{"issuer": "http://portal.test", "subject": "s1", "nip": "199001102014031004", "nama": "Uji",
                       "peran": [], **ubah})


def test_a_row_created_twice_is_a_race_and_becomes_konflik_data(session):
    session.add(_pengguna())
    session.flush()
    session.add(_pengguna())
    with pytest.raises(KonflikData, match="sudah diubah oleh pengguna lain"):
        flush_or_conflict()
    session.rollback()


def test_a_not_null_violation_is_a_fault_not_a_race(session):
    session.add(_pengguna(nama=None))
    with pytest.raises(IntegrityError) as error:
        session.flush()
    assert not adalah_balapan(error.value)
    session.rollback()


def test_a_stale_versioned_update_is_a_race(session):
    unit = f.create_unit(f.create_perangkat_daerah(), "BKPSDM-PPIK", "Bidang PPIK")
    tahun = referensi.create_tahun(tahun=2024, zona=ZoneInfo("Asia/Makassar"), oleh=None)
    status = get_status_periode(unit_kerja_id=unit.id, tahun_id=tahun.id, triwulan=1)
    session.commit()
    # Someone else saves the same row meanwhile.
    session.execute(text("UPDATE sipekerja_status_periode SET version = version + 1 WHERE id = :id"),
                    {"id": status.id})
    status.status = "diajukan"
    with pytest.raises(KonflikData):
        flush_or_conflict()
    session.rollback()


@pytest.mark.parametrize(("asli", "balapan"), [
    # PyMySQL reports SQLSTATE 23000 for every integrity error: only the number tells them apart.
    (pymysql.err.IntegrityError(1062, "Duplicate entry", sqlstate="23000"), True),
    (pymysql.err.IntegrityError(1048, "Column cannot be null", sqlstate="23000"), False),
    (pymysql.err.IntegrityError(1452, "Cannot add or update a child row", sqlstate="23000"), False),
])
def test_mysql_integrity_errors_are_told_apart_by_their_number(asli, balapan):
    """Regression (MariaDB in CI): a duplicate row answered 500 because SQLSTATE 23000 was read as
    "not a unique violation"."""
    assert adalah_balapan(IntegrityError("INSERT", {}, asli)) is balapan


@pytest.mark.parametrize(("asli", "balapan"), [
    (pymysql.err.OperationalError(1213, "Deadlock found when trying to get lock"), True),
    (pymysql.err.OperationalError(2013, "Lost connection to MySQL server"), False),
])
def test_a_deadlock_between_two_writers_is_a_race_a_lost_connection_is_not(asli, balapan):
    assert adalah_balapan(OperationalError("INSERT", {}, asli)) is balapan
