"""Spreadsheet round trip of a unit's monthly targets: download an XLSX template, fill it in
Excel or LibreOffice, upload it back.

The upload is all or nothing: every cell is checked first and every problem is reported by
sheet, row and column letter; only a file without any problem is written, through the same
services the web grid uses (:func:`~sipekerja_module.services.perencanaan.save_target_kinerja`
and :func:`~sipekerja_module.services.perencanaan.save_anggaran`), so audit, plan lock and
optimistic locking behave exactly as on screen.

Each data row carries the row's id and version in hidden, locked columns. An id that does not
belong to the unit and year is refused (it is an access check, not a lookup), and a row whose
version is outdated is a conflict instead of an overwrite.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import IO
from typing import Any

from sqlalchemy import select

from ..domain.angka import DESIMAL_ANGGARAN
from ..domain.angka import DESIMAL_KINERJA
from ..domain.angka import parse_angka
from ..domain.angka import periksa_kolom
from ..domain.capaian import Agregasi
from ..domain.capaian import Target
from ..domain.capaian import format_target
from ..domain.capaian import parse_target
from ..domain.errors import NilaiTidakValid
from ..domain.errors import SipekerjaError
from ..domain.periode import NAMA_BULAN
from ..domain.rencana import KesalahanIsian
from ..domain.rencana import format_target_singkat
from ..domain.rencana import periksa_anggaran_bulanan
from ..domain.rencana import periksa_target_bulanan
from ..extensions import db_session
from ..models import Indikator
from ..models import NodeRencana
from ..models import Pengguna
from ..models import Satuan
from ..models import Tahun
from ..models import TargetAnggaran
from ..models import TargetKinerja
from ..models import UnitKerja
from .perencanaan import save_anggaran
from .perencanaan import save_target_kinerja
from .perencanaan import target_dari_kolom

LEMBAR_KINERJA = "Target Kinerja"
LEMBAR_ANGGARAN = "Target Anggaran"
LEMBAR_PETUNJUK = "Petunjuk"

#: Row 1 holds a short instruction, row 2 the column titles, data starts on row 3.
BARIS_JUDUL = 2
BARIS_DATA_PERTAMA = 3

JUDUL_KINERJA = (
    "ID", "Versi", "Kode", "Nama Program/Kegiatan/Sub Kegiatan", "Uraian Indikator", "Satuan", "Agregasi",
    "Target Tahunan", *NAMA_BULAN,
)
JUDUL_ANGGARAN = ("ID", "Versi", "Kode", "Nama Sub Kegiatan", "Pagu (Rp)", *NAMA_BULAN)
#: 0-based column index of January on each sheet; the months follow.
KOLOM_JANUARI_KINERJA = JUDUL_KINERJA.index("Januari")
KOLOM_JANUARI_ANGGARAN = JUDUL_ANGGARAN.index("Januari")
KOLOM_TARGET_TAHUNAN = JUDUL_KINERJA.index("Target Tahunan")
KOLOM_PAGU = JUDUL_ANGGARAN.index("Pagu (Rp)")

#: Decimal places the columns store (``Ukuran`` = Numeric(18, 4), ``Uang`` = Numeric(18, 2)): more
#: would be rounded silently by the database, so the upload refuses them instead.

LABEL_AGREGASI = {
    Agregasi.KUMULATIF.value: "Kumulatif (dijumlahkan)",
    Agregasi.NILAI_AKHIR.value: "Nilai akhir (Desember = target tahunan)",
    Agregasi.RATA_RATA.value: "Rata-rata",
}

PETUNJUK = (
    "Petunjuk pengisian templat target",
    "",
    "1. Isi target bulanan pada kolom Januari sampai Desember (sel berwarna putih). Kolom berwarna abu-abu "
    "hanya untuk informasi dan tidak dibaca saat unggah.",
    "2. Lembar 'Target Kinerja': untuk agregasi Kumulatif, jumlah Januari–Desember harus sama dengan target "
    "tahunan; untuk Nilai akhir, Desember harus sama dengan target tahunan; untuk Rata-rata, rata-rata bulan "
    "yang diisi harus sama dengan target tahunan.",
    "3. Lembar 'Target Anggaran': isi pagu dan target anggaran bulanan (Rupiah); jumlah bulanan tidak boleh "
    "melebihi pagu.",
    "4. Angka boleh diketik sebagai angka biasa atau sebagai teks format Indonesia, misalnya 1.234.567,89. "
    "Sel kosong berarti tidak ada target pada bulan itu. Nilai tidak boleh negatif. Target kinerja indikator "
    "positif boleh berupa rentang yang diketik sebagai teks, misalnya 80–90 (batas bawah lebih dulu).",
    "5. Jangan menambah, menghapus, atau memindahkan baris dan kolom; jangan mengubah kolom tersembunyi "
    "(ID dan Versi).",
    "6. Unggah berkas ini kembali. Bila ada kesalahan, tidak ada data yang disimpan dan setiap sel yang salah "
    "ditampilkan dengan nama lembar, nomor baris, dan huruf kolom.",
    "7. Bila data sudah diubah orang lain setelah templat diunduh, baris tersebut ditolak: unduh templat baru.",
)


@dataclass(frozen=True)
class KesalahanSel:
    """One problem of an uploaded file, addressed as the user sees it in the spreadsheet.

    :param sheet: the sheet's name.
    :param baris: the 1-based row number; None when the problem concerns the whole sheet.
    :param kolom: the column letter (``"J"``); None when the problem concerns the whole row or sheet.
    :param pesan: Indonesian message.
    :param konflik: True when the row was changed by someone else after the template was
        downloaded (the upload's form of :class:`~sipekerja_module.domain.errors.KonflikData`).
    """

    sheet: str
    baris: int | None
    kolom: str | None
    pesan: str
    konflik: bool = False

    def __str__(self) -> str:
        alamat = self.sheet
        if self.baris is not None:
            alamat += f", baris {self.baris}"
        if self.kolom is not None:
            alamat += f", kolom {self.kolom}"
        return f"{alamat}: {self.pesan}"


class ImporTargetGagal(SipekerjaError):
    """An uploaded target file was refused; nothing was written.

    :param kesalahan: every problem found (empty when the file could not be read at all).
    :param pesan: summary for the user; derived from ``kesalahan`` when omitted.
    """

    def __init__(self, kesalahan: list[KesalahanSel], pesan: str | None = None) -> None:
        if pesan is None:
            pesan = f"Berkas tidak diimpor: ditemukan {len(kesalahan)} kesalahan. Tidak ada data yang disimpan."
        super().__init__(pesan)
        self.kesalahan = kesalahan

    @property
    def ada_konflik(self) -> bool:
        """True when at least one row was changed by someone else after the template was downloaded."""
        return any(k.konflik for k in self.kesalahan)


_PESAN_KONFLIK = (
    "Data baris ini sudah diubah oleh pengguna lain sejak templat diunduh. "
    "Unduh templat terbaru, lalu ulangi pengisian."
)


@dataclass(frozen=True)
class HasilImpor:
    """Outcome of a successful upload.

    :param jumlah_indikator: indicator rows read.
    :param jumlah_sub_kegiatan: sub kegiatan rows read.
    :param jumlah_berubah: rows actually saved (unchanged rows are skipped, leaving no audit record).
    """

    jumlah_indikator: int
    jumlah_sub_kegiatan: int
    jumlah_berubah: int


@dataclass
class _DataUnit:
    """What both directions need, loaded in four queries."""

    indikator: list[tuple[Indikator, NodeRencana, Satuan]]
    target_kinerja: dict[int, dict[int, Decimal | Target | None]]
    sub_kegiatan: list[NodeRencana]
    target_anggaran: dict[int, dict[int, Decimal | None]]


def _load_data_unit(unit_kerja_id: int, tahun_id: int) -> _DataUnit:
    """Load a unit's indicators, sub kegiatan and their monthly values for a year (4 queries)."""
    milik_unit = (NodeRencana.unit_kerja_id == unit_kerja_id, NodeRencana.tahun_id == tahun_id)
    indikator = [
        tuple(row) for row in db_session.execute(
            select(Indikator, NodeRencana, Satuan)
            .join(NodeRencana, Indikator.node_id == NodeRencana.id)
            .join(Satuan, Indikator.satuan_id == Satuan.id)
            .where(*milik_unit)
            .order_by(NodeRencana.kode, Indikator.urutan, Indikator.id)
        ).all()
    ]
    target_kinerja: dict[int, dict[int, Decimal | Target | None]] = {}
    for indikator_id, bulan, nilai, atas in db_session.execute(
        select(TargetKinerja.indikator_id, TargetKinerja.bulan, TargetKinerja.nilai, TargetKinerja.atas)
        .join(Indikator, TargetKinerja.indikator_id == Indikator.id)
        .join(NodeRencana, Indikator.node_id == NodeRencana.id)
        .where(*milik_unit)
    ):
        target_kinerja.setdefault(indikator_id, {})[bulan] = nilai if atas is None else target_dari_kolom(nilai, atas)
    sub_kegiatan = list(db_session.execute(
        select(NodeRencana).where(*milik_unit, NodeRencana.level == "sub_kegiatan").order_by(NodeRencana.kode)
    ).scalars())
    target_anggaran: dict[int, dict[int, Decimal | None]] = {}
    for node_id, bulan, nilai in db_session.execute(
        select(TargetAnggaran.node_id, TargetAnggaran.bulan, TargetAnggaran.nilai)
        .join(NodeRencana, TargetAnggaran.node_id == NodeRencana.id)
        .where(*milik_unit)
    ):
        target_anggaran.setdefault(node_id, {})[bulan] = nilai
    return _DataUnit(indikator, target_kinerja, sub_kegiatan, target_anggaran)


# --- download -------------------------------------------------------------------------------

def _float(nilai: Decimal | None) -> float | None:
    # The xlsxwriter boundary: a spreadsheet cell holds an IEEE double, so the value becomes a
    # float here and nowhere else. Stored values have at most 18 digits with 2 or 4 decimals,
    # well inside what a double written with 16 significant digits restores exactly on upload.
    return None if nilai is None else float(nilai)


def build_template_target(*, unit_kerja: UnitKerja, tahun: Tahun) -> bytes:
    """Write a unit's targets for a year as an XLSX template to fill in and upload again.

    Sheet "Target Kinerja" has one row per indicator on the unit's plan nodes; sheet
    "Target Anggaran" one row per sub kegiatan; sheet "Petunjuk" explains the rules. Columns ID
    and Versi are hidden and locked; only the month cells (and the pagu) are editable. Uses four
    queries whatever the size of the plan.

    :param unit_kerja: the unit whose targets are exported.
    :param tahun: the year.
    :return: the workbook's bytes.
    """
    import xlsxwriter

    data = _load_data_unit(unit_kerja.id, tahun.id)
    keluaran = io.BytesIO()
    buku = xlsxwriter.Workbook(keluaran, {"in_memory": True})
    fmt_petunjuk = buku.add_format({"italic": True, "font_color": "#444444", "text_wrap": True, "valign": "top"})
    fmt_judul = buku.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                                 "valign": "vcenter", "align": "center"})
    fmt_info = buku.add_format({"bg_color": "#EDEDED", "border": 1, "text_wrap": True, "valign": "top"})
    fmt_info_angka = buku.add_format({"bg_color": "#EDEDED", "border": 1, "num_format": "#,##0.####",
                                      "valign": "top"})
    fmt_kinerja = buku.add_format({"locked": False, "border": 1, "num_format": "General"})
    fmt_uang = buku.add_format({"locked": False, "border": 1, "num_format": "#,##0.00"})
    fmt_id = buku.add_format({"locked": True})

    petunjuk_singkat = ("Isi sel berwarna putih (Januari–Desember). Angka boleh berformat Indonesia, misalnya "
                        "1.234.567,89. Lihat lembar 'Petunjuk'.")

    lembar = buku.add_worksheet(LEMBAR_KINERJA)
    _siapkan_lembar(lembar, JUDUL_KINERJA, KOLOM_JANUARI_KINERJA, petunjuk_singkat, fmt_petunjuk, fmt_judul)
    lembar.set_column(2, 2, 18)
    lembar.set_column(3, 4, 40)
    lembar.set_column(5, 6, 16)
    lembar.set_column(7, 7, 14)
    baris = BARIS_DATA_PERTAMA - 1
    for indikator, node, satuan in data.indikator:
        lembar.write_number(baris, 0, indikator.id, fmt_id)
        lembar.write_number(baris, 1, indikator.version, fmt_id)
        lembar.write_string(baris, 2, node.kode, fmt_info)
        lembar.write_string(baris, 3, node.nama, fmt_info)
        lembar.write_string(baris, 4, indikator.uraian, fmt_info)
        lembar.write_string(baris, 5, satuan.nama, fmt_info)
        lembar.write_string(baris, 6, LABEL_AGREGASI.get(indikator.agregasi, indikator.agregasi), fmt_info)
        target = target_dari_kolom(indikator.target_tahunan, indikator.target_atas)
        if target is None:
            lembar.write_blank(baris, KOLOM_TARGET_TAHUNAN, None, fmt_info)
        elif target.is_rentang:
            lembar.write_string(baris, KOLOM_TARGET_TAHUNAN, format_target_singkat(target), fmt_info)
        else:
            lembar.write_number(baris, KOLOM_TARGET_TAHUNAN, _float(target.nilai), fmt_info_angka)
        _write_bulan(lembar, baris, KOLOM_JANUARI_KINERJA, data.target_kinerja.get(indikator.id, {}), fmt_kinerja)
        baris += 1

    lembar = buku.add_worksheet(LEMBAR_ANGGARAN)
    _siapkan_lembar(lembar, JUDUL_ANGGARAN, KOLOM_PAGU, petunjuk_singkat, fmt_petunjuk, fmt_judul)
    lembar.set_column(2, 2, 20)
    lembar.set_column(3, 3, 45)
    lembar.set_column(KOLOM_PAGU, KOLOM_PAGU + 12, 16)
    baris = BARIS_DATA_PERTAMA - 1
    for node in data.sub_kegiatan:
        lembar.write_number(baris, 0, node.id, fmt_id)
        lembar.write_number(baris, 1, node.version, fmt_id)
        lembar.write_string(baris, 2, node.kode, fmt_info)
        lembar.write_string(baris, 3, node.nama, fmt_info)
        if node.pagu is None:
            lembar.write_blank(baris, KOLOM_PAGU, None, fmt_uang)
        else:
            lembar.write_number(baris, KOLOM_PAGU, _float(node.pagu), fmt_uang)
        _write_bulan(lembar, baris, KOLOM_JANUARI_ANGGARAN, data.target_anggaran.get(node.id, {}), fmt_uang)
        baris += 1

    lembar = buku.add_worksheet(LEMBAR_PETUNJUK)
    lembar.set_column(0, 0, 110)
    lembar.write_string(0, 0, PETUNJUK[0], fmt_judul)
    for nomor, teks in enumerate(PETUNJUK[1:], start=1):
        lembar.write_string(nomor, 0, teks, fmt_petunjuk)
    lembar.write_string(len(PETUNJUK) + 1, 0, f"Unit kerja: {unit_kerja.nama} — Tahun {tahun.tahun}")

    buku.close()
    return keluaran.getvalue()


