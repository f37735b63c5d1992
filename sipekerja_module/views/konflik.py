"""The one place where a lost race becomes 409 instead of 500.

Two users saving the same record at once end in a versioned UPDATE that matches no row
(``StaleDataError``) or an INSERT that collides with the row the other created (a unique
violation), at a flush or at the commit, wherever the view happens to be. The blueprint's
handler for database errors rolls back first (so the page rendered next never meets a session
in need of rollback, the former ``PendingRollbackError`` on the error page), then answers a race
with 409 and the Indonesian message of :class:`~sipekerja_module.domain.errors.KonflikData`. A
view that has a form to show again registers it with :func:`saat_konflik`, so the user's typed
values are kept.

A database that cannot be reached (:func:`tangani_galat_basis_data`, PostgreSQL or MariaDB
restarted under the request) answers 503 with :data:`PESAN_TAK_TERHUBUNG`; other faults are raised
again, after the rollback, to the ordinary 500 page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import current_app
from flask import flash
from flask import g
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy.exc import SQLAlchemyError

from ..domain.errors import KonflikData
from ..extensions import db_session
from ..services.konkurensi import adalah_balapan
from ..services.konkurensi import adalah_putus
from .api import galat

_G_RENDER = "_sipekerja_render_konflik"
#: What a user reads when the database went away under the request (503).
PESAN_TAK_TERHUBUNG = ("Basis data sedang tidak dapat dihubungi. Tidak ada data yang tersimpan dari permintaan ini; "
                       "coba lagi sebentar lagi.")

logger = logging.getLogger(__name__)


def saat_konflik(render: Callable[[], tuple[str, int]]) -> None:
    """Register how this request shows its form again after a lost race.

    :param render: renders the page with the user's submitted values; its status is replaced by 409
    """
    setattr(g, _G_RENDER, render)


def tangani_galat_basis_data(error: SQLAlchemyError):
    """Blueprint error handler for every SQLAlchemy error: rollback, then 409 for a race, 503 for a
    database that cannot be reached.

    A restart of PostgreSQL or MariaDB ends every open connection: the statement in flight fails
    with "terminating connection due to administrator command" / "server closed the connection
    unexpectedly" (MySQL 2013, 1927), and while the server is down a new connection is refused.
    The transaction of this request dies with its connection, so the server keeps none of its
    writes; the rollback here only resets the session (SQLAlchemy has already discarded the dead
    connection and the pooled ones opened before it). The user reads :data:`PESAN_TAK_TERHUBUNG`
    with status 503 (JSON ``{"galat": ...}`` under ``/sipekerja/api/``), never a trace; the next
    request opens a fresh connection (and ``pool_pre_ping``, README "Supported databases", tests
    an idle pooled one before handing it out). One case stays ambiguous, as for any client: the
    connection lost during the COMMIT itself, after the server committed but before it answered.

    :raise SQLAlchemyError: the same error again when it is neither (after the rollback)
    """
    db_session.rollback()
    if not adalah_balapan(error):
        if adalah_putus(error):
            return _tak_terhubung(error)
        raise error
    logger.info("Lost race on %s %s: %r", request.method, request.path, error)
    pesan = KonflikData().pesan
    render = g.pop(_G_RENDER, None)
    if render is not None:
        flash(pesan, "danger")
        body, _ = render()
        return body, 409
    return render_template("sipekerja/errors/409.html", pesan=pesan, kembali=url_for("sipekerja.home")), 409


def _tak_terhubung(error: SQLAlchemyError):
    """The 503 answer for a database out of reach. The page is rendered without the context
    processors (they read the signed-in user and the bell from the database) and without the host
    layout (which may read the portal's user)."""
    logger.warning("Database unreachable on %s %s: %s", request.method, request.path, error.orig)
    if request.blueprint and request.blueprint.startswith("sipekerja.api"):
        response = galat(503, PESAN_TAK_TERHUBUNG)
    else:
        body = current_app.jinja_env.get_template("sipekerja/errors/503.html").render(
            pesan=PESAN_TAK_TERHUBUNG, ulang=request.url if request.method == "GET" else None)
        response = current_app.response_class(body, 503, mimetype="text/html")
        response.headers["Cache-Control"] = "no-store"
    response.headers["Retry-After"] = "10"
    return response
