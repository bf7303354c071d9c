"""SQL Server's upsert: one `MERGE` from the staged rows, its identifiers quoted by the dialect."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Dialect, Select, Table, TextClause, text


def merge_statement(
    dialect: Dialect, table: Table, staging: Table, key: Sequence[str], rows: Select[Any]
) -> TextClause:
    """`MERGE ... WITH (HOLDLOCK)`: the key range stays locked between the match and the insert."""
    quote = dialect.identifier_preparer.quote
    names = [column.name for column in staging.columns]
    source = str(rows.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    matches = " AND ".join(f"target.{quote(name)} = source.{quote(name)}" for name in key)
    updates = ", ".join(f"target.{quote(name)} = source.{quote(name)}" for name in names if name not in key)
    columns = ", ".join(quote(name) for name in names)
    values = ", ".join(f"source.{quote(name)}" for name in names)
    return text(
        f"MERGE INTO {quote(table.name)} WITH (HOLDLOCK) AS target "  # noqa: S608 - quoted by the dialect
        f"USING ({source}) AS source ON {matches} "
        f"WHEN MATCHED THEN UPDATE SET {updates} "
        f"WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({values});"
    )
