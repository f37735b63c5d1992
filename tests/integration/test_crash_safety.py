"""Crash safety (issue 7): a failure injected in the middle of each multi-row write leaves
nothing half-written, and an upload whose database write fails leaves no orphan file.

Each write is driven through its HTTP view, as a user would: the view does one commit at the
end, so an exception in the middle must lead to a rollback. The fault is injected by
monkeypatching one of our own functions (or the session's flush) to raise after some rows were
already flushed; the app answers with its 500 page, and every table (module and portal) must
be exactly as before.
"""

from __future__ import annotations

import io
import os

import pytest
from openpyxl import load_workbook
from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal_stub.extensions import db
from sipekerja_module.models import BuktiDukung
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.services import audit
from sipekerja_module.services import nomenklatur as nomenklatur_svc
from sipekerja_module.services import perencanaan as perencanaan_svc
from sipekerja_module.services import realisasi as realisasi_svc
from sipekerja_module.services import target_xlsx
from tests import berkas_contoh as contoh
from tests.web.fitur.conftest import client_as  # noqa: F401  (fixtures shared with the page tests)
from tests.web.fitur.conftest import demo  # noqa: F401
from tests.web.fitur.conftest import tw2_dibuka  # noqa: F401
from tests.web.fitur.test_hostile_input import potret


class Gangguan(RuntimeError):
    """The injected fault."""


