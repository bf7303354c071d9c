"""Full disks answer 507 problem+json naming which storage is full; /ready reports low free space."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from dependency_injector import providers
from litestar.datastructures import UploadFile
from litestar.testing import TestClient
from tests.support.auth_fakes import FakePasswordHasher
from tests.support.fake_app import no_preparation

from domain.auth.role import Role
from entrypoints.api.app import create_app
from entrypoints.api.streamed_form import HashingSpool
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery staple"
CSV = b"id,name\n1,Ana\n2,Luis\n"


class Api:
    def __init__(self, client: TestClient, container: Container) -> None:
        self.client = client
        self.container = container

    def token(self, username: str) -> str:
        answer = self.client.post("/auth/login", json={"username": username, "password": PASSWORD}).json()
        return str(answer["access_token"])

    def upload(self) -> object:
        token = {"access_token": self.token("ana")}
        return self.client.post(
            "/uploads",
            headers={"Authorization": f"Bearer {token['access_token']}"},
            files={"file": ("a.csv", CSV, "text/csv")},
            data={"dataset": "people"},
        )


@pytest.fixture
def api(tmp_path: Path, migrated_sqlite_url: str) -> Iterator[Api]:
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": migrated_sqlite_url,
            "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
            "INGESTA_MIN_FREE_DISK_BYTES": str(50 * 1024**2),
            "INGESTA_AI_ENRICHMENT": "false",
        }
    )
    container = build_container(settings)
    # These tests are about full disks, not about the cost of hashing a password.
    container.password_hasher.override(providers.Object(FakePasswordHasher()))
    app = create_app(settings, container, prepare=no_preparation)
    with TestClient(app, raise_server_exceptions=False) as client:
        import asyncio

        asyncio.run(container.create_user()(username="ana", password=PASSWORD, role=Role.UPLOADER))
        asyncio.run(container.create_user()(username="root", password=PASSWORD, role=Role.ADMIN))
        yield Api(client, container)


def no_space(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def assert_insufficient_storage(response: object, fragment: str) -> None:
    assert response.status_code == 507, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == 507 and fragment in body["detail"], body
    assert "Traceback" not in response.text  # type: ignore[attr-defined]


def test_a_full_spool_folder_is_507_saying_the_server_cannot_receive_the_file(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Litestar's spool (web form) and the API's own streamed spool both write into the temporary folder.
    monkeypatch.setattr(UploadFile, "write", no_space)
    monkeypatch.setattr(HashingSpool, "_store", no_space)

    assert_insufficient_storage(api.upload(), "temporary folder")


def test_a_full_local_object_store_is_507_and_nothing_is_loaded(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", no_space)

    assert_insufficient_storage(api.upload(), "object store")
    assert api.client.get("/datasets/people").status_code in {401, 403, 404}


def test_ready_reports_each_folder_short_of_free_space(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    assert api.client.get("/ready").status_code == 200

    monkeypatch.setattr(shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(10**9, 10**9 - 1024, 1024))  # type: ignore[attr-defined]
    # The reasons name folders: only an admin is told them (everyone else reads "unavailable").
    response = api.client.get("/ready", headers={"Authorization": f"Bearer {api.token('root')}"})

    assert response.status_code == 503
    checks = response.json()["checks"]
    for probe in ("spool_disk", "object_store_disk", "database_disk"):
        assert "free" in checks[probe] and "INGESTA_MIN_FREE_DISK_BYTES" in checks[probe], checks
    assert checks["database"] == "ok"
