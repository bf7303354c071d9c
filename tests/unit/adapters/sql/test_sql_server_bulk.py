"""SQL Server's array-bound insert: declared parameter types, SQLAlchemy's own values, one executemany."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.dialects.mssql.aioodbc import MSDialectAsync_aioodbc

from adapters.sql.bulk_insert import records
from adapters.sql.dataset_tables import ROW_NUMBER, UPLOAD_KEY, dataset_table
from adapters.sql.sql_server_bulk import (
    SQL_BIGINT,
    SQL_BIT,
    SQL_DECIMAL,
    SQL_TYPE_TIMESTAMP,
    SQL_WVARCHAR,
    input_sizes,
    insert_array_bound,
)
from adapters.sql.staging import staging_table
from domain.validation.report import Column, ColumnType
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.unit

COLUMNS = (
    Column("n", "n", ColumnType.INTEGER),
    Column("price", "price", ColumnType.DECIMAL),
    Column("ok", "ok", ColumnType.BOOLEAN),
    Column("day", "day", ColumnType.DATE),
    Column("at", "at", ColumnType.DATETIME),
    Column("clock", "clock", ColumnType.TIME),
    Column("note", "note", ColumnType.STRING),
)
NAMES = [UPLOAD_KEY, ROW_NUMBER, *(column.name for column in COLUMNS)]


class RecordingCursor:
    def __init__(self) -> None:
        self.fast_executemany = False
        self.sizes: list[Any] | None = None
        self.calls: list[tuple[str, list[tuple[Any, ...]], bool]] = []
        self.closed = False

    def setinputsizes(self, sizes: list[Any]) -> None:
        self.sizes = sizes

    def executemany(self, statement: str, parameters: list[tuple[Any, ...]]) -> None:
        self.calls.append((statement, parameters, self.fast_executemany))

    def close(self) -> None:
        self.closed = True


class FakeConnection:
    """What `insert_array_bound` uses of an AsyncConnection: its dialect and `run_sync`."""

    def __init__(self) -> None:
        self.dialect = MSDialectAsync_aioodbc()
        self.cursor = RecordingCursor()

    async def run_sync(self, function: Callable[[Any], None]) -> None:
        sync = type("Sync", (), {})()
        sync.connection = type("Dbapi", (), {"cursor": lambda _self: self.cursor})()
        function(sync)


def test_every_parameter_has_a_declared_type_texts_as_nvarchar_max() -> None:
    assert input_sizes(COLUMNS, 7) == [
        (SQL_BIGINT, 0, 0),
        (SQL_BIGINT, 0, 0),
        (SQL_BIGINT, 0, 0),
        (SQL_DECIMAL, 38, 12),
        (SQL_BIT, 0, 0),
        (SQL_TYPE_TIMESTAMP, 27, 7),
        (SQL_WVARCHAR, 34, 0),
        (SQL_WVARCHAR, 16, 0),
        (SQL_WVARCHAR, 0, 0),
    ]


def test_the_upload_is_declared_as_the_table_holds_it() -> None:
    assert input_sizes(COLUMNS[:1], "u-1")[:2] == [(SQL_WVARCHAR, 36, 0), (SQL_BIGINT, 0, 0)]  # before 0009
    assert input_sizes(COLUMNS[:1], None) == [(SQL_BIGINT, 0, 0), (SQL_BIGINT, 0, 0)]  # row number, n


async def test_one_fast_executemany_with_the_values_sqlalchemy_would_bind() -> None:
    connection = FakeConnection()
    aware = datetime(2025, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=-5)))
    rows = records(
        7,
        COLUMNS,
        [
            TypedRow(2, (7, Decimal("1.50"), True, date(2024, 2, 29), aware, time(8, 30, 5), "Pérez")),
            TypedRow(3, (None, None, None, None, datetime(2025, 1, 1, 8, 0), None, "")),
        ],
    )
    table = dataset_table("ds_sales", COLUMNS)

    await insert_array_bound(connection, table, NAMES, COLUMNS, rows, 7)  # type: ignore[arg-type]

    [(statement, parameters, fast)] = connection.cursor.calls
    assert fast and connection.cursor.closed
    assert statement == (
        "INSERT INTO ds_sales (_upload_key, _row_number, n, price, ok, day, at, clock, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    assert connection.cursor.sizes == input_sizes(COLUMNS, 7)
    assert parameters[0] == (
        7,
        2,
        7,
        Decimal("1.50"),
        True,
        datetime(2024, 2, 29),
        "2025-01-01 13:00:00.000000+00:00",
        "08:30:05",
        "Pérez",
    )
    # Naive datetimes are UTC; NULLs stay NULL, an empty text stays empty.
    assert parameters[1] == (7, 3, None, None, None, None, "2025-01-01 08:00:00.000000+00:00", None, "")
    assert datetime.fromisoformat(parameters[0][6]) == aware.astimezone(UTC)


async def test_the_session_staging_table_is_named_as_sql_server_knows_it() -> None:
    connection = FakeConnection()
    table = staging_table("mssql", dataset_table("ds_sales", COLUMNS[:1]), COLUMNS[:1])

    await insert_array_bound(connection, table, NAMES[:3], COLUMNS[:1], [(7, 2, 1)], 7)  # type: ignore[arg-type]

    assert connection.cursor.calls[0][0].startswith("INSERT INTO [#ingesta_staging] (")
