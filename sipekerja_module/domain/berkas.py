"""Which evidence files (bukti dukung) are acceptable, judged by their bytes, never their name.

Allowed: PDF, JPEG, PNG, XLSX, DOCX. A file is refused when its content is none of these, when
its name claims another type, or when it is a *polyglot* — bytes that another program would
read as something else (data after an image's end marker, a ZIP or HTML inside a PDF, active
PDF content, macros in an Office file). Refusing is cheap; serving a disguised script is not.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from .angka import format_angka
from .errors import NilaiTidakValid

MAKS_NAMA = 255


@dataclass(frozen=True)
class JenisBerkas:
    """A recognised evidence type."""

    mime: str
    ekstensi: tuple[str, ...]
    label: str
    pratinjau: bool  # shown inline (images and PDF); Office files are only downloaded


PDF = JenisBerkas("application/pdf", ("pdf",), "PDF", True)
JPEG = JenisBerkas("image/jpeg", ("jpg", "jpeg"), "JPEG", True)
PNG = JenisBerkas("image/png", ("png",), "PNG", True)
XLSX = JenisBerkas("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",), "XLSX", False)
DOCX = JenisBerkas("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",), "DOCX",
                   False)
SEMUA_JENIS = (PDF, JPEG, PNG, XLSX, DOCX)

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_PNG_AKHIR = b"IEND\xaeB`\x82"
_ZIP_MAGIC = b"PK\x03\x04"
#: Markers of HTML/script that a browser's sniffer or an interpreter would act on.
_POLA_SKRIP = re.compile(rb"<\s*(script|html|body|iframe|svg|\?php)\b", re.IGNORECASE)
#: PDF actions that run code or open other files.
_POLA_PDF_AKTIF = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
_TOLAK = "Berkas ditolak: "


def periksa_nama_berkas(nama: str) -> str:
    """Check an uploaded file name; it is only ever shown (escaped), never used as a path.

    :param nama: the name the browser sent.
    :return: the name, stripped of surrounding spaces.
    :raise NilaiTidakValid: for an empty or over-long name, path separators, ``..`` or control
        characters.
    """
    nama = (nama or "").strip()
    if not nama:
        raise NilaiTidakValid(_TOLAK + "nama berkas kosong.")
    if len(nama) > MAKS_NAMA:
        raise NilaiTidakValid(_TOLAK + f"nama berkas lebih dari {MAKS_NAMA} karakter.")
    if "/" in nama or "\\" in nama or ".." in nama:
        raise NilaiTidakValid(_TOLAK + "nama berkas tidak boleh berisi garis miring atau '..'.")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in nama):
        raise NilaiTidakValid(_TOLAK + "nama berkas berisi karakter kendali.")
    return nama


def _periksa_jpeg(data: bytes) -> None:
    if not data.endswith(b"\xff\xd9"):
        raise NilaiTidakValid(_TOLAK + "gambar JPEG rusak atau berisi data tambahan setelah akhir gambar.")


def _periksa_png(data: bytes) -> None:
    if not data.endswith(_PNG_AKHIR):
        raise NilaiTidakValid(_TOLAK + "gambar PNG rusak atau berisi data tambahan setelah akhir gambar.")


def _periksa_pdf(data: bytes) -> None:
    ekor = data[-1024:].rstrip()
    if not ekor.endswith(b"%%EOF"):
        raise NilaiTidakValid(_TOLAK + "PDF tidak lengkap atau berisi data tambahan setelah akhir dokumen.")
    if _ZIP_MAGIC in data:
        raise NilaiTidakValid(_TOLAK + "PDF berisi arsip ZIP tersembunyi.")
    if _POLA_PDF_AKTIF.search(data):
        raise NilaiTidakValid(_TOLAK + "PDF berisi skrip, lampiran, atau aksi otomatis.")


def _jenis_zip(data: bytes) -> JenisBerkas:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as arsip:
            nama = set(arsip.namelist())
            if arsip.testzip() is not None:
                raise NilaiTidakValid(_TOLAK + "arsip Office rusak.")
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise NilaiTidakValid(_TOLAK + "bukan berkas XLSX atau DOCX yang sah.") from None
    if "[Content_Types].xml" not in nama:
        raise NilaiTidakValid(_TOLAK + "bukan berkas XLSX atau DOCX yang sah.")
    if any(n.lower().endswith("vbaproject.bin") for n in nama):
        raise NilaiTidakValid(_TOLAK + "berkas Office berisi makro.")
    if "xl/workbook.xml" in nama:
        return XLSX
    if "word/document.xml" in nama:
        return DOCX
    raise NilaiTidakValid(_TOLAK + "hanya XLSX atau DOCX yang diterima dari berkas Office.")


def deteksi_jenis(data: bytes) -> JenisBerkas:
    """Recognise an evidence file by its content and refuse disguised or polyglot files.

    :param data: the whole file.
    :return: the recognised type.
    :raise NilaiTidakValid: for an empty file, an unrecognised type (an executable renamed
        ``.pdf``, for instance) or a polyglot.
    """
    if not data:
        raise NilaiTidakValid(_TOLAK + "berkas kosong.")
    if _POLA_SKRIP.search(data[:4096]):
        raise NilaiTidakValid(_TOLAK + "berkas berisi kode HTML atau skrip.")
    if data.startswith(b"%PDF-"):
        _periksa_pdf(data)
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        _periksa_jpeg(data)
        return JPEG
    if data.startswith(_PNG_MAGIC):
        _periksa_png(data)
        return PNG
    if data.startswith(_ZIP_MAGIC):
        return _jenis_zip(data)
    raise NilaiTidakValid(_TOLAK + "jenis berkas tidak dikenali. Yang diterima: PDF, JPEG, PNG, XLSX, DOCX.")


def periksa_bukti(nama: str, data: bytes, maks_bytes: int) -> tuple[str, JenisBerkas]:
    """Check an upload completely: name, size, content type, and that the name's extension
    agrees with the content.

    :param nama: the name the browser sent.
    :param data: the bytes.
    :param maks_bytes: the configured size limit.
    :return: the clean name and the detected type.
    :raise NilaiTidakValid: with the reason, in Indonesian.
    """
    nama = periksa_nama_berkas(nama)
    if len(data) > maks_bytes:
        batas_mb = format_angka(Decimal(maks_bytes) / Decimal(1024 * 1024), None)
        raise NilaiTidakValid(_TOLAK + f"ukuran melebihi batas {batas_mb} MB.")
    jenis = deteksi_jenis(data)
    ekstensi = nama.rsplit(".", 1)[-1].lower() if "." in nama else ""
    if ekstensi not in jenis.ekstensi:
        raise NilaiTidakValid(_TOLAK + f"isi berkas adalah {jenis.label}, tetapi namanya berakhiran '.{ekstensi}'.")
    return nama, jenis
