"""The MCP server keeps its own access going: renewal before expiry, a new login when renewal is refused."""

from __future__ import annotations

import time

import pytest

from entrypoints.mcp.api_session import TokenRejected

from .conftest import Service

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


async def status_of(service: Service, token: str) -> int:
    response = await service.client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    return response.status_code


async def test_a_token_is_renewed_when_a_quarter_of_its_life_is_left(service: Service) -> None:
    first, clock = await service.token("ana"), Clock()
    session = service.session(token=first, clock=clock)
    claims = await session.start()
    lifetime = claims["exp"] - claims["iat"]

    await session.request("GET", "/datasets")
    assert await status_of(service, first) == 200  # not renewed while most of its life is left
    clock.now = claims["exp"] - lifetime / 5
    me = await session.request("GET", "/auth/me")

    assert me["jti"] != claims["jti"] and me["user_id"] == claims["user_id"]
    assert await status_of(service, first) == 401  # renewal revokes the token it replaced


async def test_an_expired_token_without_credentials_asks_the_user_to_log_in_again(service: Service) -> None:
    clock = Clock()
    session = service.session(token=await service.token("ana"), clock=clock)
    claims = await session.start()
    clock.now = claims["exp"] + 1

    with pytest.raises(TokenRejected, match="INGESTA_TOKEN_FILE"):
        await session.request("GET", "/datasets")


async def test_with_credentials_it_logs_in_by_itself_and_again_when_renewal_is_refused(
    service: Service,
) -> None:
    clock = Clock()
    session = service.session(username="ana", clock=clock)
    claims = await session.start()
    # The session ends (here: revoked by a logout elsewhere), so the next renewal is refused.
    await session.request("POST", "/auth/logout")
    clock.now = claims["exp"] - 1

    me = await session.request("GET", "/auth/me")

    assert me["user_id"] == claims["user_id"] and me["sid"] != claims["sid"]


async def test_a_revoked_token_without_credentials_is_refused_with_the_hint(service: Service) -> None:
    token = await service.token("ana")
    session = service.session(token=token)
    await session.start()
    await service.client.post("/auth/logout", headers={"Authorization": f"Bearer {token}"})

    with pytest.raises(TokenRejected) as refused:
        await session.request("GET", "/datasets")
    assert "revoked" in refused.value.detail and "INGESTA_USERNAME" in refused.value.detail


async def test_wrong_credentials_are_named_at_start(service: Service) -> None:
    session = service.session(username="nobody")

    with pytest.raises(TokenRejected, match="INGESTA_PASSWORD_FILE were not accepted"):
        await session.start()
