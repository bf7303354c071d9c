"""Full upload benchmark: `ingesta serve` over HTTP into moto S3 + PostgreSQL, against a same-run baseline.

Baseline: `psql \\copy` of the file into a table plus a boto3 upload of the file to the same S3 server, the
least any service could do with it. Prints rows/s, MB/s, the ratio to the baseline and the server's peak RSS.

    python bench/upload_bench.py --rows 1000000
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import secrets
import socket
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


def baseline(csv_path: Path, database: str, endpoint: str) -> float:
    header = csv_path.open(encoding="utf-8").readline().strip().split(",")
    columns = ", ".join(f'"{name}" text' for name in header)
    postgres(f"CREATE TABLE baseline ({columns})", database)
    url = POSTGRES.rsplit("/", 1)[0] + f"/{database}"
    s3 = boto3.client("s3", endpoint_url=endpoint)
    s3.create_bucket(Bucket="baseline")
    started = time.perf_counter()
    subprocess.run(["psql", url, "-q", "-c", f"\\copy baseline FROM '{csv_path}' CSV HEADER"], check=True)
    s3.upload_file(str(csv_path), "baseline", "file.csv")
    return time.perf_counter() - started


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[str]:
    subprocess.run([str(BIN / "ingesta"), "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run(
        [str(BIN / "ingesta"), "users", "create", "bench", "--role", "uploader", "--password-stdin"],
        env=env,
        input=PASSWORD,
        text=True,
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        [str(BIN / "ingesta"), "serve", "--port", str(port)],
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


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(match.group(1)) / 1024 if match else float("nan")


def upload(port: int, csv_path: Path) -> tuple[float, dict[str, object]]:
    base = f"http://127.0.0.1:{port}"
    token = httpx.post(f"{base}/auth/login", json={"username": "bench", "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    started = time.perf_counter()
    with csv_path.open("rb") as handle:
        response = httpx.post(
            f"{base}/uploads",
            headers=headers,
            files={"file": ("bench.csv", handle, "text/csv")},
            data={"dataset": "bench", "on_error": "accept"},
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
        for key, value in {
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": endpoint,
        }.items():
            os.environ[key] = value
        postgres(f'CREATE DATABASE "{database}"')
        server = None
        try:
            base_seconds = baseline(csv_path, database, endpoint)
            boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket="ingesta")
            port = free_port()
            env = {
                **os.environ,
                "INGESTA_DATABASE_URL": POSTGRES.replace("postgresql://", "postgresql+asyncpg://").rsplit(
                    "/", 1
                )[0]
                + f"/{database}",
                "INGESTA_OBJECT_STORE_URL": "s3://ingesta/raw",
                "INGESTA_MAX_UPLOAD_BYTES": str(4 * 1024**3),
                "INGESTA_CREATE_DEMO_USER": "false",
            }
            server = start_server(env, port)
            seconds, body = upload(port, csv_path)
            peak = peak_rss_mb(server.pid)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
            moto.stop()
            postgres(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    print(f"file: {rows:,} rows, {size_mb:.1f} MB")
    print(
        f"baseline (psql \\copy + boto3 upload): {rows / base_seconds:,.0f} rows/s, "
        f"{size_mb / base_seconds:.1f} MB/s"
    )
    print(f"ingesta full HTTP upload:             {rows / seconds:,.0f} rows/s, {size_mb / seconds:.1f} MB/s")
    print(f"upload time / baseline time: {seconds / base_seconds:.2f}x (target <= 2x)")
    print(f"server peak RSS: {peak:.0f} MB (target < 300 MB for a 1 GB file)")
    print(f"status: {body.get('status')}, rows: {body.get('rows')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
