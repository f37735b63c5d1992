"""Access matrix generated from ``app.url_map``: every route of the module (``sipekerja.*``) and
of the portal × every actor × (an object of Bidang A's unit, of Bidang B's unit, of another
agency), each cell with its declared outcome, all asserted.

* ``MATRIKS`` declares, per endpoint, how to build each URL and form, and what each actor must
  get. :func:`test_every_route_has_an_expectation` fails as soon as a route (endpoint, rule or
  method) appears in ``url_map`` without a row here: that is the point of the matrix.
* Actors: ``anon`` (nobody signed in), ``bidang_a`` (Sekretariat/Bidang of PPIK), ``bidang_b``
  (Sekretariat/Bidang of MUTASI), ``utama``, ``pimpinan`` (agency level), ``tanpa_peran`` (a
  portal pegawai without a grant: ``peran=[]`` in the module) and ``admin_portal`` (portal
  admin without a SIPEKERJA role), plus ``pimpinan_kab`` (a kabupaten-level Pimpinan without an
  agency: the only one who opens the kabupaten dashboard; with two agencies and none chosen yet,
  every agency page answers 403 "pilih perangkat daerah"), and ``admin_kab`` (the Admin Kabupaten,
  claim ``sipekerja:admin_kabupaten``, no agency: the only one who opens the Admin Kabupaten pages
  — perangkat daerah and the kabupaten defaults — and no agency feature). Each has a portal sign-in (real
  ``POST /login``) and a module session (``tests/masuk.py``) in one cookie; every cell starts
  from a fresh client carrying a copy of that cookie, so a sign-out in one cell cannot leak
  into the next.
* Sides: ``A`` = an object of the PPIK unit (Bidang A's own), ``B`` = of the MUTASI unit
  (Bidang B's own, "another unit's" for Bidang A), ``X`` = of a second agency (DINKES): nobody
  at BKPSDM may reach it. Routes without an object have the one side ``-``.
* Outcomes: ``allow`` (2xx, or a 3xx that is not to a sign-in page), ``login`` (3xx to
  ``/sipekerja/auth/login`` or the portal ``/login``), ``deny`` (403 or 404), ``refuse`` (400 or
  401: a protocol endpoint turning away a request without credentials or state). A 5xx is
  never an outcome (testing mode propagates it as an error).

Writes. Allowed POSTs really run (CSRF is off, as in every feature test), so:
an allowed POST also passes on 409/422 (it got past every access check; validation and
business rules are other tests' job); destructive routes (delete a node, withdraw a bukti)
get a fresh object per cell; creating routes use fresh names; nothing reuses a value an
earlier cell may have changed (every URL that reads the year pins ``tahun=2024``; realisasi
writes, submissions and checks use different triwulans).
The world is built once for this module (demo agency, second agency, windows opened, bukti
and status rows) to keep the run short; the order of the tests does not matter.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone
from decimal import Decimal
from urllib.parse import urlencode
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete
from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy import update

from portal_stub import akses as akses_service
from portal_stub import create_app
from portal_stub.extensions import db
from portal_stub.models import SesiPortal
from sipekerja_module.auth.oidc import oidc_client
from sipekerja_module.domain.akses import Peran
from sipekerja_module.domain.akses import Subjek
from sipekerja_module.models import AksiPK
from sipekerja_module.models import Indikator
from sipekerja_module.models import IndikatorPK
from sipekerja_module.models import IndikatorRenstra
from sipekerja_module.models import Jabatan
from sipekerja_module.models import JendelaInput
from sipekerja_module.models import KeputusanRapat
from sipekerja_module.models import NodeRencana
from sipekerja_module.models import Notifikasi
from sipekerja_module.models import Pengguna
from sipekerja_module.models import PerangkatDaerah
from sipekerja_module.models import PerjanjianKinerja
from sipekerja_module.models import PermintaanBuka
from sipekerja_module.models import ProgramPK
from sipekerja_module.models import RapatEvaluasi
from sipekerja_module.models import RencanaKerja
from sipekerja_module.models import Renstra
from sipekerja_module.models import RingkasanKinerja
from sipekerja_module.models import SasaranPK
from sipekerja_module.models import Satuan
from sipekerja_module.models import SesiMasuk
from sipekerja_module.models import Tahun
from sipekerja_module.models import TemuanRapat
from sipekerja_module.models import TokenApi
from sipekerja_module.models import UnitKerja
from sipekerja_module.seed.demo import load_demo
from sipekerja_module.services import bukti as bukti_svc
from sipekerja_module.services import perencanaan as perencanaan_svc
from sipekerja_module.services import realisasi as realisasi_svc
from sipekerja_module.services import referensi as referensi_svc
from tests import berkas_contoh as contoh
from tests import factories as f
from tests.conftest import _empty_tables
from tests.conftest import make_test_config
from tests.masuk import masuk

WITA = ZoneInfo("Asia/Makassar")
#: Authlib accepts plain http for a loopback issuer only; the test client's host is localhost too.
ISSUER = "http://localhost"
CLIENT_ID = "sipekerja"
CLIENT_SECRET = "rahasia-klien-matriks"
CALLBACK = ISSUER + "/sipekerja/auth/callback"
PASSWORD = "kata-sandi-matriks-1"
COOKIE = "simpadu_session"
T = "tahun=2024"

ALLOW, LOGIN, DENY, REFUSE = "allow", "login", "deny", "refuse"
ACTORS = ("anon", "bidang_a", "bidang_b", "utama", "pimpinan", "tanpa_peran", "admin_portal", "pimpinan_kab",
          "admin_kab")
SIGN_IN_PATHS = ("/sipekerja/auth/login", "/login")

#: Signed-in actors: NIP, portal unit, SIPEKERJA grant (role, unit), portal admin, module roles, module unit.
AKUN = {
    "bidang_a": ("199001102014031004", "BKPSDM-PPIK", ("bidang", "BKPSDM-PPIK"), False, ["bidang"], "BKPSDM-PPIK"),
    "bidang_b": ("198811202012121005", "BKPSDM-MUTASI", ("bidang", "BKPSDM-MUTASI"), False, ["bidang"],
                 "BKPSDM-MUTASI"),
    "utama": ("199306242015071002", "BKPSDM-SEKRETARIAT", ("utama", None), False, ["utama"], "BKPSDM-SEKRETARIAT"),
    "pimpinan": ("197504121998031008", "BKPSDM", ("pimpinan", None), False, ["pimpinan"], "BKPSDM-SEKRETARIAT"),
    "tanpa_peran": ("199508172019031009", "BKPSDM-MUTASI", None, False, [], "BKPSDM-MUTASI"),
    "admin_portal": ("198501012010011001", "BKPSDM", None, True, [], "BKPSDM-SEKRETARIAT"),
    # Kabupaten level (Sekda): Pimpinan without an agency claim (tests/web/fitur/test_kabupaten.py).
    "pimpinan_kab": ("196801011990031001", None, ("pimpinan", None), False, ["pimpinan"], None),
    # Admin Kabupaten (issue 18): no agency, no agency feature; perangkat daerah and kabupaten defaults.
    "admin_kab": ("196804151994031010", None, ("admin_kabupaten", None), False, ["admin_kabupaten"], None),
}
#: A pegawai the portal admin grants and revokes roles to (never an actor).
NIP_SASARAN = "199202022015021001"


# --- the world -------------------------------------------------------------------------------


@dataclass
class Dunia:
    """The app and the ids the URL builders need, plus per-actor session cookies."""

    app: object
    tahun: int
    pd: dict[str, int]
    unit: dict[str, int]
    sub: dict[str, int]
    ind: dict[str, int]
    bukti: dict[str, int]
    status: dict[str, int]
    jendela: int
    #: The second agency's own window of triwulan 1 (its override of the kabupaten default).
    jendela_x: int
    satuan: int
    sasaran_pegawai: int
    #: Per side: a position (A: Kabid PPIK, B: Kabid Mutasi, X: the head of the second agency) and its PK.
    jabatan: dict[str, int] = field(default_factory=dict)
    pk: dict[str, int] = field(default_factory=dict)
    #: Per side: an evaluation meeting (A and B: the demo's TW I meeting, X: one of the second agency)
    #: and a decision assigned to the side's unit.
    rapat: dict[str, int] = field(default_factory=dict)
    keputusan: dict[str, int] = field(default_factory=dict)
    #: Per side: a Renstra period ("-": the demo's 2021–2026, X: one of the second agency).
    renstra: dict[str, int] = field(default_factory=dict)
    cookie: dict[str, str] = field(default_factory=dict)
    urut: itertools.count = field(default_factory=lambda: itertools.count(1))

    def n(self) -> int:
        """A number not used before in this run (fresh names, codes, NIPs)."""
        return next(self.urut)

    def klien(self, actor: str):
        client = self.app.test_client()
        if actor != "anon":
            # Sign-ins end server-side (issue 14): a sign-out cell closes the record the copied
            # cookie refers to, so every cell reopens them and starts signed in again.
            with self.app.app_context():
                db.session.execute(update(SesiMasuk).values(diakhiri_dt=None, alasan_akhir=None))
                db.session.execute(update(SesiPortal).values(diakhiri_dt=None))
                db.session.commit()
            client.set_cookie(COOKIE, self.cookie[actor])
        return client

    def node_baru(self, side: str) -> int:
        """A fresh sub kegiatan of the side's unit, for a cell that may delete it."""
        with self.app.app_context():
            unit = db.session.get(UnitKerja, self.unit[side])
            node = NodeRencana(tahun_id=self.tahun, perangkat_daerah_id=unit.perangkat_daerah_id,
                               unit_kerja_id=unit.id, level="sub_kegiatan", kode=f"9.99.99.2.01.{self.n():04d}",
                               nama="Sub kegiatan uji matriks")
            db.session.add(node)
            db.session.commit()
            return node.id

    def indikator_pk_baru(self, side: str) -> int:
        """A fresh indicator of the side's PK, for a cell that may delete it."""
        with self.app.app_context():
            sasaran = db.session.execute(select(SasaranPK.id).filter_by(pk_id=self.pk[side])).scalars().first()
            ind = IndikatorPK(pk_id=self.pk[side], sasaran_pk_id=sasaran, uraian=f"Indikator PK uji {self.n()}",
                              satuan_id=self.satuan)
            db.session.add(ind)
            db.session.commit()
            return ind.id

    def indikator_renstra_baru(self, side: str) -> int:
        """A fresh indicator of the side's Renstra, for a cell that may delete it."""
        with self.app.app_context():
            ind = IndikatorRenstra(renstra_id=self.renstra[side], sasaran="Sasaran uji",
                                   uraian=f"Indikator Renstra uji {self.n()}", satuan_id=self.satuan)
            db.session.add(ind)
            db.session.commit()
            return ind.id
    def indikator_pk_pertama(self, side: str) -> int:
        """The first indicator of the side's PK (Rencana Aksi cells post forms refused after the access
        checks, so they need no fresh one; many fresh indicators would swell the PK's printout)."""
        with self.app.app_context():
            return db.session.execute(select(IndikatorPK.id).filter_by(pk_id=self.pk[side])
                                      .order_by(IndikatorPK.id)).scalars().first()

    def aksi_baru(self, side: str) -> int:
        """A fresh Rencana Aksi action of the side's first PK indicator, for a cell that may delete it."""
        ind = self.indikator_pk_pertama(side)
        with self.app.app_context():
            aksi = AksiPK(indikator_pk_id=ind, uraian=f"Aksi uji {self.n()}", triwulan=1)
            db.session.add(aksi)
            db.session.commit()
            return aksi.id

    def program_pk_baru(self, side: str) -> int:
        """A fresh budget row of the side's PK, for a cell that may delete it."""
        with self.app.app_context():
            program = ProgramPK(pk_id=self.pk[side], uraian=f"Program uji {self.n()}")
            db.session.add(program)
            db.session.commit()
            return program.id

    def temuan_baru(self, side: str) -> int:
        """A fresh finding of the side's meeting, for a cell that may change or delete it."""
        with self.app.app_context():
            temuan = TemuanRapat(rapat_id=self.rapat[side], unit_kerja_id=self.unit[side], uraian=f"Temuan {self.n()}")
            db.session.add(temuan)
            db.session.commit()
            return temuan.id

    def keputusan_baru(self, side: str) -> int:
        """A fresh decision of the side's meeting assigned to the side's unit, for a cell that may delete it."""
        with self.app.app_context():
            return _keputusan(self.rapat[side], self.unit[side])
    def token_baru(self, side: str) -> int:
        """A fresh API token of the side's Bidang (A: bidang_a, B: bidang_b), for a cell that may revoke it."""
        with self.app.app_context():
            nip = AKUN["bidang_a" if side == "A" else "bidang_b"][0]
            pengguna = db.session.execute(select(Pengguna).filter_by(nip=nip)).scalar_one()
            token = TokenApi(pengguna_id=pengguna.id, nama=f"Token matriks {self.n()}",
                             token_hash=hashlib.sha256(f"matriks-{self.n()}".encode()).hexdigest(), awalan="spk_mtrx")
            db.session.add(token)
            db.session.commit()
            return token.id

    def bukti_baru(self, side: str) -> int:
        """A fresh bukti dukung of the side's indicator (July), for a cell that may withdraw it."""
        with self.app.app_context():
            return _simpan_bukti(self.tahun, self.ind[side])


