"""services.versi: every committed write bumps the data version of exactly the agencies it touches
(the key of cached fragments), derived writes bump nothing, and a rollback forgets."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from datetime import timezone
from decimal import Decimal

import pytest
from sqlalchemy import delete
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import AuditLog
from sipekerja_module.models import BuktiDukung
from sipekerja_module.models import Indikator
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import RingkasanKinerja
from sipekerja_module.models import Sasaran
from sipekerja_module.models import Satuan
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import TargetKinerja
from sipekerja_module.services import versi
from tests import factories as f


@pytest.fixture
def dua_pd(session):
    """Two agencies, each with a unit and one indicator of the same year."""
    tahun = f.create_tahun(2024)
    satuan = f.create_satuan("Dokumen")
    ids = {}
    for kode in ("BKPSDM", "DINKES"):
        pd = f.create_perangkat_daerah(kode, f"{kode} Kabupaten Paser")
        unit = f.create_unit(pd, f"{kode}-SEK", "Sekretariat", "sekretariat")
        sasaran = Sasaran(perangkat_daerah_id=pd.id, tahun_id=tahun.id, kode="S1", uraian="Sasaran")
        session.add(sasaran)
        session.flush()
        ind = Indikator(tahun_id=tahun.id, perangkat_daerah_id=pd.id, unit_kerja_id=unit.id, sasaran_id=sasaran.id,
                        uraian=f"Indikator {kode}",
                        satuan_id=satuan.id, polaritas="positif", agregasi="kumulatif", target_tahunan=Decimal(12))
        session.add(ind)
        session.flush()
        ids[kode] = {"pd": pd.id, "ind": ind.id}
    ids["satuan"] = satuan.id
    ids["pengguna"] = f.create_pengguna(unit=None).id
    session.commit()
    return ids


def _versi(session) -> dict[str, int]:
    session.expire_all()
    return dict(session.execute(select(PerangkatDaerah.kode, PerangkatDaerah.versi_data)).all())


def test_a_realisasi_bumps_only_its_own_agency(session, dua_pd):
    sebelum = _versi(session)
    session.add(RealisasiKinerja(indikator_id=dua_pd["BKPSDM"]["ind"], bulan=3, nilai=Decimal(2)))
    session.commit()
    sesudah = _versi(session)
    assert sesudah["BKPSDM"] == sebelum["BKPSDM"] + 1
    assert sesudah["DINKES"] == sebelum["DINKES"]


def test_changing_and_deleting_a_target_bumps_its_agency_each_time(session, dua_pd):
    target = TargetKinerja(indikator_id=dua_pd["DINKES"]["ind"], bulan=1, nilai=Decimal(1))
    session.add(target)
    session.commit()
    v1 = _versi(session)
    target.nilai = Decimal(5)
    session.commit()
    v2 = _versi(session)
    session.delete(target)
    session.commit()
    v3 = _versi(session)
    assert v3["DINKES"] == v2["DINKES"] + 1 == v1["DINKES"] + 2
    assert v3["BKPSDM"] == v1["BKPSDM"]


def test_shared_reference_data_and_bulk_statements_bump_every_agency(session, dua_pd):
    sebelum = _versi(session)
    session.get(Satuan, dua_pd["satuan"]).nama = "Berkas"
    session.commit()
    tengah = _versi(session)
    assert all(tengah[k] == sebelum[k] + 1 for k in sebelum)
    session.execute(delete(TargetKinerja).where(TargetKinerja.bulan == 13))
    session.commit()
    assert all(v == tengah[k] + 1 for k, v in _versi(session).items())


def test_explicit_mark_bumps_the_agency(session, dua_pd):
    sebelum = _versi(session)
    versi.tandai(dua_pd["DINKES"]["pd"])
    session.commit()
    assert _versi(session)["DINKES"] == sebelum["DINKES"] + 1


def test_audit_log_aggregates_and_sign_in_time_bump_nothing(session, dua_pd):
    from sipekerja_module.models import Pengguna

    sebelum = _versi(session)
    session.add(AuditLog(aksi="uji", objek_tipe="Indikator", objek_id=dua_pd["BKPSDM"]["ind"]))
    session.add(RingkasanKinerja(perangkat_daerah_id=dua_pd["BKPSDM"]["pd"], tahun_id=session.execute(
        select(Indikator.tahun_id)).scalars().first(), triwulan=1, jumlah_indikator=1, jumlah_terukur=0))
    session.get(Pengguna, dua_pd["pengguna"]).terakhir_masuk_dt = datetime.now(timezone.utc)
    session.commit()
    assert _versi(session) == sebelum


def test_a_rolled_back_write_bumps_nothing_and_is_forgotten(session, dua_pd):
    sebelum = _versi(session)
    session.add(RealisasiKinerja(indikator_id=dua_pd["BKPSDM"]["ind"], bulan=4, nilai=Decimal(1)))
    session.flush()
    session.rollback()
    session.commit()  # an empty transaction afterwards must not carry the forgotten mark
    assert _versi(session) == sebelum
    assert session.execute(select(RealisasiKinerja)).first() is None


def test_the_version_commits_with_the_data_in_one_transaction(app, session, dua_pd):
    """A reader in another connection never sees the new data under the old version: both land at
    the commit (the UPDATE runs inside the writer's transaction)."""
    sebelum = _versi(session)
    session.add(RealisasiKinerja(indikator_id=dua_pd["BKPSDM"]["ind"], bulan=5, nilai=Decimal(7)))
    session.flush()
    with db.engine.connect() as lain:
        assert lain.execute(select(PerangkatDaerah.versi_data).filter_by(kode="BKPSDM")).scalar_one() \
            == sebelum["BKPSDM"]
    session.commit()
    with db.engine.connect() as lain:
        assert lain.execute(select(PerangkatDaerah.versi_data).filter_by(kode="BKPSDM")).scalar_one() \
            == sebelum["BKPSDM"] + 1


# --- the narrower versions: a write bumps exactly the versions of what it changed ----------------

_SEMPIT = ("versi_data", "versi_rencana", "versi_isian", "versi_terverifikasi")


def _sempit(session, ids: dict) -> dict[str, int]:
    """BKPSDM's versions, its unit's realisasi version and its indicator's monthly-values version."""
    session.expire_all()
    pd = session.get(PerangkatDaerah, ids["pd"])
    ind = session.get(Indikator, ids["ind"])
    return {**{k: getattr(pd, k) for k in _SEMPIT}, "unit": ind.unit_kerja.versi_realisasi, "isi": ind.versi_isi}


def _naik(sebelum: dict, sesudah: dict) -> set[str]:
    return {k for k in sebelum if sesudah[k] != sebelum[k]}


def _status(session, ids: dict, status: str, triwulan: int = 1) -> StatusPeriodeUnit:
    ind = session.get(Indikator, ids["ind"])
    baris = session.scalar(select(StatusPeriodeUnit).filter_by(unit_kerja_id=ind.unit_kerja_id, triwulan=triwulan))
    if baris is None:
        baris = StatusPeriodeUnit(unit_kerja_id=ind.unit_kerja_id, tahun_id=ind.tahun_id, triwulan=triwulan)
        session.add(baris)
    baris.status = status
    return baris


def test_a_value_replaced_in_a_triwulan_not_verified_bumps_the_unit_and_indicator_only(session, dua_pd):
    ids = dua_pd["BKPSDM"]
    session.add(RealisasiKinerja(indikator_id=ids["ind"], bulan=2, nilai=Decimal(1)))
    session.commit()
    sebelum = _sempit(session, ids)
    session.scalar(select(RealisasiKinerja).filter_by(indikator_id=ids["ind"], bulan=2)).nilai = Decimal(5)
    session.commit()
    assert _naik(sebelum, _sempit(session, ids)) == {"versi_data", "unit", "isi"}


def test_filling_or_emptying_a_month_bumps_the_fill_state_too(session, dua_pd):
    ids = dua_pd["BKPSDM"]
    sebelum = _sempit(session, ids)
    session.add(RealisasiKinerja(indikator_id=ids["ind"], bulan=2, nilai=Decimal(1)))
    session.commit()
    tengah = _sempit(session, ids)
    assert _naik(sebelum, tengah) == {"versi_data", "versi_isian", "unit", "isi"}
    session.scalar(select(RealisasiKinerja).filter_by(indikator_id=ids["ind"], bulan=2)).nilai = None
    session.commit()
    assert _naik(tengah, _sempit(session, ids)) == {"versi_data", "versi_isian", "unit", "isi"}


def test_a_value_of_a_verified_triwulan_bumps_the_verified_figures(session, dua_pd):
    ids = dua_pd["BKPSDM"]
    session.add(RealisasiKinerja(indikator_id=ids["ind"], bulan=2, nilai=Decimal(1)))
    _status(session, ids, "terverifikasi")
    session.commit()
    sebelum = _sempit(session, ids)
    session.scalar(select(RealisasiKinerja).filter_by(indikator_id=ids["ind"], bulan=2)).nilai = Decimal(3)
    session.commit()
    assert _naik(sebelum, _sempit(session, ids)) == {"versi_data", "versi_terverifikasi", "unit", "isi"}


def test_a_period_state_bumps_fill_state_verified_figures_unit_and_every_indicator_of_the_unit(session, dua_pd):
    ids = dua_pd["BKPSDM"]
    sebelum = _sempit(session, ids)
    lain = _sempit(session, dua_pd["DINKES"])
    _status(session, ids, "diajukan")
    session.commit()
    assert _naik(sebelum, _sempit(session, ids)) == {"versi_data", "versi_isian", "versi_terverifikasi", "unit", "isi"}
    assert _sempit(session, dua_pd["DINKES"]) == lain


def test_a_plan_write_bumps_every_agency_version_but_no_unit_or_monthly_values(session, dua_pd):
    ids = dua_pd["BKPSDM"]
    sebelum = _sempit(session, ids)
    session.add(TargetKinerja(indikator_id=ids["ind"], bulan=3, nilai=Decimal(4)))
    session.commit()
    assert _naik(sebelum, _sempit(session, ids)) == set(_SEMPIT)


def test_evidence_bumps_the_fill_state_the_unit_and_its_indicator(session, dua_pd):
    ids = dua_pd["BKPSDM"]
    sebelum = _sempit(session, ids)
    session.add(BuktiDukung(indikator_id=ids["ind"], bulan=2, sha256="a" * 64, nama_asli="sk.pdf",
                            mime="application/pdf", ukuran=10))
    session.commit()
    assert _naik(sebelum, _sempit(session, ids)) == {"versi_data", "versi_isian", "unit", "isi"}


def test_the_explicit_mark_bumps_only_the_whole_agency_version(session, dua_pd):
    ids = dua_pd["BKPSDM"]
    sebelum = _sempit(session, ids)
    versi.tandai(ids["pd"])
    session.commit()
    assert _naik(sebelum, _sempit(session, ids)) == {"versi_data"}


def test_two_saves_of_one_indicator_at_once_both_commit(app, session, demo_2024):
    """Regression (MariaDB): a new realisasi holds a shared lock on its indicator (the foreign key
    check) until commit, and a commit bumps the indicator's ``versi_isi``. Two saves of different
    months of one indicator deadlocked, one user getting 409 — unless each writer queues on its
    agency's row before it writes anything (``services.versi._kunci_agensi``)."""
    ind = session.scalar(select(Indikator.id).where(Indikator.unit_kerja_id.is_not(None)).order_by(Indikator.id))
    session.execute(delete(RealisasiKinerja).where(RealisasiKinerja.indikator_id == ind,
                                                   RealisasiKinerja.bulan.in_((7, 8))))
    session.commit()
    hasil: dict[int, str] = {}

    def simpan(bulan: int, tunda_sebelum: float, tunda_sesudah: float) -> None:
        time.sleep(tunda_sebelum)
        with app.app_context():
            try:
                db.session.add(RealisasiKinerja(indikator_id=ind, bulan=bulan, nilai=Decimal(bulan)))
                db.session.flush()
                time.sleep(tunda_sesudah)  # the other save flushes and commits meanwhile
                db.session.commit()
                hasil[bulan] = "ok"
            except Exception as error:  # noqa: BLE001 - the test reports what went wrong
                hasil[bulan] = repr(error)
                db.session.rollback()

    benang = [threading.Thread(target=simpan, args=(7, 0, 1.0)), threading.Thread(target=simpan, args=(8, 0.3, 0))]
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    assert hasil == {7: "ok", 8: "ok"}
    session.expire_all()
    assert session.scalars(select(RealisasiKinerja.bulan).where(
        RealisasiKinerja.indikator_id == ind, RealisasiKinerja.bulan.in_((7, 8)))).all() == [7, 8]
