"""Structural checks of evidence files with real parsers, after the byte rules of
``domain.berkas`` have recognised the type.

* PDF (pypdf): every object of the file, those inside compressed object streams included, is
  read and its names (escapes already decoded by the parser) compared with the active-content
  names; an encrypted PDF cannot be inspected and is refused.
* PNG and JPEG (Pillow): the declared size is checked against the pixel limit before anything
  is decoded, then ``verify()`` checks the structure (chunk CRCs for PNG).

Office archives need no parser beyond ``zipfile``'s directory, read in the domain.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from typing import Any

from flask import current_app
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject
from pypdf.generic import DictionaryObject
from pypdf.generic import IndirectObject
from pypdf.generic import NameObject

from ..domain.berkas import JPEG
from ..domain.berkas import PDF
from ..domain.berkas import PNG
from ..domain.berkas import BatasBerkas
from ..domain.berkas import JenisBerkas
from ..domain.berkas import periksa_nama_pdf
from ..domain.errors import NilaiTidakValid

logger = logging.getLogger(__name__)
_TOLAK = "Berkas ditolak: "


def batas_berkas() -> BatasBerkas:
    """The upload limits of the current app (``SIPEKERJA_MAX_UNCOMPRESSED_BYTES`` …)."""
    config = current_app.config
    return BatasBerkas(
        maks_terurai=int(config["SIPEKERJA_MAX_UNCOMPRESSED_BYTES"]),
        maks_rasio=int(config["SIPEKERJA_MAX_COMPRESSION_RATIO"]),
        maks_entri=int(config["SIPEKERJA_MAX_ARCHIVE_ENTRIES"]),
        maks_piksel=int(config["SIPEKERJA_MAX_IMAGE_PIXELS"]),
    )


def periksa_struktur(data: bytes, jenis: JenisBerkas, batas: BatasBerkas) -> None:
    """Check a recognised evidence file with its parser.

    :param data: the whole file (already accepted by ``domain.berkas.periksa_bukti``).
    :param jenis: its recognised type.
    :param batas: the limits (pixels).
    :raise NilaiTidakValid: with the Indonesian reason.
    """
    if jenis is PDF:
        periksa_nama_pdf(nama_dalam_pdf(data))
    elif jenis in (PNG, JPEG):
        _periksa_gambar(data, jenis, batas)


def nama_dalam_pdf(data: bytes) -> set[str]:
    """Every name used as a key or value in any object of the PDF, without the solidus.

    :raise NilaiTidakValid: for an encrypted or unreadable PDF
    """
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise NilaiTidakValid(_TOLAK + "PDF terenkripsi tidak dapat diperiksa; unggah PDF tanpa kata sandi.")
        nama: set[str] = set()
        for objek in _semua_objek(reader):
            _kumpulkan_nama(objek, nama)
        _kumpulkan_nama(reader.trailer, nama)
    except NilaiTidakValid:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError, OSError) as error:
        logger.info("PDF refused, unreadable: %r", error)
        raise NilaiTidakValid(_TOLAK + "PDF rusak atau tidak dapat dibaca.") from None
    return nama


def _semua_objek(reader: PdfReader) -> Iterator[Any]:
    # Every object the cross-reference knows, those stored inside object streams too, whether
    # reachable from the catalogue or not: a viewer may be more lenient than pypdf.
    nomor = {(num, gen) for gen, tabel in reader.xref.items() for num in tabel}
    nomor |= {(num, 0) for num in reader.xref_objStm}
    for num, gen in sorted(nomor):
        yield reader.get_object(IndirectObject(num, gen, reader))


def _kumpulkan_nama(akar: Any, nama: set[str]) -> None:
    tumpukan = [akar]
    while tumpukan:
        objek = tumpukan.pop()
        if isinstance(objek, NameObject):
            nama.add(str(objek)[1:])
        elif isinstance(objek, DictionaryObject):
            for kunci, nilai in objek.items():
                nama.add(str(kunci)[1:])
                if not isinstance(nilai, IndirectObject):
                    tumpukan.append(nilai)
        elif isinstance(objek, ArrayObject):
            tumpukan.extend(n for n in objek if not isinstance(n, IndirectObject))


def _periksa_gambar(data: bytes, jenis: JenisBerkas, batas: BatasBerkas) -> None:
    terlalu_besar = NilaiTidakValid(_TOLAK + f"gambar lebih dari {batas.maks_piksel:,} piksel.".replace(",", "."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[jenis.label]) as gambar:
                lebar, tinggi = gambar.size
                if lebar * tinggi > batas.maks_piksel:
                    raise terlalu_besar
                gambar.verify()
    except NilaiTidakValid:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise terlalu_besar from None
    except Exception as error:  # Pillow raises many kinds (SyntaxError, OSError, struct.error …)
        logger.info("Image refused, broken: %r", error)
        raise NilaiTidakValid(_TOLAK + f"gambar {jenis.label} rusak.") from None