def _simpan_bukti(tahun_id: int, indikator_id: int) -> int:
    bukti = bukti_svc.simpan_bukti(
        subjek=Subjek(frozenset({Peran.UTAMA})), oleh=None, indikator=db.session.get(Indikator, indikator_id),
        tahun=db.session.get(Tahun, tahun_id), bulan=7, nama_asli="bukti.png", data=contoh.png(),
        now=datetime.now(timezone.utc), zona=WITA)
    db.session.commit()
    return bukti.id


def _keputusan(rapat_id: int, unit_id: int) -> int:
    keputusan = KeputusanRapat(rapat_id=rapat_id, jenis="lainnya", uraian="Keputusan uji matriks",
                               unit_kerja_id=unit_id, batas_waktu=date(2024, 12, 31))
    db.session.add(keputusan)
    db.session.commit()
    return keputusan.id


def _rapat_keputusan(tahun, unit, pd_x) -> tuple[dict[str, int], dict[str, int]]:
    """Side → meeting (the demo's TW I for A and B, one of the second agency for X, each with minutes)
    and side → a decision assigned to the side's unit."""
    demo = db.session.execute(select(RapatEvaluasi).filter_by(
        triwulan=1, perangkat_daerah_id=unit["A"].perangkat_daerah_id)).scalar_one()
    rapat_x = RapatEvaluasi(perangkat_daerah_id=pd_x.id, tahun_id=tahun.id, triwulan=1, tanggal=date(2024, 5, 2),
                            tempat="Aula Dinkes", pimpinan_rapat="Kepala Dinkes", peserta="")
    db.session.add(rapat_x)
    isi = contoh.pdf()
    for rapat in (demo, rapat_x):
        rapat.notulen_sha256, rapat.notulen_nama = bukti_svc.tulis_berkas(isi), "notulen.pdf"
        rapat.notulen_mime, rapat.notulen_ukuran = "application/pdf", len(isi)
    db.session.commit()
    rapat = {"A": demo.id, "B": demo.id, "X": rapat_x.id}
    return rapat, {side: _keputusan(rapat[side], unit[side].id) for side in ("A", "B", "X")}


def _jabatan_pk(tahun, unit, pd_x, satuan) -> dict[str, tuple[int, int]]:
    """Side → (position, PK): the demo's Kabid PPIK and Kabid Mutasi, and a head of the second agency."""
    hasil = {}
    for side in ("A", "B"):
        jabatan = db.session.execute(select(Jabatan).where(Jabatan.unit_kerja_id == unit[side].id,
                                                           Jabatan.nama.startswith("Kepala Bidang"))).scalar_one()
        pk = db.session.execute(select(PerjanjianKinerja.id).filter_by(jabatan_id=jabatan.id)).scalar_one()
        hasil[side] = (jabatan.id, pk)
    kepala_x = Jabatan(perangkat_daerah_id=pd_x.id, tahun_id=tahun.id, nama="Kepala Dinas Kesehatan",
                       pemegang_nama="Kepala Dinkes", pemegang_nip="197001011995031001")
    db.session.add(kepala_x)
    db.session.flush()
    pk_x = PerjanjianKinerja(jabatan_id=kepala_x.id)
    db.session.add(pk_x)
    db.session.flush()
    sasaran_x = SasaranPK(pk_id=pk_x.id, uraian="Sasaran Dinkes")
    db.session.add(sasaran_x)
    db.session.flush()
    db.session.add(IndikatorPK(pk_id=pk_x.id, sasaran_pk_id=sasaran_x.id, uraian="IKU Dinkes", satuan_id=satuan.id))
    hasil["X"] = (kepala_x.id, pk_x.id)
    return hasil


def _bangun(app) -> Dunia:
    """Demo agency + a second agency, every window open, the actors' accounts, bukti and status rows."""
    with app.app_context():
        load_demo(tahun=2024)
        units = {u.kode: u for u in db.session.execute(select(UnitKerja)).scalars()}
        tahun = db.session.execute(select(Tahun).filter_by(tahun=2024)).scalar_one()
        unit = {"A": units["BKPSDM-PPIK"], "B": units["BKPSDM-MUTASI"]}
        sub, ind = {}, {}
        for side, u in unit.items():
            node = db.session.execute(select(NodeRencana).filter_by(unit_kerja_id=u.id, level="sub_kegiatan")
                                      .order_by(NodeRencana.id)).scalars().first()
            sub[side] = node.id
            ind[side] = db.session.execute(select(Indikator.id).filter_by(node_id=node.id)
                                           .order_by(Indikator.id)).scalars().first()
        # The second agency (as in test_kabupaten.py): one unit, one sub kegiatan, one indicator.
        pd_x = f.create_perangkat_daerah("DINKES", "Dinas Kesehatan Kabupaten Paser")
        unit["X"] = f.create_unit(pd_x, "DINKES-UMUM", "Sekretariat Dinkes", "sekretariat")
        satuan = db.session.execute(select(Satuan).order_by(Satuan.id).limit(1)).scalar_one()
        node_x = perencanaan_svc.add_node(tahun=tahun, unit_kerja=unit["X"], kode="5.03.01.2.02.0001", sasaran=None,
                                          oleh=None)
        sub["X"] = node_x.id
        ind["X"] = f.create_indikator(node_x, satuan, target=Decimal(12)).id
        # The second agency's own window of triwulan 1 (issue 18: per-agency windows).
        bawaan = db.session.execute(select(JendelaInput).filter_by(tahun_id=tahun.id, triwulan=1)).scalar_one()
        jendela_x = referensi_svc.update_jendela(jendela=bawaan, versi=bawaan.version, dibuka=bawaan.dibuka_dt,
                                                 ditutup=bawaan.ditutup_dt, status="terbuka", perangkat_daerah=pd_x,
                                                 oleh=None)
        db.session.flush()
        # Every window open, so a refusal below is about rights, never about the calendar.
        sampai = datetime.now(timezone.utc) + timedelta(days=2)
        for jendela in db.session.execute(select(JendelaInput)).scalars():
            jendela.status, jendela.dibuka_kembali_sampai_dt = "dibuka_kembali", sampai
        # Module accounts.
        pengguna = {}
        for actor, (nip, _, _, _, peran, unit_kode) in AKUN.items():
            u = units[unit_kode] if unit_kode else None
            pengguna[actor] = f.create_pengguna(nip, tuple(peran), u, actor)
            pengguna[actor].issuer = ISSUER
        # Portal accounts, through the portal's own service.
        for actor, (nip, unit_kode, grant, is_admin, _, _) in AKUN.items():
            pegawai = akses_service.tambah_pegawai(nip=nip, nama=f"Pegawai {actor}", jabatan="Uji", unit_kode=unit_kode,
                                                   password=PASSWORD, is_admin=is_admin, oleh=None)
            if grant:
                akses_service.beri_akses(pegawai=pegawai, modul="sipekerja", peran=grant[0], unit_kode=grant[1],
                                         oleh=None)
        sasaran = akses_service.tambah_pegawai(nip=NIP_SASARAN, nama="Pegawai Sasaran", jabatan="Uji",
                                               unit_kode="BKPSDM-PKA", password=PASSWORD, oleh=None)
        status = {side: realisasi_svc.get_status_periode(unit_kerja_id=unit[side].id, tahun_id=tahun.id,
                                                         triwulan=2).id for side in unit}
        jendela_id = db.session.execute(select(JendelaInput.id).filter_by(tahun_id=tahun.id, triwulan=1,
                                                                           perangkat_daerah_id=None)).scalar_one()
        db.session.commit()
        jabatan_pk = _jabatan_pk(tahun, unit, pd_x, satuan)
        dunia = Dunia(app=app, tahun=tahun.id, pd={"-": units["BKPSDM-PPIK"].perangkat_daerah_id, "X": pd_x.id},
                      unit={k: v.id for k, v in unit.items()}, sub=sub, ind=ind, bukti={}, status=status,
                      jendela=jendela_id, jendela_x=jendela_x.id, satuan=satuan.id, sasaran_pegawai=sasaran.id,
                      jabatan={k: j for k, (j, _) in jabatan_pk.items()}, pk={k: p for k, (_, p) in jabatan_pk.items()})
        dunia.bukti = {side: _simpan_bukti(tahun.id, ind[side]) for side in ("A", "B", "X")}
        dunia.rapat, dunia.keputusan = _rapat_keputusan(tahun, unit, pd_x)
        renstra_x = Renstra(perangkat_daerah_id=pd_x.id, tahun_awal=2021, tahun_akhir=2026, nomor="")
        db.session.add(renstra_x)
        db.session.commit()
        dunia.renstra = {"-": db.session.execute(select(Renstra.id).filter_by(
            perangkat_daerah_id=dunia.pd["-"])).scalar_one(), "X": renstra_x.id}
        pengguna_id = {k: p.id for k, p in pengguna.items()}
    # The module's OIDC client reads the portal's own discovery document (served in-process):
    # sign-in and sign-out then build their redirects without any network.
    discovery = app.test_client().get("/.well-known/openid-configuration").get_json()
    with app.test_request_context():
        oidc_client().server_metadata.update({**discovery, "_loaded_at": time.time()})
    for actor, (nip, *_) in AKUN.items():
        client = app.test_client()
        masuk_portal = client.post("/login", data={"nip": nip, "password": PASSWORD})
        assert masuk_portal.status_code == 302, (actor, masuk_portal.status_code)
        with app.app_context():
            masuk(client, db.session.get(Pengguna, pengguna_id[actor]))
        dunia.cookie[actor] = client.get_cookie(COOKIE).value
    return dunia


