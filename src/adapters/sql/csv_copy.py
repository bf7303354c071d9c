"""PostgreSQL's fastest load: a batch written as CSV text and sent with `COPY ... FROM STDIN (FORMAT csv)`.

The text is what PostgreSQL's own input functions read, so no value is rebuilt on the way: integers,
exact decimals (`str(Decimal)` keeps every digit and the scale), dates and times as ISO text. Strings
(and dates, times, datetimes) are always quoted; NULL is the unquoted `\\N`, so a quoted `"\\N"` or `""`
stays the text it is, and an empty string never becomes NULL (nor the reverse). Datetimes without an
offset are read in the session's time zone, which the load sets to UTC for its own transaction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.validation.typed_row import TypedRow

NULL = "\\N"


class _Null:
    """Written by `csv.writer` unquoted as `\\N`: QUOTE_NONNUMERIC leaves anything with `__float__` bare."""

    __slots__ = ()

    def __float__(self) -> float:  # pragma: no cover - never called, only looked for by csv
        raise TypeError("NULL has no number")

    def __str__(self) -> str:
        return NULL


_NULL_CELL = _Null()


def csv_rows(upload_id: str, width: int, batch: Sequence[TypedRow]) -> bytes:
    """The batch as UTF-8 CSV lines: upload id, row number, then the `width` values of each row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    rows: list[tuple[Any, ...]] = []
    for row in batch:
        values: tuple[Any, ...] = row.values
        if len(values) != width:
            raise ValueError(f"row {row.row} has {len(values)} values for {width} columns")
        if None in values:
            values = tuple(_NULL_CELL if value is None else value for value in values)
        rows.append((upload_id, row.row, *values))
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


async def copy_csv(connection: AsyncConnection, table: Table, names: list[str], data: bytes) -> None:
    """COPY `data` into `table` inside the transaction SQLAlchemy opened on `connection`."""
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    # COPY must join the transaction SQLAlchemy opened (our earlier statements began it); outside one
    # it would commit on its own and survive a rollback.
    if not driver.is_in_transaction():
        raise RuntimeError("COPY must run inside the load's transaction")
    # LOCAL: only this transaction reads offset-less datetimes as UTC; the pooled session is unchanged.
    await connection.execute(text("SET LOCAL TIME ZONE 'UTC'"))
    await driver.copy_to_table(
        table.name, schema_name=table.schema, columns=names, source=io.BytesIO(data), format="csv", null=NULL
    )
