"""Pengukuran per level (issue 16 item 3): where a PK indicator's figure comes from, the cascade
roll-up (like with like, belum lapor left out, negatives clamped, the scale's cap), the level
selector by role, and the report rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.pengukuran_pk import PERIODE_RINGKAS
from sipekerja_module.domain.pengukuran_pk import UkuranRencana
from sipekerja_module.domain.pengukuran_pk import keterangan_nilai
from sipekerja_module.domain.pengukuran_pk import parse_tingkat
from sipekerja_module.domain.pengukuran_pk import pilihan_tingkat
from sipekerja_module.domain.pengukuran_pk import ukur_tingkat_pk
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.pk import IndikatorPKData
from sipekerja_module.domain.pk import JabatanData
from sipekerja_module.domain.pk import Pemegang
from sipekerja_module.domain.pk import SasaranPKData
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
from sipekerja_module.reports.pengukuran_pk import baris_capaian_pk
from sipekerja_module.reports.pengukuran_pk import baris_per_triwulan
from sipekerja_module.reports.pengukuran_pk import laporan_pengukuran_pk
from sipekerja_module.reports.pengukuran_pk import tanda_tangan_pihak_pertama

D = Decimal
TW2 = Periode.triwulanan(2)
KEPALA = JabatanData(id=1, nama="Kepala Badan", parent_id=None, unit_kerja_id=None, unit_nama=None,
                     pemegang=Pemegang("Drs. Kepala", "197504121998031008", "Pembina Utama Muda (IV/c)"), pk_id=10)
KABID = JabatanData(id=2, nama="Kepala Bidang A", parent_id=1, unit_kerja_id=5, unit_nama="Bidang A",
                    pemegang=Pemegang("Kabid A", "198005202005011003"), pk_id=20)
KABID_B = JabatanData(id=3, nama="Kepala Bidang B", parent_id=1, unit_kerja_id=6, unit_nama="Bidang B",
                      pemegang=None, pk_id=30)
TANPA_PK = JabatanData(id=4, nama="Kepala Bidang C", parent_id=1, unit_kerja_id=7, unit_nama="Bidang C",
                       pemegang=None, pk_id=None)


def ind(id_: int, *, jabatan: int = 2, rencana: int | None = None, induk: int | None = None,
        target: str | None = "100") -> IndikatorPKData:
    return IndikatorPKData(id=id_, pk_id=jabatan * 10, jabatan_id=jabatan, sasaran_id=jabatan * 100,
                           uraian=f"Indikator {id_}", satuan="Persen",
                           target=Target.tunggal(D(target)) if target else None,
                           indikator_rencana_id=rencana, induk_id=induk)


def ukur(sd: str | None, tahunan: str | None = None, *, belum: bool = False, data_sd: int | None = None,
         verif: bool = False, target_tahunan: str = "100") -> UkuranRencana:
    return UkuranRencana(target_sd=D(50), target_tahunan=Target.tunggal(D(target_tahunan)),
                         realisasi_sd=None if belum else D(40), capaian_sd=None if sd is None else D(sd),
                         capaian_tahunan=None if tahunan is None else D(tahunan), belum_lapor=belum,
                         data_sd=data_sd, belum_diverifikasi=verif)


def _ukur(jabatan, indikator_pk, semua, per_rencana, skala=SKALA_PERMENDAGRI_86_2017, periode=TW2):
    sasaran = (SasaranPKData(id=jabatan.id * 100, uraian="Sasaran", indikator=tuple(indikator_pk)),)
    ukuran = {p: per_rencana for p in (periode, *PERIODE_RINGKAS)}
    return ukur_tingkat_pk(jabatan=jabatan, sasaran=sasaran, semua_indikator=semua, ukuran=ukuran, periode=periode,
                           skala=skala)


def test_linked_indicator_takes_the_plan_indicators_figures_and_predikat():
    i = ind(1, rencana=501)
    hasil = _ukur(KABID, [i], [i], {501: ukur("95.5", "40", data_sd=5, verif=True)})
    n = hasil.sasaran[0].indikator[0].nilai
    assert (n.sumber, n.capaian_sd, n.capaian_tahunan, n.realisasi_sd, n.target_sd) == \
        ("rencana", D("95.5"), D(40), D(40), D(50))
    assert n.predikat_sd.label == "Sangat Tinggi" and n.label_sumber == "dari indikator rencana"
    assert hasil.sasaran[0].indikator[0].keterangan == "dari indikator rencana; data s.d. Mei; belum diverifikasi"


def test_linked_indicator_belum_lapor_stays_belum_lapor_and_is_not_replaced_by_its_supporters():
    iku, anak = ind(1, jabatan=1, rencana=501), ind(2, rencana=502, induk=1)
    hasil = _ukur(KEPALA, [iku], [iku, anak], {501: ukur(None, belum=True), 502: ukur("80", "30")})
    n = hasil.sasaran[0].indikator[0].nilai
    assert n.belum_lapor and n.capaian_sd is None and n.predikat_sd is None and n.sumber == "rencana"
    assert hasil.total.ringkasan_sd.jumlah_belum_terukur == 1 and hasil.total.capaian_sd is None


def test_unlinked_indicator_is_the_mean_of_its_supporters_like_with_like():
    iku = ind(1, jabatan=1)
    anak = [ind(2, rencana=502, induk=1), ind(3, rencana=503, induk=1, jabatan=3)]
    hasil = _ukur(KEPALA, [iku], [iku, *anak], {502: ukur("80", "20"), 503: ukur("100", "60")})
    n = hasil.sasaran[0].indikator[0].nilai
    # to date with to date, against the annual target with its own kind: never mixed
    assert (n.sumber, n.capaian_sd, n.capaian_tahunan) == ("kaskade", D(90), D(40))
    assert n.realisasi_sd is None and n.target_sd is None  # realisasi of other satuan are never averaged
    assert n.label_sumber == "rata-rata 2 indikator pendukung" and n.predikat_sd.label == "Tinggi"
    assert "capaian saja" in keterangan_nilai(n, iku.target)


def test_supporter_belum_lapor_is_left_out_and_counted_negative_clamped_at_zero():
    iku = ind(1, jabatan=1)
    anak = [ind(2, rencana=502, induk=1), ind(3, rencana=503, induk=1), ind(4, rencana=504, induk=1)]
    hasil = _ukur(KEPALA, [iku], [iku, *anak],
                  {502: ukur("-20", "-20"), 503: ukur("100", "50"), 504: ukur(None, belum=True)})
    n = hasil.sasaran[0].indikator[0].nilai
    assert n.capaian_sd == D(50)  # (0 + 100) / 2: the negative counts as displayed, 0
    assert n.label_sumber == "rata-rata 2 dari 3 indikator pendukung"


def test_cascade_mean_is_recursive_and_capped_by_the_scales_cap():
    iku, tengah = ind(1, jabatan=1), ind(2, induk=1)
    bawah = [ind(3, rencana=503, induk=2), ind(4, rencana=504, induk=2)]
    skala = replace(SKALA_PERMENDAGRI_86_2017, batas_rerata=D(120))
    hasil = _ukur(KEPALA, [iku], [iku, tengah, *bawah], {503: ukur("200", "100"), 504: ukur("100", "50")}, skala)
    assert hasil.sasaran[0].indikator[0].nilai.capaian_sd == D(110)  # (120 + 100) / 2, then again one child
    tanpa_batas = _ukur(KEPALA, [iku], [iku, tengah, *bawah], {503: ukur("200", "100"), 504: ukur("100", "50")})
    assert tanpa_batas.sasaran[0].indikator[0].nilai.capaian_sd == D(150)


def test_indicator_without_link_or_measured_supporter_has_no_figure_never_zero():
    sendiri, iku = ind(1, jabatan=1), ind(2, jabatan=1)
    anak = ind(3, rencana=503, induk=2)
    hasil = _ukur(KEPALA, [sendiri, iku], [sendiri, iku, anak], {503: ukur(None, belum=True)})
    a, b = (x.nilai for x in hasil.sasaran[0].indikator)
    assert a.sumber is None and a.capaian_sd is None
    assert a.label_sumber == "tanpa indikator rencana dan indikator pendukung"
    assert b.sumber is None and b.label_sumber == "1 indikator pendukung belum terukur"


def test_a_stored_cycle_does_not_loop():
    a, b = ind(1, induk=2), ind(2, induk=1)
    hasil = _ukur(KABID, [a, b], [a, b], {})
    assert [x.nilai.capaian_sd for x in hasil.sasaran[0].indikator] == [None, None]


def test_differing_annual_target_of_the_plan_indicator_is_noted():
    i = ind(1, rencana=501, target="90")
    n = _ukur(KABID, [i], [i], {501: ukur("100", "100", target_tahunan="80")}).sasaran[0].indikator[0]
    assert n.keterangan.endswith("target tahunan indikator rencana 80")


def test_level_selector_follows_the_roles():
    daftar = [KEPALA, KABID, KABID_B, TANPA_PK]
    utama = pilihan_tingkat(daftar, Subjek(frozenset({Peran.UTAMA})))
    assert [p.label for p in utama] == ["Anggaran (rincian kegiatan)", "PK Kepala (sasaran strategis + IKU)",
                                       "PK Kepala Bidang A", "PK Kepala Bidang B"]
    assert [p.kode for p in pilihan_tingkat(daftar, Subjek(frozenset({Peran.PIMPINAN})))] == ["anggaran", "1", "2", "3"]
    bidang = pilihan_tingkat(daftar, Subjek(frozenset({Peran.BIDANG}), unit_id=5))
    assert [p.kode for p in bidang] == ["anggaran", "1", "2"]


@pytest.mark.parametrize("teks", ["x", "-1", "1.5", "١", "9" * 13])
def test_malformed_tingkat_is_refused(teks):
    with pytest.raises(NilaiTidakValid):
        parse_tingkat(teks)


def test_tingkat_default_is_the_budget_nomenclature():
    assert parse_tingkat(None) is None and parse_tingkat("anggaran") is None and parse_tingkat(" 12 ") == 12


def test_report_rows_and_signer_are_the_pihak_pertama():
    iku = ind(1, jabatan=1, rencana=501)
    hasil = _ukur(KEPALA, [iku], [iku], {501: ukur("95", "45", data_sd=5)}, periode=Periode.tahunan())
    a = baris_capaian_pk(hasil)
    assert [b.jenis.value for b in a] == ["sasaran", "indikator", "total"]
    assert [s.teks for s in a[1].sel][:9] == ["1", "Indikator 1", "Persen", "100", "50,00", "40,00", "95,00%",
                                              "45,00%", "Sangat Tinggi"]
    b = baris_per_triwulan(hasil)
    assert b[1].sel[3].teks == "Sangat Tinggi (data s.d. Mei)" and len(b[1].sel) == 2 + 2 * 5
    laporan = laporan_pengukuran_pk(hasil, perangkat_daerah="BKPSDM", tahun=2024, memuat_belum_diverifikasi=True)
    assert laporan.judul == "PENGUKURAN KINERJA KEPALA BADAN"
    assert laporan.subjudul[-1] == "MEMUAT DATA BELUM DIVERIFIKASI"
    assert laporan.bagian[0].judul == "A. Capaian Kinerja Tahunan"
    ttd = tanda_tangan_pihak_pertama(KEPALA, tempat="Tana Paser", tanggal=date(2024, 7, 1))
    assert (ttd.nama, ttd.nip, ttd.jabatan, ttd.pangkat) == ("Drs. Kepala", "197504121998031008", "Kepala Badan",
                                                             "Pembina Utama Muda (IV/c)")
    assert tanda_tangan_pihak_pertama(KABID_B, tempat="T", tanggal=date(2024, 7, 1)).nama.startswith("....")