def _siapkan_lembar(lembar, judul: tuple[str, ...], kolom_isian_pertama: int, petunjuk: str,
                    fmt_petunjuk, fmt_judul) -> None:
    """Write the instruction and title rows, hide ID/Versi, freeze titles and protect the sheet."""
    lembar.merge_range(0, 0, 0, len(judul) - 1, petunjuk, fmt_petunjuk)
    lembar.set_row(0, 30)
    lembar.set_row(BARIS_JUDUL - 1, 30)
    for kolom, teks in enumerate(judul):
        lembar.write_string(BARIS_JUDUL - 1, kolom, teks, fmt_judul)
    lembar.set_column(0, 1, 8, None, {"hidden": True})
    lembar.set_column(kolom_isian_pertama, len(judul) - 1, 14)
    lembar.freeze_panes(BARIS_DATA_PERTAMA - 1, 4)
    # Protection without a password: it stops accidental edits of ids and informative columns and
    # keeps rows in place; month cells are formatted unlocked.
    lembar.protect("", {"format_columns": True, "format_cells": True})


def _write_bulan(lembar, baris: int, kolom_januari: int, nilai: Mapping[int, Decimal | Target | None], fmt) -> None:
    for bulan in range(1, 13):
        angka = nilai.get(bulan)
        if angka is None:
            lembar.write_blank(baris, kolom_januari + bulan - 1, None, fmt)
        elif isinstance(angka, Target):
            # A range has no single number: written as the user types it ("80–90").
            lembar.write_string(baris, kolom_januari + bulan - 1, format_target(angka), fmt)
        else:
            lembar.write_number(baris, kolom_januari + bulan - 1, _float(angka), fmt)


