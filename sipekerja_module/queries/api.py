"""Reads of the API's token page: a user's personal access tokens."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db_session
from ..models import TokenApi

#: Tokens listed on the page (active first, then the most recent revoked ones).
BATAS_DAFTAR = 50


def list_token(pengguna_id: int) -> list[TokenApi]:
    """The user's tokens, active ones first, newest first; never the hash's secret (there is none).

    :param pengguna_id: the owner.
    :return: at most :data:`BATAS_DAFTAR` tokens.
    """
    return list(db_session.execute(
        select(TokenApi).where(TokenApi.pengguna_id == pengguna_id)
        .order_by(TokenApi.dicabut_dt.is_not(None), TokenApi.dibuat_dt.desc(), TokenApi.id.desc())
        .limit(BATAS_DAFTAR)
    ).scalars())
