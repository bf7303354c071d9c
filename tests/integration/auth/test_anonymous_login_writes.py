"""What an anonymous login writes: a rate-limit count and nothing else (no session, audit or user row)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy import event

from adapters.redis_client import redis_client
from adapters.redis_revocation_store import RedisRevocationStore
from adapters.sql.migrate import upgrade_database
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

REDIS_URL = "redis://127.0.0.1:6379/0"


async def container_for(tmp_path: Path, **extra: str) -> Container:
    settings = load_settings(
        {"INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}", **extra}
    )
    container = build_container(settings)
    await upgrade_database(container.sql_engine())
    return container


def statements_of(container: Container) -> list[str]:
    sent: list[str] = []
    event.listen(
        container.sql_engine().sync_engine, "before_cursor_execute", lambda *args: sent.append(args[2])
    )
    return sent


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = redis_client(REDIS_URL)
    try:
        await client.ping()
    except Exception as error:
        await client.aclose()
        pytest.skip(f"Redis at {REDIS_URL} is not reachable: {error}")
    yield client
    await client.aclose()


async def test_with_redis_an_anonymous_login_sends_nothing_to_the_database(
    redis: Redis, tmp_path: Path
) -> None:
    container = await container_for(tmp_path, INGESTA_REDIS_URL=REDIS_URL)
    sent = statements_of(container)
    address = f"test-{uuid.uuid4().hex}"
    try:
        for _ in range(3):
            issued = await container.log_in()(client=address, username=None, password=None)
            await container.authenticate_token()(issued.access_token)

        assert sent == []
    finally:
        keys = [key async for key in redis.scan_iter(match=f"ingesta:*{address}*")]
        await redis.delete(*keys)
        store = container.revocations()
        assert isinstance(store, RedisRevocationStore)
        await store._client.aclose()
        await container.sql_engine().dispose()


async def test_without_redis_an_anonymous_login_writes_only_its_rate_limit_count(tmp_path: Path) -> None:
    container = await container_for(tmp_path)
    await container.log_in()(client="10.0.0.1", username=None, password=None)  # the first sweeps old windows
    sent = statements_of(container)
    try:
        await container.log_in()(client="10.0.0.1", username=None, password=None)
        await container.log_in()(client="10.0.0.2", username=None, password=None)

        assert [statement.split()[:3] for statement in sent] == [["INSERT", "INTO", "rate_limit_hits"]] * 2
    finally:
        await container.sql_engine().dispose()
