"""The commit-time work listed in ``sipekerja_module/services/__init__.py`` (data version bump,
dashboard aggregates, orphan evidence files) runs on the session the host gives the module and on
no other: a write through another session of the same database triggers none of it, the
module's session still triggers all of it, and registering again registers nothing twice."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal_stub import create_app
from portal_stub.extensions import db
from portal_stub.models import Pegawai
from sipekerja_module import SIPekerja
from sipekerja_module import commit_hooks
from sipekerja_module.commit_hooks import PENDENGAR_COMMIT
from sipekerja_module.commit_hooks import register_commit_listeners
from sipekerja_module.models import Indikator
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import RingkasanKinerja
from sipekerja_module.models import Sasaran
from sipekerja_module.queries.ringkasan import PERIODE_RINGKASAN
from sipekerja_module.services import bukti
from sipekerja_module.services import ringkasan
from sipekerja_module.services import versi
from sipekerja_module.services.penyimpanan import PenyimpananLokal
from tests import factories as f
from tests.conftest import make_test_config


@pytest.fixture
def agensi(session):
    """One agency with a unit and an indicator of 2024."""
    tahun = f.create_tahun(2024)
    satuan = f.create_satuan("Dokumen")
    pd = f.create_perangkat_daerah("BKPSDM", "BKPSDM Kabupaten Paser")
    unit = f.create_unit(pd, "BKPSDM-SEK", "Sekretariat", "sekretariat")
    sasaran = Sasaran(perangkat_daerah_id=pd.id, tahun_id=tahun.id, kode="S1", uraian="Sasaran")
    session.add(sasaran)
    session.flush()
    ind = Indikator(tahun_id=tahun.id, perangkat_daerah_id=pd.id, unit_kerja_id=unit.id, sasaran_id=sasaran.id,
                    uraian="Indikator", satuan_id=satuan.id, polaritas="positif", agregasi="kumulatif",
                    target_tahunan=Decimal(12))
    session.add(ind)
    session.commit()
    return {"pd": pd.id, "tahun": tahun.id, "ind": ind.id}


def _keadaan(session, pd_id: int) -> tuple[int, int]:
    """(the agency's data version, its number of aggregate rows), read in a fresh transaction."""
    session.commit()
    versi_data = session.execute(select(PerangkatDaerah.versi_data).filter_by(id=pd_id)).scalar_one()
    jumlah = session.execute(select(func.count()).select_from(RingkasanKinerja)
                             .where(RingkasanKinerja.perangkat_daerah_id == pd_id)).scalar_one()
    return versi_data, jumlah


def _berkas_baru(tmp_path, nama: str):
    """A stored file standing in for an upload whose row has not been committed."""
    toko = PenyimpananLokal(tmp_path)
    kunci = hashlib.sha256(nama.encode()).hexdigest()
    toko.put(kunci, b"bukti yang belum di-commit")
    return (kunci, toko), Path(toko.path(kunci))


def test_a_write_through_another_session_runs_none_of_the_commit_work(session, agensi, tmp_path):
    sebelum = _keadaan(session, agensi["pd"])
    with Session(db.engine) as lain:
        # A module row (would bump the version), a portal row, and the marks a write service leaves
        # for the aggregates: committed through a session the host made itself.
        lain.add(RealisasiKinerja(indikator_id=agensi["ind"], bulan=3, nilai=Decimal(2)))
        lain.add(Pegawai(nip="199001012015011001", nama="Pegawai Lain", jabatan="Uji", password_hash="x"))
        lain.info[ringkasan._KOTOR] = {(agensi["pd"], agensi["tahun"])}
        lain.commit()
    assert _keadaan(session, agensi["pd"]) == sebelum
    assert session.execute(select(func.count()).select_from(RealisasiKinerja)).scalar_one() == 1

    tanda, berkas = _berkas_baru(tmp_path, "lain")
    with Session(db.engine) as lain:
        lain.info[bukti._BERKAS_BARU] = [tanda]
        lain.add(RealisasiKinerja(indikator_id=agensi["ind"], bulan=4, nilai=Decimal(1)))
        lain.flush()
        lain.rollback()
    assert berkas.exists()


def test_the_module_session_still_runs_all_of_it(session, agensi, tmp_path):
    versi_sebelum, _ = _keadaan(session, agensi["pd"])
    session.add(RealisasiKinerja(indikator_id=agensi["ind"], bulan=3, nilai=Decimal(2)))
    ringkasan.tandai_kotor(agensi["pd"], agensi["tahun"])
    session.commit()
    versi_sesudah, baris = _keadaan(session, agensi["pd"])
    assert versi_sesudah == versi_sebelum + 1
    assert baris == len(PERIODE_RINGKASAN)

    tanda, berkas = _berkas_baru(tmp_path, "modul")
    session.info[bukti._BERKAS_BARU] = [tanda]
    session.add(RealisasiKinerja(indikator_id=agensi["ind"], bulan=4, nilai=Decimal(1)))
    session.flush()
    session.rollback()
    assert not berkas.exists()


def _jumlah_terdaftar(nama: str, fungsi) -> int:
    return sum(1 for f_ in getattr(db.session().dispatch, nama) if f_ is fungsi)


def test_listeners_are_registered_once_per_session_factory_and_never_on_the_session_class(
        app, database_url, tmp_path):
    with app.app_context():
        SIPekerja().init_app(app)  # a second call on the same app
        kedua = create_app(make_test_config(database_url, tmp_path / "kedua"))  # another app, the same db
        register_commit_listeners(db.session)
        for nama, fungsi in PENDENGAR_COMMIT:
            assert _jumlah_terdaftar(nama, fungsi) == 1, nama
            assert not event.contains(Session, nama, fungsi), nama
    assert "sipekerja" in kedua.extensions
    assert [nama for nama, _ in PENDENGAR_COMMIT] == [
        "before_flush", "after_flush", "do_orm_execute", "before_commit", "after_commit",  # data versions
        "after_rollback",
        "before_commit", "after_commit", "after_rollback",  # dashboard aggregates (inline, or queued once committed)
        "after_flush", "after_commit", "after_rollback",  # notification e-mail (queued once committed)
        "after_commit", "after_transaction_end",  # orphan evidence files
        "after_commit", "after_transaction_end",  # orphan minutes of evaluation meetings (tindak lanjut)
    ]
    assert PENDENGAR_COMMIT[3][1] is versi._naikkan_versi
    assert PENDENGAR_COMMIT[6][1] is commit_hooks._perbarui_yang_kotor
    assert PENDENGAR_COMMIT[7][1] is commit_hooks._antrekan_ringkasan
