"""Evidence storage: content-addressed files outside static folders, access checks, and no
orphan file when the database write fails."""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy import select

from portal_stub.extensions import db
from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.domain.errors import AksesDitolak
from sipekerja_module.domain.errors import NilaiTidakValid
from sipekerja_module.models import BuktiDukung
from sipekerja_module.services import bukti as svc
from sipekerja_module.services import perencanaan
from sipekerja_module.services import referensi
from tests import berkas_contoh as contoh
from tests import factories as f

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2024, 2, 10, 9, tzinfo=WITA)


@pytest.fixture
def dunia(app, session):
    pd = f.create_perangkat_daerah()
    unit_a = f.create_unit(pd, "BKPSDM-PPIK", "Bidang PPIK")
    unit_b = f.create_unit(pd, "BKPSDM-MUTASI", "Bidang Mutasi")
    tahun = referensi.create_tahun(tahun=2024, zona=WITA, oleh=None)
    satuan = f.create_satuan()
    f.create_nomenklatur()
    sub_b = perencanaan.add_node(tahun=tahun, unit_kerja=unit_b, kode="5.03.02.2.02.0002", sasaran=None, oleh=None)
    sub_a = perencanaan.add_node(tahun=tahun, unit_kerja=unit_a, kode="5.03.02.2.01.0010", sasaran=None, oleh=None)
    return {"tahun": tahun, "ind_a": f.create_indikator(sub_a, satuan), "ind_b": f.create_indikator(sub_b, satuan),
            "subjek_a": Subjek(frozenset({Peran.BIDANG}), unit_a.id), "storage": app.config["SIPEKERJA_STORAGE_DIR"]}


def _unggah(d, data, nama="sk.pdf", indikator="ind_a"):
    return svc.simpan_bukti(subjek=d["subjek_a"], oleh=None, indikator=d[indikator], tahun=d["tahun"], bulan=1,
                            nama_asli=nama, data=data, now=NOW, zona=WITA)


def _files(root):
    return sorted(os.path.join(d, n) for d, _, names in os.walk(root) for n in names)


def test_upload_is_stored_by_content_hash_and_identical_uploads_share_a_file(session, dunia):
    data = contoh.pdf()
    a = _unggah(dunia, data, "sk april.pdf")
    b = _unggah(dunia, data, "salinan.pdf")
    session.commit()
    assert a.sha256 == b.sha256 and a.mime == "application/pdf" and a.nama_asli == "sk april.pdf"
    files = _files(dunia["storage"])
    assert files == [svc.path_berkas(a.sha256, dunia["storage"])]
    with open(files[0], "rb") as fh:
        assert fh.read() == data


def test_refused_file_stores_nothing(session, dunia):
    with pytest.raises(NilaiTidakValid, match="tidak dikenali"):
        _unggah(dunia, contoh.exe(), "laporan.pdf")
    assert _files(dunia["storage"]) == []
    assert session.execute(select(func.count()).select_from(BuktiDukung)).scalar_one() == 0


def test_upload_against_another_units_indicator_is_refused_and_stores_nothing(session, dunia):
    with pytest.raises(AksesDitolak):
        _unggah(dunia, contoh.pdf(), indikator="ind_b")
    assert _files(dunia["storage"]) == []


def test_rolled_back_upload_leaves_no_orphan_file(session, dunia):
    _unggah(dunia, contoh.png(), "foto.png")
    assert len(_files(dunia["storage"])) == 1
    db.session.rollback()
    assert _files(dunia["storage"]) == []


def test_rollback_keeps_a_file_that_a_committed_row_uses(session, dunia):
    data = contoh.jpeg()
    _unggah(dunia, data, "foto.jpg")
    session.commit()
    _unggah(dunia, data, "lagi.jpg")
    db.session.rollback()
    assert len(_files(dunia["storage"])) == 1


def test_deleted_evidence_is_soft_deleted_and_audited(session, dunia):
    bukti = _unggah(dunia, contoh.pdf())
    svc.hapus_bukti(subjek=dunia["subjek_a"], oleh=None, bukti=bukti, tahun=dunia["tahun"], now=NOW, zona=WITA)
    assert bukti.dihapus_dt is not None
    with pytest.raises(NilaiTidakValid, match="sudah dihapus"):
        svc.hapus_bukti(subjek=dunia["subjek_a"], oleh=None, bukti=bukti, tahun=dunia["tahun"], now=NOW, zona=WITA)
