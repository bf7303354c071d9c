"""An in-process MCP server over in-memory fakes, and tokens minted with the container's own codec."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dependency_injector import providers
from tests.support.auth_fakes import InMemoryRevocationStore
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository

from domain.auth.role import Role
from entrypoints.container import Container, build_container
from entrypoints.settings import load_settings

SECRET = "unit-test-secret-for-the-mcp-server-0123456789"
MAX_UPLOAD_BYTES = 4096

MintToken = Callable[..., str]


@pytest.fixture
def uploads() -> InMemoryUploadRepository:
    return InMemoryUploadRepository()


@pytest.fixture
def datasets(uploads: InMemoryUploadRepository) -> InMemoryDatasetStore:
    return InMemoryDatasetStore(uploads)


@pytest.fixture
def revocations() -> InMemoryRevocationStore:
    return InMemoryRevocationStore()


@pytest.fixture
def container(
    tmp_path: Path,
    uploads: InMemoryUploadRepository,
    datasets: InMemoryDatasetStore,
    revocations: InMemoryRevocationStore,
) -> Container:
    settings = load_settings(
        {
            "INGESTA_JWT_SECRET": SECRET,
            "INGESTA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'unused.sqlite3'}",
            "INGESTA_OBJECT_STORE_URL": f"file://{tmp_path / 'objects'}",
            "INGESTA_MAX_UPLOAD_BYTES": str(MAX_UPLOAD_BYTES),
        }
    )
    container = build_container(settings)
    container.uploads.override(providers.Object(uploads))
    container.datasets.override(providers.Object(datasets))
    container.objects.override(providers.Object(InMemoryObjectStore()))
    container.revocations.override(providers.Object(revocations))
    return container


@pytest.fixture
def mint(container: Container) -> MintToken:
    """A signed token for `user_id` with `role`, issued at `now` (default: this moment)."""

    def mint_token(user_id: str, role: Role, *, now: datetime | None = None, sid: str = "session-1") -> str:
        claims = container.token_policy().issue(
            user_id=user_id, role=role, now=now or datetime.now(UTC), jti=f"jti-{user_id}-{sid}", sid=sid
        )
        return container.token_codec().encode(claims)

    return mint_token


def integers_with_one_bad_value(rows: int = 40) -> bytes:
    """A file whose `amount` column is clearly integer, with one value that is not a number."""
    lines = ["id,amount"] + [f"{n},{n * 10}" for n in range(1, rows + 1)] + [f"{rows + 1},not-a-number"]
    return ("\n".join(lines) + "\n").encode()
