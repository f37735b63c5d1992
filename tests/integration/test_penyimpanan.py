"""The evidence store behind one interface (issue 18 item 2): the local directory and S3-compatible
object storage, the latter against a real server (SeaweedFS, tests/seaweedfs.py; no mock of S3).

Every test that takes ``backend`` runs on both backends; the S3 ones each get a bucket of their own.
"""

from __future__ import annotations

import io
import os
import time
import urllib.request
from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy import select

from portal_stub import create_app
from portal_stub.extensions import db
from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.models import AuditLog
from sipekerja_module.models import BuktiDukung
from sipekerja_module.models import Pengguna
from sipekerja_module.services import bukti as svc
from sipekerja_module.services import perencanaan
from sipekerja_module.services import referensi
from sipekerja_module.services import tindak_lanjut
from sipekerja_module.services.penyimpanan import BerkasTidakAda
from sipekerja_module.services.penyimpanan import PenyimpananGagal
from sipekerja_module.services.penyimpanan import PenyimpananLokal
from sipekerja_module.services.penyimpanan import penyimpanan
from tests import berkas_contoh as contoh
from tests import factories as f
from tests.conftest import _empty_tables
from tests.conftest import all_metadata
from tests.conftest import make_test_config
from tests.masuk import masuk

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2024, 2, 10, 9, tzinfo=WITA)
URL_UNGGAH = "/sipekerja/realisasi/bukti?tahun=2024"
PREFIX = "sipekerja/"


def _konfig_s3(server, bucket: str, **lain) -> dict:
    return {"SIPEKERJA_STORAGE_BACKEND": "s3", "SIPEKERJA_S3_ENDPOINT_URL": server.endpoint,
            "SIPEKERJA_S3_BUCKET": bucket, "SIPEKERJA_S3_ACCESS_KEY": "uji", "SIPEKERJA_S3_SECRET_KEY": "uji-rahasia",
            "SIPEKERJA_S3_REGION": "us-east-1", "SIPEKERJA_S3_PREFIX": "sipekerja", **lain}


@pytest.fixture(params=["lokal", "s3"])
def backend(request) -> str:
    return request.param


@pytest.fixture
def konfig(request, backend) -> dict:
    """Storage settings of the test's app: the default (``lokal``) or a fresh bucket."""
    if backend == "lokal":
        return {}
    server = request.getfixturevalue("seaweedfs")
    return _konfig_s3(server, server.bucket_baru())


@pytest.fixture
def app(database_url, _schema, tmp_path, konfig):
    app = create_app(make_test_config(database_url, tmp_path, **konfig))
    yield app
    with app.app_context():
        db.session.remove()
    _empty_tables(_schema)


@pytest.fixture
def dunia(app, session):
    """A unit's indicator of 2024 for service tests (objects of the test's ``session``)."""
    pd = f.create_perangkat_daerah()
    unit_a = f.create_unit(pd, "BKPSDM-PPIK", "Bidang PPIK")
    tahun = referensi.create_tahun(tahun=2024, zona=WITA, oleh=None)
    satuan = f.create_satuan()
    f.create_nomenklatur()
    sub_a = perencanaan.add_node(tahun=tahun, unit_kerja=unit_a, kode="5.03.02.2.01.0010", sasaran=None, oleh=None)
    ind = f.create_indikator(sub_a, satuan)
    session.commit()
    return {"tahun": tahun, "ind": ind, "subjek": Subjek(frozenset({Peran.BIDANG}), unit_a.id), "pd": pd}


@pytest.fixture
def web(app) -> dict:
    """The same for requests (no application context held open between them): ids only."""
    return _dunia_di(app)


