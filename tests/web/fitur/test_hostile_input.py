"""Hostile input on every form of the module and of the portal (issue 7, "Hostile input").

Each form is posted with hypothesis-drawn hostile values in one field at a time (the other
fields valid): very long strings, control characters and NUL bytes, wrong and huge number
formats, negative values, wrong dates, wrong ids. Every answer must be a 4xx, or a redirect
back with an Indonesian error flash, never a 500; the message is Indonesian; and the database
is exactly what it was (every row of every table, portal and module, hashed).

With CSRF protection on, every POST route of the module and the portal's POSTs are refused
without a token, and nothing changes.
"""

from __future__ import annotations

import hashlib
import io
import re
import string
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from portal_stub import akses as akses_service
from portal_stub import create_app
from portal_stub.extensions import db
from portal_stub.models import Pegawai
from sipekerja_module.models import AksiPK
from sipekerja_module.models import Base
from sipekerja_module.models import Indikator
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import IndikatorRenstra
from sipekerja_module.models import Jabatan
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import KeputusanRapat
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import PermintaanBuka
from sipekerja_module.models import RapatEvaluasi
from sipekerja_module.models import RealisasiKinerja
from sipekerja_module.models import RencanaAksi
from sipekerja_module.models import RencanaKerja
from sipekerja_module.models import Renstra
from sipekerja_module.models import StatusPeriodeUnit
from sipekerja_module.models import TemuanRapat
from tests import berkas_contoh as contoh
from tests import factories as f
from tests.conftest import jumlah_contoh
from tests.conftest import make_test_config
from tests.masuk import masuk

WITA = ZoneInfo("Asia/Makassar")
#: Examples per test; `.ci/run` draws a fraction of them on PostgreSQL and MariaDB (jumlah_contoh).
BATAS_CONTOH = settings(max_examples=jumlah_contoh(25), deadline=None, database=None,
                        suppress_health_check=[HealthCheck.function_scoped_fixture])
#: Per form of a parametrized test: fewer examples, the forms together still see hundreds.
BATAS_PER_FORMULIR = settings(BATAS_CONTOH, max_examples=jumlah_contoh(15))

# --- hostile values ------------------------------------------------------------------------

KENDALI = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f"]
_huruf = st.text(string.ascii_letters + " ", max_size=12)

#: Text fields: 10k characters, control characters, NUL bytes.
TEKS = st.one_of(
    st.sampled_from(["A" * 10_000, "é" * 10_000, "\x00", "Laporan\x00", "<b>\x07</b>", " \x1b[31m "]),
    st.builds(lambda a, k, b: a + k + b, _huruf, st.sampled_from(KENDALI), _huruf),
)
#: Number fields: wrong and huge formats, negatives, values the columns cannot store.
ANGKA = st.one_of(
    st.sampled_from(["1e999", "9" * 40, "1,2,3", "--1", "NaN", "Infinity", "-Infinity", "12.5", "0x1F",
                     "1_000", "∞", "-1", "-0,5", "9" * 17, "1,123456", "1.2.3", "١٢٣abc", "٣", "１２", "١٢,٥", "²"]),
    st.integers(max_value=-1).map(str),
    TEKS,
)
#: datetime-local fields.
TANGGAL = st.one_of(
    st.sampled_from(["2024-13-45T99:99", "2024-02-30T10:00", "9999-99-99T00:00", "0001-01-01T00:00",
                     "besok", "1e999", "-1", "2024-06-01T25:00", ""]),
    TEKS,
)
#: Ids in form fields and query strings.
ID = st.sampled_from(["-1", str(10**20), "abc", "1.5", "9" * 40, "1e3", "0x10", "999999", "٣", "１２"])
#: Choice fields.
PILIHAN = st.one_of(st.sampled_from(["", "bogus", "admin", "'; DROP TABLE x; --"]), TEKS)
#: A month of a target grid: a number, or a range; backwards, open-ended or negative ranges are
#: hostile too.
TARGET_BULAN = st.one_of(ANGKA, st.sampled_from(["90–80", "90 - 80", "–90", "80–", "80–90–100",
                                                 "-5 s.d. 10", "80 s/d -1"]))

KATA_ID = re.compile(r"\b(tidak|wajib|harus|bukan|paling|terlalu|belum|gunakan|pilih|hanya|sudah|salah|"
                     r"muat ulang|diisi|berkas|angka|karakter|permintaan|ditolak|ditemukan|kosong|dikenal|"
                     r"formulir|masa depan)\b", re.IGNORECASE)
_PESAN_GALAT = re.compile(
    r'<(?:div|p|li|td)[^>]*class="[^"]*(?:invalid-feedback|alert-danger|alert-warning|text-danger)[^"]*"[^>]*>'
    r"(.*?)</(?:div|p|li|td)>", re.DOTALL)


# --- database snapshot -----------------------------------------------------------------------


#: Sign-in records (issue 14): written by signing a test client in, not by the request under test.
TABEL_SESI = frozenset({"sipekerja_sesi_masuk", "simpadu_sesi"})


