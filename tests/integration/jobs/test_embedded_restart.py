"""`ingesta serve` alone (embedded queue and worker, SQLite) killed with SIGKILL mid-job: the next start
queues the upload again and loads it once."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.integration.reliability.test_interrupted_upload_process import demo_token
from tests.support.ingesta_process import Server, clean_environment

pytestmark = pytest.mark.integration

ROWS = 300_000


def big_csv() -> bytes:
    lines = [b"id,name,amount"] + [f"{n},name {n},{n}.25".encode() for n in range(ROWS)]
    return b"\n".join(lines) + b"\n"


def query(database: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def servers() -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


def test_a_job_left_mid_load_by_a_killed_serve_is_finished_once_after_the_restart(
    tmp_path: Path, servers: list[Server]
) -> None:
    environment = clean_environment(
        tmp_path,
        INGESTA_AI_ENRICHMENT="false",
        INGESTA_JOB_LEASE_SECONDS="2",
        INGESTA_JOB_REAP_INTERVAL_SECONDS="1",
    )
    database = tmp_path / "ingesta.sqlite3"
    first = Server(environment=environment, cwd=tmp_path)
    servers.append(first)
    first.wait_until_healthy()
    token = demo_token(first)
    answer = httpx.post(
        f"{first.url}/uploads",
        headers={"Authorization": f"Bearer {token}", "Prefer": "respond-async"},
        files={"file": ("big.csv", big_csv(), "text/csv")},
        data={"dataset": "big"},
        timeout=120,
    )
    assert answer.status_code == 202, answer.text
    upload_id = answer.json()["id"]
    deadline = time.monotonic() + 120
    while query(database, f"SELECT status FROM uploads WHERE id = '{upload_id}'")[0][0] != "loading":
        assert time.monotonic() < deadline, "the job never reached loading"
        time.sleep(0.02)
    os.killpg(first.process.pid, signal.SIGKILL)
    first.process.wait(timeout=15)
    assert query(database, f"SELECT status FROM uploads WHERE id = '{upload_id}'")[0][0] == "loading"

    second = Server(environment=environment, cwd=tmp_path)
    servers.append(second)
    second.wait_until_healthy()

    deadline = time.monotonic() + 180
    while (status := query(database, f"SELECT status FROM uploads WHERE id = '{upload_id}'")[0][0]) not in {
        "loaded",
        "rejected",
        "failed",
    }:
        assert time.monotonic() < deadline, f"still {status}:\n{''.join(second.output)}"
        time.sleep(0.2)
    assert status == "loaded", "".join(second.output)
    [(count, distinct)] = query(
        database,
        "SELECT count(*), count(DISTINCT id) FROM ds_big JOIN upload_keys ON upload_key = _upload_key "
        f"WHERE upload_id = '{upload_id}'",
    )
    assert count == distinct == ROWS
    assert query(database, f"SELECT attempts FROM uploads WHERE id = '{upload_id}'") == [(2,)]
