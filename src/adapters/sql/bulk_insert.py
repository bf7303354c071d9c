"""Insert a batch of typed rows through each dialect's fastest path, always with bound values."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from operator import attrgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.dataset_tables import ROW_NUMBER, upload_column_name
from adapters.sql.sql_server_bulk import insert_array_bound
from domain.validation.report import Column, ColumnType
from domain.validation.text_rows import TextRows
from domain.validation.typed_row import CellValue, TypedRow

_VALUES = attrgetter("values")


class FastPath(StrEnum):
    COPY = "copy"  # PostgreSQL: binary COPY through asyncpg
    ARRAY_BOUND = "array-bound"  # SQL Server: pyodbc fast_executemany with typed parameters
    EXECUTEMANY = "executemany"  # SQLite: SQLAlchemy's executemany of bound rows


def fast_path(dialect_name: str) -> FastPath:
    if dialect_name == "postgresql":
        return FastPath.COPY
    return FastPath.ARRAY_BOUND if dialect_name == "mssql" else FastPath.EXECUTEMANY


# What each row carries before its values: the upload's integer key (or, in a table created before
# 0009_i12_keys, its id), or nothing in a staging table that gets the upload when its rows move.
UploadValue = int | str | None


def records(
    upload: UploadValue, columns: Sequence[Column], batch: Sequence[TypedRow]
) -> list[tuple[CellValue, ...]]:
    """One tuple per row: the upload (unless None), row number, then the values in `columns` order.

    Naive datetimes are marked UTC here: COPY bypasses SQLAlchemy's type processing, and asyncpg would
    read them as local time. Aware ones are left as they are (the driver converts them to UTC).
    """
    width = len(columns)
    if set(map(len, map(_VALUES, batch))) - {width}:
        row = next(row for row in batch if len(row.values) != width)
        raise ValueError(f"row {row.row} has {len(row.values)} values for {width} columns")
    if upload is None:
        rows: list[tuple[CellValue, ...]] = [(row.row, *row.values) for row in batch]
    else:
        rows = [(upload, row.row, *row.values) for row in batch]
    first_value = 1 if upload is None else 2
    for position, column in enumerate(columns, start=first_value):
        if column.type is ColumnType.DATETIME:
            _mark_naive_as_utc(rows, position)
    return rows


def _mark_naive_as_utc(rows: list[tuple[CellValue, ...]], position: int) -> None:
    for index, row in enumerate(rows):
        value = row[position]
        if isinstance(value, datetime) and value.tzinfo is None:
            rows[index] = (*row[:position], value.replace(tzinfo=UTC), *row[position + 1 :])


async def insert_batch(
    connection: AsyncConnection,
    table: Table,
    upload: UploadValue,
    columns: Sequence[Column],
    batch: Sequence[TypedRow],
) -> int:
    if not batch:
        return 0
    leading = [ROW_NUMBER] if upload is None else [upload_column_name(table), ROW_NUMBER]
    names = [*leading, *(column.name for column in columns)]
    path = fast_path(connection.dialect.name)
    if path is FastPath.COPY and isinstance(batch, TextRows):
        await _copy_text(connection, table, names, upload, batch)
        return len(batch)
    rows = records(upload, columns, batch)
    if path is FastPath.COPY:
        await _copy(connection, table, names, rows)
    elif path is FastPath.ARRAY_BOUND:
        await insert_array_bound(connection, table, names, columns, rows, upload)
    else:
        await connection.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
    return len(rows)


async def _copy(
    connection: AsyncConnection, table: Table, names: list[str], rows: list[tuple[CellValue, ...]]
) -> None:
    driver = await _driver_in_transaction(connection)
    await driver.copy_records_to_table(table.name, schema_name=table.schema, columns=names, records=rows)


async def _copy_text(
    connection: AsyncConnection, table: Table, names: list[str], upload: UploadValue, batch: TextRows
) -> None:
    """COPY in CSV format from the cells' own text: PostgreSQL parses each cell into its column's type.

    The session's time zone is UTC for the rest of the transaction, so a datetime written without an
    offset is read as UTC, as the binary path marks it.
    """
    driver = await _driver_in_transaction(connection)
    separator = batch.delimiter.encode()
    prefix = b"" if upload is None else str(upload).encode() + separator
    text = b"".join(
        [
            b"%s%d%s%s\n" % (prefix, number, separator, line)
            for number, line in zip(batch.numbers, batch.lines, strict=True)
        ]
    )
    await driver.execute("SET LOCAL TIME ZONE 'UTC'")
    await driver.copy_to_table(
        table.name,
        schema_name=table.schema,
        columns=names,
        source=_once(text),
        format="csv",
        delimiter=batch.delimiter,
    )


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _driver_in_transaction(connection: AsyncConnection) -> Any:
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    # COPY must join the transaction SQLAlchemy opened (our earlier statements began it); outside one
    # it would commit on its own and survive a rollback.
    if not driver.is_in_transaction():
        raise RuntimeError("COPY must run inside the load's transaction")
    return driver
