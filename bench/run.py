#!/usr/bin/env python3
"""``make bench``: SI PEKERJA at kabupaten scale, measured against a hello world in the same run.

For SQLite (and PostgreSQL when reachable on 127.0.0.1:5432) it builds a scratch database
(migrations, ``flask portal init-db``, ``flask sipekerja generate --pd 40``, ``flask portal demo``,
portal accounts for one generated agency and the kabupaten Pimpinan), serves the portal under
gunicorn on a loopback port, signs in the way a browser does (the portal's login form and the OIDC
redirects, with ``requests``), and drives every page with ``wrk`` after a warm-up. A one-line Flask
hello world (``bench/hello.py``) served by the same gunicorn settings is the ceiling; every target
is a ratio to it. Then it compares one agency's pages in a 1-agency database with the same agency in
the 40-agency database, and times the PDF/XLSX reports (in fresh subprocesses, for peak memory)
next to plain reportlab/xlsxwriter baselines writing the same rows.

Workers: 2 gunicorn sync workers by default, as issue 8 asks. Signing in needs two requests at
once (the module's callback calls the portal's token endpoint on the same server, PLATFORM_NOTES
§1): with two workers the second one serves it, and nothing else runs during sign-in.
``--worker-class gthread --threads 4`` measures threaded workers instead: the same throughput,
but a request shares its worker's GIL with three others, so p99 latency is about twice as high.

Results are printed and written to ``bench/results-latest.txt``. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

# Siblings in bench/ (the script's own directory is on sys.path when run as ``python bench/run.py``).
from acuan_html import halaman_acuan_target_capaian
from beban_terbuka import beban_terbuka
from setelah_tulis import Penulis
from setelah_tulis import cpu_hello_per_permintaan
from setelah_tulis import ukur_setelah_tulis

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
LUA = BENCH / "laporan.lua"
HASIL = BENCH / "results-latest.txt"

TAHUN = 2024
SEED = 1
#: The measured agency: generated agency #0, so the 1- and 40-agency databases hold identical rows for it.
PD_UKUR = "SETDA"
PASSWORD = "bench-kata-sandi-2024"
#: wrk and requests send the same User-Agent: the portal's Flask-Login runs in "strong" session mode.
USER_AGENT = "sipekerja-bench/1"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"

#: kind -> (maximum "1/N" ratio to hello world, maximum p99 in ms or None)
TARGET = {"laporan": (50, None), "ringan": (15, 50.0), "kabupaten": (60, None), "lain": (None, None)}
TARGET_TEKS = {"laporan": "≥1/50, 0 err", "ringan": "≥1/15, p99≤50ms", "kabupaten": "≥1/60", "lain": "—"}

_keluaran: list[str] = []


def tulis(baris: str = "") -> None:
    """Print a line and keep it for ``results-latest.txt``."""
    print(baris, flush=True)
    _keluaran.append(baris)


# --- tools ----------------------------------------------------------------------------------

def pastikan_wrk() -> str | None:
    """``wrk`` on PATH, installing the Debian package when we may; None (pages skipped) otherwise."""
    path = shutil.which("wrk")
    if path or os.geteuid() != 0 or not shutil.which("apt-get"):
        return path
    tulis("wrk tidak ada: memasang paket Debian wrk …")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], capture_output=True)
    return shutil.which("wrk")


def pastikan_gunicorn() -> Path | None:
    exe = BIN / "gunicorn"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "gunicorn>=23,<28"], check=False)
    return exe if exe.exists() else None


def versi(cmd: list[str]) -> str:
    try:
        hasil = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except OSError:
        return "?"
    return (hasil.stdout or hasil.stderr).strip().splitlines()[0] if (hasil.stdout or hasil.stderr) else "?"


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_tersedia() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        psycopg.connect(PG_ADMIN, connect_timeout=2).close()
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False
    return True


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql)


# --- one database + one server ------------------------------------------------------------------

@dataclass
class Basis:
    """A scratch database with generated data, the app config to reach it and the ids to measure."""

    nama: str
    url: str
    kerja: Path
    port: int
    jumlah_pd: int
    info: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        """Environment of the CLI commands and of gunicorn: :meth:`config` as ``SIMPADU_*`` variables
        (the portal reads ``SIMPADU_X`` into ``X``, and its own ``SIMPADU_*`` keys by their full name)."""
        return {
            **os.environ,
            "FLASK_APP": "portal_stub",
            **{kunci if kunci.startswith("SIMPADU_") else f"SIMPADU_{kunci}": nilai
               for kunci, nilai in self.config().items() if nilai is not None},
            "SIMPADU_LOGIN_RATE_LIMIT": "1000 per minute",
        }

    def config(self, *, cache: bool = True) -> dict:
        """The same settings for an app built in this process (query counts, accounts); with
        ``cache=False`` every page is rendered afresh (the first view after a write)."""
        return {
            "SIPEKERJA_CACHE": None if cache else False,
            "SQLALCHEMY_DATABASE_URI": self.url,
            "SECRET_KEY": "bench-secret-not-for-production",
            "SIMPADU_BASE_URL": self.base,
            "SIMPADU_OIDC_KEY_FILE": str(self.kerja / "oidc_signing_key.json"),
            "SIPEKERJA_OIDC_CLIENT_SECRET": "bench-client-secret",
            "SIPEKERJA_STORAGE_DIR": str(self.kerja / "bukti"),
        }


def flask_cli(basis: Basis, *args: str) -> str:
    hasil = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=basis.env(), capture_output=True, text=True)
    if hasil.returncode:
        raise RuntimeError(f"flask {' '.join(args)} gagal:\n{hasil.stdout}\n{hasil.stderr}")
    return hasil.stdout


def siapkan(basis: Basis) -> None:
    """Schema, generated data, demo client + accounts, and the ids of the pages to measure."""
    flask_cli(basis, "portal", "init-db")
    flask_cli(basis, "db", "upgrade")
    mulai = time.perf_counter()
    keluaran = flask_cli(basis, "sipekerja", "generate", "--pd", str(basis.jumlah_pd), "--tahun", str(TAHUN),
                         "--seed", str(SEED))
    basis.info["generate_s"] = time.perf_counter() - mulai
    basis.info["generate"] = keluaran
    flask_cli(basis, "portal", "demo")
    basis.info.update(buat_akun(basis))


def buat_akun(basis: Basis) -> dict:
    """Portal accounts for the measured agency's Pengguna Utama and the kabupaten Pimpinan."""
    from sqlalchemy import func
    from sqlalchemy import select

    from portal_stub import akses
    from portal_stub import create_app
    from portal_stub.extensions import db
    from sipekerja_module.models import Indikator
    from sipekerja_module.models import Pengguna
    from sipekerja_module.models import PerangkatDaerah
    from sipekerja_module.models import UnitKerja
    from sipekerja_module.seed.generator import NIP_PIMPINAN_KABUPATEN

    app = create_app(basis.config())
    with app.app_context():
        pd = db.session.scalar(select(PerangkatDaerah).filter_by(kode=PD_UKUR))
        utama = db.session.scalar(select(Pengguna).filter_by(perangkat_daerah_id=pd.id))
        sekretariat = db.session.get(UnitKerja, utama.unit_kerja_id)
        pimpinan = db.session.scalar(select(Pengguna).filter_by(nip=NIP_PIMPINAN_KABUPATEN))
        for nip, nama, unit_kode, peran in ((utama.nip, utama.nama, sekretariat.kode, "utama"),
                                            (pimpinan.nip, pimpinan.nama, None, "pimpinan")):
            if akses.find_pegawai_by_nip(nip) is None:
                pegawai = akses.tambah_pegawai(nip=nip, nama=nama, jabatan="Akun benchmark", unit_kode=unit_kode,
                                               password=PASSWORD, oleh=None)
                akses.beri_akses(pegawai=pegawai, modul="sipekerja", peran=peran, unit_kode=None, oleh=None)
        db.session.commit()
        # The unit with the most indicators: the heaviest plan tree and realisasi form.
        unit_id, jumlah = db.session.execute(
            select(Indikator.unit_kerja_id, func.count()).where(Indikator.perangkat_daerah_id == pd.id,
                                                               Indikator.unit_kerja_id.is_not(None))
            .group_by(Indikator.unit_kerja_id).order_by(func.count().desc(), Indikator.unit_kerja_id).limit(1)
        ).one()
        info = {
            "pd_id": pd.id, "pd_nama": pd.nama, "unit_id": unit_id, "unit_indikator": jumlah,
            "pd_indikator": db.session.scalar(select(func.count()).where(Indikator.perangkat_daerah_id == pd.id)),
            "utama_nip": utama.nip, "utama_id": utama.id, "pimpinan_nip": pimpinan.nip, "pimpinan_id": pimpinan.id,
        }
        db.engine.dispose()
    return info


