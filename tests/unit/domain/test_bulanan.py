"""The one-pass monthly computations equal the per-period ones, and the fast paths of the checked
functions equal straightforward implementations (hypothesis).

``repr`` is compared as well as ``==``: Decimal equality ignores the exponent (``1.0 == 1.00``), and
the figures must be the very same Decimals, not just equal numbers.
"""

from __future__ import annotations

from decimal import Decimal
from decimal import localcontext

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from sipekerja_module.domain.angka import KONTEKS_HITUNG
from sipekerja_module.domain.angka import pastikan_decimal
from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import CapaianPeriode
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import Serapan
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.capaian import hitung_capaian_bulanan
from sipekerja_module.domain.capaian import hitung_capaian_periode
from sipekerja_module.domain.capaian import hitung_serapan
from sipekerja_module.domain.capaian import hitung_serapan_bulanan
from sipekerja_module.domain.errors import BulanTidakValid
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.periode import validate_bulan
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
from sipekerja_module.domain.predikat import BandPredikat
from sipekerja_module.domain.predikat import SkalaPredikat
from sipekerja_module.domain.predikat import rangkum_capaian
from sipekerja_module.domain.predikat import rangkum_terukur
from sipekerja_module.domain.predikat import tentukan_predikat

D = Decimal
SEMUA_PERIODE = [Periode.bulanan(m) for m in range(1, 13)] + [Periode.triwulanan(t) for t in range(1, 5)] + [
    Periode.tahunan()]

# Values of every shape the loader or a caller may give: few or many digits (sums then round at 34
# significant digits, so the order of the additions matters), exponents above zero, zeros, ints.
nilai = st.one_of(
    st.decimals(min_value=0, max_value=10**6, places=2),
    st.decimals(min_value=0, max_value=10**20, allow_nan=False, allow_infinity=False),
    st.sampled_from([D(0), D("0.00"), D("1E+3"), D("2.5E+1"), D("100"), D("7"), D("6.5")]),
    st.integers(0, 10**6),
)
bulanan = st.dictionaries(st.integers(1, 12), st.one_of(st.none(), nilai), max_size=12)
rentang = st.tuples(nilai, nilai).map(lambda p: Target.rentang(min(p), max(p)))
# Monthly targets may be ranges ("80–90") or single-value Targets as well as plain values.
target_bulanan = st.dictionaries(st.integers(1, 12),
                                 st.one_of(st.none(), nilai, rentang, st.builds(Target.tunggal, nilai)), max_size=12)
target_tahunan = st.one_of(
    st.none(),
    nilai,
    st.builds(Target.tunggal, nilai),
    rentang,
)
indikator = st.fixed_dictionaries({
    "target_bulanan": target_bulanan,
    "realisasi_bulanan": bulanan,
    "target_tahunan": target_tahunan,
    "agregasi": st.sampled_from(list(Agregasi)),
    "polaritas": st.sampled_from(list(Polaritas)),
    "rumus_negatif": st.sampled_from(list(RumusNegatif)),
})


def _sama(a, b) -> None:
    assert a == b
    assert repr(a) == repr(b)


# --- Straightforward reference: the rules written out directly, month by month -----------------

def _agregat_langsung(nilai_bulanan, agregasi, sampai):
    terlapor = [pastikan_decimal(nilai_bulanan[b]) for b in sorted(nilai_bulanan)
                if b <= sampai and nilai_bulanan[b] is not None]
    if not terlapor:
        return None
    if agregasi is Agregasi.NILAI_AKHIR:
        return terlapor[-1]
    with localcontext(KONTEKS_HITUNG):
        jumlah = Decimal(0)
        for v in terlapor:
            jumlah = jumlah + v
        return jumlah if agregasi is Agregasi.KUMULATIF else jumlah / len(terlapor)


def _capaian_langsung(target, realisasi, polaritas, rumus):
    if target is not None and not isinstance(target, Target):
        target = Target.tunggal(target)
    if target is None or realisasi is None:
        return None
    if target.is_rentang:
        if target.bawah <= realisasi <= target.atas:
            return Decimal(100)
        t = target.atas if realisasi > target.atas else target.bawah
    else:
        t = target.nilai
    if t == 0:
        return None
    with localcontext(KONTEKS_HITUNG):
        if polaritas is Polaritas.POSITIF:
            return realisasi * 100 / t
        if rumus is RumusNegatif.SELISIH:
            return (2 * t - realisasi) * 100 / t
        return None if realisasi == 0 else t * 100 / realisasi


def _sebagai_rentang(t):
    if isinstance(t, Target):
        return (t.bawah, t.atas) if t.is_rentang else (t.nilai, t.nilai)
    t = pastikan_decimal(t)
    return (t, t)