# --- upload ---------------------------------------------------------------------------------

def _huruf_kolom(indeks: int) -> str:
    """0-based column index -> spreadsheet letter (0 -> A, 26 -> AA)."""
    huruf = ""
    indeks += 1
    while indeks:
        indeks, sisa = divmod(indeks - 1, 26)
        huruf = chr(ord("A") + sisa) + huruf
    return huruf


@dataclass
class _BarisFile:
    nomor: int
    id: int
    versi: int
    pagu: Decimal | None
    bulan: dict[int, Decimal | None]
    #: False when a number cell was unreadable: the row is then only access-checked.
    terbaca: bool


class _Pembaca:
    """Collects the problems of one sheet while turning its cells into Decimals."""

    def __init__(self, sheet: str, kesalahan: list[KesalahanSel]) -> None:
        self.sheet = sheet
        self.kesalahan = kesalahan

    def add(self, baris: int | None, kolom: int | None, pesan: str, *, konflik: bool = False) -> None:
        self.kesalahan.append(
            KesalahanSel(self.sheet, baris, None if kolom is None else _huruf_kolom(kolom), pesan, konflik)
        )

    def read_bilangan_bulat(self, sel: Any, baris: int, kolom: int, nama: str) -> int | None:
        """Read a hidden integer cell (ID, Versi); None after recording a problem."""
        if isinstance(sel, bool):
            sel = None
        if isinstance(sel, float) and sel.is_integer():
            sel = int(sel)
        if isinstance(sel, str) and sel.strip().isascii() and sel.strip().isdigit():
            sel = int(sel.strip())
        if not isinstance(sel, int) or sel <= 0:
            self.add(baris, kolom, f"{nama} baris tidak valid. Jangan mengubah kolom {nama}; unduh templat baru.")
            return None
        return sel

    def read_angka(self, sel: Any, baris: int, kolom: int, desimal: int,
                   rentang: bool = False) -> tuple[bool, Decimal | Target | None]:
        """Read a numeric cell: a number, Indonesian-format text, or empty; with ``rentang`` also a
        range typed as text (``80–90``, target kinerja only).

        :return: ``(ok, value)``; ``ok`` is False after recording a problem.
        """
        if sel is None or (isinstance(sel, str) and not sel.strip()):
            return True, None
        try:
            if rentang and isinstance(sel, str):
                target = parse_target(sel)
                if target.is_rentang:
                    return True, Target.rentang(_check_angka(target.bawah, desimal),  # type: ignore[arg-type]
                                                _check_angka(target.atas, desimal))  # type: ignore[arg-type]
            return True, _check_angka(_sel_ke_decimal(sel), desimal)
        except NilaiTidakValid as galat:
            self.add(baris, kolom, galat.pesan)
            return False, None


