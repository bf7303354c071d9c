"""Whether a database is migrated to this version: what `ingesta serve` checks before serving."""

from __future__ import annotations

import pytest

from adapters.sql.engine import create_engine
from adapters.sql.migrate import is_at_head, upgrade_database
from application.errors import DatabaseUnavailable

pytestmark = pytest.mark.integration


async def test_a_database_is_at_head_only_after_every_migration(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        assert not await is_at_head(engine)
        await upgrade_database(engine, "0001_auth")
        assert not await is_at_head(engine)
        await upgrade_database(engine)
        assert await is_at_head(engine)
    finally:
        await engine.dispose()


async def test_an_unreachable_database_is_reported_as_unavailable() -> None:
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/nothing")
    try:
        with pytest.raises(DatabaseUnavailable):
            await is_at_head(engine)
    finally:
        await engine.dispose()
