"""Bytes straight to S3: presigned part URLs made by boto3, PUT by the client to the S3 server, completed
and processed by the embedded worker; and what the local store and wrong completions answer."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.auth_fakes import FakePasswordHasher
from tests.support.job_fakes import InMemoryUploadLeases, RecordingJobQueue
from tests.support.upload_fakes import InMemoryUploadRepository

from adapters.object_store.s3_direct_uploads import S3DirectUploads
from adapters.object_store.s3_multipart_upload import MIN_PART_SIZE
from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery staple"
ROWS = 400_000  # about 11 MB: three parts of 5 MiB at the smallest part size S3 allows


def csv_bytes(rows: int = ROWS) -> bytes:
    lines = [b"id,name,amount"] + [f"{n},name {n},{n}.25".encode() for n in range(rows)]
    return b"\n".join(lines) + b"\n"


class Api:
    def __init__(self, client: TestClient, token: str, bucket: Any) -> None:  # type: ignore[type-arg]
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}
        self.bucket = bucket

    def presign(self, **body: Any) -> httpx.Response:
        return self.client.post("/uploads/presign", json=body, headers=self.headers)

    def complete(self, upload_id: str, parts: list[dict[str, Any]]) -> httpx.Response:
        return self.client.post(f"/uploads/{upload_id}/complete", json={"parts": parts}, headers=self.headers)

    def send_parts(self, presigned: dict[str, Any], content: bytes) -> list[dict[str, Any]]:
        size = presigned["part_size"]
        sent = []
        for part in presigned["parts"]:
            start = (part["part_number"] - 1) * size
            answer = httpx.put(part["url"], content=content[start : start + size], timeout=60)
            assert answer.status_code == 200, answer.text
            sent.append({"part_number": part["part_number"], "etag": answer.headers["etag"]})
        return sent

    def wait_final(self, upload_id: str) -> dict[str, Any]:
        for _ in range(600):
            body = self.client.get(f"/uploads/{upload_id}", headers=self.headers).json()
            if body["status"] in {"loaded", "rejected", "failed"}:
                return dict(body)
            asyncio.run(asyncio.sleep(0.1))
        raise AssertionError(f"upload {upload_id} never became final")


def api_for(tmp_path: Path, store_url: str, small_parts: bool = False) -> tuple[TestClient, str]:  # type: ignore[type-arg]
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": store_url,
            "INGESTA_AI_ENRICHMENT": "false",
        }
    )
    container = build_container(settings)
    if small_parts:  # S3's smallest parts, so that an 11 MB file travels in several
        container.direct_uploads.override(
            providers.Singleton(
                lambda store: S3DirectUploads(store, store.client, part_size=MIN_PART_SIZE), container.objects
            )
        )
    container.password_hasher.override(providers.Object(FakePasswordHasher()))
    client = TestClient(create_app(settings, container))
    client.__enter__()
    asyncio.run(container.create_user()(username="ana", password=PASSWORD, role=Role.UPLOADER))
    token = client.post("/auth/login", json={"username": "ana", "password": PASSWORD}).json()["access_token"]
    return client, str(token)


@pytest.fixture
def s3_api(
    tmp_path: Path, s3_endpoint: str, aws_credentials: None, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Api]:
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    bucket = boto3.resource("s3", endpoint_url=s3_endpoint).Bucket(f"direct-{secrets.token_hex(5)}")
    bucket.create()
    client, token = api_for(tmp_path, f"s3://{bucket.name}/raw", small_parts=True)
    try:
        yield Api(client, token, bucket)
    finally:
        client.__exit__(None, None, None)


def test_a_presigned_upload_goes_to_s3_directly_and_is_loaded_by_the_worker(s3_api: Api) -> None:
    content = csv_bytes()
    answer = s3_api.presign(
        dataset="direct", filename="big.csv", size=len(content), sha256=hashlib.sha256(content).hexdigest()
    )
    assert answer.status_code == 201, answer.text
    presigned = answer.json()
    assert presigned["part_size"] == MIN_PART_SIZE
    assert len(presigned["parts"]) == -(-len(content) // MIN_PART_SIZE) >= 2
    assert datetime.fromisoformat(presigned["expires_at"]) > datetime.now(UTC)

    completed = s3_api.complete(presigned["id"], s3_api.send_parts(presigned, content))

    assert completed.status_code == 202, completed.text
    assert completed.headers["location"] == f"/uploads/{presigned['id']}"
    final = s3_api.wait_final(presigned["id"])
    assert final["status"] == "loaded" and final["rows"]["loaded"] == ROWS, final
    (stored,) = list(s3_api.bucket.objects.all())
    assert stored.get()["Body"].read() == content


def test_a_declared_checksum_that_does_not_match_fails_the_upload_with_the_reason(s3_api: Api) -> None:
    content = csv_bytes(1000)
    presigned = s3_api.presign(dataset="direct", filename="a.csv", size=len(content), sha256="0" * 64).json()

    assert s3_api.complete(presigned["id"], s3_api.send_parts(presigned, content)).status_code == 202

    final = s3_api.wait_final(presigned["id"])
    assert final["status"] == "failed" and "SHA-256" in final["failure"]


def test_a_completed_object_of_the_wrong_size_is_refused_and_the_upload_failed(s3_api: Api) -> None:
    content = csv_bytes(1000)
    presigned = s3_api.presign(dataset="direct", filename="a.csv", size=len(content) + 10).json()

    answer = s3_api.complete(presigned["id"], s3_api.send_parts(presigned, content))

    assert answer.status_code == 400 and "declared" in answer.json()["detail"]
    assert (
        s3_api.client.get(f"/uploads/{presigned['id']}", headers=s3_api.headers).json()["status"] == "failed"
    )


def test_the_reaper_aborts_multipart_uploads_left_open(s3_api: Api) -> None:
    from application.use_cases.reap_upload_jobs import ReapUploadJobs

    content = csv_bytes(1000)
    s3_api.presign(dataset="direct", filename="a.csv", size=len(content))
    client = s3_api.bucket.meta.client
    assert len(client.list_multipart_uploads(Bucket=s3_api.bucket.name).get("Uploads", [])) == 1
    container = s3_api.client.app.state.container

    class Later:
        def now(self) -> datetime:
            return datetime.now(UTC) + timedelta(days=2)

    # Leases over no record: only the abort is under test here.
    reaper = ReapUploadJobs(
        leases=InMemoryUploadLeases(InMemoryUploadRepository()),
        queue=RecordingJobQueue(),
        clock=Later(),
        max_attempts=3,
        direct=container.direct_uploads(),
        multipart_max_age_seconds=3600,
    )
    reaped = asyncio.run(reaper())

    assert reaped.aborted == 1
    assert client.list_multipart_uploads(Bucket=s3_api.bucket.name).get("Uploads", []) == []


def test_with_the_local_store_presign_is_501_saying_why(tmp_path: Path) -> None:
    client, token = api_for(tmp_path, f"file://{tmp_path / 'objects'}")
    try:
        answer = client.post(
            "/uploads/presign",
            json={"dataset": "direct", "filename": "a.csv", "size": 10},
            headers={"Authorization": f"Bearer {token}"},
        )
    finally:
        client.__exit__(None, None, None)

    assert answer.status_code == 501, answer.text
    assert "S3 object store" in answer.json()["detail"] and "local folder" in answer.json()["detail"]
