"""Login benchmark: anonymous `POST /auth/login` on real `ingesta serve` processes, against a hello-world
Litestar route served the same way, all on loopback, ratios taken in the same run.

Servers: the hello-world app and `ingesta serve` on the embedded SQLite database and with Redis, each with
1 and 2 workers. A load generator in its own process (wrk when installed, else an asyncio client) drives
each in turn, round after round, so a busy machine slows every one of them alike; the median of the rounds
is kept. Prints req/s and two ratios:

- login ÷ hello-world, 1 worker (the cost of a login against the least a Litestar route costs);
- login with 2 workers ÷ 1 worker (whether a second worker adds logins or only contention).

    python bench/login_bench.py [--seconds 4] [--rounds 3] [--redis redis://127.0.0.1:6379/11]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
CONNECTIONS = 32
# One client, many requests: the limit is raised so every answer is a login, not a 429 (which is cheaper).
RATE_LIMIT = "100000000/minute"


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    method: str = "POST"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            if httpx.post(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@contextmanager
def running(command: list[str], env: dict[str, str], url: str) -> Iterator[None]:
    # A process group of its own, so stopping it stops uvicorn's workers too.
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_until_up(url, process)
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def ingesta_env(folder: Path, redis_url: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("INGESTA_")}
    env.update(
        INGESTA_ENV="development",
        INGESTA_DATABASE_URL=f"sqlite+aiosqlite:///{folder}/ingesta.sqlite3",
        INGESTA_OBJECT_STORE_URL=f"file://{folder}/objects",
        INGESTA_JWT_SECRET=secrets.token_urlsafe(48),
        INGESTA_CREATE_DEMO_USER="false",
        INGESTA_LOGIN_RATE_LIMIT=RATE_LIMIT,
        INGESTA_LOG_FORMAT="json",
    )
    if redis_url:
        env["INGESTA_REDIS_URL"] = redis_url
    return env


def start_servers(stack: ExitStack, folder: Path, redis_url: str | None, workers: list[int]) -> list[Target]:
    targets: list[Target] = []
    for count in workers:
        port = free_port()
        url = f"http://127.0.0.1:{port}/hello"
        command = [sys.executable, str(BENCH / "hello_app.py"), str(port), str(count)]
        stack.enter_context(running(command, dict(os.environ), url))
        targets.append(Target(f"hello-world, {count} worker(s)", url))
    stores = [("sqlite", None)] + ([("redis", redis_url)] if redis_url else [])
    for store, url_of_store in stores:
        for count in workers:
            folder_of_run = folder / f"{store}-{count}"
            folder_of_run.mkdir()
            port = free_port()
            url = f"http://127.0.0.1:{port}/auth/login"
            command = [str(BIN / "ingesta"), "serve", "--port", str(port), "--workers", str(count)]
            stack.enter_context(running(command, ingesta_env(folder_of_run, url_of_store), url))
            targets.append(Target(f"login ({store}), {count} worker(s)", url))
            if count == 1:
                # The service's lightest route: what every request costs before any login work.
                health = url.replace("/auth/login", "/health")
                targets.append(Target(f"GET /health ({store}), 1 worker(s)", health, "GET"))
    return targets


def drive_with_wrk(target: Target, seconds: float, folder: Path) -> tuple[float, int]:
    script = folder / f"{target.method}.lua"
    script.write_text(f'wrk.method = "{target.method}"\nwrk.body = ""\n')
    output = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{round(seconds)}s", "-s", str(script), target.url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    refused = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rate, int(refused.group(1)) if refused else 0


async def _hammer(method: str, host: str, port: int, path: str, deadline: float) -> tuple[int, int]:
    request = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n".encode()
    reader, writer = await asyncio.open_connection(host, port)
    done = refused = 0
    while time.monotonic() < deadline:
        writer.write(request)
        status_line = await reader.readline()
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        done += 1
        refused += not status_line.split(b" ")[1].startswith(b"2")
    writer.close()
    return done, refused


def _asyncio_client(
    method: str,
    url: str,
    seconds: float,
    results: multiprocessing.Queue,  # type: ignore[type-arg]
) -> None:
    parts = httpx.URL(url)

    async def run() -> tuple[float, int]:
        started = time.monotonic()
        counts = await asyncio.gather(
            *(
                _hammer(method, parts.host, parts.port or 80, parts.path, started + seconds)
                for _ in range(CONNECTIONS)
            )
        )
        elapsed = time.monotonic() - started
        return sum(done for done, _ in counts) / elapsed, sum(refused for _, refused in counts)

    results.put(asyncio.run(run()))


def drive_with_asyncio(target: Target, seconds: float) -> tuple[float, int]:
    # Its own process, so the client's CPU is not the benchmark's.
    results: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    client = multiprocessing.Process(
        target=_asyncio_client, args=(target.method, target.url, seconds, results)
    )
    client.start()
    rate, refused = results.get(timeout=seconds + 60)
    client.join()
    return float(rate), int(refused)


def measure(targets: list[Target], seconds: float, rounds: int, folder: Path) -> dict[str, float]:
    use_wrk = shutil.which("wrk") is not None
    print(f"load generator: {'wrk' if use_wrk else 'asyncio client'}, {CONNECTIONS} connections")
    rates: dict[str, list[float]] = {target.name: [] for target in targets}
    for round_number in range(1, rounds + 1):
        for target in targets:
            rate, refused = (
                drive_with_wrk(target, seconds, folder) if use_wrk else drive_with_asyncio(target, seconds)
            )
            if refused:
                raise SystemExit(f"{target.name}: {refused} answers were not 2xx; the figures would be wrong")
            rates[target.name].append(rate)
        print(f"round {round_number}/{rounds} done", flush=True)
    return {name: statistics.median(values) for name, values in rates.items()}


def report(medians: dict[str, float], stores: list[str]) -> None:
    for name, rate in medians.items():
        print(f"  {name:<32} {rate:>9.0f} req/s")
    hello_1 = medians["hello-world, 1 worker(s)"]
    hello_2 = medians.get("hello-world, 2 worker(s)")
    if hello_2:
        print(f"hello-world 2 workers ÷ 1 worker: {hello_2 / hello_1:.2f}  (what this machine allows)")
    for store in stores:
        login_1 = medians[f"login ({store}), 1 worker(s)"]
        print(f"login ({store}) ÷ hello-world, 1 worker: {login_1 / hello_1:.2f}")
        health = medians[f"GET /health ({store}), 1 worker(s)"]
        print(
            f"  (Ingesta's own GET /health ÷ hello-world: {health / hello_1:.2f}; login ÷ /health: "
            f"{login_1 / health:.2f})"
        )
        login_2 = medians.get(f"login ({store}), 2 worker(s)")
        if login_2:
            print(f"login ({store}) 2 workers ÷ 1 worker: {login_2 / login_1:.2f}")


def redis_reachable(url: str) -> bool:
    parts = httpx.URL(url.replace("redis://", "http://", 1))
    try:
        with socket.create_connection((parts.host, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=4, help="load per server and round (default 4)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the median is kept (default 3)")
    parser.add_argument(
        "--redis", default=os.environ.get("INGESTA_BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
    )
    parser.add_argument("--workers", default="1,2", help="worker counts to compare (default 1,2)")
    arguments = parser.parse_args()
    redis_url = arguments.redis if redis_reachable(arguments.redis) else None
    if redis_url is None:
        print(f"Redis at {arguments.redis} is not reachable: measuring SQLite only")
    workers = [int(count) for count in arguments.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="ingesta-login-bench-") as temporary, ExitStack() as stack:
        folder = Path(temporary)
        targets = start_servers(stack, folder, redis_url, workers)
        medians = measure(targets, arguments.seconds, arguments.rounds, folder)
    print(
        f"anonymous login, {os.cpu_count()} CPUs, "
        f"median of {arguments.rounds} rounds of {arguments.seconds} s:"
    )
    report(medians, ["sqlite"] + (["redis"] if redis_url else []))


if __name__ == "__main__":
    main()