def _di_toko(app, sha: str) -> bytes | None:
    """The stored bytes as the store itself holds them (a file on disk, or the object read with a
    boto3 client of its own), or None."""
    cfg = app.config
    if cfg.get("SIPEKERJA_STORAGE_BACKEND") != "s3":
        path = os.path.join(cfg["SIPEKERJA_STORAGE_DIR"], sha[:2], sha)
        if not os.path.exists(path):
            return None
        with open(path, "rb") as berkas:
            return berkas.read()
    import boto3
    client = boto3.client("s3", endpoint_url=cfg["SIPEKERJA_S3_ENDPOINT_URL"], region_name="us-east-1",
                          aws_access_key_id="uji", aws_secret_access_key="uji-rahasia")
    try:
        return client.get_object(Bucket=cfg["SIPEKERJA_S3_BUCKET"], Key=f"{PREFIX}{sha[:2]}/{sha}")["Body"].read()
    except client.exceptions.NoSuchKey:
        return None


def _klien(app, d, siapa="ppik"):
    client = app.test_client()
    with app.app_context():
        masuk(client, db.session.get(Pengguna, d[siapa]))
    return client


def _unggah_view(app, d, *berkas, siapa="ppik"):
    with app.app_context():
        f.buka_kembali(d["tahun"], 1)
    client = _klien(app, d, siapa)
    response = client.post(URL_UNGGAH, content_type="multipart/form-data", data={
        "indikator_id": str(d["ind"]), "bulan": "1", "berkas": [(io.BytesIO(data), nama) for nama, data in berkas]})
    return client, response


