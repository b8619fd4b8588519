"""The column types every table shares (docs/architecture.md): instants and enums, one meaning on every backend.

Instants are stored as UTC and come back timezone-aware, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


class UTCDateTime(TypeDecorator):
    """Naive UTC in the database, aware UTC in Python: one meaning on every backend."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class StrEnumType(TypeDecorator):
    """A string enum stored as its value, in a plain VARCHAR; read back as the enum's member.

    Members are strings, so what is written, compared and sent to Slack is the same text as before.
    A stored value the enum doesn't know fails loudly, naming its column: no migration ever renamed one.
    """

    impl = sa.String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int, column: str | None = None) -> None:
        super().__init__(length=length)
        self.enum = enum
        self.column = column
        self._members = {member.value: member for member in enum}

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else self._member(value).value

    def process_result_value(self, value: str | None, dialect) -> StrEnum | None:
        return None if value is None else self._member(value)

    def _member(self, value: str) -> StrEnum:
        try:
            return self._members[value]
        except KeyError:
            where = f" in {self.column}" if self.column else ""
            raise ValueError(f"{value!r}{where} is not a {self.enum.__name__}") from None


def enum_column(enum: type[StrEnum], length: int, **kwargs: Any) -> Any:
    return Field(sa_type=StrEnumType(enum, length), **kwargs)


def instant_column(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


def json_column(**kwargs: Any) -> Any:
    return Field(sa_type=sa.JSON, **kwargs)


@sa.event.listens_for(sa.Column, "after_parent_attach")
def _name_enum_column(column: sa.Column, table: Any) -> None:
    """Each enum column knows its own name, for the error an unknown stored value raises."""
    if isinstance(column.type, StrEnumType) and isinstance(table, sa.Table):
        column.type.column = f"{table.name}.{column.name}"