def _target_langsung(daftar, agregasi):
    """Aggregate targets written out: a range as soon as one is a range, bounds added separately."""
    if not daftar:
        return None
    if agregasi is Agregasi.NILAI_AKHIR:
        t = daftar[-1]
        if isinstance(t, Target):
            return t if t.is_rentang else t.nilai
        return pastikan_decimal(t)
    rentang_ada = any(isinstance(t, Target) and t.is_rentang for t in daftar)
    with localcontext(KONTEKS_HITUNG):
        bawah = atas = Decimal(0)
        for t in daftar:
            b, a = _sebagai_rentang(t)
            bawah, atas = bawah + b, atas + a
        if agregasi is Agregasi.RATA_RATA:
            bawah, atas = bawah / len(daftar), atas / len(daftar)
    return Target.rentang(bawah, atas) if rentang_ada else bawah


def _capaian_periode_langsung(*, target_bulanan, realisasi_bulanan, target_tahunan, agregasi, polaritas,
                              rumus_negatif, periode):
    """DOMAIN.md "Capaian", like with like, written out month by month."""
    sampai = periode.bulan_akhir
    tahunan = target_tahunan if target_tahunan is None or isinstance(target_tahunan, Target) else Target.tunggal(
        target_tahunan)
    target = {b: t for b, t in target_bulanan.items() if t is not None}
    if not target and tahunan is not None:
        target = {12: tahunan}  # blank monthly targets: the annual target is December's
    lapor = [b for b in range(1, sampai + 1) if realisasi_bulanan.get(b) is not None]
    rencana = _target_langsung([target[b] for b in sorted(target) if b <= sampai], agregasi)
    if not lapor:
        target_sd, realisasi_sd = rencana, None
    else:
        realisasi_sd = _agregat_langsung(realisasi_bulanan, agregasi, sampai)
        if agregasi is Agregasi.NILAI_AKHIR:
            berlaku = [b for b in sorted(target) if b <= lapor[-1]]
            target_sd = _target_langsung([target[berlaku[-1]]], agregasi) if berlaku else None
        else:
            target_sd = _target_langsung([target[b] for b in lapor if b in target], agregasi)
    dalam_periode = sum(1 for b in periode.bulan if b in lapor)
    return CapaianPeriode(
        target_sd=target_sd,
        realisasi_sd=realisasi_sd,
        capaian_sd=_capaian_langsung(target_sd, realisasi_sd, polaritas, rumus_negatif),
        target_tahunan=tahunan,
        capaian_tahunan=_capaian_langsung(tahunan, realisasi_sd, polaritas, rumus_negatif),
        bulan_terlapor=dalam_periode,
        belum_lapor=dalam_periode == 0,
        bulan_terakhir_lapor=lapor[-1] if lapor else None,
        bulan_dibandingkan=tuple(lapor),
        target_rencana_sd=rencana,
    )


def _serapan_langsung(*, pagu, target_bulanan, realisasi_bulanan, sampai_bulan):
    pagu = None if pagu is None else pastikan_decimal(pagu)
    lapor = [b for b in range(1, sampai_bulan + 1) if realisasi_bulanan.get(b) is not None]
    rencana = _agregat_langsung(target_bulanan, Agregasi.KUMULATIF, sampai_bulan)
    realisasi_sd = _agregat_langsung(realisasi_bulanan, Agregasi.KUMULATIF, sampai_bulan)
    target_sd = _agregat_langsung({b: v for b, v in target_bulanan.items() if b in lapor}, Agregasi.KUMULATIF,
                                  sampai_bulan) if lapor else rencana
    return Serapan(
        pagu=pagu,
        target_sd=target_sd,
        realisasi_sd=realisasi_sd,
        persen_pagu=_capaian_langsung(pagu, realisasi_sd, Polaritas.POSITIF, RumusNegatif.SELISIH),
        persen_target_sd=_capaian_langsung(target_sd, realisasi_sd, Polaritas.POSITIF, RumusNegatif.SELISIH),
        bulan_dibandingkan=tuple(lapor),
        target_rencana_sd=rencana,
    )


# --- Capaian ---------------------------------------------------------------------------------------

@settings(max_examples=300)
@given(indikator)
def test_capaian_bulanan_equals_the_per_period_computation_for_every_month(ind):
    deret = hitung_capaian_bulanan(**ind)
    assert len(deret) == 12
    for bulan in range(1, 13):
        _sama(deret[bulan - 1], hitung_capaian_periode(**ind, periode=Periode.bulanan(bulan)))


