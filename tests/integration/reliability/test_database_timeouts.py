"""A database that stops answering gives DatabaseUnavailable within its timeouts, never a hang."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from tests.support.faults import BlackHole, FreezableProxy

from adapters.sql.database_errors import translate_database_errors
from adapters.sql.engine import DatabaseTimeouts, create_engine
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_upload_repository import SqlUploadRepository
from application.errors import DatabaseUnavailable

pytestmark = pytest.mark.integration

TIMEOUT = 1.0
SHORT = DatabaseTimeouts(connect_seconds=TIMEOUT, statement_seconds=TIMEOUT, lock_seconds=TIMEOUT)
# Far above the configured second, far below the 40 s and more an unbounded call hung for.
GENEROUS = 15 * TIMEOUT


@pytest.fixture
def black_hole() -> Iterator[BlackHole]:
    hole = BlackHole()
    yield hole
    hole.close()


async def timed_failure(call: object) -> tuple[DatabaseUnavailable, float]:
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as raised:
        await asyncio.wait_for(call, timeout=60)  # type: ignore[arg-type]
    return raised.value, time.monotonic() - started


async def test_a_postgres_that_never_answers_the_connection_is_unavailable_quickly(
    black_hole: BlackHole,
) -> None:
    engine = create_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{black_hole.port}/test", timeouts=SHORT)
    try:
        error, elapsed = await timed_failure(SqlUploadRepository(engine).get("some-id"))
    finally:
        await engine.dispose()

    assert elapsed < GENEROUS
    assert "try again" in error.detail


async def test_a_postgres_that_freezes_mid_connection_is_unavailable_quickly(postgres_url: str) -> None:
    port = make_url(postgres_url).port or 5432
    proxy = FreezableProxy(port)
    url = make_url(postgres_url).set(host="127.0.0.1", port=proxy.port)
    engine = create_engine(url.render_as_string(hide_password=False), timeouts=SHORT)
    store = SqlDatasetStore(engine)
    try:
        await store.ping()  # a pooled connection exists and works
        proxy.freeze()
        _, elapsed = await timed_failure(store.ping())
    finally:
        proxy.close()
        await engine.dispose()

    assert elapsed < GENEROUS


async def test_a_statement_over_its_timeout_is_cancelled_by_postgres(postgres_url: str) -> None:
    engine = create_engine(postgres_url, timeouts=SHORT)

    async def slow_statement() -> None:
        async with translate_database_errors(), engine.connect() as connection:
            await connection.execute(text("SELECT pg_sleep(30)"))

    try:
        error, elapsed = await timed_failure(slow_statement())
    finally:
        await engine.dispose()

    assert "in time" in error.detail
    assert elapsed < GENEROUS
