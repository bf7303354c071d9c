"""Contracts in the SQL store: versions, If-Match, and the table migrated in the same transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.sql_loads import load_upload

from adapters.sql.dataset_tables import dataset_table, dataset_table_name
from adapters.sql.sql_dataset_store import SqlDatasetStore
from application.dataset_errors import (
    ContractChanged,
    ContractIfMatchMissing,
    ContractRefusedByTable,
    KeyValuesRepeated,
)
from domain.contracts.table_schema import TableSchema, columns_from_schema, parse_table_schema
from domain.validation.report import Column, ColumnType
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.integration


def schema(*fields: str, key: str | None = None) -> TableSchema:
    listed = ", ".join(fields)
    primary = f', "primaryKey": "{key}"' if key else ""
    return parse_table_schema(f'{{"fields": [{listed}]{primary}}}')


ID = '{"name": "id", "type": "integer"}'
DAY = '{"name": "day", "type": "date"}'
V1 = schema(ID, DAY)


async def one_batch(*rows: TypedRow) -> AsyncIterator[Sequence[TypedRow]]:
    yield rows


async def rows_of(engine: AsyncEngine, columns: Sequence[Column]) -> list[tuple[object, ...]]:
    table = dataset_table(dataset_table_name("sales"), columns)
    async with engine.connect() as connection:
        result = await connection.execute(
            select(*(table.c[c.name] for c in columns)).order_by(table.c._row_number)
        )
        return [tuple(row) for row in result.all()]


async def test_a_contract_declared_before_any_upload_creates_an_empty_dataset(engine: AsyncEngine) -> None:
    store = SqlDatasetStore(engine)

    stored = await store.put_contract("sales", V1, if_match=None)

    assert (stored.version, stored.etag) == (1, '"v1"')
    assert await store.get_contract("sales") == stored
    info = await store.describe("sales")
    assert info is not None and info.row_count == 0 and [c.name for c in info.columns] == ["id", "day"]


async def test_replacing_needs_the_current_etag(engine: AsyncEngine) -> None:
    store = SqlDatasetStore(engine)
    await store.put_contract("sales", V1, if_match=None)
    wider = schema(ID, DAY, '{"name": "note", "type": "string"}')

    with pytest.raises(ContractIfMatchMissing) as missing:
        await store.put_contract("sales", wider, if_match=None)
    with pytest.raises(ContractChanged) as changed:
        await store.put_contract("sales", wider, if_match='"v7"')
    assert (missing.value.version, missing.value.etag) == (1, '"v1"')
    assert (changed.value.etag, changed.value.sent) == ('"v1"', '"v7"')
    stored = await store.put_contract("sales", wider, if_match='"v1"')

    assert stored.version == 2
    current = await store.get_contract("sales")
    assert current is not None and current.schema == wider


async def test_a_compatible_change_migrates_the_rows_already_loaded(engine: AsyncEngine, make_upload) -> None:
    store = SqlDatasetStore(engine)
    await store.put_contract("sales", V1, if_match=None)
    await load_upload(
        engine, make_upload("u-1"), columns_from_schema(V1), one_batch(TypedRow(2, (5, date(2024, 2, 29))))
    )
    widened = schema(
        '{"name": "id", "type": "number"}', '{"name": "day", "type": "datetime"}', '{"name": "note"}'
    )

    await store.put_contract("sales", widened, if_match='"v1"')

    columns = columns_from_schema(widened)
    assert [c.type for c in columns] == [ColumnType.DECIMAL, ColumnType.DATETIME, ColumnType.STRING]
    assert await rows_of(engine, columns) == [(Decimal(5), datetime(2024, 2, 29, tzinfo=UTC), None)]
    await load_upload(
        engine,
        make_upload("u-2", sha256="b" * 64),
        columns,
        one_batch(TypedRow(2, (Decimal("0.1"), None, "x"))),
    )
    assert (await rows_of(engine, columns))[1] == (Decimal("0.1"), None, "x")


async def test_narrowing_a_field_of_a_dataset_with_rows_is_refused_and_changes_nothing(
    engine: AsyncEngine, make_upload
) -> None:
    store = SqlDatasetStore(engine)
    await store.put_contract("sales", V1, if_match=None)
    await load_upload(engine, make_upload("u-1"), columns_from_schema(V1), one_batch(TypedRow(2, (5, None))))

    with pytest.raises(ContractRefusedByTable, match="day") as refused:
        await store.put_contract("sales", schema(ID, '{"name": "day", "type": "integer"}'), if_match='"v1"')
    assert refused.value.reasons and all("day" in reason for reason in refused.value.reasons)

    current = await store.get_contract("sales")
    assert current is not None and current.version == 1


async def test_a_primary_key_the_loaded_rows_repeat_is_refused(engine: AsyncEngine, make_upload) -> None:
    store = SqlDatasetStore(engine)
    await store.put_contract("sales", V1, if_match=None)
    rows = (TypedRow(2, (5, None)), TypedRow(3, (5, None)))
    await load_upload(engine, make_upload("u-1"), columns_from_schema(V1), one_batch(*rows))

    with pytest.raises(KeyValuesRepeated, match="repeat the primary key") as refused:
        await store.put_contract("sales", schema(ID, DAY, key="id"), if_match='"v1"')
    assert (refused.value.key, refused.value.values) == (("id",), (5,))


async def test_a_declared_primary_key_gets_a_unique_index(engine: AsyncEngine) -> None:
    store = SqlDatasetStore(engine)

    await store.put_contract("sales", schema(ID, DAY, key="id"), if_match=None)

    async with engine.connect() as connection:
        indexes = await connection.run_sync(
            lambda sync: inspect(sync).get_indexes(dataset_table_name("sales"))
        )
    assert [(i["column_names"], bool(i["unique"])) for i in indexes] == [(["id"], True)]


async def test_the_first_load_saves_version_one_from_the_inferred_columns(
    engine: AsyncEngine, make_upload
) -> None:
    store = SqlDatasetStore(engine)
    columns = (Column("id", "ID", ColumnType.INTEGER), Column("name", "Name", ColumnType.STRING))

    await load_upload(engine, make_upload("u-1"), columns, one_batch(TypedRow(2, (1, "a"))))

    stored = await store.get_contract("sales")
    assert stored is not None and stored.version == 1
    assert [(f.name, str(f.type)) for f in stored.schema.fields] == [("ID", "integer"), ("Name", "string")]
