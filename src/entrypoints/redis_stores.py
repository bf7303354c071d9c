"""The Redis side of the session store choice, imported only when INGESTA_REDIS_URL chooses it.

Each function imports its adapter when called, so a process without Redis never pays for `redis`.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from entrypoints.disk_probes import Probe

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from adapters.redis_rate_limiter import RedisRateLimiter
    from adapters.redis_revocation_store import RedisRevocationStore


def redis_client(url: str) -> Redis:
    from adapters.redis_client import redis_client as client_for

    return client_for(url)


def redis_revocations(client: Redis) -> RedisRevocationStore:
    from adapters.redis_revocation_store import RedisRevocationStore

    return RedisRevocationStore(client=client)


def redis_rate_limiter(client: Redis) -> RedisRateLimiter:
    from adapters.redis_rate_limiter import RedisRateLimiter

    return RedisRateLimiter(client=client)


def redis_probe(client: Redis) -> Probe:
    from adapters.redis_client import ping_redis

    return partial(ping_redis, client)
