"""Sending a built file to the browser: the attachment response of every report download, and
the host's download rate limit on the views that build one."""

from __future__ import annotations

import io

from flask import Response
from flask import current_app
from flask import send_file
from flask.blueprints import BlueprintSetupState

PDF_MIME = "application/pdf"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"
ZIP_MIME = "application/zip"


def kirim(isi: bytes, mime: str, nama: str) -> Response:
    """An attachment download that browsers must not sniff or keep in a shared cache.

    :param isi: the file's bytes.
    :param mime: its media type.
    :param nama: the download name.
    :return: the response.
    """
    response = send_file(io.BytesIO(isi), mimetype=mime, as_attachment=True, download_name=nama)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _batas_unduh() -> str:
    return current_app.config["SIPEKERJA_UNDUH_RATE_LIMIT"]


def batasi_unduhan(state: BlueprintSetupState) -> None:
    """Wrap a blueprint's ``unduh_pdf``, ``unduh_xlsx`` and ``unduh_csv`` views with the host's Flask-Limiter, when
    the host set one up first (``bp.record(batasi_unduhan)``, recorded after the routes).

    The limit callable is one module-level function, so Flask-Limiter keeps a single limit per view
    even when one limiter serves several apps.

    :param state: the blueprint's registration on an app.
    """
    for limiter in state.app.extensions.get("limiter", ()):
        for endpoint in ("unduh_pdf", "unduh_xlsx", "unduh_csv"):
            nama = f"{state.name_prefix}.{state.name}.{endpoint}".lstrip(".")
            if nama in state.app.view_functions:
                state.app.view_functions[nama] = limiter.limit(_batas_unduh)(state.app.view_functions[nama])
