"""An S3 endpoint that accepts and never answers: 503 within the configured timeout, /ready and uploads."""

from __future__ import annotations

import asyncio
import hashlib
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient
from tests.support.faults import BlackHole

from adapters.object_store.factory import object_store_from_url
from application.errors import ObjectStoreUnavailable
from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

TIMEOUT = 1.0
# Far above the configured second, far below the 244 s (and 301 s for /ready) seen without a bound.
GENEROUS = 30 * TIMEOUT
CSV = b"id,name\n1,Ana\n2,Luis\n"


@pytest.fixture
def black_hole_endpoint(monkeypatch: pytest.MonkeyPatch, aws_credentials: None) -> Iterator[str]:
    hole = BlackHole()
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{hole.port}")
    yield f"http://127.0.0.1:{hole.port}"
    hole.close()


async def test_a_put_to_a_silent_s3_fails_as_unavailable_within_the_timeout(black_hole_endpoint: str) -> None:
    store = object_store_from_url("s3://archive", timeout=TIMEOUT)
    started = time.monotonic()

    with pytest.raises(ObjectStoreUnavailable):
        await asyncio.wait_for(
            store.put("k.csv", io.BytesIO(CSV), size=len(CSV), sha256=hashlib.sha256(CSV).hexdigest()),
            timeout=120,
        )

    assert time.monotonic() - started < GENEROUS


def test_ready_and_upload_answer_503_with_retry_after_within_the_timeout(
    black_hole_endpoint: str, tmp_path: Path
) -> None:
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": "s3://archive",
            "INGESTA_OBJECT_STORE_TIMEOUT_SECONDS": str(TIMEOUT),
        }
    )
    container = build_container(settings)
    with TestClient(create_app(settings, container), timeout=120) as client:
        asyncio.run(container.create_user()(username="ana", password="pw-" * 4, role=Role.UPLOADER))
        token = client.post("/auth/login", json={"username": "ana", "password": "pw-" * 4}).json()
        started = time.monotonic()
        ready = client.get("/ready")
        ready_seconds = time.monotonic() - started
        started = time.monotonic()
        upload = client.post(
            "/uploads",
            headers={"Authorization": f"Bearer {token['access_token']}"},
            files={"file": ("a.csv", CSV, "text/csv")},
            data={"dataset": "people"},
        )
        upload_seconds = time.monotonic() - started

    assert ready.status_code == 503 and ready.json()["checks"]["object_store"] != "ok"
    assert int(ready.headers["retry-after"]) > 0
    assert upload.status_code == 503, upload.text
    assert upload.headers["content-type"].startswith("application/problem+json")
    assert int(upload.headers["retry-after"]) > 0
    assert ready_seconds < GENEROUS and upload_seconds < GENEROUS
