"""Redis restarted empty (no persistence) must not bring revoked tokens and logged-out sessions back."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dependency_injector import providers
from redis.asyncio import Redis
from tests.support.auth_fakes import FixedClock

from adapters.redis_client import redis_client
from adapters.sql.migrate import upgrade_database
from application.errors import InvalidToken
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

# A database number of its own: FLUSHDB here stands for the restart without touching other tests' keys.
RESET_DB_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = redis_client(RESET_DB_URL)
    try:
        await client.ping()
    except Exception as error:
        await client.aclose()
        pytest.skip(f"Redis at {RESET_DB_URL} is not reachable: {error}")
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
async def container(redis: Redis, tmp_path: Path) -> AsyncIterator[Container]:
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "INGESTA_REDIS_URL": RESET_DB_URL,
        }
    )
    container = build_container(settings)
    await upgrade_database(container.sql_engine())  # renewal reads the account from the database
    yield container
    await container.revocations()._client.aclose()
    await container.sql_engine().dispose()


async def test_tokens_issued_before_redis_lost_its_data_are_refused_asking_to_log_in_again(
    container: Container, redis: Redis
) -> None:
    # Tokens a minute old, as they would be after a Redis restart that took a while.
    clock = FixedClock(datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=60))
    container.clock.override(providers.Object(clock))
    login = f"test-{uuid.uuid4().hex}"
    first = await container.log_in()(client=login, username=None, password=None)
    renewed = await container.renew_token()(first.access_token)  # the first token is now revoked
    session = await container.authenticate_token()(renewed.access_token)
    await container.log_out()(session)  # and so is the renewed one's whole session

    await redis.flushdb()  # Redis restarted without persistence: every revocation is gone

    for token in (first.access_token, renewed.access_token):
        with pytest.raises(InvalidToken, match="log in again"):
            await container.authenticate_token()(token)
        with pytest.raises(InvalidToken):
            await container.renew_token()(token)

    clock.moment = datetime.now(UTC) + timedelta(seconds=1)
    fresh = await container.log_in()(client=login, username=None, password=None)
    assert (await container.authenticate_token()(fresh.access_token)).sid != session.sid
