from __future__ import annotations

from pathlib import Path

import pytest

from adapters.redis_rate_limiter import RedisRateLimiter
from adapters.redis_revocation_store import RedisRevocationStore
from adapters.sql.sql_rate_limiter import SqlRateLimiter
from adapters.sql.sql_revocation_store import SqlRevocationStore
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit


def environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}", **extra}


def test_without_a_redis_url_revocations_and_rate_limits_live_in_the_database(tmp_path: Path) -> None:
    container = build_container(load_settings(environ(tmp_path)))

    assert isinstance(container.revocations(), SqlRevocationStore)
    assert isinstance(container.rate_limiter(), SqlRateLimiter)


def test_a_redis_url_moves_revocations_and_rate_limits_to_redis(tmp_path: Path) -> None:
    # Building the client connects to nothing, so no Redis server is needed here.
    container = build_container(load_settings(environ(tmp_path, INGESTA_REDIS_URL="redis://127.0.0.1:1/0")))

    revocations, rate_limiter = container.revocations(), container.rate_limiter()

    assert isinstance(revocations, RedisRevocationStore)
    assert isinstance(rate_limiter, RedisRateLimiter)
    assert container.revocations() is revocations
    # One connection pool per process, shared by both stores.
    assert revocations._client is rate_limiter._client
    assert isinstance(container.renew_token()._revocations, RedisRevocationStore)
