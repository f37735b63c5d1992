"""One user journey in a real browser, the way the agency works through a quarter:

portal sign-in by NIP → SIPEKERJA tile → single sign-on → the to-do home → Utama reopens the
Triwulan II window → a Bidang account enters the monthly targets → Utama fixes the plan (after a
confirmation dialog) → the Bidang goes from its to-do home to June, fills every indicator (one
with "tidak ada realisasi" and a reason), uploads bukti dukung and submits after confirming →
Utama clicks from the to-do home into Pengecekan and returns it with a note → the Bidang fixes it
and resubmits → Utama reaches Pengecekan through the menu and verifies → Monitoring and the
Pimpinan's home → Pengukuran shows the expected capaian and predikat → the PDF report downloads
and contains those numbers → sign-out ends both sessions. Pengecekan is reached by clicks only.
Every page is saved at 1366 × 768 to artifacts/e2e/.

Targets are entered before the plan is fixed: once *ditetapkan*, targets are locked (DOMAIN.md,
issue 4), so that is the order a real agency follows.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.angka import format_angka
from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import hitung_capaian_periode
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.predikat import tentukan_predikat
from sipekerja_module.models import Indikator
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import TargetKinerja
from sipekerja_module.models import UnitKerja
from tests import berkas_contoh as contoh

from .conftest import ARTIFACTS
from .conftest import DEMO_PASSWORD
from .conftest import assert_aksesibel
from .conftest import periksa_axe

pytestmark = pytest.mark.e2e

UTAMA = "19930624 201507 1 002"  # typed grouped, as users do
PPIK = "199001102014031004"
PIMPINAN = "197504121998031008"
WITA = ZoneInfo("Asia/Makassar")


class Journey:
    """A browser tab with a screenshot and an axe-core check after every step."""

    def __init__(self, browser, live):
        self.context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
        self.page = self.context.new_page()
        self.live = live
        self.langkah = 0
        #: critical/serious WCAG 2.1 A/AA findings over every page visited (asserted at the end).
        self.temuan: list[str] = []

    def periksa(self, nama: str) -> None:
        """axe-core on the page as it is now; findings are collected, each with its page."""
        for t in periksa_axe(self.page, nama):
            if t not in self.temuan:
                self.temuan.append(t)

    def shot(self, nama: str) -> None:
        self.langkah += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.langkah:02d}-{nama}.png"), full_page=True)
        self.periksa(nama)

    def goto(self, path: str) -> None:
        self.page.goto(self.live.url(path))

    def masuk(self, nip: str, nama: str) -> None:
        """Portal home → tile → portal sign-in by NIP → back in the module, signed in."""
        self.goto("/")
        self.periksa("portal")
        self.page.click("[data-tile=sipekerja] a")
        self.page.fill("input[name=nip]", nip)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.shot(f"masuk-{nama}")
        self.page.click("button[type=submit]")
        self.page.wait_for_url(re.compile(r".*/sipekerja/$"))
        assert self.page.locator("[data-fitur]").count() >= 2
        assert self.page.locator("[data-todo]").count() == 1
        self.shot(f"beranda-{nama}")

    def keluar(self) -> None:
        """Module sign-out, which also ends the portal session (RP-initiated logout)."""
        self.page.click("text=Keluar dari SI PEKERJA")
        self.page.wait_for_load_state()
        self.shot("keluar")

    def flash(self) -> str:
        return self.page.locator(".alert").all_inner_texts().__str__()


def _indikator_ppik(app):
    """The PPIK indicator the journey works on: a kumulatif one of a sub kegiatan, and its target."""
    with app.app_context():
        unit = db.session.execute(select(UnitKerja).filter_by(kode="BKPSDM-PPIK")).scalar_one()
        ind = db.session.execute(select(Indikator).join(NodeRencana, NodeRencana.id == Indikator.node_id).where(
            Indikator.unit_kerja_id == unit.id, Indikator.agregasi == "kumulatif", NodeRencana.level == "sub_kegiatan",
            Indikator.target_tahunan >= 12).order_by(Indikator.id)).scalars().first()
        return ind.id, ind.uraian, ind.target_tahunan, unit.id


def test_a_quarter_from_sign_in_to_printed_report(browser, live_demo, tmp_path):
    app = live_demo.app
    indikator_id, uraian, target_tahunan, unit_id = _indikator_ppik(app)
    j = Journey(browser, live_demo)
    page = j.page

    # Utama reopens the Triwulan II window of 2024 (its deadline has passed) for everyone.
    j.masuk(UTAMA, "utama")
    with app.app_context():
        tw2 = db.session.execute(select(JendelaInput).where(JendelaInput.triwulan == 2)).scalar_one().id
    j.goto(f"/sipekerja/referensi/jendela/{tw2}")
    page.select_option("select[name=status]", "dibuka_kembali")
    sampai = (datetime.now(WITA) + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    page.fill("input[name=sampai]", sampai)
    page.fill("textarea[name=alasan]", "Perpanjangan pelaporan Triwulan II")
    page.click("text=Simpan jendela")
    assert "disimpan" in j.flash()
    j.shot("jendela-dibuka")
    j.keluar()

    # The Bidang enters twelve monthly targets that add up to the annual target.
    j.masuk(PPIK, "bidang")
    j.goto(f"/sipekerja/perencanaan/indikator/{indikator_id}/target")
    per_bulan = (target_tahunan // 12).quantize(Decimal(1))
    for bulan in range(1, 13):
        nilai = per_bulan if bulan < 12 else target_tahunan - 11 * per_bulan  # whole numbers adding up
        page.fill(f"#b{bulan}", format_angka(nilai, None))
    j.shot("target-bulanan")
    page.click("button:has-text('Simpan')")
    assert "Target bulanan disimpan" in j.flash()
    j.keluar()

    # Utama fixes the plan.
    j.masuk(UTAMA, "utama")
    j.goto("/sipekerja/perencanaan/?tahun=2024")
    page.click("text=Tetapkan rencana")
    dialog = page.locator("dialog[open]")
    assert "terkunci" in dialog.inner_text()
    j.shot("konfirmasi-tetapkan")
    dialog.locator("text=Ya, tetapkan").click()
    page.locator("[data-status-rencana=ditetapkan]").wait_for()
    assert page.locator("[data-status-rencana=ditetapkan]").count() == 1
    j.shot("rencana-ditetapkan")
    j.keluar()

    # The Bidang goes from its to-do home to June (clicks), fills every indicator, uploads evidence
    # and submits Triwulan II after the confirmation dialog.
    j.masuk(PPIK, "bidang")
    page.locator("[data-todo-bulan]").get_by_role("link", name="Isi Juni", exact=True).click()
    page.locator("[data-batas]").wait_for()
    assert "Realisasi Juni 2024" in page.content() and "WITA" in page.locator("[data-batas]").inner_text()
    lain = _isi_semua_juni(page, indikator_id, "2")
    page.click("text=Simpan realisasi")
    page.locator(".alert-success", has_text="disimpan").wait_for()
    bukti = tmp_path / "SK Juni.pdf"
    bukti.write_bytes(contoh.pdf())
    page.select_option("select[name=indikator_id]", str(indikator_id))
    page.set_input_files("input[name=berkas]", str(bukti))
    page.click("[data-aksi=unggah-bukti]")
    # The row itself lists the file (not only the flash message), and the page has loaded whole.
    page.locator("[data-bukti] a", has_text="SK Juni.pdf").first.wait_for()
    page.wait_for_load_state("load")
    assert page.get_by_role("button", name="Simpan realisasi").is_visible()
    j.shot("realisasi-dan-bukti")
    page.click("text=Ajukan Triwulan II")
    dialog = page.locator("dialog[open]")
    assert "Ajukan Triwulan II" in dialog.inner_text()
    j.shot("konfirmasi-ajukan")
    page.keyboard.press("Escape")  # the keyboard cancels: nothing submitted
    assert page.locator("dialog[open]").count() == 0 and page.locator("[data-status=draf]").count() == 1
    page.click("text=Ajukan Triwulan II")
    page.locator("dialog[open] >> text=Ya, ajukan").click()
    page.locator("[data-status=diajukan]").wait_for()  # the same address after the redirect: wait for the state
    assert page.locator("[data-status=diajukan]").count() == 1
    j.shot("diajukan")
    j.keluar()

    # Utama goes from the to-do home into Pengecekan (clicks only) and returns it with a note.
    j.masuk(UTAMA, "utama")
    menunggu = page.locator("[data-todo-menunggu] li", has_text="Pengadaan")
    menunggu.get_by_role("link", name="Periksa", exact=True).click()
    page.locator("[data-tabel=kinerja]").first.wait_for()
    assert page.locator("[data-tabel=kinerja]").count() == 3 and page.locator("[data-capaian]").count() > 0
    assert lain in page.content()  # the declared absence and its reason are shown
    page.fill("textarea[name=alasan]", "Realisasi Juni belum sesuai SK; mohon diperbaiki.")
    j.shot("pengecekan")
    page.click("button[value=kembalikan]")
    assert "dikembalikan" in j.flash()
    j.keluar()

    # The Bidang sees the note on its home and on the month, fixes the value and resubmits.
    j.masuk(PPIK, "bidang")
    assert "mohon diperbaiki" in page.locator("[data-todo-dikembalikan]").inner_text()
    page.locator("[data-todo-dikembalikan]").get_by_role("link", name="Perbaiki", exact=True).click()
    page.locator("[data-catatan-kini]").wait_for()
    assert "mohon diperbaiki" in page.locator("[data-catatan-kini]").inner_text()
    page.fill(f"#k-{indikator_id}-nilai", "3")
    page.click("text=Simpan realisasi")
    page.locator(".alert-success", has_text="disimpan").wait_for()
    page.click("text=Ajukan Triwulan II")
    page.locator("dialog[open] >> text=Ya, ajukan").click()
    page.locator("[data-status=diajukan]").wait_for()  # the same address after the redirect: wait for the state
    assert page.locator("[data-status=diajukan]").count() == 1
    assert page.locator("[data-catatan-kini]").count() == 0  # the old note is history now
    j.shot("diajukan-ulang")
    j.keluar()

    # Utama reaches Pengecekan through the module's menu and verifies; Monitoring shows it.
    j.masuk(UTAMA, "utama")
    page.click("[data-menu=pengecekan]")
    page.locator("[data-pengajuan]").first.wait_for()
    j.shot("daftar-pengecekan")
    page.locator("[data-pengajuan]", has_text="Pengadaan").filter(has_text="Diajukan") \
        .get_by_role("link", name="Buka", exact=True).click()
    page.locator("button[value=verifikasi]").wait_for()
    page.click("button[value=verifikasi]")
    assert "diverifikasi" in j.flash()
    j.shot("terverifikasi")
    page.click("[data-menu=monitoring]")
    page.locator("[data-papan]").wait_for()
    sel_juni = page.locator("tr[data-unit=BKPSDM-PPIK] td[data-bulan='6']")
    assert sel_juni.get_attribute("data-status") == "terverifikasi"
    j.shot("monitoring")
    sel_juni.locator("a").click()  # a cell opens that unit's submission
    page.locator("[data-status-pengajuan]").wait_for()
    assert page.locator("[data-status-pengajuan=terverifikasi]").count() == 1
    j.periksa("pengajuan-dari-monitoring")
    j.keluar()

    # The Pimpinan's home: the agency's capaian and who is late; Monitoring read-only.
    j.masuk(PIMPINAN, "pimpinan")
    assert page.locator("[data-todo-capaian]").count() == 1
    page.click("[data-menu=monitoring]")
    page.locator("[data-papan]").wait_for()
    assert page.locator("[data-papan] a").count() == 0
    j.shot("monitoring-pimpinan")
    j.keluar()
    j.masuk(UTAMA, "utama")

    # Pengukuran and the printed report show the capaian the rules give.
    with app.app_context():
        target = dict(db.session.execute(select(TargetKinerja.bulan, TargetKinerja.nilai)
                                         .filter_by(indikator_id=indikator_id)).all())
        from sipekerja_module.models import RealisasiKinerja

        realisasi = dict(db.session.execute(select(RealisasiKinerja.bulan, RealisasiKinerja.nilai)
                                            .filter_by(indikator_id=indikator_id)).all())
    hasil = hitung_capaian_periode(target_bulanan=target, realisasi_bulanan=realisasi, target_tahunan=target_tahunan,
                                   agregasi=Agregasi.KUMULATIF, polaritas=Polaritas.POSITIF,
                                   periode=Periode.triwulanan(2))
    capaian = format_angka(hasil.capaian_sd, 2) + "%"
    predikat = tentukan_predikat(hasil.capaian_sd).label
    _periksa_pengukuran_dan_laporan(j, indikator_id, uraian, capaian, predikat)

    # Sign-out ends both sessions: the tile asks to sign in again.
    j.keluar()
    j.goto("/sipekerja/")
    assert page.locator("input[name=nip]").count() == 1
    j.shot("harus-masuk-lagi")
    j.context.close()
    assert_aksesibel(j.temuan)


def _isi_semua_juni(page, indikator_id: int, nilai: str) -> str:
    """Fill every June indicator of the form: the journey's one with ``nilai``, one other declared
    "tidak ada realisasi" with a reason, the rest with 1. Returns the reason typed."""
    alasan = "Tidak ada usulan yang diproses bulan Juni"
    kotak = page.locator("input[id^=k-][id$=-nilai]")
    tanpa = None
    for i in range(kotak.count()):
        masukan = kotak.nth(i)
        ident = masukan.get_attribute("id")
        if ident == f"k-{indikator_id}-nilai":
            masukan.fill(nilai)
        elif tanpa is None and not masukan.input_value():
            tanpa = ident[:-len("-nilai")]
            page.check(f"#{tanpa}-tanpa")
            page.fill(f"#{tanpa}-alasan_tanpa", alasan)
        elif not masukan.input_value():
            masukan.fill("1")
    return alasan


def _periksa_pengukuran_dan_laporan(j: Journey, indikator_id: int, uraian: str, capaian: str, predikat: str) -> None:
    page = j.page
    j.goto("/sipekerja/pengukuran/?tahun=2024&periode=tw2")
    baris = page.locator(f"[data-indikator='{indikator_id}']").first
    assert capaian in baris.inner_text() and predikat in baris.inner_text()
    j.shot("pengukuran")
    j.goto("/sipekerja/laporan/?tahun=2024")
    j.shot("laporan")
    form = page.locator("[data-filter-laporan=pengukuran]")
    form.locator("select[name=periode]").select_option("tw2")
    with page.expect_download() as unduhan:
        form.locator("button[value=A4][formaction$='/pdf']").click()  # PDF, not XLSX, on A4
    from pypdf import PdfReader

    data = Path(unduhan.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    teks = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert capaian in teks and predikat in teks
    assert uraian.split()[0] in teks