def _sel_ke_decimal(sel: Any) -> Decimal:
    """Turn a non-empty cell value into a Decimal.

    :raise NilaiTidakValid: for text that is not an Indonesian-format number, dates, booleans.
    """
    if isinstance(sel, str):
        return parse_angka(sel)
    if isinstance(sel, int) and not isinstance(sel, bool):
        return Decimal(sel)
    if isinstance(sel, float) and math.isfinite(sel):
        # The openpyxl boundary: str() gives the shortest text that restores the double, i.e.
        # the decimal the user typed (0.1 -> "0.1"), never the binary expansion.
        return Decimal(str(sel))
    raise NilaiTidakValid("Isi sel harus berupa angka.")


def _check_angka(nilai: Decimal, desimal: int) -> Decimal:
    """Refuse what the columns cannot store exactly.

    :raise NilaiTidakValid: for negatives, too many decimals, or too many digits.
    """
    if nilai < 0:
        # Checked here too, not only by the grid rules: they stop at the first negative month,
        # and the upload must report every bad cell at once.
        raise NilaiTidakValid("Nilai tidak boleh negatif.")
    return periksa_kolom(nilai, desimal)


def _read_lembar(buku, sheet: str, judul: tuple[str, ...], kolom_angka: tuple[int, ...], kolom_januari: int,
                 desimal: int, kesalahan: list[KesalahanSel], rentang: bool = False) -> list[_BarisFile]:
    """Read one sheet's data rows; every problem goes to ``kesalahan``.

    :param kolom_angka: 0-based columns holding numbers to read (pagu and/or the months).
    :return: the rows with a readable ID and Versi.
    """
    pembaca = _Pembaca(sheet, kesalahan)
    if sheet not in buku.sheetnames:
        pembaca.add(None, None, f"Lembar '{sheet}' tidak ditemukan. Gunakan templat yang diunduh dari SI PEKERJA.")
        return []
    hasil: list[_BarisFile] = []
    lebar = len(judul)
    for nomor, sel in enumerate(buku[sheet].iter_rows(min_row=BARIS_JUDUL, values_only=True), start=BARIS_JUDUL):
        sel = tuple(sel[:lebar]) + (None,) * max(0, lebar - len(sel))
        if nomor == BARIS_JUDUL:
            salah = [i for i, teks in enumerate(judul) if str(sel[i] or "").strip() != teks]
            for i in salah:
                pembaca.add(nomor, i, f"Judul kolom harus '{judul[i]}'. Jangan memindahkan atau menghapus kolom.")
            if salah:
                return []
            continue
        if all(isi is None or (isinstance(isi, str) and not isi.strip()) for isi in sel):
            continue
        id_ = pembaca.read_bilangan_bulat(sel[0], nomor, 0, "ID")
        versi = pembaca.read_bilangan_bulat(sel[1], nomor, 1, "Versi")
        nilai: dict[int, Decimal | None] = {}
        terbaca = True
        for kolom in kolom_angka:
            ok, angka = pembaca.read_angka(sel[kolom], nomor, kolom, desimal, rentang)
            terbaca = terbaca and ok
            nilai[kolom] = angka
        if id_ is not None and versi is not None:
            hasil.append(_BarisFile(
                nomor=nomor, id=id_, versi=versi,
                pagu=nilai.get(KOLOM_PAGU) if sheet == LEMBAR_ANGGARAN else None,
                bulan={b: nilai[kolom_januari + b - 1] for b in range(1, 13)},
                terbaca=terbaca,
            ))
    return hasil


