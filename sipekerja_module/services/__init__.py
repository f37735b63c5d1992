"""Write use-cases of SI PEKERJA.

Services change the host's session and ``flush()``; they never commit. The caller (a view through
``views.konteks.commit_dan_flash``, or a CLI command) commits once, so services compose and tests
can roll back.

What runs at commit. :func:`register_commit_listeners` (called by ``SIPekerja.init_app``) puts
these session listeners on the session the host gives the module — its Flask-SQLAlchemy
``db.session`` — and on nothing else: a session the host opens otherwise runs none of them.
In the order they run in a transaction:

1. **Data version** (:mod:`.versi`). After each flush, and for each bulk ``INSERT``/``UPDATE``/
   ``DELETE``, the agencies whose data changed are marked. Just before commit, the marked
   agencies' ``versi_data`` goes up by one in the same transaction. Cached pages are keyed by
   that version, so a committed write makes its agency's cached pages unreachable.
2. **Dashboard aggregates** (:mod:`.ringkasan`). Also just before commit, after the version bump,
   the agency-years that services marked with ``tandai_kotor`` are measured again and their
   ``RingkasanKinerja`` rows replaced. The kabupaten dashboard then reads small rows that equal
   a fresh computation.
3. **Orphan evidence files** (:mod:`.bukti`). An uploaded file is written before its row is
   committed. After commit, the list of files written in the transaction is dropped. When the
   outermost transaction ends any other way (rollback, or a session closed after an error), the
   files whose content no committed row uses are deleted.

A rollback also forgets the marks of 1 and 2.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import scoped_session
from sqlalchemy.orm import sessionmaker

from . import bukti
from . import ringkasan
from . import versi

#: (session event, listener) in registration order: data version, aggregates, evidence files.
PENDENGAR_COMMIT: tuple[tuple[str, Callable], ...] = (*versi.PENDENGAR, *ringkasan.PENDENGAR, *bukti.PENDENGAR)


def register_commit_listeners(session: scoped_session | sessionmaker) -> None:
    """Register the commit-time work on the sessions of one factory. Calling it again for the same
    factory changes nothing.

    :param session: the host's session factory, e.g. Flask-SQLAlchemy's ``db.session``. The
        listeners go on the class its sessions are made from, which is that factory's own.
    """
    for nama, fungsi in PENDENGAR_COMMIT:
        if not event.contains(session, nama, fungsi):
            event.listen(session, nama, fungsi)
