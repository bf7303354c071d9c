"""The redis.asyncio client shared by the Redis-backed stores, and its error translation."""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from redis import exceptions as redis_errors
from redis.asyncio import Redis

from application.errors import SessionStoreUnavailable

# Short timeouts: a login or an authenticated request should fail fast with 503, not hang.
CONNECT_TIMEOUT_SECONDS = 2.0
COMMAND_TIMEOUT_SECONDS = 2.0


def redis_client(url: str) -> Redis:
    """A client for `redis://host:port/db` (or `rediss://`); it connects lazily, on the first command."""
    return Redis.from_url(
        url,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=COMMAND_TIMEOUT_SECONDS,
        health_check_interval=30,
    )


@asynccontextmanager
async def translate_redis_errors() -> AsyncIterator[None]:
    """Connectivity failures become SessionStoreUnavailable (503); anything else is a bug: it passes."""
    try:
        yield
    except (redis_errors.ConnectionError, redis_errors.TimeoutError, OSError) as error:
        raise SessionStoreUnavailable(
            "the Redis store of sessions and rate limits is not reachable right now; try again shortly"
        ) from error


def epoch_key(prefix: str) -> str:
    """The key holding when this Redis data set began (epoch seconds), written once by its first user.

    Redis without persistence restarts empty; the key then holds the restart's time, and tokens issued
    before it are refused since their revocations may have been lost with the data.
    """
    return f"{prefix}epoch"


def seconds_until(moment: datetime) -> int:
    """Whole seconds from now until `moment`, at least 1 (Redis refuses a zero or negative expiry)."""
    return max(1, math.ceil(moment.timestamp() - time.time()))


async def ping_redis(client: Redis) -> None:
    """Raise SessionStoreUnavailable unless Redis answers now."""
    async with translate_redis_errors():
        await client.ping()
