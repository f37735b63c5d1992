"""Real sample files for upload tests, made with the libraries the project already has."""

import io
import zipfile

from openpyxl import Workbook
from PIL import Image
from reportlab.pdfgen import canvas


def pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, "SK Kenaikan Pangkat")
    c.save()
    return buf.getvalue()


def _gambar(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def png() -> bytes:
    return _gambar("PNG")


def jpeg() -> bytes:
    return _gambar("JPEG")


def xlsx() -> bytes:
    buf = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "Rekap"
    wb.save(buf)
    return buf.getvalue()


def docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def exe() -> bytes:
    return (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
            + b"This program cannot be run in DOS mode")


def zip_biasa() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.sh", "#!/bin/sh\nrm -rf /\n")
    return buf.getvalue()
