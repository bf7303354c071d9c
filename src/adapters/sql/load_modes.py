"""The set-based statements that move staged rows into a dataset's table, one per mode.

Within a file only the first row of each key moves (under `accept` the engine lets repeated keys
through; a UNIQUE key index could not hold both). Every statement is portable Core except upsert, which
uses each dialect's own: PostgreSQL and SQLite `INSERT ... ON CONFLICT DO UPDATE`, SQL Server `MERGE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Dialect,
    Executable,
    Select,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from adapters.sql.dataset_tables import ROW_NUMBER, UPLOAD_ID, UPLOAD_KEY
from adapters.sql.sql_server_merge import merge_statement
from adapters.sql.upload_keys import upload_keys

SAMPLE_LIMIT = 20


def _same_key(left: Table | Any, right: Table | Any, key: Sequence[str]) -> ColumnElement[bool]:
    return and_(*(left.c[name] == right.c[name] for name in key))


def first_of_its_key(staging: Table, key: Sequence[str]) -> ColumnElement[bool]:
    earlier = staging.alias("earlier")
    return ~exists().where(_same_key(earlier, staging, key), earlier.c[ROW_NUMBER] < staging.c[ROW_NUMBER])


def held_by(table: Table, staging: Table, key: Sequence[str]) -> ColumnElement[bool]:
    return exists().where(_same_key(table, staging, key))


def column_names(staging: Table) -> list[str]:
    return [column.name for column in staging.columns]


def count_where(staging: Table, *conditions: ColumnElement[bool]) -> Select[Any]:
    return select(func.count()).select_from(staging).where(*conditions)


def clash_samples(table: Table, staging: Table, key: Sequence[str]) -> Select[Any]:
    """The first staged rows whose key the dataset holds, with the id of the upload that loaded it."""
    sample = select(staging.c[ROW_NUMBER], *(staging.c[name] for name in key))
    if UPLOAD_KEY not in table.c:  # a table created before 0009_i12_keys holds the id itself
        joined = sample.add_columns(table.c[UPLOAD_ID]).join(table, _same_key(table, staging, key))
    else:
        joined = (
            sample.add_columns(upload_keys.c.upload_id)
            .join(table, _same_key(table, staging, key))
            .join(upload_keys, upload_keys.c.upload_key == table.c[UPLOAD_KEY])
        )
    return joined.order_by(staging.c[ROW_NUMBER]).limit(SAMPLE_LIMIT)


def moved_rows(staging: Table, key: Sequence[str], *conditions: ColumnElement[bool]) -> Select[Any]:
    return select(*staging.columns).where(first_of_its_key(staging, key), *conditions)


def append_new(table: Table, staging: Table, key: Sequence[str]) -> Executable:
    """Insert the staged rows whose key the dataset does not hold yet."""
    rows = moved_rows(staging, key, ~held_by(table, staging, key))
    return insert(table).from_select(column_names(staging), rows)


def replace_all(table: Table) -> Executable:
    return delete(table)


def insert_all(table: Table, staging: Table, key: Sequence[str]) -> Executable:
    return insert(table).from_select(column_names(staging), moved_rows(staging, key))


def upsert(dialect: Dialect, table: Table, staging: Table, key: Sequence[str]) -> Executable:
    """Insert new keys, overwrite the rows of existing ones (which then belong to this upload)."""
    names = column_names(staging)
    rows = moved_rows(staging, key)
    if dialect.name == "mssql":
        return merge_statement(dialect, table, staging, key, rows)
    factory = postgresql_insert if dialect.name == "postgresql" else sqlite_insert
    statement = factory(table).from_select(names, rows)
    changed = {name: statement.excluded[name] for name in names if name not in key}
    return statement.on_conflict_do_update(index_elements=[table.c[name] for name in key], set_=changed)
