from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis.asyncio import Redis

from adapters.redis_client import redis_client
from adapters.redis_rate_limiter import RedisRateLimiter
from adapters.redis_revocation_store import RedisRevocationStore
from adapters.sql.migrate import upgrade_database
from application.errors import InvalidToken, ServiceUnavailable, SessionStoreUnavailable
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def client() -> AsyncIterator[Redis]:
    client = redis_client(REDIS_URL)
    try:
        await client.ping()
    except Exception as error:
        await client.aclose()
        pytest.skip(f"Redis at {REDIS_URL} is not reachable: {error}")
    yield client
    await client.aclose()


@pytest.fixture
async def prefix(client: Redis) -> AsyncIterator[str]:
    """A key prefix of this test's own; every key under it is deleted afterwards."""
    prefix = f"ingesta-test-{uuid.uuid4().hex[:10]}:"
    yield prefix
    keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)


def in_seconds(seconds: int) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


async def test_a_token_is_revoked_once_and_outlives_the_token_and_its_leeway(
    client: Redis, prefix: str
) -> None:
    store = RedisRevocationStore(client, prefix=prefix)
    assert not await store.is_revoked("jti-1", "sid-1")

    assert await store.revoke_token("jti-1", in_seconds(600)) is True
    assert await store.revoke_token("jti-1", in_seconds(600)) is False

    assert await store.is_revoked("jti-1", "sid-other")
    # Past exp the token is still decodable within the leeway, so the revocation outlives it by a margin.
    assert 890 <= await client.ttl(f"{prefix}revoked:token:jti-1") <= 900


async def test_of_ten_concurrent_revocations_of_one_jti_exactly_one_wins(client: Redis, prefix: str) -> None:
    store = RedisRevocationStore(client, prefix=prefix)

    outcomes = await asyncio.gather(*(store.revoke_token("jti-race", in_seconds(60)) for _ in range(10)))

    assert outcomes.count(True) == 1


async def test_a_revoked_session_covers_every_token_of_it(client: Redis, prefix: str) -> None:
    store = RedisRevocationStore(client, prefix=prefix)

    await store.revoke_session("sid-1", in_seconds(3600))
    await store.revoke_session("sid-1", in_seconds(3600))

    assert await store.is_revoked("any-jti", "sid-1")
    assert await store.is_revoked("another-jti", "sid-1")
    assert not await store.is_revoked("any-jti", "sid-2")
    assert 3600 < await client.ttl(f"{prefix}revoked:session:sid-1") <= 3900


async def test_a_revocation_already_past_its_expiry_still_holds_briefly(client: Redis, prefix: str) -> None:
    store = RedisRevocationStore(client, prefix=prefix)

    assert await store.revoke_token("jti-old", in_seconds(-30)) is True

    assert await store.is_revoked("jti-old", "sid")


async def test_the_rate_limiter_counts_a_fixed_window_with_an_expiry(client: Redis, prefix: str) -> None:
    limiter = RedisRateLimiter(client, prefix=prefix)
    now = datetime(2025, 1, 1, 12, 0, 20, tzinfo=UTC)

    answers = [await limiter.hit("login:1.2.3.4", limit=3, window_seconds=60, now=now) for _ in range(5)]

    assert answers == [None, None, None, 40, 40]
    keys = [key async for key in client.scan_iter(match=f"{prefix}ratelimit:*")]
    assert len(keys) == 1
    assert 0 < await client.ttl(keys[0]) <= 60
    assert (
        await limiter.hit("login:1.2.3.4", limit=3, window_seconds=60, now=now + timedelta(seconds=40))
        is None
    )


async def test_a_counted_login_stamps_the_data_set_start_once(client: Redis, prefix: str) -> None:
    limiter = RedisRateLimiter(client, prefix=prefix)
    first = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)

    await limiter.hit("login:a", limit=5, window_seconds=60, now=first)
    await limiter.hit("login:b", limit=5, window_seconds=60, now=first + timedelta(seconds=30))

    assert int(await client.get(f"{prefix}epoch")) == int(first.timestamp())


