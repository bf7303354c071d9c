"""The app over a copy of a migrated SQLite file, with a FixedClock the test can move.

Passwords are hashed by a fake: these tests are about tokens and accounts, and Argon2 (kept in the
adapter's own tests and the integration tier) was most of their cost.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.auth_fakes import FakePasswordHasher, FixedClock
from tests.support.fake_app import clean_client, no_preparation, own_turn
from tests.unit.entrypoints.auth.auth_api import SECRET, Api

from entrypoints.api.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import load_settings


def environ_for(folder: Path, database_url: str) -> dict[str, str]:
    return {
        "INGESTA_DATABASE_URL": database_url,
        "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
        "INGESTA_JWT_SECRET": SECRET,
    }


@pytest.fixture
def environ(tmp_path: Path, migrated_sqlite_url: str) -> dict[str, str]:
    return environ_for(tmp_path, migrated_sqlite_url)


def a_clock() -> FixedClock:
    # Tokens are checked against the real time by PyJWT, so the test clock starts a little in the past
    # and can be moved forward up to the present without making tokens "not yet valid".
    return FixedClock(datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=300))


@pytest.fixture
def clock() -> FixedClock:
    return a_clock()


def start_api(environ: dict[str, str], clock: FixedClock) -> Api:
    settings = load_settings(environ)
    container = build_container(settings)
    container.clock.override(providers.Object(clock))
    container.password_hasher.override(providers.Object(FakePasswordHasher()))
    app = create_app(settings, container, prepare=no_preparation)
    client = TestClient(app, raise_server_exceptions=False)
    client.__enter__()
    return Api(client=client, container=container, clock=clock)


@pytest.fixture
def make_api(environ: dict[str, str], clock: FixedClock) -> Iterator[Callable[..., Api]]:
    apis: list[Api] = []

    def make(**overrides: str) -> Api:
        apis.append(start_api({**environ, **overrides}, clock))
        return apis[-1]

    yield make
    for api in apis:
        api.client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_api(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite_template: Path) -> Iterator[Api]:
    """One app for a module whose tests only send requests that are refused or log in as a guest.

    Building an app per test was most of the cost of such modules; nothing they do changes its state
    beyond what the generous login limit absorbs.
    """
    folder = tmp_path_factory.mktemp("shared-api")
    shutil.copyfile(migrated_sqlite_template, folder / "ingesta.sqlite3")
    environ = environ_for(folder, f"sqlite+aiosqlite:///{folder / 'ingesta.sqlite3'}")
    api = start_api({**environ, "INGESTA_LOGIN_RATE_LIMIT": "10000/minute"}, a_clock())
    yield api
    api.client.__exit__(None, None, None)


@pytest.fixture(scope="session")
def served_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """The app behind `api`, built once per session (per xdist worker): it was most of a test's cost."""
    folder = tmp_path_factory.mktemp("served-api")
    api = start_api(environ_for(folder, f"sqlite+aiosqlite:///{folder / 'unused.sqlite3'}"), a_clock())
    yield api
    api.client.__exit__(None, None, None)


@pytest.fixture
def api(served_api: Api, migrated_sqlite_url: str, clock: FixedClock) -> Iterator[Api]:
    """The default app: shared by the module, with this test's own database and clock."""
    container, client = served_api.container, served_api.client
    with own_turn(container, client.blocking_portal, migrated_sqlite_url), clean_client(client):
        container.clock.override(providers.Object(clock))
        yield Api(client=client, container=container, clock=clock)
