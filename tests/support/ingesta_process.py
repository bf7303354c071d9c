"""Running the `ingesta` command as a real process, with an environment of the test's own."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx


def ingesta_command() -> list[str]:
    script = Path(sys.executable).with_name("ingesta")
    return [str(script)] if script.exists() else [sys.executable, "-m", "entrypoints.cli.main"]


def clean_environment(directory: Path, **extra: str) -> dict[str, str]:
    """The parent's environment minus INGESTA_* variables, plus a database and object store in `directory`."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("INGESTA_")}
    environment |= {
        "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{directory / 'ingesta.sqlite3'}",
        "INGESTA_OBJECT_STORE_URL": f"file://{directory / 'objects'}",
        "PYTHONUNBUFFERED": "1",
    }
    return environment | extra


def run_ingesta(
    *arguments: str, environment: dict[str, str], cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ingesta_command(), *arguments],
        input=stdin,
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class IngestaProcess:
    """An `ingesta` command in its own process group; `output` collects what it prints."""

    stop_grace_seconds = 15.0

    def __init__(self, *arguments: str, environment: dict[str, str], cwd: Path) -> None:
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [*ingesta_command(), *arguments],
            env=environment,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        # Drained continuously so a chatty process never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it is still running after `stop_grace_seconds`."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=self.stop_grace_seconds)
            except subprocess.TimeoutExpired:
                self.kill()


class Server(IngestaProcess):
    """`ingesta serve` on a free port of its own."""

    def __init__(self, *arguments: str, environment: dict[str, str], cwd: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__("serve", "--port", str(self.port), *arguments, environment=environment, cwd=cwd)

    def wait_until_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"ingesta serve exited early:\n{''.join(self.output)}")
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"ingesta serve did not become healthy:\n{''.join(self.output)}")
