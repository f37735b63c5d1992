"""The data versions of each perangkat daerah, unit, indicator and plan node: bumped at the commit
of every write to what they cover.

Rendered page fragments (``views.fragmen``) and loaded monthly values (``queries.rencana``) are
cached under keys that hold these versions, so a write makes unreachable exactly the cached things
that show what it changed, and nothing is ever invalidated by hand. The versions are read with the
rows that carry them, which the pages load anyway: a cache hit costs no extra query.

The versions, from the widest:

- ``PerangkatDaerah.versi_data``: every write to the agency (pages with per-agency parts that fit
  no narrower version, the kabupaten dashboard);
- ``PerangkatDaerah.versi_rencana``: every write besides realisasi — the plan, targets, reference
  data, PK, windows, reopen requests, anything not listed below (a conservative default);
- ``PerangkatDaerah.versi_isian``: the plan, or which months are filled (a value or *tidak ada
  realisasi* added or removed), evidence, period states (the monitoring board); a value
  replaced by another value does not bump it;
- ``PerangkatDaerah.versi_terverifikasi``: the plan, or the verified figures — realisasi in a
  triwulan its unit has had verified (or of an IKU, which always counts) and period states (the
  printed reports, by default of verified figures only);
- ``UnitKerja.versi_realisasi``: the unit's realisasi, evidence, period states and notes (its
  month form, together with ``versi_rencana``);
- ``Indikator.versi_isi`` / ``NodeRencana.versi_isi``: its monthly realisasi and notes, its
  evidence, or its unit's period states (the plan loader's cache of monthly values and the row
  blocks of the report page and the month form, together with ``versi_rencana``, which covers
  targets, the plan's structure and bulk statements).

What counts as a write is found by SQLAlchemy, not by the services remembering to say so:

- every module object flushed (new, changed or deleted) marks its agency, found through its own
  ``perangkat_daerah_id`` or the indicator, plan node, unit or period status it belongs to;
  realisasi, evidence and period states mark the narrower versions above, everything else
  ``versi_rencana`` (so also every narrower agency version);
- objects shared by every agency (years, input windows, satuan, the predikat scale, the
  nomenclature) and bulk SQL statements (``session.execute(delete(...))``) mark every agency's
  ``versi_rencana``;
- :func:`tandai` marks an agency's ``versi_data`` explicitly (the dashboard aggregates call it).

Writes to the audit log, to the dashboard aggregates (derived data), to the sign-in records and
a user's last sign-in time mark nothing. Just before the transaction commits, the marked versions
are incremented inside the same transaction (the agency row first), so a version and its data
always commit together. A rollback forgets the marks. The listeners (:data:`PENDENGAR`) are
registered by ``SIPekerja.init_app`` on the host's session only (see :mod:`sipekerja_module.services`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field

from sqlalchemy import case
from sqlalchemy import inspect
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session

from ..domain.periode import triwulan_dari_bulan
from ..domain.status import StatusPeriode
from ..extensions import DITULIS
from ..extensions import db_session
from ..models import AuditLog
from ..models import Base
from ..models import BuktiDukung
from ..models import CatatanVerifikasi
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
from ..models import RealisasiAnggaran
from ..models import RealisasiKinerja
from ..models import Renstra
from ..models import RingkasanKinerja
from ..models import SesiMasuk
from ..models import StatusPeriodeUnit
from ..models import SurelDitolak
from ..models import UnitKerja

_TANDA = "sipekerja_versi_kotor"
#: ``session.info`` key: the agencies whose row this transaction has locked (:func:`_kunci_agensi`).
_TERKUNCI = "sipekerja_versi_terkunci"
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
#: A month's value and what says whether the month is filled (the monitoring board counts these).
_KOLOM_ISIAN = ("nilai", "tanpa_realisasi")


@dataclass
class Tanda:
    """What the writes of one transaction touched, collected at each flush (see the module doc)."""

    #: Agencies (or :data:`SEMUA`) whose data changed at all: ``versi_data``.
    data: set = field(default_factory=set)
    #: ... whose plan or anything besides realisasi changed: ``versi_rencana``.
    rencana: set = field(default_factory=set)
    #: ... whose fill state (filled months, evidence, period states) changed: ``versi_isian``.
    isian: set = field(default_factory=set)
    #: ... whose verified figures changed: ``versi_terverifikasi``.
    terverifikasi: set = field(default_factory=set)
    #: Units whose realisasi, evidence or period states changed: ``UnitKerja.versi_realisasi``.
    unit: set = field(default_factory=set)
    #: Units whose period state changed: every indicator and node of theirs gets a new ``versi_isi``.
    unit_pemilik: set = field(default_factory=set)
    #: Indicators / plan nodes whose monthly realisasi, notes or evidence changed: their ``versi_isi``.
    indikator: set = field(default_factory=set)
    node: set = field(default_factory=set)
    #: ``(unit, tahun, triwulan) -> verified?``, asked once per transaction.
    _status: dict = field(default_factory=dict)

    def semua(self, perangkat_daerah_id: int | str) -> None:
        """Everything of an agency (or of every agency) may have changed."""
        self.data.add(perangkat_daerah_id)
        self.rencana.add(perangkat_daerah_id)


def tandai(perangkat_daerah_id: int | None) -> None:
    """Bump this agency's ``versi_data`` at commit (``None``: every agency): for derived data that
    only pages keyed by the whole agency's version show (the dashboard aggregates)."""
    _tanda(db_session()).data.add(SEMUA if perangkat_daerah_id is None else perangkat_daerah_id)


