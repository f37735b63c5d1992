"""The version of the targets in force for each month (murni / perubahan) and the checks on a new perubahan."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timezone
from decimal import Decimal
from types import MappingProxyType

import pytest

from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.data_rencana import DataRencana
from sipekerja_module.domain.data_rencana import IndikatorData
from sipekerja_module.domain.data_rencana import NodeData
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.versi_target import AturanVersi
from sipekerja_module.domain.versi_target import VersiData
from sipekerja_module.domain.versi_target import keterangan_versi
from sipekerja_module.domain.versi_target import nama_versi
from sipekerja_module.domain.versi_target import periksa_bulan_mulai
from sipekerja_module.domain.versi_target import periksa_versi_baru
from sipekerja_module.domain.versi_target import tahun_ditutup
from sipekerja_module.domain.versi_target import terapkan_versi
from sipekerja_module.domain.versi_target import versi_berlaku

P1 = VersiData(id=11, urutan=1, nama="Perubahan", tanggal=date(2024, 9, 20), dasar_hukum="DPPA-P No. 12/2024",
               berlaku_mulai_bulan=10)
P2 = VersiData(id=12, urutan=2, nama="Perubahan ke-2", tanggal=date(2024, 11, 5), dasar_hukum="PK-P No. 3",
               berlaku_mulai_bulan=12)


@pytest.mark.parametrize("bulan", range(1, 10))
def test_per_bulan_months_before_the_change_are_measured_against_murni(bulan):
    assert versi_berlaku([P1], bulan, AturanVersi.PER_BULAN) is None


@pytest.mark.parametrize("bulan", (10, 11, 12))
def test_per_bulan_months_from_the_change_are_measured_against_the_perubahan(bulan):
    assert versi_berlaku([P1], bulan, AturanVersi.PER_BULAN) == P1


def test_per_bulan_each_month_takes_the_latest_version_in_force_then():
    assert [versi_berlaku([P2, P1], b).urutan if versi_berlaku([P2, P1], b) else 0 for b in (9, 10, 11, 12)] == \
        [0, 1, 1, 2]


@pytest.mark.parametrize("bulan", range(1, 13))
def test_seluruh_tahun_every_month_is_measured_against_the_latest_version(bulan):
    assert versi_berlaku([P1, P2], bulan, AturanVersi.SELURUH_TAHUN) == P2


@pytest.mark.parametrize("aturan", list(AturanVersi))
def test_a_year_with_only_murni_measures_every_month_against_murni(aturan):
    assert all(versi_berlaku([], b, aturan) is None for b in range(1, 13))


def test_the_default_rule_is_per_bulan():
    assert versi_berlaku([P1], 3) is None and versi_berlaku([P1], 10) == P1


def test_versions_are_named_murni_perubahan_perubahan_ke_n():
    assert [nama_versi(u) for u in range(4)] == ["Murni", "Perubahan", "Perubahan ke-2", "Perubahan ke-3"]


def test_the_title_block_names_the_version_its_legal_basis_and_month():
    teks = keterangan_versi([P1], AturanVersi.PER_BULAN)
    assert "Target: Perubahan (DPPA-P No. 12/2024, berlaku mulai Oktober)" in teks
    assert "per bulan" in teks
    assert "seluruh tahun" in keterangan_versi([P1], AturanVersi.SELURUH_TAHUN)
    assert keterangan_versi([P1], AturanVersi.PER_BULAN, dipilih=0) == "Target: murni"


def test_a_year_with_only_murni_adds_nothing_to_the_title_block():
    assert keterangan_versi([], AturanVersi.PER_BULAN) is None


def _cek(**ubah):
    nilai = dict(tanggal=date(2024, 9, 20), berlaku_mulai_bulan=10, tahun=2024, tanggal_sebelumnya=date(2024, 1, 15),
                 dasar_hukum="DPPA-P No. 12/2024")
    nilai.update(ubah)
    periksa_versi_baru(**nilai)


def test_a_valid_perubahan_passes():
    _cek()


def test_a_perubahan_dated_before_the_version_it_revises_is_refused():
    with pytest.raises(NilaiTidakValid, match="tidak boleh sebelum tanggal versi sebelumnya"):
        _cek(tanggal=date(2024, 1, 14))


@pytest.mark.parametrize("bulan", (0, 13, -1, None))
def test_a_first_month_outside_1_to_12_is_refused(bulan):
    with pytest.raises(NilaiTidakValid, match="antara 1"):
        _cek(berlaku_mulai_bulan=bulan)


def test_a_perubahan_outside_its_year_or_without_legal_basis_or_date_is_refused():
    for ubah, pesan in (({"tanggal": date(2025, 1, 2)}, "dalam tahun 2024"), ({"dasar_hukum": "  "}, "wajib"),
                        ({"tanggal": None}, "wajib"), ({"dasar_hukum": "x" * 501}, "500")):
        with pytest.raises(NilaiTidakValid, match=pesan):
            _cek(**ubah)


def test_a_later_perubahan_cannot_apply_from_before_the_one_it_revises():
    with pytest.raises(NilaiTidakValid, match="Oktober"):
        periksa_bulan_mulai(9, 10)
    periksa_bulan_mulai(10, 10)
    periksa_bulan_mulai(3, None)


def test_a_year_is_closed_once_its_last_window_moment_has_passed():
    akhir = [datetime(2024, 4, 30, 15, tzinfo=timezone.utc), datetime(2025, 1, 10, 15, tzinfo=timezone.utc)]
    assert not tahun_ditutup(akhir, datetime(2024, 12, 31, tzinfo=timezone.utc))
    assert tahun_ditutup(akhir, datetime(2025, 1, 11, tzinfo=timezone.utc))
    assert not tahun_ditutup([], datetime(2099, 1, 1, tzinfo=timezone.utc))  # no windows: never closed


def _data() -> DataRencana:
    ind = IndikatorData(id=1, sasaran_id=None, node_id=5, uraian="Jumlah dokumen", satuan="Dokumen",
                        polaritas=Polaritas.POSITIF, agregasi=Agregasi.KUMULATIF, rumus_negatif=RumusNegatif.SELISIH,
                        target=Target.tunggal(Decimal(12)), unit_kerja_id=1, urutan=1)
    baru = IndikatorData(id=2, sasaran_id=None, node_id=5, uraian="Indikator sesudah perubahan", satuan="Dokumen",
                         polaritas=Polaritas.POSITIF, agregasi=Agregasi.KUMULATIF, rumus_negatif=RumusNegatif.SELISIH,
                         target=Target.tunggal(Decimal(3)), unit_kerja_id=1, urutan=2)
    node = NodeData(id=5, parent_id=None, level="sub_kegiatan", kode="5.03.02.2.01.0010", nama="Sub", unit_kerja_id=1,
                    unit_nama="PPIK", sasaran_id=None, pagu=Decimal(1200))
    return DataRencana(
        perangkat_daerah_id=1, perangkat_daerah_nama="BKPSDM", tahun_id=1, tahun=2024, unit_kerja_id=None, unit=(),
        sasaran=(), node=(node,), indikator=(ind, baru),
        target_kinerja=MappingProxyType({1: {b: Decimal(1) for b in range(1, 13)}, 2: {12: Decimal(3)}}),
        realisasi_kinerja=MappingProxyType({}), catatan_kinerja=MappingProxyType({}),
        target_anggaran=MappingProxyType({5: {b: Decimal(100) for b in range(1, 13)}}),
        realisasi_anggaran=MappingProxyType({}), catatan_anggaran=MappingProxyType({}),
        nama_nomenklatur=MappingProxyType({}), bulan_realisasi_terakhir=None,
    )


PERUBAHAN_KINERJA = {1: {1: {0: Target.tunggal(Decimal(17)), **{b: Decimal(1) for b in range(1, 12)},
                             9: Decimal(2), 12: Decimal(5)}}}
PERUBAHAN_ANGGARAN = {1: {5: {0: Decimal(1500), **{b: Decimal(100) for b in range(1, 12)}, 12: Decimal(400)}}}


def test_terapkan_versi_per_bulan_takes_each_month_from_the_version_in_force_and_the_year_from_december():
    hasil = terapkan_versi(_data(), versi=[P1], aturan=AturanVersi.PER_BULAN, kinerja=PERUBAHAN_KINERJA,
                           anggaran=PERUBAHAN_ANGGARAN)
    assert hasil.target_kinerja[1][9] == Decimal(1)  # September: murni
    assert hasil.target_kinerja[1][12] == Decimal(5)  # December: perubahan
    assert hasil.indikator[0].target == Target.tunggal(Decimal(17))
    assert hasil.node[0].pagu == Decimal(1500) and hasil.target_anggaran[5][12] == Decimal(400)
    assert hasil.target_per_versi[0][1] == Target.tunggal(Decimal(12))
    assert hasil.target_per_versi[1][1] == Target.tunggal(Decimal(17))
    assert hasil.pagu_per_versi[0][5] == Decimal(1200) and hasil.pagu_per_versi[1][5] == Decimal(1500)


def test_terapkan_versi_seluruh_tahun_takes_every_month_from_the_latest_version():
    hasil = terapkan_versi(_data(), versi=[P1], aturan=AturanVersi.SELURUH_TAHUN, kinerja=PERUBAHAN_KINERJA,
                           anggaran=PERUBAHAN_ANGGARAN)
    assert hasil.target_kinerja[1][9] == Decimal(2)


def test_terapkan_versi_a_chosen_version_shows_it_for_every_month():
    murni = terapkan_versi(_data(), versi=[P1], aturan=AturanVersi.PER_BULAN, kinerja=PERUBAHAN_KINERJA,
                           anggaran=PERUBAHAN_ANGGARAN, dipilih=0)
    assert murni.target_kinerja[1][12] == Decimal(1) and murni.node[0].pagu == Decimal(1200)
    perubahan = terapkan_versi(_data(), versi=[P1], aturan=AturanVersi.PER_BULAN, kinerja=PERUBAHAN_KINERJA,
                               anggaran=PERUBAHAN_ANGGARAN, dipilih=1)
    assert perubahan.target_kinerja[1][9] == Decimal(2)
    with pytest.raises(NilaiTidakValid):
        terapkan_versi(_data(), versi=[P1], aturan=AturanVersi.PER_BULAN, kinerja={}, anggaran={}, dipilih=7)


def test_an_indicator_the_perubahan_did_not_copy_keeps_its_murni_targets():
    hasil = terapkan_versi(_data(), versi=[P1], aturan=AturanVersi.PER_BULAN, kinerja=PERUBAHAN_KINERJA,
                           anggaran=PERUBAHAN_ANGGARAN)
    assert hasil.target_kinerja[2] == {12: Decimal(3)}
    assert hasil.indikator[1].target == Target.tunggal(Decimal(3))


def test_a_year_with_only_murni_is_returned_unchanged():
    data = _data()
    assert terapkan_versi(data, versi=[], aturan=AturanVersi.PER_BULAN, kinerja={}, anggaran={}) is data
