"""`ingesta upload` as a real process following a job: Ctrl-C asks the service to cancel it, says so in a
line, waits for the outcome and prints it; nothing of the file is loaded."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.integration.web.live_service import LiveService, ingesta, live_service

pytestmark = pytest.mark.integration

# Large enough that its validation lasts a few seconds here, so the command is still following it.
MANY = "id,amount\n" + "".join(f"{i},{i * 10}\n" for i in range(1, 400_001))


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    # Every upload above 1 kB is a job, as a 64 MiB one would be by default.
    with live_service(tmp_path_factory.mktemp("cli-cancel"), INGESTA_ASYNC_THRESHOLD_BYTES="1000") as running:
        yield running


def test_ctrl_c_while_following_a_job_cancels_it(service: LiveService, tmp_path: Path) -> None:
    login = {"username": service.username, "password": service.password}
    token = str(httpx.post(f"{service.url}/auth/login", json=login).json()["access_token"])
    path = tmp_path / "many.csv"
    path.write_text(MANY)
    command = ingesta("upload", str(path), "--dataset", "cancelled_cli", "--url", service.url, "--lang", "en")
    process = subprocess.Popen(
        command,
        env={**service.environment, "INGESTA_TOKEN": token},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()  # the first progress line: the job is being followed
        process.send_signal(signal.SIGINT)
        rest_out, rest_err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    said = first + rest_err
    assert "Ctrl-C: asking the service to cancel upload" in said, said
    assert "upload " in rest_out and ": cancelled into cancelled_cli" in rest_out, rest_out
    assert process.returncode == 130  # cancelled on purpose, not refused (1)
    datasets = httpx.get(f"{service.url}/datasets", headers={"Authorization": f"Bearer {token}"})
    assert datasets.status_code == 200 and "cancelled_cli" not in datasets.text