def _tanda(session: Session) -> Tanda:
    session.info[DITULIS] = True
    return session.info.setdefault(_TANDA, Tanda())


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


def _isian_berubah(obj: Base, baru: bool, hapus: bool) -> bool:
    """Whether writing this realisasi row changed whether its month counts as filled."""
    terisi = getattr(obj, "tanpa_realisasi", False) or obj.nilai is not None
    if baru or hapus:
        return bool(terisi)
    keadaan = inspect(obj)
    for kolom in _KOLOM_ISIAN:
        if kolom not in keadaan.attrs:
            continue
        riwayat = keadaan.attrs[kolom].history
        if not riwayat.has_changes():
            continue
        # A value replaced by another value leaves the month filled; an unknown old value may not.
        if kolom != "nilai" or not riwayat.deleted or (riwayat.deleted[0] is None) != (obj.nilai is None):
            return True
    return False


def _terverifikasi(session: Session, tanda: Tanda, unit_kerja_id: int, tahun_id: int, bulan: int) -> bool:
    kunci = (unit_kerja_id, tahun_id, triwulan_dari_bulan(bulan))
    if kunci not in tanda._status:
        with session.no_autoflush:
            status = session.scalar(select(StatusPeriodeUnit.status).where(
                StatusPeriodeUnit.unit_kerja_id == unit_kerja_id, StatusPeriodeUnit.tahun_id == tahun_id,
                StatusPeriodeUnit.triwulan == kunci[2]))
        tanda._status[kunci] = status == StatusPeriode.TERVERIFIKASI.value
    return tanda._status[kunci]


def _catat_realisasi(session: Session, tanda: Tanda, obj: Base, baru: bool, hapus: bool) -> None:
    """A month's realisasi (kinerja or anggaran) or evidence: its agency, unit and owner, and whether
    it changed a fill state or a verified figure; the plan is untouched."""
    model, kolom = (NodeRencana, "node_id") if isinstance(obj, RealisasiAnggaran) else (Indikator, "indikator_id")
    with session.no_autoflush:
        pemilik = session.get(model, getattr(obj, kolom))
    if pemilik is None:
        tanda.semua(SEMUA)
        return
    pd_id, unit_id = pemilik.perangkat_daerah_id, pemilik.unit_kerja_id
    tanda.data.add(pd_id)
    if unit_id is not None:
        tanda.unit.add(unit_id)
    (tanda.node if model is NodeRencana else tanda.indikator).add(pemilik.id)
    if isinstance(obj, BuktiDukung):
        tanda.isian.add(pd_id)
        return
    if _isian_berubah(obj, baru, hapus):
        tanda.isian.add(pd_id)
    # IKU (no unit) are the Utama's own figures and always count as verified.
    if unit_id is None or _terverifikasi(session, tanda, unit_id, pemilik.tahun_id, obj.bulan):
        tanda.terverifikasi.add(pd_id)


def _catat_status(session: Session, tanda: Tanda, obj: Base) -> None:
    """A period state or a verification note: the unit's month form, the fill state and the verified
    figures of its agency, and (a state) the monthly values of every indicator and node of the unit."""
    status = obj if isinstance(obj, StatusPeriodeUnit) else None
    if status is None:
        with session.no_autoflush:
            status = session.get(StatusPeriodeUnit, obj.status_periode_id)
    with session.no_autoflush:
        unit = session.get(UnitKerja, status.unit_kerja_id) if status is not None else None
    if unit is None:
        tanda.semua(SEMUA)
        return
    tanda.data.add(unit.perangkat_daerah_id)
    tanda.isian.add(unit.perangkat_daerah_id)
    tanda.terverifikasi.add(unit.perangkat_daerah_id)
    tanda.unit.add(unit.id)
    if obj is status:
        tanda.unit_pemilik.add(unit.id)


def _ditulis(session: Session) -> Iterator[Base]:
    """The module objects the session is writing: new, deleted, and changed in a column that counts."""
    for obj in (*session.new, *session.deleted, *(o for o in session.dirty if _berubah(o))):
        if _milik_modul(obj):
            yield obj


def _catat_flush(session: Session, _context) -> None:
    tanda = None
    baru, hapus = session.new, session.deleted
    for obj in _ditulis(session):
        tanda = _tanda(session) if tanda is None else tanda
        if isinstance(obj, _REALISASI):
            _catat_realisasi(session, tanda, obj, obj in baru, obj in hapus)
        elif isinstance(obj, _STATUS):
            _catat_status(session, tanda, obj)
        else:
            tanda.semua(_perangkat_daerah(session, obj))


