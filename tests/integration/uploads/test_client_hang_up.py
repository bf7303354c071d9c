"""A real `ingesta serve`: an upload whose client hangs up is stopped, not processed for nobody."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from tests.support.ingesta_process import Server, clean_environment, run_ingesta

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    environment = clean_environment(tmp_path, INGESTA_ENV="test", INGESTA_CREATE_DEMO_USER="false")
    created = run_ingesta(
        "users", "create", "alice", "--role", "uploader", "--password-stdin",
        environment=environment, cwd=tmp_path, stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    server = Server(environment=environment, cwd=tmp_path)
    try:
        server.wait_until_healthy()
        yield server
    finally:
        server.stop()


def uploads(server: Server, token: str) -> list[dict[str, Any]]:
    page = httpx.get(f"{server.url}/uploads", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    return list(page.json()["items"])


def wait_for(condition: Any, seconds: float = 60) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.1)
    raise AssertionError("the condition did not come true in time")


def test_an_upload_is_stopped_and_recorded_as_interrupted_when_its_client_hangs_up(server: Server) -> None:
    credentials = {"username": "alice", "password": PASSWORD}
    token = httpx.post(f"{server.url}/auth/login", json=credentials, timeout=10).json()["access_token"]
    # Large enough that validating and loading it takes seconds: the hang-up comes while it is processed.
    rows = b"".join(b"%d,name %d,%d.5\n" % (n, n, n) for n in range(1_000_000))
    request = httpx.Request(
        "POST",
        f"{server.url}/uploads",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": ("big.csv", b"id,name,amount\n" + rows, "text/csv")},
        data={"dataset": "big"},
    )
    head = f"POST /uploads HTTP/1.1\r\nHost: {urlsplit(server.url).netloc}\r\n"
    fields = [(name, value) for name, value in request.headers.items() if name.lower() != "host"]
    head += "".join(f"{name}: {value}\r\n" for name, value in fields)
    with socket.create_connection(("127.0.0.1", server.port)) as client:
        client.sendall(head.encode() + b"\r\n" + request.read())
        started = wait_for(lambda: [u for u in uploads(server, token) if u["status"] == "received"])
    # The connection is closed: nobody will read the answer.

    ended = wait_for(lambda: [u for u in uploads(server, token) if u["status"] != "received"])

    assert [u["id"] for u in ended] == [started[0]["id"]]
    # Listings carry summaries; the failure's reason is in the upload's own resource.
    upload = httpx.get(
        f"{server.url}/uploads/{ended[0]['id']}", headers={"Authorization": f"Bearer {token}"}, timeout=10
    ).json()
    assert upload["status"] == "failed" and "interrupted" in upload["failure"]
