"""Where the first view after a write spends its CPU, in-process: for manual profiling.

Builds (or reuses, ``--simpan DIR``) the bench's SQLite database, then for each chosen page
writes one realisasi (``setelah_tulis.Penulis``, the three kinds in turn) and asks for the page
through the test client, ``--kali`` times: CPU ms per view per kind of write, and a cProfile of
the loop sorted by cumulative time. One process, so unlike the gunicorn run every view sees the
render the previous one cached (per-worker caches are not split over two workers).

    .venv/bin/python bench/profil_setelah_tulis.py --simpan /tmp/prof --halaman Pengukuran
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run  # noqa: E402 - the bench's own helpers, beside this file
from setelah_tulis import JENIS_TULIS  # noqa: E402
from setelah_tulis import Penulis  # noqa: E402


def main() -> int:
    """Profile the chosen pages; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simpan", required=True, help="direktori basis data bench (dibuat bila belum ada)")
    parser.add_argument("--halaman", action="append", help="bagian nama halaman (boleh berulang)")
    parser.add_argument("--kali", type=int, default=30)
    parser.add_argument("--baris", type=int, default=30, help="baris profil yang dicetak")
    parser.add_argument("--pd", type=int, default=40)
    parser.add_argument("--tanpa-profil", action="store_true", help="hanya CPU ms, tanpa cProfile")
    parser.add_argument("--urut", default="cumulative", help="urutan profil pstats (cumulative, tottime, ...)")
    args = parser.parse_args()
    kerja = Path(args.simpan)
    kerja.mkdir(parents=True, exist_ok=True)
    # The portal's address is the issuer the generated users were stored with: keep it per database.
    berkas_port = kerja / "port"
    if not berkas_port.exists():
        berkas_port.write_text(str(run.port_bebas()))
    port = int(berkas_port.read_text())
    basis = run.Basis("SQLite", f"sqlite:///{kerja / 'bench-sqlite.db'}", kerja / "sqlite", port, args.pd)
    if not (kerja / "bench-sqlite.db").exists():
        run.siapkan(basis)  # schema, generated data, accounts and ids
    else:
        basis.info.update(run.buat_akun(basis))
    from portal_stub import create_app

    app = create_app(basis.config())
    halaman, _catatan = run.daftar_halaman(app, basis, argparse.Namespace(laporan_url=None))
    penulis = Penulis(app, basis.info["pd_id"])
    for h in halaman:
        if args.halaman and not any(bagian.lower() in h.nama.lower() for bagian in args.halaman):
            continue
        client = app.test_client()
        with client.session_transaction() as sesi:
            run.catat_masuk(app, sesi, basis.info[f"{h.akun}_id"])
        assert client.get(h.path).status_code == 200
        gc.collect()
        gc.freeze()
        per_jenis = [0.0] * JENIS_TULIS
        pr = cProfile.Profile()
        for i in range(args.kali):
            penulis.tulis(i)
            mulai = time.process_time()
            if args.tanpa_profil:
                client.get(h.path)
            else:
                pr.enable()
                client.get(h.path)
                pr.disable()
            per_jenis[i % JENIS_TULIS] += time.process_time() - mulai
        n = args.kali / JENIS_TULIS
        catatan = "" if args.tanpa_profil else ", dengan profiler"
        print(f"== {h.nama}: CPU ms per tampilan setelah tulis (kt/at/kb{catatan}): "
              + " / ".join(f"{t / n * 1000:.1f}" for t in per_jenis)
              + f"; rata-rata {sum(per_jenis) / args.kali * 1000:.1f}")
        if args.tanpa_profil:
            continue
        teks = io.StringIO()
        pstats.Stats(pr, stream=teks).sort_stats(args.urut).print_stats(args.baris)
        print("\n".join(b.replace(str(ROOT) + "/", "") for b in teks.getvalue().splitlines() if b.strip()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
