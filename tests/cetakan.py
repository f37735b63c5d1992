"""A snapshot ("cetakan") of the test database, taken once per session after a loader ran on empty
tables and restored per test by bulk INSERTs.

Loading the demo agency goes through the ORM row by row (hundreds of flushes with their listeners,
then the dashboard measured at commit); half of the suite's time was that, again for every test.
The snapshot holds every table's rows as they were after that commit (with their ids), PostgreSQL's
sequence positions, and the files the loader stored (the demo's evidence PDF), so restoring it gives
a test the same rows with the same ids as loading again, committed, with real commits afterwards:
nothing changes for tests that use several connections or threads.

:meth:`Cetakan.ambil` proves the round trip once per snapshot (restore, read back, compare), so a
column type that would not survive it fails the session loudly instead of changing a test's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.engine import Engine


def _urutan_pk(table: Table) -> list:
    # Rows back in id order: a self-referencing row (a node's parent) follows its parent.
    return list(table.primary_key.columns) or list(table.columns)


def _baca_tabel(engine: Engine, tables: list[Table]) -> list[tuple[Table, list[dict[str, Any]]]]:
    with engine.connect() as conn:
        return [(t, [dict(r) for r in conn.execute(select(t).order_by(*_urutan_pk(t))).mappings()])
                for t in tables]


def _baca_sequence(engine: Engine) -> dict[str, tuple[int, bool]]:
    """PostgreSQL: every sequence of the schema with its position (``setval`` arguments)."""
    if engine.dialect.name != "postgresql":
        return {}
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT sequencename, last_value FROM pg_sequences "
                                 "WHERE schemaname = current_schema()")).all()
    # last_value is NULL for a sequence never called (RESTART IDENTITY leaves it so).
    return {nama: (nilai, True) if nilai is not None else (1, False) for nama, nilai in rows}


def _baca_berkas(akar: Path) -> dict[str, bytes]:
    if not akar.is_dir():
        return {}
    return {p.relative_to(akar).as_posix(): p.read_bytes() for p in sorted(akar.rglob("*")) if p.is_file()}


@dataclass
class Cetakan:
    """Rows, sequence positions and stored files after a loader ran; ``nilai`` is what the test
    fixture built from the loaded data (plain values, safe across app contexts)."""

    baris: list[tuple[Table, list[dict[str, Any]]]]
    sequence: dict[str, tuple[int, bool]]
    berkas: dict[str, bytes]
    nilai: Any = None

    @classmethod
    def ambil(cls, engine: Engine, tables: list[Table], penyimpanan: Path, nilai: Any, kosongkan) -> Cetakan:
        """Read the loaded state, empty the tables with ``kosongkan(engine)``, then prove the
        snapshot restores exactly what was read (and empty them again)."""
        cetakan = cls(_baca_tabel(engine, tables), _baca_sequence(engine), _baca_berkas(penyimpanan), nilai)
        kosongkan(engine)
        cetakan.pulihkan(engine)
        kembali = _baca_tabel(engine, tables)
        for (table, asli), (_t, dipulihkan) in zip(cetakan.baris, kembali, strict=True):
            if asli != dipulihkan:
                beda = next((a, b) for a, b in zip(asli, dipulihkan) if a != b) if len(asli) == len(dipulihkan) \
                    else (len(asli), len(dipulihkan))
                raise AssertionError(f"cetakan tabel {table.name} tidak pulih utuh: {beda}")
        if _baca_sequence(engine) != cetakan.sequence:
            raise AssertionError("cetakan: posisi sequence PostgreSQL tidak pulih utuh")
        kosongkan(engine)
        return cetakan

    def pulihkan(self, engine: Engine, penyimpanan: Path | None = None) -> None:
        """Insert the rows into the (empty) tables in one transaction, set PostgreSQL's sequences
        where the loader left them, and write the stored files under ``penyimpanan``."""
        mysql = engine.dialect.name in ("mysql", "mariadb")
        with engine.begin() as conn:
            if mysql:
                # InnoDB checks a foreign key row by row; the snapshot is consistent as a whole.
                conn.execute(text("SET FOREIGN_KEY_CHECKS = 0"))
            for table, rows in self.baris:
                if rows:
                    conn.execute(table.insert(), rows)
            if mysql:
                conn.execute(text("SET FOREIGN_KEY_CHECKS = 1"))
            if self.sequence:
                conn.execute(text("SELECT " + ", ".join(
                    f"setval('{nama}', {nilai}, {'true' if dipanggil else 'false'})"
                    for nama, (nilai, dipanggil) in self.sequence.items())))
        if penyimpanan is not None:
            for relatif, isi in self.berkas.items():
                tujuan = penyimpanan / relatif
                tujuan.parent.mkdir(parents=True, exist_ok=True)
                tujuan.write_bytes(isi)
