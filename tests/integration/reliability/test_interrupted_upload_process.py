"""`ingesta serve` killed with SIGKILL mid-upload: the next start fails the record it left `received`."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.support.ingesta_process import Server, clean_environment

from application.use_cases.fail_interrupted_uploads import INTERRUPTED

pytestmark = pytest.mark.integration

ROWS = 300_000


def big_csv() -> bytes:
    lines = [b"id,name,amount,when"]
    lines += [f"{n},name {n},{n}.25,2024-01-{n % 28 + 1:02d}".encode() for n in range(ROWS)]
    return b"\n".join(lines) + b"\n"


def upload_states(database: Path) -> list[tuple[str, str, str | None, str]]:
    if not database.exists():
        return []
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
        return connection.execute("SELECT id, status, failure, created_at FROM uploads").fetchall()


def demo_token(server: Server) -> str:
    password = re.search(r"with password: (\S+)", "".join(server.output))
    assert password, "".join(server.output)
    response = httpx.post(
        f"{server.url}/auth/login", json={"username": "demo", "password": password.group(1)}, timeout=30
    )
    return str(response.json()["access_token"])


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    return clean_environment(tmp_path, INGESTA_MAX_PROCESSING_SECONDS="1", INGESTA_AI_ENRICHMENT="false")


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


def test_a_record_left_received_by_a_killed_process_is_failed_at_the_next_start(
    tmp_path: Path, environment: dict[str, str], servers: list[Server]
) -> None:
    database = tmp_path / "ingesta.sqlite3"
    first = Server(environment=environment, cwd=tmp_path)
    servers.append(first)
    first.wait_until_healthy()
    token = demo_token(first)
    content = big_csv()

    def send() -> None:
        # The connection dies with the server; only the record matters here.
        with contextlib.suppress(httpx.HTTPError):
            httpx.post(
                f"{first.url}/uploads",
                headers={"Authorization": f"Bearer {token}"},
                files={"file": ("big.csv", content, "text/csv")},
                data={"dataset": "big"},
                timeout=120,
            )

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    deadline = time.monotonic() + 60
    while not upload_states(database) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=15)
    sender.join(timeout=30)
    [(upload_id, status, _, _)] = upload_states(database)
    assert status == "received"  # what kill -9 leaves behind

    time.sleep(1.5)  # older than INGESTA_MAX_PROCESSING_SECONDS=1: no live process can still own it
    second = Server(environment=environment, cwd=tmp_path)
    servers.append(second)
    second.wait_until_healthy()

    [(same_id, status, failure, _)] = upload_states(database)
    assert (same_id, status, failure) == (upload_id, "failed", INTERRUPTED)
    assert "1 interrupted upload" in "".join(second.output)