@pytest.fixture
def app_500(app):
    """The app answering an unexpected exception with its 500 page instead of raising in the test."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def gagal_pada(monkeypatch, modul, nama: str, ke: int = 1):
    """Make ``modul.nama`` raise :class:`Gangguan` on its ``ke``-th call (earlier calls run normally).

    :return: a list that records every call, to prove the fault hit mid-way.
    """
    asli = getattr(modul, nama)
    panggilan: list[int] = []

    def pengganti(*args, **kwargs):
        panggilan.append(1)
        if len(panggilan) == ke:
            raise Gangguan(f"gangguan buatan pada {nama} ke-{ke}")
        return asli(*args, **kwargs)

    monkeypatch.setattr(modul, nama, pengganti)
    return panggilan


def assert_utuh(app, response, sebelum):
    """A clean 5xx page in Indonesian, and not one row changed."""
    assert response.status_code == 500, response.status_code
    assert "Terjadi kesalahan" in response.get_data(as_text=True)
    assert potret(app) == sebelum


def _versi(app, model, obj_id):
    with app.app_context():
        return db.session.get(model, obj_id).version


# --- plan grids ----------------------------------------------------------------------------------


def test_target_grid_failing_after_the_rows_were_flushed_writes_nothing(app_500, demo, client_as, monkeypatch):
    app, ind = app_500, demo.ind["BKPSDM-PPIK"]
    with app.app_context():
        target = db.session.get(Indikator, ind).target_tahunan
    sebelum = potret(app)
    # The twelve rows and the indicator's new version are flushed; the audit record then fails.
    panggilan = gagal_pada(monkeypatch, perencanaan_svc, "record_audit")
    data = {**{f"b{b}": "" for b in range(1, 13)}, "b12": str(target).replace(".", ","),
            "versi": str(_versi(app, Indikator, ind))}
    response = client_as("ppik").post(f"/sipekerja/perencanaan/indikator/{ind}/target", data=data)
    assert panggilan and response.status_code == 500
    assert_utuh(app, response, sebelum)


def test_budget_grid_failing_mid_way_writes_nothing(app_500, demo, client_as, monkeypatch):
    app, sub = app_500, demo.sub["BKPSDM-PPIK"]
    sebelum = potret(app)
    panggilan = gagal_pada(monkeypatch, perencanaan_svc, "record_audit")
    data = {**{f"b{b}": "1.000" for b in range(1, 13)}, "pagu": "99.000.000",
            "versi": str(_versi(app, NodeRencana, sub))}
    response = client_as("ppik").post(f"/sipekerja/perencanaan/node/{sub}/anggaran", data=data)
    assert panggilan
    assert_utuh(app, response, sebelum)


def test_plan_lock_failing_after_the_status_changed_writes_nothing(app_500, demo, client_as, monkeypatch):
    sebelum = potret(app_500)
    gagal_pada(monkeypatch, perencanaan_svc, "record_audit")
    assert_utuh(app_500, client_as("utama").post("/sipekerja/perencanaan/tetapkan?tahun=2024"), sebelum)


# --- realisasi month -----------------------------------------------------------------------------


def _isian_bulan(app, demo):
    with app.app_context():
        ind = db.session.execute(select(Indikator.id).filter_by(unit_kerja_id=demo.unit["BKPSDM-PPIK"])
                                 .order_by(Indikator.id)).scalars().all()
    assert len(ind) >= 3
    data = {f"k-{i}-nilai": str(n + 1) for n, i in enumerate(ind)}
    data[f"a-{demo.sub['BKPSDM-PPIK']}-nilai"] = "250.000"
    return ind, data


def test_realisasi_month_failing_on_the_third_row_writes_nothing(app_500, demo, client_as, tw2_dibuka,
                                                                 monkeypatch):
    app = app_500
    ind, data = _isian_bulan(app, demo)
    sebelum = potret(app)
    panggilan = gagal_pada(monkeypatch, realisasi_svc, "record_audit", ke=3)
    response = client_as("ppik").post("/sipekerja/realisasi/?bulan=6&tahun=2024", data=data)
    assert len(panggilan) == 3  # two rows were flushed with their audit records before the fault
    assert_utuh(app, response, sebelum)
    with app.app_context():
        assert db.session.execute(select(RealisasiKinerja).filter_by(bulan=6)).first() is None


def test_realisasi_month_whose_final_flush_fails_writes_nothing(app_500, demo, client_as, tw2_dibuka,
                                                                monkeypatch):
    app = app_500
    _, data = _isian_bulan(app, demo)
    sebelum = potret(app)
    gagal_pada(monkeypatch, realisasi_svc, "flush_or_conflict")
    assert_utuh(app, client_as("ppik").post("/sipekerja/realisasi/?bulan=6&tahun=2024", data=data), sebelum)


# --- spreadsheet import --------------------------------------------------------------------------


def test_spreadsheet_import_failing_mid_way_writes_nothing(app_500, demo, client_as, monkeypatch):
    app, ppik = app_500, client_as("ppik")
    templat = ppik.get("/sipekerja/perencanaan/xlsx?tahun=2024")
    assert templat.status_code == 200
    buku = load_workbook(io.BytesIO(templat.data))
    lembar = buku["Target Anggaran"]
    baris = [r for r in range(3, lembar.max_row + 1) if isinstance(lembar.cell(r, 1).value, int)]
    assert len(baris) >= 3
    for r in baris:  # raise every pagu: each row is a valid change
        lembar.cell(r, 5).value = (lembar.cell(r, 5).value or 0) + 1_000_000
    out = io.BytesIO()
    buku.save(out)
    sebelum = potret(app)
    # The first sub kegiatan is saved (rows, pagu, version, audit); the second one fails.
    panggilan = gagal_pada(monkeypatch, target_xlsx, "save_anggaran", ke=2)
    response = ppik.post("/sipekerja/perencanaan/xlsx?tahun=2024", content_type="multipart/form-data",
                         data={"berkas": (io.BytesIO(out.getvalue()), "target.xlsx")})
    assert len(panggilan) == 2
    assert_utuh(app, response, sebelum)


# --- verification --------------------------------------------------------------------------------


@pytest.fixture
def pengajuan(app, demo, client_as, tw2_dibuka):
    ppik = client_as("ppik")
    _, data = _isian_bulan(app, demo)
    assert ppik.post("/sipekerja/realisasi/?bulan=6&tahun=2024", data=data).status_code == 302
    assert ppik.post("/sipekerja/realisasi/ajukan?bulan=6&tahun=2024").status_code == 302
    with app.app_context():
        return db.session.execute(select(StatusPeriodeUnit.id).filter_by(
            unit_kerja_id=demo.unit["BKPSDM-PPIK"], triwulan=2)).scalar_one()


@pytest.mark.parametrize("titik", ["flush_or_conflict", "record_audit"])
def test_returning_a_submission_failing_mid_way_writes_nothing(app_500, client_as, pengajuan, monkeypatch, titik):
    """``flush_or_conflict``: the status is changed and the note added, but not yet flushed;
    ``record_audit``: both are flushed, the audit record fails."""
    sebelum = potret(app_500)
    gagal_pada(monkeypatch, realisasi_svc, titik)
    response = client_as("utama").post(f"/sipekerja/realisasi/pengecekan/{pengajuan}?tahun=2024",
                                       data={"aksi": "kembalikan", "alasan": "Lampirkan daftar hadir"})
    assert_utuh(app_500, response, sebelum)
    with app_500.app_context():
        assert db.session.get(StatusPeriodeUnit, pengajuan).status == "diajukan"


def test_verifying_a_submission_failing_mid_way_writes_nothing(app_500, client_as, pengajuan, monkeypatch):
    sebelum = potret(app_500)
    gagal_pada(monkeypatch, realisasi_svc, "record_audit")
    response = client_as("utama").post(f"/sipekerja/realisasi/pengecekan/{pengajuan}?tahun=2024",
                                       data={"aksi": "verifikasi"})
    assert_utuh(app_500, response, sebelum)


# --- nomenclature import -------------------------------------------------------------------------


class _SesiGagalSetelahFlush:
    """The module's session, whose flush writes and then fails (a lost connection after the INSERTs)."""

    def __init__(self, asli):
        self._asli = asli

    def flush(self, *args, **kwargs):
        self._asli.flush(*args, **kwargs)
        raise Gangguan("koneksi terputus setelah flush")

    def __getattr__(self, nama):
        return getattr(self._asli, nama)