@pytest.fixture(scope="module")
def dunia(database_url, _schema, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("matriks")
    app = create_app(make_test_config(
        database_url, tmp,
        SIMPADU_BASE_URL=ISSUER,
        SIPEKERJA_OIDC_ISSUER=ISSUER,
        SIMPADU_OIDC_KEY_FILE=str(tmp / "oidc_key.json"),
        SIPEKERJA_OIDC_CLIENT_SECRET=CLIENT_SECRET,
        # Every actor past the gate calls each download route once per side: more than the default
        # 30 per minute (the rate limit itself is tested in test_laporan_views.py).
        SIPEKERJA_UNDUH_RATE_LIMIT="1000 per minute",
        SIMPADU_OIDC_CLIENTS=[{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": [CALLBACK],
                               "post_logout_redirect_uris": [ISSUER + "/"]}],
    ))
    try:
        yield _bangun(app)
    finally:
        with app.app_context():
            db.session.remove()
        _empty_tables(_schema)


# --- expectations ----------------------------------------------------------------------------

Harapan = dict[str, "str | dict[str, str]"]


def semua(hasil: str) -> Harapan:
    """Every actor gets the same outcome (portal and provider routes)."""
    return {actor: hasil for actor in ACTORS}


def modul(**peran) -> Harapan:
    """A module route: anonymous → sign-in; no role (pegawai or portal admin) → 403 by the gate;
    each role denied unless given here."""
    harapan = {actor: DENY for actor in ACTORS}
    harapan["anon"] = LOGIN
    harapan.update(peran)
    return harapan


#: Utama (and Pimpinan where the feature is theirs): any unit of the own agency, never another agency.
AGENSI = {"A": ALLOW, "B": ALLOW, "X": DENY}


def per_unit(pimpinan: bool = False) -> Harapan:
    """A unit-scoped route of perencanaan/realisasi/pengukuran: Bidang A only A, Bidang B only B."""
    return modul(bidang_a={"A": ALLOW, "B": DENY, "X": DENY}, bidang_b={"A": DENY, "B": ALLOW, "X": DENY},
                 utama=AGENSI, pimpinan=AGENSI if pimpinan else DENY)


def api_umum() -> Harapan:
    """An API route without an object: every module role; anonymous 401 (JSON), no role 403."""
    return modul(anon=REFUSE, bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW, pimpinan_kab=ALLOW)


#: A page of every role that opens Pengukuran, the kabupaten Pimpinan included.
SEMUA_PERAN = modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW, pimpinan_kab=ALLOW)


def admin() -> Harapan:
    """Manajemen Akses Modul: portal admins only; anonymous users sign in to the portal first."""
    return {**semua(DENY), "anon": LOGIN, "admin_portal": ALLOW}


@dataclass(frozen=True)
class Rute:
    """One rule + method of an endpoint: how to call it per side, and what each actor gets."""

    method: str
    rule: str
    url: Callable[[Dunia, str], str]
    harapan: Harapan
    sides: tuple[str, ...] = ("-",)
    data: Callable[[Dunia, str], dict] | None = None


UNIT_SIDES = ("A", "B", "X")


def _tugas_kab(w: Dunia) -> str:
    """A finished kabupaten report job of ``pimpinan_kab`` (built inline: no Redis in this test)."""
    from sipekerja_module import tugas

    with w.app.app_context():
        pemilik = db.session.execute(select(Pengguna.id).filter_by(nip=AKUN["pimpinan_kab"][0])).scalar_one()
        tugas_id = tugas.catat_permintaan(pengguna_id=pemilik, tahun=2024, periode="tw1", ukuran="A4", format="xlsx")
        tugas.buat_laporan_kabupaten(tugas_id, "2024-04-30")
        return tugas_id
BULAN_KOSONG = {f"b{b}": "" for b in range(1, 13)}


def _indikator_form(w: Dunia, side: str) -> dict:
    return {"uraian": "Indikator uji matriks", "satuan_id": str(w.satuan), "polaritas": "positif",
            "agregasi": "kumulatif", "rumus_negatif": "selisih", "target": "12", "versi": "1",
            "induk": f"node:{w.sub[side]}"}


def _kepala(w: Dunia) -> int:
    """The demo agency's head (its PK is the agency's)."""
    with w.app.app_context():
        return db.session.execute(select(Jabatan.id).where(Jabatan.perangkat_daerah_id == w.pd["-"],
                                                           Jabatan.parent_id.is_(None))).scalar_one()


def _unit_form(w: Dunia, side: str) -> dict:
    with w.app.app_context():
        unit = db.session.get(UnitKerja, w.unit[side])
        return {"kode": unit.kode, "nama": unit.nama, "jenis": unit.jenis, "aktif": "y"}


def _authorize(w: Dunia, side: str) -> str:
    if side == "tanpa_param":
        return "/oauth/authorize"
    return "/oauth/authorize?" + urlencode({
        "response_type": "code", "client_id": CLIENT_ID, "redirect_uri": CALLBACK, "scope": "openid profile simpadu",
        "state": f"state-{w.n()}", "nonce": f"nonce-{w.n()}", "code_challenge_method": "S256",
        "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"})


def _notifikasi(w: Dunia, side: str) -> int:
    """A fresh notification of Bidang A's account (side A) or Bidang B's (side B)."""
    nip = AKUN["bidang_a" if side == "A" else "bidang_b"][0]
    with w.app.app_context():
        pengguna = db.session.execute(select(Pengguna).filter_by(nip=nip)).scalar_one()
        notif = Notifikasi(pengguna_id=pengguna.id, jenis="diverifikasi", judul="Uji", teks="Uji matriks",
                           tautan="/sipekerja/")
        db.session.add(notif)
        db.session.commit()
        return notif.id


def _permintaan(w: Dunia, side: str) -> int:
    """A fresh waiting reopen request of the side's unit (answers in the cells carry a stale version)."""
    with w.app.app_context():
        permintaan = PermintaanBuka(unit_kerja_id=w.unit[side], tahun_id=w.tahun, triwulan=1, bulan=[1],
                                    alasan="Uji matriks")
        db.session.add(permintaan)
        db.session.commit()
        return permintaan.id


P = "/sipekerja"
API = "/sipekerja/api/v1"
PK = "/sipekerja/pk"
TL = "/sipekerja/tindak-lanjut"
#: Side A/B: the demo's TW I meeting (the same agency), X: the second agency's.
RAPAT_SIDES = ("A", "X")
RA = "/sipekerja/rencana-aksi"
R = "/sipekerja/realisasi"
PR = "/sipekerja/perencanaan"
RF = "/sipekerja/referensi"
AK = "/sipekerja/admin-kabupaten"
#: "-": the kabupaten default window of triwulan 1; "X": the second agency's own window of it.
JENDELA_SIDES = ("-", "X")


def _jendela_url(awalan: str) -> Callable[[Dunia, str], str]:
    return lambda w, s: awalan + f"/jendela/{w.jendela if s == '-' else w.jendela_x}"
RS = "/sipekerja/renstra"
#: Agency-level objects (a Renstra): side - of the own agency, X of another.
RS_SIDES = ("-", "X")
AGENSI_RS = {"-": ALLOW, "X": DENY}

