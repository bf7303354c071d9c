"""The statements the auth adapters send, captured on SQLite and compiled for SQL Server's dialect.

No SQL Server runs here, so this proves the adapters' Core statements render to valid-looking T-SQL
with bound parameters; the live SQL Server run happens where INGESTA_TEST_MSSQL_URL is set.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.dialects.mssql.aioodbc import MSDialectAsync_aioodbc
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import ClauseElement

from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.sql_rate_limiter import SqlRateLimiter
from adapters.sql.sql_revocation_store import SqlRevocationStore
from adapters.sql.sql_user_repository import SqlUserRepository
from application.ports.user_repository import UserAccount
from domain.auth.role import Role

pytestmark = pytest.mark.integration

SQL_SERVER = MSDialectAsync_aioodbc(paramstyle="qmark")  # as pyodbc binds them
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(sqlite_url)
    await upgrade_database(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def sent(engine: AsyncEngine) -> list[str]:
    """Every Core statement the adapters execute, compiled for SQL Server."""
    compiled: list[str] = []

    def capture(_conn, clause, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        if isinstance(clause, ClauseElement):
            compiled.append(" ".join(str(clause.compile(dialect=SQL_SERVER)).split()))

    event.listen(engine.sync_engine, "before_execute", capture)
    return compiled


async def test_revocation_statements_render_as_t_sql_with_bound_values(
    engine: AsyncEngine, sent: list[str]
) -> None:
    store = SqlRevocationStore(engine)

    await store.revoke_token("jti-1", NOW)
    await store.revoke_session("sid-1", NOW)
    await store.is_revoked("jti-1", "sid-1")

    assert "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?)" in sent
    assert "INSERT INTO revoked_sessions (sid, expires_at) VALUES (?, ?)" in sent
    exists = next(s for s in sent if s.startswith("SELECT 1"))
    assert "EXISTS (SELECT revoked_tokens.jti FROM revoked_tokens WHERE revoked_tokens.jti = ?)" in exists
    assert "jti-1" not in " ".join(sent)  # values are parameters, never inlined


async def test_rate_limiter_statements_render_as_t_sql(engine: AsyncEngine, sent: list[str]) -> None:
    limiter = SqlRateLimiter(engine, dialect_name="mssql")

    await limiter.hit("login:127.0.0.1", limit=5, window_seconds=60, now=NOW)
    await limiter.hit("login:127.0.0.1", limit=5, window_seconds=60, now=NOW + timedelta(seconds=1))

    assert any(s.startswith("UPDATE rate_limit_hits SET hits=(rate_limit_hits.hits + ?)") for s in sent)
    assert any(s.startswith("INSERT INTO rate_limit_hits ([key], window_start, hits)") for s in sent)
    assert any(
        s.startswith("DELETE FROM rate_limit_hits WHERE rate_limit_hits.window_start < ?") for s in sent
    )


async def test_user_statements_render_as_t_sql(engine: AsyncEngine, sent: list[str]) -> None:
    users = SqlUserRepository(engine)
    account = UserAccount(id="u-1", username="ana", password_hash="h", role=Role.UPLOADER, created_at=NOW)

    await users.add(account)
    await users.get_by_username("ana")
    await users.count()

    assert (
        "INSERT INTO users (id, username, password_hash, role, created_at, disabled) "
        "VALUES (?, ?, ?, ?, ?, ?)" in sent
    )
    assert any("FROM users WHERE users.username = ?" in s for s in sent)
    assert "SELECT count(*) AS count_1 FROM users" in sent
