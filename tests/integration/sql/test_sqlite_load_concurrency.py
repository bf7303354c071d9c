"""On embedded SQLite a big load must not hold the single write lock for its whole duration."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.integration.sql.conftest import MakeUpload
from tests.support.sql_loads import add_upload, load_upload

from adapters.sql.dataset_tables import dataset_table, dataset_table_name
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_rate_limiter import SqlRateLimiter
from adapters.sql.sql_upload_repository import SqlUploadRepository
from domain.uploads.upload import UploadStatus
from domain.validation.report import Column, ColumnType, RowCounts
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.integration

ROWS = 200_000
BATCH = 5_000
COLUMNS = (Column("id", "id", ColumnType.INTEGER), Column("name", "name", ColumnType.STRING))


async def batches(started: asyncio.Event, fail_at: int | None = None) -> AsyncIterator[Sequence[TypedRow]]:
    for number, start in enumerate(range(0, ROWS, BATCH)):
        if number == 3:
            started.set()  # well inside the load
        if number == fail_at:
            raise RuntimeError("the reader broke mid-file")
        await asyncio.sleep(0)  # the real producer parses in threads and yields between batches
        yield [TypedRow(row=n + 2, values=(n, f"name {n}")) for n in range(start, start + BATCH)]


async def test_a_login_during_a_big_load_does_not_wait_for_the_load(
    tmp_path: Path, make_upload: MakeUpload
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'ingesta.sqlite3'}")
    await upgrade_database(engine)
    uploads, limiter = SqlUploadRepository(engine), SqlRateLimiter(engine)
    upload = make_upload("big-1", dataset="big")
    await add_upload(engine, upload)
    upload.status = UploadStatus.LOADED
    upload.rows = RowCounts(total=ROWS, valid=ROWS, invalid=0, loaded=ROWS)
    started = asyncio.Event()
    try:
        load_started = time.monotonic()
        load = asyncio.create_task(load_upload(engine, upload, COLUMNS, batches(started)))
        await started.wait()
        login_started = time.monotonic()
        # A login's only write: its rate-limit counter; and a read of the uploads.
        await limiter.hit("login:somebody", limit=10, window_seconds=60, now=datetime.now(UTC))
        await uploads.list(uploaded_by=None, limit=10, offset=0)
        login_seconds = time.monotonic() - login_started
        assert (await load).loaded == ROWS
        load_seconds = time.monotonic() - load_started
        table = dataset_table(dataset_table_name("big"), COLUMNS)
        async with engine.connect() as connection:
            stored = (await connection.execute(select(func.count()).select_from(table))).scalar_one()
    finally:
        await engine.dispose()

    assert stored == ROWS
    print(f"login {login_seconds:.3f}s during a load of {load_seconds:.3f}s")
    assert login_seconds < load_seconds / 4, (login_seconds, load_seconds)


async def test_a_load_that_fails_midway_keeps_no_row_and_no_staging_table(
    tmp_path: Path, make_upload: MakeUpload
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'ingesta.sqlite3'}")
    await upgrade_database(engine)
    store = SqlDatasetStore(engine)
    upload = make_upload("big-2", dataset="big")
    try:
        with pytest.raises(RuntimeError):
            await load_upload(engine, upload, COLUMNS, batches(asyncio.Event(), fail_at=10))
        info = await store.describe("big")
    finally:
        await engine.dispose()

    assert info is None or info.row_count == 0