MATRIKS: dict[str, list[Rute]] = {
    # --- module: home, sign-in, kabupaten ------------------------------------------------------
    "sipekerja.home": [Rute("GET", P + "/", lambda w, s: P + "/",
                            modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW, pimpinan_kab=ALLOW,
                                  admin_kab=ALLOW))],
    # The sign-in itself is public: it sends everyone to the portal's authorization endpoint.
    "sipekerja.auth.login": [Rute("GET", P + "/auth/login", lambda w, s: P + "/auth/login", semua(ALLOW))],
    # A callback without a pending state is refused (400), whoever calls it.
    "sipekerja.auth.callback": [Rute("GET", P + "/auth/callback", lambda w, s: P + "/auth/callback?code=x&state=y",
                                     semua(REFUSE))],
    "sipekerja.auth.logout": [Rute("POST", P + "/auth/logout", lambda w, s: P + "/auth/logout", semua(ALLOW))],
    # Kabupaten dashboard: kabupaten-level Pimpinan only; it opens any agency (read-only).
    "sipekerja.kabupaten.index": [Rute("GET", P + "/kabupaten/", lambda w, s: P + f"/kabupaten/?{T}",
                                       modul(pimpinan_kab=ALLOW))],
    "sipekerja.kabupaten.buka": [Rute("GET", P + "/kabupaten/buka/<int:pd_id>",
                                      lambda w, s: P + f"/kabupaten/buka/{w.pd[s]}", modul(pimpinan_kab=ALLOW),
                                      sides=("-", "X"))],
    # Laporan Pengukuran Kinerja Kabupaten (every agency): the kabupaten-level Pimpinan only.
    "sipekerja.kabupaten.unduh_pdf": [Rute("GET", P + "/kabupaten/laporan-pengukuran/pdf",
                                           lambda w, s: P + f"/kabupaten/laporan-pengukuran/pdf?{T}&periode=tw2",
                                           modul(pimpinan_kab=ALLOW))],
    "sipekerja.kabupaten.unduh_xlsx": [Rute("GET", P + "/kabupaten/laporan-pengukuran/xlsx",
                                            lambda w, s: P + f"/kabupaten/laporan-pengukuran/xlsx?{T}",
                                            modul(pimpinan_kab=ALLOW))],
    "sipekerja.kabupaten.unduh_csv": [Rute("GET", P + "/kabupaten/laporan-pengukuran/csv",
                                           lambda w, s: P + f"/kabupaten/laporan-pengukuran/csv?{T}&periode=tw1",
                                           modul(pimpinan_kab=ALLOW))],
    # The same report as a job (issue 18 item 3): asked by POST, then its page, status and file, which
    # only the kabupaten-level Pimpinan who asked reaches (anyone else: 403 or 404).
    "sipekerja.kabupaten.minta_laporan": [Rute("POST", P + "/kabupaten/laporan-pengukuran/minta",
                                               lambda w, s: P + f"/kabupaten/laporan-pengukuran/minta?{T}",
                                               modul(pimpinan_kab=ALLOW),
                                               data=lambda w, s: {"periode": "tw1", "ukuran": "A4", "format": "xlsx"})],
    "sipekerja.kabupaten.laporan_tugas": [Rute("GET", P + "/kabupaten/laporan-pengukuran/tugas/<tugas_id>",
                                               lambda w, s: P + f"/kabupaten/laporan-pengukuran/tugas/{_tugas_kab(w)}",
                                               modul(pimpinan_kab=ALLOW))],
    "sipekerja.kabupaten.status_laporan": [Rute(
        "GET", P + "/kabupaten/laporan-pengukuran/tugas/<tugas_id>/status",
        lambda w, s: P + f"/kabupaten/laporan-pengukuran/tugas/{_tugas_kab(w)}/status", modul(pimpinan_kab=ALLOW))],
    "sipekerja.kabupaten.unduh_laporan": [Rute(
        "GET", P + "/kabupaten/laporan-pengukuran/tugas/<tugas_id>/unduh",
        lambda w, s: P + f"/kabupaten/laporan-pengukuran/tugas/{_tugas_kab(w)}/unduh", modul(pimpinan_kab=ALLOW))],
    # --- laporan: Utama and Pimpinan; ?unit= of another agency is 404 ---------------------------
    "sipekerja.laporan.index": [Rute("GET", P + "/laporan/", lambda w, s: P + f"/laporan/?{T}",
                                     modul(utama=ALLOW, pimpinan=ALLOW))],
    # ?tingkat= (issue 16 item 3): side A/B = the Kabid PPIK/Mutasi PK level, X = another agency's head (404).
    "sipekerja.laporan.tampil": [Rute("GET", P + "/laporan/<jenis>",
                                      lambda w, s: P + f"/laporan/pengukuran?{T}&unit={w.unit[s]}",
                                      modul(utama=AGENSI, pimpinan=AGENSI), UNIT_SIDES),
                                 Rute("GET", P + "/laporan/<jenis>",
                                      lambda w, s: P + f"/laporan/pengukuran?{T}&tingkat={w.jabatan[s]}&periode=tw2",
                                      modul(utama=AGENSI, pimpinan=AGENSI), UNIT_SIDES)],
    "sipekerja.laporan.unduh_pdf": [Rute("GET", P + "/laporan/<jenis>/pdf",
                                         lambda w, s: P + f"/laporan/target-capaian/pdf?{T}&unit={w.unit[s]}",
                                         modul(utama=AGENSI, pimpinan=AGENSI), UNIT_SIDES),
                                    Rute("GET", P + "/laporan/<jenis>/pdf",
                                         lambda w, s: P + f"/laporan/pengukuran/pdf?{T}&tingkat={w.jabatan[s]}",
                                         modul(utama=AGENSI, pimpinan=AGENSI), UNIT_SIDES)],
    "sipekerja.laporan.unduh_xlsx": [Rute("GET", P + "/laporan/<jenis>/xlsx",
                                          lambda w, s: P + f"/laporan/lampiran-pk/xlsx?{T}&unit={w.unit[s]}",
                                          modul(utama=AGENSI, pimpinan=AGENSI), UNIT_SIDES),
                                     Rute("GET", P + "/laporan/<jenis>/xlsx",
                                          lambda w, s: P + f"/laporan/pengukuran/xlsx?{T}&tingkat={w.jabatan[s]}",
                                          modul(utama=AGENSI, pimpinan=AGENSI), UNIT_SIDES)],
    # --- LKjIP Bab III draft (issue 16): Laporan — Utama and Pimpinan, read-only; a Bidang 403 ------
    "sipekerja.lkjip.index": [Rute("GET", P + "/lkjip/", lambda w, s: P + f"/lkjip/?{T}",
                                   modul(utama=ALLOW, pimpinan=ALLOW))],
    "sipekerja.lkjip.unduh_pdf": [Rute("GET", P + "/lkjip/pdf", lambda w, s: P + f"/lkjip/pdf?{T}",
                                       modul(utama=ALLOW, pimpinan=ALLOW))],
    "sipekerja.lkjip.unduh_xlsx": [Rute("GET", P + "/lkjip/xlsx", lambda w, s: P + f"/lkjip/xlsx?{T}",
                                        modul(utama=ALLOW, pimpinan=ALLOW))],
    "sipekerja.lkjip.unduh_docx": [Rute("GET", P + "/lkjip/docx", lambda w, s: P + f"/lkjip/docx?{T}",
                                        modul(utama=ALLOW, pimpinan=ALLOW))],
    "sipekerja.laporan.unduh_csv": [Rute("GET", P + "/laporan/<jenis>/csv",
                                         lambda w, s: P + f"/laporan/target-capaian/csv?{T}&unit={w.unit[s]}",
                                         modul(utama=AGENSI, pimpinan=AGENSI), UNIT_SIDES)],
    # --- JSON API (issue 17): the session or a Bearer token; refusals are JSON. Anonymous: 401
    # (refuse), no role: 403; the data follow Pengukuran (Bidang its own unit only, another agency 404);
    # the kabupaten Pimpinan without a chosen agency reads the years and the document only.
    "sipekerja.api.openapi": [Rute("GET", API + "/openapi.json", lambda w, s: API + "/openapi.json", api_umum())],
    "sipekerja.api.tahun": [Rute("GET", API + "/tahun", lambda w, s: API + "/tahun", api_umum())],
    "sipekerja.api.unit": [Rute("GET", API + "/unit", lambda w, s: API + "/unit",
                                {**api_umum(), "pimpinan_kab": DENY})],
    **{f"sipekerja.api.{nama}": [Rute("GET", API + f"/{nama}",
                                      lambda w, s, nama=nama: API + f"/{nama}?{T}&unit={w.unit[s]}",
                                      {**per_unit(pimpinan=True), "anon": REFUSE}, UNIT_SIDES)]
       for nama in ("rencana", "target", "realisasi", "capaian")},
    # Token API page: every role that reads Pengukuran manages its own tokens only (another's: 404).
    "sipekerja.token_api.index": [Rute("GET", P + "/token-api/", lambda w, s: P + "/token-api/", SEMUA_PERAN)],
    "sipekerja.token_api.buat": [Rute("POST", P + "/token-api/", lambda w, s: P + "/token-api/", SEMUA_PERAN,
                                      data=lambda w, s: {"nama": f"Token matriks {w.n()}"})],
    "sipekerja.token_api.cabut": [Rute("POST", P + "/token-api/<int:token_id>/cabut",
                                       lambda w, s: P + f"/token-api/{w.token_baru(s)}/cabut",
                                       modul(bidang_a={"A": ALLOW, "B": DENY}, bidang_b={"A": DENY, "B": ALLOW}),
                                       ("A", "B"))],
    # --- pengukuran ------------------------------------------------------------------------------
    # ?tingkat= (issue 16 item 3): a Bidang reads its own unit's PK level and the Kepala's, not another
    # Kabid's (403); another agency's position is 404.
    "sipekerja.pengukuran.index": [Rute("GET", P + "/pengukuran/",
                                        lambda w, s: P + f"/pengukuran/?{T}&unit={w.unit[s]}",
                                        per_unit(pimpinan=True), UNIT_SIDES),
                                   Rute("GET", P + "/pengukuran/",
                                        lambda w, s: P + f"/pengukuran/?{T}&tingkat={w.jabatan[s]}&periode=tw2",
                                        per_unit(pimpinan=True), UNIT_SIDES),
                                   Rute("GET", P + "/pengukuran/",
                                        lambda w, s: P + f"/pengukuran/?{T}&tingkat={_kepala(w)}",
                                        modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW))],
    # --- perjanjian kinerja (issue 16): read with Pengukuran (a Bidang: its own unit's PK and the
    # agency's), written by the Pengguna Utama alone; side A/B = the Kabid PPIK/Mutasi PK, X = another agency.
    "sipekerja.pk.index": [Rute("GET", PK + "/", lambda w, s: PK + f"/?{T}",
                                modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW))],
    "sipekerja.pk.pohon": [Rute("GET", PK + "/pohon", lambda w, s: PK + f"/pohon?{T}&periode=tw2",
                                modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW))],
    "sipekerja.pk.tampil": [Rute("GET", PK + "/<int:pk_id>", lambda w, s: PK + f"/{w.pk[s]}", per_unit(pimpinan=True),
                                 UNIT_SIDES)],
    "sipekerja.pk.unduh_pdf": [Rute("GET", PK + "/<int:pk_id>/pdf", lambda w, s: PK + f"/{w.pk[s]}/pdf",
                                    per_unit(pimpinan=True), UNIT_SIDES)],
    "sipekerja.pk.unduh_xlsx": [Rute("GET", PK + "/<int:pk_id>/xlsx", lambda w, s: PK + f"/{w.pk[s]}/xlsx",
                                     per_unit(pimpinan=True), UNIT_SIDES)],
    "sipekerja.pk.simpan_jabatan": [
        Rute("POST", PK + "/jabatan", lambda w, s: PK + f"/jabatan?{T}", modul(utama=ALLOW),
             data=lambda w, s: {"nama": f"Jabatan uji matriks {w.n()}", "parent_id": str(w.jabatan["A"]),
                                "unit_kerja_id": "0"}),
        # No version: refused (422) after the access checks, so nothing changes.
        Rute("POST", PK + "/jabatan/<int:jabatan_id>", lambda w, s: PK + f"/jabatan/{w.jabatan[s]}",
             modul(utama=AGENSI), UNIT_SIDES, lambda w, s: {"nama": "Jabatan", "parent_id": "0", "unit_kerja_id": "0"}),
    ],
    # The positions have their PK already: refused with a message (a redirect) after the access checks.
    "sipekerja.pk.buat_pk": [Rute("POST", PK + "/jabatan/<int:jabatan_id>/pk",
                                  lambda w, s: PK + f"/jabatan/{w.jabatan[s]}/pk", modul(utama=AGENSI), UNIT_SIDES,
                                  lambda w, s: {})],
    "sipekerja.pk.tambah_sasaran": [Rute("POST", PK + "/<int:pk_id>/sasaran", lambda w, s: PK + f"/{w.pk[s]}/sasaran",
                                         modul(utama=AGENSI), UNIT_SIDES,
                                         lambda w, s: {"uraian": f"Sasaran uji {w.n()}"})],
    # Empty forms: refused (422) after the access checks.
    "sipekerja.pk.tambah_indikator": [Rute("POST", PK + "/<int:pk_id>/indikator",
                                           lambda w, s: PK + f"/{w.pk[s]}/indikator", modul(utama=AGENSI),
                                           UNIT_SIDES, lambda w, s: {})],
    "sipekerja.pk.simpan_indikator": [Rute("POST", PK + "/indikator/<int:indikator_id>",
                                           lambda w, s: PK + f"/indikator/{w.indikator_pk_baru(s)}",
                                           modul(utama=AGENSI), UNIT_SIDES, lambda w, s: {})],
    "sipekerja.pk.hapus_indikator": [Rute("POST", PK + "/indikator/<int:indikator_id>/hapus",
                                          lambda w, s: PK + f"/indikator/{w.indikator_pk_baru(s)}/hapus",
                                          modul(utama=AGENSI), UNIT_SIDES)],
    "sipekerja.pk.tambah_program": [Rute("POST", PK + "/<int:pk_id>/program", lambda w, s: PK + f"/{w.pk[s]}/program",
                                         modul(utama=AGENSI), UNIT_SIDES,
                                         lambda w, s: {"node_id": "0", "uraian": f"Program uji {w.n()}",
                                                       "keterangan": "APBD"})],
    "sipekerja.pk.hapus_program": [Rute("POST", PK + "/program/<int:program_id>/hapus",
                                        lambda w, s: PK + f"/program/{w.program_pk_baru(s)}/hapus",
                                        modul(utama=AGENSI), UNIT_SIDES)],
    # --- tindak lanjut (issue 16, item 7): read with Pengukuran (a Bidang: its own unit's findings and
    # decisions), written by the Pengguna Utama alone; a decision's status by its unit or the Utama; the
    # report with Laporan. Empty forms are refused (422) after the access checks.
    "sipekerja.tindak_lanjut.index": [Rute("GET", TL + "/", lambda w, s: TL + f"/?{T}",
                                           modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW))],
    "sipekerja.tindak_lanjut.tampil": [Rute("GET", TL + "/rapat/<int:rapat_id>",
                                            lambda w, s: TL + f"/rapat/{w.rapat[s]}",
                                            modul(bidang_a=AGENSI, bidang_b=AGENSI, utama=AGENSI, pimpinan=AGENSI),
                                            RAPAT_SIDES)],
    "sipekerja.tindak_lanjut.simpan_rapat": [
        Rute("POST", TL + "/rapat", lambda w, s: TL + f"/rapat?{T}", modul(utama=ALLOW), data=lambda w, s: {}),
        Rute("POST", TL + "/rapat/<int:rapat_id>", lambda w, s: TL + f"/rapat/{w.rapat[s]}", modul(utama=AGENSI),
             RAPAT_SIDES, lambda w, s: {}),
    ],
    # No file: refused with a message (422) after the access checks.
    "sipekerja.tindak_lanjut.unggah_notulen": [Rute("POST", TL + "/rapat/<int:rapat_id>/notulen",
                                                    lambda w, s: TL + f"/rapat/{w.rapat[s]}/notulen",
                                                    modul(utama=AGENSI), RAPAT_SIDES, lambda w, s: {})],
    "sipekerja.tindak_lanjut.lihat_notulen": [Rute("GET", TL + "/rapat/<int:rapat_id>/notulen",
                                                   lambda w, s: TL + f"/rapat/{w.rapat[s]}/notulen",
                                                   modul(bidang_a=AGENSI, bidang_b=AGENSI, utama=AGENSI,
                                                         pimpinan=AGENSI), RAPAT_SIDES)],
    "sipekerja.tindak_lanjut.simpan_temuan": [
        Rute("POST", TL + "/rapat/<int:rapat_id>/temuan", lambda w, s: TL + f"/rapat/{w.rapat[s]}/temuan",
             modul(utama=AGENSI), RAPAT_SIDES, lambda w, s: {}),
        Rute("POST", TL + "/temuan/<int:temuan_id>", lambda w, s: TL + f"/temuan/{w.temuan_baru(s)}",
             modul(utama=AGENSI), RAPAT_SIDES, lambda w, s: {}),
    ],
    "sipekerja.tindak_lanjut.hapus_temuan": [Rute("POST", TL + "/temuan/<int:temuan_id>/hapus",
                                                  lambda w, s: TL + f"/temuan/{w.temuan_baru(s)}/hapus",
                                                  modul(utama=AGENSI), RAPAT_SIDES)],
    "sipekerja.tindak_lanjut.simpan_keputusan": [
        Rute("POST", TL + "/rapat/<int:rapat_id>/keputusan", lambda w, s: TL + f"/rapat/{w.rapat[s]}/keputusan",
             modul(utama=AGENSI), RAPAT_SIDES, lambda w, s: {}),
        Rute("POST", TL + "/keputusan/<int:keputusan_id>", lambda w, s: TL + f"/keputusan/{w.keputusan[s]}",
             modul(utama=AGENSI), UNIT_SIDES, lambda w, s: {}),
    ],
    "sipekerja.tindak_lanjut.hapus_keputusan": [Rute("POST", TL + "/keputusan/<int:keputusan_id>/hapus",
                                                     lambda w, s: TL + f"/keputusan/{w.keputusan_baru(s)}/hapus",
                                                     modul(utama=AGENSI), UNIT_SIDES)],
    # The unit the decision is assigned to (side A: PPIK, B: MUTASI) or the Utama; never the Pimpinan.
    "sipekerja.tindak_lanjut.ubah_status": [Rute("POST", TL + "/keputusan/<int:keputusan_id>/status",
                                                 lambda w, s: TL + f"/keputusan/{w.keputusan[s]}/status", per_unit(),
                                                 UNIT_SIDES, lambda w, s: {})],
    "sipekerja.tindak_lanjut.unduh_pdf": [Rute("GET", TL + "/rapat/<int:rapat_id>/pdf",
                                               lambda w, s: TL + f"/rapat/{w.rapat[s]}/pdf",
                                               modul(utama=AGENSI, pimpinan=AGENSI), RAPAT_SIDES)],
    "sipekerja.tindak_lanjut.unduh_xlsx": [Rute("GET", TL + "/rapat/<int:rapat_id>/xlsx",
                                                lambda w, s: TL + f"/rapat/{w.rapat[s]}/xlsx",
                                                modul(utama=AGENSI, pimpinan=AGENSI), RAPAT_SIDES)],
    # --- renstra (issue 16 item 5): read with Pengukuran (the agency's document: every role of the
    # agency), written by the Pengguna Utama alone; side - = the demo's period, X = another agency's.
    "sipekerja.renstra.index": [Rute("GET", RS + "/", lambda w, s: RS + "/",
                                     modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW))],
    "sipekerja.renstra.tampil": [Rute("GET", RS + "/<int:renstra_id>", lambda w, s: RS + f"/{w.renstra[s]}",
                                      modul(bidang_a=AGENSI_RS, bidang_b=AGENSI_RS, utama=AGENSI_RS,
                                            pimpinan=AGENSI_RS), RS_SIDES)],
    "sipekerja.renstra.unduh_pdf": [Rute("GET", RS + "/<int:renstra_id>/pdf", lambda w, s: RS + f"/{w.renstra[s]}/pdf",
                                         modul(bidang_a=AGENSI_RS, bidang_b=AGENSI_RS, utama=AGENSI_RS,
                                               pimpinan=AGENSI_RS), RS_SIDES)],
    "sipekerja.renstra.unduh_xlsx": [Rute("GET", RS + "/<int:renstra_id>/xlsx",
                                          lambda w, s: RS + f"/{w.renstra[s]}/xlsx",
                                          modul(bidang_a=AGENSI_RS, bidang_b=AGENSI_RS, utama=AGENSI_RS,
                                                pimpinan=AGENSI_RS), RS_SIDES)],
    # Empty forms: refused (422) after the access checks, so nothing changes.
    "sipekerja.renstra.simpan_renstra": [
        Rute("POST", RS + "/", lambda w, s: RS + "/", modul(utama=ALLOW), data=lambda w, s: {}),
        Rute("POST", RS + "/<int:renstra_id>", lambda w, s: RS + f"/{w.renstra[s]}", modul(utama=AGENSI_RS),
             RS_SIDES, lambda w, s: {}),
    ],
    "sipekerja.renstra.tambah_indikator": [Rute("POST", RS + "/<int:renstra_id>/indikator",
                                                lambda w, s: RS + f"/{w.renstra[s]}/indikator",
                                                modul(utama=AGENSI_RS), RS_SIDES, lambda w, s: {})],
    "sipekerja.renstra.simpan_indikator": [Rute("POST", RS + "/indikator/<int:indikator_id>",
                                                lambda w, s: RS + f"/indikator/{w.indikator_renstra_baru(s)}",
                                                modul(utama=AGENSI_RS), RS_SIDES, lambda w, s: {})],
    "sipekerja.renstra.hapus_indikator": [Rute("POST", RS + "/indikator/<int:indikator_id>/hapus",
                                               lambda w, s: RS + f"/indikator/{w.indikator_renstra_baru(s)}/hapus",
                                               modul(utama=AGENSI_RS), RS_SIDES)],
    # --- rencana aksi (issue 16, item 4): read as the PK; targets/actions (Perencanaan) and realisasi
    # (Realisasi) written by the PK's own unit or the Utama; empty forms are refused (422) after the
    # access checks. The monitoring is Laporan's (Utama, Pimpinan).
    "sipekerja.rencana_aksi.tampil": [Rute("GET", RA + "/pk/<int:pk_id>", lambda w, s: RA + f"/pk/{w.pk[s]}",
                                           per_unit(pimpinan=True), UNIT_SIDES)],
    "sipekerja.rencana_aksi.unduh_pdf": [Rute("GET", RA + "/pk/<int:pk_id>/pdf", lambda w, s: RA + f"/pk/{w.pk[s]}/pdf",
                                              per_unit(pimpinan=True), UNIT_SIDES)],
    "sipekerja.rencana_aksi.unduh_xlsx": [Rute("GET", RA + "/pk/<int:pk_id>/xlsx",
                                               lambda w, s: RA + f"/pk/{w.pk[s]}/xlsx", per_unit(pimpinan=True),
                                               UNIT_SIDES)],
    "sipekerja.rencana_aksi.monitoring": [Rute("GET", RA + "/monitoring", lambda w, s: RA + f"/monitoring?{T}",
                                               modul(utama=ALLOW, pimpinan=ALLOW))],
    "sipekerja.rencana_aksi.simpan_target": [Rute("POST", RA + "/indikator/<int:indikator_id>/target",
                                                  lambda w, s: RA + f"/indikator/{w.indikator_pk_pertama(s)}/target",
                                                  per_unit(), UNIT_SIDES, lambda w, s: {})],
    "sipekerja.rencana_aksi.tambah_aksi": [Rute("POST", RA + "/indikator/<int:indikator_id>/aksi",
                                                lambda w, s: RA + f"/indikator/{w.indikator_pk_pertama(s)}/aksi",
                                                per_unit(), UNIT_SIDES, lambda w, s: {})],
    "sipekerja.rencana_aksi.realisasi_indikator": [Rute("POST", RA + "/indikator/<int:indikator_id>/realisasi",
                                                        lambda w, s: RA + f"/indikator/{w.indikator_pk_pertama(s)}"
                                                                                "/realisasi",
                                                        per_unit(), UNIT_SIDES, lambda w, s: {})],
    "sipekerja.rencana_aksi.ubah_aksi": [Rute("POST", RA + "/aksi/<int:aksi_id>",
                                              lambda w, s: RA + f"/aksi/{w.aksi_baru(s)}", per_unit(), UNIT_SIDES,
                                              lambda w, s: {})],
    "sipekerja.rencana_aksi.realisasi_aksi": [Rute("POST", RA + "/aksi/<int:aksi_id>/realisasi",
                                                   lambda w, s: RA + f"/aksi/{w.aksi_baru(s)}/realisasi", per_unit(),
                                                   UNIT_SIDES, lambda w, s: {})],
    "sipekerja.rencana_aksi.hapus_aksi": [Rute("POST", RA + "/aksi/<int:aksi_id>/hapus",
                                               lambda w, s: RA + f"/aksi/{w.aksi_baru(s)}/hapus", per_unit(),
                                               UNIT_SIDES)],
    # --- perencanaan -----------------------------------------------------------------------------
    # A Bidang account's ?unit= is ignored (its own unit is shown), so every side is allowed.
    "sipekerja.perencanaan.index": [Rute("GET", PR + "/", lambda w, s: PR + f"/?{T}&unit={w.unit[s]}",
                                         modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=AGENSI), UNIT_SIDES)],
    # Agency-wide objects (sasaran, fixing the plan) are Utama's alone.
    "sipekerja.perencanaan.tambah_sasaran": [Rute("POST", PR + "/sasaran", lambda w, s: PR + f"/sasaran?{T}",
                                                  modul(utama=ALLOW),
                                                  data=lambda w, s: {"kode": f"S.{w.n()}", "uraian": "Sasaran uji"})],
    "sipekerja.perencanaan.tambah_node": [Rute("POST", PR + "/node", lambda w, s: PR + f"/node?{T}",
                                               per_unit(), ("A", "B"),
                                               data=lambda w, s: {"kode": "5.03.02.2.01.0010",
                                                                  "unit_kerja_id": str(w.unit[s]), "sasaran_id": "0"})],
    "sipekerja.perencanaan.hapus_node": [Rute("POST", PR + "/node/<int:node_id>/hapus",
                                              lambda w, s: PR + f"/node/{w.node_baru(s)}/hapus?{T}", per_unit(),
                                              UNIT_SIDES)],
    "sipekerja.perencanaan.indikator": [
        Rute("GET", PR + "/indikator/<int:indikator_id>", lambda w, s: PR + f"/indikator/{w.ind[s]}", per_unit(),
             UNIT_SIDES),
        Rute("POST", PR + "/indikator/<int:indikator_id>", lambda w, s: PR + f"/indikator/{w.ind[s]}", per_unit(),
             UNIT_SIDES, _indikator_form),
        # Even the empty form of a new indicator needs the right to change the parent.
        Rute("GET", PR + "/indikator/baru", lambda w, s: PR + f"/indikator/baru?induk=node:{w.sub[s]}", per_unit(),
             UNIT_SIDES),
        Rute("POST", PR + "/indikator/baru", lambda w, s: PR + "/indikator/baru", per_unit(), UNIT_SIDES,
             _indikator_form),
    ],
    "sipekerja.perencanaan.target": [
        Rute("GET", PR + "/indikator/<int:indikator_id>/target", lambda w, s: PR + f"/indikator/{w.ind[s]}/target",
             per_unit(), UNIT_SIDES),
        Rute("POST", PR + "/indikator/<int:indikator_id>/target", lambda w, s: PR + f"/indikator/{w.ind[s]}/target",
             per_unit(), UNIT_SIDES, lambda w, s: {**BULAN_KOSONG, "versi": "1"}),
    ],
    "sipekerja.perencanaan.anggaran": [
        Rute("GET", PR + "/node/<int:node_id>/anggaran", lambda w, s: PR + f"/node/{w.sub[s]}/anggaran", per_unit(),
             UNIT_SIDES),
        Rute("POST", PR + "/node/<int:node_id>/anggaran", lambda w, s: PR + f"/node/{w.sub[s]}/anggaran", per_unit(),
             UNIT_SIDES, lambda w, s: {**BULAN_KOSONG, "pagu": "", "versi": "1"}),
    ],
    "sipekerja.perencanaan.unduh_xlsx": [Rute("GET", PR + "/xlsx", lambda w, s: PR + f"/xlsx?{T}&unit={w.unit[s]}",
                                              per_unit(), UNIT_SIDES)],
    # No file: the refusal comes after the access checks (a redirect with a message).
    "sipekerja.perencanaan.unggah_xlsx": [Rute("POST", PR + "/xlsx", lambda w, s: PR + f"/xlsx?{T}&unit={w.unit[s]}",
                                               per_unit(), UNIT_SIDES, lambda w, s: {})],
    "sipekerja.perencanaan.tetapkan": [Rute("POST", PR + "/tetapkan", lambda w, s: PR + f"/tetapkan?{T}",
                                            modul(utama=ALLOW))],
    "sipekerja.perencanaan.buka": [Rute("POST", PR + "/buka", lambda w, s: PR + f"/buka?{T}", modul(utama=ALLOW),
                                        data=lambda w, s: {"alasan": "Uji matriks akses"})],
    # Target versions (issue 17 item 1): starting a perubahan and the agency's rule are Utama's alone.
    "sipekerja.perencanaan.buat_perubahan": [Rute("POST", PR + "/perubahan", lambda w, s: PR + f"/perubahan?{T}",
                                                  modul(utama=ALLOW),
                                                  data=lambda w, s: {"tanggal": "2024-10-01",
                                                                     "dasar_hukum": "DPPA-P No. 1/2024",
                                                                     "berlaku_mulai_bulan": "10"})],
    "sipekerja.perencanaan.aturan_versi": [Rute("POST", PR + "/perubahan/aturan",
                                                lambda w, s: PR + f"/perubahan/aturan?{T}", modul(utama=ALLOW),
                                                data=lambda w, s: {"aturan": "per_bulan"})],
    "sipekerja.perencanaan.riwayat": [Rute("GET", PR + "/riwayat/<tipe>/<int:objek_id>",
                                           lambda w, s: PR + f"/riwayat/Indikator/{w.ind[s]}", per_unit(), UNIT_SIDES)],
    # --- realisasi: the demo verified Triwulan I, so writes go to July (Triwulan III, draf),
    # submitting to October (Triwulan IV) and checking to the Triwulan II rows: no cell changes
    # the status another cell relies on.
    "sipekerja.realisasi.bulan": [Rute("GET", R + "/", lambda w, s: R + f"/?{T}&unit={w.unit[s]}&bulan=1",
                                       per_unit(), UNIT_SIDES)],
    "sipekerja.realisasi.simpan": [Rute("POST", R + "/", lambda w, s: R + f"/?{T}&unit={w.unit[s]}&bulan=7",
                                        per_unit(), UNIT_SIDES, lambda w, s: {})],
    "sipekerja.realisasi.ajukan": [Rute("POST", R + "/ajukan",
                                        lambda w, s: R + f"/ajukan?{T}&unit={w.unit[s]}&bulan=10",
                                        per_unit(), UNIT_SIDES)],
    # No file: refused with 422 after the access checks.
    "sipekerja.realisasi.unggah_bukti": [Rute("POST", R + "/bukti", lambda w, s: R + f"/bukti?{T}", per_unit(),
                                              UNIT_SIDES, lambda w, s: {"indikator_id": str(w.ind[s]), "bulan": "7"})],
    "sipekerja.realisasi.lihat_bukti": [Rute("GET", R + "/bukti/<int:bukti_id>",
                                             lambda w, s: R + f"/bukti/{w.bukti[s]}?{T}", per_unit(), UNIT_SIDES)],
    "sipekerja.realisasi.hapus_bukti": [Rute("POST", R + "/bukti/<int:bukti_id>/hapus",
                                             lambda w, s: R + f"/bukti/{w.bukti_baru(s)}/hapus?{T}", per_unit(),
                                             UNIT_SIDES)],
    # Pengecekan is the Pengguna Utama's task alone.
    "sipekerja.realisasi.pengecekan": [Rute("GET", R + "/pengecekan", lambda w, s: R + f"/pengecekan?{T}",
                                            modul(utama=ALLOW))],
    "sipekerja.realisasi.periksa": [
        Rute("GET", R + "/pengecekan/<int:status_id>", lambda w, s: R + f"/pengecekan/{w.status[s]}?{T}",
             modul(utama=AGENSI), UNIT_SIDES),
        # A draf triwulan cannot be returned: 422 for Utama, after the access checks.
        Rute("POST", R + "/pengecekan/<int:status_id>", lambda w, s: R + f"/pengecekan/{w.status[s]}?{T}",
             modul(utama=AGENSI), UNIT_SIDES, lambda w, s: {"aksi": "kembalikan", "alasan": "Uji matriks"}),
    ],
    # Bidang sees its own row of the board only; the Pimpinan reads the whole board (no links to
    # realisasi it may not open) — tests/web/fitur/test_alur_views.py.
    "sipekerja.realisasi.monitoring": [Rute("GET", R + "/monitoring", lambda w, s: R + f"/monitoring?{T}",
                                            modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW))],
    # --- notifications (issue 17): every module user, their own only --------------------------
    # Every module account has its own inbox (the Admin Kabupaten's included).
    "sipekerja.notifikasi.index": [Rute("GET", P + "/notifikasi/", lambda w, s: P + "/notifikasi/",
                                        modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW,
                                              pimpinan_kab=ALLOW, admin_kab=ALLOW))],
    # Another user's notification is not found (404), whoever asks.
    "sipekerja.notifikasi.baca": [Rute("POST", P + "/notifikasi/<int:notifikasi_id>/baca",
                                       lambda w, s: P + f"/notifikasi/{_notifikasi(w, s)}/baca",
                                       modul(bidang_a={"A": ALLOW, "B": DENY}, bidang_b={"A": DENY, "B": ALLOW}),
                                       ("A", "B"))],
    "sipekerja.notifikasi.baca_semua": [Rute("POST", P + "/notifikasi/baca-semua",
                                             lambda w, s: P + "/notifikasi/baca-semua",
                                             modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW,
                                                   pimpinan_kab=ALLOW, admin_kab=ALLOW))],
    "sipekerja.notifikasi.surel": [Rute("POST", P + "/notifikasi/surel", lambda w, s: P + "/notifikasi/surel",
                                        modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW, pimpinan=ALLOW,
                                              pimpinan_kab=ALLOW, admin_kab=ALLOW), data=lambda w, s: {"terima": "1"})],
    # --- reopen requests (issue 17): a Bidang asks for its unit, the Utama answers in its agency -------
    "sipekerja.permintaan_buka.index": [Rute("GET", P + "/permintaan-buka/", lambda w, s: P + f"/permintaan-buka/?{T}",
                                             modul(bidang_a=ALLOW, bidang_b=ALLOW, utama=ALLOW))],
    # Every window is open in this world: a Bidang's request is refused (422) after the access checks.
    "sipekerja.permintaan_buka.ajukan": [Rute("POST", P + "/permintaan-buka/",
                                              lambda w, s: P + f"/permintaan-buka/?{T}",
                                              modul(bidang_a=ALLOW, bidang_b=ALLOW),
                                              data=lambda w, s: {"triwulan": "1", "bulan": "1", "alasan": "Uji"})],
    # A stale version: 409 for the Utama of the agency, after the access checks; another agency's is 404.
    "sipekerja.permintaan_buka.jawab": [Rute("POST", P + "/permintaan-buka/<int:permintaan_id>/jawab",
                                             lambda w, s: P + f"/permintaan-buka/{_permintaan(w, s)}/jawab",
                                             modul(utama=AGENSI), UNIT_SIDES,
                                             lambda w, s: {"aksi": "tolak", "versi": "999", "catatan": "Uji"})],
    # --- referensi: Pengguna Utama only ---------------------------------------------------------
    "sipekerja.referensi.index": [Rute("GET", RF + "/", lambda w, s: RF + "/", modul(utama=ALLOW))],
    "sipekerja.referensi.simpan_unit": [
        Rute("POST", RF + "/unit", lambda w, s: RF + "/unit", modul(utama=ALLOW),
             data=lambda w, s: {"kode": f"BKPSDM-UJI{w.n()}", "nama": "Unit uji matriks", "jenis": "bidang",
                                "aktif": "y"}),
        # Saved with its own values: nothing changes, only the right is probed.
        Rute("POST", RF + "/unit/<int:unit_id>", lambda w, s: RF + f"/unit/{w.unit[s]}", modul(utama=AGENSI),
             UNIT_SIDES, _unit_form),
    ],
    # An existing year: refused (422) after the access checks, so no year is added.
    "sipekerja.referensi.tambah_tahun": [Rute("POST", RF + "/tahun", lambda w, s: RF + "/tahun", modul(utama=ALLOW),
                                              data=lambda w, s: {"tahun": "2024", "salin_dari": "0"})],
    # Side "-": the kabupaten default window; X: the second agency's own window (404 for BKPSDM).
    "sipekerja.referensi.jendela": [Rute("GET", RF + "/jendela/<int:jendela_id>", _jendela_url(RF),
                                         modul(utama=AGENSI_RS), JENDELA_SIDES)],
    # No version: refused (422) after the access checks.
    "sipekerja.referensi.ubah_jendela": [Rute("POST", RF + "/jendela/<int:jendela_id>", _jendela_url(RF),
                                              modul(utama=AGENSI_RS), JENDELA_SIDES,
                                              data=lambda w, s: {"status": "dibuka_kembali"})],
    # The default is not the agency's own: refused with a message (302) after the access checks.
    "sipekerja.referensi.kembalikan_jendela": [Rute("POST", RF + "/jendela/<int:jendela_id>/bawaan",
                                                    lambda w, s: _jendela_url(RF)(w, s) + "/bawaan",
                                                    modul(utama=AGENSI_RS), JENDELA_SIDES)],
    # No own scale: nothing changes.
    "sipekerja.referensi.kembalikan_predikat": [Rute("POST", RF + "/predikat/bawaan",
                                                     lambda w, s: RF + "/predikat/bawaan", modul(utama=ALLOW))],
    # The one-agency first step: refused to everyone once an agency exists.
    "sipekerja.referensi.tambah_perangkat_daerah": [Rute("POST", RF + "/perangkat-daerah",
                                                         lambda w, s: RF + "/perangkat-daerah", modul(),
                                                         data=lambda w, s: {"kode": f"UJI{w.n()}", "nama": "Uji"})],
    "sipekerja.referensi.buka_untuk_unit": [Rute("POST", RF + "/jendela/<int:jendela_id>/unit",
                                                 lambda w, s: RF + f"/jendela/{w.jendela}/unit", modul(utama=AGENSI),
                                                 UNIT_SIDES,
                                                 lambda w, s: {"unit_kerja_id": str(w.unit[s]),
                                                               "sampai": "2024-03-31T23:00", "alasan": "Uji"})],
    "sipekerja.referensi.tambah_satuan": [Rute("POST", RF + "/satuan", lambda w, s: RF + "/satuan", modul(utama=ALLOW),
                                               data=lambda w, s: {"nama": f"Satuan uji {w.n()}"})],
    # No rows: refused with a message after the access checks; the active scale stays.
    "sipekerja.referensi.simpan_predikat": [Rute("POST", RF + "/predikat", lambda w, s: RF + "/predikat",
                                                 modul(utama=ALLOW), data=lambda w, s: {"nama": ""})],
    # Kop dan penandatangan laporan: Pengguna Utama only; a signer of another agency's unit is 404.
    "sipekerja.referensi.identitas_laporan": [Rute("GET", RF + "/laporan", lambda w, s: RF + "/laporan",
                                                   modul(utama=ALLOW))],
    "sipekerja.referensi.simpan_kop": [Rute("POST", RF + "/laporan/kop", lambda w, s: RF + "/laporan/kop",
                                            modul(utama=ALLOW), data=lambda w, s: {"tempat_ttd": "Tana Paser"})],
    "sipekerja.referensi.simpan_penandatangan": [Rute("POST", RF + "/laporan/penandatangan",
                                                      lambda w, s: RF + "/laporan/penandatangan", modul(utama=AGENSI),
                                                      UNIT_SIDES, lambda w, s: {"peran": f"unit-{w.unit[s]}",
                                                                                "nama": "Uji Matriks"})],
    "sipekerja.referensi.nomenklatur": [Rute("GET", RF + "/nomenklatur", lambda w, s: RF + "/nomenklatur?q=5.03",
                                             modul(utama=ALLOW))],
    "sipekerja.referensi.impor_nomenklatur": [Rute("POST", RF + "/nomenklatur/impor",
                                                   lambda w, s: RF + "/nomenklatur/impor", modul(utama=ALLOW),
                                                   data=lambda w, s: {})],
    # --- Admin Kabupaten: perangkat daerah and the kabupaten defaults (issue 18) ----------------
    "sipekerja.admin_kabupaten.index": [Rute("GET", AK + "/", lambda w, s: AK + "/", modul(admin_kab=ALLOW))],
    "sipekerja.admin_kabupaten.tambah_pd": [Rute("POST", AK + "/perangkat-daerah",
                                                 lambda w, s: AK + "/perangkat-daerah", modul(admin_kab=ALLOW),
                                                 data=lambda w, s: {"kode": f"UJI{w.n()}", "nama": "PD uji matriks"})],
    # Saved with its own name, still active: nothing changes, only the right is probed.
    "sipekerja.admin_kabupaten.ubah_pd": [Rute("POST", AK + "/perangkat-daerah/<int:pd_id>",
                                               lambda w, s: AK + f"/perangkat-daerah/{w.pd[s]}", modul(admin_kab=ALLOW),
                                               ("X",), lambda w, s: {"nama": "Dinas Kesehatan Kabupaten Paser",
                                                                     "aktif": "y"})],
    # "-": the kabupaten default; X: the second agency's own window, never the admin's (404).
    "sipekerja.admin_kabupaten.jendela": [Rute("GET", AK + "/jendela/<int:jendela_id>", _jendela_url(AK),
                                               modul(admin_kab=AGENSI_RS), JENDELA_SIDES)],
    # No version: refused (422) after the access checks.
    "sipekerja.admin_kabupaten.ubah_jendela": [Rute("POST", AK + "/jendela/<int:jendela_id>", _jendela_url(AK),
                                                    modul(admin_kab=AGENSI_RS), JENDELA_SIDES,
                                                    data=lambda w, s: {"status": "dibuka_kembali"})],
    "sipekerja.admin_kabupaten.tambah_satuan": [Rute("POST", AK + "/satuan", lambda w, s: AK + "/satuan",
                                                     modul(admin_kab=ALLOW),
                                                     data=lambda w, s: {"nama": f"Satuan kab {w.n()}"})],
    # No rows: refused with a message after the access checks; the kabupaten scale stays.
    "sipekerja.admin_kabupaten.simpan_predikat": [Rute("POST", AK + "/predikat", lambda w, s: AK + "/predikat",
                                                       modul(admin_kab=ALLOW), data=lambda w, s: {"nama": ""})],
    # --- portal ----------------------------------------------------------------------------------
    "portal.home": [Rute("GET", "/", lambda w, s: "/", semua(ALLOW))],
    "portal.login": [
        # Signed-in pegawai are sent on to the home page; anonymous users see the form.
        Rute("GET", "/login", lambda w, s: "/login", semua(ALLOW)),
        # A successful sign-in (anonymous: with the pegawai-without-role's NIP) redirects home.
        Rute("POST", "/login", lambda w, s: "/login", semua(ALLOW),
             data=lambda w, s: {"nip": AKUN["tanpa_peran"][0], "password": PASSWORD}),
    ],
    "portal.logout": [Rute("POST", "/logout", lambda w, s: "/logout", semua(ALLOW))],
    "admin.akses": [Rute("GET", "/admin/akses", lambda w, s: "/admin/akses", admin())],
    "admin.tambah_pegawai": [Rute("POST", "/admin/akses/pegawai", lambda w, s: "/admin/akses/pegawai", admin(),
                                  data=lambda w, s: {"nip": f"199003032016031{w.n():03d}", "nama": "Pegawai Baru",
                                                     "unit_kode": "BKPSDM-PKA", "password": PASSWORD})],
    "admin.beri": [Rute("POST", "/admin/akses/<int:pegawai_id>/beri",
                        lambda w, s: f"/admin/akses/{w.sasaran_pegawai}/beri", admin(),
                        data=lambda w, s: {"peran": "pimpinan", "unit_kode": ""})],
    "admin.cabut": [Rute("POST", "/admin/akses/<int:pegawai_id>/cabut",
                         lambda w, s: f"/admin/akses/{w.sasaran_pegawai}/cabut", admin())],
    # --- the portal's OpenID Connect provider -----------------------------------------------------
    "oidc.discovery": [Rute("GET", "/.well-known/openid-configuration",
                            lambda w, s: "/.well-known/openid-configuration", semua(ALLOW))],
    "oidc.jwks": [Rute("GET", "/oauth/jwks", lambda w, s: "/oauth/jwks", semua(ALLOW))],
    # A valid request: anonymous → portal sign-in; any signed-in pegawai gets a code (the module
    # decides about roles). A request without parameters is refused before anyone signs in.
    "oidc.authorize": [Rute("GET", "/oauth/authorize", _authorize,
                            {**semua({"sah": ALLOW, "tanpa_param": REFUSE}),
                             "anon": {"sah": LOGIN, "tanpa_param": REFUSE}}, ("sah", "tanpa_param"))],
    # Server-to-server endpoints: a portal session cookie is no credential.
    "oidc.token": [Rute("POST", "/oauth/token", lambda w, s: "/oauth/token", semua(REFUSE),
                        data=lambda w, s: {"grant_type": "authorization_code", "code": "palsu",
                                           "redirect_uri": CALLBACK})],
    "oidc.userinfo": [Rute("GET", "/oauth/userinfo", lambda w, s: "/oauth/userinfo", semua(REFUSE)),
                      Rute("POST", "/oauth/userinfo", lambda w, s: "/oauth/userinfo", semua(REFUSE),
                           data=lambda w, s: {})],
    # Without an id_token_hint the pegawai is asked to confirm (a page, nothing ended yet).
    "oidc.end_session": [Rute("GET", "/oauth/end-session", lambda w, s: "/oauth/end-session", semua(ALLOW)),
                         Rute("POST", "/oauth/end-session", lambda w, s: "/oauth/end-session", semua(ALLOW),
                              data=lambda w, s: {})],
}


