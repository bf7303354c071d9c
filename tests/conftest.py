"""Fixtures shared by every tier: real services on loopback, skipped with a reason where absent.

In CI (`CI=true`) PostgreSQL must answer: a missing PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.tiers_plugin import is_unit_tier

TESTS = Path(__file__).parent
# Unit tests live in tests/unit only (tests/unit/test_tiers.py checks it), so `-m unit` need not import
# the other tiers' modules: some build an app or a Hypothesis schema at import, seconds of collection.
OTHER_TIERS = frozenset({TESTS / "integration", TESTS / "performance"})

POSTGRES_ADMIN_URL = os.environ.get("INGESTA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if is_unit_tier(config.option.markexpr) and collection_path in OTHER_TIERS:
        return True
    return None


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _postgres_admin(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    name = f"ingesta_test_{secrets.token_hex(6)}"
    try:
        asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    except (TimeoutError, OSError, Exception) as error:
        reason = f"PostgreSQL at {POSTGRES_ADMIN_URL} is not reachable: {error}"
        if _in_ci():
            pytest.fail(f"{reason} (CI requires PostgreSQL)")
        pytest.skip(reason)
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    yield f"{base}/{name}"
    asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _docker_available() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="session")
def mssql_url() -> Iterator[str]:
    """A SQL Server from INGESTA_TEST_MSSQL_URL, or a testcontainers one where Docker runs."""
    url = os.environ.get("INGESTA_TEST_MSSQL_URL")
    if url:
        yield url
        return
    if not _docker_available():
        pytest.skip(
            "SQL Server tests need INGESTA_TEST_MSSQL_URL or a running Docker engine; neither is here"
        )
    from testcontainers.mssql import SqlServerContainer

    with SqlServerContainer("mcr.microsoft.com/mssql/server:2022-latest", dialect="mssql+pyodbc") as server:
        sync_url = server.get_connection_url()
        yield sync_url.replace("mssql+pyodbc", "mssql+aioodbc") + "?driver=ODBC+Driver+18+for+SQL+Server"


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # type: ignore[no-untyped-def]
    return f"sqlite+aiosqlite:///{tmp_path / 'ingesta.sqlite3'}"


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file at the head migration, made once per session: Alembic is slow to run per test."""
    from sqlalchemy.ext.asyncio import create_async_engine

    from adapters.sql.migrate import upgrade_database

    path = tmp_path_factory.mktemp("template") / "ingesta.sqlite3"

    async def migrate() -> None:
        engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await upgrade_database(engine)
        finally:
            await engine.dispose()

    asyncio.run(migrate())
    return path


@pytest.fixture
def migrated_sqlite_url(tmp_path: Path, migrated_sqlite_template: Path) -> str:
    """A test's own copy of the migrated template; pair it with `create_app(prepare=no_preparation)`."""
    path = tmp_path / "migrated" / "ingesta.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(migrated_sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgres", "mssql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """The same test against each supported database; each skips with its reason where absent."""
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A real S3-protocol server (moto in server mode) on a free loopback port; talk to it over HTTP."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials so boto3 signs requests to the local S3 server and never looks elsewhere."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
