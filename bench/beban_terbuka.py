"""An open-loop load generator: requests leave on a fixed schedule, whatever the server does.

wrk (closed loop) sends the next request on a connection only when the previous answer is in, so
a slow server slows the load down and its slowest moments are under-sampled ("coordinated
omission"). Here request ``i`` is due at ``start + i / laju``; its latency is measured from that
moment, not from when a thread got round to sending it, so queueing behind a slow response counts.
Debian has no wrk2 and ``hey -q`` is closed-loop per worker, hence this small generator: threads
with their own keep-alive ``requests.Session`` take the due times in order.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import requests


@dataclass(frozen=True)
class HasilTerbuka:
    """What one open-loop run measured; latencies in milliseconds from each request's due time."""

    laju_diminta: float
    laju_tercapai: float
    terkirim: int
    gagal: int
    p50_ms: float
    p99_ms: float
    maks_ms: float


def _persentil(urut: list[float], p: float) -> float:
    if not urut:
        return float("nan")
    return urut[min(len(urut) - 1, int(round(p / 100 * (len(urut) - 1))))]


def beban_terbuka(url: str, header: dict[str, str], laju: float, durasi: float, utas: int = 48) -> HasilTerbuka:
    """Send GET ``url`` at ``laju`` requests per second for ``durasi`` seconds, open loop.

    :param url: the page.
    :param header: request headers (the signed-in cookie and User-Agent).
    :param laju: requests per second (the schedule; not adjusted to the server).
    :param durasi: seconds of schedule.
    :param utas: sending threads: enough that a due request rarely waits for a free thread at
        half the server's throughput (a wait would still be counted: latency runs from the due time).
    :return: the latencies and what was achieved.
    """
    jumlah = max(1, int(laju * durasi))
    mulai = time.perf_counter() + 0.2
    kunci = threading.Lock()
    berikut = [0]
    latensi: list[float] = []
    gagal = [0]

    def kerja() -> None:
        sesi = requests.Session()
        sesi.headers.update(header)
        while True:
            with kunci:
                i = berikut[0]
                berikut[0] += 1
            if i >= jumlah:
                return
            jatuh_tempo = mulai + i / laju
            tunggu = jatuh_tempo - time.perf_counter()
            if tunggu > 0:
                time.sleep(tunggu)
            try:
                ok = sesi.get(url, timeout=30, allow_redirects=False).status_code == 200
            except requests.RequestException:
                ok = False
            selesai = time.perf_counter()
            with kunci:
                latensi.append((selesai - jatuh_tempo) * 1000)
                gagal[0] += not ok

    benang = [threading.Thread(target=kerja, daemon=True) for _ in range(utas)]
    for b in benang:
        b.start()
    for b in benang:
        b.join()
    total = time.perf_counter() - mulai
    urut = sorted(latensi)
    return HasilTerbuka(laju_diminta=laju, laju_tercapai=len(urut) / total if total > 0 else 0.0,
                        terkirim=len(urut), gagal=gagal[0], p50_ms=_persentil(urut, 50),
                        p99_ms=_persentil(urut, 99), maks_ms=urut[-1] if urut else float("nan"))