def _catat_dml(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete) or state.execution_options.get(_OPSI_SENDIRI):
        return
    tabel = getattr(state.statement, "table", None)
    if tabel is not None and tabel in _TABEL_DIABAIKAN:
        return
    if tabel is not None and tabel.metadata is Base.metadata:
        _tanda(state.session).semua(SEMUA)


def _tambah(kolom, ids: set):
    """``kolom + 1`` for the agencies in ``ids`` (all with :data:`SEMUA`), else unchanged."""
    if SEMUA in ids:
        return kolom + 1
    if not ids:
        return kolom
    return kolom + case((PerangkatDaerah.id.in_(sorted(ids)), 1), else_=0)


def _naikkan_versi(session: Session) -> None:
    if _TANDA not in session.info and not (session.new or session.dirty or session.deleted):
        return
    session.flush()  # the last pending objects mark their agencies too
    tanda: Tanda | None = session.info.pop(_TANDA, None)
    if tanda is None or not tanda.data:
        return
    opsi = {_OPSI_SENDIRI: True}
    # The agency row first (locked since the first flush, see _kunci_agensi): writers of one agency
    # queue on it, so the rows below are always locked in the same order.
    perintah = update(PerangkatDaerah).values(
        versi_data=PerangkatDaerah.versi_data + 1,
        versi_rencana=_tambah(PerangkatDaerah.versi_rencana, tanda.rencana),
        versi_isian=_tambah(PerangkatDaerah.versi_isian, tanda.isian | tanda.rencana),
        versi_terverifikasi=_tambah(PerangkatDaerah.versi_terverifikasi, tanda.terverifikasi | tanda.rencana))
    if SEMUA not in tanda.data:
        perintah = perintah.where(PerangkatDaerah.id.in_(sorted(tanda.data)))
    session.execute(perintah, execution_options=opsi)
    if tanda.unit:
        session.execute(update(UnitKerja).where(UnitKerja.id.in_(sorted(tanda.unit)))
                        .values(versi_realisasi=UnitKerja.versi_realisasi + 1), execution_options=opsi)
    for model, ids in ((Indikator, tanda.indikator), (NodeRencana, tanda.node)):
        if ids or tanda.unit_pemilik:
            tabel = model.__table__
            # Core, not the ORM: no new ``version`` for a form open on the indicator, no new ``updated_dt``.
            session.execute(update(tabel).where(or_(tabel.c.id.in_(sorted(ids)),
                                                    tabel.c.unit_kerja_id.in_(sorted(tanda.unit_pemilik))))
                            .values(versi_isi=tabel.c.versi_isi + 1, updated_dt=tabel.c.updated_dt),
                            execution_options=opsi)
    session.info.pop(_TANDA, None)  # the UPDATEs themselves are not writes to remember


def _kunci_agensi(session: Session, _context, _instances) -> None:
    """Before a flush writes anything: lock the row of every agency this transaction is about to
    write to (once per transaction), so that writers of one agency queue there before they take any
    other row lock. Without it, on MariaDB a save's new realisasi holds a shared lock on its
    indicator (the foreign key check) while it waits for the agency row at commit, and another save
    holding the agency row waits for that indicator to bump its ``versi_isi``: a deadlock. Writes to
    shared data (:data:`SEMUA`) lock nothing here; they bump every agency at commit as before."""
    terkunci: set = session.info.setdefault(_TERKUNCI, set())
    baru: set[int] = set()
    for obj in _ditulis(session):
        pd_id = _perangkat_daerah(session, obj)
        if pd_id != SEMUA and pd_id not in terkunci:
            baru.add(pd_id)
    if baru:
        tabel = PerangkatDaerah.__table__
        session.execute(update(tabel).where(tabel.c.id.in_(sorted(baru)))
                        .values(versi_data=tabel.c.versi_data, updated_dt=tabel.c.updated_dt),
                        execution_options={_OPSI_SENDIRI: True})
        terkunci |= baru


def _lupakan(session: Session) -> None:
    for kunci in (_TANDA, _TERKUNCI, DITULIS):
        session.info.pop(kunci, None)


def _selesai(session: Session) -> None:
    session.info.pop(_TERKUNCI, None)
    session.info.pop(DITULIS, None)


_REALISASI = (RealisasiKinerja, RealisasiAnggaran, BuktiDukung)
_STATUS = (StatusPeriodeUnit, CatatanVerifikasi)

#: Session events of this module, in the order they are registered (``services.PENDENGAR_COMMIT``).
PENDENGAR = (("before_flush", _kunci_agensi), ("after_flush", _catat_flush), ("do_orm_execute", _catat_dml),
             ("before_commit", _naikkan_versi), ("after_commit", _selesai), ("after_rollback", _lupakan))
