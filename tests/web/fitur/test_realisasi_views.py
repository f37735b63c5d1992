"""Realisasi pages: entry with belum lapor vs 0, windows enforced, hostile uploads refused with
nothing stored, Bidang isolation, checking by Utama, bounded queries per page."""

import os

import pytest
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import BuktiDukung
from sipekerja_module.models import Indikator
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import StatusPeriodeUnit
from tests import berkas_contoh as contoh
from tests.integration.test_monitoring import _perbesar
from tests.querycount import QueryCounter


def _ind(app, unit_id):
    with app.app_context():
        return db.session.execute(select(Indikator.id).filter_by(unit_kerja_id=unit_id).order_by(Indikator.id)) \
            .scalars().all()


def _bukti_count(app):
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(BuktiDukung)).scalar_one()


def _files(app):
    root = app.config["SIPEKERJA_STORAGE_DIR"]
    return [n for _, _, names in os.walk(root) for n in names]


def test_month_form_shows_belum_lapor_and_a_real_zero_is_kept(app, client_as, demo, tw2_dibuka):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])
    client = client_as("ppik")
    page = client.get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    assert "data-belum-lapor" in page
    response = client.post("/sipekerja/realisasi/?bulan=6&tahun=2024",
                           data={f"k-{ind[0]}-nilai": "0", f"k-{ind[1]}-nilai": "", f"k-{ind[0]}-keterangan": "Nihil"})
    assert response.status_code == 302
    with app.app_context():
        rows = dict(db.session.execute(select(RealisasiKinerja.indikator_id, RealisasiKinerja.nilai)
                                       .filter_by(bulan=6)).all())
    assert rows[ind[0]] == 0 and ind[1] not in rows


def test_closed_window_refuses_bidang_writes_server_side(app, client_as, demo):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    response = client_as("ppik").post("/sipekerja/realisasi/?bulan=6&tahun=2024", data={f"k-{ind}-nilai": "3"})
    assert response.status_code == 403
    assert "Jendela input sudah ditutup" in response.get_data(as_text=True)


