"""One async engine factory for the three supported databases, each with bounded waits."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


class DatabaseTimeouts(msgspec.Struct, frozen=True, kw_only=True):
    """How long one database call may wait: to connect, for a statement, for a lock another holds."""

    connect_seconds: float = 5.0
    statement_seconds: float | None = 60.0  # None: no limit
    lock_seconds: float = 10.0

    @classmethod
    def for_migrations(cls) -> DatabaseTimeouts:
        # Schema changes may rewrite large tables; they wait longer for locks and are never cut off.
        return cls(statement_seconds=None, lock_seconds=60.0)


def create_engine(url: str, *, timeouts: DatabaseTimeouts | None = None) -> AsyncEngine:
    """Build the engine for `url` with each dialect's settings for safe concurrent use."""
    timeouts = timeouts or DatabaseTimeouts()
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    options: dict[str, Any] = {"pool_pre_ping": True}
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(parsed, **options)
        event.listen(engine.sync_engine, "connect", partial(_configure_sqlite, timeouts))
        return engine
    if backend == "postgresql":
        options["connect_args"] = postgres_connect_args(timeouts)
    if backend == "mssql":
        # pyodbc's fast_executemany sends each batch as one array-bound round trip.
        options["fast_executemany"] = True
        options["pool_size"] = 5
        options["connect_args"] = {"timeout": max(1, round(timeouts.connect_seconds))}
    engine = create_async_engine(parsed, **options)
    if backend == "mssql":
        event.listen(engine.sync_engine, "connect", partial(_configure_mssql, timeouts))
    return engine


def postgres_connect_args(timeouts: DatabaseTimeouts) -> dict[str, Any]:
    """asyncpg's own timeouts plus the server's, so a hung server and a slow statement both end."""
    statement = timeouts.statement_seconds
    return {
        "timeout": timeouts.connect_seconds,
        # The server cancels first, with a clear SQLSTATE; the client's limit covers a frozen server.
        "command_timeout": None if statement is None else statement + timeouts.connect_seconds,
        "server_settings": {
            "statement_timeout": "0" if statement is None else str(_milliseconds(statement)),
            "lock_timeout": str(_milliseconds(timeouts.lock_seconds)),
        },
    }


def mssql_session_statements(timeouts: DatabaseTimeouts) -> list[str]:
    return [f"SET LOCK_TIMEOUT {_milliseconds(timeouts.lock_seconds)}"]


def sqlite_pragmas(timeouts: DatabaseTimeouts) -> list[str]:
    # WAL lets readers go on while one writes; the busy timeout makes writers queue for a bounded time
    # instead of failing at once with "database is locked".
    return [
        "PRAGMA journal_mode=WAL",
        f"PRAGMA busy_timeout={_milliseconds(timeouts.lock_seconds)}",
        "PRAGMA foreign_keys=ON",
        "PRAGMA synchronous=NORMAL",
    ]


def _milliseconds(seconds: float) -> int:
    return max(1, round(seconds * 1000))


def _configure_sqlite(timeouts: DatabaseTimeouts, dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in sqlite_pragmas(timeouts):
        cursor.execute(pragma)
    cursor.close()


def _configure_mssql(timeouts: DatabaseTimeouts, dbapi_connection: Any, _record: Any) -> None:
    # A wait on another session's lock ends with error 1222 instead of lasting as long as that session.
    cursor = dbapi_connection.cursor()
    for statement in mssql_session_statements(timeouts):
        cursor.execute(statement)
    cursor.close()
