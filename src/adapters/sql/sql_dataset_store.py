"""DatasetStore on SQLAlchemy Core: one typed table per dataset, loaded in one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import msgspec
from sqlalchemy import Table, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.bulk_insert import insert_batch
from adapters.sql.database_errors import translate_database_errors
from adapters.sql.dataset_locks import lock_dataset
from adapters.sql.dataset_schema import check_columns, decode_columns, encode_columns, evolve
from adapters.sql.dataset_tables import (
    add_column,
    check_dataset_name,
    dataset_table,
    dataset_table_name,
    datasets,
)
from adapters.sql.sqlite_staging import copy_staged, staged
from adapters.sql.upload_records import loaded_upload, upsert_upload
from application.errors import Conflict
from application.ports.dataset_store import DatasetInfo
from domain.uploads.upload import Upload
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


class SqlDatasetStore:
    """Datasets as tables named `ds_<dataset>`, their schemas in the `datasets` catalogue."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get_columns(self, dataset: str) -> tuple[Column, ...] | None:
        async with translate_database_errors(), self._engine.connect() as connection:
            row = (await connection.execute(select(datasets).where(datasets.c.name == dataset))).first()
        return None if row is None else decode_columns(row.columns)

    async def describe(self, dataset: str) -> DatasetInfo | None:
        async with translate_database_errors(), self._engine.connect() as connection:
            row = (await connection.execute(select(datasets).where(datasets.c.name == dataset))).first()
            if row is None:
                return None
            return await _info(connection, row.name, row.table_name, decode_columns(row.columns))

    async def list_datasets(self) -> list[DatasetInfo]:
        async with translate_database_errors(), self._engine.connect() as connection:
            rows = (await connection.execute(select(datasets).order_by(datasets.c.name))).all()
            return [
                await _info(connection, row.name, row.table_name, decode_columns(row.columns)) for row in rows
            ]

    async def load(
        self,
        upload: Upload,
        columns: Sequence[Column],
        batches: AsyncIterator[Sequence[TypedRow]],
    ) -> int:
        check_dataset_name(upload.dataset)
        check_columns(columns)
        if self._engine.dialect.name == "sqlite":
            return await self._load_staged(upload, columns, batches)
        async with translate_database_errors(), self._engine.begin() as connection:
            table = await _open_load(connection, upload, columns)
            inserted = 0
            async with _closed_after(batches):
                async for batch in batches:
                    inserted += await insert_batch(connection, table, upload.id, columns, batch)
            await _record_loaded(connection, upload, inserted)
        return inserted

    async def _load_staged(
        self, upload: Upload, columns: Sequence[Column], batches: AsyncIterator[Sequence[TypedRow]]
    ) -> int:
        """SQLite's single write lock is taken only for the final copy (see `sqlite_staging`)."""
        async with (
            translate_database_errors(),
            self._engine.connect() as connection,
            staged(connection, columns) as staging,
        ):
            inserted = 0
            async with _closed_after(batches):
                async for batch in batches:
                    inserted += await insert_batch(connection, staging, upload.id, columns, batch)
            await connection.commit()
            table = await _open_load(connection, upload, columns)
            await connection.execute(copy_staged(staging, table))
            await _record_loaded(connection, upload, inserted)
            await connection.commit()
        return inserted

    async def ping(self) -> None:
        async with translate_database_errors(), self._engine.connect() as connection:
            await connection.execute(text("SELECT 1"))


@asynccontextmanager
async def _closed_after(batches: AsyncIterator[Sequence[TypedRow]]) -> AsyncIterator[None]:
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


async def _open_load(connection: AsyncConnection, upload: Upload, columns: Sequence[Column]) -> Table:
    """Take the dataset's lock, make its table fit `columns`, and refuse content already loaded."""
    table = await _prepare_table(connection, upload.dataset, columns)
    # Under the dataset's lock: a concurrent upload of the same content may have won the race since the
    # use case's early check.
    first = (await connection.execute(loaded_upload(upload.dataset, upload.sha256))).first()
    if first is not None and first.id != upload.id:
        raise Conflict(
            f"this exact file was already loaded into {upload.dataset!r} by upload {first.id}",
            existing_id=first.id,
        )
    return table


async def _record_loaded(connection: AsyncConnection, upload: Upload, inserted: int) -> None:
    # The record states what the table received, whatever the caller expected.
    rows = msgspec.structs.replace(upload.rows, loaded=inserted)
    await upsert_upload(connection, msgspec.structs.replace(upload, rows=rows))


async def _info(
    connection: AsyncConnection, name: str, table_name: str, columns: tuple[Column, ...]
) -> DatasetInfo:
    table = dataset_table(table_name, columns)
    count = (await connection.execute(select(func.count()).select_from(table))).scalar_one()
    return DatasetInfo(name=name, columns=columns, row_count=int(count))


async def _prepare_table(connection: AsyncConnection, dataset: str, columns: Sequence[Column]) -> Table:
    """Create the dataset's table on its first load, or add the columns it has not seen yet."""
    now = datetime.now(UTC)
    row = await lock_dataset(connection, dataset)
    if row is None:
        table = dataset_table(dataset_table_name(dataset), columns)
        await connection.run_sync(table.create)
        await connection.execute(
            insert(datasets).values(
                name=dataset,
                table_name=table.name,
                columns=encode_columns(columns),
                created_at=now,
                updated_at=now,
            )
        )
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
    return dataset_table(row.table_name, change.columns)
