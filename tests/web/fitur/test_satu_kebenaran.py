"""One truth on every path (issue 13, "must show" 5): random plans built on the test database,
with every agregasi and polaritas, range targets, belum lapor gaps, reported zeros, T = 0, raw
negative results and a random verification status per unit and triwulan; then the Pengukuran page
(every value, unverified ones marked), the Laporan Pengukuran PDF and XLSX and the Target dan
Capaian Kerja PDF and XLSX (verified months: the official figures) must show the capaian and
predikat the domain computes, for every indicator and period.

By design the Target dan Capaian month columns print "belum lapor" for a month not reported, where
the Laporan Pengukuran shows the latest figure labelled "data s.d. <bulan>": both reports say so.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from portal_stub import create_app
from portal_stub.extensions import db
from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.angka import format_angka
from sipekerja_module.domain.angka import format_persen
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.capaian import format_target
from sipekerja_module.domain.data_rencana import saring_terverifikasi
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.pengukuran import hitung_pengukuran_bulanan
from sipekerja_module.domain.periode import NAMA_TRIWULAN
from sipekerja_module.domain.periode import Periode
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import TargetKinerja
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.services import perencanaan
from tests import factories as f
from tests.conftest import _empty_tables
from tests.conftest import jumlah_contoh
from tests.conftest import make_test_config
from tests.masuk import masuk

SUB = ("5.03.02.2.01.0010", "5.03.02.2.01.0011", "5.03.02.2.02.0002")
PERIODE_LAPORAN = [Periode.triwulanan(t) for t in range(1, 5)] + [Periode.tahunan()]
PERIODE_LAYAR = [Periode.bulanan(m) for m in range(1, 13)] + PERIODE_LAPORAN

angka = st.one_of(st.sampled_from([Decimal(0), Decimal(5), Decimal(10), Decimal("7.5")]),
                  st.decimals(min_value=0, max_value=200, places=2))
rentang = st.tuples(angka, angka).map(lambda p: Target.rentang(min(p), max(p)))


@st.composite
def indikator_acak(draw):
    polaritas = draw(st.sampled_from(["positif", "negatif"]))
    nilai = st.one_of(angka, rentang) if polaritas == "positif" else angka
    bulanan = draw(st.dictionaries(st.integers(1, 12), nilai, max_size=12))
    tahunan = draw(st.one_of(st.none(), nilai))
    return {
        "polaritas": polaritas,
        "agregasi": draw(st.sampled_from(["kumulatif", "nilai_akhir", "rata_rata"])),
        "rumus_negatif": draw(st.sampled_from(["selisih", "rasio"])),
        "tahunan": tahunan,
        "target": bulanan,
        # None = a row left blank (belum lapor); 0 = a reported zero; big values give raw negatives.
        "realisasi": draw(st.dictionaries(st.integers(1, 12), st.one_of(st.none(), angka, st.just(Decimal(500))),
                                          max_size=12)),
        "sub": draw(st.integers(0, len(SUB) - 1)),
        "unit": draw(st.integers(0, 1)),
    }


rencana_acak = st.fixed_dictionaries({
    "indikator": st.lists(indikator_acak(), min_size=1, max_size=5),
    "status": st.dictionaries(st.tuples(st.integers(0, 1), st.integers(1, 4)),
                              st.sampled_from(["draf", "diajukan", "terverifikasi", "dikembalikan"]), max_size=8),
    "periode_layar": st.sampled_from(PERIODE_LAYAR),
    "periode_laporan": st.sampled_from(PERIODE_LAPORAN),
})


@pytest.fixture
def app_tanpa_cache(database_url, _schema, tmp_path):
    """An app without the page cache: every example rebuilds the database from empty tables."""
    app = create_app(make_test_config(database_url, tmp_path, SIPEKERJA_CACHE=False,
                                     SIPEKERJA_UNDUH_RATE_LIMIT="100000 per minute"))
    yield app
    with app.app_context():
        db.session.remove()
    _empty_tables(_schema)


def _kolom(nilai):
    return (nilai.bawah, nilai.atas) if isinstance(nilai, Target) else (nilai, None)


def _bangun(app, engine, rencana) -> tuple[int, int, int, dict[int, str]]:
    """Build the plan through the factories and the plan service; return ids and indicator names."""
    _empty_tables(engine)
    with app.app_context():
        f.create_nomenklatur()
        pd = f.create_perangkat_daerah()
        units = [f.create_unit(pd, "U-A", "Bidang A"), f.create_unit(pd, "U-B", "Bidang B")]
        tahun = f.create_tahun(2024)
        satuan = f.create_satuan("Dokumen")
        utama = f.create_pengguna(unit=units[0])
        node = {}
        nama = {}
        for i, spek in enumerate(rencana["indikator"], start=1):
            kunci = (spek["unit"], spek["sub"])
            if kunci not in node:
                node[kunci] = perencanaan.add_node(tahun=tahun, unit_kerja=units[spek["unit"]], kode=SUB[spek["sub"]],
                                                   sasaran=None, oleh=None)
            bawah, atas = _kolom(spek["tahunan"]) if spek["tahunan"] is not None else (None, None)
            ind = f.create_indikator(node[kunci], satuan, uraian=f"Indikator Uji {i:02d}", agregasi=spek["agregasi"],
                                     polaritas=spek["polaritas"], target=bawah)
            ind.target_atas, ind.rumus_negatif, ind.urutan = atas, spek["rumus_negatif"], i
            nama[ind.id] = ind.uraian
            for bulan, nilai in spek["target"].items():
                bawah, atas = _kolom(nilai)
                db.session.add(TargetKinerja(indikator_id=ind.id, bulan=bulan, nilai=bawah, atas=atas))
            for bulan, nilai in spek["realisasi"].items():
                db.session.add(RealisasiKinerja(indikator_id=ind.id, bulan=bulan, nilai=nilai))
        for (u, triwulan), status in rencana["status"].items():
            db.session.add(StatusPeriodeUnit(unit_kerja_id=units[u].id, tahun_id=tahun.id, triwulan=triwulan,
                                             status=status))
        db.session.commit()
        return pd.id, tahun.id, utama.id, nama


def _teks_capaian(hasil) -> str:
    return "belum lapor" if hasil.belum_lapor else format_persen(hasil.capaian_sd)


def _label(hasil) -> str | None:
    return None if hasil.belum_lapor or hasil.predikat_sd is None else hasil.predikat_sd.label


def _baris_pdf(isi: bytes) -> list[str]:
    return [b.strip() for h in pypdf.PdfReader(io.BytesIO(isi)).pages for b in h.extract_text().splitlines()]


def _baris_xlsx(ws, teks: str):
    return next(row for row in ws.iter_rows() if row[1].value == teks)


def _nilai_xlsx(sel):
    return Decimal(str(sel.value)) if isinstance(sel.value, (int, float)) else sel.value


def _periksa_layar(client, p, nama, tahun):
    html = client.get(f"/sipekerja/pengukuran/?tahun={tahun}&periode={p.periode.kode}").get_data(as_text=True)
    for ind_id, hasil in p.per_indikator.items():
        baris = re.search(rf'<tr data-jenis="indikator" data-indikator="{ind_id}"([^>]*)>(.*?)</tr>', html, re.S)
        assert baris, nama[ind_id]
        atribut, isi = baris.groups()
        if hasil.belum_lapor:
            assert "data-belum-lapor" in atribut and "data-capaian-sd" not in isi, nama[ind_id]
            continue
        assert re.search(r"data-capaian-sd>([^<]*)<", isi).group(1).strip() == _teks_capaian(hasil), nama[ind_id]
        predikat = re.search(r'data-predikat="([^"]*)"', isi)
        assert (predikat.group(1) if predikat else None) == _label(hasil), nama[ind_id]
        assert (hasil.label_data_sd or "") in isi
        assert ("data-belum-diverifikasi" in isi) is hasil.belum_diverifikasi


def _periksa_laporan_pengukuran(client, p, nama, tahun):
    kode = p.periode.kode
    ws = openpyxl.load_workbook(io.BytesIO(client.get(
        f"/sipekerja/laporan/pengukuran/xlsx?tahun={tahun}&periode={kode}").data))["Capaian Kinerja"]
    baris_pdf = _baris_pdf(client.get(f"/sipekerja/laporan/pengukuran/pdf?tahun={tahun}&periode={kode}").data)
    for ind_id, hasil in p.per_indikator.items():
        row = _baris_xlsx(ws, nama[ind_id])
        if hasil.belum_lapor:
            assert row[6].value == "belum lapor", nama[ind_id]
        elif hasil.capaian_sd is None:
            assert row[6].value == "–", nama[ind_id]
        else:
            assert _nilai_xlsx(row[6]) == bulatkan(hasil.capaian_sd), nama[ind_id]
        assert row[8].value == (_label(hasil) or "–"), nama[ind_id]
        i = baris_pdf.index(nama[ind_id])
        # satuan, target tahunan, target s.d., realisasi, capaian s.d., thd tahunan, predikat
        sel = baris_pdf[i + 1:i + 8]
        assert sel[4] == _teks_capaian(hasil), (nama[ind_id], sel)
        assert sel[6] == (_label(hasil) or "–"), (nama[ind_id], sel)


def _harap_target_capaian(data, per_bulan, ind_id, bulan):
    """Expected (xlsx value, pdf cells) of one indicator's month in Target dan Capaian Kerja."""
    hasil = per_bulan[bulan].per_indikator[ind_id]
    c = hasil.capaian
    target = c.target_rencana_sd if c.belum_lapor else c.target_sd
    teks_target = "–" if target is None else (format_target(target, 2) if isinstance(target, Target)
                                               else format_angka(target, 2))
    if bulan > (data.bulan_realisasi_terakhir or 0):
        return None, [teks_target]
    if c.belum_lapor:
        return "belum lapor", [teks_target, "belum lapor", "belum lapor"]
    capaian = None if hasil.capaian_sd is None else bulatkan(hasil.capaian_sd)
    return (capaian if capaian is not None else "–",
            [teks_target, format_angka(c.realisasi_sd, 2), format_persen(hasil.capaian_sd)])


