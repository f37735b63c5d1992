"""The hostile-file corpus through the real upload route: one case per class, each answered 422
with its Indonesian reason on the page and nothing stored (the service-level test in
tests/integration/test_berkas_berbahaya.py runs every case)."""

import io

import pytest
from markupsafe import escape

from tests.berkas_berbahaya import KORPUS
from tests.web.fitur.test_realisasi_views import _bukti_count
from tests.web.fitur.test_realisasi_views import _files
from tests.web.fitur.test_realisasi_views import _ind


@pytest.mark.parametrize(("kasus", "pesan"), [
    ("arsip-bom-1gib-nyata", "isi terurai"),
    ("arsip-deklarasi-1gib", "isi terurai"),
    ("pdf-escape-js", "aksi otomatis (/J"),
    ("pdf-javascript-di-object-stream", "aksi otomatis (/J"),
    ("skrip-png-setelah-5000-byte", "kode HTML atau skrip"),
    ("gambar-bom-piksel", "piksel"),
])
def test_hostile_file_through_the_upload_route(app, client_as, demo, tw2_dibuka, kasus, pesan):
    _, nama, buat = KORPUS[kasus]
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])[0]
    sebelum = (_bukti_count(app), _files(app))  # the demo's own Triwulan I evidence

    response = client_as("ppik").post("/sipekerja/realisasi/bukti?tahun=2024", data={
        "indikator_id": str(ind), "bulan": "6", "berkas": (io.BytesIO(buat()), nama)},
        content_type="multipart/form-data")
    # Werkzeug's test client spools bodies over 500 KB to a temporary file it never closes.
    response.request.environ["wsgi.input"].close()

    assert response.status_code == 422
    assert str(escape(pesan)) in response.get_data(as_text=True)
    assert (_bukti_count(app), _files(app)) == sebelum
