"""Long pages stay usable at 1366 x 768 (issue 15 item 7), in Debian's Chromium: the plan tree
collapses per program from the keyboard and keeps its action column in sight; the report tables
keep their header rows on top while scrolling; nothing is cut off the right edge of the window.
Every page passes axe-core (no critical or serious WCAG 2.1 A/AA finding). Screenshots land in
artifacts/e2e/ (1366-*.png)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PIL import ImageChops

from .conftest import ARTIFACTS
from .conftest import assert_aksesibel
from .conftest import periksa_axe
from .test_journey import UTAMA
from .test_journey import Journey

pytestmark = pytest.mark.e2e
LEBAR, TINGGI = 1366, 768


@pytest.fixture
def j(browser, live_demo):
    jalan = Journey(browser, live_demo)
    jalan.context.close()
    jalan.context = browser.new_context(viewport={"width": LEBAR, "height": TINGGI})
    jalan.page = jalan.context.new_page()
    jalan.masuk(UTAMA, "utama-1366")
    yield jalan
    jalan.context.close()


def _sama_di_dalam(png_a: bytes, png_b: bytes) -> bool:
    """Two screenshots of the same element are the same picture inside its outermost pixel rows (a
    sticky box may end a fraction of a pixel into what scrolls beneath it), but for faint
    anti-aliasing: a line or letter showing through differs by far more than 48 of 255."""
    a, b = (Image.open(io.BytesIO(png)).convert("L") for png in (png_a, png_b))
    lebar, tinggi = a.size
    beda = ImageChops.difference(a.crop((0, 1, lebar, tinggi - 1)), b.crop((0, 1, lebar, tinggi - 1)))
    return a.size == b.size and beda.point(lambda v: 255 if v > 48 else 0).getbbox() is None


def _tidak_terpotong(page) -> None:
    """The page itself never scrolls sideways: wide tables scroll inside their own box."""
    assert page.evaluate("document.documentElement.scrollWidth") <= LEBAR


def test_plan_tree_collapses_per_program_from_the_keyboard_and_keeps_its_actions_visible(j):
    page = j.page
    j.goto("/sipekerja/perencanaan/?tahun=2024")
    _tidak_terpotong(page)
    kotak = page.locator(".sipekerja-gulir").first
    # The action column is in sight without scrolling sideways, at the box's right edge.
    aksi = page.locator("#pohon-rencana tbody tr[data-jenis=indikator] td.sipekerja-aksi").first
    b_aksi, b_kotak = aksi.bounding_box(), kotak.bounding_box()
    assert b_aksi["x"] + b_aksi["width"] <= b_kotak["x"] + b_kotak["width"] + 1
    assert b_aksi["x"] + b_aksi["width"] <= LEBAR
    # Every column is in sight at once: the table fits its box, so the sticky column covers nothing.
    assert kotak.evaluate("el => el.scrollWidth <= el.clientWidth")
    page.screenshot(path=str(ARTIFACTS / "1366-pohon.png"))
    assert_aksesibel(periksa_axe(page, "pohon-rencana"))

    tombol = page.locator("button[data-ciut]").first
    program = tombol.get_attribute("data-ciut")
    baris = page.locator(f'tr[data-program="{program}"]')
    assert baris.count() > 3 and baris.first.is_visible()
    tombol.focus()
    page.keyboard.press("Enter")
    assert tombol.get_attribute("aria-expanded") == "false"
    assert not baris.first.is_visible() and baris.count() > 3
    page.screenshot(path=str(ARTIFACTS / "1366-pohon-ciut.png"))
    page.keyboard.press("Space")
    assert tombol.get_attribute("aria-expanded") == "true" and baris.first.is_visible()

    page.click("text=Ciutkan semua program")
    assert page.locator("tr[data-program]:visible").count() == 0
    page.click("text=Buka semua program")
    assert page.locator("tr[data-program]:visible").count() == page.locator("tr[data-program]").count()


@pytest.mark.parametrize("path, nama", [
    ("/sipekerja/laporan/target-capaian?tahun=2024&susunan=per-bulan&triwulan=2", "target-capaian-per-bulan"),
    ("/sipekerja/laporan/target-capaian?tahun=2024", "target-capaian-kumulatif"),
    ("/sipekerja/laporan/pengukuran?tahun=2024&periode=tw1", "pengukuran"),
])
def test_report_tables_keep_their_header_on_top_while_scrolling(j, path, nama):
    page = j.page
    j.goto(path)
    _tidak_terpotong(page)
    kotak = page.locator(".sipekerja-gulir").first
    kepala = kotak.locator("thead").first
    kotak.scroll_into_view_if_needed()
    sebelum = kepala.bounding_box()["y"] - kotak.bounding_box()["y"]
    gambar_sebelum = kepala.screenshot()
    kotak.evaluate("el => { el.scrollTop = 600; }")
    page.wait_for_timeout(50)
    assert kotak.evaluate("el => el.scrollTop") > 0
    sesudah = kepala.bounding_box()["y"] - kotak.bounding_box()["y"]
    assert abs(sesudah - sebelum) <= 1  # still at the top of its box
    # ...and looks the same: nothing of the rows scrolled under it shows through its lines.
    assert _sama_di_dalam(gambar_sebelum, kepala.screenshot())
    page.screenshot(path=str(ARTIFACTS / f"1366-{nama}.png"))
    assert_aksesibel(periksa_axe(page, nama))


def test_report_triwulan_tabs_load_another_triwulan_into_the_page_on_demand(j):
    """The Target dan Capaian Kerja page holds the latest triwulan; a tab fetches another one's
    table into the same page (no navigation), and switching back shows the first again."""
    page = j.page
    j.goto("/sipekerja/laporan/target-capaian?tahun=2024")
    url = page.url
    assert page.locator("[data-panel-triwulan]").count() == 1
    assert page.locator('[data-tab-triwulan] a[aria-current="page"]').inner_text() == "Triwulan II"
    page.click('[data-tab-triwulan] a[data-triwulan="1"]')
    page.wait_for_selector('[data-panel-triwulan="1"] table[data-bagian="Triwulan I"]')
    assert page.url == url  # loaded into the page, not navigated
    assert page.locator('[data-panel-triwulan="2"]').is_hidden()
    assert page.locator('[data-tab-triwulan] a[aria-current="page"]').inner_text() == "Triwulan I"
    _tidak_terpotong(page)
    page.screenshot(path=str(ARTIFACTS / "1366-target-capaian-tab-triwulan-1.png"))
    assert_aksesibel(periksa_axe(page, "target-capaian-tab"))
    page.click('[data-tab-triwulan] a[data-triwulan="2"]')
    assert page.locator('[data-panel-triwulan="2"]').is_visible()
    assert page.locator('[data-panel-triwulan="1"]').is_hidden()
