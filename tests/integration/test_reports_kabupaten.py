"""At kabupaten scale (40 generated perangkat daerah), every agency's Laporan Pengukuran comes
out complete as PDF and XLSX, and user text with <, & and Indonesian characters survives."""

import io
from datetime import date

import openpyxl
import pypdf
from sqlalchemy import select
from sqlalchemy import update

from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.periode import Periode
from sipekerja_module.models import Indikator
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import Tahun
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.reports.model import Kop
from sipekerja_module.reports.model import TandaTangan
from sipekerja_module.reports.pdf import render_pdf
from sipekerja_module.reports.tables import laporan_pengukuran
from sipekerja_module.reports.xlsx import render_xlsx
from sipekerja_module.seed.generator import generate_kabupaten

KOP = Kop(daerah="PEMERINTAH KABUPATEN PASER", instansi="Perangkat daerah", alamat="Tana Paser")
TTD = TandaTangan(tempat="Tana Paser", tanggal=date(2024, 12, 31), jabatan="Kepala", nama="Nama Kepala",
                  nip="199306242015071002")
TEKS_ISENG = "Pelayanan <Cepat> & Tepat — Ñusantara, ṣaḥih, Batu Kajang"


def test_every_agency_of_forty_gets_a_complete_pdf_and_xlsx(session):
    ringkasan = generate_kabupaten(jumlah_pd=40, tahun=2024, seed=3)
    tahun_id = session.execute(select(Tahun.id).filter_by(tahun=2024)).scalar_one()
    agencies = session.execute(select(PerangkatDaerah.id, PerangkatDaerah.kode).order_by(PerangkatDaerah.id)).all()
    assert len(agencies) == 40 and ringkasan is not None
    contoh = session.execute(select(Indikator.id).filter_by(perangkat_daerah_id=agencies[7].id).limit(1)).scalar_one()
    session.execute(update(Indikator).where(Indikator.id == contoh).values(uraian=TEKS_ISENG))
    skala = load_skala_aktif()
    halaman_total = 0
    for pd_id, kode in agencies:
        data = load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id)
        laporan = laporan_pengukuran(data, hitung_pengukuran(data, Periode.tahunan(), skala))
        pdf = pypdf.PdfReader(io.BytesIO(render_pdf(laporan, ukuran="F4", kop=KOP, ttd=TTD)))
        jumlah = len(pdf.pages)
        terakhir = pdf.pages[-1].extract_text()
        assert f"Halaman {jumlah} dari {jumlah}" in terakhir, kode  # nothing cut off
        assert "19930624 201507 1 002" in terakhir  # the signature block closes the document
        halaman_total += jumlah
        buku = openpyxl.load_workbook(io.BytesIO(render_xlsx(laporan, kop=KOP)), read_only=True)
        baris_xlsx = sum(1 for ws in buku.worksheets for row in ws.iter_rows() if any(c.value for c in row))
        buku.close()
        assert baris_xlsx >= sum(len(b.baris) for b in laporan.bagian), kode
        if pd_id == agencies[7].id:
            teks = "\n".join(p.extract_text() for p in pdf.pages)
            assert "Pelayanan <Cepat> & Tepat" in teks and "Ñusantara" in teks
    assert halaman_total >= 40
