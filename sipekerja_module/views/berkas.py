"""Serving a stored upload (bukti dukung, minutes) after the calling view checked the right to see
it: streamed from the configured store (``services.penyimpanan``), never read whole into memory;
or, when ``SIPEKERJA_S3_PRESIGNED_DETIK`` > 0 and the store is S3, a redirect to a short-lived
presigned URL of the object."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import IO
from urllib.parse import quote

from flask import Response
from flask import abort
from flask import current_app
from flask import redirect

from ..services.penyimpanan import BerkasTidakAda
from ..services.penyimpanan import PenyimpananGagal
from ..services.penyimpanan import PenyimpananS3
from ..services.penyimpanan import penyimpanan

_BLOK = 64 * 1024

#: Types a browser may show inline on request (``?pratinjau=1``).
MIME_PRATINJAU = ("application/pdf", "image/jpeg", "image/png")


def kirim_berkas(sha256: str, *, mime: str, nama: str, ukuran: int | None, inline: bool) -> Response:
    """The response of a stored file: 404 when the store lacks it, 503 when the store fails.

    :param sha256: the key.
    :param mime: the type recorded at upload (the browser must not sniff another).
    :param nama: the download name.
    :param ukuran: the size recorded at upload (the response's ``Content-Length``).
    :param inline: shown in the browser rather than downloaded.
    """
    toko = penyimpanan()
    detik = int(current_app.config.get("SIPEKERJA_S3_PRESIGNED_DETIK") or 0)
    if detik > 0 and isinstance(toko, PenyimpananS3):
        response = redirect(toko.url_sementara(sha256, nama=nama, mime=mime, inline=inline, detik=detik))
        response.headers["Cache-Control"] = "private, no-store"
        return response
    try:
        aliran = toko.open(sha256)
    except BerkasTidakAda:
        abort(404)
    except PenyimpananGagal as exc:
        current_app.logger.warning("Penyimpanan berkas gagal dibaca: %s", exc)
        abort(503)
    return jawab_aliran(aliran, mime=mime, nama=nama, ukuran=ukuran, inline=inline)


def jawab_aliran(aliran: IO[bytes], *, mime: str, nama: str, ukuran: int | None, inline: bool = False) -> Response:
    """The response streaming an open stream of the store (closed when the response is), with the
    headers of every served file: its name, no sniffing, no shared cache, a sandbox for PDFs.

    :param aliran: the stream (``Penyimpanan.open`` or ``open_named``).
    :param mime: the file's type. :param nama: the download name.
    :param ukuran: its size (``Content-Length``), when known.
    :param inline: shown in the browser rather than downloaded.
    """
    response = Response(_alir(aliran), mimetype=mime, direct_passthrough=True)
    response.headers.set("Content-Disposition", "inline" if inline else "attachment", **_nama_unduhan(nama))
    if ukuran is not None:
        response.content_length = ukuran
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    # A previewed PDF must not run anything or frame anything else.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
    return response


def _nama_unduhan(nama: str) -> dict[str, str]:
    """``filename`` (ASCII) and ``filename*`` (RFC 5987, UTF-8) parameters, as ``send_file`` does."""
    try:
        nama.encode("ascii")
    except UnicodeEncodeError:
        sederhana = unicodedata.normalize("NFKD", nama).encode("ascii", "ignore").decode("ascii")
        return {"filename": sederhana, "filename*": "UTF-8''" + quote(nama, safe="!#$&+-.^_`|~")}
    return {"filename": nama}


def _alir(aliran: IO[bytes]) -> Iterator[bytes]:
    """The body in blocks; the stream is closed at the end, when the response is closed, or when
    it is dropped unread (the generator is started here, so its ``finally`` always runs)."""
    def blok() -> Iterator[bytes]:
        try:
            yield b""
            while data := aliran.read(_BLOK):
                yield data
        finally:
            aliran.close()
    gen = blok()
    next(gen)
    return gen
