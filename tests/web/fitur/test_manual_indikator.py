"""The indicator's manual (issue 15 item 8): definisi operasional, formula, sumber data and
penanggung jawab are kept with the indicator (Perencanaan form, audited), shown to whoever enters
or checks it (month form, Pengecekan detail) and printed as a section of the Lampiran PK."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import AuditLog
from sipekerja_module.models import Indikator
from sipekerja_module.models import StatusPeriodeUnit
from tests.integration.test_reports import _teks_pdf

MANUAL = {"definisi_operasional": "Data pegawai di SIMPEG yang diperbarui dari usul unit kerja.",
          "formula": "Jumlah data pegawai yang diperbarui pada bulan berjalan.",
          "sumber_data": "Log pemutakhiran SIMPEG", "penanggung_jawab": "Kepala Subbidang Data"}


def _form(app, ind_id: int, **isian) -> dict:
    with app.app_context():
        obj = db.session.get(Indikator, ind_id)
        return {"uraian": obj.uraian, "satuan_id": str(obj.satuan_id), "polaritas": obj.polaritas,
                "agregasi": obj.agregasi, "rumus_negatif": obj.rumus_negatif,
                "target": str(obj.target_tahunan).replace(".", ","), "versi": str(obj.version), **isian}


def test_the_indicator_form_keeps_the_manual_and_audits_it(app, client_as, demo):
    ind = demo.ind["BKPSDM-PPIK"]
    client = client_as("ppik")
    assert "Definisi operasional" in client.get(f"/sipekerja/perencanaan/indikator/{ind}").get_data(as_text=True)
    response = client.post(f"/sipekerja/perencanaan/indikator/{ind}", data=_form(app, ind, **MANUAL))
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    with app.app_context():
        obj = db.session.get(Indikator, ind)
        assert {k: getattr(obj, k) for k in MANUAL} == MANUAL
        log = db.session.execute(select(AuditLog).filter_by(objek_tipe="Indikator", objek_id=ind, aksi="ubah_indikator")
                                 ).scalars().one()
        assert log.sebelum["formula"] is None and log.sesudah["formula"] == MANUAL["formula"]
    teks = client.get(f"/sipekerja/perencanaan/indikator/{ind}").get_data(as_text=True)
    assert MANUAL["definisi_operasional"] in teks


def test_an_over_long_manual_is_refused_in_indonesian_and_nothing_is_saved(app, client_as, demo):
    ind = demo.ind["BKPSDM-PPIK"]
    response = client_as("ppik").post(f"/sipekerja/perencanaan/indikator/{ind}",
                                      data=_form(app, ind, **{**MANUAL, "definisi_operasional": "D" * 2001}))
    assert response.status_code == 422
    assert "Paling banyak 2000 karakter." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Indikator, ind).formula is None


def test_whoever_enters_or_checks_the_indicator_sees_its_manual(app, client_as, demo):
    ind = demo.ind["BKPSDM-PPIK"]
    assert client_as("ppik").post(f"/sipekerja/perencanaan/indikator/{ind}",
                                  data=_form(app, ind, **MANUAL)).status_code == 302
    bulan = client_as("ppik").get("/sipekerja/realisasi/?tahun=2024&bulan=3").get_data(as_text=True)
    assert "<summary>Manual indikator</summary>" in bulan and MANUAL["sumber_data"] in bulan
    with app.app_context():
        status_id = db.session.execute(select(StatusPeriodeUnit.id).filter_by(
            unit_kerja_id=demo.unit["BKPSDM-PPIK"], triwulan=1)).scalar_one()
    periksa = client_as("utama").get(f"/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024").get_data(as_text=True)
    assert "<summary>Manual indikator</summary>" in periksa and MANUAL["penanggung_jawab"] in periksa


def test_the_lampiran_pk_prints_the_iku_manual(client_as, demo):
    client = client_as("pimpinan")
    teks = " ".join(" ".join(_teks_pdf(client.get("/sipekerja/laporan/lampiran-pk/pdf?tahun=2024").data)).split())
    assert "C. Manual Indikator Kinerja Utama" in teks
    assert "Jumlah ASN yang naik pangkat tepat waktu ÷ jumlah ASN yang berhak naik pangkat × 100%." in teks
    buku = openpyxl.load_workbook(io.BytesIO(client.get("/sipekerja/laporan/lampiran-pk/xlsx?tahun=2024").data))
    ws = buku["Manual Indikator"]
    baris = {row[1].value: [c.value for c in row] for row in ws.iter_rows() if row[1].value}
    assert baris["Indeks Sistem Merit"][4] == "Laporan hasil penilaian sistem merit (KASN / BKN)."
    assert baris["Indeks Profesionalitas ASN"][5] == "Kepala Bidang Penilaian Kinerja Aparatur dan Penghargaan"
