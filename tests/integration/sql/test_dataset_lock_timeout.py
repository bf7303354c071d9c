"""A worker frozen while holding a dataset's lock: other loads give up as busy, not after minutes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Sequence

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.integration.sql.conftest import MakeUpload
from tests.support.sql_loads import load_upload

from adapters.sql.dataset_locks import lock_dataset
from adapters.sql.engine import DatabaseTimeouts, create_engine
from application.dataset_errors import DatasetBusy
from domain.validation.report import Column, ColumnType
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.integration

LOCK_TIMEOUT = 1.0
COLUMNS = (Column("id", "id", ColumnType.INTEGER),)


async def one_batch() -> AsyncIterator[Sequence[TypedRow]]:
    yield [TypedRow(row=2, values=(1,))]


async def test_a_load_waiting_on_a_held_dataset_lock_answers_busy(
    engine: AsyncEngine, database_url: str, make_upload: MakeUpload
) -> None:
    other_worker = create_engine(
        database_url, timeouts=DatabaseTimeouts(lock_seconds=LOCK_TIMEOUT, statement_seconds=30)
    )
    try:
        async with engine.begin() as frozen_worker:
            await lock_dataset(frozen_worker, "sales")
            started = time.monotonic()
            with pytest.raises(DatasetBusy) as raised:
                load = load_upload(other_worker, make_upload("u-2"), COLUMNS, one_batch())
                await asyncio.wait_for(load, timeout=60)
            waited = time.monotonic() - started
    finally:
        await other_worker.dispose()

    assert raised.value.dataset == "sales" and "'sales' is busy" in raised.value.detail
    assert int(raised.value.retry_after) > 0
    # Bounded by the lock timeout, not by how long the frozen worker holds the lock.
    assert waited < 15 * LOCK_TIMEOUT