def _periksa_target_capaian(client, data, skala, nama, tahun):
    per_bulan = hitung_pengukuran_bulanan(data, skala)
    buku = openpyxl.load_workbook(io.BytesIO(client.get(f"/sipekerja/laporan/target-capaian/xlsx?tahun={tahun}").data))
    baris_pdf = _baris_pdf(client.get(f"/sipekerja/laporan/target-capaian/pdf?tahun={tahun}").data)
    for triwulan in range(1, 5):
        ws = buku[f"Triwulan {NAMA_TRIWULAN[triwulan - 1]}"]
        awal = baris_pdf.index(f"Triwulan {NAMA_TRIWULAN[triwulan - 1]}")
        for ind_id, uraian in nama.items():
            row = _baris_xlsx(ws, uraian)
            harap_pdf = []
            for i, bulan in enumerate(range(3 * triwulan - 2, 3 * triwulan + 1)):
                nilai, sel = _harap_target_capaian(data, per_bulan, ind_id, bulan)
                assert _nilai_xlsx(row[6 + 3 * i]) == nilai, (uraian, bulan)
                harap_pdf += sel
            j = baris_pdf.index(uraian, awal)
            assert baris_pdf[j + 3:j + 3 + len(harap_pdf)] == harap_pdf, (uraian, triwulan)


@settings(max_examples=jumlah_contoh(20), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rencana=rencana_acak)
def test_domain_page_pdf_and_xlsx_show_the_same_capaian_and_predikat(app_tanpa_cache, _schema, rencana):
    app = app_tanpa_cache
    pd_id, tahun_id, utama_id, nama = _bangun(app, _schema, rencana)
    client = app.test_client()
    with app.app_context():
        from sipekerja_module.models import Pengguna

        masuk(client, db.session.get(Pengguna, utama_id))
        skala = load_skala_aktif()
        semua = load_rencana(perangkat_daerah_id=pd_id, tahun_id=tahun_id)
        resmi = saring_terverifikasi(semua)
        layar = hitung_pengukuran(semua, rencana["periode_layar"], skala)
        laporan = hitung_pengukuran(resmi, rencana["periode_laporan"], skala)
    _periksa_layar(client, layar, nama, 2024)
    _periksa_laporan_pengukuran(client, laporan, nama, 2024)
    _periksa_target_capaian(client, resmi, skala, nama, 2024)
