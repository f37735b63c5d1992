"""Which evidence files (bukti dukung) are acceptable, judged by their bytes, never their name.

Allowed: PDF, JPEG, PNG, XLSX, DOCX. A file is refused when its content is none of these, when
its name claims another type, or when it is a *polyglot* — bytes that another program would
read as something else (data after an image's end marker, a ZIP or HTML inside a PDF, active
PDF content, macros in an Office file). Refusing is cheap; serving a disguised script is not.

Nothing here inflates anything: an Office archive is judged by the sizes its directory
declares (total, ratio, number of parts), so a 1 MB file declaring 1 GiB is refused in
microseconds. PDF names are compared after decoding ``#xx`` escapes (``/#4A#61vaScript`` is
``/JavaScript``). The structural checks that need a parser (names inside compressed PDF object
streams, image integrity) live in ``services/pemeriksa_berkas.py``.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
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
#: PDF names of active content: scripts, actions that run or open other files, attachments,
#: Flash/3D media and XFA forms (which carry their own scripts).
NAMA_PDF_AKTIF = frozenset({"JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA",
                            "GoToE", "ImportData", "SubmitForm"})
#: A PDF name: a solidus and regular characters (ISO 32000-1 §7.3.5); ``#xx`` escapes are decoded.
_POLA_NAMA_PDF = re.compile(rb"/([^\x00\t\n\x0c\r /\[\]<>(){}%]+)")
_POLA_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
#: Stream bodies (compressed page content, images): random bytes there can look like a name.
_POLA_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_TOLAK = "Berkas ditolak: "


@dataclass(frozen=True)
class BatasBerkas:
    """Limits on what an evidence file may declare, beyond its own size (configuration)."""

    #: Sum of the declared uncompressed sizes of an Office archive's parts.
    maks_terurai: int = 200 * 1024 * 1024
    #: Largest uncompressed / compressed ratio of one part (XML compresses ~5-20x; bombs ~1000x).
    maks_rasio: int = 100
    #: Parts in one Office archive.
    maks_entri: int = 2000
    #: Pixels of one image (width x height).
    maks_piksel: int = 40_000_000


BATAS_BAKU = BatasBerkas()


def nama_pdf(data: bytes) -> set[str]:
    """Every PDF name written in ``data``, ``#xx`` escapes decoded (``/#4A#53`` → ``JS``).

    Only names in the raw bytes are seen; those inside compressed object streams need a parser.

    :param data: the bytes of a PDF (or part of one).
    :return: the decoded names, without the solidus.
    """
    return {_POLA_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), m.group(1)).decode("latin-1")
            for m in _POLA_NAMA_PDF.finditer(data)}


def periksa_nama_pdf(nama: Iterable[str]) -> None:
    """Refuse a PDF that names active content.

    :param nama: decoded PDF names (from :func:`nama_pdf` or a parser).
    :raise NilaiTidakValid: naming the first active name found.
    """
    aktif = sorted(set(nama) & NAMA_PDF_AKTIF)
    if aktif:
        raise NilaiTidakValid(_TOLAK + f"PDF berisi skrip, lampiran, atau aksi otomatis (/{aktif[0]}).")


def _mb(nilai: int) -> str:
    return format_angka(Decimal(nilai) / Decimal(1024 * 1024), None)


def periksa_isi_arsip(bagian: Iterable[tuple[str, int, int]], batas: BatasBerkas = BATAS_BAKU) -> None:
    """Judge an archive by what its directory declares, without inflating anything.

    :param bagian: ``(name, uncompressed size, compressed size)`` of each part.
    :param batas: the limits.
    :raise NilaiTidakValid: for too many parts, a total uncompressed size over the limit or a
        part whose compression ratio is excessive (the marks of a decompression bomb).
    """
    total = 0
    for jumlah, (nama, terurai, termampat) in enumerate(bagian, start=1):
        if jumlah > batas.maks_entri:
            raise NilaiTidakValid(_TOLAK + f"arsip Office berisi lebih dari {batas.maks_entri} bagian.")
        total += terurai
        if total > batas.maks_terurai:
            raise NilaiTidakValid(_TOLAK + f"arsip Office menyatakan isi terurai lebih dari {_mb(batas.maks_terurai)} "
                                           "MB.")
        if terurai > 0 and (termampat <= 0 or terurai > termampat * batas.maks_rasio):
            rasio = "tak terhingga" if termampat <= 0 else f"{terurai // termampat}×"
            raise NilaiTidakValid(_TOLAK + f"rasio kompresi bagian {nama[:60]!r} berlebihan ({rasio}; batas "
                                           f"{batas.maks_rasio}×). Kemungkinan bom dekompresi.")


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
    # Names inside stream bodies are the parser's business (services/pemeriksa_berkas.py reads
    # the object streams); random compressed bytes would otherwise spell "/JS" now and then.
    periksa_nama_pdf(nama_pdf(_POLA_STREAM.sub(b"stream endstream", data)))


def _jenis_zip(data: bytes, batas: BatasBerkas) -> JenisBerkas:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as arsip:
            # Only the central directory is read; no part is ever decompressed here.
            infos = arsip.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
        raise NilaiTidakValid(_TOLAK + "bukan berkas XLSX atau DOCX yang sah.") from None
    periksa_isi_arsip(((i.filename, i.file_size, i.compress_size) for i in infos), batas)
    if any(i.flag_bits & 0x1 for i in infos):
        raise NilaiTidakValid(_TOLAK + "arsip Office terenkripsi tidak dapat diperiksa.")
    nama = {i.filename for i in infos}
    if "[Content_Types].xml" not in nama:
        raise NilaiTidakValid(_TOLAK + "bukan berkas XLSX atau DOCX yang sah.")
    if any(n.lower().endswith("vbaproject.bin") for n in nama):
        raise NilaiTidakValid(_TOLAK + "berkas Office berisi makro.")
    if "xl/workbook.xml" in nama:
        return XLSX
    if "word/document.xml" in nama:
        return DOCX
    raise NilaiTidakValid(_TOLAK + "hanya XLSX atau DOCX yang diterima dari berkas Office.")


def deteksi_jenis(data: bytes, batas: BatasBerkas = BATAS_BAKU) -> JenisBerkas:
    """Recognise an evidence file by its content and refuse disguised or polyglot files.

    :param data: the whole file.
    :param batas: limits on what an archive may declare.
    :return: the recognised type.
    :raise NilaiTidakValid: for an empty file, an unrecognised type (an executable renamed
        ``.pdf``, for instance) or a polyglot.
    """
    if not data:
        raise NilaiTidakValid(_TOLAK + "berkas kosong.")
    # The whole file: a browser sniffing a served file, or a viewer's HTML renderer, does not
    # stop at the first kilobytes, and neither does an attacker's padding.
    if _POLA_SKRIP.search(data):
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
        return _jenis_zip(data, batas)
    raise NilaiTidakValid(_TOLAK + "jenis berkas tidak dikenali. Yang diterima: PDF, JPEG, PNG, XLSX, DOCX.")


def periksa_bukti(nama: str, data: bytes, maks_bytes: int, batas: BatasBerkas = BATAS_BAKU
                  ) -> tuple[str, JenisBerkas]:
    """Check an upload completely: name, size, content type, and that the name's extension
    agrees with the content.

    :param nama: the name the browser sent.
    :param data: the bytes.
    :param maks_bytes: the configured size limit.
    :param batas: limits on what an archive may declare.
    :return: the clean name and the detected type.
    :raise NilaiTidakValid: with the reason, in Indonesian.
    """
    nama = periksa_nama_berkas(nama)
    if len(data) > maks_bytes:
        raise NilaiTidakValid(_TOLAK + f"ukuran melebihi batas {_mb(maks_bytes)} MB.")
    jenis = deteksi_jenis(data, batas)
    ekstensi = nama.rsplit(".", 1)[-1].lower() if "." in nama else ""
    if ekstensi not in jenis.ekstensi:
        raise NilaiTidakValid(_TOLAK + f"isi berkas adalah {jenis.label}, tetapi namanya berakhiran '.{ekstensi}'.")
    return nama, jenis
