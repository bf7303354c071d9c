"""SQL Server's bulk path: pyodbc's `fast_executemany` with every parameter's SQL type declared.

Chosen over arrow-odbc: its `insert_into_table` writes through an ODBC connection of its own, so the rows
could not join the transaction (and the session's `#` staging table) that also records the upload; and
it would add pyarrow to every install. pyodbc's fast_executemany sends a whole batch as parameter arrays
in one round trip on the connection SQLAlchemy holds. Without declared types it guesses each
parameter's type from the first row (a NULL there, or a long text later, breaks or truncates); with
`setinputsizes` every column's type is fixed, texts as `nvarchar(max)` streamed (size 0).

Values are first passed through each column's own SQLAlchemy bind processing for this dialect (aware
datetimes in UTC as DATETIMEOFFSET text, dates as datetimes, times as text, as SQLAlchemy's executemany
sent them), so the stored values are those of the plain path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Dialect, Table
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.sql_types import DECIMAL_PRECISION, DECIMAL_SCALE
from domain.validation.report import Column, ColumnType

# ODBC SQL type codes (sql.h / sqlext.h), as pyodbc takes them in setinputsizes.
SQL_WVARCHAR = -9
SQL_BIGINT = -5
SQL_BIT = -7
SQL_DECIMAL = 3
SQL_TYPE_TIMESTAMP = 93

InputSize = tuple[int, int, int]

_UPLOAD_ID: InputSize = (SQL_WVARCHAR, 36, 0)  # tables created before 0009_i12_keys
_UPLOAD_KEY: InputSize = (SQL_BIGINT, 0, 0)
_ROW_NUMBER: InputSize = (SQL_BIGINT, 0, 0)
# What each column's values are once SQLAlchemy's mssql bind processing has run.
_SIZES: dict[ColumnType, InputSize] = {
    ColumnType.INTEGER: (SQL_BIGINT, 0, 0),
    ColumnType.DECIMAL: (SQL_DECIMAL, DECIMAL_PRECISION, DECIMAL_SCALE),
    ColumnType.BOOLEAN: (SQL_BIT, 0, 0),
    ColumnType.DATE: (SQL_TYPE_TIMESTAMP, 27, 7),  # sent as a datetime at midnight
    ColumnType.DATETIME: (SQL_WVARCHAR, 34, 0),  # 'YYYY-MM-DD HH:MM:SS.ffffff+00:00'
    ColumnType.TIME: (SQL_WVARCHAR, 16, 0),  # 'HH:MM:SS.ffffff'
    ColumnType.STRING: (SQL_WVARCHAR, 0, 0),  # nvarchar(max): streamed, never truncated
}


def input_sizes(columns: Sequence[Column], upload: int | str | None) -> list[InputSize]:
    """One declared SQL type per parameter: the upload's key or id (none for a staging table without
    it), row number, then `columns` in order."""
    leading = [] if upload is None else [_UPLOAD_ID if isinstance(upload, str) else _UPLOAD_KEY]
    return [*leading, _ROW_NUMBER, *(_SIZES[column.type] for column in columns)]


def insert_sql(dialect: Dialect, table: Table, names: Sequence[str]) -> str:
    preparer = dialect.identifier_preparer
    quoted = ", ".join(preparer.quote(name) for name in names)
    marks = ", ".join("?" for _ in names)
    # Identifiers quoted by the dialect itself; every value is a bound parameter.
    return f"INSERT INTO {preparer.format_table(table)} ({quoted}) VALUES ({marks})"  # noqa: S608


def bound_rows(
    dialect: Dialect, table: Table, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """`rows` as SQLAlchemy would bind them on `dialect`: each column through its own processor."""
    processors: list[tuple[int, Callable[[Any], Any]]] = []
    for position, name in enumerate(names):
        column_type = table.c[name].type
        processor = column_type.dialect_impl(dialect).bind_processor(dialect)
        if processor is not None:
            processors.append((position, processor))
    if not processors:
        return list(rows)
    bound = [list(row) for row in rows]
    for position, process in processors:
        for row in bound:
            row[position] = process(row[position])
    return [tuple(row) for row in bound]


async def insert_array_bound(
    connection: AsyncConnection,
    table: Table,
    names: Sequence[str],
    columns: Sequence[Column],
    rows: Sequence[tuple[Any, ...]],
    upload: int | str | None,
) -> None:
    """One fast_executemany round trip for `rows`, inside the transaction SQLAlchemy opened."""
    dialect = connection.dialect
    statement = insert_sql(dialect, table, names)
    sizes = input_sizes(columns, upload)
    parameters = bound_rows(dialect, table, names, rows)

    def run(sync_connection: Any) -> None:
        cursor = sync_connection.connection.cursor()
        try:
            cursor.fast_executemany = True
            cursor.setinputsizes(sizes)
            cursor.executemany(statement, parameters)
        finally:
            cursor.close()

    await connection.run_sync(run)
