"""A real app over a copy of a migrated SQLite file and an object directory, driven like a browser.

One app serves the whole session (once per xdist worker; building it was most of a web test's cost);
each test still gets its own database copy, fresh singletons over it, three accounts and a browser
without cookies, and whatever it overrides in the container is undone after it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.auth_fakes import FakePasswordHasher
from tests.support.fake_app import clean_client, no_preparation, own_turn
from tests.unit.entrypoints.web.web_browser import PASSWORD, Browser

from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Container]]:
    yield from serve(tmp_path_factory)


def serve(
    tmp_path_factory: pytest.TempPathFactory, **own_settings: str
) -> Iterator[tuple[TestClient, Container]]:
    """The app the web tests drive; a module that needs settings of its own (e.g. a small upload limit)
    overrides `served` with a module-scoped fixture that passes them here."""
    folder = tmp_path_factory.mktemp("web")
    settings = load_settings(
        {
            # Each test swaps in its own engine (see web_app); this file is never opened.
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'ingesta.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_ACCOUNT_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_AI_PROVIDER": "none",
            **own_settings,
        }
    )
    container = build_container(settings)
    # These tests are about the pages, not about password hashing cost.
    container.password_hasher.override(providers.Object(FakePasswordHasher()))
    with TestClient(create_app(settings, container, prepare=no_preparation)) as client:
        yield client, container


@pytest.fixture
def web_app(
    served: tuple[TestClient, Container], migrated_sqlite_url: str
) -> Iterator[tuple[TestClient, Container]]:
    client, container = served
    with own_turn(container, client.blocking_portal, migrated_sqlite_url), clean_client(client):
        create_user = container.create_user()

        async def accounts() -> None:
            for name, role in (("ana", Role.UPLOADER), ("bea", Role.UPLOADER), ("root", Role.ADMIN)):
                await create_user(username=name, password=PASSWORD, role=role)

        client.blocking_portal.call(accounts)
        yield client, container


@pytest.fixture
def browser(web_app: tuple[TestClient, Container]) -> Browser:
    return Browser(*web_app)
