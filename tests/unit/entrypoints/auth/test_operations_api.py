from __future__ import annotations

import os

import pytest
from tests.unit.entrypoints.auth.auth_api import Api

pytestmark = pytest.mark.unit


def test_health_answers_with_the_worker_pid_in_development(api: Api) -> None:
    response = api.client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"worker": str(os.getpid())}}


def test_ready_answers_when_the_database_answers(api: Api) -> None:
    response = api.client.get("/ready")

    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_the_openapi_schema_documents_the_auth_routes(api: Api) -> None:
    response = api.client.get("/schema/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/auth/login", "/auth/renew", "/auth/me", "/auth/logout"} <= set(paths)


def test_an_unknown_path_is_a_404_problem(api: Api) -> None:
    response = api.client.get("/no/such/thing")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == 404


def test_a_wrong_method_is_a_405_problem(api: Api) -> None:
    response = api.client.get("/auth/login")

    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")
