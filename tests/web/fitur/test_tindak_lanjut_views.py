"""Rapat evaluasi dan tindak lanjut hasil pengukuran (issue 16, item 7) through the pages: the demo's
meeting with its proposed findings, a new meeting prefilled from the measurement, decisions carried
to the next triwulan and onto the to-do home, who may write what, bad input saving nothing, the
minutes upload, the report read back, and bounded queries at ten times the demo."""

from __future__ import annotations

import io
import re
from datetime import date
from datetime import datetime
from datetime import timezone

import pypdf
from openpyxl import load_workbook
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import KeputusanRapat
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RapatEvaluasi
from sipekerja_module.models import TemuanRapat
from sipekerja_module.models import UnitKerja
from tests import berkas_contoh as contoh
from tests import factories as f
from tests.integration.test_monitoring import _perbesar
from tests.querycount import QueryCounter

URL = "/sipekerja/tindak-lanjut"


def _rapat(app, triwulan: int = 1) -> RapatEvaluasi:
    with app.app_context():
        rapat = db.session.execute(select(RapatEvaluasi).filter_by(triwulan=triwulan)).scalar_one()
        db.session.expunge(rapat)
        return rapat


def _jumlah(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _flash(client) -> list[str]:
    with client.session_transaction() as sess:
        return [pesan for _, pesan in sess.pop("_flashes", [])]


def _keputusan(app, **filter_) -> KeputusanRapat:
    with app.app_context():
        k = db.session.execute(select(KeputusanRapat).filter_by(**filter_)).scalars().first()
        db.session.expunge(k)
        return k


def _potret(app) -> tuple:
    with app.app_context():
        return tuple(sorted(repr(tuple(r)) for r in db.session.execute(select(m.__table__)).all())
                     for m in (RapatEvaluasi, TemuanRapat, KeputusanRapat))


def test_demo_meeting_of_tw1_shows_findings_from_the_measurement_and_its_decisions(client_as, app):
    rapat = _rapat(app)
    page = client_as("utama").get(f"{URL}/rapat/{rapat.id}").get_data(as_text=True)
    assert "Triwulan I 2024" in page and "Ruang Rapat BKPSDM" in page and "8 Mei 2024" in page
    # Bidang PKA was returned and had not resubmitted when its deadline passed: a late-unit finding.
    assert 'data-sumber="terlambat"' in page and "dikembalikan dan belum diajukan ulang" in page
    assert "Penghargaan kepada Bidang PPIK" in page and 'data-status="selesai"' in page
    assert "Lengkapi bukti dukung Pengelolaan Assessment Center" in page and 'data-status="belum"' in page
    index = client_as("pimpinan").get(f"{URL}/?tahun=2024").get_data(as_text=True)
    assert f'data-rapat="{rapat.id}"' in index and "Catat rapat evaluasi" not in index


def test_a_new_meeting_gets_findings_for_low_predikat_indicators_and_late_units(client_as, app, demo):
    """TW II of the demo: the predikat findings are exactly the indicators the domain bands in the two
    lowest bands; every unit that had not submitted TW II by the end of July is listed as late."""
    from sipekerja_module.domain.pengukuran import hitung_pengukuran
    from sipekerja_module.domain.periode import Periode
    from sipekerja_module.queries.pengukuran import load_skala_aktif
    from sipekerja_module.queries.rencana import load_rencana

    client = client_as("utama")
    r = client.post(f"{URL}/rapat?tahun=2024", data={
        "tahun": "2024", "triwulan": "2", "tanggal": "2024-08-12", "tempat": "Aula BKPSDM",
        "pimpinan_rapat": "Sekretaris BKPSDM", "peserta": "Kepala BKPSDM\nSekretaris"})
    assert r.status_code == 302, _flash(client)
    with app.app_context():
        rapat = db.session.execute(select(RapatEvaluasi).filter_by(triwulan=2)).scalar_one()
        temuan = db.session.execute(select(TemuanRapat).filter_by(rapat_id=rapat.id)).scalars().all()
        pd = db.session.execute(select(PerangkatDaerah)).scalar_one()
        skala = load_skala_aktif()
        hasil = hitung_pengukuran(load_rencana(perangkat_daerah_id=pd.id, tahun_id=demo.tahun),
                                  Periode.triwulanan(2), skala)
        rendah = {b.label for b in skala.bands[:2]}
        assert rendah == {"Sangat Rendah", "Rendah"}
        harapan = {i for i, h in hasil.per_indikator.items() if h.predikat_sd and h.predikat_sd.label in rendah}
        units = db.session.execute(select(UnitKerja.id)).scalars().all()
    assert harapan, "the demo should have low indicators in TW II"
    assert {t.indikator_id for t in temuan if t.sumber == "predikat"} == harapan
    # No unit had TW II verified: every active unit is late after 31 July.
    assert {t.unit_kerja_id for t in temuan if t.sumber == "terlambat"} == set(units)
    page = client.get(f"{URL}/rapat/{rapat.id}").get_data(as_text=True)
    # The TW I decision still open is carried into TW II's page; the finished one is not.
    bawaan = page.split('data-bagian="bawaan"')[1].split('data-bagian="temuan"')[0]
    assert "Lengkapi bukti dukung" in bawaan and "Penghargaan kepada Bidang PPIK" not in bawaan
    assert "TW I 2024" in bawaan


def test_utama_edits_and_removes_findings_and_adds_a_decision(client_as, app):
    client = client_as("utama")
    rapat = _rapat(app)
    with app.app_context():
        t = db.session.execute(select(TemuanRapat).filter_by(rapat_id=rapat.id)).scalars().first()
        tid, versi = t.id, t.version
        mutasi = db.session.execute(select(UnitKerja.id).filter_by(kode="BKPSDM-MUTASI")).scalar_one()
    r = client.post(f"{URL}/temuan/{tid}", data={"unit_kerja_id": "0", "indikator_id": "0",
                                                 "uraian": "Temuan diubah", "versi": str(versi)})
    assert r.status_code == 302, _flash(client)
    r = client.post(f"{URL}/rapat/{rapat.id}/temuan", data={"unit_kerja_id": str(mutasi), "indikator_id": "0",
                                                            "uraian": "Data Mei belum dilaporkan"})
    assert r.status_code == 302
    assert client.post(f"{URL}/temuan/{tid}/hapus").status_code == 302
    r = client.post(f"{URL}/rapat/{rapat.id}/keputusan", data={
        "jenis": "punishment", "uraian": "Teguran tertulis", "unit_kerja_id": str(mutasi),
        "penanggung_jawab": "", "batas_waktu": "2024-06-30", "temuan_id": "0"})
    assert r.status_code == 302, _flash(client)
    page = client.get(f"{URL}/rapat/{rapat.id}").get_data(as_text=True)
    assert "Temuan diubah" not in page and "Data Mei belum dilaporkan" in page and "Teguran tertulis" in page


def test_bad_input_says_why_in_indonesian_and_saves_nothing(client_as, app):
    client = client_as("utama")
    rapat = _rapat(app)
    with app.app_context():
        pd_x = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
        unit_x = f.create_unit(pd_x, "DINKES-UMUM", "Sekretariat Dinkes", "sekretariat").id
        ppik = db.session.execute(select(UnitKerja.id).filter_by(kode="BKPSDM-PPIK")).scalar_one()
        db.session.commit()
    sebelum = _potret(app)
    dasar = {"jenis": "reward", "uraian": "X", "unit_kerja_id": str(ppik), "batas_waktu": "2024-05-01",
             "temuan_id": "0"}
    # A due date before the meeting (8 Mei 2024).
    r = client.post(f"{URL}/rapat/{rapat.id}/keputusan", data=dasar)
    assert r.status_code == 422 and "tidak boleh sebelum tanggal rapat" in r.get_data(as_text=True)
    # A unit of another agency: not among the choices.
    r = client.post(f"{URL}/rapat/{rapat.id}/keputusan", data={**dasar, "batas_waktu": "2024-06-01",
                                                               "unit_kerja_id": str(unit_x)})
    assert r.status_code == 422 and "Pilihan tidak valid" in r.get_data(as_text=True)
    # A meeting for a year that does not exist.
    r = client.post(f"{URL}/rapat?tahun=2024", data={"tahun": "2031", "triwulan": "1", "tanggal": "2031-05-01",
                                                     "tempat": "Aula", "pimpinan_rapat": "Kepala"})
    assert r.status_code == 422 and "Tahun 2031 belum ada di Referensi" in r.get_data(as_text=True)
    # A second meeting for the same triwulan.
    r = client.post(f"{URL}/rapat?tahun=2024", data={"tahun": "2024", "triwulan": "1", "tanggal": "2024-05-01",
                                                     "tempat": "Aula", "pimpinan_rapat": "Kepala"})
    assert r.status_code == 422 and "sudah dicatat" in r.get_data(as_text=True)
    # A stale edit form: 409, nothing overwritten.
    r = client.post(f"{URL}/rapat/{rapat.id}", data={"tanggal": "2024-05-08", "tempat": "Lain",
                                                     "pimpinan_rapat": "Lain", "versi": str(rapat.version + 5)})
    assert r.status_code == 409 and "sudah diubah oleh pengguna lain" in r.get_data(as_text=True)
    # "Selesai" without saying what was done.
    k = _keputusan(app, status="belum")
    r = client.post(f"{URL}/keputusan/{k.id}/status", data={"status": "selesai", "catatan": "",
                                                            "versi": str(k.version)})
    assert r.status_code == 422 and "Catatan tindak lanjut wajib diisi" in r.get_data(as_text=True)
    assert _potret(app) == sebelum


def test_the_service_refuses_a_unit_of_another_agency(app, demo):
    from sipekerja_module.domain.akses import Peran
    from sipekerja_module.domain.akses import Subjek
    from sipekerja_module.domain.errors import NilaiTidakValid
    from sipekerja_module.services import tindak_lanjut as svc

    with app.app_context():
        rapat = db.session.execute(select(RapatEvaluasi).filter_by(triwulan=1)).scalar_one()
        pd_x = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
        unit_x = f.create_unit(pd_x, "DINKES-UMUM", "Sekretariat Dinkes", "sekretariat")
        db.session.commit()
        try:
            svc.save_keputusan(subjek=Subjek(frozenset({Peran.UTAMA})), rapat=rapat, jenis="reward", uraian="X",
                               unit=unit_x, penanggung_jawab=None, batas_waktu=date(2024, 6, 1), oleh=None)
        except NilaiTidakValid as error:
            assert "bukan unit pada perangkat daerah rapat ini" in error.pesan
        else:
            raise AssertionError("a unit of another agency was accepted")
        db.session.rollback()


def test_only_the_utama_writes_the_assigned_unit_reports_its_status(client_as, app):
    rapat = _rapat(app)
    k = _keputusan(app, status="belum")  # assigned to Bidang PKA
    sebelum = _potret(app)
    for key in ("ppik", "pimpinan"):
        client = client_as(key)
        assert client.post(f"{URL}/rapat/{rapat.id}/keputusan", data={}).status_code == 403
        assert client.post(f"{URL}/rapat/{rapat.id}/temuan", data={}).status_code == 403
        assert client.post(f"{URL}/rapat/{rapat.id}", data={}).status_code == 403
        r = client.post(f"{URL}/keputusan/{k.id}/status", data={"status": "dalam_proses", "catatan": "x",
                                                                "versi": str(k.version)})
        assert r.status_code == 403, key
    assert _potret(app) == sebelum
    # Bidang PKA (the assigned unit) reports it; the home lists it with its due date until it is done.
    from sipekerja_module.models import Pengguna
    with app.app_context():
        pka = db.session.execute(select(UnitKerja).filter_by(kode="BKPSDM-PKA")).scalar_one()
        pengguna = f.create_pengguna("199205052015032006", ("bidang",), pka, "Operator PKA")
        db.session.commit()
        pid = pengguna.id
    from tests.masuk import masuk
    client = app.test_client()
    with app.app_context():
        masuk(client, db.session.get(Pengguna, pid))
    home = client.get("/sipekerja/").get_data(as_text=True)
    assert f'data-keputusan="{k.id}"' in home and "14 Juni 2024" in home
    page = client.get(f"{URL}/rapat/{rapat.id}").get_data(as_text=True)
    assert "Penghargaan kepada Bidang PPIK" not in page  # another unit's decision
    assert f'data-form-status="{k.id}"' in page and "Tambah keputusan" not in page
    r = client.post(f"{URL}/keputusan/{k.id}/status", data={"status": "selesai", "catatan": "Sudah diajukan ulang",
                                                            "versi": str(k.version)})
    assert r.status_code == 302, _flash(client)
    assert _keputusan(app, id=k.id).status == "selesai"
    assert f'data-keputusan="{k.id}"' not in client.get("/sipekerja/").get_data(as_text=True)
    # The Pengguna Utama's home lists every open decision; Bidang PPIK has none of its own.
    assert "Tidak ada keputusan rapat evaluasi yang perlu" in client_as("ppik").get("/sipekerja/").get_data(
        as_text=True)


def test_minutes_upload_is_checked_by_content_and_served_with_access_checks(client_as, app):
    client = client_as("utama")
    rapat = _rapat(app)
    sebelum = _potret(app)
    for nama, isi in (("notulen.pdf", contoh.exe()), ("notulen.xlsx", contoh.xlsx()), ("notulen.docx", contoh.pdf())):
        r = client.post(f"{URL}/rapat/{rapat.id}/notulen", content_type="multipart/form-data",
                        data={"berkas": (io.BytesIO(isi), nama)})
        assert r.status_code == 422 and "Berkas ditolak" in r.get_data(as_text=True), nama
    assert _potret(app) == sebelum
    assert client.get(f"{URL}/rapat/{rapat.id}/notulen").status_code == 404
    isi_pdf = contoh.pdf()
    r = client.post(f"{URL}/rapat/{rapat.id}/notulen", content_type="multipart/form-data",
                    data={"berkas": (io.BytesIO(isi_pdf), "notulen rapat TW I.pdf")})
    assert r.status_code == 302, _flash(client)
    unduh = client_as("ppik").get(f"{URL}/rapat/{rapat.id}/notulen")
    assert unduh.status_code == 200 and unduh.data == isi_pdf and unduh.mimetype == "application/pdf"
    assert unduh.headers["X-Content-Type-Options"] == "nosniff" and "attachment" in unduh.headers[
        "Content-Disposition"]
    assert client_as("ppik").post(f"{URL}/rapat/{rapat.id}/notulen", content_type="multipart/form-data",
                                  data={"berkas": (io.BytesIO(contoh.pdf()), "n.pdf")}).status_code == 403


def test_report_reads_back_as_pdf_and_xlsx(client_as, app):
    rapat = _rapat(app)
    client = client_as("pimpinan")
    pdf = client.get(f"{URL}/rapat/{rapat.id}/pdf?ukuran=F4")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    teks = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    teks = re.sub(r"\s+", " ", teks)
    assert "LAPORAN TINDAK LANJUT HASIL PENGUKURAN KINERJA" in teks and "Triwulan I Tahun 2024" in teks
    assert "Penghargaan kepada Bidang PPIK" in teks and "Selesai" in teks and "Piagam penghargaan" in teks
    assert "Kepala Badan Kepegawaian" in teks  # the head of agency signs
    xlsx = client.get(f"{URL}/rapat/{rapat.id}/xlsx")
    lembar = load_workbook(io.BytesIO(xlsx.data)).active
    sel = [str(c.value) for row in lembar.iter_rows() for c in row if c.value]
    assert "LAPORAN TINDAK LANJUT HASIL PENGUKURAN KINERJA" in sel and "C. Keputusan dan Tindak Lanjut" in sel
    assert any("Lengkapi bukti dukung" in s for s in sel)
    assert client_as("ppik").get(f"{URL}/rapat/{rapat.id}/pdf").status_code == 403


def test_pages_and_home_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as):
    rapat = _rapat(app)
    client = client_as("utama")
    baru = client.post(f"{URL}/rapat?tahun=2024", data={"tahun": "2024", "triwulan": "2", "tanggal": "2024-08-12",
                                                        "tempat": "Aula", "pimpinan_rapat": "Kepala"})
    assert baru.status_code == 302
    tw2 = _rapat(app, 2)  # its page carries TW I's open decisions forward
    urls = [f"{URL}/?tahun=2024", f"{URL}/rapat/{rapat.id}", f"{URL}/rapat/{tw2.id}", f"{URL}/rapat/{tw2.id}/pdf",
            f"{URL}/rapat/{rapat.id}/xlsx", "/sipekerja/?tahun=2024"]
    with app.app_context():
        engine = db.engine
    kecil = {}
    for url in urls:
        with QueryCounter(engine) as q:
            assert client.get(url).status_code == 200
        kecil[url] = q.count
    with app.app_context():
        _perbesar(db.session, kali=9)
        _perbesar_tindak_lanjut(db.session, kali=9)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(KeputusanRapat)) >= 100  # the home shows 20
    for url in urls:
        with QueryCounter(engine) as q:
            assert client.get(url).status_code == 200
        assert q.count == kecil[url], (url, kecil[url], q.count)
        assert q.count <= 40, (url, q.count)
    print("query counts:", kecil)


