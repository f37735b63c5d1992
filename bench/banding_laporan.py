"""Before/after proof for a restructuring: the generated data and every report, read back.

Generates the kabupaten data for a fixed seed on a fresh SQLite file, then, signed in as each
agency's Pengguna Utama (and as the kabupaten Pimpinan), downloads the three agency reports
(Target dan Capaian Kerja, Laporan Pengukuran Kinerja per triwulan and for the year, Lampiran PK)
as PDF and XLSX, the Pengukuran page per period, and the kabupaten report. What they show is read
back (PDF text per page with pypdf, XLSX cell values with openpyxl, page HTML without its CSRF
token) and written to one JSON file, together with a digest of every generated table.

    python bench/banding_laporan.py tulis /tmp/sebelum.json      # on the old code
    python bench/banding_laporan.py tulis /tmp/sesudah.json      # on the new code
    python bench/banding_laporan.py banding /tmp/sebelum.json /tmp/sesudah.json

``banding`` prints the first differences and exits 1 when anything differs. The signature date is
the day of the run: compare two runs of the same day.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JUMLAH_PD = 3
SEED = 7
PERIODE = ("b5", "tw1", "tw2", "tw3", "tw4", "tahun")
_CSRF = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*|(csrf-token" content=")[^"]*')


def _generate(app):
    from sqlalchemy import select

    from portal_stub.extensions import db
    from sipekerja_module.models import Base
    from sipekerja_module.seed.generator import generate_kabupaten

    with app.app_context():
        db.metadata.create_all(db.engine)
        Base.metadata.create_all(db.engine)
        ringkasan = generate_kabupaten(jumlah_pd=JUMLAH_PD, tahun=2024, seed=SEED)
        db.session.commit()
        digest = {}
        for table in Base.metadata.sorted_tables:
            if table.name == "sipekerja_ringkasan_kinerja":
                continue  # derived data, recomputed by the code under test
            # Creation and update moments are the clock's, not the generator's.
            kolom = [c for c in table.columns if not c.name.endswith("_dt")]
            rows = db.session.execute(select(*kolom).order_by(*table.primary_key.columns)).all()
            digest[table.name] = hashlib.sha256(repr([tuple(map(str, r)) for r in rows]).encode()).hexdigest()
        return ringkasan.akun, digest


def _pdf_teks(isi: bytes) -> list[str]:
    import pypdf

    return [halaman.extract_text() for halaman in pypdf.PdfReader(io.BytesIO(isi)).pages]


def _xlsx_sel(isi: bytes) -> dict[str, list]:
    import openpyxl

    buku = openpyxl.load_workbook(io.BytesIO(isi), read_only=True)
    return {lembar.title: [[None if v is None else str(v) for v in baris]
                           for baris in lembar.iter_rows(values_only=True)]
            for lembar in buku.worksheets}


def _html(isi: bytes) -> str:
    return _CSRF.sub(lambda m: (m.group(1) or m.group(2)), isi.decode())


def tulis(keluaran: str) -> None:
    """Generate, download, read back and write the JSON snapshot."""
    from sqlalchemy import select

    from portal_stub import create_app
    from sipekerja_module.models import Pengguna
    from tests.masuk import masuk

    tmp = Path(tempfile.mkdtemp(prefix="banding-"))
    app = create_app({
        "TESTING": True, "SECRET_KEY": "banding", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'b.db'}",
        "SIPEKERJA_STORAGE_DIR": str(tmp / "bukti"), "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
        "SIPEKERJA_OIDC_ISSUER": "http://portal.test",
    })
    akun, digest = _generate(app)
    hasil: dict = {"data": digest, "laporan": {}}
    from portal_stub.extensions import db

    with app.app_context():
        pengguna = {a.nip: db.session.execute(select(Pengguna).filter_by(nip=a.nip)).scalar_one() for a in akun}
    for a in akun:
        # No app context is pushed here: each request gets its own (the module caches the user in ``g``).
        if True:
            client = app.test_client()
            masuk(client, pengguna[a.nip])
            awalan = f"{a.peran}:{a.perangkat_daerah_kode}"
            if a.peran == "pimpinan" and a.perangkat_daerah_kode is None:
                for p in ("tw3", "tahun"):
                    for fmt in ("pdf", "xlsx"):
                        _ambil(client, hasil, f"{awalan}:kabupaten:{p}:{fmt}",
                               f"/sipekerja/kabupaten/laporan-pengukuran/{fmt}?tahun=2024&periode={p}")
                continue
            for p in PERIODE:
                _ambil(client, hasil, f"{awalan}:pengukuran-page:{p}", f"/sipekerja/pengukuran/?tahun=2024&periode={p}")
            for jenis, periode in (("target-capaian", (None,)), ("lampiran-pk", (None,)),
                                   ("pengukuran", ("tw1", "tw2", "tw3", "tw4", "tahun"))):
                for p in periode:
                    q = "?tahun=2024" + (f"&periode={p}" if p else "")
                    for fmt in ("pdf", "xlsx", "html"):
                        url = f"/sipekerja/laporan/{jenis}" + ("" if fmt == "html" else f"/{fmt}") + q
                        _ambil(client, hasil, f"{awalan}:{jenis}:{p}:{fmt}", url)
    Path(keluaran).write_text(json.dumps(hasil, ensure_ascii=False, indent=0, sort_keys=True))
    print(f"{len(hasil['laporan'])} dokumen, {len(digest)} tabel -> {keluaran}")


def _ambil(client, hasil: dict, kunci: str, url: str) -> None:
    r = client.get(url)
    if r.status_code != 200:
        hasil["laporan"][kunci] = f"HTTP {r.status_code}"
        return
    if url.split("?")[0].endswith("/pdf"):
        hasil["laporan"][kunci] = _pdf_teks(r.data)
    elif url.split("?")[0].endswith("/xlsx"):
        hasil["laporan"][kunci] = _xlsx_sel(r.data)
    else:
        hasil["laporan"][kunci] = _html(r.data)


def banding(a: str, b: str) -> int:
    """Print differences between two snapshots; 0 when identical."""
    x, y = json.loads(Path(a).read_text()), json.loads(Path(b).read_text())
    beda = [f"data {t}" for t in sorted(set(x["data"]) | set(y["data"])) if x["data"].get(t) != y["data"].get(t)]
    beda += [f"laporan {k}" for k in sorted(set(x["laporan"]) | set(y["laporan"]))
             if x["laporan"].get(k) != y["laporan"].get(k)]
    for baris in beda[:40]:
        print("BEDA:", baris)
    print(f"{len(x['laporan'])} dokumen dan {len(x['data'])} tabel dibandingkan: {len(beda)} berbeda.")
    return 1 if beda else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "tulis":
        tulis(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "banding":
        sys.exit(banding(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
