from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.sql_loads import add_upload, load_upload, with_upload_ids

from adapters.sql.dataset_tables import dataset_table, dataset_table_name
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_upload_repository import SqlUploadRepository
from application.errors import InvalidInput
from domain.uploads.upload import Upload, UploadStatus
from domain.validation.report import Column, ColumnType, RowCounts
from domain.validation.typed_row import CellValue, TypedRow

pytestmark = pytest.mark.integration

COLUMNS = (
    Column("id", "ID", ColumnType.INTEGER, required=True),
    Column("amount", "Amount", ColumnType.DECIMAL),
    Column("active", "Active", ColumnType.BOOLEAN),
    Column("born", "Born", ColumnType.DATE),
    Column("seen_at", "Seen at", ColumnType.DATETIME),
    Column("name", "Name", ColumnType.STRING),
)
NAMES = ("Pérez", "emoji 😀🎉", "00123", "", "plain", "日本語")


def typed_row(n: int) -> TypedRow:
    """Every type, a None in each column now and then, and awkward values on purpose."""
    values: list[CellValue] = [
        n * 1_000_003,
        Decimal("12345678901234.567890") if n % 7 == 0 else Decimal(n) / Decimal(8),
        n % 2 == 0,
        date(1900, 1, 1) + timedelta(days=n * 17),
        datetime(2025, 1, 1, 8, 30, 15, 250000, tzinfo=timezone(timedelta(hours=-5))) + timedelta(hours=n),
        NAMES[n % len(NAMES)],
    ]
    if n % 11 < len(values):
        values[n % 11] = None
    return TypedRow(row=n + 2, values=tuple(values))


def expected_values(row: TypedRow) -> tuple[CellValue, ...]:
    return tuple(v.astimezone(UTC) if isinstance(v, datetime) else v for v in row.values)


