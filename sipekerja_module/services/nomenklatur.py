"""Import of the Kemendagri nomenclature (Referensi) from CSV or XLSX.

The import is all-or-nothing: every row is checked first, every problem is reported with its line
number, and nothing is written unless the whole file is valid. Rows are upserted by their
normalised code, so importing the same file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO
from typing import NamedTuple

from sqlalchemy import select

from ..domain.errors import NilaiTidakValid
from ..domain.errors import SipekerjaError
from ..domain.nomenklatur import LEVEL_KODE
from ..domain.nomenklatur import kode_induk
from ..domain.nomenklatur import level_kode
from ..domain.nomenklatur import normalisasi_kode
from ..extensions import db_session
from ..models import Nomenklatur

#: Longest ``nama`` the table stores (``Nomenklatur.nama`` is ``String(500)``).
PANJANG_NAMA_MAKS = 500
#: Line number used for problems of the file as a whole (missing columns, unreadable file).
BARIS_JUDUL = 1

_KOLOM_WAJIB = ("kode", "nama")
#: Control characters, line breaks included: a name is one line (a broken quote in a CSV
#: file would otherwise swallow the following rows into one name).
_KENDALI = re.compile(r"[\x00-\x1f\x7f]")
# SQLite refuses statements with too many bound parameters on old builds; 500 is safe everywhere.
_UKURAN_POTONGAN = 500


class BarisNomenklatur(NamedTuple):
    """One data row of an import file, as read; nothing is validated yet."""

    #: Line number in the file (the header is line 1).
    baris: int
    kode: str
    nama: str
    #: Level as written in the optional ``level`` column; ``None`` when absent or empty.
    level: str | None = None


class ImportGagal(SipekerjaError):
    """The import file has errors; nothing was written.

    :param kesalahan: ``(line number, Indonesian message)`` for every problem, by line.
    """

    def __init__(self, kesalahan: list[tuple[int, str]]) -> None:
        self.kesalahan = sorted(kesalahan, key=lambda item: item[0])
        super().__init__(
            f"Impor nomenklatur gagal: {len(self.kesalahan)} kesalahan; tidak ada data yang disimpan."
        )


@dataclass(frozen=True)
class ImportResult:
    """Outcome of a successful import, counted per row of the file."""

    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        """Number of rows imported."""
        return self.created + self.updated + self.unchanged


def read_nomenklatur_csv(stream: IO[str] | IO[bytes]) -> list[BarisNomenklatur]:
    """Read an import file in CSV format (comma-separated, header row ``kode,level,nama``).

    Column names are matched case-insensitively; ``level`` is optional. Empty rows are skipped.
    Byte streams are decoded as UTF-8 (a BOM, as Excel writes it, is accepted).

    :param stream: an open text or binary stream.
    :return: the data rows with their line numbers.
    :raise ImportGagal: if the file is not UTF-8 or lacks the ``kode`` or ``nama`` column.
    """
    if isinstance(stream.read(0), bytes):
        try:
            teks = stream.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportGagal([(BARIS_JUDUL, "Berkas CSV harus berenkode UTF-8.")]) from None
        # newline="" as the csv module requires: a quoted field may hold a line break.
        stream = io.StringIO(teks, newline="")
    reader = csv.reader(stream)
    try:
        judul = next(reader)
    except StopIteration:
        raise ImportGagal([(BARIS_JUDUL, "Berkas kosong: baris judul (kode, level, nama) tidak ada.")]) from None
    except csv.Error:
        raise ImportGagal([(BARIS_JUDUL, "Baris judul bukan CSV yang dapat dibaca.")]) from None
    kolom = _map_kolom(judul)
    hasil = []
    awal = reader.line_num + 1
    try:
        for sel in reader:
            # A quoted name may span several physical lines; report the line the record starts on.
            baris, awal = awal, reader.line_num + 1
            if not any(isi.strip() for isi in sel):
                continue
            hasil.append(_buat_baris(baris, sel, kolom))
    except csv.Error:
        raise ImportGagal([(awal, "Baris ini bukan CSV yang dapat dibaca (tanda kutip atau baris baru rusak).")]
                          ) from None
    return hasil


def read_nomenklatur_xlsx(stream: IO[bytes]) -> list[BarisNomenklatur]:
    """Read an import file in XLSX format: the first sheet, header row ``kode, level, nama``.

    Codes must be stored as text: a number cell such as ``5.10`` cannot be told apart from
    ``5.1`` and is reported as an error (whole numbers such as ``5`` are accepted).

    :param stream: an open binary stream (or a path).
    :return: the data rows with their line (sheet row) numbers.
    :raise ImportGagal: if the file is not a readable workbook, lacks the ``kode`` or ``nama``
        column, or has a code stored as a decimal number.
    """
    from openpyxl import load_workbook

    try:
        buku = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError or its own errors for non-workbooks
        raise ImportGagal([(BARIS_JUDUL, "Berkas bukan buku kerja Excel (.xlsx) yang valid.")]) from None
    try:
        lembar = buku.worksheets[0]
        hasil: list[BarisNomenklatur] = []
        kesalahan: list[tuple[int, str]] = []
        kolom: dict[str, int] | None = None
        for nomor, sel in enumerate(lembar.iter_rows(values_only=True), start=1):
            if kolom is None:
                kolom = _map_kolom(["" if isi is None else str(isi) for isi in sel])
                continue
            if all(isi is None or str(isi).strip() == "" for isi in sel):
                continue
            kode = sel[kolom["kode"]] if kolom["kode"] < len(sel) else None
            if isinstance(kode, float) and not kode.is_integer():
                kesalahan.append(
                    (nomor, f"Kode {kode} tersimpan sebagai angka; simpan kolom kode sebagai teks.")
                )
                continue
            teks = [_sel_ke_teks(isi) for isi in sel]
            hasil.append(_buat_baris(nomor, teks, kolom))
        if kolom is None:
            raise ImportGagal([(BARIS_JUDUL, "Berkas kosong: baris judul (kode, level, nama) tidak ada.")])
        if kesalahan:
            raise ImportGagal(kesalahan)
        return hasil
    finally:
        buku.close()


def import_nomenklatur(rows: Iterable[BarisNomenklatur | tuple[int, str, str, str | None]]) -> ImportResult:
    """Validate and upsert nomenclature rows, all or nothing.

    Each row is ``(line number, kode, nama, level or None)``. Codes are normalised
    (``…2.01.10`` → ``…2.01.0010``, level ``02`` → ``2``); the level is derived from the code and,
    when the row gives one, must agree with it. The parent of every code (its
    :func:`~sipekerja_module.domain.nomenklatur.kode_induk`) must be in the file or already in the
    database. A code may appear only once per file. Existing codes are updated in place when their
    name or level differs.

    :param rows: the rows, e.g. from :func:`read_nomenklatur_csv`.
    :return: counts of rows created, updated and unchanged.
    :raise ImportGagal: listing every invalid row; the session is left untouched.
    """
    kesalahan: list[tuple[int, str]] = []
    valid: dict[str, tuple[int, str, str]] = {}
    baris_kode: dict[str, int] = {}
    for baris, kode_asli, nama, level in rows:
        try:
            kode = normalisasi_kode(kode_asli or "")
            level_dari_kode = level_kode(kode)
        except NilaiTidakValid as exc:
            kesalahan.append((baris, exc.pesan))
            continue
        masalah = _periksa_nama(nama) or _periksa_level(kode, level_dari_kode, level)
        if kode in baris_kode:
            masalah = masalah or f"Kode {kode} ganda: sudah ada pada baris {baris_kode[kode]}."
        else:
            baris_kode[kode] = baris
        if masalah:
            kesalahan.append((baris, masalah))
            continue
        valid[kode] = (baris, nama.strip(), level_dari_kode)

    ada = _load_existing(set(valid) | {induk for kode in valid if (induk := kode_induk(kode))})
    for kode, (baris, _nama, _level) in valid.items():
        induk = kode_induk(kode)
        if induk is not None and induk not in baris_kode and induk not in ada:
            kesalahan.append((baris, f"Kode induk {induk} dari kode {kode} tidak ada di berkas maupun di basis data."))
    if kesalahan:
        raise ImportGagal(kesalahan)

    created = updated = unchanged = 0
    for kode, (_baris, nama, level) in valid.items():
        induk = kode_induk(kode)
        lama = ada.get(kode)
        if lama is None:
            db_session.add(Nomenklatur(kode=kode, level=level, nama=nama, kode_induk=induk))
            created += 1
        elif (lama.nama, lama.level, lama.kode_induk) != (nama, level, induk):
            lama.nama, lama.level, lama.kode_induk = nama, level, induk
            updated += 1
        else:
            unchanged += 1
    db_session.flush()
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


def _map_kolom(judul: list[str]) -> dict[str, int]:
    posisi: dict[str, int] = {}
    for indeks, nama in enumerate(judul):
        kunci = nama.strip().lower().lstrip("\ufeff")
        if kunci in ("kode", "level", "nama") and kunci not in posisi:
            posisi[kunci] = indeks
    hilang = [nama for nama in _KOLOM_WAJIB if nama not in posisi]
    if hilang:
        daftar = ", ".join(f"'{nama}'" for nama in hilang)
        raise ImportGagal([(BARIS_JUDUL, f"Kolom wajib {daftar} tidak ada pada baris judul.")])
    return posisi


def _buat_baris(baris: int, sel: list[str], kolom: dict[str, int]) -> BarisNomenklatur:
    def ambil(nama: str) -> str:
        indeks = kolom.get(nama)
        # Spaces only: a tab or vertical tab is a control character, refused by the checks below.
        return sel[indeks].strip(" ") if indeks is not None and indeks < len(sel) else ""

    return BarisNomenklatur(baris=baris, kode=ambil("kode"), nama=ambil("nama"), level=ambil("level") or None)


def _sel_ke_teks(isi: object) -> str:
    if isi is None:
        return ""
    if isinstance(isi, float) and isi.is_integer():
        return str(int(isi))
    return str(isi)


def _periksa_nama(nama: str | None) -> str | None:
    if not nama or not nama.strip():
        return "Nama tidak boleh kosong."
    if len(nama.strip()) > PANJANG_NAMA_MAKS:
        return f"Nama paling banyak {PANJANG_NAMA_MAKS} karakter."
    # Checked before stripping: str.strip() drops a trailing vertical tab or form feed as whitespace,
    # and a forms field refuses those anywhere (views.forms.KARAKTER_KENDALI).
    if _KENDALI.search(nama):
        return "Nama tidak boleh berisi baris baru atau karakter kendali (periksa tanda kutip pada berkas CSV)."
    return None


def _periksa_level(kode: str, level_dari_kode: str, level: str | None) -> str | None:
    if level is None or not level.strip():
        return None
    # Sources write "Sub Kegiatan", "sub-kegiatan" or "sub_kegiatan" for the same level.
    bersih = "_".join(level.strip().lower().replace("-", " ").replace("_", " ").split())
    if bersih not in LEVEL_KODE:
        pilihan = ", ".join(LEVEL_KODE)
        return f"Level '{level.strip()}' tidak dikenal; gunakan salah satu dari: {pilihan}."
    if bersih != level_dari_kode:
        return f"Level '{level.strip()}' tidak sesuai dengan kode {kode} (berlevel {level_dari_kode})."
    return None


def _load_existing(kode: set[str]) -> dict[str, Nomenklatur]:
    urut = sorted(kode)
    hasil: dict[str, Nomenklatur] = {}
    for awal in range(0, len(urut), _UKURAN_POTONGAN):
        potongan = urut[awal:awal + _UKURAN_POTONGAN]
        for baris in db_session.scalars(select(Nomenklatur).where(Nomenklatur.kode.in_(potongan))):
            hasil[baris.kode] = baris
    return hasil
