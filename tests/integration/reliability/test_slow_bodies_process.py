"""Against a real `ingesta serve`: a half-sent body is cut with 408 after the configured pause, while a
request sent at once on the same server is answered as usual."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.support.ingesta_process import Server, clean_environment

pytestmark = pytest.mark.integration

PAUSE_SECONDS = 1
# Generous: only a server that never cuts the body would take this long.
NEVER_SECONDS = 30


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    environment = clean_environment(tmp_path, INGESTA_BODY_TIMEOUT_SECONDS=str(PAUSE_SECONDS))
    server = Server(environment=environment, cwd=tmp_path)
    try:
        server.wait_until_healthy()
        yield server
    finally:
        server.stop()


def half_sent_login(port: int) -> tuple[bytes, float]:
    """Send the headers and a tenth of the promised body, then wait; the answer and how long it took."""
    with socket.create_connection(("127.0.0.1", port), timeout=NEVER_SECONDS) as sock:
        sock.sendall(
            b"POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n" + b'{"username'
        )
        started = time.monotonic()
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        return answer, time.monotonic() - started


def test_a_half_sent_body_is_cut_with_408_and_a_prompt_one_passes(server: Server) -> None:
    answer, waited = half_sent_login(server.port)

    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), answer
    assert b"application/problem+json" in head and b"too slowly" in body
    assert PAUSE_SECONDS * 0.5 <= waited < NEVER_SECONDS
    assert httpx.post(f"{server.url}/auth/login", json=None, timeout=10).status_code == 200
