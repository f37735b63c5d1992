"""Pengukuran on the demo agency equals a direct domain computation from the stored rows."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import hitung_capaian_periode
from sipekerja_module.domain.capaian import hitung_serapan
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
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
from sipekerja_module.queries.pengukuran import hitung_pengukuran
from sipekerja_module.queries.pengukuran import load_skala_aktif
from sipekerja_module.queries.rencana import load_rencana
from sipekerja_module.services.demo import load_demo


@pytest.fixture
def demo(session):
    load_demo(tahun=2024)
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
    if langsung.belum_lapor:
        assert hasil.capaian_sd is None and hasil.predikat_sd is None
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


def test_a_month_not_reported_is_belum_lapor_and_never_zero(session, demo):
    mutasi = session.scalar(select(UnitKerja).where(UnitKerja.kode == "BKPSDM-MUTASI"))
    p = hitung_pengukuran(demo, Periode.bulanan(5), SKALA_PERMENDAGRI_86_2017)

    hasil = [h for h in p.per_indikator.values() if h.indikator.unit_kerja_id == mutasi.id]
    assert hasil and all(h.belum_lapor and h.capaian_sd is None and h.capaian_tahunan is None for h in hasil)
    ringkasan = p.per_unit[mutasi.id].ringkasan_sd
    assert ringkasan.jumlah_terukur == 0 and ringkasan.rata_rata is None
    assert p.peringkat[-1].unit.id == mutasi.id and p.peringkat[-1].peringkat is None
    # In April the unit did report.
    april = hitung_pengukuran(demo, Periode.bulanan(4), SKALA_PERMENDAGRI_86_2017)
    assert not any(april.per_indikator[h.indikator.id].belum_lapor for h in hasil)


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