def potret(app) -> dict[str, tuple[int, str]]:
    """Count and hash every row of every table (module and portal) except the sign-in records."""
    hasil = {}
    with app.app_context():
        for metadata in (Base.metadata, db.metadata):
            for table in metadata.sorted_tables:
                if table.name in TABEL_SESI:
                    continue
                rows = sorted(repr(tuple(r)) for r in db.session.execute(select(table)).all())
                hasil[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        db.session.rollback()
    return hasil


def _flash_galat(client) -> list[str]:
    with client.session_transaction() as sess:
        flashes = sess.pop("_flashes", [])
    return [pesan for kategori, pesan in flashes if kategori in ("danger", "warning", "error")]


def assert_ditolak(app, client, response, sebelum, konteks=""):
    """A refusal: 4xx (or a redirect back with an Indonesian error flash), an Indonesian message,
    nothing written."""
    status = response.status_code
    assert status < 500, (konteks, status)
    if status in (302, 303):
        pesan = _flash_galat(client)
        assert pesan, (konteks, "redirect without an error message", response.headers.get("Location"))
    else:
        assert 400 <= status < 500, (konteks, status)
        html = response.get_data(as_text=True)
        pesan = [m for m in _PESAN_GALAT.findall(html)] + _flash_galat(client)
        assert pesan, (konteks, status, html[:300])
    assert any(KATA_ID.search(re.sub(r"<[^>]+>", " ", p)) for p in pesan), (konteks, pesan)
    sesudah = potret(app)
    berubah = {k for k in sebelum if sebelum[k] != sesudah[k]}
    assert not berubah, (konteks, berubah)


# --- forms -----------------------------------------------------------------------------------


@dataclass
class Formulir:
    """One form: where it posts, a valid submission, and the hostile strategy per field."""

    url: str
    dasar: dict
    medan: dict
    berkas: dict = field(default_factory=dict)


def _ids(app, model, **filters):
    with app.app_context():
        return db.session.execute(select(model.id).filter_by(**filters).order_by(model.id)).scalars().all()


def _lokal(dt: datetime) -> str:
    return dt.astimezone(WITA).strftime("%Y-%m-%dT%H:%M")


def _jendela_tw(app, demo, triwulan):
    with app.app_context():
        j = db.session.execute(select(JendelaInput).filter_by(tahun_id=demo.tahun, triwulan=triwulan)).scalar_one()
        return j.id, j.version, _lokal(j.dibuka_dt), _lokal(j.ditutup_dt)


def _buka_tw2(app, demo):
    with app.app_context():
        f.buka_kembali(demo.tahun, 2)


def _grid(versi, **nilai):
    return {**{f"b{b}": "" for b in range(1, 13)}, "versi": str(versi), **nilai}


def _admin_kabupaten(app):
    """A client signed in as the Admin Kabupaten (issue 18)."""
    with app.app_context():
        admin = f.create_pengguna("196804151994031010", ("admin_kabupaten",), None, "Admin Kabupaten")
        db.session.commit()
        client = app.test_client()
        masuk(client, admin)
    return client


def _formulir_kabupaten(nama: str, app, demo) -> tuple[object, Formulir]:
    """The Admin Kabupaten's forms: perangkat daerah, the default window, satuan and scale."""
    admin, ak = _admin_kabupaten(app), "/sipekerja/admin-kabupaten"
    if nama == "pd_kab":
        return admin, Formulir(f"{ak}/perangkat-daerah", {"kode": "DISDIK", "nama": "Dinas Pendidikan"},
                               {"kode": TEKS, "nama": TEKS})
    if nama == "pd_ubah_kab":
        with app.app_context():
            pd_id = db.session.get(Pengguna, demo.pengguna["utama"]).perangkat_daerah_id
        return admin, Formulir(f"{ak}/perangkat-daerah/{pd_id}", {"nama": "BKPSDM Baru", "aktif": "y"},
                               {"nama": TEKS})
    if nama == "jendela_kab":
        jid, versi, dibuka, ditutup = _jendela_tw(app, demo, 3)
        dasar = {"status": "dibuka_kembali", "versi": str(versi), "dibuka": dibuka, "ditutup": ditutup,
                 "sampai": _lokal(datetime.now(timezone.utc) + timedelta(days=3)), "alasan": "Perpanjangan"}
        return admin, Formulir(f"{ak}/jendela/{jid}", dasar,
                               {"status": PILIHAN, "versi": ID, "dibuka": TANGGAL, "ditutup": TANGGAL,
                                "sampai": TANGGAL.filter(bool), "alasan": TEKS})
    if nama == "satuan_kab":
        return admin, Formulir(f"{ak}/satuan", {"nama": "Satuan Kabupaten"}, {"nama": TEKS})
    if nama == "predikat_kab":
        dasar = {"nama": "Skala Kabupaten", "batas_bawah": ["0", "51", "66", "76", "91"],
                 "label": ["Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"],
                 "warna": ["dark", "danger", "warning", "primary", "success"]}
        return admin, Formulir(f"{ak}/predikat", {**dasar, "batas_rerata": "120"},
                               {"nama": TEKS, "batas_bawah": ANGKA, "label": TEKS,
                                "batas_rerata": st.one_of(ANGKA, st.sampled_from(["99", "1001", "0"])),
                                "warna": st.one_of(TEKS, PILIHAN.filter(bool))})
    raise AssertionError(nama)


def _siapkan(nama, app, demo, client_as):
    """Build the form ``nama``: returns (client, Formulir)."""
    if nama.endswith("_kab"):
        return _formulir_kabupaten(nama, app, demo)
    utama = client_as("utama")
    besok = _lokal(datetime.now(timezone.utc) + timedelta(days=3))
    if nama == "laporan_kabupaten":  # issue 18 item 3: the kabupaten report asked for as a job
        with app.app_context():
            sekda = Pengguna(issuer="http://portal.test", subject="196801011990031001", nip="196801011990031001",
                             nama="Sekretaris Daerah", peran=["pimpinan"])
            db.session.add(sekda)
            db.session.commit()
            kab = app.test_client()
            masuk(kab, sekda)
        return kab, Formulir("/sipekerja/kabupaten/laporan-pengukuran/minta?tahun=2024",
                             {"periode": "tw1", "ukuran": "A4", "format": "pdf"},
                             {"periode": PILIHAN, "ukuran": PILIHAN, "format": PILIHAN})
    if nama == "unit":
        return utama, Formulir("/sipekerja/referensi/unit", {"kode": "BARU-1", "nama": "Unit Baru", "jenis": "bidang",
                                                             "aktif": "y"},
                               {"kode": TEKS, "nama": TEKS, "jenis": PILIHAN})
    if nama == "unit_ubah":
        unit = demo.unit["BKPSDM-PPIK"]
        return utama, Formulir(f"/sipekerja/referensi/unit/{unit}", {"kode": "BKPSDM-PPIK", "nama": "PPIK Baru",
                                                                     "jenis": "bidang", "aktif": "y"},
                               {"kode": TEKS, "nama": TEKS, "jenis": PILIHAN})
    if nama == "tahun":
        return utama, Formulir("/sipekerja/referensi/tahun", {"tahun": "2031", "salin_dari": "0"},
                               {"tahun": st.one_of(ANGKA, ID), "salin_dari": ID})
    if nama == "satuan":
        return utama, Formulir("/sipekerja/referensi/satuan", {"nama": "Satuan Baru"}, {"nama": TEKS})
    if nama == "predikat":
        dasar = {"nama": "Skala Uji", "batas_bawah": ["0", "51", "66", "76", "91"],
                 "label": ["Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"],
                 "warna": ["dark", "danger", "warning", "primary", "success"]}
        return utama, Formulir("/sipekerja/referensi/predikat", {**dasar, "batas_rerata": "120"},
                               {"nama": TEKS, "batas_bawah": ANGKA, "label": TEKS,
                                # the cap of means and rankings: 100..1000 only
                                "batas_rerata": st.one_of(
                                    ANGKA, st.sampled_from(["99", "99,99", "1001", "0", "80–90"])),
                                "warna": st.one_of(TEKS, PILIHAN.filter(bool))})
    if nama == "jendela":
        jid, versi, dibuka, ditutup = _jendela_tw(app, demo, 3)
        dasar = {"status": "dibuka_kembali", "versi": str(versi), "dibuka": dibuka, "ditutup": ditutup,
                 "sampai": besok, "alasan": "Perpanjangan pelaporan"}
        return utama, Formulir(f"/sipekerja/referensi/jendela/{jid}", dasar,
                               {"status": PILIHAN, "versi": ID, "dibuka": TANGGAL, "ditutup": TANGGAL,
                                # an empty "sampai" is legitimate: reopened until the deadline
                                "sampai": TANGGAL.filter(bool), "alasan": TEKS})
    if nama == "jendela_unit":
        jid, *_ = _jendela_tw(app, demo, 1)
        dasar = {"unit_kerja_id": str(demo.unit["BKPSDM-PPIK"]), "sampai": besok, "alasan": "Susulan data"}
        return utama, Formulir(f"/sipekerja/referensi/jendela/{jid}/unit", dasar,
                               {"unit_kerja_id": ID, "sampai": TANGGAL, "alasan": TEKS})
    if nama == "kop":
        dasar = {"nama_daerah": "Kabupaten Paser", "nama_instansi": "BKPSDM", "alamat": "Jl. Sudirman 27",
                 "telepon": "(0543) 21021", "email": "bkpsdm@paserkab.go.id", "website": "bkpsdm.paserkab.go.id",
                 "tempat_ttd": "Tana Paser"}
        return utama, Formulir("/sipekerja/referensi/laporan/kop", dasar, {k: TEKS for k in dasar})
    if nama == "penandatangan":
        dasar = {"peran": "kepala", "nama": "Dr. Andi Pratama, M.Si.", "nip": "197504121998031008",
                 "jabatan": "Kepala Badan", "pangkat": "Pembina Utama Muda (IV/c)"}
        return utama, Formulir("/sipekerja/referensi/laporan/penandatangan", dasar,
                               {"peran": PILIHAN, "nama": TEKS, "nip": st.one_of(ANGKA, ID, TEKS), "jabatan": TEKS,
                                "pangkat": TEKS})
    if nama == "nomenklatur":
        return utama, Formulir("/sipekerja/referensi/nomenklatur/impor", {}, {},
                               {"berkas": ("nomenklatur.csv",
                                           "kode,level,nama\n5.03.02.2.01.0099,sub_kegiatan,Baru\n")})
    if nama == "sasaran":
        return utama, Formulir("/sipekerja/perencanaan/sasaran?tahun=2024", {"kode": "S9", "uraian": "Sasaran baru"},
                               {"kode": TEKS, "uraian": TEKS})
    if nama == "node":
        return utama, Formulir("/sipekerja/perencanaan/node?tahun=2024",
                               {"kode": "5.03.02.2.01.0011", "unit_kerja_id": str(demo.unit["BKPSDM-MUTASI"]),
                                "sasaran_id": "0"},
                               {"kode": st.one_of(TEKS, ANGKA), "unit_kerja_id": st.one_of(ID, st.just("0")),
                                "sasaran_id": ID})
    indikator_dasar = {"uraian": "Jumlah data diperbarui", "polaritas": "positif", "agregasi": "kumulatif",
                       "rumus_negatif": "selisih", "target": "12"}
    if nama == "indikator_baru":
        with app.app_context():
            satuan = db.session.get(Indikator, demo.ind["BKPSDM-PPIK"]).satuan_id
        dasar = {**indikator_dasar, "satuan_id": str(satuan), "induk": f"node:{demo.sub['BKPSDM-PPIK']}"}
        return client_as("ppik"), Formulir("/sipekerja/perencanaan/indikator/baru", dasar,
                                           {"uraian": TEKS, "satuan_id": ID, "polaritas": PILIHAN, "agregasi": PILIHAN,
                                            "rumus_negatif": PILIHAN, "target": ANGKA,
                                            "induk": st.one_of(ID.map(lambda i: f"node:{i}"), PILIHAN)})
    if nama == "indikator_ubah":
        ind = demo.ind["BKPSDM-PPIK"]
        with app.app_context():
            obj = db.session.get(Indikator, ind)
            dasar = {**indikator_dasar, "satuan_id": str(obj.satuan_id), "versi": str(obj.version),
                     "target": str(obj.target_tahunan).replace(".", ",")}
        return client_as("ppik"), Formulir(f"/sipekerja/perencanaan/indikator/{ind}", dasar,
                                           {"uraian": TEKS, "satuan_id": ID, "polaritas": PILIHAN, "target": ANGKA,
                                            "versi": ID})
    if nama == "target":
        ind = demo.ind["BKPSDM-PPIK"]
        with app.app_context():
            obj = db.session.get(Indikator, ind)
            versi, target = obj.version, str(obj.target_tahunan).replace(".", ",")
        medan = {f"b{b}": TARGET_BULAN for b in (1, 6, 12)}
        return client_as("ppik"), Formulir(f"/sipekerja/perencanaan/indikator/{ind}/target",
                                           _grid(versi, b12=target), {**medan, "versi": ID})
    if nama == "anggaran":
        sub = demo.sub["BKPSDM-PPIK"]
        with app.app_context():
            versi = db.session.get(NodeRencana, sub).version
        medan = {f"b{b}": ANGKA for b in (1, 12)}
        return client_as("ppik"), Formulir(f"/sipekerja/perencanaan/node/{sub}/anggaran",
                                           _grid(versi, pagu="1.000.000", b1="1.000"),
                                           {**medan, "pagu": ANGKA, "versi": ID})
    if nama == "buka":
        assert utama.post("/sipekerja/perencanaan/tetapkan?tahun=2024").status_code == 302
        _flash_galat(utama)
        return utama, Formulir("/sipekerja/perencanaan/buka?tahun=2024", {"alasan": "Revisi anggaran"},
                               {"alasan": TEKS})
    if nama in ("perubahan", "aturan_versi"):
        return utama, _formulir_versi(nama, app, demo, utama)
    if nama == "realisasi":
        _buka_tw2(app, demo)
        ppik = client_as("ppik")
        ind = _ids(app, Indikator, unit_kerja_id=demo.unit["BKPSDM-PPIK"])[:2]
        assert ppik.post("/sipekerja/realisasi/?bulan=6&tahun=2024", data={f"k-{ind[0]}-nilai": "1"}).status_code == 302
        _flash_galat(ppik)
        with app.app_context():
            versi = db.session.execute(select(RealisasiKinerja.version).filter_by(indikator_id=ind[0], bulan=6)) \
                .scalar_one()
        k0, k1, a0 = f"k-{ind[0]}", f"k-{ind[1]}", f"a-{demo.sub['BKPSDM-PPIK']}"
        dasar = {f"{k0}-nilai": "2", f"{k0}-versi": str(versi), f"{k0}-keterangan": "Sesuai jadwal",
                 f"{k1}-nilai": "3", f"{a0}-nilai": "1.000"}
        medan = {f"{k0}-nilai": ANGKA, f"{k1}-nilai": ANGKA, f"{a0}-nilai": ANGKA,
                 f"{k0}-versi": ID, f"{k0}-keterangan": TEKS,
                 f"{k1}-faktor_penghambat": TEKS, f"{a0}-tindak_lanjut": TEKS,
                 # "tidak ada realisasi": the box and its reason (issue 15)
                 f"{k1}-tanpa": PILIHAN, f"{k1}-alasan_tanpa": TEKS}
        return ppik, Formulir("/sipekerja/realisasi/?bulan=6&tahun=2024", dasar, medan)
    if nama == "realisasi_kunci":
        _buka_tw2(app, demo)
        # A made-up row key (with no valid row beside it) must not write or crash.
        return client_as("ppik"), Formulir("/sipekerja/realisasi/?bulan=6&tahun=2024", {},
                                           {"__kunci__": ID})
    if nama == "bukti":
        _buka_tw2(app, demo)
        ind = _ids(app, Indikator, unit_kerja_id=demo.unit["BKPSDM-PPIK"])[0]
        return client_as("ppik"), Formulir("/sipekerja/realisasi/bukti?tahun=2024",
                                           {"indikator_id": str(ind), "bulan": "6"},
                                           {"indikator_id": ID, "bulan": st.one_of(ID, st.sampled_from(["13", "-6"]))},
                                           {"berkas": ("sk.pdf", contoh.pdf())})
    if nama == "ajukan":
        _buka_tw2(app, demo)
        return client_as("ppik"), Formulir("/sipekerja/realisasi/ajukan?tahun=2024&bulan=6", {},
                                           {"?bulan": st.sampled_from(["13", "-1", "99", str(10**20), "9" * 40]),
                                            "?unit": st.sampled_from(["-1", "999999", str(10**20)])})
    if nama == "periksa":
        _buka_tw2(app, demo)
        ppik = client_as("ppik")
        semua = _ids(app, Indikator, unit_kerja_id=demo.unit["BKPSDM-PPIK"])
        # Ajukan means complete: every indicator of June (April and May come filled in the demo).
        ppik.post("/sipekerja/realisasi/?bulan=6&tahun=2024", data={f"k-{i}-nilai": "1" for i in semua})
        assert ppik.post("/sipekerja/realisasi/ajukan?bulan=6&tahun=2024").status_code == 302
        status_id = _ids(app, StatusPeriodeUnit, unit_kerja_id=demo.unit["BKPSDM-PPIK"], triwulan=2)[0]
        return utama, Formulir(f"/sipekerja/realisasi/pengecekan/{status_id}?tahun=2024",
                               {"aksi": "kembalikan", "alasan": "Lampirkan daftar hadir"},
                               {"aksi": PILIHAN, "alasan": TEKS})
    if nama == "permintaan_buka":
        # The demo year's windows have all closed: the valid form would create a request.
        return client_as("ppik"), Formulir("/sipekerja/permintaan-buka/?tahun=2024",
                                           {"triwulan": "2", "bulan": "5", "alasan": "Data Mei terlambat"},
                                           {"triwulan": st.one_of(ID, ANGKA), "bulan": st.one_of(ID, ANGKA),
                                            "alasan": TEKS})
    if nama == "jawab_permintaan":
        ppik = client_as("ppik")
        assert ppik.post("/sipekerja/permintaan-buka/?tahun=2024",
                         data={"triwulan": "2", "bulan": "5", "alasan": "Data Mei terlambat"}).status_code == 302
        _flash_galat(ppik)
        pid = _ids(app, PermintaanBuka)[0]
        return utama, Formulir(f"/sipekerja/permintaan-buka/{pid}/jawab",
                               {"aksi": "setujui", "versi": "1", "sampai": besok, "catatan": "Paling lambat Senin"},
                               {"aksi": PILIHAN, "versi": ID, "sampai": TANGGAL, "catatan": TEKS})
    if nama == "surel":
        return client_as("ppik"), Formulir("/sipekerja/notifikasi/surel", {"terima": "1"}, {"terima": PILIHAN})
    if nama.endswith("_pk") or nama.startswith("jabatan_pk"):
        return utama, _formulir_pk(nama, app)
    if nama.endswith("_tl"):
        return utama, _formulir_tl(nama, app)
    if "renstra" in nama:
        return utama, _formulir_renstra(nama, app)
    if nama.endswith("_ra"):
        return client_as("ppik"), _formulir_ra(nama, app)
    if nama == "token_api":
        # A valid form creates a token; every hostile name or date is refused and creates none.
        kedaluwarsa = st.one_of(st.sampled_from(["2024-13-45", "2024-02-30", "0001-01-01", "2000-01-01", "9999-12-31",
                                                 "2999-01-01", "besok", "1e999", "-1", "31-12-2099"]), TEKS)
        return client_as("ppik"), Formulir("/sipekerja/token-api/", {"nama": "Dasbor kinerja", "kedaluwarsa": ""},
                                           {"nama": TEKS, "kedaluwarsa": kedaluwarsa})
    raise AssertionError(nama)


def _formulir_renstra(nama: str, app) -> Formulir:
    """The Renstra forms (issue 16 item 5), on the demo's period 2021–2026 and its first indicator."""
    with app.app_context():
        renstra = db.session.execute(select(Renstra)).scalars().first()
        ind = db.session.execute(select(IndikatorRenstra).filter_by(renstra_id=renstra.id)
                                 .order_by(IndikatorRenstra.id)).scalars().first()
        periode = {"tahun_awal": "2027", "tahun_akhir": "2031", "nomor": "Peraturan Bupati Nomor 1 Tahun 2027"}
        medan_periode = {"tahun_awal": st.one_of(ANGKA, ID), "tahun_akhir": st.one_of(ANGKA, ID), "nomor": TEKS}
        indikator = {"sasaran": "Sasaran uji", "uraian": "Indikator uji", "satuan_id": str(ind.satuan_id),
                     "baseline": "10", "tahun_baseline": "2020", "target_akhir": "20",
                     **{f"target_{t}": str(10 + t - 2020) for t in range(2021, 2027)}}
        medan_indikator = {"sasaran": TEKS, "uraian": TEKS, "satuan_id": ID, "baseline": ANGKA,
                           "tahun_baseline": st.one_of(ANGKA, ID), "target_2023": ANGKA, "target_akhir": ANGKA}
        if nama == "renstra":
            return Formulir("/sipekerja/renstra/", periode, medan_periode)
        if nama == "renstra_ubah":
            return Formulir(f"/sipekerja/renstra/{renstra.id}", {**periode, "tahun_awal": "2021",
                                                                 "tahun_akhir": "2026", "versi": str(renstra.version)},
                            {**medan_periode, "versi": ID})
        if nama == "indikator_renstra":
            return Formulir(f"/sipekerja/renstra/{renstra.id}/indikator", indikator, medan_indikator)
        if nama == "indikator_ubah_renstra":
            return Formulir(f"/sipekerja/renstra/indikator/{ind.id}", {**indikator, "versi": str(ind.version)},
                            {**medan_indikator, "versi": ID})
    raise AssertionError(nama)


def _formulir_ra(nama: str, app) -> Formulir:
    """The Rencana Aksi forms (issue 16, item 4), on the demo's Kabid PPIK PK, as its unit."""
    with app.app_context():
        ind = db.session.execute(select(IndikatorPK).filter_by(uraian="Persentase Data Kepegawaian yang Mutakhir")
                                 ).scalar_one()
        versi = db.session.execute(select(RencanaAksi.version).filter_by(indikator_pk_id=ind.id)).scalar_one()
        aksi = db.session.execute(select(AksiPK).filter_by(indikator_pk_id=ind.id).order_by(AksiPK.id)
                                  ).scalars().first()
        aksi_id, versi_aksi = aksi.id, aksi.version
    teks_aksi = {"uraian": TEKS, "triwulan": st.one_of(ID, PILIHAN), "output": TEKS, "penanggung_jawab": TEKS}
    realisasi = {"tahun": st.one_of(ANGKA, ID), "triwulan": st.one_of(ID, PILIHAN), "keterangan": TEKS, "versi": ID}
    if nama == "target_ra":
        return Formulir(f"/sipekerja/rencana-aksi/indikator/{ind.id}/target",
                        {"tw1": "70", "tw2": "80", "tw3": "85", "tw4": "90", "agregasi": "", "versi": str(versi)},
                        {"tw1": ANGKA, "tw2": ANGKA, "tw3": ANGKA, "tw4": ANGKA, "agregasi": PILIHAN.filter(bool),
                         "versi": ID})
    if nama == "aksi_ra":
        return Formulir(f"/sipekerja/rencana-aksi/indikator/{ind.id}/aksi",
                        {"uraian": "Rekonsiliasi data", "triwulan": ["3", "4"], "output": "Berita acara",
                         "penanggung_jawab": "Subkoordinator SIK"}, teks_aksi)
    if nama == "aksi_ubah_ra":
        return Formulir(f"/sipekerja/rencana-aksi/aksi/{aksi_id}",
                        {"uraian": "Verifikasi data", "triwulan": ["1", "2"], "output": "", "penanggung_jawab": "",
                         "versi": str(versi_aksi)}, {**teks_aksi, "versi": ID})
    if nama == "realisasi_aksi_ra":
        return Formulir(f"/sipekerja/rencana-aksi/aksi/{aksi_id}/realisasi",
                        {"tahun": "2024", "triwulan": "3", "status": "terlaksana", "keterangan": "Selesai",
                         "tautan_bukti": "https://drive.example.go.id/bukti", "versi": "0"},
                        {**realisasi, "status": PILIHAN, "tautan_bukti": st.one_of(TEKS, st.sampled_from(
                            ["javascript:alert(1)", "file:///etc/passwd", "http://", "ftp://x.go.id/a", "//x.go.id"]))})
    if nama == "realisasi_indikator_ra":
        return Formulir(f"/sipekerja/rencana-aksi/indikator/{ind.id}/realisasi",
                        {"tahun": "2024", "triwulan": "3", "realisasi": "86,5", "keterangan": "Sesuai", "versi": "0"},
                        {**realisasi, "realisasi": ANGKA})
    raise AssertionError(nama)


def _formulir_versi(nama: str, app, demo, utama) -> Formulir:
    """Target versions (issue 17 item 1): a plan fixed in January 2024 whose TW IV window is reopened
    until the day after tomorrow (the year is open), so the base submission would be saved."""
    if nama == "aturan_versi":
        return Formulir("/sipekerja/perencanaan/perubahan/aturan?tahun=2024", {"aturan": "seluruh_tahun"},
                        {"aturan": PILIHAN})
    assert utama.post("/sipekerja/perencanaan/tetapkan?tahun=2024").status_code == 302
    _flash_galat(utama)
    with app.app_context():
        rencana = db.session.execute(select(RencanaKerja).filter_by(tahun_id=demo.tahun)).scalar_one()
        rencana.ditetapkan_dt = datetime(2024, 1, 15, tzinfo=timezone.utc)
        tw4 = db.session.execute(select(JendelaInput).filter_by(tahun_id=demo.tahun, triwulan=4)).scalar_one()
        tw4.status, tw4.dibuka_kembali_sampai_dt = "dibuka_kembali", datetime.now(timezone.utc) + timedelta(days=2)
        db.session.commit()
    return Formulir("/sipekerja/perencanaan/perubahan?tahun=2024",
                    {"tanggal": "2024-10-01", "dasar_hukum": "DPPA-P No. 1/2024", "berlaku_mulai_bulan": "10"},
                    {"tanggal": TANGGAL, "dasar_hukum": TEKS,
                     "berlaku_mulai_bulan": st.one_of(ANGKA, ID, st.sampled_from(["0", "13", "-1"]))})


def _formulir_pk(nama: str, app) -> Formulir:
    """The Perjanjian Kinerja forms (issue 16), on the demo's positions and PKs."""
    with app.app_context():
        kabid = db.session.execute(select(Jabatan).where(Jabatan.nama.startswith("Kepala Bidang Pengadaan"))
                                   ).scalar_one()
        pk = db.session.execute(select(PerjanjianKinerja).filter_by(jabatan_id=kabid.id)).scalar_one()
        ind = db.session.execute(select(IndikatorPK).filter_by(pk_id=pk.id).order_by(IndikatorPK.id)).scalars().first()
        indikator = {"sasaran_id": str(ind.sasaran_pk_id), "uraian": "Persentase layanan daring", "target": "90",
                     "satuan_id": str(ind.satuan_id), "indikator_id": "0", "induk_id": str(ind.induk_id)}
        jabatan = {"nama": "Kepala Sub Bidang Data", "parent_id": str(kabid.id), "unit_kerja_id": "0", "urutan": "3",
                   "pemegang_nama": "Rina Marlina", "pemegang_nip": "199003212015032004",
                   "pemegang_pangkat": "Penata (III/c)"}
        medan_jabatan = {"nama": TEKS, "parent_id": ID, "unit_kerja_id": ID, "urutan": st.one_of(ANGKA, ID),
                         "pemegang_nama": TEKS, "pemegang_nip": st.one_of(TEKS, ANGKA, ID),
                         "pemegang_pangkat": TEKS, "kepala_daerah_nama": TEKS}
        if nama == "jabatan_pk":
            return Formulir("/sipekerja/pk/jabatan?tahun=2024", jabatan, medan_jabatan)
        if nama == "jabatan_pk_ubah":
            dasar = {**jabatan, "nama": kabid.nama, "pemegang_nama": kabid.pemegang_nama,
                     "pemegang_nip": kabid.pemegang_nip, "versi": str(kabid.version),
                     "parent_id": str(kabid.parent_id)}
            return Formulir(f"/sipekerja/pk/jabatan/{kabid.id}", dasar, {**medan_jabatan, "versi": ID})
        if nama == "buat_pk":
            # A position with a holder and no PK yet: only a hostile date stands between it and a new PK.
            baru = Jabatan(perangkat_daerah_id=kabid.perangkat_daerah_id, tahun_id=kabid.tahun_id, parent_id=kabid.id,
                           nama="Subkoordinator Uji", pemegang_nama="Rina", pemegang_nip="199003212015032004")
            db.session.add(baru)
            db.session.commit()
            return Formulir(f"/sipekerja/pk/jabatan/{baru.id}/pk", {"tanggal": "2024-01-31"},
                            {"tanggal": TANGGAL.filter(bool)})
        if nama == "sasaran_pk":
            return Formulir(f"/sipekerja/pk/{pk.id}/sasaran", {"uraian": "Sasaran baru"}, {"uraian": TEKS})
        if nama == "indikator_pk":
            return Formulir(f"/sipekerja/pk/{pk.id}/indikator", indikator,
                            {"sasaran_id": ID, "uraian": TEKS, "satuan_id": ID, "target": ANGKA, "indikator_id": ID,
                             "induk_id": ID})
        if nama == "indikator_ubah_pk":
            return Formulir(f"/sipekerja/pk/indikator/{ind.id}", {**indikator, "versi": str(ind.version)},
                            {"versi": ID, "target": ANGKA, "induk_id": ID, "uraian": TEKS})
        if nama == "program_pk":
            return Formulir(f"/sipekerja/pk/{pk.id}/program", {"node_id": "0", "uraian": "Kegiatan uji",
                                                                "anggaran": "1.000.000", "keterangan": "APBD"},
                            {"node_id": ID, "uraian": TEKS, "anggaran": ANGKA, "keterangan": TEKS})
    raise AssertionError(nama)


#: Date fields (``type="date"``): impossible dates, years no meeting has, words; a valid far date is
#: not hostile, so none is drawn.
TANGGAL_HARI = st.one_of(st.sampled_from(["2024-13-45", "2024-02-30", "0001-01-01", "besok", "1e999", "-1", "",
                                          "2024-06-01T10:00", "٢٠٢٤-٠٦-٠١"]), TEKS)


def _formulir_tl(nama: str, app) -> Formulir:
    """The tindak lanjut forms (issue 16, item 7), on the demo's Triwulan I meeting."""
    with app.app_context():
        rapat = db.session.execute(select(RapatEvaluasi).filter_by(triwulan=1)).scalar_one()
        temuan = db.session.execute(select(TemuanRapat).filter_by(rapat_id=rapat.id)).scalars().first()
        keputusan = db.session.execute(select(KeputusanRapat).filter_by(rapat_id=rapat.id, status="belum")
                                       ).scalars().first()
        unit = str(keputusan.unit_kerja_id)
        data_rapat = {"tanggal": "2024-05-08", "tempat": "Aula", "pimpinan_rapat": "Kepala", "peserta": "Kepala"}
        medan_rapat = {"tanggal": TANGGAL_HARI, "tempat": TEKS, "pimpinan_rapat": TEKS, "peserta": TEKS}
        data_keputusan = {"jenis": "reward", "uraian": "Penghargaan", "unit_kerja_id": unit, "penanggung_jawab": "",
                          "batas_waktu": "2024-06-30", "temuan_id": str(temuan.id)}
        medan_keputusan = {"jenis": PILIHAN, "uraian": TEKS, "unit_kerja_id": ID, "penanggung_jawab": TEKS,
                           "batas_waktu": TANGGAL_HARI, "temuan_id": ID}
        data_temuan = {"unit_kerja_id": unit, "indikator_id": "0", "uraian": "Temuan baru"}
        medan_temuan = {"unit_kerja_id": ID, "indikator_id": ID, "uraian": TEKS}
        if nama == "rapat_tl":
            return Formulir("/sipekerja/tindak-lanjut/rapat?tahun=2024",
                            {**data_rapat, "tahun": "2024", "triwulan": "3", "tanggal": "2024-11-05"},
                            {**medan_rapat, "tahun": ANGKA, "triwulan": PILIHAN})
        if nama == "rapat_ubah_tl":
            return Formulir(f"/sipekerja/tindak-lanjut/rapat/{rapat.id}", {**data_rapat, "versi": str(rapat.version)},
                            {**medan_rapat, "versi": ID})
        if nama == "temuan_tl":
            return Formulir(f"/sipekerja/tindak-lanjut/rapat/{rapat.id}/temuan", data_temuan, medan_temuan)
        if nama == "temuan_ubah_tl":
            return Formulir(f"/sipekerja/tindak-lanjut/temuan/{temuan.id}",
                            {**data_temuan, "versi": str(temuan.version)}, {**medan_temuan, "versi": ID})
        if nama == "keputusan_tl":
            return Formulir(f"/sipekerja/tindak-lanjut/rapat/{rapat.id}/keputusan", data_keputusan, medan_keputusan)
        if nama == "keputusan_ubah_tl":
            return Formulir(f"/sipekerja/tindak-lanjut/keputusan/{keputusan.id}",
                            {**data_keputusan, "versi": str(keputusan.version)}, {**medan_keputusan, "versi": ID})
        if nama == "status_tl":
            return Formulir(f"/sipekerja/tindak-lanjut/keputusan/{keputusan.id}/status",
                            {"status": "dalam_proses", "catatan": "Sedang disusun", "versi": str(keputusan.version)},
                            {"status": PILIHAN, "catatan": TEKS, "versi": ID})
    raise AssertionError(nama)


FORMULIR_MODUL = ["unit", "unit_ubah", "tahun", "satuan", "predikat", "jendela", "jendela_unit", "kop", "penandatangan",
                  "sasaran", "node",
                  "indikator_baru", "indikator_ubah", "target", "anggaran", "buka", "realisasi", "realisasi_kunci",
                  "bukti", "ajukan", "periksa", "jabatan_pk", "jabatan_pk_ubah", "buat_pk", "sasaran_pk",
                  "indikator_pk", "indikator_ubah_pk", "program_pk", "rapat_tl", "rapat_ubah_tl", "temuan_tl",
                  "temuan_ubah_tl", "keputusan_tl", "keputusan_ubah_tl", "status_tl", "renstra", "renstra_ubah",
                  "indikator_renstra", "indikator_ubah_renstra", "target_ra", "aksi_ra", "aksi_ubah_ra",
                  "realisasi_aksi_ra", "realisasi_indikator_ra", "perubahan", "aturan_versi", "token_api",
                  "permintaan_buka", "jawab_permintaan", "surel", "laporan_kabupaten",
                  "pd_kab", "pd_ubah_kab", "jendela_kab", "satuan_kab", "predikat_kab"]


def _kirim(client, formulir: Formulir, nama_medan: str, nilai: str):
    url, data = formulir.url, dict(formulir.dasar)
    if nama_medan.startswith("?"):
        kunci = nama_medan[1:]
        url = re.sub(rf"([?&]){kunci}=[^&]*", "", url)
        url += ("&" if "?" in url else "?") + f"{kunci}={nilai}"
    elif nama_medan == "__kunci__":
        data[f"k-{nilai}-nilai"] = "1"
    elif isinstance(data.get(nama_medan), list):
        data[nama_medan] = [nilai, *data[nama_medan][1:]]
    else:
        data[nama_medan] = nilai
    for kunci, (nama_berkas, isi) in formulir.berkas.items():
        data[kunci] = (io.BytesIO(isi if isinstance(isi, bytes) else isi.encode()), nama_berkas)
    return client.post(url, data=data, content_type="multipart/form-data" if formulir.berkas else None)


@pytest.fixture(params=FORMULIR_MODUL)
def formulir_modul(request, app, demo, client_as):
    client, formulir = _siapkan(request.param, app, demo, client_as)
    return request.param, client, formulir


@BATAS_PER_FORMULIR
@given(data=st.data())
def test_module_form_refuses_hostile_values_and_writes_nothing(app, formulir_modul, data):
    nama, client, formulir = formulir_modul
    sebelum = potret(app)
    nama_medan = data.draw(st.sampled_from(sorted(formulir.medan)), label="medan")
    nilai = data.draw(formulir.medan[nama_medan], label="nilai")
    response = _kirim(client, formulir, nama_medan, nilai)
    assert_ditolak(app, client, response, sebelum, (nama, nama_medan, nilai[:60]))


def test_every_module_form_is_fuzzed(app):
    """A new POST form of the module needs an entry in FORMULIR_MODUL (or here, with a reason)."""
    tanpa_medan = {
        # Button-only forms: only their ids can be hostile (test_huge_and_unknown_ids_in_the_path).
        "sipekerja.perencanaan.hapus_node", "sipekerja.perencanaan.tetapkan", "sipekerja.realisasi.hapus_bukti",
        "sipekerja.auth.logout", "sipekerja.pk.hapus_indikator", "sipekerja.pk.hapus_program",
        "sipekerja.tindak_lanjut.hapus_temuan", "sipekerja.tindak_lanjut.hapus_keputusan",
        "sipekerja.renstra.hapus_indikator",
        "sipekerja.rencana_aksi.hapus_aksi",
        "sipekerja.token_api.cabut",
        # Mark read: only the id (and the "open" button, which follows module paths only) is sent.
        "sipekerja.notifikasi.baca", "sipekerja.notifikasi.baca_semua",
        "sipekerja.referensi.kembalikan_jendela", "sipekerja.referensi.kembalikan_predikat",
        # The one-agency first step: the same form and service as admin_kabupaten.tambah_pd (fuzzed
        # as "pd_kab"), refused with 403 as soon as an agency exists.
        "sipekerja.referensi.tambah_perangkat_daerah",
        # Covered by their own hostile-file tests below.
        "sipekerja.referensi.impor_nomenklatur", "sipekerja.perencanaan.unggah_xlsx",
        "sipekerja.tindak_lanjut.unggah_notulen",
    }
    dicakup = {
        "sipekerja.referensi.simpan_unit", "sipekerja.referensi.tambah_tahun", "sipekerja.referensi.tambah_satuan",
        "sipekerja.referensi.simpan_predikat", "sipekerja.referensi.ubah_jendela",
        "sipekerja.referensi.buka_untuk_unit", "sipekerja.referensi.simpan_kop",
        "sipekerja.referensi.simpan_penandatangan", "sipekerja.perencanaan.tambah_sasaran",
        "sipekerja.perencanaan.tambah_node", "sipekerja.perencanaan.indikator", "sipekerja.perencanaan.target",
        "sipekerja.perencanaan.anggaran", "sipekerja.perencanaan.buka", "sipekerja.perencanaan.buat_perubahan",
        "sipekerja.perencanaan.aturan_versi", "sipekerja.realisasi.simpan",
        "sipekerja.realisasi.unggah_bukti", "sipekerja.realisasi.ajukan", "sipekerja.realisasi.periksa",
        "sipekerja.pk.simpan_jabatan", "sipekerja.pk.buat_pk", "sipekerja.pk.tambah_sasaran",
        "sipekerja.pk.tambah_indikator", "sipekerja.pk.simpan_indikator", "sipekerja.pk.tambah_program",
        "sipekerja.tindak_lanjut.simpan_rapat", "sipekerja.tindak_lanjut.simpan_temuan",
        "sipekerja.tindak_lanjut.simpan_keputusan", "sipekerja.tindak_lanjut.ubah_status",
        "sipekerja.renstra.simpan_renstra", "sipekerja.renstra.tambah_indikator", "sipekerja.renstra.simpan_indikator",
        "sipekerja.rencana_aksi.simpan_target", "sipekerja.rencana_aksi.tambah_aksi",
        "sipekerja.rencana_aksi.ubah_aksi", "sipekerja.rencana_aksi.realisasi_aksi",
        "sipekerja.rencana_aksi.realisasi_indikator", "sipekerja.kabupaten.minta_laporan",
        "sipekerja.token_api.buat",
        "sipekerja.permintaan_buka.ajukan", "sipekerja.permintaan_buka.jawab", "sipekerja.notifikasi.surel",
        "sipekerja.admin_kabupaten.tambah_pd", "sipekerja.admin_kabupaten.ubah_pd",
        "sipekerja.admin_kabupaten.ubah_jendela", "sipekerja.admin_kabupaten.tambah_satuan",
        "sipekerja.admin_kabupaten.simpan_predikat",
    }
    post = {r.endpoint for r in app.url_map.iter_rules()
            if "POST" in r.methods and r.endpoint.startswith("sipekerja.") and r.endpoint != "sipekerja.auth.callback"}
    assert post - dicakup - tanpa_medan == set()


# --- hostile files ---------------------------------------------------------------------------

CSV_JAHAT = st.one_of(
    st.builds(lambda nama: f"kode,level,nama\n5.03.02.2.01.0099,sub_kegiatan,{nama}\n", TEKS),
    st.builds(lambda kode: f"kode,level,nama\n{kode},,Baru\n", st.one_of(TEKS, ANGKA, ID)),
    st.builds(lambda level: f"kode,level,nama\n5.03.02.2.01.0099,{level},Baru\n", PILIHAN.filter(str.strip)),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.sampled_from(["", "\x00\x00\x00", "kode;nama\n1;2\n", '"' * 10_001, "kode,nama\n" + "x\x00," * 5000 + "\n",
                     "\ufeffkode,level,nama\n5.03.02.2.01.0099,sub_kegiatan,\"tanpa tutup\n5.03.02.2.01.0098,,Lain\n"]),
)


@BATAS_CONTOH
@given(isi=CSV_JAHAT, nama_berkas=st.sampled_from(["n.csv", "n.xlsx", "n.exe", "n", "../../n.csv", "n\x00.csv"]))
def test_nomenclature_import_refuses_hostile_files(app, demo, client_as, isi, nama_berkas):
    client = client_as("utama")
    sebelum = potret(app)
    response = client.post("/sipekerja/referensi/nomenklatur/impor", content_type="multipart/form-data",
                           data={"berkas": (io.BytesIO(isi.encode("utf-8", "surrogatepass")), nama_berkas)})
    assert_ditolak(app, client, response, sebelum, (isi[:60], nama_berkas))


@pytest.fixture
def templat_xlsx(app, demo, client_as):
    client = client_as("ppik")
    response = client.get("/sipekerja/perencanaan/xlsx?tahun=2024")
    assert response.status_code == 200
    return client, response.data


SEL_JAHAT = st.one_of(
    ANGKA.filter(lambda s: not any(k in s for k in KENDALI)),
    st.sampled_from([-1, -0.5, 1e300, 10**20, -(10**20), True]),
)


@BATAS_CONTOH
@given(data=st.data())
def test_target_spreadsheet_refuses_hostile_cells_and_files(app, templat_xlsx, data):
    client, templat = templat_xlsx
    sebelum = potret(app)
    jenis = data.draw(st.sampled_from(["sel", "id", "berkas"]), label="jenis")
    if jenis == "berkas":
        isi = data.draw(st.one_of(st.binary(max_size=300), st.sampled_from([contoh.zip_biasa(), contoh.docx(),
                                                                          contoh.xlsx(), contoh.pdf(), b""])))
    else:
        buku = load_workbook(io.BytesIO(templat))
        kinerja = data.draw(st.booleans(), label="kinerja")
        lembar = buku["Target Kinerja"] if kinerja else buku["Target Anggaran"]
        if jenis == "sel":
            # the number columns: the twelve months (and the pagu on the budget sheet)
            kolom = data.draw(st.integers(min_value=9 if kinerja else 5, max_value=lembar.max_column), label="kolom")
            lembar.cell(row=3, column=kolom, value=data.draw(SEL_JAHAT, label="nilai"))
        else:
            lembar.cell(row=3, column=data.draw(st.sampled_from([1, 2])),
                        value=data.draw(st.one_of(ID, st.sampled_from([-1, 10**20, 1.5, "x"]))))
            lembar.cell(row=3, column=lembar.max_column, value=1)  # a change, so the row is checked
        out = io.BytesIO()
        buku.save(out)
        isi = out.getvalue()
    nama_berkas = data.draw(st.sampled_from(["t.xlsx", "t.XLSX", "t.exe", "t.xlsx\x00.exe"]), label="nama")
    response = client.post("/sipekerja/perencanaan/xlsx?tahun=2024", content_type="multipart/form-data",
                           data={"berkas": (io.BytesIO(isi), nama_berkas)})
    assert_ditolak(app, client, response, sebelum, (jenis, nama_berkas))


@BATAS_CONTOH
@given(nama_berkas=st.one_of(TEKS.map(lambda t: t + ".pdf"),
                            st.sampled_from(["a" * 300 + ".pdf", ".pdf", "x.pdf.exe"])),
       isi=st.one_of(st.binary(max_size=200), st.sampled_from([contoh.exe(), contoh.zip_biasa(), b""])))
def test_evidence_upload_refuses_hostile_names_and_contents(app, demo, client_as, nama_berkas, isi):
    _buka_tw2(app, demo)
    client = client_as("ppik")
    ind = _ids(app, Indikator, unit_kerja_id=demo.unit["BKPSDM-PPIK"])[0]
    sebelum, berkas_sebelum = potret(app), _files(app)  # the demo stores its own Triwulan I evidence
    data_berkas = isi if not nama_berkas.startswith(("a" * 300, "x.pdf")) else contoh.pdf()
    response = client.post("/sipekerja/realisasi/bukti?tahun=2024", content_type="multipart/form-data",
                           data={"indikator_id": str(ind), "bulan": "6",
                                 "berkas": (io.BytesIO(data_berkas), nama_berkas)})
    assert_ditolak(app, client, response, sebelum, nama_berkas[:60])
    assert _files(app) == berkas_sebelum, "a refused upload left a file behind"


@BATAS_CONTOH
@given(nama_berkas=st.one_of(TEKS.map(lambda t: t + ".pdf"),
                            st.sampled_from(["a" * 300 + ".pdf", ".pdf", "x.pdf.exe", "notulen.xlsx", "n.docx"])),
       isi=st.one_of(st.binary(max_size=200), st.sampled_from([contoh.exe(), contoh.zip_biasa(), contoh.xlsx(), b""])))
def test_minutes_upload_refuses_hostile_names_and_contents(app, demo, client_as, nama_berkas, isi):
    client = client_as("utama")
    rapat = _ids(app, RapatEvaluasi, triwulan=1)[0]
    sebelum, berkas_sebelum = potret(app), _files(app)
    data_berkas = isi if not nama_berkas.startswith(("a" * 300, "x.pdf")) else contoh.pdf()
    response = client.post(f"/sipekerja/tindak-lanjut/rapat/{rapat}/notulen", content_type="multipart/form-data",
                           data={"berkas": (io.BytesIO(data_berkas), nama_berkas)})
    assert_ditolak(app, client, response, sebelum, nama_berkas[:60])
    assert _files(app) == berkas_sebelum, "a refused upload left a file behind"


def _files(app):
    import os

    root = app.config["SIPEKERJA_STORAGE_DIR"]
    return [n for _, _, names in os.walk(root) for n in names]


# --- ids in the path and the query -----------------------------------------------------------


def _rute_id(app):
    """Every module route with an int path parameter."""
    return [(metode, rule) for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("sipekerja.") and "<int:" in rule.rule
            for metode in sorted(rule.methods & {"GET", "POST"})]


@pytest.mark.parametrize("nilai", [str(10**20), "9" * 40, str(2**63)])
def test_huge_ids_in_path_and_query_are_404_not_500(app, demo, client_as, nilai):
    client = client_as("utama")
    sebelum = potret(app)
    diperiksa = 0
    for metode, rule in _rute_id(app):
        url = re.sub(r"<[^>]+>", "Indikator", re.sub(r"<int:\w+>", nilai, rule.rule))
        response = getattr(client, metode.lower())(url)
        assert response.status_code in (400, 403, 404), (metode, url, response.status_code)
        diperiksa += 1
    assert diperiksa >= 10
    for url in ("/sipekerja/perencanaan/?tahun={n}", "/sipekerja/realisasi/?unit={n}&bulan=6&tahun=2024",
                "/sipekerja/realisasi/?bulan={n}", "/sipekerja/realisasi/pengecekan?unit={n}&triwulan={n}",
                "/sipekerja/perencanaan/xlsx?unit={n}", "/sipekerja/perencanaan/?unit={n}&tahun=2024",
                "/sipekerja/pengukuran/?tingkat={n}", "/sipekerja/laporan/pengukuran/pdf?tingkat={n}"):
        response = client.get(url.format(n=nilai))
        assert 400 <= response.status_code < 500, (url, response.status_code)
    for url, data in (("/sipekerja/realisasi/bukti?tahun=2024", {"indikator_id": nilai, "bulan": "6"}),
                      ("/sipekerja/realisasi/?bulan=6&tahun=2024", {f"k-{nilai}-nilai": "1"}),
                      ("/sipekerja/realisasi/?bulan=6&tahun=2024", {f"a-{nilai}-nilai": "1"}),
                      (f"/sipekerja/referensi/jendela/{_jendela_tw(app, demo, 1)[0]}/unit",
                       {"unit_kerja_id": nilai, "sampai": "2099-01-01T00:00", "alasan": "x"}),
                      ("/sipekerja/perencanaan/xlsx?tahun=2024&unit=" + nilai, {})):
        response = client.post(url, data=data)
        assert 400 <= response.status_code < 500, (url, data, response.status_code)
    assert potret(app) == sebelum


# --- the portal's forms ----------------------------------------------------------------------

ADMIN_NIP, PASSWORD = "198501012010011001", "kata-sandi-uji-123"


@pytest.fixture
def portal_admin(app):
    """A portal admin signed in to the portal, and a pegawai without a role to act on."""
    app.config["SIMPADU_LOGIN_RATE_LIMIT"] = "10000 per minute"
    with app.app_context():
        akses_service.tambah_pegawai(nip=ADMIN_NIP, nama="Admin Portal", jabatan="Admin", unit_kode="BKPSDM",
                                     password=PASSWORD, is_admin=True, oleh=None)
        target = akses_service.tambah_pegawai(nip="199508172019031009", nama="Pegawai Tanpa Akses", jabatan="Staf",
                                              unit_kode="BKPSDM-MUTASI", password=PASSWORD, oleh=None)
        ber_akses = akses_service.tambah_pegawai(nip="199001102014031004", nama="Operator PPIK", jabatan="Staf",
                                                 unit_kode="BKPSDM-PPIK", password=PASSWORD, oleh=None)
        akses_service.beri_akses(pegawai=ber_akses, modul="sipekerja", peran="bidang", unit_kode="BKPSDM-PPIK",
                                 oleh=None)
        db.session.commit()
        target_id, ber_akses_id = target.id, ber_akses.id
    client = app.test_client()
    assert client.post("/login", data={"nip": ADMIN_NIP, "password": PASSWORD}).status_code == 302
    _flash_galat(client)
    with client.session_transaction() as sess:
        sess.pop("_flashes", None)
    return client, target_id, ber_akses_id


PORTAL = {
    "login": ("/login", {"nip": ADMIN_NIP, "password": "salah-tapi-panjang"},
              {"nip": st.one_of(TEKS, ID, ANGKA), "password": st.one_of(TEKS, st.just(""))}),
    "tambah_pegawai": ("/admin/akses/pegawai",
                       {"nip": "199306242015072011", "nama": "Pegawai Baru", "jabatan": "Staf",
                        "unit_kode": "BKPSDM-PPIK", "password": "rahasia-awal-1"},
                       {"nip": st.one_of(TEKS, ID, ANGKA), "nama": TEKS, "jabatan": TEKS, "unit_kode": TEKS}),
    "beri": ("/admin/akses/{target}/beri", {"peran": "bidang", "unit_kode": "BKPSDM-PPIK"},
             {"peran": PILIHAN, "unit_kode": TEKS}),
}


@pytest.mark.parametrize("nama", sorted(PORTAL))
@BATAS_PER_FORMULIR
@given(data=st.data())
def test_portal_form_refuses_hostile_values_and_writes_nothing(app, portal_admin, nama, data):
    admin, target, _ = portal_admin
    url, dasar, medan = PORTAL[nama]
    client = app.test_client() if nama == "login" else admin
    sebelum = potret(app)
    nama_medan = data.draw(st.sampled_from(sorted(medan)), label="medan")
    nilai = data.draw(medan[nama_medan], label="nilai")
    response = client.post(url.format(target=target), data={**dasar, nama_medan: nilai})
    assert response.status_code != 302 or nama != "login", "a hostile sign-in succeeded"
    assert_ditolak(app, client, response, sebelum, (nama, nama_medan, nilai[:60]))


@pytest.mark.parametrize("nilai", ["0", str(10**20), "9" * 40])
def test_portal_admin_unknown_and_huge_ids_are_404(app, portal_admin, nilai):
    admin, _, _ = portal_admin
    sebelum = potret(app)
    for aksi in ("beri", "cabut"):
        response = admin.post(f"/admin/akses/{nilai}/{aksi}", data={"peran": "utama"})
        assert response.status_code == 404, (aksi, response.status_code)
        assert "tidak ada" in response.get_data(as_text=True)
    assert potret(app) == sebelum


# --- CSRF --------------------------------------------------------------------------------------


@pytest.fixture
def csrf_app(app, database_url, tmp_path, demo):
    """The same database with CSRF protection on (the default test config turns it off)."""
    return create_app(make_test_config(database_url, tmp_path, WTF_CSRF_ENABLED=True))


def _isi_url(rule, demo, app) -> str:
    nilai = {"unit_id": demo.unit["BKPSDM-PPIK"], "jendela_id": _jendela_tw(app, demo, 1)[0],
             "indikator_id": demo.ind["BKPSDM-PPIK"], "node_id": demo.sub["BKPSDM-PPIK"],
             "status_id": _ids(app, StatusPeriodeUnit)[0], "bukti_id": 1, "objek_id": demo.ind["BKPSDM-PPIK"],
             "tipe": "Indikator", "pegawai_id": 1, "jabatan_id": 1, "pk_id": 1, "program_id": 1,
             "rapat_id": 1, "temuan_id": 1, "keputusan_id": 1, "renstra_id": 1, "aksi_id": 1,
             "token_id": 1, "notifikasi_id": 1, "permintaan_id": 1, "pd_id": 1}
    url = rule.rule
    for arg in rule.arguments:
        url = re.sub(rf"<(?:\w+:)?{arg}>", str(nilai[arg]), url)
    return url


def test_every_post_without_csrf_token_is_refused_and_writes_nothing(csrf_app, demo):
    app = csrf_app
    client = app.test_client()
    with app.app_context():
        akses_service.tambah_pegawai(nip=ADMIN_NIP, nama="Admin Portal", jabatan="Admin", unit_kode="BKPSDM",
                                     password=PASSWORD, is_admin=True, oleh=None)
        db.session.commit()
        masuk(client, db.session.get(Pengguna, demo.pengguna["utama"]))
    # The portal's sign-in itself, before the admin is signed in (with a token, to sign in after).
    refused = client.post("/login", data={"nip": ADMIN_NIP, "password": PASSWORD})
    assert refused.status_code == 400 and "Token formulir tidak ada" in refused.get_data(as_text=True)
    halaman = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', halaman).group(1)
    assert client.post("/login", data={"nip": ADMIN_NIP, "password": PASSWORD, "csrf_token": token}).status_code == 302
    with app.app_context():
        masuk(client, db.session.get(Pengguna, demo.pengguna["utama"]))
        pegawai_id = db.session.execute(select(Pegawai.id).filter_by(nip=ADMIN_NIP)).scalar_one()
    sebelum = potret(app)
    rute = [r for r in app.url_map.iter_rules() if "POST" in r.methods and (
        (r.endpoint.startswith("sipekerja.") and r.endpoint != "sipekerja.auth.callback")
        or r.endpoint.startswith(("admin.", "portal.")))]
    assert len(rute) >= 20
    for rule in rute:
        url = _isi_url(rule, demo, app).replace("/1/", f"/{pegawai_id}/") if rule.endpoint.startswith("admin.") \
            else _isi_url(rule, demo, app)
        response = client.post(url + ("?tahun=2024" if "?" not in url else ""),
                               data={"nama": "x", "kode": "X", "alasan": "x", "aksi": "kembalikan", "peran": "utama"})
        assert response.status_code == 400, (rule.endpoint, url, response.status_code)
        assert "Token formulir tidak ada" in response.get_data(as_text=True) or \
            "Permintaan tidak valid" in response.get_data(as_text=True), rule.endpoint
    assert potret(app) == sebelum


@pytest.mark.parametrize("path", ["/sipekerja/pengukuran/", "/sipekerja/laporan/", "/sipekerja/kabupaten/",
                                  "/sipekerja/laporan/pengukuran/pdf"])
def test_impossible_year_is_404_on_every_feature_page(client_as, path):
    assert client_as("utama").get(f"{path}?tahun={10**20}").status_code == 404
