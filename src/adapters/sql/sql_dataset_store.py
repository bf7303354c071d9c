"""DatasetStore on SQLAlchemy Core: datasets, their tables and contracts (loads: `SqlUploadUnitOfWork`)."""

from __future__ import annotations

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.contract_migration import migrate_table
from adapters.sql.contract_records import current_contract, save_contract
from adapters.sql.database_errors import translate_database_errors
from adapters.sql.dataset_locks import lock_dataset
from adapters.sql.dataset_preparation import create_dataset
from adapters.sql.dataset_schema import check_columns, decode_columns, encode_columns
from adapters.sql.dataset_tables import check_dataset_name, dataset_table, datasets
from adapters.system_clock import SystemClock
from application.dataset_errors import ContractChanged, ContractIfMatchMissing, NoContractToMatch
from application.ports.clock import Clock
from application.ports.dataset_store import DatasetInfo, StoredContract, key_columns
from domain.contracts.table_schema import TableSchema, columns_from_schema
from domain.validation.report import Column


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

    async def ping(self) -> None:
        async with translate_database_errors(), self._engine.connect() as connection:
            await connection.execute(text("SELECT 1"))


def _check_precondition(dataset: str, current: StoredContract | None, if_match: str | None) -> None:
    if current is None:
        if if_match is not None and if_match != "*":
            raise NoContractToMatch(dataset)
        return
    if if_match is None:
        raise ContractIfMatchMissing(dataset, current.version, current.etag)
    if if_match != current.etag:
        raise ContractChanged(dataset, current.version, current.etag, if_match)


async def _info(
    connection: AsyncConnection, name: str, table_name: str, columns: tuple[Column, ...]
) -> DatasetInfo:
    table = dataset_table(table_name, columns)
    count = (await connection.execute(select(func.count()).select_from(table))).scalar_one()
    return DatasetInfo(name=name, columns=columns, row_count=int(count))
