"""The data version of each perangkat daerah: bumped at the commit of every write to its data.

Rendered page fragments (``views.fragmen``) are cached under a key that holds the agency's
``PerangkatDaerah.versi_data``, so a write makes every cached fragment of that agency unreachable
at once and nothing is ever invalidated by hand. The version is read with the agency itself,
which every page loads anyway: a cache hit costs no extra query.

What counts as a write is found by SQLAlchemy, not by the services remembering to say so:

- every module object flushed (new, changed or deleted) marks its agency, found through its own
  ``perangkat_daerah_id`` or the indicator, plan node, unit or period status it belongs to;
- objects shared by every agency (years, input windows, satuan, the predikat scale, the
  nomenclature) and bulk SQL statements (``session.execute(delete(...))``) mark every agency;
- :func:`tandai` marks an agency explicitly (the dashboard aggregates call it too).

Writes to the audit log, to the dashboard aggregates (derived data), to the sign-in records and
a user's last sign-in time mark nothing. Just before the transaction commits, the marked agencies' versions are
incremented in one UPDATE inside the same transaction, so a version and its data always commit
together. A rollback forgets the marks. The listeners (:data:`PENDENGAR`) are registered by
``SIPekerja.init_app`` on the host's session only (see :mod:`sipekerja_module.services`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import inspect
from sqlalchemy import update
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session

from ..extensions import db_session
from ..models import AuditLog
from ..models import Base
from ..models import Indikator
from ..models import IndikatorRenstra
from ..models import Jabatan
from ..models import NodeRencana
from ..models import Notifikasi
from ..models import Pengguna
from ..models import PengingatTenggat
from ..models import PerangkatDaerah
from ..models import PerjanjianKinerja
from ..models import RapatEvaluasi
from ..models import Renstra
from ..models import RingkasanKinerja
from ..models import SesiMasuk
from ..models import StatusPeriodeUnit
from ..models import SurelDitolak
from ..models import UnitKerja

_TANDA = "sipekerja_versi_kotor"
#: Marks every agency.
SEMUA = "semua"
_OPSI_SENDIRI = "sipekerja_versi"
#: Tables whose writes change nothing a cached fragment shows.
_TABEL_DIABAIKAN = frozenset({AuditLog.__table__, RingkasanKinerja.__table__, SesiMasuk.__table__,
                              # Notifications and their delivery state: per user, never in a fragment.
                              Notifikasi.__table__, PengingatTenggat.__table__, SurelDitolak.__table__})
#: Columns whose change alone changes nothing a cached fragment shows.
_KOLOM_DIABAIKAN = {Pengguna: frozenset({"terakhir_masuk_dt", "updated_dt", "terima_surel"})}
#: Objects without an agency column, reached through the object they belong to.
_INDUK = (("indikator_id", Indikator), ("node_id", NodeRencana), ("unit_kerja_id", UnitKerja),
          ("status_periode_id", StatusPeriodeUnit), ("pk_id", PerjanjianKinerja), ("jabatan_id", Jabatan),
          ("rapat_id", RapatEvaluasi), ("renstra_id", Renstra), ("indikator_renstra_id", IndikatorRenstra))


def tandai(perangkat_daerah_id: int | None) -> None:
    """Bump this agency's data version at commit; ``None`` bumps every agency."""
    _tanda(db_session()).add(SEMUA if perangkat_daerah_id is None else perangkat_daerah_id)


def _tanda(session: Session) -> set:
    return session.info.setdefault(_TANDA, set())


def _milik_modul(obj: object) -> bool:
    return isinstance(obj, Base) and obj.__table__ not in _TABEL_DIABAIKAN


def _perangkat_daerah(session: Session, obj: Base) -> int | str:
    """The agency whose data ``obj`` is, or :data:`SEMUA` for shared reference data."""
    if isinstance(obj, PerangkatDaerah):
        return obj.id
    pd_id = getattr(obj, "perangkat_daerah_id", None)
    if pd_id is not None:
        return pd_id
    for kolom, model in _INDUK:
        induk_id = getattr(obj, kolom, None)
        if induk_id is not None:
            with session.no_autoflush:
                induk = session.get(model, induk_id)
            return SEMUA if induk is None else _perangkat_daerah(session, induk)
    return SEMUA


def _berubah(obj: Base) -> bool:
    diabaikan = _KOLOM_DIABAIKAN.get(type(obj))
    if diabaikan is None:
        return True
    keadaan = inspect(obj)
    return any(attr.history.has_changes() for attr in keadaan.attrs if attr.key not in diabaikan)


def _catat_flush(session: Session, _context) -> None:
    tanda = None
    objek: Iterable = (*session.new, *session.deleted, *(o for o in session.dirty if _berubah(o)))
    for obj in objek:
        if _milik_modul(obj):
            tanda = _tanda(session) if tanda is None else tanda
            tanda.add(_perangkat_daerah(session, obj))


def _catat_dml(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete) or state.execution_options.get(_OPSI_SENDIRI):
        return
    tabel = getattr(state.statement, "table", None)
    if tabel is not None and tabel in _TABEL_DIABAIKAN:
        return
    if tabel is not None and tabel.metadata is Base.metadata:
        _tanda(state.session).add(SEMUA)


def _naikkan_versi(session: Session) -> None:
    if _TANDA not in session.info and not (session.new or session.dirty or session.deleted):
        return
    session.flush()  # the last pending objects mark their agencies too
    tanda = session.info.pop(_TANDA, set())
    if not tanda:
        return
    perintah = update(PerangkatDaerah).values(versi_data=PerangkatDaerah.versi_data + 1)
    if SEMUA not in tanda:
        perintah = perintah.where(PerangkatDaerah.id.in_(sorted(tanda)))
    session.execute(perintah, execution_options={_OPSI_SENDIRI: True})
    session.info.pop(_TANDA, None)  # the UPDATE itself is not a write to remember


def _lupakan(session: Session) -> None:
    session.info.pop(_TANDA, None)


#: Session events of this module, in the order they are registered (``services.PENDENGAR_COMMIT``).
PENDENGAR = (("after_flush", _catat_flush), ("do_orm_execute", _catat_dml), ("before_commit", _naikkan_versi),
             ("after_rollback", _lupakan))
