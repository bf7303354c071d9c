"""GET /metrics carries the job queue's depth: the uploads queued and waiting, read from their records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from litestar.testing import TestClient
from prometheus_client.parser import text_string_to_metric_families
from tests.support.fake_app import Fakes, no_preparation, use_fakes

from domain.uploads.upload import Upload, UploadStatus
from entrypoints.api.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit

TOKEN = "scraper-" + "q" * 40


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[TestClient, Fakes]]:
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
            "INGESTA_METRICS_TOKEN": TOKEN,
        }
    )
    container = build_container(settings)
    fakes = use_fakes(container)
    with TestClient(create_app(settings, container, prepare=no_preparation)) as client:
        yield client, fakes


def depth(client: TestClient) -> list[float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    return [
        sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name == "ingesta_upload_queue_depth"
    ]


def record(fakes: Fakes, upload_id: str, status: UploadStatus) -> None:
    upload = Upload.queued(
        id=upload_id, dataset="sales", filename="s.csv", bytes=1, sha256="0" * 64,
        object_key=f"raw/{upload_id}", uploaded_by="u", created_at=datetime.now(UTC),
    )  # fmt: skip
    upload.status = status
    fakes.uploads.records[upload_id] = upload


def test_the_queue_depth_counts_the_uploads_waiting_for_a_worker(service: tuple[TestClient, Fakes]) -> None:
    client, fakes = service
    assert depth(client) == [0.0]

    for n in range(3):
        record(fakes, f"q{n}", UploadStatus.QUEUED)
    record(fakes, "busy", UploadStatus.LOADING)
    record(fakes, "done", UploadStatus.LOADED)

    assert depth(client) == [3.0]


def test_with_the_database_down_the_depth_is_left_out_not_made_up(service: tuple[TestClient, Fakes]) -> None:
    client, fakes = service
    fakes.uploads.available = False

    assert depth(client) == []
