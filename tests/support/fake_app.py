"""The app's container over in-memory fakes: no database file, no migration, no Argon2 per test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from anyio.from_thread import BlockingPortal
from dependency_injector import providers
from litestar.testing import TestClient
from tests.support.auth_fakes import (
    FakePasswordHasher,
    InMemoryRateLimiter,
    InMemoryRevocationStore,
    InMemoryUserRepository,
)
from tests.support.column_mapping_fakes import InMemoryColumnMappings
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.job_fakes import InMemoryUploadLeases
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository

from adapters.sql.engine import create_engine
from entrypoints.api.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings


async def no_preparation(_: Container) -> None:
    """For `create_app(prepare=...)`: nothing here is SQL, so there is nothing to migrate."""


class Fakes:
    """What `use_fakes` put in the container, for a test to arrange and to assert on."""

    def __init__(self) -> None:
        self.users = InMemoryUserRepository()
        self.hasher = FakePasswordHasher()
        self.revocations = InMemoryRevocationStore()
        self.rate_limiter = InMemoryRateLimiter()
        self.uploads = InMemoryUploadRepository()
        self.datasets = InMemoryDatasetStore()
        self.units = FakeUploadUnits(self.uploads, self.datasets)
        self.objects = InMemoryObjectStore()
        self.leases = InMemoryUploadLeases(self.uploads)
        self.column_mappings = InMemoryColumnMappings()


def use_fakes(container: Container) -> Fakes:
    """Override every stateful provider of `container` with a fresh in-memory fake."""
    fakes = Fakes()
    container.users.override(providers.Object(fakes.users))
    container.password_hasher.override(providers.Object(fakes.hasher))
    container.revocations.override(providers.Object(fakes.revocations))
    container.rate_limiter.override(providers.Object(fakes.rate_limiter))
    container.uploads.override(providers.Object(fakes.uploads))
    container.datasets.override(providers.Object(fakes.datasets))
    container.upload_units.override(providers.Object(fakes.units))
    container.objects.override(providers.Object(fakes.objects))
    container.upload_leases.override(providers.Object(fakes.leases))
    container.column_mappings.override(providers.Object(fakes.column_mappings))
    return fakes


def app_over_fakes(folder: Path, **extra: str) -> tuple[TestClient, Container]:  # type: ignore[type-arg]
    """An app (not started) over fresh fakes, its settings pointing into `folder`, `extra` added."""
    settings = load_settings(
        {
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'db.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{folder / 'objects'}",
            "INGESTA_LOGIN_RATE_LIMIT": "1000/minute",
            "INGESTA_ACCOUNT_LOGIN_RATE_LIMIT": "1000/minute",
            **extra,
        }
    )
    container = build_container(settings)
    use_fakes(container)
    return TestClient(create_app(settings, container, prepare=no_preparation)), container


@contextmanager
def worker_app(folder: Path) -> Iterator[tuple[TestClient, Container]]:  # type: ignore[type-arg]
    """An app over fakes, started with its embedded worker, for a module's tests to take turns on.

    The worker took the container's job queue when the app started, and a turn (`fakes_turn`) resets
    the singletons: the queue is pinned, so what a turn's requests queue still reaches the worker. The
    worker builds each job's use case when it takes the job, over the fakes of the turn then running.
    """
    client, container = app_over_fakes(folder)
    with client:
        container.job_queue.override(providers.Object(container.job_queue()))
        yield client, container


@contextmanager
def fakes_turn(container: Container) -> Iterator[Fakes]:
    """One test's turn on an app shared by its module, over fresh fakes (see `own_turn`)."""
    before = _override_depths(container)
    fakes = use_fakes(container)
    container.reset_singletons()
    try:
        yield fakes
    finally:
        _undo_overrides(container, before)


@contextmanager
def clean_client(client: TestClient) -> Iterator[TestClient]:
    """A client shared by many tests, for one of them: no cookie from the test before, and the headers
    it sets (say, `Accept-Language`) undone after it."""
    headers = client.headers.copy()
    client.cookies.clear()
    try:
        yield client
    finally:
        client.headers = headers
        client.cookies.clear()


def _override_depths(container: Container) -> dict[str, int]:
    return {name: len(provider.overridden) for name, provider in container.providers.items()}


def _undo_overrides(container: Container, depths: dict[str, int]) -> None:
    for name, provider in container.providers.items():
        while len(provider.overridden) > depths[name]:
            provider.reset_last_overriding()


@contextmanager
def own_turn(container: Container, portal: BlockingPortal, database_url: str) -> Iterator[None]:
    """One test's turn on an app shared by its module.

    The test gets its own database, fresh singletons over it, and every override it adds to the
    container is undone afterwards.
    """
    before = _override_depths(container)
    sql_engine = create_engine(database_url, timeouts=container.database_timeouts())
    container.sql_engine.override(providers.Object(sql_engine))
    container.reset_singletons()
    try:
        yield
    finally:
        _undo_overrides(container, before)
        portal.call(sql_engine.dispose)
