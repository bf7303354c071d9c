"""DatasetRows on one SQLAlchemy connection: the three ways an upload's rows reach its dataset's table.

- SQLite without a key: rows are staged in a TEMPORARY table before the lock (see `sqlite_staging`), so
  the database's single write lock is held only for the final copy.
- With a key (any database): rows are staged under the lock and moved by one set-based statement per
  mode (`keyed_load`; SQL Server's upsert is a MERGE).
- PostgreSQL and SQL Server without a key: rows go straight into the table (binary COPY on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Row, Table, delete
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.bulk_insert import insert_batch
from adapters.sql.database_errors import translate_database_errors
from adapters.sql.dataset_locks import lock_dataset
from adapters.sql.dataset_preparation import prepare_for_load
from adapters.sql.dataset_schema import check_columns
from adapters.sql.dataset_tables import UPLOAD_KEY, check_dataset_name
from adapters.sql.keyed_load import load_keyed
from adapters.sql.sqlite_staging import copy_staged, drop_staging, open_staging
from adapters.sql.upload_keys import upload_key
from application.ports.clock import Clock
from application.ports.dataset_store import LoadPlan, LoadResult
from domain.uploads.upload import LoadMode, Upload
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


class SqlDatasetRows:
    """Stage, lock, load: in that order, on the unit of work's connection."""

    def __init__(self, connection: AsyncConnection, clock: Clock) -> None:
        self._connection = connection
        self._clock = clock
        self._columns: tuple[Column, ...] = ()
        self._plan = LoadPlan()
        self._batches: AsyncIterator[Sequence[TypedRow]] | None = None
        self._staging: Table | None = None
        self._staged = 0
        self._locked: tuple[str, Row[Any] | None] | None = None

    async def stage(
        self,
        upload_id: str,
        columns: Sequence[Column],
        batches: AsyncIterator[Sequence[TypedRow]],
        plan: LoadPlan,
    ) -> None:
        if self._connection.in_transaction():
            # SQLite commits the staged rows on their own: anything written before them would go too.
            raise RuntimeError("stage the rows first in a unit of work, before any other statement")
        check_columns(columns)
        self._columns, self._plan = tuple(columns), plan
        if self._connection.dialect.name != "sqlite" or plan.key:
            self._batches = batches
            return
        # Filling a TEMPORARY table takes no lock on the database file: logins and other uploads write
        # meanwhile. Committed here, so the lock taken next opens a transaction of its own.
        async with translate_database_errors(), closed_after(batches):
            self._staging = await open_staging(self._connection, self._columns)
            async for batch in batches:
                staging, columns = self._staging, self._columns
                self._staged += await insert_batch(self._connection, staging, None, columns, batch)
            await self._connection.commit()

    async def lock(self, dataset: str) -> None:
        check_dataset_name(dataset)
        async with translate_database_errors():
            self._locked = (dataset, await lock_dataset(self._connection, dataset))

    async def load(self, upload: Upload) -> LoadResult:
        if self._locked is None or self._locked[0] != upload.dataset:
            raise RuntimeError(f"load into {upload.dataset!r} without holding its lock")
        async with translate_database_errors():
            return await self._load(upload, *self._locked)

    async def _load(self, upload: Upload, dataset: str, row: Row[Any] | None) -> LoadResult:
        table = await prepare_for_load(self._connection, dataset, row, self._columns, self._clock.now())
        # Numbered here, under the lock and in the load's transaction: undone with a load that fails.
        upload_value = await upload_key(self._connection, upload.id) if UPLOAD_KEY in table.c else upload.id
        if self._staging is not None:
            if self._plan.mode is LoadMode.REPLACE:
                await self._connection.execute(delete(table))
            await self._connection.execute(copy_staged(self._staging, table, upload_value))
            return LoadResult(inserted=self._staged)
        if self._batches is None:
            raise RuntimeError("load without staged rows")
        async with closed_after(self._batches):
            if self._plan.key:
                _, result = await load_keyed(
                    self._connection, table, upload, self._columns, self._batches, self._plan, upload_value
                )
                return result
            return await _load_unkeyed(
                self._connection, table, upload_value, self._columns, self._batches, self._plan.mode
            )

    async def close(self) -> None:
        """Drop the SQLite staging table (after the transaction ended, committed or not)."""
        if self._staging is not None:
            staging, self._staging = self._staging, None
            async with translate_database_errors():
                await drop_staging(self._connection, staging)


async def _load_unkeyed(
    connection: AsyncConnection,
    table: Table,
    upload: int | str,
    columns: Sequence[Column],
    batches: AsyncIterator[Sequence[TypedRow]],
    mode: LoadMode,
) -> LoadResult:
    """Without a key, rows go straight in (the fast path); `replace` empties the table first."""
    if mode is LoadMode.REPLACE:
        await connection.execute(delete(table))
    inserted = 0
    async for batch in batches:
        inserted += await insert_batch(connection, table, upload, columns, batch)
    return LoadResult(inserted=inserted)


@asynccontextmanager
async def closed_after(batches: AsyncIterator[Sequence[TypedRow]]) -> AsyncIterator[None]:
    """Close the batches' producer when the load stops, before the transaction ends.

    A producer reading ahead (see `csv_passes.typed_batches`) then stops now, on a failure too, rather
    than whenever the garbage collector finalizes it.
    """
    try:
        yield
    finally:
        close = getattr(batches, "aclose", None)
        if close is not None:
            await close()
