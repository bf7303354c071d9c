"""Dataset rows name their upload by a compact integer key; tables from before 0009 keep their text id."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.sql_loads import add_upload, load_upload

from adapters.sql.dataset_schema import encode_columns
from adapters.sql.dataset_tables import UPLOAD_ID, UPLOAD_KEY, dataset_table, dataset_table_name, datasets
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.upload_keys import upload_key, upload_keys
from application.ports.dataset_store import KeyClashes, LoadPlan
from application.uploads.key_clashes import settle_clashes
from domain.uploads.upload import LoadMode, OnError, Upload, UploadStatus
from domain.validation.report import Column, ColumnType, RowCounts
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.integration

COLUMNS = (Column("id", "id", ColumnType.INTEGER), Column("name", "name", ColumnType.STRING))
NOW = datetime(2026, 12, 1, tzinfo=UTC)


async def batches(*rows: tuple[int, str]) -> AsyncIterator[Sequence[TypedRow]]:
    yield [TypedRow(row=index + 2, values=values) for index, values in enumerate(rows)]


def ready(upload: Upload, count: int) -> Upload:
    upload.status = UploadStatus.LOADED
    upload.rows = RowCounts(total=count, valid=count, invalid=0, loaded=count)
    return upload


async def upload_columns(engine: AsyncEngine, table_name: str) -> dict[str, str]:
    async with engine.connect() as connection:
        described = await connection.run_sync(lambda sync: inspect(sync).get_columns(table_name))
    return {column["name"]: str(column["type"]) for column in described if column["name"].startswith("_")}


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize("keyed", [False, True], ids=["unkeyed", "keyed"])
async def test_each_upload_s_rows_carry_its_own_integer_key(
    engine: AsyncEngine, make_upload, keyed: bool
) -> None:
    plan = LoadPlan(mode=LoadMode.APPEND, key=("id",)) if keyed else LoadPlan()
    first, second = ready(make_upload("u-1"), 2), ready(make_upload("u-2", sha256="b" * 64), 1)
    for upload in (first, second):
        await add_upload(engine, upload)
    await load_upload(engine, first, COLUMNS, batches((1, "Ana"), (2, "Luis")))
    await load_upload(engine, second, COLUMNS, batches((3, "Eva")), plan)

    table = dataset_table(dataset_table_name("sales"), COLUMNS)
    async with engine.connect() as connection:
        keys = dict(
            (await connection.execute(select(upload_keys.c.upload_id, upload_keys.c.upload_key))).all()
        )
        stored = (await connection.execute(select(table).order_by(table.c.id))).all()
    assert set(keys) == {"u-1", "u-2"} and keys["u-1"] != keys["u-2"]
    assert [tuple(row) for row in stored] == [
        (keys["u-1"], 2, 1, "Ana"),
        (keys["u-1"], 3, 2, "Luis"),
        (keys["u-2"], 2, 3, "Eva"),
    ]
    assert list(await upload_columns(engine, table.name)) == [UPLOAD_KEY, "_row_number"]
    assert (await upload_columns(engine, table.name))[UPLOAD_KEY] in {"BIGINT", "INTEGER"}


async def _legacy_dataset(engine: AsyncEngine, dataset: str) -> None:
    """A dataset as Ingesta made it before 0009_i12_keys: `_upload_id` text, no `upload_column`."""
    table = dataset_table(dataset_table_name(dataset), COLUMNS, None)
    async with engine.begin() as connection:
        await connection.run_sync(table.create)
        await connection.execute(
            insert(datasets).values(
                name=dataset,
                table_name=table.name,
                columns=encode_columns(COLUMNS),
                created_at=NOW,
                updated_at=NOW,
            )
        )
        await connection.execute(insert(table).values(_upload_id="u-old", _row_number=2, id=1, name="Ana"))


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_a_table_from_before_integer_keys_keeps_loading_with_its_text_id(
    engine: AsyncEngine, make_upload
) -> None:
    await _legacy_dataset(engine, "old")
    appended = ready(make_upload("u-new", dataset="old"), 1)
    clashing = ready(make_upload("u-clash", dataset="old", sha256="c" * 64), 1)
    seen: list[KeyClashes] = []

    def settle(clashes: KeyClashes) -> Upload:
        seen.append(clashes)
        return settle_clashes(clashing, OnError.REJECT, ("id",), clashes)

    for upload in (appended, clashing):
        await add_upload(engine, upload)
    await load_upload(engine, appended, COLUMNS, batches((2, "Luis")))
    await load_upload(
        engine, clashing, COLUMNS, batches((1, "Ana bis")), LoadPlan(key=("id",), settle=settle)
    )

    table = dataset_table(dataset_table_name("old"), COLUMNS, None)
    async with engine.connect() as connection:
        stored = (await connection.execute(select(table).order_by(table.c.id))).all()
        numbered = (await connection.execute(select(upload_keys))).all()
    assert [tuple(row) for row in stored] == [("u-old", 2, 1, "Ana"), ("u-new", 2, 2, "Luis")]
    assert seen[0].samples[0].upload_id == "u-old"  # the clash still names the upload holding the key
    assert numbered == []  # nothing numbered for a table that keeps ids
    assert list(await upload_columns(engine, table.name)) == [UPLOAD_ID, "_row_number"]


async def test_the_migration_leaves_a_table_it_found_to_load_as_before(sqlite_url: str, make_upload) -> None:
    engine = create_engine(sqlite_url)
    try:
        await upgrade_database(engine, "0008_corrections")
        await _legacy_dataset(engine, "old")
        await upgrade_database(engine)
        upload = ready(make_upload("u-new", dataset="old"), 1)
        await add_upload(engine, upload)
        await load_upload(engine, upload, COLUMNS, batches((2, "Luis")))

        table = dataset_table(dataset_table_name("old"), COLUMNS, None)
        async with engine.connect() as connection:
            catalogue = (await connection.execute(select(datasets.c.upload_column))).scalars().all()
            stored = (await connection.execute(select(table).order_by(table.c.id))).all()
        assert catalogue == [None]
        assert [tuple(row) for row in stored] == [("u-old", 2, 1, "Ana"), ("u-new", 2, 2, "Luis")]
    finally:
        await engine.dispose()


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_an_upload_keeps_the_key_it_was_numbered_with_and_a_rollback_takes_it_back(
    engine: AsyncEngine,
) -> None:
    async with engine.begin() as connection:
        first = await upload_key(connection, "u-1")
    async with engine.connect() as connection:
        await upload_key(connection, "u-gone")
        await connection.rollback()
    async with engine.begin() as connection:
        again, other = await upload_key(connection, "u-1"), await upload_key(connection, "u-2")

    assert again == first and other != first
    async with engine.connect() as connection:
        ids = (await connection.execute(select(upload_keys.c.upload_id))).scalars().all()
    assert sorted(ids) == ["u-1", "u-2"]
