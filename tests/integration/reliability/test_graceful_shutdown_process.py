"""SIGTERM during a long upload: the service waits its grace period, then fails the upload cleanly."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from pathlib import Path

import httpx
import pytest
from tests.integration.reliability.test_interrupted_upload_process import big_csv, demo_token, upload_states
from tests.support.ingesta_process import Server, clean_environment

pytestmark = pytest.mark.integration

GRACE_SECONDS = 1


def test_sigterm_mid_upload_fails_the_upload_after_the_grace_period(tmp_path: Path) -> None:
    environment = clean_environment(
        tmp_path, INGESTA_SHUTDOWN_GRACE_SECONDS=str(GRACE_SECONDS), INGESTA_AI_ENRICHMENT="false"
    )
    server = Server(environment=environment, cwd=tmp_path)
    try:
        server.wait_until_healthy()
        token = demo_token(server)
        content = big_csv()
        answers: list[int] = []

        def send() -> None:
            with contextlib.suppress(httpx.HTTPError):
                response = httpx.post(
                    f"{server.url}/uploads",
                    headers={"Authorization": f"Bearer {token}"},
                    files={"file": ("big.csv", content, "text/csv")},
                    data={"dataset": "big"},
                    timeout=300,
                )
                answers.append(response.status_code)

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        deadline = time.monotonic() + 60
        while not upload_states(tmp_path / "ingesta.sqlite3") and time.monotonic() < deadline:
            time.sleep(0.02)
        server.process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        server.process.wait(timeout=120)
        stopped_after = time.monotonic() - started
        sender.join(timeout=30)
    finally:
        server.stop()

    [(_, status, failure, _)] = upload_states(tmp_path / "ingesta.sqlite3")
    assert (status, failure) == ("failed", "the upload was interrupted; no row was kept"), "".join(
        server.output
    )
    assert 201 not in answers
    # The load alone takes several times the grace period; stopping is bounded by the grace, not the load.
    assert stopped_after < 30 * GRACE_SECONDS, "".join(server.output)
