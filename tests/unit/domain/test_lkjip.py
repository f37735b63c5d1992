"""LKjIP Bab III rules (domain.lkjip): the year's figure against the PK target, matching across
years, % of the way to the Renstra end target, the analysis draft along the cascade, realisasi
anggaran per program, the chapter assembled."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.catatan import CatatanPeriode
from sipekerja_module.domain.data_rencana import Catatan
from sipekerja_module.domain.data_rencana import DataRencana
from sipekerja_module.domain.data_rencana import IndikatorData
from sipekerja_module.domain.data_rencana import NodeData
from sipekerja_module.domain.data_rencana import SasaranData
from sipekerja_module.domain.data_rencana import UnitData
from sipekerja_module.domain.lkjip import JUMLAH_TAHUN_PEMBANDING
from sipekerja_module.domain.lkjip import AnggaranProgram
from sipekerja_module.domain.lkjip import CapaianTahun
from sipekerja_module.domain.lkjip import anggaran_per_program
from sipekerja_module.domain.lkjip import capaian_tahun
from sipekerja_module.domain.lkjip import catatan_kaskade
from sipekerja_module.domain.lkjip import cocokkan_indikator
from sipekerja_module.domain.lkjip import kunci_indikator
from sipekerja_module.domain.lkjip import persen_jalan
from sipekerja_module.domain.lkjip import susun_bab3
from sipekerja_module.domain.pengukuran import hitung_pengukuran
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.pk import IndikatorPKData
from sipekerja_module.domain.pk import SasaranPKData
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017 as SKALA

D = Decimal


def _ind(id_, *, node=None, sasaran=None, unit=None, polaritas=Polaritas.POSITIF, agregasi=Agregasi.KUMULATIF,
         target=None) -> IndikatorData:
    return IndikatorData(id=id_, sasaran_id=sasaran, node_id=node, uraian=f"Indikator {id_}", satuan="Dokumen",
                         polaritas=polaritas, agregasi=agregasi, rumus_negatif=RumusNegatif.SELISIH, target=target,
                         unit_kerja_id=unit, urutan=id_)


def _beku(d: dict) -> MappingProxyType:
    return MappingProxyType({k: MappingProxyType(v) for k, v in d.items()})


def _data() -> DataRencana:
    """IKU 1 (kumulatif, realisasi Jan–Mei), IKU 2 (negatif, nilai akhir, all year), indicator 3
    never reported; program 5.03.02 in two units (merged), program 5.03.03 never reported."""
    unit = (UnitData(1, "A", "Bidang A", "bidang", 1), UnitData(2, "B", "Bidang B", "bidang", 2))
    node = (NodeData(10, None, "program", "5.03.02", "PROGRAM KEPEGAWAIAN", 1, "Bidang A", 100, None),
            NodeData(11, 10, "sub_kegiatan", "5.03.02.2.01.0001", "Sub A", 1, "Bidang A", 100, D(1000)),
            NodeData(20, None, "program", "5.03.02", "PROGRAM KEPEGAWAIAN", 2, "Bidang B", 100, None),
            NodeData(21, 20, "sub_kegiatan", "5.03.02.2.01.0002", "Sub B", 2, "Bidang B", 100, D(3000)),
            NodeData(30, None, "program", "5.03.03", "PROGRAM DIKLAT", 2, "Bidang B", 100, None),
            NodeData(31, 30, "sub_kegiatan", "5.03.03.2.01.0001", "Sub C", 2, "Bidang B", 100, D(500)))
    indikator = (_ind(1, sasaran=100, target=Target.tunggal(12)),
                 _ind(2, sasaran=100, polaritas=Polaritas.NEGATIF, agregasi=Agregasi.NILAI_AKHIR,
                      target=Target.tunggal(7)),
                 _ind(3, node=11, unit=1, target=Target.tunggal(4)))
    return DataRencana(
        perangkat_daerah_id=1, perangkat_daerah_nama="Dinas Contoh", tahun_id=1, tahun=2025, unit_kerja_id=None,
        unit=unit, sasaran=(SasaranData(100, "S1", "Sasaran", 1),), node=node, indikator=indikator,
        target_kinerja=_beku({1: {m: D(1) for m in range(1, 13)}, 2: {m: D(7) for m in range(1, 13)},
                              3: {12: D(4)}}),
        realisasi_kinerja=_beku({1: {m: D(2) for m in range(1, 6)}, 2: {m: D("6.5") for m in range(1, 13)}}),
        catatan_kinerja=MappingProxyType({
            (1, 2): Catatan(faktor_pendorong="Dukungan pimpinan"),
            (1, 4): Catatan(faktor_pendorong="Dukungan pimpinan", faktor_penghambat="Server lambat"),
            (3, 12): Catatan(tindak_lanjut="Sosialisasi ulang"),
        }),
        target_anggaran=_beku({11: {m: D(80) for m in range(1, 13)}, 21: {m: D(250) for m in range(1, 13)},
                               31: {m: D(40) for m in range(1, 13)}}),
        realisasi_anggaran=_beku({11: {1: D(100), 2: D(200)}, 21: {1: D(600)}}),
        catatan_anggaran=MappingProxyType({}), nama_nomenklatur=MappingProxyType({}), bulan_realisasi_terakhir=12,
    )


def _hasil():
    data = _data()
    return data, hitung_pengukuran(data, Periode.tahunan(), SKALA)


def _pk(id_, *, rencana=None, induk=None, uraian=None, satuan="Dokumen", target=None) -> IndikatorPKData:
    return IndikatorPKData(id=id_, pk_id=1, jabatan_id=1, sasaran_id=1, uraian=uraian or f"Indikator PK {id_}",
                           satuan=satuan, target=target, indikator_rencana_id=rencana, induk_id=induk)


# --- the year's figure -------------------------------------------------------------------------


def test_year_capaian_is_the_year_realisasi_against_the_pk_target_with_data_until_label():
    _, p = _hasil()
    c = capaian_tahun(2025, Target.tunggal(20), p.per_indikator[1], SKALA)
    assert c.realisasi == D(10)  # kumulatif Σ Jan–Mei
    assert c.capaian == D(50) and c.predikat.label == "Sangat Rendah"
    assert c.label_data_sd == "data s.d. Mei"


def test_year_capaian_falls_back_to_the_plan_target_when_the_pk_target_is_blank():
    _, p = _hasil()
    c = capaian_tahun(2025, None, p.per_indikator[1], SKALA)
    assert c.target == Target.tunggal(12) and c.capaian.quantize(D("0.01")) == D("83.33")


def test_negatif_indicator_uses_its_own_formula_and_december_is_not_labelled():
    _, p = _hasil()
    c = capaian_tahun(2025, None, p.per_indikator[2], SKALA)
    assert c.realisasi == D("6.5") and c.capaian.quantize(D("0.01")) == D("107.14")
    assert c.data_sd is None and c.label_data_sd is None


def test_never_reported_indicator_is_belum_lapor_never_zero():
    _, p = _hasil()
    c = capaian_tahun(2025, None, p.per_indikator[3], SKALA)
    assert c.belum_lapor and c.realisasi is None and c.capaian is None and c.predikat is None


def test_unlinked_indicator_is_not_measured_and_not_belum_lapor():
    c = capaian_tahun(2025, Target.tunggal(5), None, SKALA)
    assert not c.tertaut and not c.belum_lapor and c.capaian is None


def test_negative_raw_capaian_is_shown_clamped_and_graded_on_the_raw_value():
    data = _data()
    from dataclasses import replace
    data = replace(data, realisasi_kinerja=_beku({2: {1: D(20)}}))
    p = hitung_pengukuran(data, Periode.tahunan(), SKALA)
    c = capaian_tahun(2025, None, p.per_indikator[2], SKALA)
    assert c.capaian_mentah < 0 and c.capaian == 0 and c.predikat.label == "Sangat Rendah"


# --- matching across years ---------------------------------------------------------------------


def test_indicators_match_across_years_by_uraian_and_satuan_ignoring_case_and_punctuation():
    assert kunci_indikator("Persentase  Kenaikan Pangkat (Tepat-Waktu).", "Persen") == \
        kunci_indikator("persentase kenaikan pangkat tepat waktu", "PERSEN")
    kini = [_pk(1, uraian="Indeks Sistem Merit", satuan="Indeks"), _pk(2, uraian="Nilai SAKIP", satuan="Nilai")]
    lalu = {2023: [_pk(11, uraian="INDEKS SISTEM MERIT", satuan="Indeks")],
            2024: [_pk(21, uraian="Indeks Sistem Merit", satuan="Persen"), _pk(22, uraian="Nilai  SAKIP.",
                                                                              satuan="nilai")]}
    cocok = cocokkan_indikator(kini, lalu)
    assert {t: i.id for t, i in cocok[1].items()} == {2023: 11}  # 2024's has another satuan
    assert {t: i.id for t, i in cocok[2].items()} == {2024: 22}


# --- Renstra -----------------------------------------------------------------------------------


def test_way_to_the_renstra_target_with_a_baseline():
    assert persen_jalan(D(70), target_akhir=D(80), baseline=D(60)) == D(50)
    # A negatif indicator: target below the baseline; halfway down is 50%.
    assert persen_jalan(D(8), target_akhir=D(6), baseline=D(10)) == D(50)
    # Moved away from the target since the baseline: negative, kept raw.
    assert persen_jalan(D(55), target_akhir=D(80), baseline=D(60)) == D(-25)


def test_way_to_the_renstra_target_without_a_baseline_uses_the_capaian_formula():
    assert persen_jalan(D(60), target_akhir=D(80), baseline=None) == D(75)
    assert persen_jalan(D("6.5"), target_akhir=D(7), baseline=None, polaritas=Polaritas.NEGATIF
                        ).quantize(D("0.01")) == D("107.14")


def test_way_to_the_renstra_target_is_undefined_without_figures_or_distance():
    assert persen_jalan(None, target_akhir=D(80), baseline=D(60)) is None
    assert persen_jalan(D(70), target_akhir=None, baseline=D(60)) is None
    assert persen_jalan(D(70), target_akhir=D(60), baseline=D(60)) is None
    assert persen_jalan(D(70), target_akhir=D(0), baseline=None) is None


@dataclass(frozen=True)
class _Renstra:
    target_akhir: Decimal | None
    tahun_akhir: int
    baseline: Decimal | None


def _bab(target_renstra, tahun_pembanding=(2024,), riwayat=None):
    _, p = _hasil()
    ind = (_pk(1, rencana=1, target=Target.tunggal(12)), _pk(2, rencana=2))
    return susun_bab3(
        tahun=2025, perangkat_daerah="Dinas Contoh", jabatan_kepala="Kepala Dinas",
        sasaran=[SasaranPKData(1, "Sasaran strategis", ind)],
        tahun_ini={i.id: capaian_tahun(2025, i.target, p.per_indikator[i.indikator_rencana_id], SKALA) for i in ind},
        riwayat=riwayat or {}, tahun_pembanding=tahun_pembanding, target_renstra=target_renstra,
        polaritas={2: (Polaritas.NEGATIF, RumusNegatif.SELISIH)}, catatan={},
        program=(), total_anggaran=AnggaranProgram("", "Jumlah", None, None, None), bulan_data=12)


def test_renstra_column_is_filled_from_the_mapping_and_empty_without_it():
    bab = _bab({1: _Renstra(D(30), 2026, D(0)), 2: _Renstra(D(5), 2026, None)})
    satu, dua = bab.indikator
    assert satu.renstra.persen_jalan.quantize(D("0.01")) == D("33.33") and satu.renstra.tahun_akhir == 2026
    assert dua.renstra.persen_jalan == D(70)  # negatif without baseline: (2×5 − 6,5) / 5 × 100
    assert bab.ada_renstra
    kosong = _bab({})
    assert all(i.renstra is None for i in kosong.indikator) and not kosong.ada_renstra


def test_comparison_keeps_the_last_earlier_years_and_marks_unmatched_years():
    lalu = CapaianTahun(2023, Target.tunggal(10), D(9), D(90), D(90), None)
    bab = _bab({}, tahun_pembanding=(2019, 2020, 2021, 2022, 2023, 2025), riwayat={1: {2023: lalu}})
    assert bab.tahun_pembanding == (2020, 2021, 2022, 2023) and len(bab.tahun_pembanding) == JUMLAH_TAHUN_PEMBANDING
    satu = bab.indikator[0]
    assert [c.tahun for c in satu.seri] == [2020, 2021, 2022, 2023, 2025]
    assert satu.riwayat[-1] is lalu and not satu.riwayat[0].tertaut


# --- analysis draft and anggaran ---------------------------------------------------------------


def test_analysis_draft_gathers_own_and_cascade_notes_once_each():
    _, p = _hasil()
    iku = _pk(1, rencana=1)
    semua = [iku, _pk(5, rencana=3, induk=1), _pk(6, induk=5), _pk(7, rencana=1, induk=6)]
    catatan = catatan_kaskade([iku], semua, p.per_indikator)[1]
    assert catatan.faktor_pendorong == ("Dukungan pimpinan",)
    assert catatan.faktor_penghambat == ("Server lambat",)
    assert catatan.tindak_lanjut == ("Sosialisasi ulang",)


def test_analysis_draft_survives_a_cycle_in_bad_data():
    _, p = _hasil()
    a, b = _pk(1, rencana=1, induk=2), _pk(2, rencana=3, induk=1)
    assert catatan_kaskade([a], [a, b], p.per_indikator)[1].tindak_lanjut == ("Sosialisasi ulang",)
    assert catatan_kaskade([_pk(9)], [], p.per_indikator)[9] == CatatanPeriode()


def test_anggaran_per_program_merges_units_and_keeps_belum_lapor_apart_from_zero():
    data, p = _hasil()
    program, total = anggaran_per_program(data, p)
    assert [(a.kode, a.pagu, a.realisasi) for a in program] == [("5.03.02", D(4000), D(900)),
                                                                 ("5.03.03", D(500), None)]
    assert program[0].persen == D("22.5") and program[1].persen is None
    assert total.pagu == D(4500) and total.realisasi == D(900) and total.persen == D(20)