class Server:
    """A gunicorn master in its own process group, stopped by its pid."""

    def __init__(self, args: argparse.Namespace, aplikasi: str, port: int, env: dict[str, str],
                 chdir: Path | None = None, log: Path | None = None) -> None:
        # gunicorn turns "sync" with --threads > 1 into gthread: pass threads to gthread only.
        utas = ["--threads", str(args.threads)] if args.worker_class == "gthread" else []
        cmd = [str(BIN / "gunicorn"), "--workers", str(args.workers), "--worker-class", args.worker_class, *utas,
               "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--keep-alive", "5", "--timeout", "120",
               "--config", str(BENCH / "gunicorn_conf.py")]
        if chdir:
            cmd += ["--chdir", str(chdir)]
        self.log = open(log or os.devnull, "w")
        self.proses = subprocess.Popen([*cmd, aplikasi], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.base = f"http://127.0.0.1:{port}"
        batas = time.monotonic() + 60
        while time.monotonic() < batas:
            if self.proses.poll() is not None:
                raise RuntimeError(f"gunicorn berhenti (kode {self.proses.returncode}); lihat {log}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn tidak siap dalam 60 detik")

    def stop(self) -> None:
        if self.proses.poll() is None:
            os.killpg(self.proses.pid, signal.SIGTERM)
            try:
                self.proses.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proses.pid, signal.SIGKILL)
                self.proses.wait()
        self.log.close()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def masuk(base: str, nip: str, mulai: str) -> str:
    """Sign in as a browser does and return the Cookie header for wrk.

    Opens a module page, lands on the portal's login form (via the module's OIDC redirect),
    submits it, and follows the authorization and callback redirects back to the module.
    """
    import requests

    browser = requests.Session()
    browser.headers["User-Agent"] = USER_AGENT
    halaman = browser.get(base + mulai, timeout=30)
    if 'name="nip"' in halaman.text:
        token = CSRF_RE.search(halaman.text)
        if token is None:
            raise RuntimeError("formulir masuk portal tanpa token CSRF")
        halaman = browser.post(halaman.url, data={"csrf_token": token.group(1), "nip": nip, "password": PASSWORD},
                               timeout=60)
    if halaman.status_code != 200 or "/sipekerja/" not in halaman.url:
        raise RuntimeError(f"masuk gagal untuk {nip}: {halaman.status_code} {halaman.url}\n{halaman.text[:400]}")
    return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


def tunggu_senggang(base: str, batas: float = 180) -> None:
    """Wait until the server answers a cheap request at once.

    When wrk stops, requests of a slow page are still queued in the workers; without this they
    would be served during the next page's run and count against it.
    """
    import requests

    akhir = time.monotonic() + batas
    while time.monotonic() < akhir:
        mulai = time.perf_counter()
        try:
            requests.get(base + "/.well-known/openid-configuration", timeout=batas)
        except requests.RequestException:
            time.sleep(0.5)
            continue
        if time.perf_counter() - mulai < 0.05:
            return