# --- the tests -------------------------------------------------------------------------------


def _rute_aplikasi(app) -> set[tuple[str, str, str]]:
    """(endpoint, rule, method) of every route but static files (``ANY``: a rule without methods)."""
    return {(rule.endpoint, rule.rule, method)
            for rule in app.url_map.iter_rules()
            if rule.endpoint != "static" and not rule.endpoint.endswith(".static")
            for method in (rule.methods or {"ANY"}) - {"HEAD", "OPTIONS"}}


def hasil(response) -> str:
    """The outcome class of a response (see the module docstring)."""
    status = response.status_code
    if 300 <= status < 400:
        return LOGIN if urlsplit(response.headers["Location"]).path in SIGN_IN_PATHS else ALLOW
    if 200 <= status < 300:
        return ALLOW
    if status in (403, 404):
        return DENY
    if status in (400, 401):
        return REFUSE
    return f"HTTP {status}"


def _cocok(harap: str, rute: Rute, response) -> bool:
    nyata = hasil(response)
    if nyata == harap:
        return True
    # An allowed write that the form or a business rule then refused still passed every access check.
    return harap == ALLOW and rute.method == "POST" and response.status_code in (409, 422)


def test_every_route_has_an_expectation(dunia):
    """A new endpoint, rule or method without a row in MATRIKS fails here."""
    di_aplikasi = _rute_aplikasi(dunia.app)
    assert {e for e, _, _ in di_aplikasi} == set(MATRIKS), "endpoints without (or with stale) expectations"
    dideklarasikan = {(e, r.rule, r.method) for e, rute in MATRIKS.items() for r in rute}
    assert di_aplikasi == dideklarasikan, (sorted(di_aplikasi - dideklarasikan), sorted(dideklarasikan - di_aplikasi))
    for endpoint, rute in MATRIKS.items():
        for r in rute:
            for actor in ACTORS:
                harap = r.harapan[actor]
                if isinstance(harap, dict):
                    assert set(r.sides) <= set(harap), (endpoint, r.method, actor, "a side without expectation")


