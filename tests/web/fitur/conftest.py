"""Fixtures for feature pages driven in-process: the demo agency loaded, one Pengguna per role,
and clients signed in as each (tests/masuk.py). CSRF stays off here except where a test turns
it on; tests/web/test_gate.py and the SSO tests cover CSRF and the real sign-in."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import Tahun
from sipekerja_module.models import UnitKerja
from sipekerja_module.seed.demo import load_demo
from tests import factories as f
from tests.masuk import masuk
from tests.querycount import kosongkan_cache_modul


@dataclass
class Demo:
    """Ids of the demo objects tests need (plain ints: safe across app contexts)."""

    tahun: int
    unit: dict[str, int]
    pengguna: dict[str, int]
    #: A sub kegiatan and one of its indicators, per unit code.
    sub: dict[str, int]
    ind: dict[str, int]


def muat_demo() -> Demo:
    """Load the demo and the four users, commit, and return the ids (needs an app context); the
    session's snapshot of it is ``_cetakan_demo`` (tests/conftest.py)."""
    load_demo(tahun=2024)
    units = {u.kode: u for u in db.session.execute(select(UnitKerja)).scalars()}
    pengguna = {
        "utama": f.create_pengguna("199306242015071002", ("utama",), units["BKPSDM-SEKRETARIAT"]),
        "ppik": f.create_pengguna("199001102014031004", ("bidang",), units["BKPSDM-PPIK"], "Operator PPIK"),
        "mutasi": f.create_pengguna("198811202012121005", ("bidang",), units["BKPSDM-MUTASI"], "Operator Mutasi"),
        "pimpinan": f.create_pengguna("197504121998031008", ("pimpinan",), units["BKPSDM-SEKRETARIAT"],
                                      "Kepala BKPSDM"),
    }
    sub, ind = {}, {}
    for kode, unit in units.items():
        node = db.session.execute(select(NodeRencana).filter_by(unit_kerja_id=unit.id, level="sub_kegiatan")
                                  .order_by(NodeRencana.id)).scalars().first()
        if node is not None:
            sub[kode] = node.id
            ind[kode] = db.session.execute(select(Indikator.id).filter_by(node_id=node.id)).scalars().first()
    db.session.commit()
    return Demo(
        tahun=db.session.execute(select(Tahun.id).filter_by(tahun=2024)).scalar_one(),
        unit={k: u.id for k, u in units.items()},
        pengguna={k: p.id for k, p in pengguna.items()},
        sub=sub, ind=ind,
    )


@pytest.fixture
def demo(app, _schema, _cetakan_demo) -> Demo:
    """The demo agency (2024) and one user per role, committed: the session's snapshot restored,
    the same rows and ids as loading it again (tests/integration/test_demo.py tests the loader)."""
    _cetakan_demo.pulihkan(_schema, Path(app.config["SIPEKERJA_STORAGE_DIR"]))
    return copy.deepcopy(_cetakan_demo.nilai)


@pytest.fixture
def client_as(app, demo):
    """``client_as("ppik")`` → a test client signed in as that demo user."""
    from sipekerja_module.models import Pengguna

    def factory(key: str):
        client = app.test_client()
        with app.app_context():
            masuk(client, db.session.get(Pengguna, demo.pengguna[key]))
        return client

    return factory


@pytest.fixture
def tw2_dibuka(app, demo):
    """Triwulan II of the demo year reopened for a week from now."""
    with app.app_context():
        f.buka_kembali(demo.tahun, 2)


#: Empty the page cache, the row-block store and the plan loader's values (the next view renders
#: everything afresh).
kosongkan_cache = kosongkan_cache_modul


@pytest.fixture
def blok_baru(app, monkeypatch):
    """The row blocks stored from now on: one ``{key: block}`` per page view that built any."""
    store = app.extensions["sipekerja_fragmen_blok"]
    simpan = store.set_many
    dicatat: list[dict] = []

    def catat(pemetaan, timeout=None):
        dicatat.append(dict(pemetaan))
        return simpan(pemetaan, timeout)

    monkeypatch.setattr(store, "set_many", catat)
    return dicatat
