"""A real app over a copy of a migrated SQLite file and an object directory, driven like a browser."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.auth_fakes import FakePasswordHasher
from tests.support.fake_app import no_preparation
from tests.unit.entrypoints.web.web_browser import PASSWORD, Browser

from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings


@pytest.fixture
def web_app(tmp_path: Path, migrated_sqlite_url: str) -> Iterator[tuple[TestClient, Container]]:
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": migrated_sqlite_url,
            "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_ACCOUNT_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_AI_PROVIDER": "none",
        }
    )
    container = build_container(settings)
    # These tests are about the pages, not about password hashing cost.
    container.password_hasher.override(providers.Object(FakePasswordHasher()))
    with TestClient(create_app(settings, container, prepare=no_preparation)) as client:
        for name, role in (("ana", Role.UPLOADER), ("bea", Role.UPLOADER), ("root", Role.ADMIN)):
            asyncio.run(container.create_user()(username=name, password=PASSWORD, role=role))
        yield client, container


@pytest.fixture
def browser(web_app: tuple[TestClient, Container]) -> Browser:
    return Browser(*web_app)