def _check_baris(pembaca: _Pembaca, baris: _BarisFile, milik: Mapping[int, Any], terlihat: set[int]) -> bool:
    """Access and duplicate check of a row's id; False after recording a problem."""
    if baris.id not in milik:
        # Same message for "does not exist" and "belongs to another unit": the upload must not
        # reveal which ids exist elsewhere.
        pembaca.add(baris.nomor, 0, "ID baris tidak dikenal atau bukan milik unit kerja dan tahun ini. "
                                    "Gunakan templat yang diunduh untuk unit kerja ini.")
        return False
    if baris.id in terlihat:
        pembaca.add(baris.nomor, 0, "Baris ini muncul lebih dari sekali dalam berkas.")
        return False
    terlihat.add(baris.id)
    return True


def _add_kesalahan_isian(pembaca: _Pembaca, nomor: int, kesalahan: list[KesalahanIsian], kolom_januari: int,
                         kolom_baris: int) -> None:
    for k in kesalahan:
        kolom = kolom_baris if k.bulan is None else kolom_januari + k.bulan - 1
        pembaca.add(nomor, kolom, k.pesan)


def _berubah(lama: Mapping[int, Decimal | None], baru: Mapping[int, Decimal | None]) -> bool:
    return any(lama.get(b) != baru.get(b) for b in range(1, 13))


