"""A request the session store cannot check is a 503 problem that says so, not a database outage."""

from __future__ import annotations

from datetime import datetime

import pytest
from dependency_injector import providers
from tests.unit.entrypoints.auth.auth_api import Api, bearer

from application.errors import SessionStoreUnavailable

pytestmark = pytest.mark.unit

DETAIL = "the Redis store of sessions and rate limits is not reachable right now; try again shortly"


class UnreachableRevocations:
    async def is_revoked(self, jti: str, sid: str, **_: object) -> bool:
        raise SessionStoreUnavailable(DETAIL)

    async def revoke_token(self, jti: str, expires_at: datetime) -> bool:
        raise SessionStoreUnavailable(DETAIL)


def test_an_unreachable_session_store_is_a_503_naming_it(api: Api) -> None:
    token = api.log_in()["access_token"]
    api.container.revocations.override(providers.Object(UnreachableRevocations()))

    response = api.client.get("/auth/me", headers=bearer(token))

    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["title"] == "Session store unavailable"
    assert response.json()["detail"] == DETAIL
