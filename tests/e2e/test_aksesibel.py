"""Accessible and usable at any width (issue 15 item 11), in Debian's Chromium with axe-core:

* a PPTK at 390 x 844 (a phone in the field) fills the realisasi month without sideways page
  scroll, reaches the note and evidence of every row, sends several photos in one upload, and
  the page passes axe; the skip link ("Lewati ke isi") is the first Tab stop and lands in the
  content; the month selector does not navigate on arrow keys (its "Tampilkan" button does); a
  refused value is announced (aria-invalid, aria-describedby to the message) and has the focus;
* the Pengukuran page prints cleanly (print media: no menu, no forms, no column cut off) and
  links to its PDF; Referensi (the predikat table) passes axe.

Screenshots: artifacts/e2e/390-*.png and cetak-*.png."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.models import Tahun
from tests import factories as f

from .conftest import ARTIFACTS
from .conftest import assert_aksesibel
from .test_journey import PPIK
from .test_journey import UTAMA
from .test_journey import Journey

pytestmark = pytest.mark.e2e
LEBAR, TINGGI = 390, 844


def _journey(browser, live, lebar: int, tinggi: int) -> Journey:
    j = Journey(browser, live)
    j.context.close()
    j.context = browser.new_context(viewport={"width": lebar, "height": tinggi}, accept_downloads=True)
    j.page = j.context.new_page()
    return j


def _foto(tmp_path, nama: str, warna: tuple[int, int, int]):
    path = tmp_path / nama
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), warna).save(buf, format="JPEG")
    path.write_bytes(buf.getvalue())
    return str(path)


def _tanpa_gulir_samping(page) -> None:
    lebar = page.evaluate("document.documentElement.scrollWidth")
    assert lebar <= LEBAR, f"the page scrolls sideways at {LEBAR} px (scrollWidth {lebar})"


def test_a_pptk_fills_the_month_on_a_phone(browser, live_demo, tmp_path):
    app = live_demo.app
    with app.app_context():
        tahun_id = db.session.execute(select(Tahun.id).filter_by(tahun=2024)).scalar_one()
        f.buka_kembali(tahun_id, 2)
    j = _journey(browser, live_demo, LEBAR, TINGGI)
    page = j.page
    j.masuk(PPIK, "bidang-390")
    j.goto("/sipekerja/realisasi/?bulan=6&tahun=2024")
    page.locator("[data-batas]").wait_for()
    _tanpa_gulir_samping(page)

    # The skip link is the first Tab stop and lands in the module's content.
    page.keyboard.press("Tab")
    lewati = page.locator(":focus")
    assert lewati.inner_text() == "Lewati ke isi"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "isi-modul"

    # Every row's note and evidence are within the screen, and the note opens.
    baris = page.locator("table.realisasi-isian tbody tr[data-baris^=k-]")
    assert baris.count() > 3
    for i in (0, baris.count() - 1):
        for sel in ("td[data-kolom=Catatan] summary", "td[data-kolom='Bukti dukung']"):
            kotak = baris.nth(i).locator(sel).bounding_box()
            assert kotak and kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= LEBAR, (i, sel, kotak)
    pertama = baris.first
    pertama.locator("td[data-kolom=Catatan] summary").click()
    assert pertama.locator("td[data-kolom=Catatan] textarea").first.is_visible()
    _tanpa_gulir_samping(page)
    page.screenshot(path=str(ARTIFACTS / "390-realisasi.png"), full_page=True)
    j.periksa("390-realisasi")

    # The month selector: arrow keys walk the options without leaving the page; the button goes.
    alamat = page.url
    page.locator("#bulan").focus()
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(300)
    assert page.url == alamat
    page.select_option("#bulan", "5")
    page.wait_for_timeout(300)
    assert page.url == alamat
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(re.compile(r".*bulan=5.*"))
    j.goto("/sipekerja/realisasi/?bulan=6&tahun=2024")

    # Several photos in one upload.
    ind = page.locator("select[name=indikator_id] option").first.get_attribute("value")
    page.select_option("select[name=indikator_id]", ind)
    page.set_input_files("input[name=berkas]", [_foto(tmp_path, "foto lokasi 1.jpg", (200, 10, 10)),
                                                _foto(tmp_path, "foto lokasi 2.jpg", (10, 200, 10))])
    assert page.locator("#berkas-terpilih li").all_inner_texts() == ["foto lokasi 1.jpg", "foto lokasi 2.jpg"]
    page.click("[data-aksi=unggah-bukti]")
    page.locator(".alert-success", has_text="2 bukti dukung diunggah").wait_for()
    sel_bukti = page.locator(f"tr[data-baris=k-{ind}] td[data-kolom='Bukti dukung']")
    assert "foto lokasi 1.jpg" in sel_bukti.inner_text() and "foto lokasi 2.jpg" in sel_bukti.inner_text()
    _tanpa_gulir_samping(page)
    page.screenshot(path=str(ARTIFACTS / "390-realisasi-bukti.png"), full_page=True)
    j.periksa("390-realisasi-bukti")

    # A refused value is announced and has the focus.
    kotak = page.locator("input[id^=k-][id$=-nilai]")
    kotak.nth(1).fill("dua")
    page.click("text=Simpan realisasi")
    page.locator(".alert-danger").wait_for()
    salah = page.locator("[aria-invalid=true]").first
    assert salah.get_attribute("id") == kotak.nth(1).get_attribute("id")
    pesan = page.locator("#" + salah.get_attribute("aria-describedby"))
    assert "angka" in pesan.inner_text().lower() or "format" in pesan.inner_text().lower(), pesan.inner_text()
    assert page.evaluate("document.activeElement.id") == salah.get_attribute("id")
    _tanpa_gulir_samping(page)
    page.screenshot(path=str(ARTIFACTS / "390-realisasi-galat.png"), full_page=True)
    j.periksa("390-realisasi-galat")

    j.goto("/sipekerja/")
    _tanpa_gulir_samping(page)
    j.shot("390-beranda")
    j.context.close()
    assert_aksesibel(j.temuan)


def test_pengukuran_prints_cleanly_and_links_to_its_pdf(browser, live_demo):
    j = _journey(browser, live_demo, 1366, 768)
    page = j.page
    j.masuk(UTAMA, "utama-cetak")
    j.goto("/sipekerja/referensi/")
    j.periksa("referensi")  # the predikat table: every input labelled
    j.goto("/sipekerja/pengukuran/?tahun=2024&periode=tw1")
    j.periksa("pengukuran")

    # The link downloads the report of the same filters.
    with page.expect_download() as unduhan:
        page.click("[data-unduh-pdf]")
    assert unduhan.value.suggested_filename.endswith(".pdf") and "tw1" in unduhan.value.suggested_filename

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi
    assert page.locator("nav:visible").count() == 0 and page.locator("form:visible").count() == 0
    assert page.locator("button:visible").count() == 0
    assert not page.locator("[data-unduh-pdf]").is_visible()
    assert page.locator("h1").first.is_visible()
    # Every table fits the paper: nothing scrolls or is cut at the right edge.
    lebar = page.evaluate("document.documentElement.clientWidth")
    kanan = page.evaluate("Math.max(...[...document.querySelectorAll('table')]"
                          ".map(t => t.getBoundingClientRect().right))")
    assert kanan <= lebar + 1, (kanan, lebar)
    lebar_luar = page.evaluate("document.documentElement.scrollWidth")
    assert lebar_luar <= lebar, page.evaluate("""w => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > w).slice(0, 5).map(e => e.tagName + '.' + e.className)""", lebar)
    page.screenshot(path=str(ARTIFACTS / "cetak-pengukuran.png"), full_page=True)
    pdf = page.pdf(format="A4", landscape=True, print_background=False)
    (ARTIFACTS / "cetak-pengukuran.pdf").write_bytes(pdf)
    assert_aksesibel(j.temuan)
    j.context.close()


def _halaman_utama(app) -> list[str]:
    """The module's pages outside the journey, with ids of the demo."""
    from sipekerja_module.models import Indikator
    from sipekerja_module.models import JendelaInput
    from sipekerja_module.models import NodeRencana
    from sipekerja_module.models import PerjanjianKinerja
    from sipekerja_module.models import RapatEvaluasi
    from sipekerja_module.models import Renstra
    from sipekerja_module.models import StatusPeriodeUnit

    with app.app_context():
        ind = db.session.execute(select(Indikator.id).where(Indikator.unit_kerja_id.is_not(None))
                                 .order_by(Indikator.id)).scalars().first()
        node = db.session.execute(select(NodeRencana.id).filter_by(level="sub_kegiatan")
                                  .order_by(NodeRencana.id)).scalars().first()
        jendela = db.session.execute(select(JendelaInput.id).order_by(JendelaInput.id)).scalars().first()
        status = db.session.execute(select(StatusPeriodeUnit.id).order_by(StatusPeriodeUnit.id)).scalars().first()
        pk = db.session.execute(select(PerjanjianKinerja.id).order_by(PerjanjianKinerja.id)).scalars().first()
        renstra = db.session.execute(select(Renstra.id).order_by(Renstra.id)).scalars().first()
        rapat = db.session.execute(select(RapatEvaluasi.id).order_by(RapatEvaluasi.id)).scalars().first()
    return [
        "/sipekerja/referensi/", f"/sipekerja/referensi/jendela/{jendela}", "/sipekerja/referensi/laporan",
        "/sipekerja/referensi/nomenklatur", "/sipekerja/perencanaan/indikator/baru",
        f"/sipekerja/perencanaan/indikator/{ind}", f"/sipekerja/perencanaan/indikator/{ind}/target",
        f"/sipekerja/perencanaan/node/{node}/anggaran", "/sipekerja/realisasi/?bulan=3&tahun=2024",
        "/sipekerja/realisasi/pengecekan", f"/sipekerja/realisasi/pengecekan/{status}",
        "/sipekerja/pengukuran/?tahun=2024&periode=b3", "/sipekerja/pk/", f"/sipekerja/pk/{pk}", "/sipekerja/pk/pohon",
        "/sipekerja/laporan/", "/sipekerja/laporan/lampiran-pk?tahun=2024", "/sipekerja/kabupaten/",
        "/sipekerja/lkjip/?tahun=2024", "/sipekerja/renstra/", f"/sipekerja/renstra/{renstra}",
        f"/sipekerja/rencana-aksi/pk/{pk}", "/sipekerja/rencana-aksi/monitoring?tahun=2024",
        "/sipekerja/tindak-lanjut/?tahun=2024", f"/sipekerja/tindak-lanjut/rapat/{rapat}",
        "/sipekerja/perencanaan/?tahun=2024&unit=2",
        "/sipekerja/notifikasi/", "/sipekerja/permintaan-buka/", "/sipekerja/token-api/",
    ]


def test_the_module_pages_outside_the_journey_pass_axe(browser, live_demo):
    j = _journey(browser, live_demo, 1366, 768)
    j.masuk(UTAMA, "utama-axe")
    for path in _halaman_utama(live_demo.app):
        j.goto(path)
        j.periksa(path)
    j.goto("/")  # the portal's tiles: the ones this account may not open are greyed but legible
    j.page.screenshot(path=str(ARTIFACTS / "portal-beranda.png"), full_page=True)
    j.periksa("portal-beranda")
    j.goto("/sipekerja/")
    j.page.set_viewport_size({"width": LEBAR, "height": TINGGI})
    for path in ("/sipekerja/", "/sipekerja/perencanaan/?tahun=2024", "/sipekerja/realisasi/monitoring?tahun=2024",
                 "/sipekerja/pengukuran/?tahun=2024&periode=tw1"):
        j.goto(path)
        j.periksa(f"{path} @ {LEBAR} px")
    j.context.close()
    assert_aksesibel(j.temuan)
