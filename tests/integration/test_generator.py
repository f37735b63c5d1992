"""The kabupaten data generator: demo-shaped agencies, counts proportional to N, same seed → same data."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.domain.errors import SipekerjaError
from sipekerja_module.models import Base
from sipekerja_module.models import Indikator
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import Pengguna
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import RingkasanKinerja
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import TargetKinerja
from sipekerja_module.models import UnitKerja
from sipekerja_module.seed.generator import generate_kabupaten

#: Clock-dependent columns (rows the demo helpers create carry "now").
_WAKTU_TULIS = frozenset({"created_dt", "updated_dt", "dihitung_dt", "terakhir_masuk_dt"})


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _digest(session) -> str:
    """SHA-256 over every module row by value: ids left out, foreign keys replaced by the referenced
    row's own digest, so the result does not depend on the database's id sequences."""
    kunci: dict[str, dict[int, str]] = {}
    total = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        fk = {c.name: next(iter(c.foreign_keys)).column.table.name for c in table.columns if c.foreign_keys}
        rows = {r["id"]: r for r in session.execute(select(table)).mappings()}
        kunci[table.name] = milik = {}

        def kunci_baris(id_: int, table=table, fk=fk, rows=rows, milik=milik) -> str:
            if id_ not in milik:
                nilai = []
                for c in table.columns:
                    if c.name == "id" or c.name in _WAKTU_TULIS:
                        continue
                    v = rows[id_][c.name]
                    if v is not None and c.name in fk:
                        # Self-reference (node parent) resolves recursively within this table.
                        v = kunci_baris(v) if fk[c.name] == table.name else kunci[fk[c.name]][v]
                    nilai.append(f"{c.name}={v}")
                milik[id_] = hashlib.sha256("|".join(nilai).encode()).hexdigest()
            return milik[id_]

        for id_ in rows:
            kunci_baris(id_)
        for k in sorted(milik.values()):
            total.update(f"{table.name}:{k}\n".encode())
    return total.hexdigest()


def test_two_agencies_are_shaped_like_the_demo(session):
    r = generate_kabupaten(jumlah_pd=2, tahun=2024, seed=5)

    assert r.jumlah_pd == 2 and r.unit_kerja == 10 and r.sasaran == 4
    # ~42 sub kegiatan and ~100 indicators per agency, as for 40 agencies: 1,700 / 4,000.
    assert 2 * 38 <= r.sub_kegiatan <= 2 * 47
    assert 2 * 75 <= r.indikator <= 2 * 125
    assert r.target_kinerja == r.realisasi_kinerja == 12 * r.indikator
    assert r.target_anggaran == r.realisasi_anggaran == 12 * r.sub_kegiatan
    assert 0 < r.realisasi_bercatatan < r.realisasi_kinerja and 0 < r.bukti_dukung < r.realisasi_kinerja
    assert r.status_periode == 4 * r.unit_kerja
    # The summary counts what is in the database.
    assert _count(session, Indikator) == r.indikator
    assert _count(session, TargetKinerja) == r.target_kinerja
    assert _count(session, RealisasiKinerja) == r.realisasi_kinerja
    assert session.scalar(select(func.count()).where(NodeRencana.level == "sub_kegiatan")) == r.sub_kegiatan
    assert _count(session, JendelaInput) == 4
    assert _count(session, StatusPeriodeUnit) == r.status_periode

    # A Pengguna Utama per agency (on its Sekretariat) and one kabupaten Pimpinan without an agency.
    peran = Counter(tuple(p.peran) for p in session.scalars(select(Pengguna)))
    assert peran == {("utama",): 2, ("pimpinan",): 1}
    assert [a.peran for a in r.akun] == ["utama", "utama", "pimpinan"]
    unit = {u.kode for u in session.scalars(select(UnitKerja))}
    assert all(a.unit_kode in unit for a in r.akun if a.peran == "utama")
    # The dashboard cache is filled: four triwulan and the year per agency.
    assert _count(session, RingkasanKinerja) == 2 * 5


def test_counts_grow_in_proportion(session):
    satu = generate_kabupaten(jumlah_pd=1, seed=2)
    session.rollback()
    empat = generate_kabupaten(jumlah_pd=4, seed=2)
    assert empat.unit_kerja == 4 * satu.unit_kerja
    assert 3 * satu.indikator < empat.indikator < 5 * satu.indikator


def test_same_seed_gives_the_same_data_and_another_seed_does_not(session):
    generate_kabupaten(jumlah_pd=2, seed=11)
    pertama = _digest(session)
    session.rollback()
    generate_kabupaten(jumlah_pd=2, seed=11)
    assert _digest(session) == pertama
    session.rollback()
    generate_kabupaten(jumlah_pd=2, seed=12)
    assert _digest(session) != pertama


def test_refuses_a_database_that_already_has_agencies(session):
    generate_kabupaten(jumlah_pd=1, seed=1)
    with pytest.raises(SipekerjaError, match="sudah berisi perangkat daerah"):
        generate_kabupaten(jumlah_pd=1, seed=1)
