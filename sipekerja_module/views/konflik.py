"""The one place where a lost race becomes 409 instead of 500.

Two users saving the same record at once end in a versioned UPDATE that matches no row
(``StaleDataError``) or an INSERT that collides with the row the other created (a unique
violation), at a flush or at the commit, wherever the view happens to be. The blueprint's
handler for database errors rolls back first (so the page rendered next never meets a session
in need of rollback, the former ``PendingRollbackError`` on the error page), then answers a race
with 409 and the Indonesian message of :class:`~sipekerja_module.domain.errors.KonflikData`. A
view that has a form to show again registers it with :func:`saat_konflik`, so the user's typed
values are kept; other faults are raised again, after the rollback, to the ordinary 500 page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import flash
from flask import g
from flask import render_template
from flask import request
from flask import url_for
from sqlalchemy.exc import SQLAlchemyError

from ..domain.errors import KonflikData
from ..extensions import db_session
from ..services.konkurensi import adalah_balapan

_G_RENDER = "_sipekerja_render_konflik"

logger = logging.getLogger(__name__)


def saat_konflik(render: Callable[[], tuple[str, int]]) -> None:
    """Register how this request shows its form again after a lost race.

    :param render: renders the page with the user's submitted values; its status is replaced by 409
    """
    setattr(g, _G_RENDER, render)


def tangani_galat_basis_data(error: SQLAlchemyError):
    """Blueprint error handler for every SQLAlchemy error: rollback, then 409 for a race.

    :raise SQLAlchemyError: the same error again when it is not a race (after the rollback)
    """
    db_session.rollback()
    if not adalah_balapan(error):
        raise error
    logger.info("Lost race on %s %s: %r", request.method, request.path, error)
    pesan = KonflikData().pesan
    render = g.pop(_G_RENDER, None)
    if render is not None:
        flash(pesan, "danger")
        body, _ = render()
        return body, 409
    return render_template("sipekerja/errors/409.html", pesan=pesan, kembali=url_for("sipekerja.home")), 409
