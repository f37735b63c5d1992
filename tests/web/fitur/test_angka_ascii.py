"""Numbers are ASCII digits in every numeric field: Arabic-Indic (٣), full-width (１２) and other
Unicode digits are refused with a message naming the field, and nothing is written (Python's
``Decimal()`` and ``int()`` would otherwise read them as 3 and 12)."""

import pytest

from sipekerja_module.domain.angka import parse_angka
from sipekerja_module.domain.capaian import parse_target
from sipekerja_module.domain.errors import NilaiTidakValid
from tests.web.fitur.test_hostile_input import ANGKA
from tests.web.fitur.test_hostile_input import FORMULIR_MODUL
from tests.web.fitur.test_hostile_input import TARGET_BULAN
from tests.web.fitur.test_hostile_input import _kirim
from tests.web.fitur.test_hostile_input import _siapkan
from tests.web.fitur.test_hostile_input import assert_ditolak
from tests.web.fitur.test_hostile_input import potret

#: Arabic-Indic, Extended Arabic-Indic (Persian), full-width, Devanagari, a superscript, mixed.
DIGIT_ASING = ["٣", "１２", "١٢,٥", "۱۲", "१२", "²", "1٢", "١.٢٣٤"]


@pytest.mark.parametrize("teks", DIGIT_ASING)
def test_parse_angka_refuses_non_ascii_digits_naming_the_field(teks):
    with pytest.raises(NilaiTidakValid, match="^Realisasi kinerja: .*angka selain 0–9"):
        parse_angka(teks, "Realisasi kinerja")
    with pytest.raises(NilaiTidakValid, match="^Target: "):
        parse_target(teks)


def test_ascii_digits_still_parse():
    assert str(parse_angka("1.234,5")) == "1234.5"
    assert parse_target("80 - 90").atas == 90


def _medan_angka(formulir) -> list[str]:
    return sorted(m for m, strategi in formulir.medan.items()
                  if strategi is ANGKA or strategi is TARGET_BULAN or m == "tahun" or m.startswith("tahun_"))


#: The module forms with numeric fields; the others are checked to have none.
FORMULIR_ANGKA = ["predikat_kab", "tahun", "predikat", "indikator_baru", "indikator_ubah", "target", "anggaran",
                  "realisasi",
                  "indikator_pk", "indikator_ubah_pk", "program_pk", "rapat_tl", "renstra", "target_ra",
                  "realisasi_aksi_ra", "realisasi_indikator_ra", "renstra_ubah", "indikator_renstra",
                  "indikator_ubah_renstra"]


@pytest.mark.parametrize("nama", [n for n in FORMULIR_MODUL if n not in FORMULIR_ANGKA])
def test_the_other_module_forms_have_no_numeric_field(app, demo, client_as, nama):
    assert _medan_angka(_siapkan(nama, app, demo, client_as)[1]) == []


@pytest.mark.parametrize("nama", FORMULIR_ANGKA)
def test_every_numeric_field_of_every_module_form_refuses_non_ascii_digits(app, demo, client_as, nama):
    client, formulir = _siapkan(nama, app, demo, client_as)
    medan = _medan_angka(formulir)
    assert medan
    for nama_medan in medan:
        for nilai in ("٣", "１２"):
            sebelum = potret(app)
            response = _kirim(client, formulir, nama_medan, nilai)
            konteks = (nama, nama_medan, nilai)
            assert_ditolak(app, client, response, sebelum, konteks)
            if response.status_code not in (302, 303):
                assert "angka selain 0–9" in response.get_data(as_text=True), konteks


@pytest.mark.parametrize("query", ["bulan=٣&tahun=2024", "bulan=６&tahun=2024", "bulan=6&tahun=٢٠٢٤", "unit=١"])
def test_non_ascii_digits_in_the_query_are_not_read_as_numbers(client_as, query):
    assert client_as("utama").get("/sipekerja/realisasi/?" + query).status_code == 404
