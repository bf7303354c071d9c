from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from tests.support.ingesta_process import Server, clean_environment

pytestmark = pytest.mark.integration


def answers_by_worker(
    server: Server, token: str, *, workers: int = 2, timeout: float = 60
) -> dict[str, set[int]]:
    """GET /auth/me on fresh connections until `workers` distinct worker pids have answered.

    /health on the same keep-alive connection first tells which worker holds that connection.
    """
    answers: dict[str, set[int]] = {}
    deadline = time.monotonic() + timeout
    while len(answers) < workers and time.monotonic() < deadline:
        with httpx.Client(base_url=server.url, timeout=5) as connection:
            worker = connection.get("/health").json()["checks"]["worker"]
            status = connection.get("/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code
        answers.setdefault(worker, set()).add(status)
    assert len(answers) == workers, f"only workers {sorted(answers)} answered within {timeout}s"
    return answers


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start(*arguments: str, **environment: str) -> Server:
        server = Server(*arguments, environment=clean_environment(tmp_path, **environment), cwd=tmp_path)
        servers.append(server)
        server.wait_until_healthy()
        return server

    yield start
    for server in servers:
        server.stop()


def test_two_workers_share_the_generated_secret_and_the_revocations(serve: Callable[..., Server]) -> None:
    # No INGESTA_JWT_SECRET: the parent generates one and must hand it to both workers.
    server = serve("--workers", "2", INGESTA_CREATE_DEMO_USER="false")
    token = httpx.post(f"{server.url}/auth/login", timeout=10).json()["access_token"]

    before_logout = answers_by_worker(server, token)
    assert all(statuses == {200} for statuses in before_logout.values()), before_logout

    logout = httpx.post(f"{server.url}/auth/logout", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert logout.status_code == 204

    after_logout = answers_by_worker(server, token)
    assert all(statuses == {401} for statuses in after_logout.values()), after_logout
    assert "generated for this run" in "".join(server.output)


def test_serve_prints_the_demo_password_and_it_logs_in_as_uploader(serve: Callable[..., Server]) -> None:
    server = serve()
    printed = re.search(
        r"created the account 'demo' \(role uploader\) with password: (\S+)", "".join(server.output)
    )
    assert printed, "".join(server.output)

    response = httpx.post(
        f"{server.url}/auth/login", json={"username": "demo", "password": printed.group(1)}, timeout=10
    )

    assert response.status_code == 200, response.text
    assert response.json()["role"] == "uploader"
