"""Access to the host's shared services.

The module never creates a second ``SQLAlchemy`` on a host that has one: its models live on
their own declarative metadata (``sipekerja_*`` tables) and every query goes through the
host's Flask-SQLAlchemy session, looked up per request.
"""

from collections import OrderedDict
from threading import Lock

from flask import current_app
from sqlalchemy.orm import scoped_session
from werkzeug.local import LocalProxy


def _host_session() -> scoped_session:
    return current_app.extensions["sqlalchemy"].session


#: The host application's Flask-SQLAlchemy session (a proxy resolved per application context).
db_session: scoped_session = LocalProxy(_host_session)  # type: ignore[assignment]


#: ``session.info`` key under which ``services.versi`` collects what a transaction wrote, from its
#: first flush to its commit or rollback: a reader seeing it knows the data is not yet committed.
TANDA_VERSI = "sipekerja_versi_kotor"
_NILAI = "sipekerja_nilai_bulanan"


class CacheProses:
    """A bounded least-recently-used map of immutable values, in this process (no pickling: the
    values are handed out as they are, so they must never be changed)."""

    def __init__(self, ukuran: int) -> None:
        self._ukuran = ukuran
        self._isi: OrderedDict = OrderedDict()
        self._kunci = Lock()

    def ambil_banyak(self, kunci: list) -> list:
        """The values of ``kunci`` (None where missing), each now the most recently used."""
        with self._kunci:
            hasil = [self._isi.get(k) for k in kunci]
            for k, v in zip(kunci, hasil):
                if v is not None:
                    self._isi.move_to_end(k)
            return hasil

    def simpan_banyak(self, isi: dict) -> None:
        """Store values, dropping the least recently used beyond the size."""
        with self._kunci:
            self._isi.update(isi)
            while len(self._isi) > self._ukuran:
                self._isi.popitem(last=False)


def init_cache_nilai(app) -> None:
    """The per-process cache of the plan loader's monthly values (``queries.rencana``), unless
    the host turned caching off (``SIPEKERJA_CACHE = False``)."""
    if app.config["SIPEKERJA_CACHE"] is not False:
        app.extensions[_NILAI] = CacheProses(app.config["SIPEKERJA_CACHE_NILAI_ENTRI"])


def cache_nilai() -> CacheProses | None:
    """The monthly-values cache of the current app, or None when it may not be used now: caching
    is off, or this transaction has written (its values are not committed, their versions not yet
    bumped)."""
    cache = current_app.extensions.get(_NILAI)
    if cache is None:
        return None
    sesi = db_session()
    if sesi.info.get(TANDA_VERSI) is not None or sesi.new or sesi.dirty or sesi.deleted:
        return None
    return cache