def _jumlah(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar_one()


# --- the interface ------------------------------------------------------------------------------


def test_both_backends_keep_a_file_under_its_content_hash_once(app, backend):
    data = contoh.pdf()
    with app.app_context():
        toko = penyimpanan()
        assert toko.nama == backend
        sha = svc.tulis_berkas(data)
        assert toko.exists(sha) and toko.get(sha) == data and toko.size(sha) == len(data)
        assert toko.put(sha, data) is False  # the same content again: kept, not written twice
        with toko.open(sha) as aliran:
            assert aliran.read() == data
        lain = "ab" + "0" * 62
        assert toko.put(lain, io.BytesIO(b"dari aliran")) is True  # a stream (restore) is read to its end
        assert list(toko.keys()) == sorted([sha, lain])
        toko.delete(lain)
        toko.delete(lain)  # a missing file is no error
        assert not toko.exists(lain) and list(toko.keys()) == [sha]
    assert _di_toko(app, sha) == data


def test_a_key_that_is_not_a_content_hash_never_reaches_the_store(app, backend):
    with app.app_context():
        for kunci in ("../../etc/passwd", "AB" + "0" * 62, "ab/" + "0" * 61, ""):
            with pytest.raises(ValueError):
                penyimpanan().put(kunci, b"x")


def test_both_backends_keep_named_objects_that_are_replaced_listed_and_deleted(app, backend):
    """The kabupaten report jobs' status and files (tugas.py): named, replaced whole, listed with
    their age, and never mistaken for content-addressed files."""
    sha = "cd" + "1" * 62
    mulai = time.time()
    with app.app_context():
        toko = penyimpanan()
        toko.put(sha, b"bukti")
        toko.put_named("laporan/" + "a" * 32 + "/meta.json", b'{"status": "antri"}')
        toko.put_named("laporan/" + "a" * 32 + "/meta.json", b'{"status": "siap"}')  # replaced whole
        toko.put_named("laporan/" + "a" * 32 + "/berkas.pdf", b"%PDF-1.4 laporan")
        toko.put_named("laporan/" + "b" * 32 + "/meta.json", b"{}")
        assert toko.get_named("laporan/" + "a" * 32 + "/meta.json") == b'{"status": "siap"}'
        with toko.open_named("laporan/" + "a" * 32 + "/berkas.pdf") as aliran:
            assert aliran.read() == b"%PDF-1.4 laporan"
        daftar = list(toko.list_named("laporan/"))
        assert [n for n, _ in daftar] == ["laporan/" + "a" * 32 + "/berkas.pdf", "laporan/" + "a" * 32 + "/meta.json",
                                          "laporan/" + "b" * 32 + "/meta.json"]
        assert all(mulai - 5 <= diubah <= time.time() + 5 for _, diubah in daftar)
        assert [n for n, _ in toko.list_named("laporan/" + "b" * 32 + "/")] == ["laporan/" + "b" * 32 + "/meta.json"]
        assert list(toko.keys()) == [sha]  # the content keys only
        toko.delete_named("laporan/" + "a" * 32 + "/berkas.pdf")
        toko.delete_named("laporan/" + "a" * 32 + "/berkas.pdf")  # a missing object is no error
        with pytest.raises(BerkasTidakAda):
            toko.get_named("laporan/" + "a" * 32 + "/berkas.pdf")
        with pytest.raises(BerkasTidakAda):
            toko.open_named("laporan/" + "c" * 32 + "/meta.json")
        assert len(list(toko.list_named("laporan/"))) == 2
        assert list(toko.list_named("lain/")) == []
        for nama in ("../etc/passwd", "laporan/../../x", "ab/" + "0" * 62, "laporan", "laporan/", "Laporan/x",
                     "laporan/.tersembunyi", "laporan/a b", "laporan/x\n", ""):
            with pytest.raises(ValueError):
                toko.put_named(nama, b"x")
        for awalan in ("laporan", "../", "ab/", ""):
            with pytest.raises(ValueError):
                list(toko.list_named(awalan))
    if backend == "s3":  # under the configured prefix, as any other object of the module
        cfg = app.config
        import boto3
        client = boto3.client("s3", endpoint_url=cfg["SIPEKERJA_S3_ENDPOINT_URL"], region_name="us-east-1",
                              aws_access_key_id="uji", aws_secret_access_key="uji-rahasia")
        isi = client.get_object(Bucket=cfg["SIPEKERJA_S3_BUCKET"], Key=f"{PREFIX}laporan/{'a' * 32}/meta.json")
        assert isi["Body"].read() == b'{"status": "siap"}'
    else:
        assert os.path.isfile(os.path.join(app.config["SIPEKERJA_STORAGE_DIR"], "laporan", "a" * 32, "meta.json"))


def test_a_refusing_s3_store_reports_named_objects_as_store_failures(app, seaweedfs):
    app.config.update(_konfig_s3(seaweedfs, "bucket-yang-tidak-ada"))
    with app.app_context():
        toko = penyimpanan()
        with pytest.raises(PenyimpananGagal):
            toko.put_named("laporan/" + "a" * 32 + "/meta.json", b"{}")
        with pytest.raises(PenyimpananGagal) as info:
            toko.get_named("laporan/" + "a" * 32 + "/meta.json")
        assert not isinstance(info.value, BerkasTidakAda)
        with pytest.raises(PenyimpananGagal):
            list(toko.list_named("laporan/"))


# --- uploads through the app --------------------------------------------------------------------


def test_an_upload_through_the_app_lands_in_the_store_and_downloads_identical(app, web, backend):
    pdf, png = contoh.pdf(), contoh.png()
    client, response = _unggah_view(app, web, ("sk kenaikan pangkat.pdf", pdf), ("foto kegiatan.png", png))
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.execute(select(BuktiDukung).order_by(BuktiDukung.id)).scalars().all()
        rows = [(r.id, r.sha256, r.nama_asli) for r in rows]
    assert [nama for _, _, nama in rows] == ["sk kenaikan pangkat.pdf", "foto kegiatan.png"]
    for (bukti_id, sha, _), data in zip(rows, (pdf, png)):
        assert _di_toko(app, sha) == data
        unduh = client.get(f"/sipekerja/realisasi/bukti/{bukti_id}")
        assert unduh.status_code == 200 and unduh.get_data() == data
        assert unduh.headers["Content-Length"] == str(len(data))
        assert unduh.headers["X-Content-Type-Options"] == "nosniff"
    pratinjau = client.get(f"/sipekerja/realisasi/bukti/{rows[0][0]}?pratinjau=1")
    assert pratinjau.headers["Content-Disposition"].startswith("inline") and pratinjau.get_data() == pdf
    assert pratinjau.mimetype == "application/pdf" and "sandbox" in pratinjau.headers["Content-Security-Policy"]


def test_another_units_account_cannot_download_from_the_store(app, web, backend):
    _, response = _unggah_view(app, web, ("sk.pdf", contoh.pdf()))
    assert response.status_code == 302
    with app.app_context():
        bukti_id = db.session.execute(select(BuktiDukung.id)).scalar_one()
    jawab = _klien(app, web, "mutasi").get(f"/sipekerja/realisasi/bukti/{bukti_id}")
    assert jawab.status_code in (403, 404) and jawab.get_data() != contoh.pdf()


def test_a_rolled_back_upload_leaves_no_file_in_the_store(app, session, dunia, backend):
    data = contoh.jpeg()
    bukti = svc.simpan_bukti(subjek=dunia["subjek"], oleh=None, indikator=dunia["ind"], tahun=dunia["tahun"],
                             bulan=1, nama_asli="foto.jpg", data=data, now=NOW, zona=WITA)
    sha = bukti.sha256
    assert _di_toko(app, sha) == data  # written before the row is committed
    session.rollback()  # e.g. a later write of the same request failed
    assert _di_toko(app, sha) is None
    assert _jumlah(app, BuktiDukung) == 0


def test_a_committed_upload_stays_and_a_failed_one_of_the_same_content_keeps_it(app, session, dunia, backend):
    data = contoh.png()
    kwargs = dict(subjek=dunia["subjek"], oleh=None, indikator=dunia["ind"], tahun=dunia["tahun"], bulan=1,
                  data=data, now=NOW, zona=WITA)
    sha = svc.simpan_bukti(nama_asli="a.png", **kwargs).sha256
    session.commit()
    svc.simpan_bukti(nama_asli="b.png", **kwargs)
    session.rollback()
    assert _di_toko(app, sha) == data


@pytest.mark.parametrize("backend", ["lokal"])
def test_an_orphan_the_store_cannot_delete_is_logged_and_the_rollback_still_completes(
        app, session, dunia, backend, monkeypatch, caplog):
    def tolak(self, kunci):
        raise PenyimpananGagal("Penyimpanan berkas tidak dapat dihapus (uji).")

    monkeypatch.setattr(PenyimpananLokal, "delete", tolak)
    bukti = svc.simpan_bukti(subjek=dunia["subjek"], oleh=None, indikator=dunia["ind"], tahun=dunia["tahun"],
                             bulan=1, nama_asli="foto.jpg", data=contoh.jpeg(), now=NOW, zona=WITA)
    sha = bukti.sha256
    with caplog.at_level("WARNING", logger="sipekerja_module.services.bukti"):
        session.rollback()
    assert _jumlah(app, BuktiDukung) == 0
    assert any(sha in r.getMessage() for r in caplog.records)


def test_the_minutes_of_a_meeting_share_the_store_and_the_rollback_rule(app, session, dunia, backend):
    utama = Subjek(frozenset({Peran.UTAMA}), None)
    rapat = tindak_lanjut.save_rapat(subjek=utama, perangkat_daerah=dunia["pd"], tahun=2024, triwulan=1,
                                     tanggal=date(2024, 4, 15), tempat="Aula BKPSDM", pimpinan_rapat="Kepala BKPSDM",
                                     peserta=None, now=NOW, zona=WITA, oleh=None)
    session.commit()
    pertama, kedua = contoh.pdf(), contoh.png()
    tindak_lanjut.simpan_notulen(subjek=utama, rapat=rapat, nama_asli="notulen.pdf", data=pertama, oleh=None)
    session.commit()
    sha_pertama = rapat.notulen_sha256
    tindak_lanjut.simpan_notulen(subjek=utama, rapat=rapat, nama_asli="notulen.png", data=kedua, oleh=None)
    sha_kedua = rapat.notulen_sha256
    assert _di_toko(app, sha_kedua) == kedua
    session.rollback()
    assert _di_toko(app, sha_kedua) is None and _di_toko(app, sha_pertama) == pertama


# --- a store that refuses ----------------------------------------------------------------------


@pytest.mark.parametrize("kegagalan", ["bucket dihapus", "server tidak menjawab"])
def test_a_store_that_refuses_the_write_gives_a_clear_message_and_writes_nothing(
        database_url, _schema, tmp_path, seaweedfs, kegagalan):
    bucket = seaweedfs.bucket_baru()
    konfig = _konfig_s3(seaweedfs, bucket)
    if kegagalan == "server tidak menjawab":
        from tests.seaweedfs import _port_bebas
        konfig["SIPEKERJA_S3_ENDPOINT_URL"] = f"http://127.0.0.1:{_port_bebas(1)[0]}"
    app = create_app(make_test_config(database_url, tmp_path, **konfig))
    try:
        d = _dunia_di(app)
        if kegagalan == "bucket dihapus":
            seaweedfs.client().delete_bucket(Bucket=bucket)
        _, response = _unggah_view(app, d, ("sk.pdf", contoh.pdf()), ("foto.png", contoh.png()))
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "Penyimpanan berkas menolak menyimpan berkas ini" in html and "tidak ada yang disimpan" in html
        assert _jumlah(app, BuktiDukung) == 0
        with app.app_context():
            aksi = db.session.execute(select(AuditLog.aksi)).scalars().all()
        assert "unggah_bukti" not in aksi
    finally:
        with app.app_context():
            db.session.remove()
        _empty_tables(_schema)


def _dunia_di(app) -> dict:
    with app.app_context():
        pd = f.create_perangkat_daerah()
        unit_a = f.create_unit(pd, "BKPSDM-PPIK", "Bidang PPIK")
        unit_b = f.create_unit(pd, "BKPSDM-MUTASI", "Bidang Mutasi")
        tahun = referensi.create_tahun(tahun=2024, zona=WITA, oleh=None)
        satuan = f.create_satuan()
        f.create_nomenklatur()
        sub_a = perencanaan.add_node(tahun=tahun, unit_kerja=unit_a, kode="5.03.02.2.01.0010", sasaran=None, oleh=None)
        ind = f.create_indikator(sub_a, satuan)
        ppik = f.create_pengguna("199001102014031004", ("bidang",), unit_a, "Operator PPIK")
        mutasi = f.create_pengguna("198811202012121005", ("bidang",), unit_b, "Operator Mutasi")
        db.session.commit()
        return {"tahun": tahun.id, "ind": ind.id, "ppik": ppik.id, "mutasi": mutasi.id}


def test_the_service_reports_a_refusing_store_as_a_rule_message(app, session, dunia, seaweedfs):
    app.config.update(_konfig_s3(seaweedfs, "bucket-yang-tidak-ada"))
    with pytest.raises(PenyimpananGagal, match="menolak menyimpan"):
        svc.simpan_bukti(subjek=dunia["subjek"], oleh=None, indikator=dunia["ind"], tahun=dunia["tahun"], bulan=1,
                         nama_asli="sk.pdf", data=contoh.pdf(), now=NOW, zona=WITA)


# --- presigned URLs -----------------------------------------------------------------------------


def test_a_presigned_url_is_given_only_after_the_same_checks_and_serves_the_same_bytes(
        database_url, _schema, tmp_path, seaweedfs):
    konfig = _konfig_s3(seaweedfs, seaweedfs.bucket_baru(), SIPEKERJA_S3_PRESIGNED_DETIK=60)
    app = create_app(make_test_config(database_url, tmp_path, **konfig))
    try:
        d = _dunia_di(app)
        data = contoh.pdf()
        client, response = _unggah_view(app, d, ("laporan triwulan.pdf", data))
        assert response.status_code == 302
        with app.app_context():
            bukti_id = db.session.execute(select(BuktiDukung.id)).scalar_one()
        jawab = client.get(f"/sipekerja/realisasi/bukti/{bukti_id}")
        assert jawab.status_code == 302 and jawab.headers["Location"].startswith(seaweedfs.endpoint)
        with urllib.request.urlopen(jawab.headers["Location"], timeout=10) as unduh:
            assert unduh.read() == data
            assert "attachment" in unduh.headers["Content-Disposition"]
            assert "laporan%20triwulan.pdf" in unduh.headers["Content-Disposition"]
        assert app.test_client().get(f"/sipekerja/realisasi/bukti/{bukti_id}").headers.get(
            "Location", "").startswith(seaweedfs.endpoint) is False  # signed out: no URL
    finally:
        with app.app_context():
            db.session.remove()
        _empty_tables(_schema)


# --- backup and restore -------------------------------------------------------------------------


def _app_baru(folder, **konfig):
    from sqlalchemy import create_engine
    folder.mkdir(parents=True, exist_ok=True)
    url = "sqlite:///" + str(folder / "sipekerja.db")
    app = create_app(make_test_config(url, folder, **konfig))
    engine = create_engine(url)
    for metadata in all_metadata():
        metadata.create_all(engine)
    engine.dispose()
    return app


def test_backup_reads_the_s3_store_and_restore_writes_another_bucket(tmp_path, seaweedfs):
    sumber = _app_baru(tmp_path / "sumber", **_konfig_s3(seaweedfs, seaweedfs.bucket_baru()))
    d = _dunia_di(sumber)
    berkas = {"sk.pdf": contoh.pdf(), "foto.png": contoh.png()}
    _, response = _unggah_view(sumber, d, *berkas.items())
    assert response.status_code == 302
    arsip = tmp_path / "cadangan.zip"
    hasil = sumber.test_cli_runner().invoke(args=["sipekerja", "backup", str(arsip)])
    assert hasil.exit_code == 0, hasil.output
    assert "2 berkas bukti dukung" in hasil.output

    tujuan_bucket = seaweedfs.bucket_baru()
    tujuan = _app_baru(tmp_path / "tujuan", **_konfig_s3(seaweedfs, tujuan_bucket))
    hasil = tujuan.test_cli_runner().invoke(args=["sipekerja", "restore", str(arsip)])
    assert hasil.exit_code == 0, hasil.output
    with tujuan.app_context():
        rows = db.session.execute(select(BuktiDukung.sha256, BuktiDukung.nama_asli)).all()
        assert {nama: penyimpanan().get(sha) for sha, nama in rows} == berkas
    for sha, _ in rows:
        assert _di_toko(tujuan, sha) is not None
    for app in (sumber, tujuan):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_restore_whose_store_refuses_writes_no_row(tmp_path, seaweedfs):
    sumber = _app_baru(tmp_path / "sumber", **_konfig_s3(seaweedfs, seaweedfs.bucket_baru()))
    d = _dunia_di(sumber)
    _unggah_view(sumber, d, ("sk.pdf", contoh.pdf()))
    arsip = tmp_path / "cadangan.zip"
    assert sumber.test_cli_runner().invoke(args=["sipekerja", "backup", str(arsip)]).exit_code == 0
    tujuan = _app_baru(tmp_path / "tujuan", **_konfig_s3(seaweedfs, "bucket-yang-tidak-ada"))
    hasil = tujuan.test_cli_runner().invoke(args=["sipekerja", "restore", str(arsip)])
    assert hasil.exit_code == 1 and "Penyimpanan berkas menolak menyimpan" in hasil.output
    assert _jumlah(tujuan, BuktiDukung) == 0
    for app in (sumber, tujuan):
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