def _open_workbook(stream: IO[bytes] | bytes):
    from openpyxl import load_workbook

    if isinstance(stream, (bytes, bytearray)):
        stream = io.BytesIO(stream)
    try:
        return load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, ValueError or its own errors for non-workbooks
        raise ImporTargetGagal(
            [], "Berkas bukan buku kerja Excel (.xlsx) yang valid. Unggah templat target yang diunduh dari "
                "SI PEKERJA (format .xlsx, bukan .xls atau .csv)."
        ) from None


def import_target_xlsx(
    *, stream: IO[bytes] | bytes, unit_kerja: UnitKerja, tahun: Tahun, oleh: Pengguna | None
) -> HasilImpor:
    """Read a filled template and save its target kinerja, pagu and target anggaran, all or nothing.

    Every row is checked before anything is written: ids must belong to the unit and year,
    numbers must be readable (numbers or Indonesian text such as ``1.234.567,89``) and not
    negative, each row must pass the grid rules of the web form, and a changed row must carry
    the version it has now. Unchanged rows are skipped, so they leave no audit record. The
    caller commits, and must roll back when this raises.

    :param stream: the uploaded file (binary stream or bytes).
    :param unit_kerja: the unit the template belongs to (already authorised by the caller).
    :param tahun: the year.
    :param oleh: who uploads.
    :return: how many rows were read and how many were saved.
    :raise ImporTargetGagal: when the file is not an XLSX workbook or has any problem; ``kesalahan``
        lists every bad cell by sheet, row and column, and nothing is written.
    :raise RencanaTerkunci: when the plan is ditetapkan and the file changes something.
    :raise KonflikData: when another save wins a race while this one is writing.
    """
    buku = _open_workbook(stream)
    kesalahan: list[KesalahanSel] = []
    try:
        baris_kinerja = _read_lembar(
            buku, LEMBAR_KINERJA, JUDUL_KINERJA, tuple(range(KOLOM_JANUARI_KINERJA, KOLOM_JANUARI_KINERJA + 12)),
            KOLOM_JANUARI_KINERJA, DESIMAL_KINERJA, kesalahan, rentang=True)
        baris_anggaran = _read_lembar(
            buku, LEMBAR_ANGGARAN, JUDUL_ANGGARAN,
            (KOLOM_PAGU, *range(KOLOM_JANUARI_ANGGARAN, KOLOM_JANUARI_ANGGARAN + 12)),
            KOLOM_JANUARI_ANGGARAN, DESIMAL_ANGGARAN, kesalahan)
    finally:
        buku.close()

    data = _load_data_unit(unit_kerja.id, tahun.id)
    simpan_kinerja = _check_kinerja(baris_kinerja, data, _Pembaca(LEMBAR_KINERJA, kesalahan))
    simpan_anggaran = _check_anggaran(baris_anggaran, data, _Pembaca(LEMBAR_ANGGARAN, kesalahan))
    if kesalahan:
        raise ImporTargetGagal(kesalahan)

    for indikator, baris in simpan_kinerja:
        save_target_kinerja(indikator=indikator, nilai_bulanan=baris.bulan, versi=baris.versi, oleh=oleh)
    for node, baris in simpan_anggaran:
        save_anggaran(node=node, pagu=baris.pagu, nilai_bulanan=baris.bulan, versi=baris.versi, oleh=oleh)
    return HasilImpor(
        jumlah_indikator=len(baris_kinerja),
        jumlah_sub_kegiatan=len(baris_anggaran),
        jumlah_berubah=len(simpan_kinerja) + len(simpan_anggaran),
    )


