"""Declarative base and shared column helpers for the module's tables.

The module's tables carry their own ``MetaData`` so Alembic (with its own version table
``sipekerja_alembic_version``) only ever sees ``sipekerja_*`` tables, even inside a portal
database full of other modules' tables.
"""

from datetime import datetime
from datetime import timezone
from decimal import Decimal

from sqlalchemy import DateTime
from sqlalchemy import MetaData
from sqlalchemy import Numeric
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import declared_attr
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Rupiah: up to a trillion with sen.
Uang = Numeric(18, 2)
#: Measures of performance (targets, realisasi, band bounds): four decimals is ample.
Ukuran = Numeric(18, 4)


class UTCDateTime(TypeDecorator):
    """An aware UTC ``datetime`` on every database.

    PostgreSQL keeps ``timestamptz``; SQLite and MariaDB have no time zone, so the value is stored
    as naive UTC and made aware again on the way out. Deadlines compare correctly everywhere.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name in ("mysql", "mariadb"):
            # Microseconds matter: a deadline is 23:59:59.999999, and DATETIME(0) would drop them.
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime menerima hanya datetime dengan zona waktu.")
        value = value.astimezone(timezone.utc)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def utcnow() -> datetime:
    """Return the current moment as an aware UTC datetime (the only clock read in models)."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    """Base of every SI PEKERJA model; its metadata holds only ``sipekerja_*`` tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        Decimal: Ukuran,
        datetime: UTCDateTime(),
    }


class TimestampMixin:
    """``created_dt`` / ``updated_dt`` columns, set by the database session."""

    #: When the row was created (UTC).
    created_dt: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the row was last changed (UTC).
    updated_dt: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class VersionedMixin:
    """Optimistic locking: a stale write raises ``StaleDataError`` instead of overwriting."""

    #: Incremented on every UPDATE; forms carry it back to detect concurrent edits.
    version: Mapped[int] = mapped_column(nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
