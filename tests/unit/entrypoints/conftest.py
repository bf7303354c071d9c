"""The upload API's app, built once per test session (API and language tests; once per xdist worker).

`api` in test_upload_http gives each test fresh fakes over it, and undoes whatever the test overrode.
`job_app` is one app per module with its embedded worker running; `job_turn` is a test's turn on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from tests.support.fake_app import clean_client, fakes_turn, no_preparation, worker_app

from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings


@pytest.fixture(scope="session")
def upload_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Container]]:
    folder = tmp_path_factory.mktemp("upload-api")
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
            "INGESTA_MAX_UPLOAD_BYTES": "4096",
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_ACCOUNT_LOGIN_RATE_LIMIT": "1000/minute",
        }
    )
    container = build_container(settings)
    with TestClient(create_app(settings, container, prepare=no_preparation)) as client:
        yield client, container


@pytest.fixture(scope="module")
def job_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Container]]:
    """One app per module whose tests run uploads as jobs (`worker_app`), instead of one per test."""
    with worker_app(tmp_path_factory.mktemp("job-app")) as app:
        yield app


@pytest.fixture
def job_turn(job_app: tuple[TestClient, Container]) -> Iterator[tuple[TestClient, Container]]:
    """A test's turn on its module's `job_app`: fresh fakes, and its overrides, cookies and headers undone."""
    client, container = job_app
    with fakes_turn(container), clean_client(client):
        yield client, container