def _check_kinerja(daftar: list[_BarisFile], data: _DataUnit,
                   pembaca: _Pembaca) -> list[tuple[Indikator, _BarisFile]]:
    """Check the Target Kinerja rows; return the changed, valid rows to save."""
    milik = {ind.id: ind for ind, _, _ in data.indikator}
    terlihat: set[int] = set()
    simpan: list[tuple[Indikator, _BarisFile]] = []
    for baris in daftar:
        if not _check_baris(pembaca, baris, milik, terlihat) or not baris.terbaca:
            continue
        indikator = milik[baris.id]
        masalah = periksa_target_bulanan(
            baris.bulan, target_dari_kolom(indikator.target_tahunan, indikator.target_atas), indikator.agregasi,
            indikator.polaritas)
        _add_kesalahan_isian(pembaca, baris.nomor, masalah, KOLOM_JANUARI_KINERJA, KOLOM_TARGET_TAHUNAN)
        if not _berubah(data.target_kinerja.get(indikator.id, {}), baris.bulan):
            continue
        if _check_versi(pembaca, baris, indikator.version) and not masalah:
            simpan.append((indikator, baris))
    return simpan


def _check_anggaran(daftar: list[_BarisFile], data: _DataUnit,
                    pembaca: _Pembaca) -> list[tuple[NodeRencana, _BarisFile]]:
    """Check the Target Anggaran rows; return the changed, valid rows to save."""
    milik = {node.id: node for node in data.sub_kegiatan}
    terlihat: set[int] = set()
    simpan: list[tuple[NodeRencana, _BarisFile]] = []
    for baris in daftar:
        if not _check_baris(pembaca, baris, milik, terlihat) or not baris.terbaca:
            continue
        node = milik[baris.id]
        masalah = periksa_anggaran_bulanan(baris.bulan, baris.pagu)
        _add_kesalahan_isian(pembaca, baris.nomor, masalah, KOLOM_JANUARI_ANGGARAN, KOLOM_PAGU)
        if node.pagu == baris.pagu and not _berubah(data.target_anggaran.get(node.id, {}), baris.bulan):
            continue
        if _check_versi(pembaca, baris, node.version) and not masalah:
            simpan.append((node, baris))
    return simpan


def _check_versi(pembaca: _Pembaca, baris: _BarisFile, versi_sekarang: int) -> bool:
    """A changed row must carry the current version; False after recording a conflict.

    Only changed rows are checked: a row the file leaves as it is now overwrites nothing.
    """
    if baris.versi != versi_sekarang:
        pembaca.add(baris.nomor, 1, _PESAN_KONFLIK, konflik=True)
        return False
    return True


__all__ = [
    "HasilImpor",
    "ImporTargetGagal",
    "KesalahanSel",
    "build_template_target",
    "import_target_xlsx",
]
