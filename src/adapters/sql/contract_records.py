"""Reading and writing the versions of a dataset's contract in `dataset_contracts`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.contract_tables import dataset_contracts
from adapters.sql.dataset_schema import decode_columns
from application.ports.dataset_store import StoredContract
from domain.contracts.table_schema import TableSchema, parse_table_schema, schema_from_columns, to_document


def etag(version: int) -> str:
    return f'"v{version}"'


def stored(schema: TableSchema, version: int) -> StoredContract:
    return StoredContract(schema=schema, version=version, etag=etag(version))


async def current_contract(
    connection: AsyncConnection, dataset: str, catalogue: Row[Any] | None
) -> StoredContract | None:
    """The highest version; a dataset loaded before contracts existed reads as version 1 of its columns."""
    row = (
        await connection.execute(
            select(dataset_contracts.c.version, dataset_contracts.c.document)
            .where(dataset_contracts.c.dataset == dataset)
            .order_by(dataset_contracts.c.version.desc())
            .limit(1)
        )
    ).first()
    if row is not None:
        return stored(parse_table_schema(row.document), row.version)
    if catalogue is None:
        return None
    return stored(schema_from_columns(decode_columns(catalogue.columns)), 1)


async def has_saved_contract(connection: AsyncConnection, dataset: str) -> bool:
    query = select(dataset_contracts.c.version).where(dataset_contracts.c.dataset == dataset).limit(1)
    return (await connection.execute(query)).first() is not None


async def save_contract(
    connection: AsyncConnection, dataset: str, schema: TableSchema, version: int, now: datetime
) -> StoredContract:
    document = msgspec.json.encode(to_document(schema)).decode()
    await connection.execute(
        insert(dataset_contracts).values(dataset=dataset, version=version, document=document, created_at=now)
    )
    return stored(schema, version)
