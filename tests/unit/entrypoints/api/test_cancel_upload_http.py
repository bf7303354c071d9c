"""POST /uploads/{id}/cancel over HTTP: 202 with the Upload, 409 problem+json with a sentence for a final
upload (in the asked language), 404 for someone else's."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient
from tests.unit.entrypoints.api.test_async_upload_http import logged_in, post, wait_final

from application.uploads.file_digest import digest_file
from application.use_cases.upload_csv import UploadCommand, new_upload
from domain.auth.role import Role
from domain.uploads.upload import OnError, Upload
from entrypoints.container import Container

pytestmark = pytest.mark.unit


@pytest.fixture
def api(
    job_turn: tuple[TestClient, Container],  # type: ignore[type-arg]
) -> tuple[TestClient, Container, dict[str, str]]:  # type: ignore[type-arg]
    client, container = job_turn
    return client, container, {name: logged_in(client, container, name) for name in ("ana", "bea")}


def bearer(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


def queued_upload(container: Container, owner_token: str, client: TestClient) -> str:  # type: ignore[type-arg]
    """A record waiting for a worker that never comes (none is told about it)."""
    owner = client.get("/auth/me", headers=bearer(owner_token)).json()["user_id"]
    content = io.BytesIO(b"id\n1\n")
    command = UploadCommand(
        dataset="sales",
        on_error=OnError.REJECT,
        filename="s.csv",
        uploaded_by=owner,
        role=Role.UPLOADER,
        source=content,
    )
    upload = new_upload(Upload.queued, command, "sales", digest_file(content), datetime.now(UTC))

    async def record() -> None:
        async with container.upload_units()() as uow:
            await uow.uploads.add(upload)
            await uow.commit()

    asyncio.run(record())
    return upload.id


def test_a_queued_upload_is_cancelled_at_once_with_its_reason(api) -> None:  # type: ignore[no-untyped-def]
    client, container, tokens = api
    upload_id = queued_upload(container, tokens["ana"], client)

    response = client.post(f"/uploads/{upload_id}/cancel", headers=bearer(tokens["ana"]))

    assert response.status_code == 202, response.text
    assert response.headers["location"] == f"/uploads/{upload_id}"
    body = response.json()
    assert body["status"] == "cancelled" and body["rows"]["loaded"] == 0
    assert body["failure"] == "cancelled by its owner; nothing was loaded and the archived file is kept"
    assert client.get(f"/uploads/{upload_id}", headers=bearer(tokens["ana"])).json()["status"] == "cancelled"


def test_someone_else_s_upload_cannot_be_cancelled_and_stays_unknown(api) -> None:  # type: ignore[no-untyped-def]
    client, container, tokens = api
    upload_id = queued_upload(container, tokens["ana"], client)

    response = client.post(f"/uploads/{upload_id}/cancel", headers=bearer(tokens["bea"]))

    assert response.status_code == 404
    assert client.get(f"/uploads/{upload_id}", headers=bearer(tokens["ana"])).json()["status"] == "queued"


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "is already loaded; only a queued or running upload can be cancelled"),
        ("es", "ya está cargada; solo se puede cancelar una subida en cola o en curso"),
    ],
)
def test_cancelling_a_final_upload_is_409_problem_json_with_a_sentence(
    api, language: str, sentence: str
) -> None:  # type: ignore[no-untyped-def]
    client, _, tokens = api
    location = post(client, tokens["ana"], Prefer="respond-async").headers["location"]
    assert wait_final(client, tokens["ana"], location)["status"] == "loaded"

    response = client.post(
        f"{location}/cancel", headers=bearer(tokens["ana"], **{"Accept-Language": language})
    )

    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert sentence in response.json()["detail"]


def test_an_upload_answered_in_its_request_is_not_a_job_to_cancel(api) -> None:  # type: ignore[no-untyped-def]
    client, _, tokens = api
    upload_id = post(client, tokens["ana"]).json()["id"]

    response = client.post(f"/uploads/{upload_id}/cancel", headers=bearer(tokens["ana"]))

    assert response.status_code == 409 and "already loaded" in response.json()["detail"]


def test_the_openapi_document_describes_the_cancel_and_its_problems(api) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = api

    operation = client.get("/schema/openapi.json").json()["paths"]["/uploads/{upload_id}/cancel"]["post"]

    assert {"202", "401", "403", "404", "409", "503"} <= set(operation["responses"])
    problem = operation["responses"]["409"]["content"]
    assert "application/problem+json" in problem
