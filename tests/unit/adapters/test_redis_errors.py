"""A Redis outage is the session store's, not the database's: its own error, a 503 with its own sentence."""

from __future__ import annotations

import pytest
from redis import exceptions as redis_errors

from adapters.redis_client import translate_redis_errors
from application.errors import DatabaseUnavailable, ServiceUnavailable, SessionStoreUnavailable
from entrypoints.observability.dependency_errors import dependency_error_kind

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "failure",
    [redis_errors.ConnectionError("refused"), redis_errors.TimeoutError("slow"), OSError("unreachable")],
)
async def test_a_redis_connectivity_failure_is_session_store_unavailable(failure: Exception) -> None:
    with pytest.raises(SessionStoreUnavailable) as raised:
        async with translate_redis_errors():
            raise failure

    assert not isinstance(raised.value, DatabaseUnavailable)
    assert isinstance(raised.value, ServiceUnavailable)  # answered 503 with Retry-After
    assert raised.value.title == "Session store unavailable"
    assert raised.value.detail == (
        "the Redis store of sessions and rate limits is not reachable right now; try again shortly"
    )
    assert dependency_error_kind(raised.value) == "session_store_unavailable"


async def test_other_redis_errors_are_bugs_and_pass_through() -> None:
    with pytest.raises(redis_errors.ResponseError):
        async with translate_redis_errors():
            raise redis_errors.ResponseError("WRONGTYPE")
