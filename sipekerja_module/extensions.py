"""Access to the host's shared services.

The module never creates a second ``SQLAlchemy`` on a host that has one: its models live on
their own declarative metadata (``sipekerja_*`` tables) and every query goes through the
host's Flask-SQLAlchemy session, looked up per request.
"""

from collections import OrderedDict
from threading import Lock

from cachelib import BaseCache
from flask import current_app
from sqlalchemy.orm import scoped_session
from werkzeug.local import LocalProxy


def _host_session() -> scoped_session:
    return current_app.extensions["sqlalchemy"].session


#: The host application's Flask-SQLAlchemy session (a proxy resolved per application context).
db_session: scoped_session = LocalProxy(_host_session)  # type: ignore[assignment]


#: ``session.info`` key that ``services.versi`` sets at a transaction's first write to the module's
#: data and removes after its commit or rollback: a reader seeing it knows that what it reads (and
#: the versions, bumped just before the commit) may not be committed.
DITULIS = "sipekerja_transaksi_menulis"
_NILAI = "sipekerja_nilai_bulanan"


class CacheProses(BaseCache):
    """A bounded least-recently-used cache of immutable values in this process, with cachelib's
    interface: unlike ``cachelib.SimpleCache`` it neither pickles nor copies, so a hit costs a dict
    lookup whatever the size of the value — which therefore must never be changed by its reader.
    Entries do not expire: they are keyed by data versions, and the size bounds the memory."""

    def __init__(self, ukuran: int) -> None:
        super().__init__()
        self._ukuran = ukuran
        self._isi: OrderedDict = OrderedDict()
        self._kunci = Lock()

    def get(self, key):
        """The value of ``key`` (None when missing), now the most recently used."""
        with self._kunci:
            nilai = self._isi.get(key)
            if nilai is not None:
                self._isi.move_to_end(key)
            return nilai

    def get_many(self, *keys) -> list:
        """The values of ``keys`` (None where missing), in one lock."""
        with self._kunci:
            hasil = [self._isi.get(k) for k in keys]
            for k, v in zip(keys, hasil):
                if v is not None:
                    self._isi.move_to_end(k)
            return hasil

    def set(self, key, value, timeout=None) -> bool:
        """Store a value, dropping the least recently used beyond the size."""
        return self.set_many({key: value})

    def set_many(self, mapping, timeout=None) -> list:
        """Store values, dropping the least recently used beyond the size."""
        with self._kunci:
            self._isi.update(mapping)
            for k in mapping:
                self._isi.move_to_end(k)
            while len(self._isi) > self._ukuran:
                self._isi.popitem(last=False)
        return list(mapping)

    def add(self, key, value, timeout=None) -> bool:
        """Store a value unless the key has one."""
        with self._kunci:
            if key in self._isi:
                return False
        return bool(self.set(key, value))

    def __len__(self) -> int:
        return len(self._isi)

    def has(self, key) -> bool:
        with self._kunci:
            return key in self._isi

    def delete(self, key) -> bool:
        with self._kunci:
            return self._isi.pop(key, None) is not None

    def clear(self) -> bool:
        with self._kunci:
            self._isi.clear()
        return True


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
    if DITULIS in sesi.info or sesi.new or sesi.dirty or sesi.deleted:
        return None
    return cache
