"""Bring a dataset's table to a new contract inside the transaction that stores it.

Refused (409) when the table cannot hold the change (the domain's `compare`) or when the rows already
loaded break the new primary key; otherwise new fields are added, widened ones altered, and the key's
UNIQUE index rebuilt when the key changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, Table, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import CreateIndex, DropIndex

from adapters.sql.column_widening import widen_column
from adapters.sql.dataset_schema import check_columns, decode_columns
from adapters.sql.dataset_tables import add_column, dataset_table, key_index
from application.dataset_errors import ContractRefusedByTable, KeyValuesMissing, KeyValuesRepeated
from application.ports.dataset_store import StoredContract
from domain.contracts.changes import compare
from domain.contracts.table_schema import TableSchema, columns_from_schema
from domain.validation.report import Column


async def migrate_table(
    connection: AsyncConnection, catalogue: Row[Any], current: StoredContract, schema: TableSchema
) -> tuple[Column, ...]:
    """Alter the table to `schema`; returns its columns as the catalogue should now list them."""
    old_columns = decode_columns(catalogue.columns)
    table_name: str = catalogue.table_name
    has_rows = await _any(connection, select(literal(1)).select_from(dataset_table(table_name, ())))
    change = compare(current.schema, schema, has_rows=has_rows)
    if change.is_refused:
        raise ContractRefusedByTable(change.refused)
    by_source = {column.source_name: column for column in old_columns}
    columns: list[Column] = []
    widened: list[tuple[Column, Column]] = []
    for column in columns_from_schema(schema):
        old = by_source.get(column.source_name)
        kept = column if old is None else Column(old.name, column.source_name, column.type, column.required)
        if old is not None and old.type is not column.type:
            widened.append((old, kept))
        columns.append(kept)
    check_columns(columns)
    old_key, new_key = _key(current.schema, old_columns), _key(schema, columns)
    rebuild = old_key != new_key or any(old.name in old_key for old, _ in widened)
    if rebuild and old_key:
        await connection.execute(DropIndex(key_index(dataset_table(table_name, old_columns), old_key)))
    for added in (column for column in columns if column.source_name not in by_source):
        await connection.execute(add_column(table_name, added))
    for old, new in widened:
        for statement in widen_column(connection.dialect, table_name, old, new):
            await connection.execute(statement)
    if rebuild and new_key:
        await create_key_index(connection, dataset_table(table_name, columns), new_key)
    return tuple(columns)


def _key(schema: TableSchema, columns: Sequence[Column]) -> tuple[str, ...]:
    names = {column.source_name: column.name for column in columns}
    return tuple(names[field] for field in schema.primaryKey)


async def _any(connection: AsyncConnection, query: Select[Any]) -> bool:
    # `SELECT 1 ... LIMIT 1` rather than `SELECT EXISTS`, which T-SQL does not have.
    return (await connection.execute(query.limit(1))).first() is not None


async def create_key_index(connection: AsyncConnection, table: Table, key: Sequence[str]) -> None:
    """UNIQUE index on the key columns; refused while loaded rows repeat a key or lack one."""
    parts = [table.c[name] for name in key]
    missing = select(literal(1)).select_from(table).where(or_(*(part.is_(None) for part in parts)))
    if await _any(connection, missing):
        raise KeyValuesMissing(key)
    repeated = select(*parts).group_by(*parts).having(func.count() > 1).limit(1)
    row = (await connection.execute(repeated)).first()
    if row is not None:
        raise KeyValuesRepeated(key, tuple(row))
    await connection.execute(CreateIndex(key_index(table, key)))
