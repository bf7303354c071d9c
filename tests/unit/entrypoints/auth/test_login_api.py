from __future__ import annotations

import uuid
from datetime import datetime

import jwt
import pytest
from tests.unit.entrypoints.auth.auth_api import PASSWORD, SECRET, Api

from domain.auth.claims import REQUIRED_CLAIMS
from domain.auth.role import Role

pytestmark = pytest.mark.unit


def decoded(token: str) -> dict[str, object]:
    return jwt.decode(token, SECRET, algorithms=["HS256"], audience="ingesta-api", issuer="ingesta")


def test_anonymous_login_gives_a_guest_token_with_every_claim(api: Api) -> None:
    response = api.client.post("/auth/login")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "expires_at", "user_id", "role"}
    assert (body["token_type"], body["expires_in"], body["role"]) == ("bearer", 900, "guest")
    assert uuid.UUID(body["user_id"])
    claims = decoded(body["access_token"])
    assert set(claims) == set(REQUIRED_CLAIMS)
    assert claims["exp"] - claims["iat"] == 900  # type: ignore[operator]
    assert claims["sub"] == claims["user_id"] == body["user_id"]
    assert claims["auth_time"] == claims["iat"] == claims["nbf"]
    assert datetime.fromisoformat(body["expires_at"]).timestamp() == claims["exp"]
    assert response.headers["cache-control"] == "no-store"


def test_an_empty_json_body_is_an_anonymous_login(api: Api) -> None:
    first, second = api.log_in(), api.client.post("/auth/login", json={}).json()

    assert first["role"] == second["role"] == "guest"
    assert first["user_id"] != second["user_id"]


@pytest.mark.parametrize("role", [Role.UPLOADER, Role.ADMIN])
def test_account_login_gets_the_accounts_id_and_role(api: Api, role: Role) -> None:
    user_id = api.create_account("alice", role)

    body = api.log_in(username="alice", password=PASSWORD)

    assert (body["user_id"], body["role"]) == (user_id, role.value)
    assert decoded(body["access_token"])["role"] == role.value


def test_unknown_user_and_wrong_password_give_the_same_401(api: Api) -> None:
    api.create_account("alice", Role.UPLOADER)

    unknown = api.client.post("/auth/login", json={"username": "mallory", "password": PASSWORD})
    wrong = api.client.post("/auth/login", json={"username": "alice", "password": "not the password"})

    assert unknown.status_code == wrong.status_code == 401
    # Each answer quotes its own request id; everything else must be identical.
    assert {**unknown.json(), "request_id": None} == {**wrong.json(), "request_id": None}
    assert unknown.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "body",
    [
        {"role": "admin"},
        {"username": "alice", "password": PASSWORD, "role": "admin"},
        {"user_id": "x", "role": "admin"},
    ],
)
def test_a_request_cannot_choose_its_role(api: Api, body: dict[str, str]) -> None:
    api.create_account("alice", Role.UPLOADER)

    response = api.client.post("/auth/login", json=body)

    assert response.status_code in {200, 400}
    if response.status_code == 200:
        assert response.json()["role"] != "admin"
        assert decoded(response.json()["access_token"])["role"] != "admin"
    else:
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("body", [{"username": "alice"}, {"password": PASSWORD}])
def test_username_or_password_alone_is_a_400(api: Api, body: dict[str, str]) -> None:
    response = api.client.post("/auth/login", json=body)

    assert response.status_code == 400
    assert "both username and password" in response.json()["detail"]


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"username": 5, "password": 6}', b'"text"'])
def test_a_malformed_login_body_is_a_400_problem(api: Api, content: bytes) -> None:
    response = api.client.post("/auth/login", content=content, headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_too_many_logins_give_429_with_retry_after(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(INGESTA_LOGIN_RATE_LIMIT="3/minute")
    for _ in range(3):
        api.log_in()

    response = api.client.post("/auth/login")

    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 429


def test_the_rate_limit_window_passes(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(INGESTA_LOGIN_RATE_LIMIT="1/minute")
    api.log_in()
    assert api.client.post("/auth/login").status_code == 429

    api.clock.advance(60)

    assert api.client.post("/auth/login").status_code == 200


def test_wrong_passwords_for_one_account_end_in_429_and_guests_still_get_in(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(INGESTA_LOGIN_RATE_LIMIT="100/minute", INGESTA_ACCOUNT_LOGIN_RATE_LIMIT="3/minute")
    api.create_account("alice", Role.UPLOADER)
    for _ in range(3):
        wrong = api.client.post("/auth/login", json={"username": "alice", "password": "guessing password"})
        assert wrong.status_code == 401

    limited = api.client.post("/auth/login", json={"username": "alice", "password": PASSWORD})

    assert limited.status_code == 429
    assert "account" in limited.json()["detail"]
    assert api.client.post("/auth/login").status_code == 200


def _from_peer(app, peer: str):  # type: ignore[no-untyped-def]
    """The app as reached from `peer`, as a load balancer's connections would be."""

    async def wrapped(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] == "http":
            scope = {**scope, "client": (peer, 40000)}
        await app(scope, receive, send)

    wrapped.state = app.state  # type: ignore[attr-defined]
    return wrapped


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_bucket(make_api) -> None:  # type: ignore[no-untyped-def]
    from litestar.testing import TestClient

    api = make_api(INGESTA_LOGIN_RATE_LIMIT="2/minute", INGESTA_TRUSTED_PROXIES="10.0.0.0/8")
    client = TestClient(_from_peer(api.client.app, "10.0.0.2"))  # type: ignore[arg-type]

    def login(forwarded: str) -> int:
        return client.post("/auth/login", headers={"X-Forwarded-For": forwarded}).status_code

    assert [login("198.51.100.1") for _ in range(3)] == [200, 200, 429]
    assert login("198.51.100.2") == 200
    # A client cannot pick a fresh bucket by writing the header itself: the proxy appends the real one.
    assert login("203.0.113.9, 198.51.100.1") == 429
