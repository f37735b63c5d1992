"""Where the first view after a write spends its CPU, in-process: for manual profiling.

Builds (or reuses, ``--simpan DIR``) the bench's SQLite database, then for each chosen page
writes one realisasi (``setelah_tulis.Penulis``, the three kinds in turn) and asks for the page
through the test client, ``--kali`` times: CPU ms and SQL statements per view per kind of write,
and a cProfile of the loop sorted by cumulative time. One process: by default every view sees the
render the previous one cached; ``--pekerja 2`` serves the views by two apps in turn, each with its
own caches, as gunicorn's two workers may (each then finds the blocks of every other write stale).

    .venv/bin/python bench/profil_setelah_tulis.py --simpan /tmp/prof --halaman Pengukuran
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import sqlite3
import sys
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402 - the bench's own helpers, beside this file
from setelah_tulis import JENIS_TULIS  # noqa: E402
from setelah_tulis import Penulis  # noqa: E402


def _port_tersimpan(berkas: Path) -> int:
    """The port of a reused database's first run: its accounts were created with the issuer
    ``http://127.0.0.1:<port>`` of that run, and a sign-in under another issuer is anonymous."""
    if berkas.exists():
        with sqlite3.connect(berkas) as sambungan:
            baris = sambungan.execute("SELECT issuer FROM sipekerja_pengguna WHERE issuer LIKE 'http://127.0.0.1:%' "
                                      "LIMIT 1").fetchone()
        if baris:
            return int(baris[0].rsplit(":", 1)[1])
    return run.port_bebas()


def main() -> int:
    """Profile the chosen pages; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simpan", required=True, help="direktori basis data bench (dibuat bila belum ada)")
    parser.add_argument("--halaman", action="append", help="bagian nama halaman (boleh berulang)")
    parser.add_argument("--kali", type=int, default=30)
    parser.add_argument("--baris", type=int, default=30, help="baris profil yang dicetak")
    parser.add_argument("--pd", type=int, default=40)
    parser.add_argument("--pekerja", type=int, default=1,
                        help="app (cache per proses) yang melayani tampilan bergiliran, seperti worker gunicorn")
    parser.add_argument("--tanpa-profil", action="store_true",
                        help="ukur CPU tanpa profiler juga (putaran kedua, tulisan yang sama)")
    parser.add_argument("--jenis", type=int, action="append",
                        help="profilkan hanya tampilan setelah tulisan jenis ini (0 kt, 1 at, 2 kb; boleh berulang)")
    parser.add_argument("--rinci", action="append", default=[],
                        help="cetak fungsi yang dipanggil oleh fungsi ini (pstats print_callees; boleh berulang)")
    parser.add_argument("--urut", action="append",
                        help="urutan profil (pstats: cumulative, tottime, ...; boleh berulang)")
    args = parser.parse_args()
    kerja = Path(args.simpan)
    kerja.mkdir(parents=True, exist_ok=True)
    berkas = kerja / "bench-sqlite.db"
    basis = run.Basis("SQLite", f"sqlite:///{berkas}", kerja / "sqlite", _port_tersimpan(berkas), args.pd)
    if not berkas.exists():
        run.siapkan(basis)  # schema, generated data, accounts and ids
    else:
        basis.info.update(run.buat_akun(basis))
    from portal_stub import create_app

    apps = [create_app(basis.config()) for _ in range(args.pekerja)]
    app = apps[0]
    halaman, _catatan = run.daftar_halaman(app, basis, argparse.Namespace(laporan_url=None))
    penulis = Penulis(app, basis.info["pd_id"])
    pernyataan = [0]
    for a in apps:
        with a.app_context():
            event.listen(a.extensions["sqlalchemy"].engine, "before_cursor_execute",
                         lambda *_: pernyataan.__setitem__(0, pernyataan[0] + 1))
    for h in halaman:
        if args.halaman and not any(bagian.lower() in h.nama.lower() for bagian in args.halaman):
            continue
        clients = []
        for a in apps:
            client = a.test_client()
            with client.session_transaction() as sesi:
                run.catat_masuk(a, sesi, basis.info[f"{h.akun}_id"])
            respons = client.get(h.path)
            if respons.status_code != 200:
                raise RuntimeError(f"{h.path} menjawab {respons.status_code}")
            clients.append(client)
        gc.collect()
        gc.freeze()
        per_jenis = [0.0] * JENIS_TULIS
        kueri = [0] * JENIS_TULIS
        pr = cProfile.Profile()
        for i in range(args.kali):
            penulis.tulis(i)
            profil = args.jenis is None or i % JENIS_TULIS in args.jenis
            sebelum = pernyataan[0]
            mulai = time.process_time()
            if profil:
                pr.enable()
            clients[i % len(clients)].get(h.path)
            if profil:
                pr.disable()
            per_jenis[i % JENIS_TULIS] += time.process_time() - mulai
            kueri[i % JENIS_TULIS] += pernyataan[0] - sebelum
        n = args.kali / JENIS_TULIS
        print(f"== {h.nama}: CPU ms per tampilan setelah tulis (kt/at/kb, dengan profiler): "
              + " / ".join(f"{t / n * 1000:.1f}" for t in per_jenis)
              + "; pernyataan SQL per tampilan: " + " / ".join(f"{k / n:.1f}" for k in kueri))
        if args.tanpa_profil:
            per_jenis, hangat = [0.0] * JENIS_TULIS, 0.0
            for i in range(args.kali):
                penulis.tulis(args.kali + i)
                client = clients[i % len(clients)]
                mulai = time.process_time()
                client.get(h.path)
                per_jenis[i % JENIS_TULIS] += time.process_time() - mulai
                mulai = time.process_time()
                client.get(h.path)  # the same page again, nothing written: the warm view
                hangat += time.process_time() - mulai
            print(f"== {h.nama}: CPU ms per tampilan setelah tulis (kt/at/kb, tanpa profiler): "
                  + " / ".join(f"{t / n * 1000:.1f}" for t in per_jenis)
                  + f"; tampilan hangat {hangat / args.kali * 1000:.1f}")
        for urut in args.urut or ["cumulative"]:
            teks = io.StringIO()
            pstats.Stats(pr, stream=teks).sort_stats(urut).print_stats(args.baris)
            print("\n".join(b.replace(str(ROOT) + "/", "") for b in teks.getvalue().splitlines() if b.strip()))
        for nama in args.rinci:
            teks = io.StringIO()
            pstats.Stats(pr, stream=teks).sort_stats("cumulative").print_callees(nama)
            print("\n".join(b.replace(str(ROOT) + "/", "") for b in teks.getvalue().splitlines() if b.strip()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
