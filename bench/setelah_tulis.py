"""The first view after a write, measured on the server: CPU of its gunicorn workers per request.

wrk asks for the same URL again and again, so after the first request it measures the page
cache. In a deadline week the common case is the first view after someone's save. Here the bench
process itself writes (one verified realisasi of the measured agency, kinerja and anggaran in
turn, through the ORM: the same commit hook bumps the agency's data version as a save in a form),
then asks for the page once over HTTP, and so on. The cost is the CPU time the server's worker
processes spent (``/proc/<pid>/stat``), summed over the loop and divided by the number of views:
the bench's own writes run in its own process and are not counted, nor is the client. Hello world
is costed the same way (its workers' CPU during a wrk run, per request), so the ratio of the two
is a cost ratio on the same machine at the same moment.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

_DETAK = os.sysconf("SC_CLK_TCK")
#: Kinds of write :class:`Penulis` takes in turn.
JENIS_TULIS = 3


def pid_pekerja(pid_master: int) -> list[int]:
    """The worker processes (children) of a gunicorn master."""
    anak = Path(f"/proc/{pid_master}/task/{pid_master}/children").read_text().split()
    return [int(p) for p in anak]


def cpu_ms(pids: list[int]) -> float:
    """User + system CPU milliseconds the processes have used so far."""
    total = 0
    for pid in pids:
        kolom = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(kolom[11]) + int(kolom[12])  # utime, stime (fields 14 and 15 of stat)
    return total * 1000 / _DETAK


@dataclass(frozen=True)
class HasilSetelahTulis:
    """Server CPU and wall time per view, each view right after a write."""

    kali: int
    cpu_ms: float
    p50_ms: float
    maks_ms: float
    kb: float
    #: CPU ms per view after each kind of write (:class:`Penulis`: verified kinerja, verified
    #: anggaran, unverified kinerja); read around each view, so ±1 clock tick (10 ms) per view.
    per_jenis: tuple[float, ...] = ()


class Penulis:
    """Writes one realisasi of an agency at a time, in turn: a verified kinerja value (February), a
    verified anggaran value (February) — a correction after verification, seen on every page —
    and a kinerja value of November in a unit whose triwulan IV is not verified yet — a Bidang's
    save in a deadline week, which pages of verified figures do not show. Each time another row
    (+1, then back), committed as the forms commit."""

    def __init__(self, app, perangkat_daerah_id: int) -> None:
        from sqlalchemy import select

        from portal_stub.extensions import db
        from sipekerja_module.models import Indikator
        from sipekerja_module.models import NodeRencana
        from sipekerja_module.models import RealisasiAnggaran
        from sipekerja_module.models import RealisasiKinerja
        from sipekerja_module.models import StatusPeriodeUnit

        def ids(model, induk, bulan: int, *syarat) -> list[int]:
            return db.session.scalars(select(model.id).join(induk).where(
                induk.perangkat_daerah_id == perangkat_daerah_id, model.bulan == bulan,
                model.nilai.is_not(None), *syarat).order_by(model.id).limit(40)).all()

        self.app, self.db = app, db
        with app.app_context():
            terverifikasi = select(StatusPeriodeUnit.unit_kerja_id).where(
                StatusPeriodeUnit.triwulan == 4, StatusPeriodeUnit.status == "terverifikasi")
            self.baris = [
                (RealisasiKinerja, ids(RealisasiKinerja, Indikator, 2)),
                (RealisasiAnggaran, ids(RealisasiAnggaran, NodeRencana, 2)),
                (RealisasiKinerja, ids(RealisasiKinerja, Indikator, 11, Indikator.unit_kerja_id.not_in(terverifikasi))),
            ]
        if not all(ids for _, ids in self.baris):
            raise RuntimeError("tidak ada realisasi untuk diubah di perangkat daerah yang diukur")

    def tulis(self, i: int) -> None:
        """Write number ``i``: kind ``i % JENIS_TULIS`` (see the class), row ``i // JENIS_TULIS``, +1 on
        even rounds."""
        model, ids = self.baris[i % JENIS_TULIS]
        putaran, posisi = divmod(i // JENIS_TULIS, len(ids))
        with self.app.app_context():
            baris = self.db.session.get(model, ids[posisi])
            baris.nilai += 1 if putaran % 2 == 0 else -1
            self.db.session.commit()


def ukur_setelah_tulis(pid_master: int, url: str, header: dict[str, str], penulis: Penulis,
                       kali: int = 30) -> HasilSetelahTulis:
    """Write, view, ``kali`` times; the server's CPU per view.

    :param pid_master: the gunicorn master serving ``url``.
    :param url: the page.
    :param header: the signed-in cookie and User-Agent.
    :param penulis: makes the writes.
    :param kali: views (each after its own write).
    :return: CPU and wall time per view.
    """
    import requests

    sesi = requests.Session()
    sesi.headers.update(header)
    pids = pid_pekerja(pid_master)
    for _ in range(2 * len(pids)):  # every worker has seen the page once: blocks and imports warm
        sesi.get(url, timeout=60)
    # And a view after each kind of write, twice per worker: a worker in service has long since
    # built the statements and templates of a render after a write (SQLAlchemy compiles a statement
    # once per process); the first time it does, it is not the cost of a view in a deadline week.
    pemanasan = 2 * JENIS_TULIS * len(pids)
    for i in range(pemanasan):
        penulis.tulis(i)
        sesi.get(url, timeout=60)
    wall, ukuran = [], 0
    # The whole loop: work a worker finishes after sending its answer is counted too. Nothing else
    # asks this server anything meanwhile, and the writes run in this process.
    time.sleep(0.2)
    sebelum = cpu_ms(pids)
    per_jenis = [[0.0, 0] for _ in range(JENIS_TULIS)]
    for i in range(pemanasan, pemanasan + kali):
        penulis.tulis(i)
        awal = cpu_ms(pids)
        mulai = time.perf_counter()
        respons = sesi.get(url, timeout=60, allow_redirects=False)
        wall.append((time.perf_counter() - mulai) * 1000)
        if respons.status_code != 200:
            raise RuntimeError(f"{url} menjawab {respons.status_code} setelah penulisan")
        ukuran = len(respons.content)
        per_jenis[i % JENIS_TULIS][0] += cpu_ms(pids) - awal
        per_jenis[i % JENIS_TULIS][1] += 1
    time.sleep(0.2)
    cpu = cpu_ms(pids) - sebelum
    urut = sorted(wall)
    return HasilSetelahTulis(kali=kali, cpu_ms=cpu / kali, p50_ms=urut[len(urut) // 2], maks_ms=urut[-1],
                             kb=ukuran / 1024, per_jenis=tuple(t / max(n, 1) for t, n in per_jenis))


def cpu_hello_per_permintaan(pid_master: int, jalankan_wrk) -> tuple[float, dict]:
    """Hello world's server CPU per request: its workers' CPU over one wrk run, per request.

    :param pid_master: the hello world gunicorn master.
    :param jalankan_wrk: runs wrk against it and returns its result (with ``requests``).
    :return: (CPU ms per request, the wrk result).
    """
    pids = pid_pekerja(pid_master)
    sebelum = cpu_ms(pids)
    hasil = jalankan_wrk()
    return (cpu_ms(pids) - sebelum) / max(hasil["requests"], 1), hasil
