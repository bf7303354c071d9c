"""`ingesta serve` started as a real process over a temporary SQLite file and object directory."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.ingesta_process import Server, clean_environment, ingesta_command, run_ingesta

UPLOADER = "ana"
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class LiveService:
    url: str
    environment: dict[str, str]
    username: str = UPLOADER
    password: str = PASSWORD


def ingesta(*arguments: str) -> list[str]:
    return [*ingesta_command(), *arguments]


@contextmanager
def live_service(folder: Path, **settings: str) -> Iterator[LiveService]:
    """An uploader account and a running service; `settings` are extra INGESTA_* variables."""
    folder.mkdir(parents=True, exist_ok=True)
    environment = clean_environment(
        folder,
        INGESTA_ENV="development",
        INGESTA_JWT_SECRET=secrets.token_urlsafe(48),
        INGESTA_CREATE_DEMO_USER="false",
        INGESTA_LOGIN_RATE_LIMIT="1000/minute",
        INGESTA_ACCOUNT_LOGIN_RATE_LIMIT="1000/minute",
        INGESTA_AI_PROVIDER="none",
        **settings,
    )
    created = run_ingesta(
        "users", "create", UPLOADER, "--role", "uploader", "--password-stdin",
        environment=environment, cwd=folder, stdin=PASSWORD,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    server = Server(environment=environment, cwd=folder)
    try:
        server.wait_until_healthy()
        yield LiveService(url=server.url, environment=environment)
    finally:
        server.stop()
