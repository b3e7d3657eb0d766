"""The declarative base every model shares."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


AREA_ID_LENGTH = 40
# The area every row belonged to before there could be more than one (migration 0006), and
# the one a row gets while the code that writes it names none.
DEFAULT_AREA = "gloucestershire"


def area_column() -> Mapped[str]:
    """The local area a row belongs to: the `id` in that area's flows/area/area.yaml.

    The database fills in the default, not SQLAlchemy: the conversation store's prepared
    INSERT binds only the values it is given, so a Python-side default would arrive as NULL.
    """
    return mapped_column(String(AREA_ID_LENGTH), server_default=DEFAULT_AREA)


class UTCDateTime(TypeDecorator):
    """Timestamps are stored and returned in UTC, aware, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)
