"""/ready asks its dependencies at once: a silent one costs its own timeout, not the sum of all."""

from __future__ import annotations

import asyncio

import pytest
from dependency_injector import providers
from tests.unit.entrypoints.auth.auth_api import PASSWORD, Api, bearer

from application.errors import ObjectStoreUnavailable
from domain.auth.role import Role

pytestmark = pytest.mark.unit


def test_probes_run_concurrently_and_each_reports_its_own_outcome(api: Api) -> None:
    started: dict[str, asyncio.Event] = {}

    def events() -> tuple[asyncio.Event, asyncio.Event]:
        # Made inside the app's event loop, on the first probe call of the request.
        if not started:
            started.update(database=asyncio.Event(), object_store=asyncio.Event())
        return started["database"], started["object_store"]

    async def database() -> None:
        mine, other = events()
        mine.set()
        await asyncio.wait_for(other.wait(), 5)  # only returns if the other probe runs meanwhile

    async def object_store() -> None:
        mine, other = events()[::-1]
        mine.set()
        await asyncio.wait_for(other.wait(), 5)
        raise ObjectStoreUnavailable("S3 head bucket failed: no answer in time")

    probes = {"database": database, "object_store": object_store}
    api.container.readiness_probes.override(providers.Object(probes))

    api.create_account("root", Role.ADMIN)
    admin = bearer(api.log_in(username="root", password=PASSWORD)["access_token"])
    response = api.client.get("/ready", headers=admin)  # only an admin is told the reasons

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "object_store": "S3 head bucket failed: no answer in time",
    }
