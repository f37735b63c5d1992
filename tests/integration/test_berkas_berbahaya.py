"""The hostile-file corpus (tests/berkas_berbahaya.py): every case refused by the upload service
with an Indonesian reason and nothing stored; legitimate look-alikes still accepted; archives
refused from their directory without being inflated."""

import os
import time

import pytest
from sqlalchemy import func
from sqlalchemy import select

from sipekerja_module.domain.berkas import BATAS_BAKU
from sipekerja_module.domain.berkas import deteksi_jenis
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.models import BuktiDukung
from tests.berkas_berbahaya import AMAN
from tests.berkas_berbahaya import KORPUS
from tests.berkas_berbahaya import xlsx_bom_1gib
from tests.integration.test_bukti_services import _files
from tests.integration.test_bukti_services import _unggah
from tests.integration.test_bukti_services import dunia  # noqa: F401  (fixture)

#: Words that show a reason is Indonesian and names the problem (no English library text).
_KATA = ("PDF", "arsip", "gambar", "skrip", "rasio", "bagian", "XLSX", "DOCX", "makro", "piksel", "rusak")


@pytest.mark.parametrize("kasus", list(KORPUS))
def test_every_hostile_file_is_refused_with_a_reason_and_nothing_stored(session, dunia, kasus):  # noqa: F811
    _, nama, buat = KORPUS[kasus]
    data = buat()
    assert len(data) <= 10 * 1024 * 1024, "the corpus stays under the upload size limit"

    with pytest.raises(NilaiTidakValid) as refused:
        _unggah(dunia, data, nama)

    pesan = refused.value.pesan
    assert pesan.startswith("Berkas ditolak: "), pesan
    assert any(k in pesan for k in _KATA), pesan
    assert "Error" not in pesan and "Traceback" not in pesan
    session.rollback()
    assert _files(dunia["storage"]) == []
    assert session.execute(select(func.count()).select_from(BuktiDukung)).scalar_one() == 0


@pytest.mark.parametrize("kasus", list(AMAN))
def test_legitimate_look_alikes_are_still_accepted(session, dunia, kasus):  # noqa: F811
    nama, buat = AMAN[kasus]
    bukti = _unggah(dunia, buat(), nama)
    session.commit()
    assert os.path.exists(os.path.join(dunia["storage"], bukti.sha256[:2], bukti.sha256))


def test_a_real_1_gib_bomb_of_1_mb_is_refused_without_inflating_it():
    data = xlsx_bom_1gib()
    assert len(data) < 1_200_000

    mulai = time.perf_counter()
    with pytest.raises(NilaiTidakValid, match="rasio kompresi|isi terurai"):
        deteksi_jenis(data, BATAS_BAKU)
    # Inflating 1 GiB takes seconds; reading the directory takes microseconds.
    assert time.perf_counter() - mulai < 0.2


@pytest.mark.parametrize(("kelas", "jumlah_minimal"), [("arsip", 6), ("pdf", 14), ("skrip", 4), ("gambar", 2)])
def test_the_corpus_covers_every_class(kelas, jumlah_minimal):
    assert sum(1 for k, _, _ in KORPUS.values() if k == kelas) >= jumlah_minimal
