"""LKjIP Bab III draft: the page and its PDF, XLSX and DOCX by role; the year's figures come from the
verified measurement of the linked plan indicators; earlier years compared; bounded queries at ten
times the demo."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import docx
import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.periode import Periode
from sipekerja_module.models import Indikator
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import Jabatan
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import Tahun
from sipekerja_module.queries.lkjip import load_bab3
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.seed.demo import zona
from sipekerja_module.services.referensi import create_tahun
from tests.integration.test_monitoring import _perbesar
from tests.querycount import assert_kueri_tetap
from tests.web.fitur.test_pk_views import _perbesar_pk

URL = "/sipekerja/lkjip"


def _iku_kepala(tahun: int) -> list[IndikatorPK]:
    return db.session.execute(
        select(IndikatorPK).join(PerjanjianKinerja, PerjanjianKinerja.id == IndikatorPK.pk_id)
        .join(Jabatan, Jabatan.id == PerjanjianKinerja.jabatan_id).join(Tahun, Tahun.id == Jabatan.tahun_id)
        .where(Jabatan.parent_id.is_(None), Tahun.tahun == tahun).order_by(IndikatorPK.id)).scalars().all()


@pytest.fixture
def tahun_2025(app, demo):
    """2025 copied from the demo's 2024 (plan and PKs, no numbers); the Kepala's PK targets and the IKU
    targets set again, and every IKU reported for the whole of 2025 at 90% of its target."""
    with app.app_context():
        lama = db.session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
        create_tahun(tahun=2025, zona=zona(), salin_dari=lama, oleh=None)
        target_lama = {(i.uraian, i.satuan_id): (i.target_nilai, i.target_atas) for i in _iku_kepala(2024)}
        for ind in _iku_kepala(2025):
            ind.target_nilai, ind.target_atas = target_lama[(ind.uraian, ind.satuan_id)]
            rencana = db.session.get(Indikator, ind.indikator_id)
            lama_rencana = db.session.execute(select(Indikator).where(
                Indikator.uraian == rencana.uraian, Indikator.tahun_id == lama.id)).scalar_one()
            rencana.target_tahunan, rencana.target_atas = lama_rencana.target_tahunan, lama_rencana.target_atas
            nilai = (lama_rencana.target_tahunan * Decimal("0.9")).quantize(Decimal("0.0001"))
            db.session.add_all(RealisasiKinerja(indikator_id=rencana.id, bulan=b, nilai=nilai,
                                                faktor_pendorong=f"Pendorong 2025 {rencana.id}" if b == 6 else None)
                               for b in range(1, 13))
        db.session.commit()


def test_bidang_gets_403_utama_and_pimpinan_read(client_as):
    assert client_as("ppik").get(f"{URL}/?tahun=2024").status_code == 403
    assert client_as("ppik").get(f"{URL}/docx?tahun=2024").status_code == 403
    for peran in ("utama", "pimpinan"):
        page = client_as(peran).get(f"{URL}/?tahun=2024")
        assert page.status_code == 200
        assert "BAB III AKUNTABILITAS KINERJA" in page.get_data(as_text=True)
    menu = client_as("utama").get("/sipekerja/laporan/?tahun=2024").get_data(as_text=True)
    assert 'data-menu="lkjip"' in menu and "/sipekerja/lkjip/?tahun=2024" in menu


def test_year_figures_are_the_verified_yearly_measurement_of_the_linked_plan_indicator(app, demo):
    with app.app_context():
        skala = load_skala_aktif()
        bab = load_bab3(perangkat_daerah_id=_pd(), tahun_id=demo.tahun, skala=skala)
        data = load_rencana(perangkat_daerah_id=_pd(), tahun_id=demo.tahun, hanya_terverifikasi=True)
        hasil = hitung_pengukuran(data, Periode.tahunan(), skala).per_indikator
        pk = {i.id: i for i in _iku_kepala(2024)}
    assert [s.uraian for s in bab.sasaran] and bab.indikator
    for ind in bab.indikator:
        h = hasil[pk[ind.id].indikator_id]
        assert ind.tahun_ini.realisasi == (None if h.belum_lapor else h.capaian.realisasi_sd)
        assert ind.tahun_ini.data_sd == h.data_sd
    assert bab.tahun_pembanding == ()  # the demo has one year only
    assert bab.total_anggaran.realisasi == hitung_pengukuran(data, Periode.tahunan(), skala).total.serapan.realisasi_sd


def _pd() -> int:
    return db.session.execute(select(Indikator.perangkat_daerah_id).limit(1)).scalar_one()


def test_unverified_realisasi_is_left_out_of_the_draft(app, demo, client_as):
    """The demo's triwulan II is not verified: May's realisasi of the units never reaches the draft."""
    with app.app_context():
        verif = load_bab3(perangkat_daerah_id=_pd(), tahun_id=demo.tahun, skala=load_skala_aktif())
        semua = hitung_pengukuran(load_rencana(perangkat_daerah_id=_pd(), tahun_id=demo.tahun),
                                  Periode.tahunan(), load_skala_aktif())
    assert verif.total_anggaran.realisasi < semua.total.serapan.realisasi_sd


def test_2025_draft_compares_with_2024_and_gathers_notes(client_as, tahun_2025):
    page = client_as("utama").get(f"{URL}/?tahun=2025").get_data(as_text=True)
    assert "Realisasi 2024" in page and "Capaian 2025" in page
    assert "90,00%" in page  # every IKU reported at 90% of its target, the whole year
    assert "Tahun 2024" in page and "<svg" in page  # the chart per indicator covers both years
    assert "Pendorong 2025" in page
    assert "Target Akhir Renstra" in page  # the column is there, "–" until the Renstra is wired
    assert "data terverifikasi s.d. Desember" in page


def test_downloads_read_back(client_as, tahun_2025):
    client = client_as("pimpinan")
    pdf = client.get(f"{URL}/pdf?tahun=2025&ukuran=F4")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    teks = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert "BAB III AKUNTABILITAS KINERJA" in teks and "Realisasi 2024" in teks and "Faktor pendorong" in teks
    assert client.get(f"{URL}/pdf?tahun=2025&ukuran=A3").status_code == 400
    buku = load_workbook(io.BytesIO(client.get(f"{URL}/xlsx?tahun=2025").data))
    assert buku.sheetnames == ["Capaian", "Analisis", "Anggaran"]
    angka = [c.value for row in buku["Capaian"].iter_rows() for c in row if isinstance(c.value, (int, float))]
    assert 90.0 in angka  # capaian stored as a number
    unduh = client.get(f"{URL}/docx?tahun=2025")
    assert unduh.mimetype.endswith("wordprocessingml.document") and "attachment" in unduh.headers["Content-Disposition"]
    dokumen = docx.Document(io.BytesIO(unduh.data))
    judul = [p.text for p in dokumen.paragraphs if p.style.name.startswith("Heading")]
    assert judul[0] == "BAB III AKUNTABILITAS KINERJA"
    assert "A. Capaian Kinerja Organisasi" in judul and "B. Realisasi Anggaran" in judul
    assert any(j.startswith("Sasaran 1: ") for j in judul)
    kepala = [[c.text for c in t.rows[0].cells] for t in dokumen.tables]
    assert ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian", "Predikat"] in kepala
    assert any("Realisasi 2024" in k for k in kepala)
    sel = [c.text for t in dokumen.tables for r in t.rows for c in r.cells]
    assert "90,00%" in sel and "Jumlah" in sel


def test_year_without_an_agency_pk_says_so_and_has_nothing_to_download(app, client_as, demo):
    with app.app_context():
        create_tahun(tahun=2026, zona=zona(), oleh=None)
        db.session.commit()
    client = client_as("utama")
    page = client.get(f"{URL}/?tahun=2026").get_data(as_text=True)
    assert "data-tanpa-pk" in page and "belum dibuat" in page
    assert client.get(f"{URL}/docx?tahun=2026").status_code == 404


def test_bounded_queries_at_ten_times_the_demo(app, client_as, tahun_2025):
    client = client_as("utama")
    urls = [f"{URL}/?tahun=2025", f"{URL}/pdf?tahun=2025", f"{URL}/xlsx?tahun=2025", f"{URL}/docx?tahun=2025"]
    assert_kueri_tetap(app, client, urls, lambda s: (_perbesar(s, kali=9), _perbesar_pk(s, kali=9)), batas=45)


def test_the_chapter_shows_the_renstra_end_target_of_the_demos_iku(client_as, demo):
    """The Kepala's PK indicators are linked to the Renstra 2021–2026: the chapter's Renstra table
    shows their baseline and end target instead of "–"."""
    html = client_as("utama").get("/sipekerja/lkjip/?tahun=2024").get_data(as_text=True)
    teks = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Perbandingan dengan target akhir Renstra" in teks
    assert "0,85 (2026)" in teks and "97 (2026)" in teks  # Indeks Sistem Merit, Kenaikan Pangkat
