"""The app's container over in-memory fakes: no database file, no migration, no Argon2 per test."""

from __future__ import annotations

from dependency_injector import providers
from tests.support.auth_fakes import (
    FakePasswordHasher,
    InMemoryRateLimiter,
    InMemoryRevocationStore,
    InMemoryUserRepository,
)
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository

from entrypoints.container import Container


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
    return fakes
