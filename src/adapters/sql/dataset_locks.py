"""Serialise loads into one dataset, so two first loads cannot both create its table."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.database_errors import Failure, classify
from adapters.sql.dataset_tables import datasets
from application.dataset_errors import DatasetBusy


def advisory_key(dataset: str) -> int:
    return int.from_bytes(hashlib.sha256(dataset.encode()).digest()[:8], "big", signed=True)


async def lock_dataset(connection: AsyncConnection, dataset: str) -> Row[Any] | None:
    """Take the dataset's write lock for this transaction; return its catalogue row, if any.

    Must be the transaction's first statement: on SQLite it opens the transaction itself. A wait longer
    than the engine's lock timeout raises DatabaseBusy naming the dataset.
    """
    try:
        return await _lock(connection, dataset)
    except Exception as error:
        if classify(error) is Failure.BUSY:
            raise DatasetBusy(dataset) from error
        raise


async def _lock(connection: AsyncConnection, dataset: str) -> Row[Any] | None:
    dialect = connection.dialect.name
    if dialect == "sqlite":
        # The sqlite3 driver only opens a transaction before INSERT/UPDATE/DELETE, so CREATE TABLE
        # would commit on its own; IMMEDIATE also takes the write lock up front (busy_timeout queues).
        await connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        await connection.execute(select(func.pg_advisory_xact_lock(advisory_key(dataset))))
    row: Row[Any] | None = (await connection.execute(locked_catalogue_row(dataset))).first()
    return row


def locked_catalogue_row(dataset: str) -> Select[Any]:
    # On SQL Server the lock is the read itself: HOLDLOCK locks the key range even while the row does
    # not exist yet, so a second first load waits instead of creating the table twice.
    return (
        select(datasets)
        .where(datasets.c.name == dataset)
        .with_hint(datasets, "WITH (UPDLOCK, HOLDLOCK)", dialect_name="mssql")
    )