async def test_the_rate_limiter_counts_across_two_workers(client: Redis, prefix: str) -> None:
    other_worker = redis_client(REDIS_URL)
    limiters = [RedisRateLimiter(client, prefix=prefix), RedisRateLimiter(other_worker, prefix=prefix)]
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    try:
        answers = [
            await limiters[n % 2].hit("login:c", limit=2, window_seconds=60, now=now) for n in range(4)
        ]
    finally:
        await other_worker.aclose()

    assert answers == [None, None, 60, 60]


async def test_an_unreachable_redis_is_service_unavailable() -> None:
    client = redis_client("redis://127.0.0.1:1/0")
    try:
        with pytest.raises(SessionStoreUnavailable) as revocations_down:
            await RedisRevocationStore(client).is_revoked("jti", "sid")
        with pytest.raises(SessionStoreUnavailable):
            await RedisRateLimiter(client).hit("k", limit=1, window_seconds=1, now=datetime.now(UTC))
    finally:
        await client.aclose()

    assert isinstance(revocations_down.value, ServiceUnavailable)
    assert "Redis" in revocations_down.value.detail


async def test_the_container_with_a_redis_url_revokes_renewed_tokens_in_redis(
    client: Redis, tmp_path: Path
) -> None:
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "INGESTA_REDIS_URL": REDIS_URL,
        }
    )
    container = build_container(settings)
    # Renewal reads the account table (is there still an account behind this token?).
    await upgrade_database(container.sql_engine())
    codec = container.token_codec()
    login_client = f"test-{uuid.uuid4().hex}"
    first = await container.log_in()(client=login_client, username=None, password=None)
    old = codec.decode(first.access_token)
    try:
        renewed = await container.renew_token()(first.access_token)

        assert await client.exists(f"ingesta:revoked:token:{old.jti}") == 1
        with pytest.raises(InvalidToken):
            await container.authenticate_token()(first.access_token)
        claims = await container.authenticate_token()(renewed.access_token)
        await container.log_out()(claims)
        assert await client.exists(f"ingesta:revoked:session:{claims.sid}") == 1
        with pytest.raises(InvalidToken):
            await container.authenticate_token()(renewed.access_token)
    finally:
        # The container uses the default "ingesta:" prefix, so this test removes exactly the keys it made.
        keys = [key async for key in client.scan_iter(match=f"ingesta:*{login_client}*")]
        await client.delete(*keys, f"ingesta:revoked:token:{old.jti}", f"ingesta:revoked:session:{old.sid}")
        store = container.revocations()
        assert isinstance(store, RedisRevocationStore)
        await store._client.aclose()
        await container.sql_engine().dispose()


async def test_readiness_checks_redis_when_it_is_configured(client: Redis, tmp_path: Path) -> None:
    def probes_for(url: str):  # type: ignore[no-untyped-def]
        settings = load_settings(
            {
                "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
                "INGESTA_REDIS_URL": url,
            }
        )
        container = build_container(settings)
        return container, container.readiness_probes()

    up, probes = probes_for(REDIS_URL)
    down, broken = probes_for("redis://127.0.0.1:1/0")
    try:
        await probes["redis"]()
        with pytest.raises(SessionStoreUnavailable, match="Redis"):
            await broken["redis"]()
    finally:
        for container in (up, down):
            await container.revocations()._client.aclose()
            await container.sql_engine().dispose()


async def test_revoking_a_users_sessions_covers_sessions_started_until_then(
    client: Redis, prefix: str
) -> None:
    revocations = RedisRevocationStore(client, prefix=prefix, margin_seconds=0)
    now = datetime.now(UTC).replace(microsecond=0)

    await revocations.revoke_user_sessions("u1", now, now + timedelta(seconds=60))

    start = int(now.timestamp())
    assert await revocations.is_revoked("j", "s", user_id="u1", auth_time=start)
    assert not await revocations.is_revoked("j", "s", user_id="u1", auth_time=start + 1)
    assert not await revocations.is_revoked("j", "s", user_id="u2", auth_time=start)
    assert 55 <= await client.ttl(f"{prefix}revoked:user:u1") <= 60
