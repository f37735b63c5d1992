"""The rules of the Perjanjian Kinerja per level and the pohon kinerja (domain.pk), named after the rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.errors import AksesDitolak
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.errors import NIPTidakValid
from sipekerja_module.domain.pk import CapaianTaut
from sipekerja_module.domain.pk import IndikatorPKData
from sipekerja_module.domain.pk import IndikatorPKRef
from sipekerja_module.domain.pk import JabatanData
from sipekerja_module.domain.pk import JabatanRef
from sipekerja_module.domain.pk import Pemegang
from sipekerja_module.domain.pk import assert_ada_pemegang
from sipekerja_module.domain.pk import assert_boleh_hapus_indikator
from sipekerja_module.domain.pk import assert_boleh_melihat_jabatan
from sipekerja_module.domain.pk import assert_boleh_mengelola_pk
from sipekerja_module.domain.pk import assert_kaskade_tanpa_siklus
from sipekerja_module.domain.pk import assert_satu_kepala
from sipekerja_module.domain.pk import boleh_melihat_jabatan
from sipekerja_module.domain.pk import jabatan_kepala_daerah_bawaan
from sipekerja_module.domain.pk import periksa_atasan_jabatan
from sipekerja_module.domain.pk import periksa_pemegang
from sipekerja_module.domain.pk import periksa_tautan_kaskade
from sipekerja_module.domain.pk import periksa_tautan_rencana
from sipekerja_module.domain.pk import pihak_kedua
from sipekerja_module.domain.pk import rata_rata_anak
from sipekerja_module.domain.pk import saring_pohon
from sipekerja_module.domain.pk import susun_pohon
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017

# Positions: 1 Kepala → 2 Sekretaris, 3 Kabid → 4 lower post under the Kabid.
INDUK_JABATAN = {1: None, 2: 1, 3: 1, 4: 3}


def _ref(id_: int, jabatan: int, pd: int = 10, tahun: int = 2024) -> IndikatorPKRef:
    return IndikatorPKRef(id_, pd, tahun, jabatan, f"indikator {id_}")


# --- holders and positions ---------------------------------------------------------------------


def test_pk_for_a_position_with_no_holder_is_refused():
    with pytest.raises(NilaiTidakValid, match="belum memiliki pemegang jabatan"):
        assert_ada_pemegang("Kepala Bidang Mutasi dan Promosi", None)


def test_pk_for_a_holder_without_nip_is_refused():
    with pytest.raises(NilaiTidakValid, match="NIP pemegang jabatan"):
        assert_ada_pemegang("Sekretaris", Pemegang(nama="Siti"))


def test_holder_nip_is_validated_and_normalised():
    pemegang = periksa_pemegang(" Siti Rahmawati ", "19780315 200312 2 002", "Pembina (IV/a)")
    assert pemegang == Pemegang("Siti Rahmawati", "197803152003122002", "Pembina (IV/a)")
    with pytest.raises(NIPTidakValid):
        periksa_pemegang("Siti", "19781315 200312 2 002", None)  # month 13


def test_a_vacant_position_has_no_holder_and_a_nip_needs_a_name():
    assert periksa_pemegang("", " ", None) is None
    with pytest.raises(NilaiTidakValid, match="Nama pemegang jabatan wajib"):
        periksa_pemegang("", "197803152003122002", None)


def test_position_parent_never_forms_a_cycle():
    kepala = JabatanRef(1, 10, 5, None, "Kepala")
    bawahan = JabatanRef(4, 10, 5, 3, "Subkoordinator")
    with pytest.raises(NilaiTidakValid, match="lingkaran"):
        periksa_atasan_jabatan(kepala, bawahan, INDUK_JABATAN)
    with pytest.raises(NilaiTidakValid, match="lingkaran"):
        periksa_atasan_jabatan(kepala, kepala, INDUK_JABATAN)
    periksa_atasan_jabatan(JabatanRef(0, 10, 5, None, "Kasubbag"), JabatanRef(2, 10, 5, 1), INDUK_JABATAN)


def test_position_parent_of_another_agency_or_year_is_refused():
    jabatan = JabatanRef(2, 10, 5, None, "Sekretaris")
    with pytest.raises(NilaiTidakValid, match="perangkat daerah yang sama"):
        periksa_atasan_jabatan(jabatan, JabatanRef(9, 11, 5, None), INDUK_JABATAN)
    with pytest.raises(NilaiTidakValid, match="tahun yang sama"):
        periksa_atasan_jabatan(jabatan, JabatanRef(9, 10, 6, None), INDUK_JABATAN)


def test_an_agency_has_one_head_per_year():
    assert_satu_kepala(0, [])
    with pytest.raises(NilaiTidakValid, match="sudah memiliki jabatan tertinggi"):
        assert_satu_kepala(0, ["Kepala Badan"])


# --- cascade links -----------------------------------------------------------------------------


def test_cascade_link_never_forms_a_cycle():
    # 5 supports 6 supports 7: 7 may not support 5 (nor itself).
    induk = {5: 6, 6: 7, 7: None}
    with pytest.raises(NilaiTidakValid, match="lingkaran"):
        assert_kaskade_tanpa_siklus(7, 5, induk)
    with pytest.raises(NilaiTidakValid, match="lingkaran"):
        assert_kaskade_tanpa_siklus(7, 7, induk)
    assert_kaskade_tanpa_siklus(8, 5, induk)


def test_cascade_link_never_forms_a_cycle_even_when_positions_allow_it():
    # Stored data where the positions were re-parented: the cycle check still refuses.
    with pytest.raises(NilaiTidakValid, match="lingkaran"):
        periksa_tautan_kaskade(_ref(20, 3), _ref(21, 1), induk_indikator={21: 20, 20: None},
                               induk_jabatan=INDUK_JABATAN)


def test_cascade_link_to_an_indicator_of_another_agency_is_refused():
    with pytest.raises(NilaiTidakValid, match="perangkat daerah lain"):
        periksa_tautan_kaskade(_ref(20, 3), _ref(21, 1, pd=11), induk_indikator={}, induk_jabatan=INDUK_JABATAN)


def test_cascade_link_to_an_indicator_of_another_year_is_refused():
    with pytest.raises(NilaiTidakValid, match="tahun 2023"):
        periksa_tautan_kaskade(_ref(20, 3), _ref(21, 1, tahun=2023), induk_indikator={},
                               induk_jabatan=INDUK_JABATAN)


def test_cascade_link_points_to_a_position_above():
    periksa_tautan_kaskade(_ref(20, 4), _ref(21, 3), induk_indikator={}, induk_jabatan=INDUK_JABATAN)
    periksa_tautan_kaskade(_ref(20, 4), _ref(21, 1), induk_indikator={}, induk_jabatan=INDUK_JABATAN)
    for atas in (_ref(21, 2), _ref(21, 4)):  # sideways (another Kabid's peer), or its own PK
        with pytest.raises(NilaiTidakValid, match="jabatan di atas"):
            periksa_tautan_kaskade(_ref(20, 4), atas, induk_indikator={}, induk_jabatan=INDUK_JABATAN)
    with pytest.raises(NilaiTidakValid, match="jabatan di atas"):  # the head has nobody above
        periksa_tautan_kaskade(_ref(20, 1), _ref(21, 3), induk_indikator={}, induk_jabatan=INDUK_JABATAN)


def test_plan_link_to_an_indicator_of_another_agency_or_year_is_refused():
    periksa_tautan_rencana(perangkat_daerah_id=1, tahun_id=2, rencana_perangkat_daerah_id=1, rencana_tahun_id=2)
    with pytest.raises(NilaiTidakValid, match="perangkat daerah lain"):
        periksa_tautan_rencana(perangkat_daerah_id=1, tahun_id=2, rencana_perangkat_daerah_id=3, rencana_tahun_id=2)
    with pytest.raises(NilaiTidakValid, match="tahun lain"):
        periksa_tautan_rencana(perangkat_daerah_id=1, tahun_id=2, rencana_perangkat_daerah_id=1, rencana_tahun_id=4)


def test_an_indicator_that_lower_indicators_support_cannot_be_removed():
    assert_boleh_hapus_indikator("IKU", 0)
    with pytest.raises(NilaiTidakValid, match="didukung oleh 2 indikator"):
        assert_boleh_hapus_indikator("IKU", 2)


# --- parties -----------------------------------------------------------------------------------


def _jabatan(id_, parent, unit=None, nama=None, pemegang=None, urutan=0) -> JabatanData:
    return JabatanData(id=id_, nama=nama or f"Jabatan {id_}", parent_id=parent, unit_kerja_id=unit, unit_nama=None,
                       pemegang=pemegang, urutan=urutan)


def test_pihak_kedua_of_the_head_is_the_bupati_and_of_a_kabid_the_head():
    kepala = _jabatan(1, None, nama="Kepala Badan", pemegang=Pemegang("Ahmad", "197504121998031008"))
    kabid = _jabatan(3, 1, unit=7, nama="Kepala Bidang Mutasi")
    bupati = pihak_kedua(kepala, None, nama_kepala_daerah="H. Bupati", jabatan_kepala_daerah="Bupati Paser")
    assert (bupati.nama, bupati.jabatan, bupati.nip) == ("H. Bupati", "Bupati Paser", None)
    atasan = pihak_kedua(kabid, kepala, nama_kepala_daerah="H. Bupati", jabatan_kepala_daerah="Bupati Paser")
    assert (atasan.nama, atasan.jabatan, atasan.nip) == ("Ahmad", "Kepala Badan", "197504121998031008")


def test_title_of_the_head_of_region_follows_the_region():
    assert jabatan_kepala_daerah_bawaan("Kabupaten Paser") == "Bupati Paser"
    assert jabatan_kepala_daerah_bawaan("Kota Balikpapan") == "Wali Kota Balikpapan"


# --- access ------------------------------------------------------------------------------------


def test_bidang_sees_its_own_units_pk_and_the_agency_pk_only():
    bidang = Subjek(frozenset({Peran.BIDANG}), 7)
    assert boleh_melihat_jabatan(bidang, _jabatan(1, None))
    assert boleh_melihat_jabatan(bidang, _jabatan(3, 1, unit=7))
    assert not boleh_melihat_jabatan(bidang, _jabatan(2, 1, unit=8))
    with pytest.raises(AksesDitolak):
        assert_boleh_melihat_jabatan(bidang, _jabatan(2, 1, unit=8))
    for peran in (Peran.UTAMA, Peran.PIMPINAN):
        assert boleh_melihat_jabatan(Subjek(frozenset({peran})), _jabatan(2, 1, unit=8))


def test_only_the_pengguna_utama_manages_positions_and_pks():
    assert_boleh_mengelola_pk(Subjek(frozenset({Peran.UTAMA})))
    for peran in (Peran.BIDANG, Peran.PIMPINAN):
        with pytest.raises(AksesDitolak):
            assert_boleh_mengelola_pk(Subjek(frozenset({peran}), 7))


# --- pohon kinerja -----------------------------------------------------------------------------


def _ind(id_, jabatan, induk=None, rencana=None, urutan=0) -> IndikatorPKData:
    return IndikatorPKData(id=id_, pk_id=jabatan, jabatan_id=jabatan, sasaran_id=jabatan, uraian=f"Indikator {id_}",
                           satuan="Persen", target=Target.tunggal(90), indikator_rencana_id=rencana, induk_id=induk,
                           urutan=urutan)


JABATAN = [_jabatan(1, None, urutan=0), _jabatan(2, 1, unit=8, urutan=1), _jabatan(3, 1, unit=7, urutan=2),
           _jabatan(4, 3, unit=7, urutan=3)]


def _taut(capaian) -> CapaianTaut:
    return CapaianTaut(capaian=None if capaian is None else Decimal(capaian), predikat=None)


def test_node_without_linked_indicator_rolls_up_the_mean_of_its_children_as_displayed():
    # IKU 100 (unlinked) ← Kabid 30 (unlinked) ← lower posts 40 → 80 %, -20 → shown 0 %, 50 belum lapor (None).
    indikator = [_ind(100, 1), _ind(30, 3, induk=100), _ind(40, 4, induk=30, rencana=400),
                 _ind(41, 4, induk=30, rencana=401), _ind(42, 4, induk=30, rencana=402)]
    capaian = {400: _taut("80"), 401: _taut("-20"), 402: _taut(None)}
    pohon = susun_pohon(JABATAN, indikator, capaian, SKALA_PERMENDAGRI_86_2017)
    (iku,) = pohon.akar
    (kabid,) = iku.anak
    assert [a.capaian for a in kabid.anak] == [Decimal(80), Decimal(0), None]
    assert kabid.capaian == Decimal(40) and kabid.sumber == "rata_rata" and kabid.jumlah_anak_terukur == 2
    assert kabid.predikat.label == "Sangat Rendah"
    assert iku.capaian == Decimal(40) and iku.sumber == "rata_rata"
    assert [n.indikator.id for n in pohon.semua] == [100, 30, 40, 41, 42]
    assert [n.kedalaman for n in pohon.semua] == [0, 1, 2, 2, 2]


def test_linked_node_shows_its_plan_indicators_capaian_not_the_childrens_mean():
    indikator = [_ind(100, 1, rencana=500), _ind(30, 3, induk=100, rencana=400)]
    pohon = susun_pohon(JABATAN, indikator, {500: _taut("91"), 400: _taut("50")}, SKALA_PERMENDAGRI_86_2017)
    (iku,) = pohon.akar
    assert iku.capaian == Decimal(91) and iku.sumber == "indikator"


def test_node_with_nothing_measured_shows_no_capaian():
    pohon = susun_pohon(JABATAN, [_ind(100, 1)], {}, SKALA_PERMENDAGRI_86_2017)
    assert rata_rata_anak([None, None]) == (None, 0)
    (iku,) = pohon.akar
    assert (iku.capaian, iku.predikat, iku.sumber) == (None, None, None)


def test_orphans_and_iku_without_support_are_listed():
    indikator = [_ind(100, 1), _ind(101, 1), _ind(30, 3, induk=100), _ind(31, 3), _ind(20, 2)]
    pohon = susun_pohon(JABATAN, indikator, {}, SKALA_PERMENDAGRI_86_2017)
    assert [i.id for i, _ in pohon.iku_tanpa_dukungan] == [101]
    assert [i.id for i, _ in pohon.yatim] == [31, 20]
    assert [n.indikator.id for n in pohon.semua] == [100, 30, 101]


def test_a_stored_cycle_does_not_hang_the_tree():
    indikator = [_ind(100, 1), _ind(30, 3, induk=31), _ind(31, 4, induk=30)]
    pohon = susun_pohon(JABATAN, indikator, {}, SKALA_PERMENDAGRI_86_2017)
    assert [n.indikator.id for n in pohon.semua] == [100]


def test_a_pruned_tree_keeps_the_figures_of_the_whole_tree():
    indikator = [_ind(100, 1), _ind(20, 2, induk=100, rencana=200), _ind(30, 3, induk=100, rencana=300)]
    pohon = susun_pohon(JABATAN, indikator, {200: _taut("100"), 300: _taut("50")}, SKALA_PERMENDAGRI_86_2017)
    terlihat = saring_pohon(pohon, [1, 3])
    (iku,) = terlihat.akar
    assert [a.indikator.id for a in iku.anak] == [30]
    assert iku.capaian == Decimal(75)  # the mean over both children, also the one not shown
