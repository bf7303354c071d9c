from __future__ import annotations

import time
from typing import Any

import pytest
from tests.unit.entrypoints.auth.auth_api import Api, bearer
from tests.unit.entrypoints.auth.hostile_tokens import HOSTILE_TOKENS, claims, signed

pytestmark = pytest.mark.unit


@pytest.fixture
def api(shared_api: Api) -> Api:
    # Every request here is refused or logs in as a guest: one app serves the whole module.
    return shared_api


PROTECTED = (("GET", "/auth/me"), ("POST", "/auth/renew"), ("POST", "/auth/logout"))


def assert_invalid_token(response: Any) -> None:
    assert response.status_code == 401, response.text
    challenge = response.headers["www-authenticate"]
    assert "Bearer" in challenge
    assert 'error="invalid_token"' in challenge
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == 401
    assert "Traceback" not in response.text
    assert 'File "' not in response.text


@pytest.mark.parametrize("name", sorted(HOSTILE_TOKENS))
def test_a_hostile_token_is_a_401_invalid_token_on_every_protected_route(api: Api, name: str) -> None:
    token = HOSTILE_TOKENS[name]()

    for method, path in PROTECTED:
        assert_invalid_token(api.client.request(method, path, headers=bearer(token)))


def test_a_token_expired_within_the_leeway_is_still_accepted(api: Api) -> None:
    now = int(time.time())
    token = signed(claims(iat=now - 905, nbf=now - 905, exp=now - 5, auth_time=now - 905))

    response = api.client.get("/auth/me", headers=bearer(token))

    assert response.status_code == 200
    assert response.json()["exp"] == now - 5


def test_a_token_not_yet_valid_within_the_leeway_is_accepted(api: Api) -> None:
    now = int(time.time())

    response = api.client.get("/auth/me", headers=bearer(signed(claims(nbf=now + 5, iat=now + 5))))

    assert response.status_code == 200


def test_the_bearer_scheme_is_case_insensitive(api: Api) -> None:
    token = api.log_in()["access_token"]

    assert api.client.get("/auth/me", headers={"Authorization": f"bearer {token}"}).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer ", "Bearer    ", "Basic dXNlcjpwYXNzd29yZA==", "Token abc", "BearerX abc"],
)
def test_a_missing_or_other_scheme_is_a_401_invalid_token(api: Api, authorization: str) -> None:
    for method, path in PROTECTED:
        assert_invalid_token(api.client.request(method, path, headers={"Authorization": authorization}))


def test_a_valid_token_under_the_basic_scheme_is_refused(api: Api) -> None:
    token = api.log_in()["access_token"]

    assert_invalid_token(api.client.get("/auth/me", headers={"Authorization": f"Basic {token}"}))


@pytest.mark.parametrize("parameter", ["access_token", "token", "jwt", "authorization"])
def test_a_token_in_a_query_parameter_is_ignored(api: Api, parameter: str) -> None:
    token = api.log_in()["access_token"]

    for method, path in PROTECTED:
        assert_invalid_token(api.client.request(method, path, params={parameter: token}))


@pytest.mark.parametrize("cookie", ["access_token", "token", "Authorization", "session"])
def test_a_token_in_a_cookie_only_is_ignored(api: Api, cookie: str) -> None:
    token = api.log_in()["access_token"]

    for method, path in PROTECTED:
        assert_invalid_token(api.client.request(method, path, headers={"Cookie": f"{cookie}={token}"}))