@settings(max_examples=300)
@given(indikator, st.sampled_from(SEMUA_PERIODE))
def test_capaian_periode_equals_the_rules_written_out(ind, periode):
    _sama(hitung_capaian_periode(**ind, periode=periode), _capaian_periode_langsung(**ind, periode=periode))


def test_capaian_bulanan_worked_example_and_belum_lapor_months():
    deret = hitung_capaian_bulanan(
        target_bulanan={1: D(7), 2: D(7), 3: D(7)}, realisasi_bulanan={1: D("6.5"), 2: None, 3: D(7)},
        target_tahunan=D(7), agregasi=Agregasi.NILAI_AKHIR, polaritas=Polaritas.NEGATIF,
    )
    assert round(deret[0].capaian_sd, 2) == D("107.14")
    # February is belum lapor: the figures to date still come from January.
    assert deret[1].belum_lapor and deret[1].bulan_terlapor == 0 and deret[1].bulan_terakhir_lapor == 1
    assert deret[1].capaian_sd == deret[0].capaian_sd
    assert deret[2].capaian_sd == 100 and deret[2].bulan_terakhir_lapor == 3
    # After the last report every month is belum lapor with the same figures to date.
    assert all(c.belum_lapor and c.bulan_terakhir_lapor == 3 and c.realisasi_sd == 7 for c in deret[3:])
    # Like with like: the later months still compare March's realisasi with March's target.
    assert all(c.target_sd == 7 and c.bulan_dibandingkan == (1, 3) for c in deret[3:])


@pytest.mark.parametrize("ubah, galat", [
    ({"realisasi_bulanan": {1: 1.5}}, NilaiTidakValid),
    ({"target_bulanan": {2: D(-1)}}, NilaiTidakValid),
    ({"realisasi_bulanan": {3: D("NaN")}}, NilaiTidakValid),
    ({"target_bulanan": {13: D(1)}}, BulanTidakValid),
    ({"realisasi_bulanan": {0: None}}, BulanTidakValid),
    ({"realisasi_bulanan": {True: D(1)}}, BulanTidakValid),
    ({"target_tahunan": D(-5)}, NilaiTidakValid),
    ({"agregasi": "maksimum"}, ValueError),
    ({"polaritas": "netral"}, ValueError),
    # The value checks come before the month checks, as in the per-period computation.
    ({"target_bulanan": {13: 1.5}}, NilaiTidakValid),
])
def test_capaian_bulanan_refuses_what_the_per_period_computation_refuses(ubah, galat):
    ind = {"target_bulanan": {1: D(10)}, "realisasi_bulanan": {1: D(5)}, "target_tahunan": D(10),
           "agregasi": Agregasi.KUMULATIF, "polaritas": Polaritas.POSITIF} | ubah
    with pytest.raises(galat) as per_periode:
        hitung_capaian_periode(**ind, periode=Periode.bulanan(1))
    with pytest.raises(galat) as sekaligus:
        hitung_capaian_bulanan(**ind)
    assert str(sekaligus.value) == str(per_periode.value)


def test_capaian_bulanan_accepts_enum_values_as_text():
    teks = hitung_capaian_bulanan(target_bulanan={1: D(4)}, realisasi_bulanan={1: D(5)}, target_tahunan=D(4),
                                  agregasi="rata_rata", polaritas="negatif", rumus_negatif="rasio")
    enum = hitung_capaian_bulanan(target_bulanan={1: D(4)}, realisasi_bulanan={1: D(5)}, target_tahunan=D(4),
                                  agregasi=Agregasi.RATA_RATA, polaritas=Polaritas.NEGATIF,
                                  rumus_negatif=RumusNegatif.RASIO)
    _sama(teks, enum)
    assert teks[0].capaian_sd == 80


# --- Serapan ---------------------------------------------------------------------------------------

anggaran = st.fixed_dictionaries({
    "pagu": st.one_of(st.none(), nilai),
    "target_bulanan": bulanan,
    "realisasi_bulanan": bulanan,
})


@settings(max_examples=300)
@given(anggaran)
def test_serapan_bulanan_equals_hitung_serapan_for_every_month(a):
    deret = hitung_serapan_bulanan(**a)
    assert len(deret) == 12
    for bulan in range(1, 13):
        _sama(deret[bulan - 1], hitung_serapan(**a, sampai_bulan=bulan))


@settings(max_examples=300)
@given(anggaran, st.integers(1, 12))
def test_serapan_equals_the_rules_written_out(a, bulan):
    _sama(hitung_serapan(**a, sampai_bulan=bulan), _serapan_langsung(**a, sampai_bulan=bulan))


