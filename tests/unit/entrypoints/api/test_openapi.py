"""The OpenAPI document lets the interactive docs authenticate and lists the contract's routes."""

from __future__ import annotations

from pathlib import Path

import pytest
from litestar.testing import TestClient
from tests.support.fake_app import no_preparation

from entrypoints.api.app import create_app
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit


def test_the_schema_declares_bearer_auth_and_every_contract_route(tmp_path: Path) -> None:
    settings = load_settings({"INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"})
    with TestClient(create_app(settings, prepare=no_preparation)) as client:
        document = client.get("/schema/openapi.json").json()

    scheme = document["components"]["securitySchemes"]["BearerToken"]
    assert scheme == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    routes = {"/auth/login", "/auth/renew", "/auth/me", "/auth/logout", "/uploads", "/uploads/{upload_id}"}
    assert routes | {"/datasets/{name}", "/health", "/ready"} <= set(document["paths"])
