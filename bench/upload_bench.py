"""Full upload benchmark: `ingesta serve` over HTTP into moto S3 + PostgreSQL, against a same-run baseline.

Baseline: `psql \\copy` of the file into a table plus a boto3 upload of the file to the same S3 server, the
least any service could do with it. Baseline and upload alternate `--repeat` times in one run (each upload
into a fresh dataset); the ratio printed is the median of the pairs' ratios, with their range. Prints
rows/s, MB/s and the server's peak RSS. `--profile out.txt` runs the server under py-spy (collapsed stacks).
`--against OTHER/src` also runs a server from another checkout's sources (its own database), uploading
to both in alternating order each round, and prints its ratio and this code's time divided by its time.

    python bench/upload_bench.py --rows 1000000
    python bench/upload_bench.py --rows 50000 --repeat 5     # a quick check, under a minute
    python bench/upload_bench.py --rows 200000 --against /tmp/before/src   # before/after in one run
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("INGESTA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
PASSWORD = "bench-password-123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres(statement: str, database: str | None = None) -> None:
    url = POSTGRES if database is None else POSTGRES.rsplit("/", 1)[0] + f"/{database}"
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", statement], check=True)


def baseline(csv_path: Path, database: str, endpoint: str, attempt: int) -> float:
    header = csv_path.open(encoding="utf-8").readline().strip().split(",")
    columns = ", ".join(f'"{name}" text' for name in header)
    table = f"baseline_{attempt}"
    postgres(f"CREATE TABLE {table} ({columns})", database)
    url = POSTGRES.rsplit("/", 1)[0] + f"/{database}"
    s3 = boto3.client("s3", endpoint_url=endpoint)
    if attempt == 0:
        s3.create_bucket(Bucket="baseline")
    started = time.perf_counter()
    subprocess.run(["psql", url, "-q", "-c", f"\\copy {table} FROM '{csv_path}' CSV HEADER"], check=True)
    s3.upload_file(str(csv_path), "baseline", f"file_{attempt}.csv")
    return time.perf_counter() - started


def start_server(env: dict[str, str], port: int, profile: Path | None) -> subprocess.Popen[str]:
    subprocess.run([str(BIN / "ingesta"), "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run(
        [str(BIN / "ingesta"), "users", "create", "bench", "--role", "uploader", "--password-stdin"],
        env=env,
        input=PASSWORD,
        text=True,
        check=True,
        capture_output=True,
    )
    command = [str(BIN / "ingesta"), "serve", "--port", str(port)]
    if profile is not None:
        # Collapsed stacks, one line per distinct stack: `sort -k2 -n` or a flame graph tool reads them.
        command = [
            str(BIN / "py-spy"),
            "record",
            "--format",
            "raw",
            "--rate",
            "50",
            "--subprocesses",
            "-o",
            str(profile),
            "--",
        ]
        command += [str(BIN / "ingesta"), "serve", "--port", str(port)]
    server = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def server_env(database: str, prefix: str) -> dict[str, str]:
    url = POSTGRES.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{database}"
    return {
        **os.environ,
        "INGESTA_DATABASE_URL": url,
        "INGESTA_OBJECT_STORE_URL": f"s3://ingesta/{prefix}",
        "INGESTA_MAX_UPLOAD_BYTES": str(4 * 1024**3),
        "INGESTA_CREATE_DEMO_USER": "false",
    }


def peak_rss_mb(pid: int) -> float:
    """The peak RSS of the server process (under py-spy: of its child, the server itself)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists() and (child := children.read_text().split()):
        pid = int(child[0])
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def upload(port: int, csv_path: Path, dataset: str) -> tuple[float, dict[str, object]]:
    base = f"http://127.0.0.1:{port}"
    token = httpx.post(f"{base}/auth/login", json={"username": "bench", "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    started = time.perf_counter()
    with csv_path.open("rb") as handle:
        response = httpx.post(
            f"{base}/uploads",
            headers=headers,
            files={"file": ("bench.csv", handle, "text/csv")},
            data={"dataset": dataset, "on_error": "accept"},
            timeout=3600,
        )
    elapsed = time.perf_counter() - started
    if response.status_code not in (201, 422):
        raise SystemExit(f"upload failed: {response.status_code} {response.text[:500]}")
    return elapsed, response.json()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path, help="an existing CSV instead of a generated one")
    parser.add_argument("--repeat", type=int, default=3, help="baseline/upload pairs, interleaved")
    parser.add_argument("--profile", type=Path, help="run the server under py-spy, stacks to this file")
    parser.add_argument("--against", type=Path, help="another checkout's src folder to compare with")
    arguments = parser.parse_args()
    from moto.server import ThreadedMotoServer

    # The S3 server's request log would drown the figures.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory() as scratch:
        csv_path = arguments.file or Path(scratch) / "bench.csv"
        if arguments.file is None:
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "bench" / "generate_csv.py"),
                    str(csv_path),
                    "--rows",
                    str(arguments.rows),
                ],
                check=True,
            )
        size_mb = csv_path.stat().st_size / 1e6
        rows = sum(1 for _ in csv_path.open("rb")) - 1
        moto_port = free_port()
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port, verbose=False)
        moto.start()
        endpoint = f"http://127.0.0.1:{moto_port}"
        database = f"ingesta_bench_{secrets.token_hex(4)}"
        other_database = f"ingesta_bench_{secrets.token_hex(4)}"
        for key, value in {
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": endpoint,
        }.items():
            os.environ[key] = value
        postgres(f'CREATE DATABASE "{database}"')
        server = other = None
        pairs: list[tuple[float, float]] = []
        others: list[float] = []
        try:
            boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="ingesta")
            port = free_port()
            server = start_server(server_env(database, "raw"), port, arguments.profile)
            if arguments.against is not None:
                postgres(f'CREATE DATABASE "{other_database}"')
                other_env = {**server_env(other_database, "other"), "PYTHONPATH": str(arguments.against)}
                other_port = free_port()
                other = start_server(other_env, other_port, None)
            for attempt in range(arguments.repeat):
                base_seconds = baseline(csv_path, database, endpoint, attempt)
                if other is not None and attempt % 2:
                    others.append(upload(other_port, csv_path, f"bench_{attempt}")[0])
                seconds, body = upload(port, csv_path, f"bench_{attempt}")
                if other is not None and not attempt % 2:
                    others.append(upload(other_port, csv_path, f"bench_{attempt}")[0])
                pairs.append((base_seconds, seconds))
            peak = peak_rss_mb(server.pid)
            other_peak = peak_rss_mb(other.pid) if other is not None else None
        finally:
            if server is not None:
                # py-spy writes its stacks on SIGINT, which the server takes as a shutdown too.
                server.send_signal(signal.SIGINT if arguments.profile else signal.SIGTERM)
                server.wait(timeout=30)
            if other is not None:
                other.terminate()
                other.wait(timeout=30)
            moto.stop()
            postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            postgres(f'DROP DATABASE IF EXISTS "{other_database}" WITH (FORCE)')
    ratios = sorted(seconds / base for base, seconds in pairs)
    base_seconds = statistics.median(base for base, _ in pairs)
    seconds = statistics.median(upload for _, upload in pairs)
    print(f"file: {rows:,} rows, {size_mb:.1f} MB; {len(pairs)} interleaved pairs, medians")
    print(
        f"baseline (psql \\copy + boto3 upload): {rows / base_seconds:,.0f} rows/s, "
        f"{size_mb / base_seconds:.1f} MB/s"
    )
    print(f"ingesta full HTTP upload:             {rows / seconds:,.0f} rows/s, {size_mb / seconds:.1f} MB/s")
    print(
        f"upload time / baseline time: {statistics.median(ratios):.2f}x median "
        f"({ratios[0]:.2f}-{ratios[-1]:.2f}x) (target <= 2x)"
    )
    print(f"server peak RSS: {peak:.0f} MB (target < 300 MB for a 1 GB file)")
    if others:
        theirs = sorted(other / base for (base, _), other in zip(pairs, others, strict=True))
        mine = sorted(seconds / other for (_, seconds), other in zip(pairs, others, strict=True))
        print(
            f"{arguments.against}: {statistics.median(theirs):.2f}x the baseline's time median "
            f"({theirs[0]:.2f}-{theirs[-1]:.2f}x), peak RSS {other_peak:.0f} MB; this code's time / its "
            f"time: {statistics.median(mine):.2f} median ({mine[0]:.2f}-{mine[-1]:.2f})"
        )
    print(f"status: {body.get('status')}, rows: {body.get('rows')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
