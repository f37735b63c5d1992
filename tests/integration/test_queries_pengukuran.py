"""Pengukuran on the demo agency equals a direct domain computation from the stored rows; the
twelve-month computation equals twelve single-month ones, and both equal the straightforward
accumulation, on the demo and on random plans."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from decimal import Decimal
from decimal import localcontext
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlalchemy import event
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.angka import KONTEKS_HITUNG
from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.capaian import hitung_capaian_periode
from sipekerja_module.domain.capaian import hitung_serapan
from sipekerja_module.domain.capaian import tampilkan_capaian
from sipekerja_module.domain.data_rencana import Catatan
from sipekerja_module.domain.data_rencana import DataRencana
from sipekerja_module.domain.data_rencana import IndikatorData
from sipekerja_module.domain.data_rencana import NodeData
from sipekerja_module.domain.data_rencana import SasaranData
from sipekerja_module.domain.data_rencana import UnitData
from sipekerja_module.domain.data_rencana import saring_terverifikasi
from sipekerja_module.domain.data_rencana import saring_unit
from sipekerja_module.domain.pengukuran import CatatanPeriode
from sipekerja_module.domain.pengukuran import DeretBulanan
from sipekerja_module.domain.pengukuran import HasilIndikator
from sipekerja_module.domain.pengukuran import HasilKelompok
from sipekerja_module.domain.pengukuran import Pengukuran
from sipekerja_module.domain.pengukuran import PengukuranBaris
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.pengukuran import hitung_pengukuran_bulanan
from sipekerja_module.domain.pengukuran import hitung_per_unit
from sipekerja_module.domain.pengukuran import kerangka_pengukuran
from sipekerja_module.domain.pengukuran import peringkat_unit
from sipekerja_module.domain.pengukuran import susun_pengukuran_unit
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.pohon import pohon_rencana
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
from sipekerja_module.domain.predikat import BandPredikat as Band
from sipekerja_module.domain.predikat import SkalaPredikat as Skala
from sipekerja_module.domain.predikat import rangkum_capaian
from sipekerja_module.domain.predikat import tentukan_predikat
from sipekerja_module.models import BandPredikat
from sipekerja_module.models import Indikator
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import RealisasiAnggaran
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import SkalaPredikat
from sipekerja_module.models import Tahun
from sipekerja_module.models import TargetAnggaran
from sipekerja_module.models import TargetKinerja
from sipekerja_module.models import UnitKerja
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana


@pytest.fixture
def demo(session, demo_2024):
    pd = session.scalar(select(PerangkatDaerah).where(PerangkatDaerah.kode == "BKPSDM"))
    tahun = session.scalar(select(Tahun).where(Tahun.tahun == 2024))
    return load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun.id)


def _indikator(session, uraian: str) -> Indikator:
    return session.scalar(select(Indikator).where(Indikator.uraian == uraian))


def _bulanan(session, model, kolom, id_) -> dict[int, Decimal | None]:
    return {r.bulan: r.nilai for r in session.scalars(select(model).where(kolom == id_))}


def _langsung(session, ind: Indikator, periode: Periode):
    """The domain computation from the ORM rows, independent of the loader."""
    return hitung_capaian_periode(
        target_bulanan=_bulanan(session, TargetKinerja, TargetKinerja.indikator_id, ind.id),
        realisasi_bulanan=_bulanan(session, RealisasiKinerja, RealisasiKinerja.indikator_id, ind.id),
        target_tahunan=ind.target_tahunan,
        agregasi=Agregasi(ind.agregasi),
        polaritas=Polaritas(ind.polaritas),
        periode=periode,
        rumus_negatif=RumusNegatif(ind.rumus_negatif),
    )


@pytest.mark.parametrize("uraian", [
    "Jumlah ASN yang Diproses Mutasinya",  # positif, kumulatif
    "Persentase Pelanggaran Disiplin ASN",  # negatif, nilai akhir
    "Indeks Sistem Merit",  # IKU, nilai akhir
    "Persentase Ketepatan Waktu Penyampaian Laporan Keuangan",  # rata-rata
])
@pytest.mark.parametrize("periode", [Periode.triwulanan(1), Periode.triwulanan(2), Periode.bulanan(5),
                                     Periode.tahunan()])
def test_capaian_of_an_indicator_equals_the_domain(session, demo, uraian, periode):
    ind = _indikator(session, uraian)
    hasil = hitung_pengukuran(demo, periode, SKALA_PERMENDAGRI_86_2017).per_indikator[ind.id]
    langsung = _langsung(session, ind, periode)

    assert hasil.capaian == langsung
    if langsung.realisasi_sd is None:
        assert hasil.belum_lapor and hasil.capaian_sd is None and hasil.predikat_sd is None
    else:
        assert hasil.capaian_sd == max(langsung.capaian_sd, Decimal(0))
        assert hasil.predikat_sd == tentukan_predikat(langsung.capaian_sd)
        assert hasil.predikat_tahunan == tentukan_predikat(langsung.capaian_tahunan)


def test_negatif_indicator_uses_the_selisih_formula(session, demo):
    ind = _indikator(session, "Persentase Pelanggaran Disiplin ASN")
    hasil = hitung_pengukuran(demo, Periode.triwulanan(1), SKALA_PERMENDAGRI_86_2017).per_indikator[ind.id]
    t, r = hasil.capaian.target_sd, hasil.capaian.realisasi_sd
    assert bulatkan(hasil.capaian.capaian_sd) == bulatkan((2 * t - r) * 100 / t)
    assert hasil.capaian.capaian_sd > 100 if r < t else hasil.capaian.capaian_sd <= 100


def test_a_month_not_reported_shows_the_latest_figure_labelled_data_sd(session, demo):
    # Regression (issue 13): May unreported used to hide April's figure behind "belum lapor" and
    # drop the unit out of the ranking; now the April figure shows, labelled "data s.d. April".
    mutasi = session.scalar(select(UnitKerja).where(UnitKerja.kode == "BKPSDM-MUTASI"))
    p = hitung_pengukuran(demo, Periode.bulanan(5), SKALA_PERMENDAGRI_86_2017)
    april = hitung_pengukuran(demo, Periode.bulanan(4), SKALA_PERMENDAGRI_86_2017)

    hasil = [h for h in p.per_indikator.values() if h.indikator.unit_kerja_id == mutasi.id]
    assert hasil
    for h in hasil:
        assert h.capaian.belum_lapor  # the May column of a monthly report still says "belum lapor"
        assert not h.belum_lapor and h.data_sd == 4 and h.label_data_sd == "data s.d. April"
        assert h.capaian_sd == april.per_indikator[h.indikator.id].capaian_sd
        assert h.capaian_sd is not None and h.predikat_sd is not None
    terukur = [h for h in hasil if h.capaian.capaian_sd is not None]
    assert p.per_unit[mutasi.id].ringkasan_sd.jumlah_terukur == len(terukur)


def test_nothing_reported_up_to_the_period_end_is_belum_lapor_and_never_zero(session, demo):
    # No unit reported anything in months 1..12 of a fresh indicator: belum lapor, out of every mean.
    p = hitung_pengukuran(demo, Periode.bulanan(1), SKALA_PERMENDAGRI_86_2017)
    kosong = [h for h in p.per_indikator.values() if h.capaian.realisasi_sd is None]
    for h in kosong:
        assert h.belum_lapor and h.capaian_sd is None and h.capaian_tahunan is None and h.predikat_sd is None


def test_roll_ups_equal_rangkum_capaian_of_the_indicators_below(session, demo):
    p = hitung_pengukuran(demo, Periode.triwulanan(2), SKALA_PERMENDAGRI_86_2017)
    for i, b in enumerate(p.baris):
        if b.jenis == "indikator":
            continue
        ids = []
        for s in p.baris[i + 1:]:
            if s.kedalaman <= b.kedalaman:
                break
            if s.jenis == "indikator":
                ids.append(s.indikator_id)
        hasil = p.per_baris[b.kunci]
        assert hasil.ringkasan_sd == rangkum_capaian([p.per_indikator[x].capaian_sd_mentah for x in ids])
        assert hasil.ringkasan_tahunan == rangkum_capaian([p.per_indikator[x].capaian_tahunan_mentah for x in ids])
    assert p.total.ringkasan_sd.jumlah_indikator == len(demo.indikator)
    assert sum(p.per_unit[u.id].ringkasan_sd.jumlah_indikator for u in demo.unit) == len(
        [i for i in demo.indikator if not i.is_iku])


def test_serapan_of_sub_kegiatan_and_programs_equals_the_domain(session, demo):
    p = hitung_pengukuran(demo, Periode.triwulanan(2), SKALA_PERMENDAGRI_86_2017)
    per_program: dict[str, list] = defaultdict(list)
    for node in session.scalars(select(NodeRencana).where(NodeRencana.level == "sub_kegiatan")):
        langsung = hitung_serapan(
            pagu=node.pagu,
            target_bulanan=_bulanan(session, TargetAnggaran, TargetAnggaran.node_id, node.id),
            realisasi_bulanan=_bulanan(session, RealisasiAnggaran, RealisasiAnggaran.node_id, node.id),
            sampai_bulan=6,
        )
        assert p.per_node[node.id].serapan == langsung
        per_program[node.kode[:7]].append(langsung)
    for kode, daftar in per_program.items():
        baris = [b for b in p.baris if b.jenis == "program" and b.kode == kode]
        realisasi = sum(p.per_baris[b.kunci].serapan.realisasi_sd for b in baris)
        assert realisasi == sum(s.realisasi_sd for s in daftar)
        assert sum(p.per_baris[b.kunci].serapan.pagu for b in baris) == sum(s.pagu for s in daftar)
    total = p.total.serapan
    assert total.pagu == Decimal("17832857000")
    assert bulatkan(total.persen_pagu) == bulatkan(total.realisasi_sd * 100 / total.pagu) == Decimal("31.03")


def test_ranking_is_by_mean_capaian_to_date(session, demo):
    p = hitung_pengukuran(demo, Periode.triwulanan(2), SKALA_PERMENDAGRI_86_2017)
    rata = [x.hasil.ringkasan_sd.rata_rata for x in p.peringkat]
    assert rata == sorted(rata, reverse=True)
    assert [x.peringkat for x in p.peringkat] == [1, 2, 3, 4, 5]


def test_a_bidang_sees_the_same_figures_as_the_agency_view(session, demo):
    mutasi = session.scalar(select(UnitKerja).where(UnitKerja.kode == "BKPSDM-MUTASI"))
    data_unit = load_rencana(perangkat_daerah_id=demo.perangkat_daerah_id, tahun_id=demo.tahun_id,
                             unit_kerja_id=mutasi.id)
    semua = hitung_pengukuran(demo, Periode.triwulanan(2), SKALA_PERMENDAGRI_86_2017)
    unit = hitung_pengukuran(data_unit, Periode.triwulanan(2), SKALA_PERMENDAGRI_86_2017)
    assert unit.total == semua.per_unit[mutasi.id]
    for id_, hasil in unit.per_indikator.items():
        assert hasil == semua.per_indikator[id_]


def test_load_skala_aktif_reads_the_active_scale_in_one_query(session, demo):
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        skala = load_skala_aktif()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1
    assert skala.nama == "Permendagri 86/2017"
    assert skala.label_tinggi_ke_rendah == SKALA_PERMENDAGRI_86_2017.label_tinggi_ke_rendah


def test_load_skala_aktif_defaults_and_follows_the_agency_choice(session):
    assert load_skala_aktif() == SKALA_PERMENDAGRI_86_2017
    skala = SkalaPredikat(nama="Skala Lokal", aktif=True, band=[
        BandPredikat(batas_bawah=Decimal(0), label="Kurang Berhasil", warna="danger"),
        BandPredikat(batas_bawah=Decimal(55), label="Cukup Berhasil", warna="warning"),
        BandPredikat(batas_bawah=Decimal(75), label="Berhasil", warna="primary"),
        BandPredikat(batas_bawah=Decimal(100), label="Sangat Berhasil", warna="success"),
    ])
    session.add(skala)
    session.flush()
    hasil = load_skala_aktif()
    assert hasil.nama == "Skala Lokal"
    assert hasil.label_tinggi_ke_rendah == ("Sangat Berhasil", "Berhasil", "Cukup Berhasil", "Kurang Berhasil")
    assert tentukan_predikat(Decimal("99.99"), hasil).label == "Berhasil"


# --- The twelve-month computation equals twelve single periods and the straightforward one ------

SEMUA_PERIODE = [Periode.bulanan(m) for m in range(1, 13)] + [Periode.triwulanan(t) for t in range(1, 5)] + [
    Periode.tahunan()]
SKALA_LOKAL = Skala(bands=(Band(Decimal(0), "Kurang Berhasil", "danger"),
                           Band(Decimal(55), "Cukup Berhasil", "warning"),
                           Band(Decimal("75.5"), "Berhasil", "primary"),
                           Band(Decimal(100), "Sangat Berhasil", "success")),
                    nama="Skala Lokal")


def _sama(a: Pengukuran, b: Pengukuran) -> None:
    """Field by field, then ``repr`` (Decimal ``==`` ignores the exponent; the figures must be the same Decimals)."""
    assert a.periode == b.periode and a.skala == b.skala and a.baris == b.baris
    assert dict(a.per_indikator) == dict(b.per_indikator)
    assert dict(a.per_baris) == dict(b.per_baris)
    assert dict(a.per_node) == dict(b.per_node)
    assert dict(a.per_unit) == dict(b.per_unit)
    assert a.total == b.total and a.peringkat == b.peringkat
    assert a == b
    assert repr(a) == repr(b)


def _pengukuran_langsung(data: DataRencana, periode: Periode, skala) -> Pengukuran:
    """The measurement as first written: every group accumulates its indicators and budgets and is
    rolled up with the public domain functions, for one period at a time."""
    kosong: dict = {}
    bulan_periode = list(periode.bulan)
    sampai = periode.bulan_akhir

    def catatan_kinerja(ind_id):
        return [(m, data.catatan_kinerja[(ind_id, m)]) for m in bulan_periode if (ind_id, m) in data.catatan_kinerja]

    def catatan_anggaran(node_id):
        return [(m, data.catatan_anggaran[(node_id, m)]) for m in bulan_periode
                if (node_id, m) in data.catatan_anggaran]

    def gabung(catatan):
        kolom = {"keterangan": {}, "faktor_pendorong": {}, "faktor_penghambat": {}, "tindak_lanjut": {}}
        for _, c in sorted(catatan, key=lambda pasangan: pasangan[0]):
            for nama, teks in kolom.items():
                isi = getattr(c, nama)
                if isi:
                    teks.setdefault(isi.strip(), None)
        return CatatanPeriode(**{nama: tuple(teks) for nama, teks in kolom.items()})

    class Akumulasi:
        def __init__(self):
            self.sd, self.tahunan, self.catatan = [], [], []
            self.pagu, self.target, self.realisasi, self.ada = None, {}, {}, False
            self.terlapor = {}

        def indikator(self, h):
            self.sd.append(h.capaian_sd_mentah)
            self.tahunan.append(h.capaian_tahunan_mentah)

        def anggaran(self, node):
            with localcontext(KONTEKS_HITUNG):
                if node.pagu is not None:
                    self.pagu = node.pagu if self.pagu is None else self.pagu + node.pagu
                    self.ada = True
                target = data.target_anggaran.get(node.id, kosong)
                for asal, tujuan in ((target, self.target),
                                     (data.realisasi_anggaran.get(node.id, kosong), self.realisasi)):
                    for bulan, nilai in asal.items():
                        if nilai is not None:
                            tujuan[bulan] = tujuan.get(bulan, Decimal(0)) + nilai
                            self.ada = True
                # Like with like: the target of the months this node reported.
                for bulan, nilai in data.realisasi_anggaran.get(node.id, kosong).items():
                    if nilai is not None:
                        self.terlapor[bulan] = self.terlapor.get(bulan, Decimal(0)) + (
                            Decimal(0) if target.get(bulan) is None else target[bulan])

        def hasil(self):
            sd, tahunan = rangkum_capaian(self.sd, skala), rangkum_capaian(self.tahunan, skala)
            serapan = hitung_serapan(pagu=self.pagu, target_bulanan=self.target, realisasi_bulanan=self.realisasi,
                                     sampai_bulan=sampai, target_terlapor_bulanan=self.terlapor) if self.ada else None
            return HasilKelompok(ringkasan_sd=sd, ringkasan_tahunan=tahunan,
                                 predikat_sd=tentukan_predikat(sd.rata_rata, skala),
                                 predikat_tahunan=tentukan_predikat(tahunan.rata_rata, skala),
                                 serapan=serapan, catatan=gabung(self.catatan))

    per_indikator = {}
    for ind in data.indikator:
        c = hitung_capaian_periode(
            target_bulanan=data.target_kinerja.get(ind.id, {}),
            realisasi_bulanan=data.realisasi_kinerja.get(ind.id, {}),
            target_tahunan=ind.target, agregasi=ind.agregasi, polaritas=ind.polaritas, periode=periode,
            rumus_negatif=ind.rumus_negatif)
        # Belum lapor = nothing reported up to the period's end; otherwise the latest figure, labelled.
        belum = not c.bulan_dibandingkan
        sd = None if belum else c.capaian_sd
        tahunan = None if belum else c.capaian_tahunan
        per_indikator[ind.id] = HasilIndikator(
            indikator=ind, capaian=c, belum_lapor=belum, capaian_sd=tampilkan_capaian(sd),
            capaian_tahunan=tampilkan_capaian(tahunan), predikat_sd=tentukan_predikat(sd, skala),
            predikat_tahunan=tentukan_predikat(tahunan, skala), catatan=gabung(catatan_kinerja(ind.id)),
            data_sd=None if belum or c.bulan_terakhir_lapor == sampai else c.bulan_terakhir_lapor,
            belum_diverifikasi=any((ind.id, m) in data.kinerja_belum_diverifikasi for m in c.bulan_dibandingkan))

    baris = tuple(pohon_rencana(data))
    node_by_id = {n.id: n for n in data.node}

    def jalur(node_id):
        while node_id is not None and node_id in node_by_id:
            yield node_id
            node_id = node_by_id[node_id].parent_id

    per_baris, tumpukan = {}, []
    for b in baris:
        while tumpukan and tumpukan[-1][0] >= b.kedalaman:
            tumpukan.pop()
        if b.jenis == "indikator":
            for _, acc in tumpukan:
                acc.indikator(per_indikator[b.indikator_id])
            if tumpukan:
                tumpukan[-1][1].catatan.extend(catatan_kinerja(b.indikator_id))
            continue
        acc = per_baris[b.kunci] = Akumulasi()
        tumpukan.append((b.kedalaman, acc))
        for node_id in b.node_ids:
            for _, leluhur in tumpukan:
                leluhur.anggaran(node_by_id[node_id])
            acc.catatan.extend(catatan_anggaran(node_id))
    per_node = {n.id: Akumulasi() for n in data.node}
    per_unit = {u.id: Akumulasi() for u in data.unit}
    total = Akumulasi()
    for ind in data.indikator:
        total.indikator(per_indikator[ind.id])
        if ind.unit_kerja_id in per_unit:
            per_unit[ind.unit_kerja_id].indikator(per_indikator[ind.id])
        if ind.node_id in per_node:
            per_node[ind.node_id].catatan.extend(catatan_kinerja(ind.id))
        for node_id in jalur(ind.node_id):
            per_node[node_id].indikator(per_indikator[ind.id])
    for node in data.node:
        total.anggaran(node)
        if node.unit_kerja_id in per_unit:
            per_unit[node.unit_kerja_id].anggaran(node)
        per_node[node.id].catatan.extend(catatan_anggaran(node.id))
        for node_id in jalur(node.id):
            per_node[node_id].anggaran(node)
    hasil_unit = {k: acc.hasil() for k, acc in per_unit.items()}
    return Pengukuran(
        periode=periode, skala=skala, baris=baris,
        per_baris=MappingProxyType({k: acc.hasil() for k, acc in per_baris.items()}),
        per_indikator=MappingProxyType(per_indikator),
        per_node=MappingProxyType({k: acc.hasil() for k, acc in per_node.items()}),
        per_unit=MappingProxyType(hasil_unit), total=total.hasil(), peringkat=peringkat_unit(data.unit, hasil_unit))


@pytest.mark.parametrize("skala", [SKALA_PERMENDAGRI_86_2017, SKALA_LOKAL], ids=["permendagri", "lokal"])
def test_twelve_months_at_once_equal_each_month_alone_on_the_demo(session, demo, skala):
    bulanan = hitung_pengukuran_bulanan(demo, skala)
    assert list(bulanan) == list(range(1, 13))
    for bulan, hasil in bulanan.items():
        assert hasil.periode == Periode.bulanan(bulan)
        _sama(hasil, hitung_pengukuran(demo, Periode.bulanan(bulan), skala))
        _sama(hasil, _pengukuran_langsung(demo, Periode.bulanan(bulan), skala))
    # The months share one tree.
    assert all(p.baris is bulanan[1].baris for p in bulanan.values())


@pytest.mark.parametrize("periode", SEMUA_PERIODE, ids=lambda p: p.kode)
def test_every_period_equals_the_straightforward_accumulation_on_the_demo(session, demo, periode):
    _sama(hitung_pengukuran(demo, periode, SKALA_PERMENDAGRI_86_2017),
          _pengukuran_langsung(demo, periode, SKALA_PERMENDAGRI_86_2017))


def test_a_bidang_gets_the_same_months_at_once(session, demo):
    mutasi = session.scalar(select(UnitKerja).where(UnitKerja.kode == "BKPSDM-MUTASI"))
    data_unit = load_rencana(perangkat_daerah_id=demo.perangkat_daerah_id, tahun_id=demo.tahun_id,
                             unit_kerja_id=mutasi.id)
    for bulan, hasil in hitung_pengukuran_bulanan(data_unit).items():
        _sama(hasil, hitung_pengukuran(data_unit, Periode.bulanan(bulan)))


# Random plans: the shapes the loader produces (Numeric(18, 2) budgets, Numeric(18, 4) measures), plus
# values with many digits, so that sums round at 34 digits and the order of additions matters.
_angka = st.one_of(
    st.decimals(min_value=0, max_value=10**6, places=4),
    st.decimals(min_value=0, max_value=10**20, allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal(0), Decimal("0.0000"), Decimal(7), Decimal("6.5000"), Decimal("1E+2")]),
)
_uang = st.one_of(st.decimals(min_value=0, max_value=10**12, places=2), st.sampled_from([Decimal("0.00")]))
_teks = st.sampled_from([None, "", "Sama", " Sama ", "Lain", "Dukungan pimpinan", "  "])


def _bulanan_acak(nilai):
    return st.dictionaries(st.integers(1, 12), st.one_of(st.none(), nilai), max_size=12)


@st.composite
def rencana_acak(draw) -> DataRencana:
    unit = tuple(UnitData(u, f"U{u}", f"Unit {u}", "bidang", u) for u in range(1, draw(st.integers(1, 3)) + 1))
    sasaran = tuple(SasaranData(100 + s, f"S{s}", f"Sasaran {s}", s) for s in range(1, draw(st.integers(1, 2)) + 1))
    pilihan_sasaran = st.sampled_from([None, *(s.id for s in sasaran)])
    nomor = itertools.count(1)
    node: list[NodeData] = []
    for u in unit:
        for _ in range(draw(st.integers(0, 2))):
            # Few distinct codes, so programs and kegiatan of several units merge into one row.
            program = f"5.03.0{draw(st.integers(1, 2))}"
            s_id = draw(pilihan_sasaran)
            p_id = next(nomor)
            node.append(NodeData(p_id, None, "program", program, f"Program {program}", u.id, u.nama, s_id, None))
            for _ in range(draw(st.integers(0, 2))):
                kegiatan = f"{program}.2.0{draw(st.integers(1, 3))}"
                k_id = next(nomor)
                node.append(NodeData(k_id, p_id, "kegiatan", kegiatan, f"Kegiatan {kegiatan}", u.id, u.nama, s_id,
                                     None))
                for sub in range(1, draw(st.integers(0, 2)) + 1):
                    node.append(NodeData(next(nomor), k_id, "sub_kegiatan", f"{kegiatan}.000{sub}", "Sub kegiatan",
                                         u.id, u.nama, s_id, draw(st.one_of(st.none(), _uang))))
    pembawa = [("sasaran", s.id) for s in sasaran] + [("node", n.id) for n in node]
    node_by_id = {n.id: n for n in node}
    indikator = []
    for i in range(1, draw(st.integers(0, 8)) + 1):
        jenis, id_ = draw(st.sampled_from(pembawa))
        target = draw(st.one_of(st.none(), _angka.map(Target.tunggal),
                                st.tuples(_angka, _angka).map(lambda p: Target.rentang(min(p), max(p)))))
        indikator.append(IndikatorData(
            id=i, sasaran_id=id_ if jenis == "sasaran" else node_by_id[id_].sasaran_id,
            node_id=id_ if jenis == "node" else None, uraian=f"Indikator {i}", satuan="Dokumen",
            polaritas=draw(st.sampled_from(list(Polaritas))), agregasi=draw(st.sampled_from(list(Agregasi))),
            rumus_negatif=draw(st.sampled_from(list(RumusNegatif))), target=target,
            unit_kerja_id=node_by_id[id_].unit_kerja_id if jenis == "node" else None, urutan=i))
    unit_kerja_id = draw(st.one_of(st.none(), st.sampled_from([u.id for u in unit])))
    if unit_kerja_id is not None:  # a Bidang's view: its own nodes and indicators, no IKU
        node = [n for n in node if n.unit_kerja_id == unit_kerja_id]
        indikator = [i for i in indikator if i.unit_kerja_id == unit_kerja_id]
    sub = [n.id for n in node if n.level == "sub_kegiatan"]

    def catatan(kunci):
        return draw(st.dictionaries(st.sampled_from(kunci), st.builds(Catatan, _teks, _teks, _teks, _teks),
                                    max_size=10)) if kunci else {}

    realisasi_kinerja = {i.id: draw(_bulanan_acak(_angka)) for i in indikator}
    realisasi_anggaran = {n: draw(_bulanan_acak(_uang)) for n in sub}
    # Some months not verified yet: flagged, never changing a figure.
    belum_kinerja = frozenset(draw(st.sets(st.sampled_from([(k, m) for k, v in realisasi_kinerja.items() for m in v]))
                                   ) if any(realisasi_kinerja.values()) else ())
    return DataRencana(
        kinerja_belum_diverifikasi=belum_kinerja,
        perangkat_daerah_id=1, perangkat_daerah_nama="Dinas Acak", tahun_id=1, tahun=2024,
        unit_kerja_id=unit_kerja_id, unit=unit, sasaran=sasaran, node=tuple(node), indikator=tuple(indikator),
        # Monthly targets may be ranges; blank monthly targets take the annual target as December's.
        target_kinerja={i.id: draw(_bulanan_acak(st.one_of(
            _angka, st.tuples(_angka, _angka).map(lambda p: Target.rentang(min(p), max(p)))))) for i in indikator},
        realisasi_kinerja=realisasi_kinerja,
        catatan_kinerja=catatan([(i.id, m) for i in indikator for m in range(1, 13)]),
        target_anggaran={n: draw(_bulanan_acak(_uang)) for n in sub},
        realisasi_anggaran=realisasi_anggaran,
        catatan_anggaran=catatan([(n, m) for n in sub for m in range(1, 13)]),
        nama_nomenklatur={"5": "UNSUR PENUNJANG URUSAN PEMERINTAHAN", "5.03": "KEPEGAWAIAN"},
        bulan_realisasi_terakhir=None,
    )


_acak = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_acak
@given(rencana_acak(), st.sampled_from([SKALA_PERMENDAGRI_86_2017, SKALA_LOKAL]))
def test_twelve_months_at_once_equal_each_month_alone_on_random_plans(data, skala):
    bulanan = hitung_pengukuran_bulanan(data, skala)
    assert list(bulanan) == list(range(1, 13))
    for bulan, hasil in bulanan.items():
        _sama(hasil, hitung_pengukuran(data, Periode.bulanan(bulan), skala))


@_acak
@given(rencana_acak(), st.sampled_from(SEMUA_PERIODE), st.sampled_from([SKALA_PERMENDAGRI_86_2017, SKALA_LOKAL]))
def test_every_period_equals_the_straightforward_accumulation_on_random_plans(data, periode, skala):
    _sama(hitung_pengukuran(data, periode, skala), _pengukuran_langsung(data, periode, skala))


@_acak
@given(rencana_acak(), st.randoms(use_true_random=False))
def test_the_report_series_row_by_row_equal_the_full_measurement_of_every_month(data, acak):
    """``DeretBulanan`` (what *Target dan Capaian Kerja* prints, one row at a time, in any order)
    is the full measurement of every month, the same Decimals."""
    bulanan = hitung_pengukuran_bulanan(data)
    deret = DeretBulanan(data)
    pasangan = [(ind.id, b) for ind in data.indikator for b in range(1, 13)]
    acak.shuffle(pasangan)
    for ind_id, bulan in pasangan:
        assert deret.capaian(ind_id, bulan) == bulanan[bulan].per_indikator[ind_id].capaian
    baris = [(k, b) for k in bulanan[1].per_baris for b in range(1, 13)]
    acak.shuffle(baris)
    for kunci, bulan in baris:
        assert deret.serapan(kunci, bulan) == bulanan[bulan].per_baris[kunci].serapan
    assert deret.baris == bulanan[1].baris


@_acak
@given(rencana_acak(), st.sampled_from(SEMUA_PERIODE), st.sampled_from([SKALA_PERMENDAGRI_86_2017, SKALA_LOKAL]),
       st.randoms(use_true_random=False))
def test_the_page_rows_one_at_a_time_equal_the_full_measurement(data, periode, skala, acak):
    """``PengukuranBaris`` (the Pengukuran page's rows, each measured on demand, roll-ups from the
    figures of their indicators) is the full measurement of the period, the same Decimals."""
    penuh = hitung_pengukuran(data, periode, skala)
    ukur = PengukuranBaris(data, periode, skala)
    assert ukur.baris == penuh.baris
    urutan = [ind.id for ind in data.indikator]
    acak.shuffle(urutan)
    for ind_id in urutan:
        # Without its notes (the page's rows show none), then with them: each is measured on its own.
        tanpa_catatan = ukur.hasil_indikator(ind_id, catatan=False)
        assert tanpa_catatan == dataclasses.replace(penuh.per_indikator[ind_id], catatan=CatatanPeriode())
        assert ukur.hasil_indikator(ind_id) == penuh.per_indikator[ind_id]
    nilai = {i: PengukuranBaris.nilai(h) for i, h in penuh.per_indikator.items()}
    kunci = list(penuh.per_baris)
    acak.shuffle(kunci)
    for k in kunci:
        assert ukur.hasil_baris(k, [nilai[i] for i in ukur.indikator_baris(k)]) == penuh.per_baris[k]
        assert ukur.serapan_baris(k) == penuh.per_baris[k].serapan
    assert ukur.hasil_total([nilai[ind.id] for ind in data.indikator]) == penuh.total


def _ukur_semua(ukur: PengukuranBaris, penuh: Pengukuran) -> None:
    """Every row of ``ukur`` (notes and serapan included) is ``penuh``'s, the same Decimals."""
    for ind in ukur.data.indikator:
        assert ukur.hasil_indikator(ind.id) == penuh.per_indikator[ind.id]
    nilai = {i: PengukuranBaris.nilai(h) for i, h in penuh.per_indikator.items()}
    for k in penuh.per_baris:
        assert ukur.hasil_baris(k, [nilai[i] for i in ukur.indikator_baris(k)]) == penuh.per_baris[k]
        assert ukur.serapan_baris(k) == penuh.per_baris[k].serapan
    assert ukur.hasil_total([nilai[ind.id] for ind in ukur.data.indikator]) == penuh.total


