"""Property-based tests of the domain rules (hypothesis)."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sipekerja_module.domain.angka import bulatkan
from sipekerja_module.domain.angka import format_angka
from sipekerja_module.domain.angka import parse_angka
from sipekerja_module.domain.capaian import Agregasi
from sipekerja_module.domain.capaian import Polaritas
from sipekerja_module.domain.capaian import RumusNegatif
from sipekerja_module.domain.capaian import Target
from sipekerja_module.domain.capaian import agregasikan
from sipekerja_module.domain.capaian import hitung_capaian
from sipekerja_module.domain.capaian import hitung_capaian_periode
from sipekerja_module.domain.nip import format_nip
from sipekerja_module.domain.nip import parse_nip
from sipekerja_module.domain.periode import Periode
from sipekerja_module.domain.predikat import SKALA_PERMENDAGRI_86_2017
from sipekerja_module.domain.predikat import tentukan_predikat

nonneg = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=Decimal("0.0001"), max_value=10**9, places=4, allow_nan=False, allow_infinity=False)
bulanan = st.dictionaries(st.integers(1, 12), st.one_of(st.none(), nonneg), max_size=12)
PERINGKAT = {label: i for i, label in enumerate(b.label for b in SKALA_PERMENDAGRI_86_2017.bands)}


@given(positive, nonneg, nonneg)
def test_positif_capaian_non_decreasing_in_realisasi(target, r1, r2):
    kecil, besar = sorted((r1, r2))
    assert hitung_capaian(target, kecil, Polaritas.POSITIF) <= hitung_capaian(target, besar, Polaritas.POSITIF)


@given(positive, nonneg, nonneg, st.sampled_from(list(RumusNegatif)))
def test_negatif_capaian_non_increasing_in_realisasi(target, r1, r2, rumus):
    kecil, besar = sorted((r1, r2))
    a = hitung_capaian(target, kecil, Polaritas.NEGATIF, rumus)
    b = hitung_capaian(target, besar, Polaritas.NEGATIF, rumus)
    if a is not None and b is not None:  # RASIO is undefined at R = 0
        assert a >= b


@given(positive, nonneg, nonneg, nonneg, st.sampled_from(list(Polaritas)))
def test_range_target_capaian_is_monotone_too(bawah, lebar, r1, r2, polaritas):
    target = Target.rentang(bawah, bawah + lebar)
    kecil, besar = sorted((r1, r2))
    a, b = hitung_capaian(target, kecil, polaritas), hitung_capaian(target, besar, polaritas)
    assert (a <= b) if polaritas is Polaritas.POSITIF else (a >= b)


@given(positive, st.sampled_from(list(Polaritas)), st.sampled_from(list(RumusNegatif)))
def test_realisasi_equal_to_target_is_exactly_100(target, polaritas, rumus):
    assert hitung_capaian(target, target, polaritas, rumus) == Decimal(100)


@given(bulanan, st.integers(1, 12))
def test_kumulatif_equals_sum_of_reported_months(nilai, sampai):
    expected = [v for b, v in nilai.items() if v is not None and b <= sampai]
    hasil = agregasikan(nilai, Agregasi.KUMULATIF, sampai)
    if expected:
        assert hasil == sum(expected, Decimal(0))
    else:
        assert hasil is None


@given(bulanan, st.integers(1, 12))
def test_nilai_akhir_equals_value_of_latest_reported_month(nilai, sampai):
    terlapor = sorted((b, v) for b, v in nilai.items() if v is not None and b <= sampai)
    hasil = agregasikan(nilai, Agregasi.NILAI_AKHIR, sampai)
    assert hasil == (terlapor[-1][1] if terlapor else None)


@given(bulanan)
def test_rata_rata_lies_between_min_and_max_reported(nilai):
    terlapor = [v for v in nilai.values() if v is not None]
    hasil = agregasikan(nilai, Agregasi.RATA_RATA)
    if terlapor:
        assert min(terlapor) <= hasil <= max(terlapor)
    else:
        assert hasil is None


@given(
    st.dictionaries(st.integers(1, 12), positive, max_size=12),
    st.dictionaries(st.integers(1, 12), st.none(), max_size=12),
    st.sampled_from(list(Agregasi)),
    st.sampled_from(list(Polaritas)),
    st.one_of(st.builds(Periode.bulanan, st.integers(1, 12)), st.builds(Periode.triwulanan, st.integers(1, 4))),
    st.one_of(st.none(), positive),
)
def test_belum_lapor_never_yields_0_or_100(target, realisasi, agregasi, polaritas, periode, tahunan):
    hasil = hitung_capaian_periode(
        target_bulanan=target,
        realisasi_bulanan=realisasi,
        target_tahunan=tahunan,
        agregasi=agregasi,
        polaritas=polaritas,
        periode=periode,
    )
    assert hasil.capaian_sd is None
    assert hasil.capaian_tahunan is None
    assert hasil.realisasi_sd is None
    assert hasil.belum_lapor is True


@given(
    st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False, allow_infinity=False),
)
def test_predikat_is_monotone_in_capaian(c1, c2):
    kecil, besar = sorted((c1, c2))
    assert PERINGKAT[tentukan_predikat(kecil).label] <= PERINGKAT[tentukan_predikat(besar).label]


@given(st.decimals(min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False))
def test_format_then_parse_round_trips(nilai):
    assert parse_angka(format_angka(nilai)) == nilai


@given(
    st.decimals(min_value=-(10**15), max_value=10**15, allow_nan=False, allow_infinity=False),
    st.integers(0, 6),
)
def test_format_rounds_half_up_like_bulatkan(nilai, desimal):
    teks = format_angka(nilai, desimal)
    kembali = parse_angka(teks)
    assert abs(kembali - nilai) <= Decimal(1).scaleb(-desimal) / 2
    if desimal == 2:
        assert kembali == bulatkan(nilai)


@given(
    st.dates(min_value=date(1940, 1, 1), max_value=date(2010, 12, 31)),
    st.integers(1960, 2099),
    st.integers(1, 12),
    st.sampled_from("12"),
    st.integers(1, 999),
    st.sampled_from(["", " ", "."]),
)
def test_parse_format_nip_round_trip(lahir, tmt_tahun, tmt_bulan, kelamin, urut, pemisah):
    nilai = f"{lahir:%Y%m%d}{tmt_tahun:04d}{tmt_bulan:02d}{kelamin}{urut:03d}"
    ditulis = pemisah.join([nilai[:8], nilai[8:14], nilai[14], nilai[15:]])
    nip = parse_nip(ditulis)
    assert nip.nilai == nilai
    assert nip.tanggal_lahir == lahir and nip.nomor_urut == urut
    assert parse_nip(format_nip(nip)) == nip
    assert format_nip(parse_nip(format_nip(nilai))) == format_nip(nilai)
