"""append, upsert and replace against a real database, each in the load's one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import msgspec
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.sql_loads import add_upload, load_upload, with_upload_ids

from adapters.sql.dataset_tables import dataset_table, dataset_table_name
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_upload_repository import SqlUploadRepository
from application.ports.dataset_store import KeyClashes, LoadPlan, key_columns
from application.uploads.key_clashes import settle_clashes
from domain.contracts.table_schema import columns_from_schema, parse_table_schema
from domain.uploads.upload import LoadMode, OnError, Upload, UploadStatus
from domain.validation.report import RowCounts
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.integration

CONTRACT = parse_table_schema(
    b'{"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}], "primaryKey": "id"}'
)
COLUMNS = columns_from_schema(CONTRACT)
KEY = key_columns(CONTRACT)


async def batches(rows: Sequence[tuple[int, str]], size: int = 2) -> AsyncIterator[Sequence[TypedRow]]:
    typed = [TypedRow(row=index + 2, values=values) for index, values in enumerate(rows)]
    for start in range(0, len(typed), size):
        yield typed[start : start + size]


def ready(upload: Upload, count: int, on_error: OnError = OnError.REJECT) -> Upload:
    upload.status = UploadStatus.LOADED
    upload.on_error = on_error
    upload.rows = RowCounts(total=count, valid=count, invalid=0, loaded=count)
    return upload


async def content(engine: AsyncEngine) -> list[tuple[object, ...]]:
    table = dataset_table(dataset_table_name("sales"), COLUMNS)
    async with engine.connect() as connection:
        result = await connection.execute(with_upload_ids(table).order_by(table.c.id))
        return [tuple(row) for row in result.all()]


@pytest.fixture
async def store(engine: AsyncEngine, make_upload) -> SqlDatasetStore:  # type: ignore[no-untyped-def]
    store = SqlDatasetStore(engine)
    await store.put_contract("sales", CONTRACT, if_match=None)
    first = ready(make_upload("u-1"), 3)
    await add_upload(engine, first)
    await load_upload(
        engine, first, COLUMNS, batches([(1, "Ana"), (2, "Luis"), (3, "Eva")]), LoadPlan(key=KEY)
    )
    return store


def settling(upload: Upload, on_error: OnError, seen: list[KeyClashes]) -> LoadPlan:
    def settle(clashes: KeyClashes) -> Upload:
        seen.append(clashes)
        return settle_clashes(upload, on_error, ("id",), clashes)

    return LoadPlan(mode=LoadMode.APPEND, key=KEY, settle=settle)


async def test_append_rejects_a_key_already_loaded_naming_the_upload_that_holds_it(
    store: SqlDatasetStore, engine: AsyncEngine, make_upload
) -> None:
    upload = ready(make_upload("u-2", sha256="b" * 64), 2)
    seen: list[KeyClashes] = []

    result = await load_upload(
        engine,
        upload,
        COLUMNS,
        batches([(4, "Noa"), (2, "Luis bis")]),
        settling(upload, OnError.REJECT, seen),
    )

    assert result.loaded == 0
    assert seen[0].count == 1 and seen[0].samples[0].row == 3 and seen[0].samples[0].upload_id == "u-1"
    record = await SqlUploadRepository(engine).get("u-2")
    assert record is not None and record.status is UploadStatus.REJECTED and record.rows.loaded == 0
    assert record.validations[-1].rule == "primary-key-in-dataset" and record.validations[-1].count == 1
    assert [row[2:] for row in await content(engine)] == [(1, "Ana"), (2, "Luis"), (3, "Eva")]


async def test_append_under_skip_loads_the_new_keys_and_leaves_the_held_ones(
    store: SqlDatasetStore, engine: AsyncEngine, make_upload
) -> None:
    upload = ready(make_upload("u-2", sha256="b" * 64), 3, OnError.SKIP)
    seen: list[KeyClashes] = []
    rows = [(4, "Noa"), (2, "Luis bis"), (5, "Iker")]

    result = await load_upload(engine, upload, COLUMNS, batches(rows), settling(upload, OnError.SKIP, seen))

    assert (result.inserted, result.updated) == (2, 0)
    record = await SqlUploadRepository(engine).get("u-2")
    assert record is not None and record.status is UploadStatus.LOADED
    assert record.rows == RowCounts(total=3, valid=2, invalid=1, loaded=2)
    stored = await content(engine)
    assert [row[2:] for row in stored] == [(1, "Ana"), (2, "Luis"), (3, "Eva"), (4, "Noa"), (5, "Iker")]
    assert stored[1][0] == "u-1"


async def test_upsert_counts_inserted_and_updated_and_keeps_the_new_values(
    store: SqlDatasetStore, engine: AsyncEngine, make_upload
) -> None:
    upload = ready(make_upload("u-2", sha256="b" * 64), 3)
    upload.mode = LoadMode.UPSERT
    plan = LoadPlan(mode=LoadMode.UPSERT, key=KEY)

    result = await load_upload(
        engine, upload, COLUMNS, batches([(2, "Luis nuevo"), (9, "Zoe"), (3, "Eva nueva")]), plan
    )

    assert (result.inserted, result.updated) == (1, 2)
    stored = await content(engine)
    assert [row[2:] for row in stored] == [(1, "Ana"), (2, "Luis nuevo"), (3, "Eva nueva"), (9, "Zoe")]
    assert [row[0] for row in stored] == ["u-1", "u-2", "u-2", "u-2"]
    record = await SqlUploadRepository(engine).get("u-2")
    assert record is not None and (record.inserted, record.updated, record.rows.loaded) == (1, 2, 3)
    assert record.mode is LoadMode.UPSERT


async def test_replace_leaves_exactly_the_uploads_rows(
    store: SqlDatasetStore, engine: AsyncEngine, make_upload
) -> None:
    upload = ready(make_upload("u-2", sha256="b" * 64), 2)

    result = await load_upload(
        engine,
        upload,
        COLUMNS,
        batches([(3, "Eva otra vez"), (7, "Leo")]),
        LoadPlan(mode=LoadMode.REPLACE, key=KEY),
    )

    assert result.inserted == 2
    assert await content(engine) == [("u-2", 2, 3, "Eva otra vez"), ("u-2", 3, 7, "Leo")]


async def test_a_key_repeated_within_the_file_loads_its_first_row_once(
    store: SqlDatasetStore, engine: AsyncEngine, make_upload
) -> None:
    upload = ready(make_upload("u-2", sha256="b" * 64), 3, OnError.ACCEPT)
    plan = LoadPlan(mode=LoadMode.UPSERT, key=KEY)

    result = await load_upload(
        engine, upload, COLUMNS, batches([(8, "first"), (8, "second"), (1, "Ana 2")]), plan
    )

    assert (result.inserted, result.updated) == (1, 1)
    assert [row[2:] for row in await content(engine)][-1] == (8, "first")


async def test_replace_without_a_key_empties_the_table_first(engine: AsyncEngine, make_upload) -> None:
    store = SqlDatasetStore(engine)
    keyless = msgspec.structs.replace(CONTRACT, primaryKey=())
    await store.put_contract("sales", keyless, if_match=None)
    await load_upload(engine, ready(make_upload("u-1"), 2), COLUMNS, batches([(1, "a"), (1, "a")]))

    await load_upload(
        engine,
        ready(make_upload("u-2", sha256="b" * 64), 1),
        COLUMNS,
        batches([(5, "b")]),
        LoadPlan(mode=LoadMode.REPLACE),
    )

    assert [row[2:] for row in await content(engine)] == [(5, "b")]


@pytest.mark.parametrize("mode", list(LoadMode))
async def test_a_keyed_load_costs_the_same_statements_for_ten_or_two_thousand_rows(
    store: SqlDatasetStore, engine: AsyncEngine, make_upload, mode: LoadMode
) -> None:
    from sqlalchemy import event

    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        costs = []
        for size, sha, first_id in ((10, "b", 100), (2000, "c", 10_000)):
            statements.clear()
            upload = ready(make_upload(f"u-{size}", sha256=sha * 64), size, OnError.SKIP)
            rows = [(first_id + n, f"n{n}") for n in range(size)]
            plan = LoadPlan(mode=mode, key=KEY, settle=lambda clashes, u=upload: u)
            await load_upload(engine, upload, COLUMNS, batches(rows, size=size), plan)
            costs.append(len(statements))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)

    # One batch each: set-based statements, none per row (COPY and executemany count once).
    assert costs[0] == costs[1], statements
