from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from tests.support.ingesta_process import clean_environment, run_ingesta

from adapters.sql.migrate import alembic_config
from application.errors import AuthenticationFailed
from entrypoints.container import build_container
from entrypoints.settings import load_settings

pytestmark = pytest.mark.integration

PASSWORD = "a long enough password"


async def log_in(environment: dict[str, str], username: str, password: str) -> str:
    container = build_container(load_settings(environment))
    try:
        issued = await container.log_in()(client="cli-test", username=username, password=password)
        return issued.role
    finally:
        await container.sql_engine().dispose()


def test_users_create_reads_the_password_from_stdin_and_the_account_logs_in(tmp_path: Path) -> None:
    environment = clean_environment(tmp_path)

    result = run_ingesta(
        "users", "create", "alice", "--role", "admin", "--password-stdin",
        environment=environment, cwd=tmp_path, stdin=PASSWORD + "\n",
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "alice" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    assert asyncio.run(log_in(environment, "alice", PASSWORD)) == "admin"
    with pytest.raises(AuthenticationFailed):
        asyncio.run(log_in(environment, "alice", PASSWORD + "x"))


def test_users_create_refuses_a_short_password_and_a_duplicate(tmp_path: Path) -> None:
    environment = clean_environment(tmp_path)
    create = ("users", "create", "bob", "--role", "uploader", "--password-stdin")

    short = run_ingesta(*create, environment=environment, cwd=tmp_path, stdin="short\n")
    first = run_ingesta(*create, environment=environment, cwd=tmp_path, stdin=PASSWORD)
    duplicate = run_ingesta(*create, environment=environment, cwd=tmp_path, stdin=PASSWORD)

    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    assert first.returncode == 0, first.stderr
    assert duplicate.returncode == 1 and "already exists" in duplicate.stderr


def test_users_create_refuses_an_unknown_role(tmp_path: Path) -> None:
    result = run_ingesta(
        "users", "create", "carol", "--role", "root", "--password-stdin",
        environment=clean_environment(tmp_path), cwd=tmp_path, stdin=PASSWORD,
    )  # fmt: skip

    assert result.returncode == 2
    assert "invalid choice: 'root'" in result.stderr


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_db_upgrade_prints_the_revision(tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" else None
    environment = clean_environment(tmp_path, **({"INGESTA_DATABASE_URL": url} if url else {}))

    first = run_ingesta("db", "upgrade", environment=environment, cwd=tmp_path)
    again = run_ingesta("db", "upgrade", environment=environment, cwd=tmp_path)

    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == again.stdout.strip() == f"database is at revision {head_revision()}"


def test_db_upgrade_of_an_unreachable_database_fails_clearly(tmp_path: Path) -> None:
    environment = clean_environment(
        tmp_path, INGESTA_DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:1/x"
    )

    result = run_ingesta("db", "upgrade", environment=environment, cwd=tmp_path)

    assert result.returncode == 1
    assert "not reachable" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_setting_is_a_configuration_error_not_a_traceback(tmp_path: Path) -> None:
    environment = clean_environment(tmp_path, INGESTA_LOGIN_RATE_LIMIT="lots")

    result = run_ingesta("db", "upgrade", environment=environment, cwd=tmp_path)

    assert result.returncode == 2
    assert "configuration error" in result.stderr and "20/minute" in result.stderr
    assert "Traceback" not in result.stderr


def test_users_list_disable_enable_set_role_and_revoke_sessions(tmp_path: Path) -> None:
    environment = clean_environment(tmp_path)
    created = run_ingesta(
        "users", "create", "dana", "--role", "admin", "--password-stdin",
        environment=environment, cwd=tmp_path, stdin=PASSWORD,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr

    def ingesta(*arguments: str) -> str:
        result = run_ingesta("users", *arguments, environment=environment, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert ingesta("set-role", "dana", "uploader")
    assert asyncio.run(log_in(environment, "dana", PASSWORD)) == "uploader"
    assert "revoked" in ingesta("revoke-sessions", "dana")
    assert ingesta("disable", "dana")
    listed = ingesta("list")
    assert "dana" in listed and "uploader" in listed and "disabled" in listed
    with pytest.raises(AuthenticationFailed):
        asyncio.run(log_in(environment, "dana", PASSWORD))
    assert ingesta("enable", "dana")
    assert asyncio.run(log_in(environment, "dana", PASSWORD)) == "uploader"
    unknown = run_ingesta("users", "disable", "nobody", environment=environment, cwd=tmp_path)
    assert unknown.returncode == 1 and "no user named" in unknown.stderr