def _perbesar_tindak_lanjut(session, kali: int) -> None:
    """Copy every finding ``kali`` times and add many open decisions (the home must stay bounded)."""
    for rapat in session.execute(select(RapatEvaluasi)).scalars().all():
        temuan = session.execute(select(TemuanRapat).filter_by(rapat_id=rapat.id)).scalars().all()
        keputusan = session.execute(select(KeputusanRapat).filter_by(rapat_id=rapat.id)).scalars().all()
        for i in range(kali):
            session.add_all(TemuanRapat(rapat_id=rapat.id, unit_kerja_id=t.unit_kerja_id, indikator_id=t.indikator_id,
                                        uraian=f"{t.uraian} #{i}", sumber=t.sumber) for t in temuan)
            for _ in range(6):
                session.add_all(KeputusanRapat(rapat_id=rapat.id, jenis=k.jenis, uraian=f"{k.uraian} #{i}",
                                               unit_kerja_id=k.unit_kerja_id, batas_waktu=k.batas_waktu,
                                               status="dalam_proses") for k in keputusan)
    session.flush()


def test_two_first_records_of_the_same_triwulan_at_once_answer_409_with_nothing_half_saved(client_as, app,
                                                                                          monkeypatch):
    """Another user records TW III between this request's check and its insert: the unique row makes the
    insert lose, and the answer is 409 with the form kept, not 500; only the other user's meeting exists."""
    from sipekerja_module.services import tindak_lanjut as svc

    asli = svc.periksa_tanggal_rapat

    def balapan(tanggal, tahun):
        with app.app_context():
            engine = db.engine
        with engine.begin() as conn:  # the other user's transaction, committed first
            pd, th = conn.execute(select(RapatEvaluasi.perangkat_daerah_id, RapatEvaluasi.tahun_id)).first()
            conn.execute(RapatEvaluasi.__table__.insert().values(
                perangkat_daerah_id=pd, tahun_id=th, triwulan=3, tanggal=date(2024, 11, 1), tempat="Lain",
                pimpinan_rapat="Lain", peserta="", version=1, created_dt=datetime.now(timezone.utc),
                updated_dt=datetime.now(timezone.utc)))
        return asli(tanggal, tahun)

    monkeypatch.setattr(svc, "periksa_tanggal_rapat", balapan)
    client = client_as("utama")
    r = client.post(f"{URL}/rapat?tahun=2024", data={"tahun": "2024", "triwulan": "3", "tanggal": "2024-11-05",
                                                     "tempat": "Aula Kita", "pimpinan_rapat": "Kepala"})
    assert r.status_code == 409, r.status_code
    html = r.get_data(as_text=True)
    assert "sudah diubah oleh pengguna lain" in html and 'value="Aula Kita"' in html
    with app.app_context():
        tw3 = db.session.execute(select(RapatEvaluasi).filter_by(triwulan=3)).scalars().all()
        assert [t.tempat for t in tw3] == ["Lain"]
        assert db.session.scalar(select(func.count()).select_from(TemuanRapat).where(
            TemuanRapat.rapat_id == tw3[0].id)) == 0


def test_a_follow_up_bumps_the_data_version_of_its_own_agency_only(client_as, app):
    """Cached pages are keyed by each agency's data version: a finding without unit or indicator still
    belongs to its meeting's agency, so another agency's cache is left alone."""
    with app.app_context():
        pd_x = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan")
        db.session.commit()
        x = pd_x.id

    def versi():
        with app.app_context():
            return dict(db.session.execute(select(PerangkatDaerah.id, PerangkatDaerah.versi_data)).all())

    rapat = _rapat(app)
    sebelum = versi()
    r = client_as("utama").post(f"{URL}/rapat/{rapat.id}/temuan", data={"unit_kerja_id": "0", "indikator_id": "0",
                                                                         "uraian": "Temuan seluruh perangkat daerah"})
    assert r.status_code == 302
    sesudah = versi()
    assert sesudah[x] == sebelum[x] and sesudah[rapat.perangkat_daerah_id] == sebelum[rapat.perangkat_daerah_id] + 1
