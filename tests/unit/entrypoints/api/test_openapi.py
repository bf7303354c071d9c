"""The OpenAPI document lets the interactive docs authenticate and lists the contract's routes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from tests.support.fake_app import no_preparation

from entrypoints.api.app import create_app
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:  # type: ignore[type-arg]
    """One app for the module: its tests only read the document and the docs pages it serves."""
    folder = tmp_path_factory.mktemp("openapi")
    settings = load_settings({"INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'db.sqlite3'}"})
    with TestClient(create_app(settings, prepare=no_preparation)) as client:
        yield client


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:  # type: ignore[type-arg]
    served: dict[str, Any] = client.get("/schema/openapi.json").json()
    return served


def test_the_schema_declares_bearer_auth_and_every_contract_route(document: dict[str, Any]) -> None:

    scheme = document["components"]["securitySchemes"]["BearerToken"]
    assert scheme == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    routes = {"/auth/login", "/auth/renew", "/auth/me", "/auth/logout", "/uploads", "/uploads/{upload_id}"}
    assert routes | {"/datasets/{name}", "/health", "/ready"} <= set(document["paths"])


@pytest.mark.parametrize("page", ["/schema", "/schema/swagger"])
def test_the_interactive_docs_load_every_asset_from_the_app_itself(client: TestClient, page: str) -> None:  # type: ignore[type-arg]
    html = client.get(page).text
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)

    assert assets and all(asset.startswith("/schema-assets/") for asset in assets), assets
    assert "http://" not in html and "https://" not in html
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_every_protected_operation_documents_401_as_problem_json_and_public_ones_need_no_token(
    document: dict[str, Any],
) -> None:
    public = {("post", "/auth/login"), ("get", "/health"), ("get", "/ready")}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if (method, path) in public:
                assert operation["security"] == [], (method, path)
            else:
                assert "security" not in operation, (method, path)  # the global bearer requirement
                assert "application/problem+json" in operation["responses"]["401"]["content"], (method, path)


def test_the_upload_form_and_its_answers_are_declared(document: dict[str, Any]) -> None:
    operation = document["paths"]["/uploads"]["post"]
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]

    assert set(form["properties"]) == {"file", "dataset", "on_error", "mode", "dry_run", "sheet"}
    assert form["required"] == ["file", "dataset"]
    assert form["properties"]["dataset"]["pattern"] == "^[a-z][a-z0-9_]{0,62}$"
    assert {"200", "201", "409", "413", "415", "422", "429", "503"} <= set(operation["responses"])
    assert "application/problem+json" in operation["responses"]["415"]["content"]


def test_the_login_body_is_optional(document: dict[str, Any]) -> None:
    login = document["paths"]["/auth/login"]["post"]
    assert login["requestBody"]["required"] is False