async def in_batches(rows: Sequence[TypedRow], size: int = 500) -> AsyncIterator[Sequence[TypedRow]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def failing_after_first_batch(rows: Sequence[TypedRow]) -> AsyncIterator[Sequence[TypedRow]]:
    yield rows
    raise RuntimeError("the CSV reader broke mid-file")


def loaded(upload: Upload, count: int) -> Upload:
    upload.status = UploadStatus.LOADED
    upload.rows = RowCounts(total=count, valid=count, invalid=0, loaded=count)
    upload.columns = COLUMNS
    upload.inserted = count
    return upload


async def stored_rows(engine: AsyncEngine, dataset: str, columns: Sequence[Column]) -> list[tuple]:
    table = dataset_table(dataset_table_name(dataset), columns)
    async with engine.connect() as connection:
        query = with_upload_ids(table).order_by(table.c._upload_key, table.c._row_number)
        result = await connection.execute(query)
        return [tuple(row) for row in result.all()]


async def table_names(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_load_stores_every_typed_value_exactly(engine: AsyncEngine, make_upload) -> None:
    upload = make_upload("u-1")
    await add_upload(engine, upload)
    rows = [typed_row(n) for n in range(2000)]

    inserted = await load_upload(engine, loaded(upload, 2000), COLUMNS, in_batches(rows))

    assert inserted.inserted == 2000
    stored = await stored_rows(engine, "sales", COLUMNS)
    assert len(stored) == 2000
    for row, back in zip(rows, stored, strict=True):
        assert back[:2] == ("u-1", row.row)
        assert back[2:] == expected_values(row), f"row {row.row}"
    assert stored[0][3] == Decimal("12345678901234.567890")
    assert {back[7] for back in stored} == {None, *NAMES}


async def test_load_saves_the_final_upload_and_catalogues_the_dataset(
    engine: AsyncEngine, make_upload
) -> None:
    repository, store = SqlUploadRepository(engine), SqlDatasetStore(engine)
    upload = make_upload("u-1")
    await add_upload(engine, upload)

    await load_upload(engine, loaded(upload, 3), COLUMNS, in_batches([typed_row(n) for n in range(3)]))

    assert await repository.get("u-1") == upload
    assert await store.get_columns("sales") == COLUMNS
    info = await store.describe("sales")
    assert info is not None and (info.columns, info.row_count) == (COLUMNS, 3)
    assert [d.name for d in await store.list_datasets()] == ["sales"]


async def test_an_unknown_dataset_has_no_columns_or_description(engine: AsyncEngine) -> None:
    store = SqlDatasetStore(engine)
    assert await store.get_columns("nothing") is None
    assert await store.describe("nothing") is None
    assert await store.list_datasets() == []


async def test_a_new_column_is_added_and_older_rows_read_null(engine: AsyncEngine, make_upload) -> None:
    store = SqlDatasetStore(engine)
    await load_upload(engine, make_upload("u-1"), COLUMNS[:2], in_batches([TypedRow(2, (1, Decimal("1.5")))]))
    grown = (*COLUMNS[:2], Column("note", "Note", ColumnType.STRING))

    await load_upload(engine, make_upload("u-2"), grown, in_batches([TypedRow(2, (2, None, "new"))]))

    assert await store.get_columns("sales") == grown
    assert await stored_rows(engine, "sales", grown) == [
        ("u-1", 2, 1, Decimal("1.5"), None),
        ("u-2", 2, 2, None, "new"),
    ]


async def test_a_failure_mid_load_leaves_no_table_no_rows_and_the_upload_received(
    engine: AsyncEngine, make_upload
) -> None:
    repository, store = SqlUploadRepository(engine), SqlDatasetStore(engine)
    upload = make_upload("u-1")
    await add_upload(engine, upload)
    before = await table_names(engine)

    with pytest.raises(RuntimeError, match="mid-file"):
        await load_upload(
            engine, loaded(make_upload("u-1"), 10), COLUMNS, failing_after_first_batch([typed_row(1)])
        )

    assert await table_names(engine) == before
    assert await store.get_columns("sales") is None
    assert await repository.get("u-1") == upload


async def test_a_failure_mid_load_keeps_an_existing_dataset_as_it_was(
    engine: AsyncEngine, make_upload
) -> None:
    store = SqlDatasetStore(engine)
    await load_upload(engine, make_upload("u-1"), COLUMNS, in_batches([typed_row(1)]))
    grown = (*COLUMNS, Column("note", "Note", ColumnType.STRING))

    with pytest.raises(RuntimeError):
        await load_upload(
            engine,
            make_upload("u-2"),
            grown,
            failing_after_first_batch([TypedRow(2, (*typed_row(2).values, "x"))]),
        )

    assert await store.get_columns("sales") == COLUMNS
    async with engine.connect() as connection:
        names = await connection.run_sync(
            lambda sync: [c["name"] for c in inspect(sync).get_columns(dataset_table_name("sales"))]
        )
    assert "note" not in names
    assert len(await stored_rows(engine, "sales", COLUMNS)) == 1


async def test_a_column_changing_type_is_refused_and_nothing_changes(
    engine: AsyncEngine, make_upload
) -> None:
    store = SqlDatasetStore(engine)
    await load_upload(engine, make_upload("u-1"), COLUMNS[:1], in_batches([TypedRow(2, (1,))]))

    with pytest.raises(InvalidInput, match="integer"):
        await load_upload(
            engine, make_upload("u-2"), (Column("id", "ID", ColumnType.STRING),), in_batches([])
        )

    info = await store.describe("sales")
    assert info is not None and (info.columns, info.row_count) == (COLUMNS[:1], 1)


async def test_sequential_loads_into_one_dataset_are_both_counted(engine: AsyncEngine, make_upload) -> None:
    store = SqlDatasetStore(engine)
    first = await load_upload(
        engine, make_upload("u-1"), COLUMNS, in_batches([typed_row(n) for n in range(30)])
    )
    second = await load_upload(
        engine, make_upload("u-2"), COLUMNS, in_batches([typed_row(n) for n in range(20)])
    )

    info = await store.describe("sales")
    assert (first.loaded, second.loaded) == (30, 20)
    assert info is not None and info.row_count == 50


async def test_a_63_character_dataset_name_gets_a_table_postgresql_accepts(
    engine: AsyncEngine, make_upload
) -> None:
    store = SqlDatasetStore(engine)
    name = "d" + "x" * 62

    await load_upload(engine, make_upload("u-1", dataset=name), COLUMNS, in_batches([typed_row(1)]))

    assert dataset_table_name(name) in await table_names(engine)
    info = await store.describe(name)
    assert info is not None and info.row_count == 1


async def test_hostile_column_names_are_stored_as_names_not_run(engine: AsyncEngine, make_upload) -> None:
    hostile = (
        Column('a"; DROP TABLE uploads; --', "a", ColumnType.STRING),
        Column("b]; x", "b", ColumnType.INTEGER),
    )

    await load_upload(engine, make_upload("u-1"), hostile, in_batches([TypedRow(2, ("'; --", 5))]))

    assert await stored_rows(engine, "sales", hostile) == [("u-1", 2, "'; --", 5)]
    assert "uploads" in await table_names(engine)


async def test_concurrent_first_loads_into_one_dataset_both_land(engine: AsyncEngine, make_upload) -> None:
    store = SqlDatasetStore(engine)

    counts = await asyncio.gather(
        load_upload(engine, make_upload("u-1"), COLUMNS, in_batches([typed_row(n) for n in range(40)])),
        load_upload(engine, make_upload("u-2"), COLUMNS, in_batches([typed_row(n) for n in range(60)])),
    )

    info = await store.describe("sales")
    assert [count.inserted for count in counts] == [40, 60]
    assert info is not None and info.row_count == 100


async def test_a_failing_insert_closes_the_batch_producer_before_load_returns(
    engine: AsyncEngine, make_upload
) -> None:
    store = SqlDatasetStore(engine)
    closed: list[bool] = []

    async def producer() -> AsyncIterator[Sequence[TypedRow]]:
        try:
            yield [typed_row(1)]
            yield [TypedRow(3, (1,))]  # too few values: the insert refuses it
            yield [typed_row(3)]
        finally:
            closed.append(True)

    with pytest.raises(ValueError, match="row 3"):
        await load_upload(engine, make_upload("u-1"), COLUMNS, producer())

    assert closed == [True]
    assert await store.get_columns("sales") is None


async def test_the_catalogue_dates_a_dataset_by_the_clock_it_was_given(
    engine: AsyncEngine, make_upload
) -> None:
    from tests.support.auth_fakes import FixedClock

    from adapters.sql.dataset_tables import datasets

    clock = FixedClock(datetime(2031, 5, 4, 3, 2, 1, tzinfo=UTC))
    await load_upload(engine, make_upload("u-1"), COLUMNS[:1], in_batches([TypedRow(2, (1,))]), clock=clock)
    clock.advance(60)
    second = make_upload("u-2", sha256="b" * 64)
    await load_upload(engine, second, COLUMNS[:2], in_batches([TypedRow(2, (2, None))]), clock=clock)

    async with engine.connect() as connection:
        row = (await connection.execute(select(datasets).where(datasets.c.name == "sales"))).one()
    assert row.created_at == datetime(2031, 5, 4, 3, 2, 1, tzinfo=UTC)
    assert row.updated_at == datetime(2031, 5, 4, 3, 3, 1, tzinfo=UTC)
