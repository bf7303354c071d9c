"""Each dialect gets bounded waits: connect, statement and lock timeouts from one DatabaseTimeouts."""

from __future__ import annotations

import pytest

from adapters.sql.engine import (
    DatabaseTimeouts,
    mssql_session_statements,
    postgres_connect_args,
    sqlite_pragmas,
)

pytestmark = pytest.mark.unit

TIMEOUTS = DatabaseTimeouts(connect_seconds=3, statement_seconds=45, lock_seconds=7.5)


def test_postgres_bounds_the_connection_each_statement_and_each_lock_wait() -> None:
    args = postgres_connect_args(TIMEOUTS)

    assert args["timeout"] == 3
    assert args["server_settings"] == {"statement_timeout": "45000", "lock_timeout": "7500"}
    # The client gives up only after the server had its chance to cancel with a clear reason.
    assert args["command_timeout"] > 45


def test_sql_server_sessions_stop_waiting_for_a_lock_after_the_lock_timeout() -> None:
    assert mssql_session_statements(TIMEOUTS) == ["SET LOCK_TIMEOUT 7500"]


def test_sqlite_writers_queue_for_the_lock_timeout_in_wal_mode() -> None:
    pragmas = sqlite_pragmas(TIMEOUTS)

    assert "PRAGMA busy_timeout=7500" in pragmas
    assert "PRAGMA journal_mode=WAL" in pragmas


def test_migrations_have_no_statement_timeout_but_still_bounded_connects() -> None:
    args = postgres_connect_args(DatabaseTimeouts.for_migrations())

    # Rebuilding an index on a large table may take long; a migration cut off halfway helps nobody.
    assert args["server_settings"]["statement_timeout"] == "0"
    assert args["command_timeout"] is None
    assert args["timeout"] == DatabaseTimeouts().connect_seconds