@pytest.mark.parametrize("endpoint", list(MATRIKS))
def test_access_matrix(dunia, endpoint):
    """Every actor × side of every rule and method of one endpoint gets its declared outcome."""
    adapter = dunia.app.url_map.bind("localhost")
    salah = []
    for rute in MATRIKS[endpoint]:
        for side in rute.sides:
            for actor in ACTORS:
                harap = rute.harapan[actor]
                harap = harap[side] if isinstance(harap, dict) else harap
                url = rute.url(dunia, side)
                rule, _ = adapter.match(urlsplit(url).path, method=rute.method, return_rule=True)
                assert (rule.endpoint, rule.rule) == (endpoint, rute.rule), (url, rule.rule)
                data = rute.data(dunia, side) if rute.data else None
                response = dunia.klien(actor).open(url, method=rute.method, data=data)
                if not _cocok(harap, rute, response):
                    salah.append(f"{rute.method} {url} as {actor} (side {side}): expected {harap}, got "
                                 f"{response.status_code} {response.headers.get('Location', '')}".rstrip())
    assert not salah, "\n".join(salah)


# --- GET writes nothing ----------------------------------------------------------------------

#: Every module page: the GET routes of ``sipekerja.*`` but the sign-in endpoints (the OpenID
#: Connect callback is a GET by protocol, and a successful one records the sign-in).
HALAMAN = [endpoint for endpoint, rute in MATRIKS.items()
           if endpoint.startswith("sipekerja.") and not endpoint.startswith("sipekerja.auth.")
           and any(r.method == "GET" for r in rute)]
