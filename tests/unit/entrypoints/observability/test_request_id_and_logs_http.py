"""Request ids and log lines through Litestar's test client: echoed, in problems, JSON, and no secrets."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from tests.support.fake_app import no_preparation, use_fakes

from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit

PASSWORD = "Sup3r-secret-passw0rd-never-logged"
CELL_VALUE = "cell-value-never-logged"


def app_over_fakes(folder: Path) -> Iterator[TestClient]:
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_LOG_FORMAT": "json",
        }
    )
    container = build_container(settings)
    use_fakes(container)
    with TestClient(create_app(settings, container, prepare=no_preparation)) as test_client:
        asyncio.run(container.create_user()(username="ana", password=PASSWORD, role=Role.UPLOADER))
        yield test_client


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """An app of the test's own: the log tests read what it writes to this test's captured stderr."""
    yield from app_over_fakes(tmp_path)


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for the request-id tests, which only read headers and bodies of refused or health requests."""
    yield from app_over_fakes(tmp_path_factory.mktemp("request-ids"))


def test_a_sane_request_id_is_echoed_and_quoted_in_the_problem_body(shared_client: TestClient) -> None:
    response = shared_client.get("/uploads/nope", headers={"X-Request-ID": "req-42.abc:7"})

    assert response.status_code == 401
    assert response.headers["x-request-id"] == "req-42.abc:7"
    assert response.json()["request_id"] == "req-42.abc:7"


@pytest.mark.parametrize("bad", ["", "a" * 129, "two words", "semi;colon", "<script>", "-leading-dash"])
def test_an_insane_request_id_is_replaced_by_a_generated_one(shared_client: TestClient, bad: str) -> None:
    response = shared_client.get("/uploads/nope", headers={"X-Request-ID": bad})

    generated = response.headers["x-request-id"]
    assert generated != bad and len(generated) == 32
    assert response.json()["request_id"] == generated


def test_without_a_request_id_each_answer_gets_its_own(shared_client: TestClient) -> None:
    first = shared_client.get("/health/live").headers["x-request-id"]
    second = shared_client.get("/health/live").headers["x-request-id"]

    assert first and second and first != second


def test_log_lines_are_json_with_request_user_and_upload_ids(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    token = client.post("/auth/login", json={"username": "ana", "password": PASSWORD}).json()["access_token"]
    response = client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {token}", "X-Request-ID": "upload-request-1"},
        files={"file": ("sales.csv", f"id,name\n1,{CELL_VALUE}\n".encode(), "text/csv")},
        data={"dataset": "sales"},
    )
    assert response.status_code == 201, response.text

    events = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    request_line = next(e for e in events if e.get("route") == "/uploads" and e.get("method") == "POST")
    assert request_line["request_id"] == "upload-request-1"
    assert request_line["status"] == 201 and request_line["level"] == "info"
    assert request_line["upload_id"] == response.json()["id"]
    assert request_line["user_id"]


def test_tokens_passwords_and_cell_values_never_reach_the_log(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    client.post("/auth/login", json={"username": "ana", "password": "wrong-" + PASSWORD})
    token = client.post("/auth/login", json={"username": "ana", "password": PASSWORD}).json()["access_token"]
    client.post(
        "/uploads",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("sales.csv", f"id,name\n1,{CELL_VALUE}\n1,{CELL_VALUE}\n".encode(), "text/csv")},
        data={"dataset": "sales"},
    )
    client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    client.get("/uploads/x", headers={"Authorization": "Bearer forged.token.value"})

    output = capsys.readouterr().err
    assert "ingesta.http" in output  # the requests were logged, so the absences below mean something
    for secret in (PASSWORD, token, "forged.token.value", CELL_VALUE):
        assert secret not in output