def wrk(args: argparse.Namespace, url: str, cookie: str | None, durasi: float) -> dict:
    cmd = ["wrk", f"-t{args.wrk_threads}", f"-c{args.koneksi}", f"-d{int(durasi)}s", "--timeout", "10s", "--latency",
           "-s", str(LUA), "-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    hasil = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=int(durasi) + 60)
    cocok = re.search(r"WRK_JSON (\{.*\})", hasil.stdout)
    if cocok is None:
        raise RuntimeError(f"keluaran wrk tak terbaca:\n{hasil.stdout}\n{hasil.stderr}")
    data = json.loads(cocok.group(1))
    detik = data["duration_us"] / 1e6
    data["rps"] = data["requests"] / detik if detik else 0.0
    data["errors"] = data["non2xx"] + data["connect"] + data["read"] + data["write"] + data["timeout"]
    data["kb"] = data["bytes"] / max(data["requests"], 1) / 1024
    tunggu_senggang(url.split("/", 3)[0] + "//" + url.split("/", 3)[2])
    return data


# --- pages -------------------------------------------------------------------------------------

@dataclass
class Halaman:
    nama: str
    path: str
    #: ``utama`` (the measured agency's Pengguna Utama) or ``pimpinan`` (kabupaten).
    akun: str
    jenis: str
    per_pd: bool = True
    #: Issue 18: the first view after a write costs at most N hello world requests of server CPU.
    target_dingin: int | None = None


def cari_rute(app, awalan: str, suka: tuple[str, ...] = (), hindari: tuple[str, ...] = ()) -> str | None:
    """The GET rule without URL variables under endpoint prefix ``awalan`` that best matches ``suka``."""
    calon = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(awalan) or "GET" not in rule.methods or rule.arguments:
            continue
        teks = (rule.endpoint + rule.rule).lower()
        if any(k in teks for k in hindari):
            continue
        calon.append((-sum(k in teks for k in suka), len(rule.rule), rule.rule))
    return sorted(calon)[0][2] if calon else None


def cari_laporan(app, pengguna_id: int) -> str | None:
    """Path of the HTML "Target dan Capaian Kerja" page: a ``sipekerja.laporan.*`` GET rule (its one
    URL variable filled with ``target-capaian``) that answers 200 with that title in-process."""
    calon = []
    for rule in app.url_map.iter_rules():
        teks = (rule.endpoint + rule.rule).lower()
        if (not rule.endpoint.startswith("sipekerja.laporan.") or "GET" not in rule.methods
                or any(k in teks for k in ("pdf", "xlsx", "unduh")) or len(rule.arguments) > 1):
            continue
        for nilai in (("target-capaian", "target_capaian") if rule.arguments else ("",)):
            path = re.sub(r"<[^>]+>", nilai, rule.rule)
            calon.append((("target" not in path), len(path), path))
    for _urut, _panjang, path in sorted(calon):
        status, _query, _ukuran, isi = hitung_query(app, f"{path}?tahun={TAHUN}", pengguna_id, dengan_isi=True)
        if status == 200 and "target dan capaian" in isi.lower() and "target" in path:
            return path
    return None


def daftar_halaman(app, basis: Basis, args: argparse.Namespace) -> tuple[list[Halaman], list[str]]:
    catatan = []
    unit = basis.info["unit_id"]
    halaman: list[Halaman] = []
    laporan = args.laporan_url or cari_laporan(app, basis.info["utama_id"])
    if laporan:
        sep = "&" if "?" in laporan else "?"
        halaman.append(Halaman("Target dan Capaian Kerja (1 PD)", laporan + (f"{sep}tahun={TAHUN}"
                                                                           if "tahun=" not in laporan else ""),
                               "utama", "laporan", target_dingin=50))
    else:
        catatan.append("Halaman Target dan Capaian Kerja (sipekerja.laporan.*) tidak ditemukan di "
                       "`flask routes`: dilewati (atau beri --laporan-url).")
    halaman += [
        Halaman("Beranda modul", "/sipekerja/", "utama", "ringan"),
        Halaman("Pohon rencana 1 unit", f"/sipekerja/perencanaan/?tahun={TAHUN}&unit={unit}", "utama", "ringan",
                target_dingin=15),
        Halaman("Isian realisasi 1 bulan", f"/sipekerja/realisasi/?tahun={TAHUN}&bulan=5&unit={unit}", "utama",
                "ringan", target_dingin=15),
        Halaman("Papan monitoring 1 PD", f"/sipekerja/realisasi/monitoring?tahun={TAHUN}", "utama", "ringan",
                target_dingin=15),
    ]
    pengukuran = cari_rute(app, "sipekerja.pengukuran.", ("index",), ("pdf", "xlsx", "unduh", "grafik"))
    if pengukuran:
        halaman.append(Halaman("Pengukuran 1 PD", f"{pengukuran}?tahun={TAHUN}", "utama", "lain", target_dingin=30))
    else:
        catatan.append("Halaman Pengukuran belum ada: dilewati.")
    kabupaten = cari_rute(app, "sipekerja.kabupaten.", ("index",))
    if kabupaten:
        halaman.append(Halaman("Dasbor kabupaten", f"{kabupaten}?tahun={TAHUN}", "pimpinan", "kabupaten",
                               per_pd=False))
    return halaman, catatan


def catat_masuk(app, sesi, pengguna_id: int) -> None:
    """Sign a test client's session in to the module: the keys and the server-side record
    (``sipekerja_sesi_masuk``) that ``auth.session.login_pengguna`` writes."""
    from datetime import datetime
    from datetime import timezone

    from portal_stub.extensions import db
    from sipekerja_module.auth.session import LOGIN_AT_KEY
    from sipekerja_module.auth.session import SID_KEY
    from sipekerja_module.auth.session import UID_KEY
    from sipekerja_module.auth.session import _lifetime
    from sipekerja_module.models import Pengguna
    from sipekerja_module.services.sesi import mulai_sesi

    with app.app_context():
        sid = mulai_sesi(db.session.get(Pengguna, pengguna_id), sekarang=datetime.now(timezone.utc), umur=_lifetime())
        db.session.commit()
    sesi[SID_KEY] = sid
    sesi[UID_KEY] = pengguna_id
    sesi[LOGIN_AT_KEY] = int(time.time())


def hitung_query(app, path: str, pengguna_id: int, *, dengan_isi: bool = False) -> tuple:
    """(status, SQL statements, bytes[, text]) of one request through the Flask test client, after a warm-up."""
    from sqlalchemy import event

    from portal_stub.extensions import db

    client = app.test_client()
    with client.session_transaction() as sesi:
        catat_masuk(app, sesi, pengguna_id)
    client.get(path)
    with app.app_context():
        engine = db.engine
    jumlah = [0]

    def hitung(*_args) -> None:
        jumlah[0] += 1

    event.listen(engine, "before_cursor_execute", hitung)
    try:
        respons = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", hitung)
    if dengan_isi:
        return respons.status_code, jumlah[0], len(respons.data), respons.get_data(as_text=True)
    return respons.status_code, jumlah[0], len(respons.data)


def profil(app, path: str, pengguna_id: int, kali: int = 5, baris: int = 14) -> list[str]:
    """cProfile of ``kali`` requests in-process: the functions with the most own time."""
    import cProfile
    import io
    import pstats

    client = app.test_client()
    with client.session_transaction() as sesi:
        catat_masuk(app, sesi, pengguna_id)
    client.get(path)
    pr = cProfile.Profile()
    mulai = time.perf_counter()
    pr.enable()
    for _ in range(kali):
        client.get(path)
    pr.disable()
    per_req = (time.perf_counter() - mulai) / kali * 1000
    teks = io.StringIO()
    pstats.Stats(pr, stream=teks).sort_stats("tottime").print_stats(baris)
    isi = [b.replace(str(ROOT) + "/", "") for b in teks.getvalue().splitlines()
           if re.match(r"\s+\d", b) or "ncalls" in b]
    return [f"    cProfile {kali} permintaan in-process ({per_req:.0f} ms/permintaan dengan profiler), "
            "urut tottime:"] + ["    " + b for b in isi]


def siapkan_app(basis: Basis, args: argparse.Namespace, halaman_dipilih: list[str] | None = None) -> dict:
    """The in-process app of ``basis``, its pages and their query counts."""
    from portal_stub import create_app

    app = create_app(basis.config())
    halaman, catatan = daftar_halaman(app, basis, args)
    if halaman_dipilih is not None:
        halaman = [h for h in halaman if h.nama in halaman_dipilih]
    for c in catatan:
        tulis("  " + c)
    dingin = create_app(basis.config(cache=False))
    hasil: dict = {"halaman": halaman, "catatan": catatan, "app": app, "app_dingin": dingin}
    for h in halaman:
        pengguna_id = basis.info[f"{h.akun}_id"]
        status, query, ukuran = hitung_query(app, h.path, pengguna_id)
        _status, query_dingin, _ukuran = hitung_query(dingin, h.path, pengguna_id)
        hasil[h.nama] = {"status_inproses": status, "query": query, "query_dingin": query_dingin,
                         "bytes_inproses": ukuran, "cpu_hangat": cpu_per_permintaan(app, h.path, pengguna_id),
                         "cpu_dingin": cpu_per_permintaan(dingin, h.path, pengguna_id)}
    return hasil


def masuk_semua(basis: Basis, halaman: list[Halaman]) -> dict[str, str]:
    cookie = {"utama": masuk(basis.base, basis.info["utama_nip"], "/sipekerja/")}
    if any(h.akun == "pimpinan" for h in halaman):
        cookie["pimpinan"] = masuk(basis.base, basis.info["pimpinan_nip"], "/sipekerja/kabupaten/")
    return cookie


def ukur_basis(args: argparse.Namespace, basis: Basis) -> dict:
    """Serve ``basis`` and hello world side by side and drive every page.

    Hello world is measured before the first page, between pages and after the last, and each
    page is compared with the mean of the hello runs just before and after it: the other tenants
    of a shared machine change its speed within minutes, not within seconds.
    """
    hasil = siapkan_app(basis, args)
    halaman = hasil["halaman"]
    hello = Server(args, "hello:app", port_bebas(), dict(os.environ), chdir=BENCH, log=basis.kerja / "hello.log")
    server = Server(args, "portal_stub:create_app()", basis.port, basis.env(), log=basis.kerja / "gunicorn.log")
    penulis = Penulis(hasil["app"], basis.info["pd_id"])

    def ukur_hello() -> dict:
        cpu, data = cpu_hello_per_permintaan(hello.proses.pid,
                                             lambda: wrk(args, hello.base + "/", None, args.durasi_hello))
        return {**data, "cpu_ms": cpu}

    try:
        cookie = masuk_semua(basis, halaman)
        wrk(args, hello.base + "/", None, args.pemanasan)
        hello_rps = [ukur_hello()]
        for h in halaman:
            url, header = basis.base + h.path, {"Cookie": cookie[h.akun], "User-Agent": USER_AGENT}
            wrk(args, url, cookie[h.akun], args.pemanasan)
            hasil[h.nama].update(wrk(args, url, cookie[h.akun], args.durasi))
            # p99 at a fixed rate of half the throughput just measured (open loop, warm page).
            hasil[h.nama]["terbuka"] = beban_terbuka(url, header, hasil[h.nama]["rps"] / 2, args.durasi_terbuka)
            tunggu_senggang(basis.base)
            if h.target_dingin is not None:
                hasil[h.nama]["setelah_tulis"] = ukur_setelah_tulis(server.proses.pid, url, header, penulis,
                                                                    args.kali_tulis)
            hello_rps.append(ukur_hello())
    finally:
        server.stop()
        hello.stop()
    for i, h in enumerate(halaman):
        hasil[h.nama]["plafon"] = (hello_rps[i]["rps"] + hello_rps[i + 1]["rps"]) / 2
        hasil[h.nama]["hello_cpu_ms"] = (hello_rps[i]["cpu_ms"] + hello_rps[i + 1]["cpu_ms"]) / 2
    hasil["hello"] = hello_rps
    hasil["pekerja"] = args.workers
    acuan = cari_laporan_acuan(hasil, basis)
    if acuan is not None:
        hasil["acuan_laporan"] = acuan
    return hasil


def cari_laporan_acuan(hasil: dict, basis: Basis) -> dict | None:
    """Bytes of the Target dan Capaian Kerja page (in-process, as served) and of its reference page."""
    h = next((h for h in hasil["halaman"] if h.jenis == "laporan"), None)
    if h is None:
        return None
    acuan = halaman_acuan_target_capaian(hasil["app"], basis.info["pd_id"], TAHUN)
    return {"halaman_kb": hasil[h.nama]["bytes_inproses"] / 1024, "acuan_kb": len(acuan.encode()) / 1024}


def cpu_per_permintaan(app, path: str, pengguna_id: int, anggaran_s: float = 0.6) -> float:
    """CPU milliseconds of this process per request through the test client (at least 3 requests).

    Process CPU time, unlike wall time under wrk, hardly moves with the other tenants' load.
    """
    client = app.test_client()
    with client.session_transaction() as sesi:
        catat_masuk(app, sesi, pengguna_id)  # with its server-side record, or every request is a redirect
    status = client.get(path).status_code
    if status != 200:
        raise SystemExit(f"{path} menjawab {status} in-process: CPU ms tidak bermakna")
    # As in a worker (bench/gunicorn_conf.py): long-lived objects out of the collector's way, so a
    # full collection over this big process does not land on one page and not the other.
    gc.collect()
    gc.freeze()
    jumlah, mulai = 0, time.process_time()
    while jumlah < 3 or time.process_time() - mulai < anggaran_s:
        client.get(path)
        jumlah += 1
    return (time.process_time() - mulai) / jumlah * 1000


def ukur_1_vs_n(args: argparse.Namespace, satu: Basis, banyak: Basis, hasil_n: dict) -> dict:
    """Serve both databases at once and alternate between them page by page, round by round.

    A round lasts long enough for about 30 requests at the speed the page had in the main run.
    """
    nama_per_pd = [h.nama for h in hasil_n["halaman"] if h.per_pd]
    app_1 = siapkan_app(satu, args, nama_per_pd)
    app_n = siapkan_app(banyak, args, nama_per_pd)
    server_1 = Server(args, "portal_stub:create_app()", satu.port, satu.env(), log=satu.kerja / "gunicorn.log")
    server_n = Server(args, "portal_stub:create_app()", banyak.port, banyak.env(), log=banyak.kerja / "gunicorn-2.log")
    hasil: dict = {"halaman": app_1["halaman"], "query_1": app_1, "query_n": app_n}
    try:
        cookie_1 = masuk_semua(satu, app_1["halaman"])
        cookie_n = masuk_semua(banyak, app_1["halaman"])
        for h in app_1["halaman"]:
            # Same agency, same unit code, possibly different ids: take each database's own path.
            path_n = next(x.path for x in app_n["halaman"] if x.nama == h.nama)
            rps_1, rps_n = [], []
            durasi = min(max(args.durasi_putaran, 30 / max(hasil_n[h.nama]["rps"], 0.1)), 15)
            wrk(args, satu.base + h.path, cookie_1[h.akun], args.pemanasan)
            wrk(args, banyak.base + path_n, cookie_n[h.akun], args.pemanasan)
            for putaran in range(args.putaran):
                urutan = [(satu.base + h.path, cookie_1, rps_1), (banyak.base + path_n, cookie_n, rps_n)]
                for url, cookie, daftar in (urutan if putaran % 2 == 0 else urutan[::-1]):
                    daftar.append(wrk(args, url, cookie[h.akun], durasi)["rps"])
            hasil[h.nama] = {"rps_1": sorted(rps_1), "rps_n": sorted(rps_n)}
    finally:
        server_1.stop()
        server_n.stop()
    for h in app_1["halaman"]:
        path_n = next(x.path for x in app_n["halaman"] if x.nama == h.nama)
        for kunci, nama_app in (("", "app"), ("_dingin", "app_dingin")):
            cpu_1, cpu_n = [], []
            for _ in range(5):
                cpu_1.append(cpu_per_permintaan(app_1[nama_app], h.path, satu.info[f"{h.akun}_id"]))
                cpu_n.append(cpu_per_permintaan(app_n[nama_app], path_n, banyak.info[f"{h.akun}_id"]))
            hasil[h.nama].update({f"cpu_1{kunci}": min(cpu_1), f"cpu_n{kunci}": min(cpu_n)})
    for app in (app_1["app"], app_n["app"], app_1["app_dingin"], app_n["app_dingin"]):
        tutup_app(app)
    return hasil


def tutup_app(app) -> None:
    from portal_stub.extensions import db

    with app.app_context():
        db.engine.dispose()


def tabel(judul: list[str], baris: list[list[str]]) -> None:
    lebar = [max(len(str(r[i])) for r in [judul, *baris]) for i in range(len(judul))]
    tulis("  " + "  ".join(str(j).ljust(w) for j, w in zip(judul, lebar)))
    tulis("  " + "  ".join("-" * w for w in lebar))
    for r in baris:
        tulis("  " + "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, lebar))))


def cetak_halaman(basis: Basis, hasil: dict) -> list[tuple[str, str]]:
    """Print the page table; return the (page, path) of misses for profiling."""
    hello = [r["rps"] for r in hasil["hello"]]
    tulis(f"  Plafon hello world (sebelum, di antara dan sesudah halaman): {', '.join(f'{x:,.0f}' for x in hello)} "
          f"req/s; median {sorted(hello)[len(hello) // 2]:,.0f}, p99 {hasil['hello'][0]['p99_us'] / 1000:.1f} ms")
    baris, gagal = [], []
    for h in hasil["halaman"]:
        r = hasil[h.nama]
        plafon = r["plafon"]
        n = plafon / r["rps"] if r["rps"] else float("inf")
        batas_rasio, batas_p99 = TARGET[h.jenis]
        p99 = r["p99_us"] / 1000
        if batas_rasio is None:
            status = "—"
        else:
            lulus = n <= batas_rasio and (batas_p99 is None or p99 <= batas_p99)
            if h.jenis == "laporan":
                lulus = lulus and r["errors"] == 0
            status = "PASS" if lulus else "FAIL"
            if not lulus:
                gagal.append((h, r))
        baris.append([h.nama, f"{r['rps']:,.1f}", f"{r['p50_us'] / 1000:.1f}", f"{p99:.1f}",
                      f"{r['errors']}/{r['requests']}", f"{r['query']}/{r['query_dingin']}", f"{r['kb']:.0f}",
                      f"{plafon:,.0f}", f"1/{n:,.0f}", TARGET_TEKS[h.jenis], status,
                      f"{r['cpu_hangat']:.1f}", f"{r['cpu_dingin']:.1f}"])
    tabel(["Halaman", "req/s", "p50 ms", "p99 ms", "err/req", "query", "KB", "hello", "rasio", "target", "hasil",
           "CPU ms", "CPU ms dingin"], baris)
    cetak_setelah_tulis(hasil)
    tulis("  wrk meminta URL yang sama berulang: isi halaman berat dilayani dari cache fragmen (views/fragmen.py) yang")
    tulis("  dikunci versi data PD. query = per permintaan dengan cache / tanpa cache; CPU ms = waktu CPU in-process")
    tulis("  per permintaan (test client) dengan cache; 'dingin' = cache mati, yaitu tampilan pertama setelah "
          "penulisan.")
    return gagal


def cetak_setelah_tulis(hasil: dict) -> None:
    """The first view after a write (server CPU, against hello world's) and the open-loop p99."""
    baris = []
    for h in hasil["halaman"]:
        r = hasil[h.nama]
        tulis_ = r.get("setelah_tulis")
        terbuka = r["terbuka"]
        if tulis_ is not None:
            # hello world's cost per request as its throughput gives it (the cores it saturates ÷
            # req/s), the measure of the issue's table; its workers' own CPU is the stricter one.
            hello_ms = 1000 * min(hasil["pekerja"], os.cpu_count() or 1) / r["plafon"]
            n = tulis_.cpu_ms / hello_ms
            n_ketat = tulis_.cpu_ms / r["hello_cpu_ms"] if r["hello_cpu_ms"] else float("inf")
            dingin = [f"{tulis_.cpu_ms:.1f}", " / ".join(f"{c:.0f}" for c in tulis_.per_jenis), f"{hello_ms:.3f}",
                      f"1/{n:,.0f}", f"1/{n_ketat:,.0f}", f"≥1/{h.target_dingin}",
                      "PASS" if n <= h.target_dingin else "FAIL", f"{tulis_.p50_ms:.1f}"]
        else:
            dingin = ["—"] * 8
        baris.append([h.nama, *dingin, f"{terbuka.laju_diminta:,.0f}", f"{terbuka.laju_tercapai:,.0f}",
                      f"{terbuka.p50_ms:.1f}", f"{terbuka.p99_ms:.1f}", f"{terbuka.gagal}/{terbuka.terkirim}"])
    tulis("")
    tulis("  Tampilan pertama setelah penulisan, dan beban terbuka pada separuh throughput:")
    tabel(["Halaman", "CPU ms stlh tulis", "per jenis (kt/at/kb)", "hello ms", "rasio dingin", "rasio (CPU hello)",
           "target", "hasil", "p50 ms stlh tulis", "laju req/s", "tercapai", "p50 ms", "p99 ms", "err/req"], baris)
    tulis("  stlh tulis = tiap tampilan didahului satu penulisan (bergiliran: realisasi kinerja terverifikasi,")
    tulis("  anggaran terverifikasi, kinerja bulan belum diverifikasi; lewat ORM dengan hook commit yang sama);")
    tulis("  per jenis = CPU ms per tampilan setelah tiap jenis penulisan itu (kt / at / kb; ±10 ms per tampilan).")
    tulis("  CPU = waktu CPU proses worker gunicorn per tampilan (/proc). hello ms = inti yang dijenuhkan hello world")
    tulis("  ÷ req/s-nya (ukuran tabel issue 18); 'rasio (CPU hello)' membandingkan dengan CPU worker hello saja")
    tulis("  (lebih ketat). Beban terbuka: permintaan berangkat pada jadwal tetap, separuh throughput wrk")
    tulis("  (bench/beban_terbuka.py); latensi dihitung dari jadwal, bukan dari saat dikirim.")
    acuan = hasil.get("acuan_laporan")
    if acuan:
        kali = acuan["halaman_kb"] / acuan["acuan_kb"]
        tulis(f"  Ukuran halaman Target dan Capaian Kerja: {acuan['halaman_kb']:.0f} KB; halaman acuan tulisan tangan "
              f"dengan sel yang sama (bench/acuan_html.py) {acuan['acuan_kb']:.0f} KB: {kali:.2f}× (target ≤ 2×) "
              f"{'PASS' if kali <= 2 else 'FAIL'}")


# --- 1 vs 40 agencies ----------------------------------------------------------------------------

def cetak_1_vs_n(hasil: dict, n: int) -> None:
    baris = []
    for h in hasil["halaman"]:
        r = hasil[h.nama]
        median_1 = r["rps_1"][len(r["rps_1"]) // 2]
        median_n = r["rps_n"][len(r["rps_n"]) // 2]
        beda_wrk = (median_1 / median_n - 1) * 100  # cost ∝ 1/rps
        beda_cpu = (r["cpu_n"] / r["cpu_1"] - 1) * 100
        beda_dingin = (r["cpu_n_dingin"] / r["cpu_1_dingin"] - 1) * 100
        query = f"{hasil['query_1'][h.nama]['query']}/{hasil['query_n'][h.nama]['query']}"
        baris.append([h.nama, f"{r['cpu_1']:.1f}", f"{r['cpu_n']:.1f}", f"{beda_cpu:+.1f}%",
                      f"{r['cpu_1_dingin']:.1f}", f"{r['cpu_n_dingin']:.1f}", f"{beda_dingin:+.1f}%",
                      ", ".join(f"{x:,.1f}" for x in r["rps_1"]), ", ".join(f"{x:,.1f}" for x in r["rps_n"]),
                      f"{beda_wrk:+.1f}%", query,
                      "PASS" if abs(beda_cpu) <= 10 and abs(beda_dingin) <= 10 else "FAIL"])
    tabel(["Halaman", "CPU ms 1 PD", f"CPU ms {n} PD", "selisih CPU", "dingin 1 PD", f"dingin {n} PD",
           "selisih dingin", "req/s 1 PD (wrk)", f"req/s {n} PD (wrk)", "selisih wrk", "query 1/n", "≤10% (CPU)"],
          baris)
    tulis("  CPU ms = waktu CPU proses per permintaan in-process (test client), terbaik dari 5, bergantian 1/n;")
    tulis("  'dingin' = sama dengan cache fragmen dimatikan (tampilan pertama setelah penulisan);")
    tulis("  wrk: kedua server hidup bersamaan, putaran bergantian (A B, lalu B A), selisih dari median req/s —")
    tulis("  di mesin bersama ini sebaran wrk antarputaran (±20-30%) melebihi batas 10%, jadi target dinilai pada CPU.")


# --- reports (each measured in a fresh subprocess: peak RSS is per process) -----------------------

def puncak_rss_mb() -> float:
    """Peak RSS of this process in MB.

    ``VmHWM`` rather than ``ru_maxrss``: Linux carries ``ru_maxrss`` across ``execve``, so a child
    started by this (large) benchmark process would report the parent's peak.
    """
    try:
        with open("/proc/self/status") as status:
            for baris in status:
                if baris.startswith("VmHWM:"):
                    return int(baris.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def anak_laporan(spek: dict) -> None:
    """Child mode: load, build and render one report (or its baseline); print one JSON line.

    Kabupaten, module: the route's own code path — ``reports.kabupaten.laporan_pengukuran_kabupaten``
    over ``muat_per_pd`` (each agency loaded, measured, turned into rows and written before the
    next is loaded) rendered by ``render_pdf`` / ``render_xlsx``. The time spent inside
    ``muat_per_pd`` (load_rencana + hitung_pengukuran) is measured apart and left out of the
    comparison, as for the other rows; building and rendering are interleaved, so they are one figure.
    Baselines write rows built beforehand (every text and value made) with plain reportlab / xlsxwriter.
    """
    from sqlalchemy import select

    from portal_stub import create_app
    from portal_stub.extensions import db
    from sipekerja_module.domain.pengukuran import PengukuranPD
    from sipekerja_module.domain.pengukuran import hitung_pengukuran
    from sipekerja_module.domain.pengukuran import hitung_pengukuran_bulanan
    from sipekerja_module.domain.periode import Periode
    from sipekerja_module.models import PerangkatDaerah
    from sipekerja_module.models import Tahun
    from sipekerja_module.queries.kabupaten import muat_per_pd
    from sipekerja_module.queries.pengukuran import load_skala_aktif
    from sipekerja_module.queries.rencana import load_rencana
    from sipekerja_module.reports import kabupaten
    from sipekerja_module.reports import tables

    app = create_app({"SQLALCHEMY_DATABASE_URI": spek["url"], "SECRET_KEY": "bench"})
    kabupaten_modul = spek["skala"] == "kabupaten" and spek["cara"] == "modul"
    with app.app_context():
        tahun_id = db.session.scalar(select(Tahun.id).filter_by(tahun=TAHUN))
        skala = load_skala_aktif()
        if kabupaten_modul:
            rss_awal = puncak_rss_mb()
            # Best of two: one-shot timings on a shared machine are at the mercy of its other tenants.
            muat = waktu_render = float("inf")
            for _ in range(2):
                waktu_muat = [0.0]

                def sumber(waktu_muat=waktu_muat):
                    semua = muat_per_pd(tahun_id=tahun_id, periode=Periode.tahunan(), skala=skala)
                    while True:
                        mulai_muat = time.perf_counter()
                        pd = next(semua, None)
                        waktu_muat[0] += time.perf_counter() - mulai_muat
                        if pd is None:
                            return
                        yield pd

                mulai = time.perf_counter()
                laporan = kabupaten.laporan_pengukuran_kabupaten(
                    sumber(), tahun=TAHUN, periode=Periode.tahunan(), skala=skala, daerah="Pemerintah Kabupaten Paser")
                isi = render_modul(laporan, spek["jenis"])
                total = time.perf_counter() - mulai
                if total - waktu_muat[0] < waktu_render:
                    muat, waktu_render = waktu_muat[0], total - waktu_muat[0]
                ukuran = len(isi)
                del isi, laporan
            print("LAPORAN_JSON " + json.dumps({
                "muat_s": muat, "bangun_s": 0.0, "render_s": waktu_render, "bertahap": True, "bytes": ukuran,
                "baris": None, "kolom": None, "rss_awal_mb": rss_awal, "rss_puncak_mb": puncak_rss_mb(),
            }), flush=True)
            return
        mulai = time.perf_counter()
        query = select(PerangkatDaerah).order_by(PerangkatDaerah.id)
        if spek["skala"] == "pd":
            query = query.filter_by(kode=PD_UKUR)
        else:
            query = query.where(PerangkatDaerah.aktif.is_(True))
        semua = []
        for pd in db.session.scalars(query):
            data = load_rencana(perangkat_daerah_id=pd.id, tahun_id=tahun_id)
            ukur = (hitung_pengukuran_bulanan(data, skala) if spek["laporan"] == "target_capaian"
                    else hitung_pengukuran(data, Periode.tahunan(), skala))
            semua.append(PengukuranPD(pd.kode, pd.nama, data, ukur))
        muat = time.perf_counter() - mulai
    rss_awal = puncak_rss_mb()

    bangun = tables.laporan_target_capaian if spek["laporan"] == "target_capaian" else tables.laporan_pengukuran
    waktu_bangun = waktu_render = float("inf")
    for _ in range(2):
        laporan = None
        mulai = time.perf_counter()
        if spek["skala"] == "kabupaten":
            laporan = gabung_kabupaten(semua, skala)
        else:
            laporan = bangun(semua[0].data, semua[0].pengukuran)
        waktu_bangun = min(waktu_bangun, time.perf_counter() - mulai)
        if spek["cara"] == "dasar":
            laporan = jadikan_teks(laporan)  # a plain writer gets its rows ready-made
        mulai = time.perf_counter()
        if spek["cara"] == "modul":
            isi = render_modul(laporan, spek["jenis"])
        else:
            isi = dasar_pdf(laporan) if spek["jenis"] == "pdf" else dasar_xlsx(laporan)
        waktu_render = min(waktu_render, time.perf_counter() - mulai)
        ukuran = len(isi)
        del isi
    if spek["cara"] == "dasar":
        waktu_bangun = 0.0  # the baseline writes rows that already exist
    print("LAPORAN_JSON " + json.dumps({
        "muat_s": muat, "bangun_s": waktu_bangun, "render_s": waktu_render, "bytes": ukuran,
        "baris": sum(len(b.baris) for b in laporan.bagian), "kolom": max(len(b.kolom) for b in laporan.bagian),
        "rss_awal_mb": rss_awal, "rss_puncak_mb": puncak_rss_mb(),
    }), flush=True)


def gabung_kabupaten(semua, skala):
    """The kabupaten report's rows in one ``Laporan`` (what the module streams agency by agency):
    every agency's rows per section under its heading row, built by ``reports.kabupaten.blok_pd``."""
    from sipekerja_module.domain.periode import Periode
    from sipekerja_module.reports import kabupaten
    from sipekerja_module.reports.model import Laporan

    contoh = kabupaten.laporan_pengukuran_kabupaten((), tahun=TAHUN, periode=Periode.tahunan(), skala=skala,
                                                    daerah="Pemerintah Kabupaten Paser")
    baris = [[] for _ in contoh.bagian]
    for pd in semua:
        for daftar, blok in zip(baris, kabupaten.blok_pd(pd, contoh.bagian)):
            daftar.extend(blok)
    bagian = tuple(dataclasses.replace(b, baris=tuple(d)) for b, d in zip(contoh.bagian, baris))
    return Laporan(judul=contoh.judul, subjudul=contoh.subjudul, bagian=bagian, nama_berkas=contoh.nama_berkas)


def jadikan_teks(laporan):
    """The same report with every cell's text and value made (the module makes them on first use)."""
    from sipekerja_module.reports.model import BarisLaporan
    from sipekerja_module.reports.model import Sel

    return dataclasses.replace(laporan, bagian=tuple(
        dataclasses.replace(b, baris=tuple(
            BarisLaporan(r.jenis, tuple(Sel(s.teks, s.nilai, s.format) for s in r.sel), r.kedalaman) for r in b.baris))
        for b in laporan.bagian))


def render_modul(laporan, jenis: str) -> bytes:
    from datetime import date

    from sipekerja_module.reports.model import Kop
    from sipekerja_module.reports.model import TandaTangan
    from sipekerja_module.reports.pdf import render_pdf
    from sipekerja_module.reports.xlsx import render_xlsx

    kop = Kop("PEMERINTAH KABUPATEN PASER", "SEKRETARIAT DAERAH", "Jl. Jenderal Sudirman No. 27, Tana Paser")
    if jenis == "xlsx":
        return render_xlsx(laporan, kop=kop)
    ttd = TandaTangan("Tana Paser", date(TAHUN + 1, 1, 15), "Sekretaris Daerah", "Nama Pejabat", "196805121990031001")
    return render_pdf(laporan, kop=kop, ttd=ttd)


def dasar_pdf(laporan) -> bytes:
    """Plain reportlab: the same rows as 100-row ``Table``s (header repeated), one grid style,
    text wrapped in a ``Paragraph`` only when it does not fit its column (the module's rule)."""
    from io import BytesIO
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import PageBreak
    from reportlab.platypus import Paragraph
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus import Table
    from reportlab.platypus import TableStyle

    keluaran = BytesIO()
    halaman = landscape(A4)
    dok = SimpleDocTemplate(keluaran, pagesize=halaman, leftMargin=10 * mm, rightMargin=10 * mm, topMargin=10 * mm,
                            bottomMargin=14 * mm)
    lebar = halaman[0] - 20 * mm
    gaya_p = ParagraphStyle("dasar", fontName="Helvetica", fontSize=6.5, leading=7.8)
    gaya_t = TableStyle([("FONTNAME", (0, 0), (-1, -1), "Helvetica"), ("FONTSIZE", (0, 0), (-1, -1), 6.5),
                         ("GRID", (0, 0), (-1, -1), 0.25, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    isi = []
    for nomor, bagian in enumerate(laporan.bagian):
        total = sum(k.lebar for k in bagian.kolom)
        lebar_kolom = [lebar * k.lebar / total for k in bagian.kolom]
        judul = [""] * len(bagian.kolom)
        for s in bagian.judul_kolom:
            judul[s.kolom] = (judul[s.kolom] + " " + s.teks).strip()
        rows = []
        for b in bagian.baris:
            rows.append([s.teks if stringWidth(s.teks, "Helvetica", 6.5) <= lebar_kolom[c] - 4
                         else Paragraph(escape(s.teks), gaya_p) for c, s in enumerate(b.sel)])
        if nomor:
            isi.append(PageBreak())
        for awal in range(0, len(rows), 100):
            t = Table([judul] + rows[awal:awal + 100], colWidths=lebar_kolom, repeatRows=1)
            t.setStyle(gaya_t)
            isi.append(t)
    dok.build(isi)
    return keluaran.getvalue()


def dasar_xlsx(laporan) -> bytes:
    """Plain xlsxwriter: the same rows, numbers as numbers, a border and number format per column,
    in the same memory mode the module chooses for this many rows."""
    from io import BytesIO

    import xlsxwriter

    from sipekerja_module.reports.xlsx import BARIS_MEMORI_TETAP
    from sipekerja_module.reports.xlsx import FORMAT_ANGKA

    tetap = sum(len(b.baris) for b in laporan.bagian) > BARIS_MEMORI_TETAP
    keluaran = BytesIO()
    buku = xlsxwriter.Workbook(keluaran, {"in_memory": not tetap, "constant_memory": tetap})
    f_judul = buku.add_format({"bold": True, "border": 1})
    f_teks = buku.add_format({"border": 1, "text_wrap": True})
    f_angka = {k: buku.add_format({"border": 1, "num_format": v}) for k, v in FORMAT_ANGKA.items()}
    for nomor, bagian in enumerate(laporan.bagian, start=1):
        lembar = buku.add_worksheet(f"Bagian {nomor}")
        judul = [""] * len(bagian.kolom)
        for s in bagian.judul_kolom:
            judul[s.kolom] = (judul[s.kolom] + " " + s.teks).strip()
        lembar.write_row(0, 0, judul, f_judul)
        format_kolom = [f_angka.get(k.format, f_teks) for k in bagian.kolom]
        for r, b in enumerate(bagian.baris, start=1):
            for c, s in enumerate(b.sel):
                if s.nilai is not None:
                    lembar.write_number(r, c, float(s.nilai), format_kolom[c])
                else:
                    lembar.write_string(r, c, s.teks, f_teks)
    buku.close()
    return keluaran.getvalue()


def ukur_laporan(url: str) -> list[dict]:
    hasil = []
    kasus = [("pd", "target_capaian"), ("pd", "pengukuran"), ("kabupaten", "pengukuran")]
    for skala, laporan in kasus:
        for jenis in ("pdf", "xlsx"):
            for cara in ("modul", "dasar"):
                spek = {"url": url, "skala": skala, "laporan": laporan, "jenis": jenis, "cara": cara}
                keluaran = subprocess.run([sys.executable, __file__, "--anak-laporan", json.dumps(spek)], cwd=ROOT,
                                          capture_output=True, text=True, timeout=600)
                cocok = re.search(r"LAPORAN_JSON (\{.*\})", keluaran.stdout)
                if cocok is None:
                    tulis(f"  gagal mengukur {spek}: {keluaran.stderr[-800:]}")
                    continue
                hasil.append({**spek, **json.loads(cocok.group(1))})
    return hasil


def cetak_laporan(hasil: list[dict]) -> None:
    baris = []
    per = {(h["skala"], h["laporan"], h["jenis"], h["cara"]): h for h in hasil}
    for (skala, laporan, jenis, cara), h in per.items():
        if cara != "modul":
            continue
        dasar = per.get((skala, laporan, jenis, "dasar"))
        total = h["bangun_s"] + h["render_s"]
        rasio_render = h["render_s"] / dasar["render_s"] if dasar else float("nan")
        rasio = total / dasar["render_s"] if dasar else float("nan")
        lulus = rasio <= 1.2 and h["rss_puncak_mb"] <= 200
        ukuran = h if h.get("baris") else (dasar or {"baris": "?", "kolom": "?"})
        baris.append([
            f"{'Kabupaten' if skala == 'kabupaten' else '1 PD'} {laporan} {jenis.upper()}",
            f"{ukuran['baris']}×{ukuran['kolom']}", f"{h['muat_s']:.2f}",
            "(bersama)" if h.get("bertahap") else f"{h['bangun_s']:.2f}", f"{h['render_s']:.2f}",
            f"{dasar['render_s']:.2f}" if dasar else "?", f"{rasio_render:.2f}×", f"{rasio:.2f}×",
            f"{h['rss_awal_mb']:.0f}→{h['rss_puncak_mb']:.0f}",
            f"{dasar['rss_awal_mb']:.0f}→{dasar['rss_puncak_mb']:.0f}" if dasar else "?", f"{h['bytes'] / 1024:,.0f}",
            ("PASS" if lulus else "FAIL") if skala == "kabupaten" else "—",
        ])
    tabel(["Laporan", "baris×kolom", "muat+ukur s", "bangun s", "render s", "dasar s", "render/dasar",
           "(bangun+render)/dasar", "RSS MB", "RSS dasar", "KB", "≤1.2×, ≤200MB"], baris)
    tulis("  modul 1 PD = reports.tables.laporan_* (bangun) + render_pdf/render_xlsx (render); modul kabupaten = "
          "jalur rute unduhan: reports.kabupaten.laporan_pengukuran_kabupaten(muat_per_pd(...)) → render_pdf/"
          "render_xlsx, PD demi PD (bangun dan render bersama);")
    tulis("  dasar = reportlab 100-baris Table / xlsxwriter polos menulis baris yang sama yang sudah jadi; "
          "waktu = terbaik dari 2;")
    tulis("  RSS = puncak proses anak (VmHWM) sebelum→sesudah (kabupaten modul: sebelum = sebelum PD pertama dimuat); "
          "muat+ukur = load_rencana + pengukuran (kabupaten modul: waktu di dalam muat_per_pd), di luar "
          "perbandingan. Target dinilai pada (bangun+render)/dasar.")


# --- main -------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--durasi", type=float, default=10, help="detik wrk per halaman (default 10)")
    parser.add_argument("--pemanasan", type=float, default=2, help="detik pemanasan per halaman (default 2)")
    parser.add_argument("--durasi-hello", type=float, default=3, help="detik tiap run hello world (default 3)")
    parser.add_argument("--putaran", type=int, default=2, help="putaran 1 vs N PD (default 2: A B, lalu B A)")
    parser.add_argument("--durasi-putaran", type=float, default=4,
                        help="detik minimum per putaran 1 vs N (default 4; halaman lambat lebih lama)")
    parser.add_argument("--durasi-terbuka", type=float, default=8,
                        help="detik beban terbuka (laju tetap = separuh throughput) per halaman (default 8)")
    parser.add_argument("--kali-tulis", type=int, default=30,
                        help="tampilan setelah penulisan per halaman (default 30: 10 per jenis penulisan)")
    parser.add_argument("--koneksi", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=4, help="utas per worker gthread (default 4)")
    parser.add_argument("--pd", type=int, default=40, help="jumlah perangkat daerah (default 40)")
    parser.add_argument("--laporan-url", help="path halaman Target dan Capaian Kerja bila tidak ditemukan otomatis")
    parser.add_argument("--tanpa-postgres", action="store_true")
    parser.add_argument("--tanpa-1-vs-n", action="store_true")
    parser.add_argument("--tanpa-berkas", action="store_true", help="lewati pengukuran PDF/XLSX")
    parser.add_argument("--simpan", help="simpan basis data SQLite di direktori ini (untuk profil manual)")
    parser.add_argument("--anak-laporan", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.anak_laporan:
        anak_laporan(json.loads(args.anak_laporan))
        return 0

    sys.path.insert(0, str(ROOT))
    mulai_total = time.perf_counter()
    wrk_ada = pastikan_wrk()
    if pastikan_gunicorn() is None:
        tulis("gunicorn tidak dapat dipasang: pip install -e '.[bench]'")
        return 1
    tulis(f"SI PEKERJA benchmark — {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {os.cpu_count()} CPU, "
          f"Python {sys.version.split()[0]}, {versi([str(BIN / 'gunicorn'), '--version'])}, "
          f"{versi(['wrk', '--version']) if wrk_ada else 'wrk: tidak ada'}")
    tulis(f"Beban mesin (load average 1/5/15 menit): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    tulis(f"gunicorn {args.workers} workers × {args.worker_class}"
          f"{f' {args.threads} threads' if args.worker_class == 'gthread' else ''}; wrk {args.wrk_threads} threads, "
          f"{args.koneksi} koneksi, {args.pemanasan:g} s pemanasan + {args.durasi:g} s per halaman; hello world "
          f"{args.durasi_hello:g} s sebelum, di antara dan sesudah halaman")
    kerja = Path(args.simpan or tempfile.mkdtemp(prefix="sipekerja-bench-"))
    kerja.mkdir(parents=True, exist_ok=True)

    daftar = [Basis("SQLite", f"sqlite:///{kerja / 'bench-sqlite.db'}", kerja / "sqlite", port_bebas(), args.pd)]
    pg_db = f"sipekerja_bench_{os.getpid()}"
    if not args.tanpa_postgres and postgres_tersedia():
        pg_admin(f"CREATE DATABASE {pg_db}")
        daftar.append(Basis("PostgreSQL", f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_db}",
                            kerja / "pg", port_bebas(), args.pd))
    else:
        tulis("PostgreSQL tidak terjangkau di 127.0.0.1:5432 (atau --tanpa-postgres): hanya SQLite.")
    hasil_semua = {}
    try:
        for basis in daftar:
            basis.kerja.mkdir(parents=True, exist_ok=True)
            tulis()
            tulis(f"== {basis.nama}, {basis.jumlah_pd} perangkat daerah ==")
            siapkan(basis)
            ringkas = {m.group(1).strip(): m.group(2) for m in re.finditer(r"^\s+([^:]+): (\d+)$",
                                                                           basis.info["generate"], re.M)}
            tulis(f"  generate: {basis.info['generate_s']:.1f} s (proses CLI penuh); "
                  f"{ringkas.get('Sub kegiatan')} sub kegiatan, {ringkas.get('Indikator')} indikator, "
                  f"{ringkas.get('Target kinerja bulanan')} target, {ringkas.get('Realisasi kinerja bulanan')} "
                  f"realisasi, {ringkas.get('Bukti dukung (metadata)')} bukti dukung")
            tulis(f"  PD diukur: {PD_UKUR} ({basis.info['pd_indikator']} indikator); unit id {basis.info['unit_id']} "
                  f"({basis.info['unit_indikator']} indikator)")
            if not wrk_ada:
                tulis("  wrk tidak tersedia (apt-get install wrk): pengukuran halaman dilewati.")
                continue
            hasil = ukur_basis(args, basis)
            hasil_semua[basis.nama] = hasil
            gagal = cetak_halaman(basis, hasil)
            if gagal and basis.nama == "SQLite":
                tulis("  Profil halaman yang gagal:")
                for h, _r in gagal:
                    tulis(f"  - {h.nama}:")
                    for b in profil(hasil["app"], h.path, basis.info[f"{h.akun}_id"]):
                        tulis(b)

        if wrk_ada and not args.tanpa_1_vs_n and "SQLite" in hasil_semua:
            tulis()
            tulis(f"== 1 vs {args.pd} perangkat daerah (SQLite; {PD_UKUR} berisi baris yang sama di kedua basis) ==")
            satu = Basis("SQLite-1", f"sqlite:///{kerja / 'bench-sqlite-1.db'}", kerja / "sqlite1", port_bebas(), 1)
            satu.kerja.mkdir(parents=True, exist_ok=True)
            siapkan(satu)
            cetak_1_vs_n(ukur_1_vs_n(args, satu, daftar[0], hasil_semua["SQLite"]), args.pd)

        if not args.tanpa_berkas:
            tulis()
            tulis(f"== Laporan PDF/XLSX (SQLite, {args.pd} PD; kabupaten = laporan pengukuran tahunan semua PD) ==")
            cetak_laporan(ukur_laporan(daftar[0].url))
    finally:
        for hasil in hasil_semua.values():
            tutup_app(hasil["app"])
            tutup_app(hasil["app_dingin"])
        if len(daftar) > 1:
            pg_admin(f"DROP DATABASE IF EXISTS {pg_db} WITH (FORCE)")
        if not args.simpan:
            shutil.rmtree(kerja, ignore_errors=True)
    tulis()
    tulis(f"Total waktu benchmark: {time.perf_counter() - mulai_total:.0f} s; load average di akhir: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    HASIL.write_text("\n".join(_keluaran) + "\n", encoding="utf-8")
    print(f"Hasil ditulis ke {HASIL.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
