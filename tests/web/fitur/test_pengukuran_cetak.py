"""The Pengukuran page links to its printed report (issue 15 item 11): the same year, unit and
period for whoever may see Laporan; a Bidang account, which may not, gets no link (and only the
browser's print of the page, styled by the print stylesheet)."""

import re
from html import unescape


def _tautan_pdf(html: str) -> str | None:
    m = re.search(r'<a [^>]*href="([^"]+)"[^>]*data-unduh-pdf', html)
    return unescape(m.group(1)) if m else None


def test_utama_gets_a_pdf_link_with_the_same_year_unit_and_period(app, client_as, demo):
    client = client_as("utama")
    unit = demo.unit["BKPSDM-PPIK"]
    html = client.get(f"/sipekerja/pengukuran/?tahun=2024&periode=tw1&unit={unit}").get_data(as_text=True)
    url = _tautan_pdf(html)
    assert url is not None and url.startswith("/sipekerja/laporan/pengukuran/pdf?")
    assert "tahun=2024" in url and f"unit={unit}" in url and "periode=tw1" in url
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert "ppik" in pdf.headers["Content-Disposition"].lower() and "tw1" in pdf.headers["Content-Disposition"]


def test_a_month_on_screen_links_to_the_report_of_its_triwulan(app, client_as, demo):
    url = _tautan_pdf(client_as("pimpinan").get("/sipekerja/pengukuran/?tahun=2024&periode=b5").get_data(as_text=True))
    assert url is not None and "periode=tw2" in url and "unit=" not in url
    assert client_as("pimpinan").get(url).status_code == 200


def test_a_bidang_account_gets_no_link_to_laporan_it_may_not_open(app, client_as, demo):
    client = client_as("ppik")
    html = client.get("/sipekerja/pengukuran/?tahun=2024&periode=tw1").get_data(as_text=True)
    assert _tautan_pdf(html) is None and "data-cetak" in html
    assert client.get(f"/sipekerja/laporan/pengukuran/pdf?tahun=2024&periode=tw1&unit={demo.unit['BKPSDM-PPIK']}") \
        .status_code == 403


def test_a_pk_level_on_screen_links_to_the_report_of_that_level(app, client_as, demo):
    client = client_as("utama")
    html = client.get("/sipekerja/pengukuran/?tahun=2024&periode=tw1").get_data(as_text=True)
    kode = [k for k in re.findall(r'<option value="([^"]+)"', html.split('id="pilih-tingkat"', 1)[1]
                                  .split("</select>", 1)[0]) if k != "anggaran"][0]
    url = _tautan_pdf(client.get(f"/sipekerja/pengukuran/?tahun=2024&periode=tw1&tingkat={kode}")
                      .get_data(as_text=True))
    assert url is not None and f"tingkat={kode}" in url and "periode=tw1" in url
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
