"""`ingesta serve` started as a real process over a temporary SQLite file and object directory."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

UPLOADER = "ana"
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class LiveService:
    url: str
    environment: dict[str, str]
    username: str = UPLOADER
    password: str = PASSWORD


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ingesta(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "entrypoints.cli.main", *arguments]


@contextmanager
def live_service(folder: Path, **settings: str) -> Iterator[LiveService]:
    """`settings` are extra INGESTA_* variables, e.g. INGESTA_ACCESS_TOKEN_TTL_SECONDS="8"."""
    # Only this test's settings: nothing inherited from the developer's INGESTA_* variables.
    environment = {name: value for name, value in os.environ.items() if not name.startswith("INGESTA_")}
    environment.update(
        INGESTA_ENV="development",
        INGESTA_DATABASE_URL=f"sqlite+aiosqlite:///{folder / 'ingesta.sqlite3'}",
        INGESTA_OBJECT_STORE_URL=f"file://{folder / 'objects'}",
        INGESTA_JWT_SECRET=secrets.token_urlsafe(48),
        INGESTA_CREATE_DEMO_USER="false",
        INGESTA_LOGIN_RATE_LIMIT="1000/minute",
        INGESTA_AI_PROVIDER="none",
    )
    environment.update(settings)
    subprocess.run(
        ingesta("users", "create", UPLOADER, "--role", "uploader", "--password-stdin"),
        input=PASSWORD,
        text=True,
        env=environment,
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = _free_port()
    log = (folder / "serve.log").open("w")
    process = subprocess.Popen(
        ingesta("serve", "--port", str(port)), env=environment, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, folder / "serve.log")
        yield LiveService(url=url, environment=environment)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ingesta serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"ingesta serve did not answer within 60 s:\n{log.read_text()}")
