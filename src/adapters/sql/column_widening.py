"""Widen a dataset column's SQL type in place (integer -> number, date -> datetime, anything -> string).

Each dialect its own way: PostgreSQL `ALTER COLUMN ... TYPE ... USING`, SQL Server `ALTER COLUMN`,
SQLite (which cannot change a column's type) a new column filled from the old one, then swapped in.
Values convert exactly: a date becomes midnight UTC; booleans and numbers become the text the database
writes for them.
"""

from __future__ import annotations

from sqlalchemy import Dialect, TextClause, text

from adapters.sql.dataset_tables import sql_type
from domain.validation.report import Column, ColumnType

WIDENING_SUFFIX = "__widened"


def widen_column(dialect: Dialect, table_name: str, old: Column, new: Column) -> list[TextClause]:
    """The statements that give `old` (a column of `table_name`) the type of `new`, keeping its values."""
    quote = dialect.identifier_preparer.quote
    table, column = quote(table_name), quote(old.name)
    target = sql_type(new.type).compile(dialect=dialect)
    if dialect.name == "postgresql":
        using = f"{column}::{target}"
        if old.type is ColumnType.DATE and new.type is ColumnType.DATETIME:
            using = f"({column}::timestamp AT TIME ZONE 'UTC')"
        return [text(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {target} USING {using}")]
    if dialect.name == "mssql":
        # Always NULL: dataset columns are nullable, and SQL Server would otherwise keep whatever it likes.
        return [text(f"ALTER TABLE {table} ALTER COLUMN {column} {target} NULL")]
    return _sqlite_swap(dialect, table_name, old, new)


def _sqlite_swap(dialect: Dialect, table_name: str, old: Column, new: Column) -> list[TextClause]:
    quote = dialect.identifier_preparer.quote
    table, column = quote(table_name), quote(old.name)
    spare = quote(old.name + WIDENING_SUFFIX)
    target = sql_type(new.type).compile(dialect=dialect)
    value = f"CAST({column} AS TEXT)"
    if old.type is ColumnType.DATE and new.type is ColumnType.DATETIME:
        value = f"{column} || ' 00:00:00.000000'"  # SQLAlchemy's SQLite datetime text, at midnight
    if old.type is ColumnType.BOOLEAN:
        value = f"CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' END"
    return [
        text(f"ALTER TABLE {table} ADD COLUMN {spare} {target}"),
        text(f"UPDATE {table} SET {spare} = {value}"),  # noqa: S608 - identifiers quoted by the dialect
        text(f"ALTER TABLE {table} DROP COLUMN {column}"),
        text(f"ALTER TABLE {table} RENAME COLUMN {spare} TO {column}"),
    ]
