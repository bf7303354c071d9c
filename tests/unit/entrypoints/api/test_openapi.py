"""The OpenAPI document lets the interactive docs authenticate and lists the contract's routes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from litestar.testing import TestClient

from entrypoints.api.app import create_app
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit


def test_the_schema_declares_bearer_auth_and_every_contract_route(tmp_path: Path) -> None:
    settings = load_settings({"INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"})
    with TestClient(create_app(settings)) as client:
        document = client.get("/schema/openapi.json").json()

    scheme = document["components"]["securitySchemes"]["BearerToken"]
    assert scheme == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    routes = {"/auth/login", "/auth/renew", "/auth/me", "/auth/logout", "/uploads", "/uploads/{upload_id}"}
    assert routes | {"/datasets/{name}", "/health", "/ready"} <= set(document["paths"])


@pytest.mark.parametrize("page", ["/schema", "/schema/swagger"])
def test_the_interactive_docs_load_every_asset_from_the_app_itself(tmp_path: Path, page: str) -> None:
    settings = load_settings({"INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}"})
    with TestClient(create_app(settings)) as client:
        html = client.get(page).text
        assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)

        assert assets and all(asset.startswith("/schema-assets/") for asset in assets), assets
        assert "http://" not in html and "https://" not in html
        for asset in assets:
            assert client.get(asset).status_code == 200, asset
