"""Telling a lost race from a fault, on the database the suite runs on: a concurrent unique row
and a stale versioned UPDATE are races (409), a NOT NULL violation is not (500)."""

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

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
