"""Column types that behave the same on SQLite, PostgreSQL and SQL Server."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Dialect, Numeric, UnicodeText
from sqlalchemy.types import TypeDecorator, TypeEngine

# 26 integer digits and 12 decimals: room for money, measurements and ratios alike. Values with more
# decimals are rounded by the database; a larger integer part is an error, never silently cut.
DECIMAL_PRECISION = 38
DECIMAL_SCALE = 12


def as_utc(value: datetime) -> datetime:
    """Naive datetimes are taken to be UTC already; aware ones are converted to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """`DateTime(timezone=True)` that always stores UTC and always returns aware UTC datetimes.

    SQLite keeps no offset at all, so storing UTC there is what keeps ordering and equality right.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


class DecimalText(TypeDecorator[Decimal]):
    """Exact decimals for SQLite, whose NUMERIC affinity would turn them into 8-byte floats."""

    impl = UnicodeText
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


def exact_decimal() -> TypeEngine[Decimal]:
    return Numeric(DECIMAL_PRECISION, DECIMAL_SCALE, asdecimal=True).with_variant(DecimalText(), "sqlite")
