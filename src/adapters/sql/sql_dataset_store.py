"""DatasetStore on SQLAlchemy Core: one typed table per dataset, loaded in one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime

import msgspec
from sqlalchemy import Table, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.bulk_insert import insert_batch
from adapters.sql.contract_migration import migrate_table
from adapters.sql.contract_records import current_contract, save_contract
from adapters.sql.database_errors import translate_database_errors
from adapters.sql.dataset_locks import lock_dataset
from adapters.sql.dataset_preparation import create_dataset, prepare_for_load
from adapters.sql.dataset_schema import check_columns, decode_columns, encode_columns
from adapters.sql.dataset_tables import check_dataset_name, dataset_table, datasets
from adapters.sql.keyed_load import load_keyed
from adapters.sql.sqlite_staging import copy_staged, staged
from adapters.sql.upload_records import loaded_upload, upsert_upload
from adapters.system_clock import SystemClock
from application.errors import ContentAlreadyLoaded, PreconditionFailed, PreconditionRequired
from application.ports.clock import Clock
from application.ports.dataset_store import DatasetInfo, LoadPlan, LoadResult, StoredContract, key_columns
from domain.contracts.table_schema import TableSchema, columns_from_schema
from domain.uploads.upload import LoadMode, Upload
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


class SqlDatasetStore:
    """Datasets as tables named `ds_<dataset>`, their schemas in the `datasets` catalogue."""

    def __init__(self, engine: AsyncEngine, *, clock: Clock | None = None) -> None:
        self._engine = engine
        self._clock = clock or SystemClock()

    async def get_columns(self, dataset: str) -> tuple[Column, ...] | None:
        async with translate_database_errors(), self._engine.connect() as connection:
            row = (await connection.execute(select(datasets).where(datasets.c.name == dataset))).first()
        return None if row is None else decode_columns(row.columns)

    async def get_contract(self, dataset: str) -> StoredContract | None:
        async with translate_database_errors(), self._engine.connect() as connection:
            row = (await connection.execute(select(datasets).where(datasets.c.name == dataset))).first()
            return await current_contract(connection, dataset, row)

    async def put_contract(
        self, dataset: str, schema: TableSchema, *, if_match: str | None
    ) -> StoredContract:
        check_dataset_name(dataset)
        now = self._clock.now()
        async with translate_database_errors(), self._engine.begin() as connection:
            row = await lock_dataset(connection, dataset)
            current = await current_contract(connection, dataset, row)
            _check_precondition(dataset, current, if_match)
            if row is None or current is None:
                columns = columns_from_schema(schema)
                check_columns(columns)
                await create_dataset(connection, dataset, columns, key_columns(schema), now)
                return await save_contract(connection, dataset, schema, 1, now)
            columns = await migrate_table(connection, row, current, schema)
            await connection.execute(
                update(datasets)
                .where(datasets.c.name == dataset)
                .values(columns=encode_columns(columns), updated_at=now)
            )
            return await save_contract(connection, dataset, schema, current.version + 1, now)

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
        plan: LoadPlan | None = None,
    ) -> LoadResult:
        check_dataset_name(upload.dataset)
        check_columns(columns)
        plan = plan or LoadPlan()
        if self._engine.dialect.name == "sqlite" and not plan.key:
            return await self._load_staged(upload, columns, batches, plan.mode)
        async with translate_database_errors(), self._engine.begin() as connection:
            table = await _open_load(connection, upload, columns, self._clock.now())
            async with _closed_after(batches):
                if plan.key:
                    upload, result = await load_keyed(connection, table, upload, columns, batches, plan)
                else:
                    result = await _load_unkeyed(connection, table, upload, columns, batches, plan.mode)
            await _record_loaded(connection, upload, result)
        return result

    async def _load_staged(
        self,
        upload: Upload,
        columns: Sequence[Column],
        batches: AsyncIterator[Sequence[TypedRow]],
        mode: LoadMode,
    ) -> LoadResult:
        """SQLite's single write lock is taken only for the final copy (see `sqlite_staging`).

        Keyed loads (append with a key check, upsert) still run in one transaction under the lock.
        """
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
            table = await _open_load(connection, upload, columns, self._clock.now())
            if mode is LoadMode.REPLACE:
                await connection.execute(delete(table))
            await connection.execute(copy_staged(staging, table))
            result = LoadResult(inserted=inserted)
            await _record_loaded(connection, upload, result)
            await connection.commit()
        return result

    async def ping(self) -> None:
        async with translate_database_errors(), self._engine.connect() as connection:
            await connection.execute(text("SELECT 1"))


def _check_precondition(dataset: str, current: StoredContract | None, if_match: str | None) -> None:
    if current is None:
        if if_match is not None and if_match != "*":
            raise PreconditionFailed(f"dataset {dataset!r} has no contract yet; send no If-Match")
        return
    if if_match is None:
        raise PreconditionRequired(
            f"dataset {dataset!r} already has contract version {current.version}; "
            f"send If-Match: {current.etag} to replace it"
        )
    if if_match != current.etag:
        raise PreconditionFailed(
            f"the contract of {dataset!r} is now version {current.version} ({current.etag}), not {if_match}; "
            "read it again before replacing it"
        )


async def _load_unkeyed(
    connection: AsyncConnection,
    table: Table,
    upload: Upload,
    columns: Sequence[Column],
    batches: AsyncIterator[Sequence[TypedRow]],
    mode: LoadMode,
) -> LoadResult:
    """Without a key, rows go straight in (the fast path); `replace` empties the table first."""
    if mode is LoadMode.REPLACE:
        await connection.execute(delete(table))
    inserted = 0
    async for batch in batches:
        inserted += await insert_batch(connection, table, upload.id, columns, batch)
    return LoadResult(inserted=inserted)


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


async def _open_load(
    connection: AsyncConnection, upload: Upload, columns: Sequence[Column], now: datetime
) -> Table:
    """Take the dataset's lock, make its table fit `columns`, and refuse content already loaded."""
    table = await prepare_for_load(connection, upload.dataset, columns, now)
    # Under the dataset's lock: a concurrent upload of the same content may have won the race since the
    # use case's early check.
    first = (await connection.execute(loaded_upload(upload.dataset, upload.sha256))).first()
    if first is not None and first.id != upload.id:
        raise ContentAlreadyLoaded(upload.dataset, first.id)
    return table


async def _record_loaded(connection: AsyncConnection, upload: Upload, result: LoadResult) -> None:
    # The record states what the table received, whatever the caller expected.
    rows = msgspec.structs.replace(upload.rows, loaded=result.loaded)
    record = msgspec.structs.replace(upload, rows=rows, inserted=result.inserted, updated=result.updated)
    await upsert_upload(connection, record)


async def _info(
    connection: AsyncConnection, name: str, table_name: str, columns: tuple[Column, ...]
) -> DatasetInfo:
    table = dataset_table(table_name, columns)
    count = (await connection.execute(select(func.count()).select_from(table))).scalar_one()
    return DatasetInfo(name=name, columns=columns, row_count=int(count))
