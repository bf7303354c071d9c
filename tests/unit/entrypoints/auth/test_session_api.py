from __future__ import annotations

import pytest
from tests.unit.entrypoints.auth.auth_api import Api, bearer

from domain.auth.claims import REQUIRED_CLAIMS
from domain.auth.role import Role

pytestmark = pytest.mark.unit


def test_me_returns_the_verified_claims(api: Api) -> None:
    api.create_account("alice", Role.UPLOADER)
    login = api.log_in(username="alice", password="a long enough password")

    response = api.client.get("/auth/me", headers=bearer(login["access_token"]))

    assert response.status_code == 200
    me = response.json()
    assert set(me) == set(REQUIRED_CLAIMS)
    assert (me["user_id"], me["sub"], me["role"]) == (login["user_id"], login["user_id"], "uploader")
    assert (me["iss"], me["aud"]) == ("ingesta", "ingesta-api")
    assert me["exp"] - me["iat"] == 900


def test_renewal_adds_time_and_keeps_the_session(api: Api) -> None:
    first = api.log_in()
    before = api.client.get("/auth/me", headers=bearer(first["access_token"])).json()
    api.clock.advance(240)

    response = api.client.post("/auth/renew", headers=bearer(first["access_token"]))

    assert response.status_code == 200
    renewed = response.json()
    assert (renewed["token_type"], renewed["expires_in"], renewed["role"]) == ("bearer", 900, "guest")
    assert renewed["user_id"] == first["user_id"]
    after = api.client.get("/auth/me", headers=bearer(renewed["access_token"])).json()
    assert after["exp"] == before["exp"] + 240 == int(api.clock.now().timestamp()) + 900
    assert (after["sid"], after["auth_time"], after["role"]) == (before["sid"], before["auth_time"], "guest")
    assert after["jti"] != before["jti"]


def test_after_renewal_the_old_token_is_refused_everywhere(api: Api) -> None:
    first = api.log_in()
    renewed = api.client.post("/auth/renew", headers=bearer(first["access_token"])).json()

    me = api.client.get("/auth/me", headers=bearer(first["access_token"]))
    renew_again = api.client.post("/auth/renew", headers=bearer(first["access_token"]))

    assert me.status_code == renew_again.status_code == 401
    assert 'error="invalid_token"' in me.headers["www-authenticate"]
    assert api.client.get("/auth/me", headers=bearer(renewed["access_token"])).status_code == 200


def test_renewal_keeps_an_accounts_role(api: Api) -> None:
    api.create_account("root", Role.ADMIN)
    first = api.log_in(username="root", password="a long enough password")

    renewed = api.client.post("/auth/renew", headers=bearer(first["access_token"])).json()

    assert renewed["role"] == "admin"


def test_renewal_past_the_session_maximum_is_refused(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(INGESTA_SESSION_MAX_SECONDS="200")
    first = api.log_in()
    assert first["expires_in"] == 200
    api.clock.advance(200)

    response = api.client.post("/auth/renew", headers=bearer(first["access_token"]))

    assert response.status_code == 401


def test_logout_revokes_every_token_of_the_session(api: Api) -> None:
    first = api.log_in()
    second = api.client.post("/auth/renew", headers=bearer(first["access_token"])).json()
    other_session = api.log_in()

    response = api.client.post("/auth/logout", headers=bearer(second["access_token"]))

    assert response.status_code == 204
    assert response.content == b""
    for token in (first["access_token"], second["access_token"]):
        for method, path in (("GET", "/auth/me"), ("POST", "/auth/renew"), ("POST", "/auth/logout")):
            refused = api.client.request(method, path, headers=bearer(token))
            assert refused.status_code == 401, (method, path)
    assert api.client.get("/auth/me", headers=bearer(other_session["access_token"])).status_code == 200


def test_auth_routes_other_than_login_need_a_token(api: Api) -> None:
    for method, path in (("GET", "/auth/me"), ("POST", "/auth/renew"), ("POST", "/auth/logout")):
        response = api.client.request(method, path)
        assert response.status_code == 401, path
        assert "Bearer" in response.headers["www-authenticate"]


def test_a_session_renewing_in_a_loop_gets_429(make_api) -> None:  # type: ignore[no-untyped-def]
    api = make_api(INGESTA_RENEW_RATE_LIMIT="2/minute")
    token = api.log_in()["access_token"]
    for _ in range(2):
        response = api.client.post("/auth/renew", headers=bearer(token))
        assert response.status_code == 200
        token = response.json()["access_token"]

    limited = api.client.post("/auth/renew", headers=bearer(token))

    assert limited.status_code == 429
    assert limited.headers["retry-after"]
    assert api.client.get("/auth/me", headers=bearer(token)).status_code == 200
