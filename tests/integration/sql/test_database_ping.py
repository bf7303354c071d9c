from __future__ import annotations

import socket
import time

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.engine import create_engine
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_upload_repository import SqlUploadRepository
from application.errors import DatabaseUnavailable

pytestmark = pytest.mark.integration


def closed_port() -> int:
    # Bound then released: nothing listens there, so a connection is refused at once.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_ping_answers_on_a_live_database(engine: AsyncEngine) -> None:
    await SqlDatasetStore(engine).ping()


async def test_ping_on_a_closed_port_raises_database_unavailable_quickly() -> None:
    # (An unopenable SQLite file is not used here: aiosqlite's worker thread then reports its failure
    # after the test's event loop has closed, an unraisable warning from the library, not from us.)
    engine = create_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/x")
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseUnavailable):
            await SqlDatasetStore(engine).ping()
    finally:
        await engine.dispose()
    assert time.monotonic() - started < 5


async def test_repository_calls_on_an_unreachable_database_raise_database_unavailable() -> None:
    engine = create_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/x")
    try:
        with pytest.raises(DatabaseUnavailable):
            await SqlUploadRepository(engine).get("u-1")
        with pytest.raises(DatabaseUnavailable):
            await SqlDatasetStore(engine).describe("sales")
    finally:
        await engine.dispose()