@pytest.mark.parametrize("ubah, galat", [
    ({"pagu": D(-1)}, NilaiTidakValid),
    ({"pagu": 2.5}, NilaiTidakValid),
    ({"target_bulanan": {1: D(-1)}}, NilaiTidakValid),
    ({"realisasi_bulanan": {1: 0.5}}, NilaiTidakValid),
    ({"realisasi_bulanan": {14: D(1)}}, BulanTidakValid),
])
def test_serapan_bulanan_refuses_what_hitung_serapan_refuses(ubah, galat):
    a = {"pagu": D(100), "target_bulanan": {1: D(10)}, "realisasi_bulanan": {1: D(5)}} | ubah
    with pytest.raises(galat) as per_bulan:
        hitung_serapan(**a, sampai_bulan=1)
    with pytest.raises(galat) as sekaligus:
        hitung_serapan_bulanan(**a)
    assert str(sekaligus.value) == str(per_bulan.value)


# --- Predikat --------------------------------------------------------------------------------------

capaian = st.one_of(
    st.none(),
    st.decimals(min_value=-500, max_value=500, allow_nan=False, allow_infinity=False),
    st.sampled_from([D(0), D(51), D(66), D("75.999"), D(76), D(91), D("90.999"), D(-1)]),
)


@st.composite
def skala(draw):
    batas = sorted(set(draw(st.lists(st.decimals(min_value=1, max_value=200, places=2), max_size=6))))
    return SkalaPredikat(bands=tuple(BandPredikat(b, f"Band {i}", "primary")
                                     for i, b in enumerate([D(0), *batas])), nama="Acak")


def _predikat_langsung(nilai, s):
    if nilai is None:
        return None
    for band in reversed(s.bands):
        if nilai >= band.batas_bawah:
            return band
    return s.bands[0]


@given(capaian, st.one_of(st.just(SKALA_PERMENDAGRI_86_2017), skala()))
def test_tentukan_predikat_equals_a_scan_from_the_highest_band(nilai, s):
    assert tentukan_predikat(nilai, s) is _predikat_langsung(nilai, s)


@given(st.lists(capaian, max_size=30), st.one_of(st.just(SKALA_PERMENDAGRI_86_2017), skala()))
def test_rangkum_terukur_equals_rangkum_capaian(daftar, s):
    terukur = [c for c in daftar if c is not None]
    cepat = rangkum_terukur(terukur, [tentukan_predikat(c, s) for c in terukur], len(daftar), s)
    _sama(cepat, rangkum_capaian(daftar, s))
    assert list(cepat.jumlah_per_predikat) == list(s.label_tinggi_ke_rendah)


def test_cached_scale_lookups_leave_equality_hash_and_repr_alone():
    a = SkalaPredikat(bands=SKALA_PERMENDAGRI_86_2017.bands, nama=SKALA_PERMENDAGRI_86_2017.nama)
    b = SkalaPredikat(bands=SKALA_PERMENDAGRI_86_2017.bands, nama=SKALA_PERMENDAGRI_86_2017.nama)
    assert a.label_tinggi_ke_rendah == ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")
    tentukan_predikat(D(80), a)
    assert a == b and hash(a) == hash(b) and repr(a) == repr(b)


# --- Checked inputs: the fast paths give what the full checks give ------------------------------------

class _DecimalTurunan(Decimal):
    pass


@pytest.mark.parametrize("masukan", [D("1.50"), D("-0"), D("1E+3"), 7, 0, _DecimalTurunan("2.5")])
def test_pastikan_decimal_returns_the_exact_decimal(masukan):
    hasil = pastikan_decimal(masukan)
    assert type(hasil) is Decimal
    assert repr(hasil) == repr(Decimal(masukan))
    if type(masukan) is Decimal:
        assert hasil is masukan


@pytest.mark.parametrize("masukan", [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), 1.5, True, "1", None])
def test_pastikan_decimal_still_refuses(masukan):
    with pytest.raises(NilaiTidakValid):
        pastikan_decimal(masukan)


@pytest.mark.parametrize("bulan", [0, 13, -1, True, False, 1.0, "1", None])
def test_validate_bulan_still_refuses(bulan):
    with pytest.raises(BulanTidakValid):
        validate_bulan(bulan)


def test_periode_months_are_cached_without_changing_equality():
    a, b = Periode.triwulanan(2), Periode.triwulanan(2)
    assert a.bulan == (4, 5, 6) and a.bulan is a.bulan
    assert a == b and hash(a) == hash(b) and repr(a) == repr(b)
    assert Periode.tahunan().bulan == tuple(range(1, 13)) and Periode.bulanan(7).bulan_akhir == 7
