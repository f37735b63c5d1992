"""Laporan Pengukuran Kinerja Kabupaten: every agency's figures read back from the PDF and the XLSX
equal the domain computation, "Halaman x dari y" is right on every page, queries are a fixed
number per agency, and only the kabupaten-level Pimpinan may download it."""

import io
import re
from datetime import date

import openpyxl
import pypdf
import pytest
from flask import current_app
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.angka import format_persen
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.periode import Periode
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import Tahun
from sipekerja_module.models import UnitKerja
from sipekerja_module.queries.kabupaten import QUERY_PER_PD
from sipekerja_module.queries.kabupaten import muat_per_pd
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.reports.kabupaten import laporan_pengukuran_kabupaten
from sipekerja_module.reports.model import Kop
from sipekerja_module.reports.model import TandaTangan
from sipekerja_module.reports.pdf import render_pdf
from sipekerja_module.reports.xlsx import render_xlsx
from sipekerja_module.seed.generator import NIP_PIMPINAN_KABUPATEN
from sipekerja_module.seed.generator import generate_kabupaten
from tests import factories as f
from tests.masuk import masuk
from tests.querycount import QueryCounter
from tests.querycount import kosongkan_cache_modul

KOP = Kop(daerah="PEMERINTAH KABUPATEN PASER", instansi="Sekretariat Daerah", alamat="Tana Paser")
TTD = TandaTangan(tempat="Tana Paser", tanggal=date(2025, 1, 15), jabatan="Sekretaris Daerah", nama="Nama Sekda",
                  nip="196805121990031001")
TW3 = Periode.triwulanan(3)


@pytest.fixture
def kabupaten(session):
    """Four generated agencies (committed: the web tests read them over another connection)."""
    generate_kabupaten(jumlah_pd=4, tahun=2024, seed=5)
    session.commit()
    tahun_id = session.execute(select(Tahun.id).filter_by(tahun=2024)).scalar_one()
    agencies = session.execute(select(PerangkatDaerah.id, PerangkatDaerah.nama).order_by(PerangkatDaerah.id)).all()
    return tahun_id, agencies


def _laporan(tahun_id, periode=TW3):
    skala = load_skala_aktif()
    return laporan_pengukuran_kabupaten(muat_per_pd(tahun_id=tahun_id, periode=periode, skala=skala), tahun=2024,
                                        periode=periode, skala=skala, daerah="Pemerintah Kabupaten Paser")


def _hasil(tahun_id, pd_id, periode=TW3):
    # The kabupaten report prints official figures: verified months only.
    data = load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id, hanya_terverifikasi=True)
    return hitung_pengukuran(data, periode, load_skala_aktif())


def _terukur(pengukuran, n=3):
    """A few measured indicators of an agency: (name, capaian s.d.)."""
    hasil = []
    for b in pengukuran.baris:
        if b.jenis == "indikator":
            ind = pengukuran.per_indikator[b.indikator_id]
            if not ind.belum_lapor and ind.capaian_sd is not None:
                hasil.append((b.nama, ind.capaian_sd))
    return hasil[:: max(len(hasil) // n, 1)][:n]


def test_pdf_prints_every_agency_with_the_domain_capaian_and_numbered_pages(session, kabupaten):
    tahun_id, agencies = kabupaten
    isi = render_pdf(_laporan(tahun_id), ukuran="F4", kop=KOP, ttd=TTD)
    halaman = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(isi)).pages]
    n = len(halaman)
    assert n > len(agencies)
    for nomor, teks in enumerate(halaman, start=1):
        assert f"Halaman {nomor} dari {n}" in teks
    assert "PEMERINTAH KABUPATEN PASER" in halaman[0] and "LAPORAN PENGUKURAN KINERJA KABUPATEN" in halaman[0]
    assert "Triwulan III Tahun 2024" in halaman[0]
    assert "1968 0512 1990 03 1 001".replace(" ", "") in halaman[-1].replace(" ", "")  # signature at the end
    semua = re.sub(r"\s+", " ", "\n".join(halaman))
    # Each agency heads its rows in the three sections, in order.
    posisi = [m.start() for _, nama in agencies for m in [re.search(re.escape(nama), semua)]]
    assert posisi == sorted(posisi)
    for _, nama in agencies:
        assert semua.count(nama) >= 3
    for pd_id, _ in agencies[:3]:
        for uraian, capaian in _terukur(_hasil(tahun_id, pd_id)):
            kata = " ".join(uraian.split()[:3])
            assert kata in semua
            assert format_persen(capaian) in semua


