"""Access to the host's shared services.

The module never creates a second ``SQLAlchemy`` on a host that has one: its models live on
their own declarative metadata (``sipekerja_*`` tables) and every query goes through the
host's Flask-SQLAlchemy session, looked up per request.
"""

from flask import current_app
from sqlalchemy.orm import scoped_session
from werkzeug.local import LocalProxy


def _host_session() -> scoped_session:
    return current_app.extensions["sqlalchemy"].session


#: The host application's Flask-SQLAlchemy session (a proxy resolved per application context).
db_session: scoped_session = LocalProxy(_host_session)  # type: ignore[assignment]