def test_bad_number_keeps_what_was_typed_and_saves_nothing(app, client_as, demo, tw2_dibuka):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])
    response = client_as("ppik").post("/sipekerja/realisasi/?bulan=6&tahun=2024",
                                      data={f"k-{ind[0]}-nilai": "2", f"k-{ind[1]}-nilai": "dua"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="dua"' in html and 'value="2"' in html
    with app.app_context():
        jumlah = select(func.count()).select_from(RealisasiKinerja).filter_by(bulan=6)
        assert db.session.execute(jumlah).scalar_one() == 0


def test_another_units_indicator_in_the_form_is_refused(app, client_as, demo, tw2_dibuka):
    asing = _ind(app, demo.unit["BKPSDM-MUTASI"])[0]
    response = client_as("ppik").post("/sipekerja/realisasi/?bulan=6&tahun=2024", data={f"k-{asing}-nilai": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize("nama, data, pesan", [
    ("laporan.pdf", contoh.exe(), "tidak dikenali"),
    ("foto.jpg", contoh.jpeg() + contoh.zip_biasa(), "data tambahan"),
    ("../../etc/passwd.pdf", contoh.pdf(), "garis miring"),
    ("sk\x07.pdf", contoh.pdf(), "karakter kendali"),
])
def test_hostile_uploads_are_refused_and_nothing_is_stored(app, client_as, demo, tw2_dibuka, nama, data, pesan):
    import io

    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    sebelum = (_bukti_count(app), _files(app))  # the demo's own Triwulan I evidence
    response = client_as("ppik").post("/sipekerja/realisasi/bukti?tahun=2024", data={
        "indikator_id": str(ind), "bulan": "6", "berkas": (io.BytesIO(data), nama)},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert pesan in response.get_data(as_text=True)
    assert (_bukti_count(app), _files(app)) == sebelum


def test_oversize_upload_is_refused(app, client_as, demo, tw2_dibuka):
    import io

    app.config["SIPEKERJA_MAX_UPLOAD_BYTES"] = 2048
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    sebelum = _files(app)
    response = client_as("ppik").post("/sipekerja/realisasi/bukti?tahun=2024", data={
        "indikator_id": str(ind), "bulan": "6", "berkas": (io.BytesIO(contoh.pdf() + b" " * 4096), "sk.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 422 and "melebihi batas" in response.get_data(as_text=True)
    assert _files(app) == sebelum


def test_upload_against_another_units_indicator_is_403_and_stores_nothing(app, client_as, demo, tw2_dibuka):
    import io

    asing = _ind(app, demo.unit["BKPSDM-MUTASI"])[0]
    sebelum = (_bukti_count(app), _files(app))
    response = client_as("ppik").post("/sipekerja/realisasi/bukti?tahun=2024", data={
        "indikator_id": str(asing), "bulan": "6", "berkas": (io.BytesIO(contoh.pdf()), "sk.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 403 and (_bukti_count(app), _files(app)) == sebelum


def test_evidence_is_served_only_to_who_may_see_the_unit(app, client_as, demo, tw2_dibuka):
    import io

    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    ppik = client_as("ppik")
    ppik.post("/sipekerja/realisasi/bukti?tahun=2024", data={
        "indikator_id": str(ind), "bulan": "6", "berkas": (io.BytesIO(contoh.png()), "foto <b>.png")},
        content_type="multipart/form-data")
    with app.app_context():
        bukti_id = db.session.execute(select(BuktiDukung.id).filter_by(bulan=6)).scalar_one()
    unduh = ppik.get(f"/sipekerja/realisasi/bukti/{bukti_id}")
    assert unduh.status_code == 200 and unduh.data == contoh.png()
    assert unduh.headers["X-Content-Type-Options"] == "nosniff" and "attachment" in unduh.headers["Content-Disposition"]
    assert "inline" in ppik.get(f"/sipekerja/realisasi/bukti/{bukti_id}?pratinjau=1").headers["Content-Disposition"]
    assert client_as("mutasi").get(f"/sipekerja/realisasi/bukti/{bukti_id}").status_code == 403
    assert client_as("utama").get(f"/sipekerja/realisasi/bukti/{bukti_id}").status_code == 200
    page = ppik.get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    assert "foto &lt;b&gt;.png" in page and "foto <b>.png" not in page


def isi_juni(client, app, unit_id, nilai="1"):
    """Fill every indicator of the unit for June (April and May come filled in the demo)."""
    data = {f"k-{i}-nilai": nilai for i in _ind(app, unit_id)}
    assert client.post("/sipekerja/realisasi/?bulan=6&tahun=2024", data=data).status_code == 302


def test_submit_return_resubmit_verify_through_the_pages(app, client_as, demo, tw2_dibuka):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    ppik, utama = client_as("ppik"), client_as("utama")
    isi_juni(ppik, app, demo.unit["BKPSDM-PPIK"])
    assert ppik.post("/sipekerja/realisasi/ajukan?bulan=6&tahun=2024").status_code == 302
    with app.app_context():
        status_id = db.session.execute(select(StatusPeriodeUnit.id).filter_by(
            unit_kerja_id=demo.unit["BKPSDM-PPIK"], triwulan=2)).scalar_one()
    assert ppik.get("/sipekerja/realisasi/pengecekan").status_code == 403
    assert ppik.post(f"/sipekerja/realisasi/pengecekan/{status_id}", data={"aksi": "verifikasi"}).status_code == 403
    daftar = utama.get("/sipekerja/realisasi/pengecekan?status=diajukan&tahun=2024").get_data(as_text=True)
    assert f'data-pengajuan="{status_id}"' in daftar
    tanpa_catatan = utama.post(f"/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024",
                               data={"aksi": "kembalikan", "alasan": ""}, follow_redirects=True)
    assert "Catatan pengembalian wajib diisi" in tanpa_catatan.get_data(as_text=True)
    utama.post(f"/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024",
               data={"aksi": "kembalikan", "alasan": "Lampirkan daftar hadir"})
    halaman = ppik.get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    assert "Lampirkan daftar hadir" in halaman and 'data-status="dikembalikan"' in halaman
    ppik.post("/sipekerja/realisasi/?bulan=6&tahun=2024", data={f"k-{ind}-nilai": "2"})
    ppik.post("/sipekerja/realisasi/ajukan?bulan=6&tahun=2024")
    utama.post(f"/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024", data={"aksi": "verifikasi"})
    riwayat = utama.get(f"/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024").get_data(as_text=True)
    assert riwayat.count("→") == 4 and "Terverifikasi" in riwayat
    # After verification the old return note is history, not a banner, on both sides.
    assert "data-catatan-kini" not in riwayat and "Lampirkan daftar hadir" in riwayat
    halaman = ppik.get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    assert "data-catatan-kini" not in halaman


def test_ajukan_with_an_empty_month_is_refused_and_the_message_lists_what_is_missing(app, client_as, demo,
                                                                                        tw2_dibuka):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])
    ppik = client_as("ppik")
    ppik.post("/sipekerja/realisasi/?bulan=6&tahun=2024", data={f"k-{ind[0]}-nilai": "1"})
    halaman = ppik.get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    assert "data-kekurangan" in halaman and "Belum dapat diajukan" in halaman
    respons = ppik.post("/sipekerja/realisasi/ajukan?bulan=6&tahun=2024", follow_redirects=True)
    teks = respons.get_data(as_text=True)
    assert "Triwulan II belum dapat diajukan" in teks and "Juni:" in teks and "belum diisi" in teks
    with app.app_context():
        assert db.session.execute(select(StatusPeriodeUnit.status).filter_by(
            unit_kerja_id=demo.unit["BKPSDM-PPIK"], triwulan=2)).scalar_one() == "draf"


def test_tidak_ada_realisasi_with_reason_fills_a_month_and_the_ajukan_asks_for_confirmation(app, client_as, demo,
                                                                                          tw2_dibuka):
    unit = demo.unit["BKPSDM-PPIK"]
    ind = _ind(app, unit)
    ppik = client_as("ppik")
    data = {f"k-{i}-nilai": "1" for i in ind[1:]} | {f"k-{ind[0]}-nilai": ""}
    tanpa_alasan = ppik.post("/sipekerja/realisasi/?bulan=6&tahun=2024", data={**data, f"k-{ind[0]}-tanpa": "y"})
    assert tanpa_alasan.status_code == 422 and "alasan" in tanpa_alasan.get_data(as_text=True)
    data.update({f"k-{ind[0]}-tanpa": "y", f"k-{ind[0]}-alasan_tanpa": "Tidak ada usulan pensiun bulan Juni"})
    assert ppik.post("/sipekerja/realisasi/?bulan=6&tahun=2024", data=data).status_code == 302
    halaman = ppik.get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    assert "Tidak ada usulan pensiun bulan Juni" in halaman and "data-kekurangan" not in halaman
    assert 'data-konfirmasi="Ajukan Triwulan II' in halaman
    assert ppik.post("/sipekerja/realisasi/ajukan?bulan=6&tahun=2024").status_code == 302
    with app.app_context():
        row = db.session.execute(select(RealisasiKinerja).filter_by(indikator_id=ind[0], bulan=6)).scalar_one()
        assert row.nilai is None and row.tanpa_realisasi


def test_input_page_shows_the_window_and_its_closing_moment_in_wita(app, client_as, demo):
    ppik = client_as("ppik")
    tertutup = ppik.get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    assert "s.d. 31 Juli 2024 pukul 23.59 WITA" in tertutup and "Jendela input ditutup" in tertutup


def test_window_reopened_for_one_unit_shows_that_units_own_date_and_the_bidang_lands_on_it(app, client_as, demo):
    from datetime import datetime
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from sipekerja_module.domain.alur import format_batas
    from sipekerja_module.models import JendelaInput
    from sipekerja_module.models import PembukaanJendela

    wita = ZoneInfo("Asia/Makassar")
    sampai = (datetime.now(wita) + timedelta(days=3)).replace(second=0, microsecond=0)
    with app.app_context():
        tw2 = db.session.execute(select(JendelaInput).filter_by(tahun_id=demo.tahun, triwulan=2)).scalar_one()
        db.session.add(PembukaanJendela(jendela_id=tw2.id, unit_kerja_id=demo.unit["BKPSDM-PPIK"], sampai_dt=sampai,
                                        alasan="Server down", oleh_id=None))
        db.session.commit()
    halaman = client_as("ppik").get("/sipekerja/realisasi/?tahun=2024").get_data(as_text=True)
    assert "Realisasi Juni 2024" in halaman and format_batas(sampai) in halaman
    assert "Jendela input terbuka" in halaman
    lain = client_as("mutasi").get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    assert "s.d. 31 Juli 2024 pukul 23.59 WITA" in lain and "Jendela input ditutup" in lain


def test_pages_do_a_bounded_number_of_queries_with_ten_times_the_demo(app, client_as, demo):
    client = client_as("utama")
    urls = ["/sipekerja/realisasi/?bulan=5&tahun=2024&unit=%d" % demo.unit["BKPSDM-PPIK"],
            "/sipekerja/realisasi/monitoring?tahun=2024", "/sipekerja/perencanaan/?tahun=2024",
            "/sipekerja/realisasi/pengecekan?tahun=2024"]
    with app.app_context():
        engine = db.engine
    kecil = {}
    for url in urls:
        with QueryCounter(engine) as q:
            assert client.get(url).status_code == 200
        kecil[url] = q.count
    with app.app_context():
        _perbesar(db.session, kali=9)
        db.session.commit()
    for url in urls:
        with QueryCounter(engine) as q:
            assert client.get(url).status_code == 200
        assert q.count == kecil[url], (url, kecil[url], q.count)
        assert q.count <= 25, (url, q.count)
