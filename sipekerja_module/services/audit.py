"""The append-only audit trail: who changed what, before → after."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal
from typing import Any

from ..extensions import db_session
from ..models import AuditLog
from ..models import Pengguna


def to_json_safe(nilai: Any) -> Any:
    """Convert a value into something the JSON column stores without loss.

    ``Decimal`` becomes a string (a float would lose the exact target or Rupiah value), dates
    and times become ISO 8601 strings, enums their ``value``; mappings and sequences are
    converted item by item.

    :param nilai: any value taken from a model.
    :return: a JSON-serialisable equivalent.
    """
    if nilai is None or isinstance(nilai, (bool, int, float, str)):
        return nilai
    if isinstance(nilai, Decimal):
        return str(nilai)
    if isinstance(nilai, (datetime, date, time)):
        return nilai.isoformat()
    if isinstance(nilai, enum.Enum):
        return to_json_safe(nilai.value)
    if isinstance(nilai, Mapping):
        return {str(kunci): to_json_safe(isi) for kunci, isi in nilai.items()}
    if isinstance(nilai, (list, tuple, set, frozenset)):
        return [to_json_safe(isi) for isi in nilai]
    return str(nilai)


def snapshot(obj: object, fields: Iterable[str]) -> dict[str, Any]:
    """Capture selected attributes of an object as a JSON-safe dict (for ``sebelum``/``sesudah``).

    :param obj: a model instance (or any object with those attributes).
    :param fields: attribute names to capture, in order.
    :return: ``{field: json-safe value}``.
    :raise AttributeError: if ``obj`` has no such attribute.
    """
    return {field: to_json_safe(getattr(obj, field)) for field in fields}


def record_audit(
    *,
    pengguna: Pengguna | None,
    aksi: str,
    objek: object,
    sebelum: Mapping[str, Any] | None,
    sesudah: Mapping[str, Any] | None,
    alasan: str | None = None,
) -> AuditLog:
    """Append one audit record for a change to ``objek``.

    The record is added to the session and flushed, never committed: it becomes durable in the
    same commit as the change it describes, or disappears with it on rollback.

    :param pengguna: who made the change; ``None`` for system actions (CLI, demo loader).
    :param aksi: verb such as ``ubah_target``, ``ajukan``, ``kembalikan``, ``buka_jendela``.
    :param objek: the changed model instance; its class name and ``id`` are recorded. A new,
        unflushed object is flushed first so that its ``id`` exists.
    :param sebelum: state before the change (see :func:`snapshot`); ``None`` for a creation.
    :param sesudah: state after the change; ``None`` for a deletion.
    :param alasan: the reason, required by some actions (reopening a window, returning a period).
    :return: the new :class:`AuditLog` row.
    """
    if getattr(objek, "id", None) is None and objek in db_session:
        db_session.flush()
    log = AuditLog(
        pengguna_id=pengguna.id if pengguna is not None else None,
        nip=pengguna.nip if pengguna is not None else None,
        aksi=aksi,
        objek_tipe=type(objek).__name__,
        objek_id=getattr(objek, "id", None),
        sebelum=to_json_safe(sebelum) if sebelum is not None else None,
        sesudah=to_json_safe(sesudah) if sesudah is not None else None,
        alasan=alasan,
    )
    db_session.add(log)
    db_session.flush()
    return log
