"""Row builders of the reports and the pure measurement, on a small hand-made plan (no database)."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

import pytest

from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.capaian import hitung_capaian_periode
from sipekerja_module.domain.data_rencana import Catatan
from sipekerja_module.domain.data_rencana import DataRencana
from sipekerja_module.domain.data_rencana import IndikatorData
from sipekerja_module.domain.data_rencana import NodeData
from sipekerja_module.domain.data_rencana import SasaranData
from sipekerja_module.domain.data_rencana import UnitData
from sipekerja_module.domain.pengukuran import HasilKelompok
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.pengukuran import peringkat_unit
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.pohon import pohon_rencana
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
from sipekerja_module.domain.predikat import rangkum_capaian
from sipekerja_module.reports.model import FormatKolom
from sipekerja_module.reports.model import JenisBaris
from sipekerja_module.reports.tables import BELUM_LAPOR
from sipekerja_module.reports.tables import baris_anggaran
from sipekerja_module.reports.tables import baris_capaian
from sipekerja_module.reports.tables import baris_peringkat
from sipekerja_module.reports.tables import baris_pk_anggaran
from sipekerja_module.reports.tables import baris_pk_sasaran
from sipekerja_module.reports.tables import baris_target_capaian
from sipekerja_module.reports.tables import judul_periode
from sipekerja_module.reports.tables import lampiran_pk
from sipekerja_module.reports.tables import laporan_pengukuran
from sipekerja_module.reports.tables import laporan_target_capaian
from sipekerja_module.reports.tables import sel_persen
from sipekerja_module.reports.tables import sel_rupiah

D = Decimal
SEKRETARIAT, BIDANG_A, BIDANG_B = 1, 2, 3


def _ind(id_, *, node=None, sasaran=None, unit=None, uraian="", polaritas=Polaritas.POSITIF,
         agregasi=Agregasi.KUMULATIF, target=None, satuan="Dokumen") -> IndikatorData:
    return IndikatorData(id=id_, sasaran_id=sasaran, node_id=node, uraian=uraian or f"Indikator {id_}",
                         satuan=satuan, polaritas=polaritas, agregasi=agregasi, rumus_negatif=RumusNegatif.SELISIH,
                         target=target, unit_kerja_id=unit, urutan=id_)


def _beku(d: dict) -> MappingProxyType:
    return MappingProxyType({k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in d.items()})


@pytest.fixture
def data() -> DataRencana:
    """Sasaran S1 with one IKU; program 5.03.02 owned by two bidang (merged), each with a kegiatan and
    a sub kegiatan; indicators: positif kumulatif, negatif nilai akhir, rata-rata, and one never
    reported (belum lapor)."""
    unit = (UnitData(SEKRETARIAT, "X-SEK", "Sekretariat", "sekretariat", 1),
            UnitData(BIDANG_A, "X-A", "Bidang Alpha", "bidang", 2),
            UnitData(BIDANG_B, "X-B", "Bidang Beta", "bidang", 3))
    node = (
        NodeData(10, None, "program", "5.03.02", "PROGRAM KEPEGAWAIAN DAERAH", BIDANG_A, "Bidang Alpha", 100, None),
        NodeData(11, 10, "kegiatan", "5.03.02.2.01", "Kegiatan A", BIDANG_A, "Bidang Alpha", 100, None),
        NodeData(12, 11, "sub_kegiatan", "5.03.02.2.01.0010", "Sub A <&>", BIDANG_A, "Bidang Alpha", 100,
                 D("1000000")),
        NodeData(20, None, "program", "5.03.02", "PROGRAM KEPEGAWAIAN DAERAH", BIDANG_B, "Bidang Beta", 100, None),
        NodeData(21, 20, "kegiatan", "5.03.02.2.02", "Kegiatan B", BIDANG_B, "Bidang Beta", 100, None),
        NodeData(22, 21, "sub_kegiatan", "5.03.02.2.02.0001", "Sub B", BIDANG_B, "Bidang Beta", 100, D("3000000")),
    )
    indikator = (
        _ind(1, sasaran=100, uraian="Indeks Sistem Merit", agregasi=Agregasi.NILAI_AKHIR,
             target=Target.tunggal(D("0.75")),
             satuan="Indeks"),
        _ind(2, node=12, unit=BIDANG_A, uraian="Jumlah Laporan", target=Target.tunggal(12)),
        _ind(3, node=22, unit=BIDANG_B, uraian="Persentase Pelanggaran Disiplin", polaritas=Polaritas.NEGATIF,
             agregasi=Agregasi.NILAI_AKHIR, target=Target.tunggal(7), satuan="Persen"),
        _ind(4, node=21, unit=BIDANG_B, uraian="Persentase Ketepatan", agregasi=Agregasi.RATA_RATA,
             target=Target.rentang(80, 90), satuan="Persen"),
        _ind(5, node=11, unit=BIDANG_A, uraian="Belum pernah lapor", target=Target.tunggal(4)),
    )
    target_kinerja = {
        1: {m: D("0.75") for m in range(1, 13)},
        2: {m: D(1) for m in range(1, 13)},
        3: {m: D(7) for m in range(1, 13)},
        4: {m: D(85) for m in range(1, 13)},
        5: {3: D(1), 6: D(1), 9: D(1), 12: D(1)},
    }
    realisasi_kinerja = {
        1: {1: D("0.70"), 2: D("0.72"), 3: None},
        2: {1: D(1), 2: D(1), 3: D(2), 4: None, 5: D(1)},
        3: {1: D("6.5"), 2: D("7.5"), 3: D("6.5")},
        4: {1: D(70), 2: D(95), 3: D(88)},
        5: {1: None, 2: None, 3: None},
    }
    return DataRencana(
        perangkat_daerah_id=1, perangkat_daerah_nama="Dinas Contoh", tahun_id=1, tahun=2024, unit_kerja_id=None,
        unit=unit, sasaran=(SasaranData(100, "S1", "Meningkatnya Tata Kelola", 1),), node=node, indikator=indikator,
        target_kinerja=_beku(target_kinerja), realisasi_kinerja=_beku(realisasi_kinerja),
        catatan_kinerja=MappingProxyType({
            (2, 3): Catatan(faktor_pendorong="Dukungan <pimpinan> & tim"),
            (3, 2): Catatan(faktor_penghambat="Data terlambat", tindak_lanjut="Koordinasi ulang"),
        }),
        target_anggaran=_beku({12: {m: D(50000) for m in range(1, 13)}, 22: {m: D(250000) for m in range(1, 13)}}),
        realisasi_anggaran=_beku({12: {1: D(40000), 2: D(50000), 3: D(60000)},
                                  22: {1: D(250000), 2: None, 3: D(200000)}}),
        catatan_anggaran=MappingProxyType({(22, 3): Catatan(faktor_penghambat="Pengadaan belum selesai")}),
        nama_nomenklatur=MappingProxyType({"5": "UNSUR PENUNJANG URUSAN PEMERINTAHAN", "5.03": "KEPEGAWAIAN"}),
        bulan_realisasi_terakhir=3,
    )


def _cari(baris, teks):
    return next(b for b in baris if b.sel[1].teks == teks)


def _langsung(data: DataRencana, indikator_id: int, periode: Periode):
    ind = next(i for i in data.indikator if i.id == indikator_id)
    return hitung_capaian_periode(
        target_bulanan=data.target_kinerja[ind.id], realisasi_bulanan=data.realisasi_kinerja[ind.id],
        target_tahunan=ind.target, agregasi=ind.agregasi, polaritas=ind.polaritas, periode=periode,
    )


def test_pohon_merges_programs_and_groups_under_urusan(data):
    baris = pohon_rencana(data)
    assert [(b.jenis, b.kode) for b in baris if b.jenis != "indikator"] == [
        ("sasaran", "S1"), ("urusan", "5"), ("bidang_urusan", "5.03"), ("program", "5.03.02"),
        ("kegiatan", "5.03.02.2.01"), ("sub_kegiatan", "5.03.02.2.01.0010"),
        ("kegiatan", "5.03.02.2.02"), ("sub_kegiatan", "5.03.02.2.02.0001"),
    ]
    program = next(b for b in baris if b.jenis == "program")
    assert program.unit == "Bidang Alpha, Bidang Beta"
    assert program.node_ids == (10, 20)
    assert program.pagu == D("4000000")
    assert program.target_anggaran == D(12 * 300000)


def test_hitung_pengukuran_equals_the_domain_for_each_indicator(data):
    periode = Periode.triwulanan(1)
    p = hitung_pengukuran(data, periode, SKALA_PERMENDAGRI_86_2017)
    for indikator_id in (1, 2, 3, 4):
        assert p.per_indikator[indikator_id].capaian == _langsung(data, indikator_id, periode)
    # negatif, nilai akhir: last month 6,5 against 7 -> 107,14% (PermenPAN-RB 6/2022).
    assert bulatkan(p.per_indikator[3].capaian_sd) == D("107.14")
    assert p.per_indikator[3].predikat_sd.label == "Sangat Tinggi"
    # nilai akhir takes the last reported month (February), not the maximum and not March's NULL.
    assert p.per_indikator[1].capaian.realisasi_sd == D("0.72")
    # rata-rata of 70, 95, 88 = 84,33: to date against the monthly 85, and inside the annual 80-90 (100%).
    assert bulatkan(p.per_indikator[4].capaian_sd) == D("99.22")
    assert p.per_indikator[4].capaian_tahunan == D(100)


def test_belum_lapor_is_never_zero_and_stays_out_of_roll_ups(data):
    p = hitung_pengukuran(data, Periode.triwulanan(1), SKALA_PERMENDAGRI_86_2017)
    hasil = p.per_indikator[5]
    assert hasil.belum_lapor
    assert hasil.capaian_sd is None and hasil.predikat_sd is None
    kegiatan_a = next(b for b in p.baris if b.kode == "5.03.02.2.01")
    ringkasan = p.per_baris[kegiatan_a.kunci].ringkasan_sd
    assert ringkasan.jumlah_indikator == 2
    assert ringkasan.jumlah_belum_terukur == 1
    baris = _cari(baris_capaian(p), "Belum pernah lapor")
    assert [s.teks for s in baris.sel[5:8]] == [BELUM_LAPOR] * 3
    assert all(s.nilai is None for s in baris.sel[5:8])


def test_month_without_report_in_a_triwulan_shows_belum_lapor_in_target_capaian(data):
    per_bulan = {m: hitung_pengukuran(data, Periode.bulanan(m), SKALA_PERMENDAGRI_86_2017) for m in range(1, 13)}
    baris = baris_target_capaian(data, per_bulan, (1, 2, 3))
    iku = _cari(baris, "Indeks Sistem Merit")
    # March of the IKU is NULL: "belum lapor", not 0 and not the February figure.
    assert [s.teks for s in iku.sel[-2:]] == [BELUM_LAPOR, BELUM_LAPOR]
    assert iku.sel[5].nilai == D("0.70")
    sub_b = _cari(baris, "5.03.02.2.02.0001 Sub B")
    assert [s.teks for s in sub_b.sel[8:10]] == [BELUM_LAPOR, BELUM_LAPOR]
    assert sub_b.sel[3].format is FormatKolom.RUPIAH and sub_b.sel[3].nilai == D(3000000)
    # After the last reported month the cells stay blank.
    tw2 = baris_target_capaian(data, per_bulan, (4, 5, 6))
    assert [s.teks for s in _cari(tw2, "Jumlah Laporan").sel[5:7]] == ["", ""]


def test_roll_ups_count_indicators_and_average_raw_capaian(data):
    p = hitung_pengukuran(data, Periode.triwulanan(1), SKALA_PERMENDAGRI_86_2017)
    program = next(b for b in p.baris if b.jenis == "program")
    hasil = p.per_baris[program.kunci]
    nilai = [p.per_indikator[i].capaian.capaian_sd for i in (2, 3, 4, 5)]
    assert hasil.ringkasan_sd == rangkum_capaian(nilai[:3] + [None], SKALA_PERMENDAGRI_86_2017)
    assert hasil.ringkasan_sd.jumlah_indikator == 4
    assert hasil.ringkasan_sd.jumlah_terukur == 3
    assert sum(hasil.ringkasan_sd.jumlah_per_predikat.values()) == 3
    sasaran = p.per_baris["S100"]
    assert sasaran.ringkasan_sd.jumlah_indikator == 5
    assert p.total.ringkasan_sd.jumlah_indikator == 5
    assert p.per_unit[BIDANG_B].ringkasan_sd.jumlah_indikator == 2
    assert p.per_node[10].ringkasan_sd.jumlah_indikator == 2  # program of Bidang Alpha only


def test_serapan_sums_sub_kegiatan_up_the_tree(data):
    p = hitung_pengukuran(data, Periode.triwulanan(1), SKALA_PERMENDAGRI_86_2017)
    sub_a = p.per_node[12].serapan
    assert sub_a.realisasi_sd == D(150000) and sub_a.target_sd == D(150000)
    assert sub_a.persen_target_sd == D(100)
    program = p.per_baris[next(b for b in p.baris if b.jenis == "program").kunci].serapan
    assert program.pagu == D(4000000)
    assert program.realisasi_sd == D(150000 + 450000)
    # Like with like: Sub B did not report a month, so that month's target is left out as well
    # (it used to be 900.000, counting Sub B's belum lapor as a 0 realisasi).
    assert program.target_sd == D(650000)
    assert program.target_rencana_sd == D(900000)
    assert bulatkan(program.persen_pagu) == D("15.00")
    assert p.total.serapan == program


def test_notes_of_the_period_reach_the_rows_they_belong_to(data):
    p = hitung_pengukuran(data, Periode.triwulanan(1), SKALA_PERMENDAGRI_86_2017)
    baris = baris_anggaran(p)
    sub_b = _cari(baris, "5.03.02.2.02.0001 Sub B")
    assert [s.teks for s in sub_b.sel[8:]] == ["", "Data terlambat; Pengadaan belum selesai", "Koordinasi ulang"]
    sub_a = _cari(baris, "5.03.02.2.01.0010 Sub A <&>")
    assert sub_a.sel[8].teks == "Dukungan <pimpinan> & tim"
    assert baris[-1].jenis is JenisBaris.TOTAL
    assert baris[-1].sel[5].nilai == D(600000)
    # Notes outside the period are not shown.
    p2 = hitung_pengukuran(data, Periode.triwulanan(2), SKALA_PERMENDAGRI_86_2017)
    assert _cari(baris_anggaran(p2), "5.03.02.2.02.0001 Sub B").sel[9].teks == ""


def test_peringkat_orders_by_mean_then_name_and_puts_unmeasurable_last(data):
    def kelompok(rata):
        r = rangkum_capaian([rata])
        return HasilKelompok(r, r, None, None, None, None)  # type: ignore[arg-type]

    unit = (UnitData(1, "a", "Zeta", "bidang", 1), UnitData(2, "b", "Alfa", "bidang", 2),
            UnitData(3, "c", "Beta", "bidang", 3), UnitData(4, "d", "Gama", "bidang", 4))
    hasil = peringkat_unit(unit, {1: kelompok(D(90)), 2: kelompok(None), 3: kelompok(D(90)), 4: kelompok(D(95))})
    assert [(p.peringkat, p.unit.nama) for p in hasil] == [(1, "Gama"), (2, "Beta"), (2, "Zeta"), (None, "Alfa")]


def test_peringkat_rows_list_every_predikat_and_a_total(data):
    p = hitung_pengukuran(data, Periode.triwulanan(1), SKALA_PERMENDAGRI_86_2017)
    baris = baris_peringkat(p)
    # Alpha: 133,33% (one indicator measurable, one belum lapor); Beta: mean of 107,14% and 99,22%.
    assert [b.sel[1].teks for b in baris] == ["Bidang Alpha", "Bidang Beta", "Sekretariat", "Perangkat Daerah"]
    assert [b.sel[0].teks for b in baris[:2]] == ["1", "2"]
    assert baris[2].sel[0].teks == "\u2013"  # Sekretariat owns nothing measurable
    assert len(baris[0].sel) == 2 + 5 + 5 + 2


def test_cells_carry_printed_text_and_numeric_values():
    assert sel_persen(D("107.142857")).teks == "107,14%"
    assert sel_persen(D("107.142857")).nilai == D("107.14")
    assert sel_persen(None).teks == "\u2013" and sel_persen(None).nilai is None
    assert sel_rupiah(D("1234567.00")).teks == "1.234.567"
    assert sel_rupiah(D("1234567.50")).teks == "1.234.567,50"
    assert judul_periode(Periode.triwulanan(2), 2024) == "Triwulan II Tahun 2024"
    assert judul_periode(Periode.tahunan(), 2024) == "Tahun 2024"


def test_laporan_pengukuran_sections_have_consistent_widths(data):
    p = hitung_pengukuran(data, Periode.tahunan(), SKALA_PERMENDAGRI_86_2017)
    laporan = laporan_pengukuran(data, p)
    assert laporan.judul == "LAPORAN PENGUKURAN KINERJA"
    assert laporan.subjudul[:2] == ("DINAS CONTOH", "Tahun 2024")
    assert "target bulan yang sama" in laporan.subjudul[2]
    for bagian in laporan.bagian:
        assert all(len(b.sel) == len(bagian.kolom) for b in bagian.baris), bagian.judul
        tertutup = set()
        for s in bagian.judul_kolom:
            for r in range(s.baris, s.baris + s.tinggi):
                for c in range(s.kolom, s.kolom + s.lebar):
                    assert (r, c) not in tertutup
                    tertutup.add((r, c))
        assert tertutup == {(r, c) for r in range(bagian.jumlah_baris_judul) for c in range(len(bagian.kolom))}


def test_laporan_target_capaian_has_a_section_per_triwulan(data):
    per_bulan = {m: hitung_pengukuran(data, Periode.bulanan(m), SKALA_PERMENDAGRI_86_2017) for m in range(1, 13)}
    laporan = laporan_target_capaian(data, per_bulan)
    assert [b.nama_sheet for b in laporan.bagian] == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV"]
    for bagian in laporan.bagian:
        assert all(len(b.sel) == len(bagian.kolom) == 13 for b in bagian.baris)


def test_lampiran_pk_lists_iku_and_programs_merged_by_code(data):
    baris = baris_pk_sasaran(data, pohon_rencana(data))
    assert [(b.sel[1].teks, b.sel[2].teks, b.sel[3].teks, b.sel[4].teks) for b in baris] == [
        ("S1 Meningkatnya Tata Kelola", "Indeks Sistem Merit", "0,75", "Indeks"),
    ]
    anggaran = baris_pk_anggaran(data, rinci=False, keterangan="APBD")
    assert [(b.sel[1].teks, b.sel[2].nilai) for b in anggaran] == [
        ("5.03.02 PROGRAM KEPEGAWAIAN DAERAH", D(4000000)), ("Jumlah", D(4000000)),
    ]
    rinci = baris_pk_anggaran(data, rinci=True, keterangan="APBD")
    assert [b.kedalaman for b in rinci[:-1]] == [0, 1, 2, 1, 2]
    assert [b.nama_sheet for b in lampiran_pk(data).bagian] == ["Sasaran dan Indikator", "Program dan Anggaran",
                                                         "Manual Indikator"]


def test_lampiran_pk_of_a_unit_lists_its_program_and_kegiatan_indicators(data):
    from dataclasses import replace
    unit_b = replace(data, unit_kerja_id=BIDANG_B, unit=(data.unit[2],),
                     node=tuple(n for n in data.node if n.unit_kerja_id == BIDANG_B),
                     indikator=tuple(i for i in data.indikator if i.unit_kerja_id == BIDANG_B))
    baris = baris_pk_sasaran(unit_b, pohon_rencana(unit_b))
    assert [(b.sel[1].teks, b.sel[2].teks, b.sel[3].teks) for b in baris] == [
        ("5.03.02.2.02 Kegiatan B", "Persentase Ketepatan", "80\u201390"),
    ]
    assert lampiran_pk(unit_b).subjudul[-1] == "Unit Kerja: Bidang Beta"
