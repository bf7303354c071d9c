"""The app over a temporary SQLite file, with a FixedClock the test can move."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.auth_fakes import FixedClock
from tests.unit.entrypoints.auth.auth_api import SECRET, Api

from entrypoints.api.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import load_settings


@pytest.fixture
def environ(tmp_path: Path) -> dict[str, str]:
    return {
        "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ingesta.sqlite3'}",
        "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
        "INGESTA_JWT_SECRET": SECRET,
    }


@pytest.fixture
def clock() -> FixedClock:
    # Tokens are checked against the real time by PyJWT, so the test clock starts a little in the past
    # and can be moved forward up to the present without making tokens "not yet valid".
    return FixedClock(datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=300))


@pytest.fixture
def make_api(environ: dict[str, str], clock: FixedClock) -> Iterator[Callable[..., Api]]:
    clients: list[TestClient[Any]] = []

    def make(**overrides: str) -> Api:
        settings = load_settings({**environ, **overrides})
        container = build_container(settings)
        container.clock.override(providers.Object(clock))
        client = TestClient(create_app(settings, container), raise_server_exceptions=False)
        clients.append(client.__enter__())
        return Api(client=client, container=container, clock=clock)

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def api(make_api: Callable[..., Api]) -> Api:
    return make_api()