_TULIS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")


@contextmanager
def _tulisan(engine) -> Iterator[list[str]]:
    """The INSERT/UPDATE/DELETE statements the engine sends while the block runs."""
    tulisan: list[str] = []

    def catat(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(None, 1)[0].upper() in _TULIS:
            tulisan.append(statement)

    event.listen(engine, "before_cursor_execute", catat)
    try:
        yield tulisan
    finally:
        event.remove(engine, "before_cursor_execute", catat)


def _tanpa_baris_turunan(dunia: Dunia) -> int:
    """Put the world where pages used to create what they show on first view: no dashboard
    aggregates, no plan row of the year, and a fresh unit whose triwulans have no status row.

    :return: the fresh unit's id.
    """
    with dunia.app.app_context():
        db.session.execute(delete(RingkasanKinerja))
        db.session.execute(delete(RencanaKerja))
        pd = db.session.get(PerangkatDaerah, dunia.pd["-"])
        unit = f.create_unit(pd, f"BKPSDM-GET{dunia.n()}", "Unit uji halaman", "bidang")
        db.session.commit()
        return unit.id


@pytest.mark.parametrize("endpoint", HALAMAN)
def test_opening_a_page_writes_nothing(dunia, endpoint):
    """Every actor × side of every GET rule of a module page, each with the page cache emptied (so
    the page is built, not served): the database receives no INSERT, UPDATE or DELETE."""
    unit_baru = _tanpa_baris_turunan(dunia)
    with dunia.app.app_context():
        engine = db.engine
    permintaan = [(actor, rute.url(dunia, side)) for rute in MATRIKS[endpoint] if rute.method == "GET"
                  for side in rute.sides for actor in ACTORS]
    if endpoint == "sipekerja.realisasi.bulan":  # a month of a triwulan nobody has written to
        permintaan += [(actor, R + f"/?{T}&unit={unit_baru}&bulan=1") for actor in ("utama",)]
    salah, dibuka = [], 0
    for actor, url in permintaan:
        dunia.app.extensions["sipekerja_fragmen"].clear()
        klien = dunia.klien(actor)  # signing the test client in writes its sign-in record: not the page's
        with _tulisan(engine) as tulisan:
            response = klien.get(url)
        dibuka += response.status_code < 400
        if tulisan:
            salah.append(f"GET {url} as {actor} ({response.status_code}): " + "; ".join(t.split("(")[0].strip()
                                                                                       for t in tulisan))
    assert dibuka, f"no actor opened {endpoint}: the check above proved nothing"
    assert not salah, "\n".join(salah)
