"""Upload jobs benchmark: throughput of a batch of uploads with 2 worker processes ÷ with 1.

One `ingesta serve` (API only) and `ingesta worker` processes on PostgreSQL + RabbitMQ + a moto S3 server.
Each round queues the same batch (fresh datasets) and times it from the first 202 to the last final
status; rounds alternate 1 and 2 workers, and the ratio is of the medians. Both are measured warm: a
round first runs a few uploads through one worker, unmeasured (the API's first requests), and each worker
has loaded what a job needs before it says it takes jobs (`entrypoints.worker.warm_up`). On a machine with
fewer free cores than workers the ratio says so: it is bounded by the CPU the workers get. Each round also
says where the cores went (CPU seconds ÷ wall time of the workers, the API process, this database's
PostgreSQL backends, and this process: the S3 server and the HTTP clients), the workers' CPU seconds per
job, and the load average.

    python bench/jobs_bench.py --uploads 12 --rows 50000 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench.cpu_use import group_cpu, load_average, process_cpu  # noqa: E402
from tests.conftest import POSTGRES_ADMIN_URL, _postgres_admin, free_port  # noqa: E402
from tests.integration.jobs.job_stack import FINAL, Stack, upload_async  # noqa: E402

# One request per poll, so polling often costs the API little and ends a round close to its last commit.
POLL_SECONDS = 0.1


def csv_file(rows: int, seed: int) -> bytes:
    lines = [b"id,name,amount,day"]
    lines += [
        f"{n},name {seed}-{n},{n}.{seed % 90 + 10},2024-01-{n % 28 + 1:02d}".encode() for n in range(rows)
    ]
    return b"\n".join(lines) + b"\n"


def database_backends(stack: Stack) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving the benchmark's database."""
    rows = stack.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
    return {row[0]: process_cpu(row[0]) for row in rows}


def cpu_so_far(stack: Stack) -> dict[str, float]:
    times = os.times()
    return {
        "workers": sum(group_cpu(worker.process.pid) for worker in stack.workers),
        "API": sum(group_cpu(server.process.pid) for server in stack.servers),
        "S3 server + clients": times.user + times.system,
    }


def wait_all_loaded(url: str, token: str, upload_ids: list[str], timeout: float = 900) -> None:
    """Poll with one client, one upload at a time (the next once it is final): on a machine short of CPU,
    a new client per request five times a second (the tests' `wait_final`) took a tenth of a core from
    the workers being measured, and asking for every upload at each poll cost the API as much."""
    pending, deadline = list(upload_ids), time.monotonic() + timeout
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        while pending and time.monotonic() < deadline:
            body = client.get(f"/uploads/{pending[0]}").json()
            if body["status"] in FINAL:
                assert body["status"] == "loaded", body
                pending.pop(0)
                continue
            time.sleep(POLL_SECONDS)
    assert not pending, f"never final: {pending}"


def one_round(stack: Stack, workers: int, files: list[bytes], tag: str, *, quiet: bool = False) -> float:
    for _ in range(workers):
        stack.worker(concurrency=1)
    api = stack.servers[0]
    token = stack.token(api)
    backends, cpu = database_backends(stack), cpu_so_far(stack)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(files)) as pool:
        answers = list(
            pool.map(lambda n: upload_async(api, token, files[n], f"b{tag}_{n}"), range(len(files)))
        )
    accepted = time.perf_counter() - start
    for answer in answers:
        assert answer.status_code == 202, answer.text
    wait_all_loaded(api.url, token, [answer.json()["id"] for answer in answers])
    elapsed = time.perf_counter() - start
    used = {name: seconds - cpu[name] for name, seconds in cpu_so_far(stack).items()}
    used["PostgreSQL"] = sum(
        seconds - backends.get(pid, 0.0) for pid, seconds in database_backends(stack).items()
    )
    cores = ", ".join(f"{name} {seconds / elapsed:.2f}" for name, seconds in used.items())
    if not quiet:
        print(
            f"  {workers} worker(s): all accepted after {accepted:.1f} s of {elapsed:.1f} s; "
            f"cores used: {cores}; total {sum(used.values()) / elapsed:.2f} of {os.cpu_count()}; "
            f"workers {used['workers'] / len(files):.3f} CPU s per job; load average {load_average()}",
            flush=True,
        )
    for worker in stack.workers:
        worker.stop()
    stack.workers.clear()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=12)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    moto.start()
    endpoint = f"http://127.0.0.1:{port}"
    name = f"ingesta_bench_{secrets.token_hex(4)}"
    asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    bucket = f"bench-{secrets.token_hex(4)}"
    boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1"
    ).create_bucket(Bucket=bucket)
    files = [csv_file(arguments.rows, n) for n in range(arguments.uploads)]
    times: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as directory:
        stack = Stack(Path(directory), f"{base}/{name}", bucket, endpoint)
        stack.environment["INGESTA_JOB_LEASE_SECONDS"] = "60"
        # The default: the tests' 1 s had every worker list the bucket's multipart uploads each second.
        stack.environment["INGESTA_JOB_REAP_INTERVAL_SECONDS"] = "30"
        try:
            stack.prepare()
            stack.server()
            # Unmeasured: the API's first uploads load what later ones find loaded.
            one_round(stack, 1, files[:2], "warm", quiet=True)
            for round_ in range(arguments.rounds):
                for workers in (1, 2) if round_ % 2 == 0 else (2, 1):
                    times[workers].append(one_round(stack, workers, files, f"{round_}_{workers}"))
                    print(f"round {round_ + 1}: {workers} worker(s) {times[workers][-1]:.1f} s", flush=True)
        finally:
            stack.stop()
            asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            moto.stop()
    one, two = statistics.median(times[1]), statistics.median(times[2])
    rows = arguments.uploads * arguments.rows
    print(
        f"jobs: {arguments.uploads} uploads x {arguments.rows:,} rows; median of {arguments.rounds}: "
        f"1 worker {rows / one:,.0f} rows/s, 2 workers {rows / two:,.0f} rows/s; "
        f"throughput 2 workers / 1 worker = {one / two:.2f}; load average at the end {load_average()}"
    )


if __name__ == "__main__":
    main()