@_acak
@given(rencana_acak(), st.sampled_from(SEMUA_PERIODE), st.sampled_from([SKALA_PERMENDAGRI_86_2017, SKALA_LOKAL]))
def test_a_skeleton_kept_from_another_load_of_the_same_plan_measures_exactly_as_a_fresh_one(data, periode, skala):
    """The Pengukuran page keeps a plan's skeleton (``kerangka_pengukuran``) across loads with other
    realisasi, notes and budget: measured with it, a load is its own full measurement, whatever the
    load measured with it before (nothing of one load's figures or notes stays in the skeleton)."""
    kosong = dataclasses.replace(data, realisasi_kinerja={}, realisasi_anggaran={}, catatan_kinerja={},
                                 catatan_anggaran={}, kinerja_belum_diverifikasi=frozenset())
    for pertama, kedua in ((data, kosong), (kosong, data)):
        kerangka = kerangka_pengukuran(pertama)
        _ukur_semua(PengukuranBaris(pertama, periode, skala, kerangka=kerangka),
                    hitung_pengukuran(pertama, periode, skala))
        ukur = PengukuranBaris(kedua, periode, skala, kerangka=kerangka)
        assert ukur.kerangka is kerangka and ukur.baris is kerangka.baris
        _ukur_semua(ukur, hitung_pengukuran(kedua, periode, skala))


