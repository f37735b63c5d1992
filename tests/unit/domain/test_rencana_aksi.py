"""Rules of the Rencana Aksi (domain.rencana_aksi): targets per triwulan and their warnings, actions,
reporting periods, late actions, access; and the printout's row builders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.errors import AksesDitolak
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.errors import TriwulanTidakValid
from sipekerja_module.domain.rencana_aksi import AksiData
from sipekerja_module.domain.rencana_aksi import IndikatorRencanaAksi
from sipekerja_module.domain.rencana_aksi import KeadaanAksi
from sipekerja_module.domain.rencana_aksi import RealisasiAksi
from sipekerja_module.domain.rencana_aksi import RencanaAksiPK
from sipekerja_module.domain.rencana_aksi import StatusAksi
from sipekerja_module.domain.rencana_aksi import assert_boleh_mengubah_rencana_aksi
from sipekerja_module.domain.rencana_aksi import assert_triwulan_boleh_dilaporkan
from sipekerja_module.domain.rencana_aksi import boleh_mengubah_rencana_aksi
from sipekerja_module.domain.rencana_aksi import mask_triwulan
from sipekerja_module.domain.rencana_aksi import periksa_aksi
from sipekerja_module.domain.rencana_aksi import periksa_target_triwulan
from sipekerja_module.domain.rencana_aksi import periksa_tautan_bukti
from sipekerja_module.domain.rencana_aksi import peringatan_target
from sipekerja_module.domain.rencana_aksi import sel_aksi
from sipekerja_module.domain.rencana_aksi import susun_monitoring
from sipekerja_module.domain.rencana_aksi import triwulan_dari_mask
from sipekerja_module.domain.rencana_aksi import triwulan_selesai
from sipekerja_module.reports.rencana_aksi import baris_aksi
from sipekerja_module.reports.rencana_aksi import baris_target

D = Decimal


def _t(*nilai):
    return {tw: (None if v is None else D(v)) for tw, v in zip((1, 2, 3, 4), nilai)}


def test_cumulative_targets_must_reach_the_annual_target_in_tw4_and_never_fall():
    assert peringatan_target(_t(3, 6, 9, 12), Target.tunggal(12), Agregasi.KUMULATIF) == ()
    pesan = peringatan_target(_t(3, 2, 9, 10), Target.tunggal(12), Agregasi.KUMULATIF)
    assert len(pesan) == 2 and "TW II (2) lebih kecil dari target TW I (3)" in pesan[0]
    assert "TW IV (10) tidak sama dengan target tahunan PK (12)" in pesan[1]
    assert "belum diisi" in peringatan_target(_t(3, 6, 9, None), Target.tunggal(12), Agregasi.KUMULATIF)[0]


def test_nilai_akhir_and_rata_rata_only_ask_tw4_to_equal_the_annual_target():
    # A percentage may plan a dip in TW III: only a cumulative count cannot fall.
    assert peringatan_target(_t(80, 85, 82, 90), Target.tunggal(90), Agregasi.NILAI_AKHIR) == ()
    assert peringatan_target(_t(90, 90, 90, 90), Target.tunggal(90), Agregasi.RATA_RATA) == ()
    assert peringatan_target(_t(80, 85, 82, 88), Target.tunggal(90), Agregasi.NILAI_AKHIR)
    # A range target is met by a TW IV inside it; no annual target, nothing to compare.
    assert peringatan_target(_t(70, 75, 80, 85), Target.rentang(80, 90), Agregasi.NILAI_AKHIR) == ()
    assert peringatan_target(_t(70, 75, 80, 95), Target.rentang(80, 90), Agregasi.NILAI_AKHIR)
    assert peringatan_target(_t(1, 2, 3, 4), None, Agregasi.KUMULATIF) == ()


def test_negative_targets_and_triwulans_outside_one_to_four_are_refused():
    with pytest.raises(NilaiTidakValid, match="Target TW III tidak boleh negatif"):
        periksa_target_triwulan(_t(1, 2, -1, 4))
    with pytest.raises(TriwulanTidakValid):
        periksa_target_triwulan({5: D(1)})
    assert periksa_target_triwulan({4: D(12)}) == {1: None, 2: None, 3: None, 4: D(12)}


@given(st.sets(st.integers(1, 4), min_size=1))
def test_triwulans_of_an_action_round_trip_through_the_stored_bits(triwulan):
    mask = mask_triwulan(triwulan)
    assert 1 <= mask <= 15 and triwulan_dari_mask(mask) == tuple(sorted(triwulan))


def test_an_action_needs_a_text_and_a_triwulan():
    with pytest.raises(NilaiTidakValid, match="Uraian rencana aksi wajib diisi"):
        periksa_aksi("  ", [1], None, None)
    with pytest.raises(NilaiTidakValid, match="paling sedikit satu triwulan"):
        periksa_aksi("Rapat", [], None, None)
    with pytest.raises(NilaiTidakValid, match="paling banyak 255"):
        periksa_aksi("Rapat", [1], None, "x" * 256)
    isian = periksa_aksi(" Rapat ", [2, 4], " ", "Kasubbag")
    assert (isian.uraian, isian.mask, isian.output, isian.penanggung_jawab) == ("Rapat", 10, None, "Kasubbag")


@pytest.mark.parametrize("tautan", ["javascript:alert(1)", "file:///etc/passwd", "http://", "//x.go.id/a",
                                    "ftp://x.go.id/a", "https://x.go.id/a b"])
def test_an_evidence_link_is_an_absolute_http_address(tautan):
    with pytest.raises(NilaiTidakValid):
        periksa_tautan_bukti(tautan)


def test_an_evidence_link_may_be_empty_or_https():
    assert periksa_tautan_bukti(" ") is None
    assert periksa_tautan_bukti("https://drive.example.go.id/x?id=1") == "https://drive.example.go.id/x?id=1"


def test_realisasi_belongs_to_a_begun_triwulan_of_the_pks_own_year():
    with pytest.raises(NilaiTidakValid, match="hanya untuk triwulan tahun 2024, bukan tahun 2023"):
        assert_triwulan_boleh_dilaporkan(tahun_isian=2023, tahun_pk=2024, triwulan=1, hari_ini=date(2024, 5, 1))
    with pytest.raises(NilaiTidakValid, match="TW III 2024 belum dimulai"):
        assert_triwulan_boleh_dilaporkan(tahun_isian=2024, tahun_pk=2024, triwulan=3, hari_ini=date(2024, 6, 30))
    assert_triwulan_boleh_dilaporkan(tahun_isian=2024, tahun_pk=2024, triwulan=3, hari_ini=date(2024, 7, 1))


def test_a_triwulan_ends_after_its_last_day():
    assert not triwulan_selesai(2024, 1, date(2024, 3, 31)) and triwulan_selesai(2024, 1, date(2024, 4, 1))
    assert not triwulan_selesai(2024, 4, date(2024, 12, 31)) and triwulan_selesai(2024, 4, date(2025, 1, 1))


def _aksi(triwulan=(1, 2), realisasi=None) -> AksiData:
    return AksiData(id=1, uraian="Sosialisasi", triwulan=triwulan, output=None, penanggung_jawab=None,
                    realisasi={tw: RealisasiAksi(status=StatusAksi(s), keterangan=None, tautan_bukti=None)
                               for tw, s in (realisasi or {}).items()})


def test_an_action_is_late_once_its_triwulan_ended_unless_done():
    aksi = _aksi((1, 2, 3), {1: "terlaksana", 2: "sebagian"})
    hari = date(2024, 7, 15)
    assert not sel_aksi(aksi, 1, tahun=2024, hari_ini=hari).terlambat
    assert sel_aksi(aksi, 2, tahun=2024, hari_ini=hari).terlambat
    assert sel_aksi(aksi, 2, tahun=2024, hari_ini=hari).label == "Terlambat \u2013 sebagian"
    tw3 = sel_aksi(aksi, 3, tahun=2024, hari_ini=hari)
    assert tw3.keadaan is KeadaanAksi.BELUM_LAPOR and not tw3.terlambat  # TW III still running
    assert sel_aksi(aksi, 4, tahun=2024, hari_ini=hari).keadaan is KeadaanAksi.TIDAK_DIRENCANAKAN


def _indikator(aksi=(), **kw) -> IndikatorRencanaAksi:
    dasar = {"id": 7, "sasaran": "Sasaran", "uraian": "Indikator", "satuan": "Persen",
             "target_tahunan": Target.tunggal(90), "agregasi": Agregasi.NILAI_AKHIR, "agregasi_dari_rencana": False,
             "target": _t(80, 85, 88, 90), "aksi": tuple(aksi), "realisasi": {}, "bulanan": {}}
    return IndikatorRencanaAksi(**{**dasar, **kw})


def test_monitoring_counts_planned_done_and_late_actions_per_triwulan():
    ra = RencanaAksiPK(pk_id=1, tahun=2024, perangkat_daerah="BKPSDM", jabatan="Kabid", unit_kerja_id=3,
                       indikator=(_indikator([_aksi((1, 2), {1: "terlaksana"}), _aksi((2,), {2: "belum"})]),))
    baris, ringkasan = susun_monitoring([ra], hari_ini=date(2024, 7, 2))
    assert [b.terlambat for b in baris] == [(2,), (2,)]
    assert (ringkasan[1].direncanakan, ringkasan[1].terlaksana, ringkasan[1].terlambat) == (1, 1, 0)
    assert (ringkasan[2].direncanakan, ringkasan[2].belum, ringkasan[2].belum_lapor, ringkasan[2].terlambat) == \
        (2, 1, 1, 2)
    assert ringkasan[3].direncanakan == 0


def test_printout_rows_show_dashes_for_unreported_values_never_zero():
    ra = RencanaAksiPK(pk_id=1, tahun=2024, perangkat_daerah="BKPSDM", jabatan="Kabid", unit_kerja_id=3,
                       indikator=(_indikator([_aksi((1, 3), {1: "terlaksana"})], target=_t(None, 85, 88, 90)),))
    (b,) = baris_target(ra)
    assert b.triwulan[0] == ("\u2013", "\u2013", "\u2013") and b.triwulan[1][0] == "85"
    (a,) = baris_aksi(ra, date(2025, 1, 1))
    assert a.triwulan == ("Terlaksana", "", "Terlambat \u2013 belum dilaporkan", "") and a.terlambat[2]


def test_a_unit_changes_only_its_own_pks_rencana_aksi_and_the_utama_every_one():
    bidang = Subjek(frozenset({Peran.BIDANG}), unit_id=3)
    assert boleh_mengubah_rencana_aksi(bidang, 3) and not boleh_mengubah_rencana_aksi(bidang, 4)
    assert not boleh_mengubah_rencana_aksi(bidang, None)  # the head's PK
    assert boleh_mengubah_rencana_aksi(Subjek(frozenset({Peran.UTAMA})), None)
    with pytest.raises(AksesDitolak):
        assert_boleh_mengubah_rencana_aksi(Subjek(frozenset({Peran.PIMPINAN})), 3)
