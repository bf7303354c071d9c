"""`ingesta serve --workers 2`: /metrics in either worker sums the requests both answered."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from tests.support.ingesta_process import Server, clean_environment

pytestmark = pytest.mark.integration

SCRAPER_TOKEN = "scraper-token-" + "m" * 32
ROUTE = "/uploads/{upload_id}"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    environment = clean_environment(
        tmp_path, INGESTA_METRICS_TOKEN=SCRAPER_TOKEN, INGESTA_CREATE_DEMO_USER="false"
    )
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
    # serve makes its metrics folder under TMPDIR: here, where the test can look.
    (tmp_path / "tmp").mkdir()
    environment["TMPDIR"] = str(tmp_path / "tmp")
    running = Server("--workers", "2", environment=environment, cwd=tmp_path)
    try:
        running.wait_until_healthy()
        yield running
    finally:
        running.stop()


def requests_counted(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "ingesta_http_requests_total" and sample.labels.get("route") == ROUTE
    )


def test_metrics_sum_the_requests_of_every_worker(server: Server) -> None:
    # /health names the worker holding a connection; the next request on it reaches the same worker.
    sent_by_worker: dict[str, int] = {}
    deadline = time.monotonic() + 60
    while (len(sent_by_worker) < 2 or sum(sent_by_worker.values()) < 6) and time.monotonic() < deadline:
        with httpx.Client(base_url=server.url, timeout=5) as connection:
            worker = connection.get("/health").json()["checks"]["worker"]
            assert connection.get("/uploads/some-id").status_code == 401
        sent_by_worker[worker] = sent_by_worker.get(worker, 0) + 1
    assert len(sent_by_worker) == 2, f"only workers {sorted(sent_by_worker)} answered"

    scrape = httpx.get(
        f"{server.url}/metrics", headers={"Authorization": f"Bearer {SCRAPER_TOKEN}"}, timeout=10
    )

    assert scrape.status_code == 200, scrape.text
    assert requests_counted(scrape.text) == sum(sent_by_worker.values()), sent_by_worker


def test_the_shared_metrics_folder_is_removed_when_serve_exits(server: Server, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    assert [folder.name[:16] for folder in temporary.iterdir()] == ["ingesta-metrics-"]

    server.stop()

    assert list(temporary.iterdir()) == []
