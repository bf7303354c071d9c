"""Uploads as jobs across real processes: API and `ingesta worker` processes on PostgreSQL, RabbitMQ
and an S3 server. Kept small: it runs in every CI run."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from tests.integration.jobs.job_stack import Stack, upload_async, wait_final

pytestmark = pytest.mark.integration

UPLOADS = 50  # issue 14: "50 concurrent uploads"; 10 s here on 2026-12-01 (12 took 7.6 s)


def csv_rows(rows: int, seed: int, *, with_error: bool = False) -> bytes:
    lines = [b"id,name,amount"]
    lines += [f"{seed * 1_000_000 + n},name {seed}-{n},{n}.{seed % 100:02d}".encode() for n in range(rows)]
    if with_error:
        lines[-1] = lines[1]  # a duplicate row: an error, so `reject` loads nothing
    return b"\n".join(lines) + b"\n"


def test_concurrent_uploads_through_two_apis_and_three_workers_all_reach_a_final_state(stack: Stack) -> None:
    apis = [stack.server(), stack.server()]
    for _ in range(3):
        stack.worker(concurrency=2)
    tokens = [stack.token(api) for api in apis]
    files = [(f"batch_{n % 3}", csv_rows(200 + n, n, with_error=n % 4 == 0)) for n in range(UPLOADS)]

    def send(n: int) -> tuple[int, httpx.Response]:
        dataset, content = files[n]
        return n, upload_async(apis[n % 2], tokens[n % 2], content, dataset, on_error="reject")

    with ThreadPoolExecutor(max_workers=UPLOADS) as pool:
        answers = list(pool.map(send, range(UPLOADS)))

    finals = {}
    for n, response in answers:
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "queued"
        finals[n] = wait_final(apis[(n + 1) % 2], tokens[(n + 1) % 2], response.json()["id"])
    for n, final in finals.items():
        expected = "rejected" if n % 4 == 0 else "loaded"
        assert final["status"] == expected, final
        assert final["rows"]["total"] == 200 + n
    # Every row accounted for: each loaded upload's rows are in its dataset exactly once.
    for n, final in finals.items():
        dataset = files[n][0]
        (count,) = stack.query(
            f"SELECT count(*) FROM ds_{dataset} JOIN upload_keys ON upload_key = _upload_key "
            f"WHERE upload_id = '{final['id']}'"
        )[0]
        assert count == final["rows"]["loaded"] == (0 if n % 4 == 0 else 200 + n)
    final_statuses = "'loaded', 'rejected', 'failed', 'refused'"
    left = stack.query(f"SELECT count(*) FROM uploads WHERE status NOT IN ({final_statuses})")
    assert left[0][0] == 0


def test_a_worker_killed_mid_load_has_its_job_finished_by_another_without_duplicate_rows(
    stack: Stack,
) -> None:
    api = stack.server()
    doomed = stack.worker()
    token = stack.token(api)
    rows = 400_000
    response = upload_async(api, token, csv_rows(rows, 1), "killed")
    assert response.status_code == 202, response.text
    upload_id = response.json()["id"]

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status = stack.query(f"SELECT status FROM uploads WHERE id = '{upload_id}'")[0][0]
        if status == "loading":
            break
        assert status not in {"loaded", "rejected", "failed"}, f"finished before it could be killed: {status}"
        time.sleep(0.05)
    doomed.kill()
    stack.worker()

    final = wait_final(api, token, upload_id, timeout=180)

    assert final["status"] == "loaded", final
    (count, distinct) = stack.query(
        "SELECT count(*), count(DISTINCT id) FROM ds_killed JOIN upload_keys ON upload_key = _upload_key "
        f"WHERE upload_id = '{upload_id}'"
    )[0]
    assert count == distinct == rows == final["rows"]["loaded"]
    attempts = stack.query(f"SELECT attempts FROM uploads WHERE id = '{upload_id}'")[0][0]
    assert attempts == 2


SPAN = re.compile(r'"name": "(?P<name>[^"]+)",\s*"context": \{\s*"trace_id": "(?P<trace>0x[0-9a-f]+)"')


def spans_printed(output: list[str]) -> list[tuple[str, str]]:
    """(name, trace id) of each span a process printed with OTEL_TRACES_EXPORTER=console."""
    return [(match["name"], match["trace"]) for match in SPAN.finditer("".join(output))]


def test_a_workers_spans_continue_the_trace_of_the_api_request_across_processes(stack: Stack) -> None:
    stack.environment |= {"OTEL_TRACES_EXPORTER": "console", "OTEL_BSP_SCHEDULE_DELAY": "200"}
    api = stack.server()
    worker = stack.worker()
    token = stack.token(api)
    response = upload_async(api, token, csv_rows(300, 7), "traced")
    assert response.status_code == 202, response.text
    assert wait_final(api, token, response.json()["id"])["status"] == "loaded"
    worker.stop()  # each process exports what it still batches as it stops
    api.stop()

    (request_trace,) = {trace for name, trace in spans_printed(api.output) if name == "POST /uploads"}
    in_worker = dict(spans_printed(worker.output))
    for step in ("ingesta.upload.job", "ingesta.object_store.get", "ingesta.upload.validate"):
        assert in_worker.get(step) == request_trace, (step, in_worker)
    assert in_worker.get("ingesta.database.load") == request_trace
