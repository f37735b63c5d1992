"""What assistive technology reads in the HTML itself (issue 15 item 11; axe-core checks the
rendered pages in tests/e2e): refused fields announced, the skip link's target, labelled inputs,
filter selects that do not navigate by themselves."""

import re

from tests.web.fitur.test_realisasi_views import _ind


def _tag(html: str, ident: str) -> str:
    m = re.search(r'<(?:input|select|textarea)\b[^>]*\bid="' + re.escape(ident) + r'"[^>]*>', html)
    assert m, ident
    return m.group(0)


def test_a_refused_value_is_marked_invalid_and_described_by_its_message(app, client_as, demo, tw2_dibuka):
    ind = _ind(app, demo.unit["BKPSDM-PPIK"])
    html = client_as("ppik").post("/sipekerja/realisasi/?bulan=6&tahun=2024",
                                  data={f"k-{ind[0]}-nilai": "2", f"k-{ind[1]}-nilai": "dua"}).get_data(as_text=True)
    salah, benar = _tag(html, f"k-{ind[1]}-nilai"), _tag(html, f"k-{ind[0]}-nilai")
    assert 'aria-invalid="true"' in salah and "aria-invalid" not in benar
    galat = re.search(r'aria-describedby="([^"]+)"', salah).group(1)
    pesan = re.search(r'<div[^>]*id="' + re.escape(galat) + r'"[^>]*>([^<]+)</div>', html)
    assert pesan and "angka" in pesan.group(1).lower()


def test_the_sign_in_form_announces_missing_fields_and_focuses_the_first(app, client):
    html = client.post("/login", data={"nip": "", "password": ""}).get_data(as_text=True)
    nip, sandi = _tag(html, "nip"), _tag(html, "password")
    assert 'aria-invalid="true"' in nip and "autofocus" in nip and "nip-galat" in nip
    assert 'aria-invalid="true"' in sandi and "autofocus" not in sandi and 'aria-describedby="password-galat"' in sandi
    assert 'id="nip-galat"' in html and 'id="password-galat"' in html


def test_every_page_starts_with_a_skip_link_to_its_content(app, client_as, demo):
    html = client_as("ppik").get("/sipekerja/realisasi/?bulan=6&tahun=2024").get_data(as_text=True)
    lewati = re.search(r'<a [^>]*href="#([^"]+)"[^>]*>Lewati ke isi</a>', html)
    assert lewati and html.index(lewati.group(0)) < html.index("<nav")
    assert f'id="{lewati.group(1)}"' in html and lewati.group(1) == "isi-modul"
    portal = client_as("ppik").get("/").get_data(as_text=True)
    assert 'href="#isi">Lewati ke isi</a>' in portal and 'id="isi"' in portal


def test_filter_selects_wait_for_the_tampilkan_button(app, client_as, demo):
    client = client_as("utama")
    for url in ("/sipekerja/realisasi/?bulan=6&tahun=2024", "/sipekerja/pengukuran/?tahun=2024",
                "/sipekerja/perencanaan/?tahun=2024"):
        html = client.get(url).get_data(as_text=True)
        assert "data-autosubmit" not in html and "<noscript>" not in html, url
        assert re.search(r'<button class="btn btn-sm btn-outline-secondary">Tampilkan</button>', html), url


def test_every_input_of_the_predikat_table_has_a_name(app, client_as, demo):
    html = client_as("utama").get("/sipekerja/referensi/").get_data(as_text=True)
    tabel = html[html.index('id="predikat"'):html.index('id="nomenklatur"')]
    masukan = re.findall(r"<input\b[^>]*>", tabel.split("<table", 1)[1].split("</table>", 1)[0])
    assert len(masukan) >= 6 and all("aria-label=" in m for m in masukan)


def test_the_shared_macros_give_new_pages_named_scroll_boxes_and_announced_fields(app):
    from flask import render_template_string
    from flask_wtf import FlaskForm
    from wtforms import StringField
    from wtforms.validators import DataRequired

    class Contoh(FlaskForm):
        nama = StringField("Nama", validators=[DataRequired(message="Nama wajib diisi.")])

    sumber = """{% from "sipekerja/_macros.html" import tabel_gulir, isian, galat_aria, pesan_galat %}
{% call tabel_gulir('Capaian per indikator') %}<table></table>{% endcall %}
{{ isian(form.nama, class='form-control') }}
<input id="nilai" {{ galat_aria('nilai', 'Bukan angka.') }}>{{ pesan_galat('nilai', 'Bukan angka.') }}
<input id="lain" {{ galat_aria('lain', none) }}>{{ pesan_galat('lain', none) }}"""
    with app.test_request_context(method="POST", data={"nama": ""}):
        form = Contoh(meta={"csrf": False})
        assert not form.validate()
        html = render_template_string(sumber, form=form)
    assert re.search(r'<div class="table-responsive\s*" role="region" aria-label="Capaian per indikator" '
                     r'tabindex="0"', html)
    nama = _tag(html, "nama")
    assert 'aria-invalid="true"' in nama and 'aria-describedby="nama-galat"' in nama and "is-invalid" in nama
    assert re.search(r'id="nama-galat">Nama wajib diisi.</div>', html)
    assert 'aria-describedby="nilai-galat"' in html and 'id="nilai-galat">Bukan angka.' in html
    assert '<input id="lain" >' in html and "lain-galat" not in html