def test_a_skeleton_of_another_plan_structure_is_refused(demo):
    """Only a load of the very structure the skeleton was made from may use it: the same plan narrowed
    to a unit has other indicator and node tuples."""
    kerangka = kerangka_pengukuran(demo)
    sempit = saring_unit(demo, demo.unit[0].id)
    with pytest.raises(ValueError):
        PengukuranBaris(sempit, Periode.tahunan(), kerangka=kerangka)
    assert PengukuranBaris(dataclasses.replace(demo, realisasi_kinerja={}), Periode.tahunan(),
                           kerangka=kerangka).kerangka is kerangka


@_acak
@given(rencana_acak(), st.lists(st.sampled_from(SEMUA_PERIODE), min_size=1, max_size=5, unique=True),
       st.sampled_from([SKALA_PERMENDAGRI_86_2017, SKALA_LOKAL]), st.data())
def test_each_unit_measured_alone_equals_its_roll_up_and_ranking_in_the_whole_verified_plan(data, periode, skala,
                                                                                            lagi):
    """A unit's roll-up takes nothing from another unit: measured from its own indicators and nodes
    (narrowed first, unverified months dropped after) it is the whole verified plan's, the same
    Decimals, and the ranking assembled from those roll-ups is the whole plan's ranking. So the
    Pengukuran page may keep each unit's figures and measure again only the unit a write touched."""
    pasangan = [(n, m) for n, bulanan in data.realisasi_anggaran.items() for m in bulanan]
    if pasangan:  # months of budget not verified yet, too
        belum = lagi.draw(st.sets(st.sampled_from(pasangan)))
        data = dataclasses.replace(data, anggaran_belum_diverifikasi=frozenset(belum))
    terverifikasi = saring_terverifikasi(data)
    penuh = [hitung_pengukuran(terverifikasi, p, skala) for p in periode]

    def tanpa_catatan(h):  # the ranking shows no notes, and measures none
        return dataclasses.replace(h, catatan=CatatanPeriode())

    sendiri = {u.id: hitung_per_unit(saring_terverifikasi(saring_unit(data, u.id)), u.id, periode, skala)
               for u in data.unit}
    for i, p in enumerate(periode):
        per_unit = {u: hasil[i] for u, hasil in sendiri.items()}
        assert per_unit == {u: tanpa_catatan(h) for u, h in penuh[i].per_unit.items()}
        tanpa_sempit = {u.id: hitung_per_unit(terverifikasi, u.id, periode, skala)[i] for u in data.unit}
        assert tanpa_sempit == per_unit
        disusun = susun_pengukuran_unit(data.unit, p, skala, per_unit)
        assert disusun.peringkat == tuple(dataclasses.replace(pr, hasil=tanpa_catatan(pr.hasil))
                                          for pr in penuh[i].peringkat)
        assert disusun.periode == p and disusun.skala == skala
