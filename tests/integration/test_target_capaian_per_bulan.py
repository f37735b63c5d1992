"""*Target dan Capaian Kerja* in the layout of the guide's screen ("per bulan", issue 15 item 13):
Sasaran / Program / Kegiatan / Sub Kegiatan / Indikator in separate columns, the year's target,
then per month the month's own target, realisasi (kinerja and anggaran) and capaian — read back
from the XLSX (openpyxl) and the PDF (pypdf) of the demo agency."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from sqlalchemy import select

from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import hitung_capaian
from sipekerja_module.domain.capaian import tampilkan_capaian
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import TargetAnggaran
from sipekerja_module.models import TargetKinerja
from sipekerja_module.reports.pdf import render_pdf
from sipekerja_module.reports.tables import laporan_target_capaian_per_bulan
from sipekerja_module.reports.xlsx import render_xlsx
from tests.integration.test_reports import KOP
from tests.integration.test_reports import TTD
from tests.integration.test_reports import _cari_baris
from tests.integration.test_reports import _muat
from tests.integration.test_reports import _teks_pdf
from tests.integration.test_reports import demo  # noqa: F401  (fixture)

#: Column of each level's name, and of each month's figures (month i of a triwulan starts at 9 + 5i).
KOLOM_NAMA = {"sasaran": 1, "program": 2, "kegiatan": 3, "sub_kegiatan": 4, "indikator": 5}
T_KINERJA, R_KINERJA, T_ANGGARAN, R_ANGGARAN, CAPAIAN = range(5)


def _sel(row, bulan_ke: int, kolom: int):
    return row[9 + 5 * bulan_ke + kolom].value


def _bulan(session, model, kunci: str, objek_id: int) -> dict[int, Decimal]:
    return {r.bulan: r.nilai for r in session.scalars(select(model).filter_by(**{kunci: objek_id}))}


def test_per_bulan_puts_each_level_in_its_own_column_with_the_months_own_figures(session, demo):
    laporan = laporan_target_capaian_per_bulan(_muat(demo))
    buku = openpyxl.load_workbook(io.BytesIO(render_xlsx(laporan, kop=KOP, ttd=TTD)))
    assert buku.sheetnames == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"]
    ws = buku["Triwulan I"]
    teks = [str(c.value) for row in ws.iter_rows(max_row=16) for c in row if c.value]  # title block + headers
    for judul in ("Sasaran", "Program", "Kegiatan", "Sub Kegiatan", "Indikator", "Target Kinerja", "Pagu (Rp)",
                  "Januari", "Kinerja", "Anggaran (Rp)", "Capaian", "Susunan: per bulan"):
        assert judul in teks, judul

    # An indicator: its name in the Indikator column, the month's own target and realisasi (not to date).
    uraian = "Jumlah ASN yang Diproses Mutasinya"
    ind = session.scalar(select(Indikator).where(Indikator.uraian == uraian))
    row = _cari_baris(ws, KOLOM_NAMA["indikator"], uraian)
    assert all(row[k].value is None for k in range(1, 5))
    target, realisasi = (_bulan(session, TargetKinerja, "indikator_id", ind.id),
                         _bulan(session, RealisasiKinerja, "indikator_id", ind.id))
    for i, bulan in enumerate((1, 2, 3)):
        assert Decimal(str(_sel(row, i, T_KINERJA))) == bulatkan(target[bulan])
        assert Decimal(str(_sel(row, i, R_KINERJA))) == bulatkan(realisasi[bulan])
        capaian = hitung_capaian(target[bulan], realisasi[bulan], Polaritas(ind.polaritas),
                                 RumusNegatif(ind.rumus_negatif))
        assert Decimal(str(_sel(row, i, CAPAIAN))) == bulatkan(tampilkan_capaian(capaian))
        assert _sel(row, i, T_ANGGARAN) is None and _sel(row, i, R_ANGGARAN) is None
    # Bidang Mutasi did not report May: the month says so, never 0.
    mei = _cari_baris(buku["Triwulan II"], KOLOM_NAMA["indikator"], uraian)
    assert _sel(mei, 1, R_KINERJA) == "belum lapor" and _sel(mei, 1, CAPAIAN) == "belum lapor"

    # A sub kegiatan: its name in the Sub Kegiatan column, the month's own anggaran and % of it.
    node = session.scalar(select(NodeRencana).where(NodeRencana.level == "sub_kegiatan").order_by(NodeRencana.id))
    row = _cari_baris(ws, KOLOM_NAMA["sub_kegiatan"], node.nama)
    assert Decimal(str(row[8].value)) == node.pagu
    target, realisasi = (_bulan(session, TargetAnggaran, "node_id", node.id),
                         _bulan(session, RealisasiAnggaran, "node_id", node.id))
    for i, bulan in enumerate((1, 2, 3)):
        assert Decimal(str(_sel(row, i, T_ANGGARAN))) == target[bulan]
        assert Decimal(str(_sel(row, i, R_ANGGARAN))) == realisasi[bulan]
        assert Decimal(str(_sel(row, i, CAPAIAN))) == bulatkan(realisasi[bulan] / target[bulan] * 100)

    # A program row: the sum of its sub kegiatan for the month.
    program = session.scalar(select(NodeRencana).where(NodeRencana.level == "program").order_by(NodeRencana.kode))
    row = _cari_baris(ws, KOLOM_NAMA["program"], program.nama)
    assert row[KOLOM_NAMA["sub_kegiatan"]].value is None and row[KOLOM_NAMA["indikator"]].value is None


def test_the_printout_says_per_bulan_in_its_title_block(session, demo):
    laporan = laporan_target_capaian_per_bulan(_muat(demo))
    halaman = _teks_pdf(render_pdf(laporan, ukuran="A4", kop=KOP, ttd=TTD))
    awal = " ".join(halaman[0].split())
    assert "TARGET DAN CAPAIAN KERJA TAHUN 2024 — PER BULAN" in awal
    assert "Susunan: per bulan" in awal
    assert "Andi Pratama, S.STP., M.Si." in halaman[-1]