def test_nomenclature_import_failing_after_its_flush_writes_nothing(app_500, demo, client_as, monkeypatch):
    monkeypatch.setattr(nomenklatur_svc, "db_session", _SesiGagalSetelahFlush(nomenklatur_svc.db_session))
    csv = ("kode,level,nama\n5.03.02.2.01.0097,sub_kegiatan,Baru Satu\n5.03.02.2.01.0098,sub_kegiatan,Baru Dua\n"
           "5.03.02.2.01.0010,sub_kegiatan,Nama Diubah\n")
    sebelum = potret(app_500)
    response = client_as("utama").post("/sipekerja/referensi/nomenklatur/impor", content_type="multipart/form-data",
                                       data={"berkas": (io.BytesIO(csv.encode()), "nomenklatur.csv")})
    assert_utuh(app_500, response, sebelum)


# --- upload ----------------------------------------------------------------------------------------


def _berkas(app) -> list[str]:
    root = app.config["SIPEKERJA_STORAGE_DIR"]
    return sorted(os.path.join(d, n) for d, _, names in os.walk(root) for n in names)


@pytest.fixture
def flush_bukti_gagal():
    """Every flush that would insert a BuktiDukung fails (the database refuses the row)."""

    def tolak(session, flush_context, instances):
        if any(isinstance(obj, BuktiDukung) for obj in session.new):
            raise Gangguan("basis data menolak baris bukti dukung")

    event.listen(Session, "before_flush", tolak)
    yield
    event.remove(Session, "before_flush", tolak)


def _unggah(client, ind, data=None, nama="sk.pdf"):
    return client.post("/sipekerja/realisasi/bukti?tahun=2024", content_type="multipart/form-data",
                       data={"indikator_id": str(ind), "bulan": "6",
                             "berkas": (io.BytesIO(data or contoh.pdf()), nama)})


def test_upload_whose_database_write_fails_leaves_no_orphan_file(app_500, demo, client_as, tw2_dibuka,
                                                                  flush_bukti_gagal):
    app = app_500
    ind = demo.ind["BKPSDM-PPIK"]
    sebelum, berkas_sebelum = potret(app), _berkas(app)
    assert_utuh(app, _unggah(client_as("ppik"), ind), sebelum)
    assert _berkas(app) == berkas_sebelum, "the stored file outlived its rolled-back row"


def test_upload_whose_audit_record_fails_leaves_no_orphan_file(app_500, demo, client_as, tw2_dibuka,
                                                               monkeypatch):
    from sipekerja_module.services import bukti as bukti_svc

    app = app_500
    sebelum, berkas_sebelum = potret(app), _berkas(app)
    gagal_pada(monkeypatch, bukti_svc, "record_audit")
    assert_utuh(app, _unggah(client_as("ppik"), demo.ind["BKPSDM-PPIK"], contoh.png(), "foto.png"), sebelum)
    assert _berkas(app) == berkas_sebelum


def test_failed_upload_keeps_a_file_a_committed_row_already_uses(app_500, demo, client_as, tw2_dibuka,
                                                                 monkeypatch):
    app, ppik = app_500, client_as("ppik")
    demo_berkas = _berkas(app)  # the demo's own Triwulan I evidence file
    assert _unggah(ppik, demo.ind["BKPSDM-PPIK"]).status_code == 302
    tersimpan = _berkas(app)
    assert len(tersimpan) == len(demo_berkas) + 1
    from sipekerja_module.services import bukti as bukti_svc

    gagal_pada(monkeypatch, bukti_svc, "record_audit")
    sebelum = potret(app)
    assert_utuh(app, _unggah(ppik, demo.ind["BKPSDM-PPIK"]), sebelum)  # same content, same file
    assert _berkas(app) == tersimpan


def test_audit_is_never_committed_without_its_change(app_500, demo, client_as, monkeypatch):
    """The audit trail is written in the same transaction: a change that fails after its audit
    record leaves neither (the record is not committed on its own)."""
    app, ind = app_500, demo.ind["BKPSDM-PPIK"]
    sebelum = potret(app)
    asli = audit.record_audit

    def audit_lalu_gagal(**kwargs):
        asli(**kwargs)
        raise Gangguan("gagal setelah catatan audit")

    monkeypatch.setattr(perencanaan_svc, "record_audit", audit_lalu_gagal)
    with app.app_context():
        obj = db.session.get(Indikator, ind)
        data = {"uraian": "Uraian baru", "satuan_id": str(obj.satuan_id), "polaritas": "positif",
                "agregasi": obj.agregasi, "rumus_negatif": "selisih",
                "target": str(obj.target_tahunan).replace(".", ","), "versi": str(obj.version)}
    assert_utuh(app, client_as("ppik").post(f"/sipekerja/perencanaan/indikator/{ind}", data=data), sebelum)
