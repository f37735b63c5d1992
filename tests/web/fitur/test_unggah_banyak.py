"""Several bukti dukung in one upload (issue 15 item 11: a PPTK sends the photos of a month from
the field at once): all are stored, or — when one is refused — none, with the refused file named."""

import hashlib
import io

from markupsafe import escape
from PIL import Image
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import BuktiDukung
from tests import berkas_contoh as contoh
from tests.web.fitur.test_realisasi_views import _bukti_count
from tests.web.fitur.test_realisasi_views import _files
from tests.web.fitur.test_realisasi_views import _ind

URL = "/sipekerja/realisasi/bukti?tahun=2024"


def _png_unik() -> bytes:
    """A valid image no other test or the demo stores (its own content hash)."""
    buf = io.BytesIO()
    Image.new("RGB", (9, 7), (1, 2, 3)).save(buf, format="PNG")
    return buf.getvalue()


def _unggah(client, ind, *berkas):
    response = client.post(URL, content_type="multipart/form-data", data={
        "indikator_id": str(ind), "bulan": "6", "berkas": [(io.BytesIO(data), nama) for nama, data in berkas]})
    return response


def test_the_month_form_lets_several_files_be_chosen_at_once(app, client_as, demo, tw2_dibuka):
    html = client_as("ppik").get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    assert 'name="berkas"' in html and " multiple" in html.split('id="berkas"', 1)[1].split(">", 1)[0]


def test_several_files_in_one_upload_are_all_stored(app, client_as, demo, tw2_dibuka):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    client = client_as("ppik")
    sebelum = _bukti_count(app)
    response = _unggah(client, ind, ("foto lokasi 1.jpg", contoh.jpeg()), ("foto lokasi 2.png", contoh.png()),
                       ("SK Juni.pdf", contoh.pdf()))
    assert response.status_code == 302
    with app.app_context():
        nama = db.session.execute(select(BuktiDukung.nama_asli).filter_by(indikator_id=ind, bulan=6)
                                  .order_by(BuktiDukung.id)).scalars().all()
    assert nama == ["foto lokasi 1.jpg", "foto lokasi 2.png", "SK Juni.pdf"]
    assert _bukti_count(app) == sebelum + 3
    halaman = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 bukti dukung diunggah" in halaman and "SK Juni.pdf" in halaman


def test_one_refused_file_stores_none_and_the_message_names_it(app, client_as, demo, tw2_dibuka):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    sebelum = (_bukti_count(app), _files(app))  # the demo's own Triwulan I evidence
    response = _unggah(client_as("ppik"), ind, ("foto 1.jpg", contoh.jpeg()),
                       ("laporan <palsu>.pdf", contoh.exe()), ("foto 3.png", contoh.png()))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert str(escape('Berkas "laporan <palsu>.pdf" ditolak')) in html and "tidak dikenali" in html
    assert "Tidak ada berkas yang disimpan" in html
    assert "<palsu>" not in html  # the name is shown escaped
    assert (_bukti_count(app), _files(app)) == sebelum  # the good files before it were not kept either


def test_a_bad_file_after_good_ones_leaves_no_file_on_disk(app, client_as, demo, tw2_dibuka):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    sebelum = (_bukti_count(app), _files(app))
    baru = _png_unik()
    response = _unggah(client_as("ppik"), ind, ("baru.png", baru), ("foto.jpg", contoh.jpeg() + contoh.zip_biasa()))
    assert response.status_code == 422 and "data tambahan" in response.get_data(as_text=True)
    assert str(escape('Berkas "foto.jpg" ditolak')) in response.get_data(as_text=True)
    assert (_bukti_count(app), _files(app)) == sebelum
    assert hashlib.sha256(baru).hexdigest() not in _files(app)  # the good file was never written


def test_more_files_than_allowed_in_one_upload_are_refused(app, client_as, demo, tw2_dibuka):
    app.config["SIPEKERJA_MAX_BERKAS_PER_UNGGAH"] = 2
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    sebelum = (_bukti_count(app), _files(app))
    response = _unggah(client_as("ppik"), ind, *[(f"sk{i}.pdf", contoh.pdf()) for i in range(3)])
    assert response.status_code == 422 and "Paling banyak 2 berkas" in response.get_data(as_text=True)
    assert (_bukti_count(app), _files(app)) == sebelum


def test_an_upload_without_any_file_asks_for_one(app, client_as, demo, tw2_dibuka):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    response = client_as("ppik").post(URL, content_type="multipart/form-data",
                                      data={"indikator_id": str(ind), "bulan": "6"})
    assert response.status_code == 422 and "Pilih berkas bukti dukung" in response.get_data(as_text=True)


def test_several_files_against_another_units_indicator_are_refused(app, client_as, demo, tw2_dibuka):
    asing = _ind(app, demo.unit["BKPSDM-MUTASI"])[0]
    sebelum = (_bukti_count(app), _files(app))
    response = _unggah(client_as("ppik"), asing, ("a.pdf", contoh.pdf()), ("b.png", contoh.png()))
    assert response.status_code == 403 and (_bukti_count(app), _files(app)) == sebelum
