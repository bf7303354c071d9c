"""Create a dataset's table (first load or first contract), or evolve it to an upload's columns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.contract_migration import create_key_index
from adapters.sql.contract_records import has_saved_contract, save_contract
from adapters.sql.dataset_schema import decode_columns, encode_columns, evolve
from adapters.sql.dataset_tables import UPLOAD_KEY, add_column, dataset_table, dataset_table_name, datasets
from application.dataset_errors import TableNameTaken
from domain.contracts.table_schema import schema_from_columns
from domain.validation.report import Column


async def create_dataset(
    connection: AsyncConnection, dataset: str, columns: Sequence[Column], key: Sequence[str], now: datetime
) -> Table:
    table = dataset_table(dataset_table_name(dataset), columns)
    await _refuse_taken_table(connection, dataset, table.name)
    await connection.run_sync(table.create)
    if key:
        await create_key_index(connection, table, key)
    await connection.execute(
        insert(datasets).values(
            name=dataset,
            table_name=table.name,
            columns=encode_columns(columns),
            upload_column=UPLOAD_KEY,
            created_at=now,
            updated_at=now,
        )
    )
    return table


async def _refuse_taken_table(connection: AsyncConnection, dataset: str, table_name: str) -> None:
    # A name over 60 characters is shortened with a hash, and another dataset's plain name can be
    # exactly that shortened table name: say so, instead of failing on the existing table.
    owner = (
        await connection.execute(select(datasets.c.name).where(datasets.c.table_name == table_name))
    ).scalar_one_or_none()
    if owner is not None:
        raise TableNameTaken(dataset, table_name, owner)


async def prepare_for_load(
    connection: AsyncConnection,
    dataset: str,
    row: Row[Any] | None,
    columns: Sequence[Column],
    now: datetime,
) -> Table:
    """Under the dataset's lock (`row`: its catalogue row as the lock read it): its table, created on
    the first load or with the columns it has not seen yet added. A dataset without a saved contract
    gets version 1, inferred from its columns."""
    if row is None:
        table = await create_dataset(connection, dataset, columns, (), now)
        await save_contract(connection, dataset, schema_from_columns(columns), 1, now)
        return table
    change = evolve(decode_columns(row.columns), columns)
    for column in change.added:
        await connection.execute(add_column(row.table_name, column))
    if change.added:
        await connection.execute(
            update(datasets)
            .where(datasets.c.name == dataset)
            .values(columns=encode_columns(change.columns), updated_at=now)
        )
    if not await has_saved_contract(connection, dataset):
        # Loaded before contracts existed: what it has held so far becomes its version 1.
        await save_contract(connection, dataset, schema_from_columns(change.columns), 1, now)
    return dataset_table(row.table_name, change.columns, row.upload_column)
