"""Answers that must stay clean under hostile input, and headers every API response carries."""

from __future__ import annotations

import logging

import pytest
from tests.unit.entrypoints.auth.auth_api import PASSWORD, Api, bearer

from application.errors import DatabaseUnavailable
from domain.auth.role import Role

pytestmark = pytest.mark.unit


def test_a_deeply_nested_login_body_is_a_400_without_a_traceback(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = api.client.post(
            "/auth/login", content=b"[" * 60_000, headers={"Content-Type": "application/json"}
        )

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert not [record for record in caplog.records if record.exc_info]


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/health"), ("POST", "/auth/login"), ("GET", "/auth/me"), ("GET", "/uploads/nothing")],
)
def test_every_api_response_says_nosniff_and_no_store(api: Api, method: str, path: str) -> None:
    response = api.client.request(method, path)

    assert response.headers["x-content-type-options"] == "nosniff"
    assert "no-store" in response.headers["cache-control"]


async def _database_down() -> None:
    raise DatabaseUnavailable("connection refused by db-primary.internal:5432")


def test_ready_tells_anonymous_callers_only_unavailable(api: Api) -> None:
    probes = api.container.readiness_probes()
    api.container.readiness_probes.override({**probes, "database": _database_down})

    anonymous = api.client.get("/ready")
    guest = api.client.get("/ready", headers=bearer(api.log_in()["access_token"]))

    for response in (anonymous, guest):
        assert response.status_code == 503
        assert response.json()["checks"]["database"] == "unavailable"
        assert "db-primary" not in response.text


def test_ready_tells_an_admin_what_failed(api: Api) -> None:
    api.create_account("root", Role.ADMIN)
    admin = bearer(api.log_in(username="root", password=PASSWORD)["access_token"])
    probes = api.container.readiness_probes()
    api.container.readiness_probes.override({**probes, "database": _database_down})

    response = api.client.get("/ready", headers=admin)

    assert response.status_code == 503
    assert "db-primary" in response.json()["checks"]["database"]
    assert response.json()["checks"]["object_store"] == "ok"


def test_a_nul_in_a_username_is_just_a_failed_login(api: Api) -> None:
    response = api.client.post("/auth/login", json={"username": "ro\x00ot", "password": PASSWORD})

    assert response.status_code == 401