def test_xlsx_stores_every_agency_capaian_as_numbers(session, kabupaten):
    tahun_id, agencies = kabupaten
    buku = openpyxl.load_workbook(io.BytesIO(render_xlsx(_laporan(tahun_id), kop=KOP)))
    assert buku.sheetnames == ["Capaian Kinerja", "Realisasi Anggaran", "Peringkat Unit Kerja"]
    lembar = buku["Capaian Kinerja"]
    baris = [[c.value for c in r] for r in lembar.iter_rows()]
    judul = [i for i, r in enumerate(baris) if r[1] in {nama for _, nama in agencies}]
    assert [baris[i][1] for i in judul] == [nama for _, nama in agencies]
    for urutan, (pd_id, _) in enumerate(agencies):
        awal = judul[urutan]
        akhir = judul[urutan + 1] if urutan + 1 < len(judul) else len(baris)
        per_uraian = {r[1]: r for r in baris[awal:akhir]}
        p = _hasil(tahun_id, pd_id)
        diuji = _terukur(p, n=5)
        assert diuji
        for uraian, capaian in diuji:
            assert per_uraian[uraian][6] == pytest.approx(float(bulatkan(capaian)))
        total = p.total.serapan
        anggaran = [[c.value for c in r] for r in buku["Realisasi Anggaran"].iter_rows()]
        jumlah = [r for r in anggaran if r[1] == "Jumlah"]
        assert jumlah[urutan][3] == pytest.approx(float(total.pagu))
    for _, nama in agencies:
        assert any(r[1] == nama for r in buku["Peringkat Unit Kerja"].iter_rows(values_only=True))


def test_queries_are_a_fixed_number_per_agency(session, kabupaten):
    tahun_id, agencies = kabupaten
    engine = db.engine
    kosongkan_cache_modul(current_app)  # cold loads: the plan loader's cache would read less
    with QueryCounter(engine) as semua:
        render_xlsx(_laporan(tahun_id), kop=KOP)
    # Switch two agencies off: the report reads QUERY_PER_PD statements fewer for each.
    for pd_id, _ in agencies[:2]:
        session.get(PerangkatDaerah, pd_id).aktif = False
    session.commit()
    kosongkan_cache_modul(current_app)
    with QueryCounter(engine) as dua:
        render_pdf(_laporan(tahun_id), kop=KOP, ttd=None)
    assert semua.count - dua.count == 2 * QUERY_PER_PD
    assert semua.count <= 2 + QUERY_PER_PD * len(agencies)


def test_only_the_kabupaten_pimpinan_downloads_it(app, session, kabupaten):
    pimpinan = session.execute(select(Pengguna).filter_by(nip=NIP_PIMPINAN_KABUPATEN)).scalar_one()
    utama = session.execute(select(Pengguna).where(Pengguna.perangkat_daerah_id.is_not(None))
                            .order_by(Pengguna.id)).scalars().first()
    assert "utama" in utama.peran
    unit = session.execute(select(UnitKerja).filter_by(perangkat_daerah_id=utama.perangkat_daerah_id)
                           .order_by(UnitKerja.id.desc())).scalars().first()
    bidang = f.create_pengguna("199001102014031099", ("bidang",), unit, "Operator Bidang")
    session.commit()

    class Klien:
        """A signed-in client whose every request gets its own app context (and ``g``): the
        fixture's context stays pushed around the test."""

        def __init__(self, pengguna):
            self._client = app.test_client()
            masuk(self._client, pengguna)

        def get(self, url):
            with app.app_context():
                return self._client.get(url)

    klien = Klien
    kab = klien(pimpinan)
    halaman = kab.get("/sipekerja/kabupaten/?tahun=2024")
    assert halaman.status_code == 200 and "/kabupaten/laporan-pengukuran/minta" in halaman.get_data(as_text=True)
    pdf = kab.get("/sipekerja/kabupaten/laporan-pengukuran/pdf?tahun=2024&periode=tw2&ukuran=F4")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "private, no-store"
    assert "laporan-pengukuran-kabupaten-tw2-2024.pdf" in pdf.headers["Content-Disposition"]
    teks = pypdf.PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Triwulan II Tahun 2024" in teks
    xlsx = kab.get("/sipekerja/kabupaten/laporan-pengukuran/xlsx?tahun=2024")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert kab.get("/sipekerja/kabupaten/laporan-pengukuran/pdf?tahun=2024&periode=b5").status_code == 404
    assert kab.get("/sipekerja/kabupaten/laporan-pengukuran/pdf?tahun=2024&ukuran=A3").status_code == 400
    for akun in (utama, bidang):
        client = klien(akun)
        assert client.get("/sipekerja/kabupaten/laporan-pengukuran/pdf?tahun=2024").status_code == 403
        assert client.get("/sipekerja/kabupaten/laporan-pengukuran/xlsx?tahun=2024").status_code == 403


def test_downloads_share_the_agency_reports_rate_limit(app, session, kabupaten):
    app.config["SIPEKERJA_UNDUH_RATE_LIMIT"] = "2 per minute"
    pimpinan = session.execute(select(Pengguna).filter_by(nip=NIP_PIMPINAN_KABUPATEN)).scalar_one()
    client = app.test_client()
    masuk(client, pimpinan)
    status = []
    for _ in range(3):
        with app.app_context():
            status.append(client.get("/sipekerja/kabupaten/laporan-pengukuran/xlsx?tahun=2024").status_code)
    assert status == [200, 200, 429]
