"""Outages, busy locks and full disks as the drivers raise them, wrapped the way SQLAlchemy wraps them."""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi
from sqlalchemy.exc import DBAPIError, OperationalError

from adapters.sql.database_errors import translate_database_errors
from application.errors import DatabaseBusy, DatabaseUnavailable, InsufficientStorage

pytestmark = pytest.mark.unit

_DBAPI = AsyncAdapt_asyncpg_dbapi(asyncpg)


def wrapped(error: Exception) -> DBAPIError:
    """What SQLAlchemy's asyncpg dialect raises for `error`: a plain DBAPIError, not OperationalError."""
    adapted = _DBAPI.Error(str(error), error)
    adapted.__cause__ = error
    return DBAPIError.instance("SELECT 1", {}, adapted, _DBAPI.Error)  # type: ignore[return-value]


def postgres_error(kind: type[asyncpg.PostgresError], message: str) -> asyncpg.PostgresError:
    return kind.new({"M": message, "C": kind.sqlstate})  # type: ignore[attr-defined,no-any-return]


async def raised_by(error: BaseException) -> BaseException:
    with pytest.raises(Exception) as raised:
        async with translate_database_errors():
            raise error
    return raised.value


@pytest.mark.parametrize(
    "error",
    [
        postgres_error(asyncpg.CannotConnectNowError, "the database system is starting up"),
        postgres_error(asyncpg.CannotConnectNowError, "the database system is shutting down"),
        postgres_error(asyncpg.AdminShutdownError, "terminating connection due to administrator command"),
        postgres_error(asyncpg.CrashShutdownError, "terminating connection because of crash"),
        postgres_error(asyncpg.TooManyConnectionsError, "sorry, too many clients already"),
        ConnectionResetError(104, "Connection reset by peer"),
        ConnectionRefusedError(111, "Connect call failed"),
    ],
    ids=lambda error: f"{type(error).__name__}:{error}",
)
async def test_a_restarting_or_unreachable_postgres_is_unavailable_when_wrapped(error: Exception) -> None:
    translated = await raised_by(wrapped(error))

    assert type(translated) is DatabaseUnavailable
    assert "not reachable" in translated.detail


async def test_a_lock_held_past_its_timeout_is_busy_not_an_outage() -> None:
    lock = postgres_error(asyncpg.LockNotAvailableError, "canceling statement due to lock timeout")

    translated = await raised_by(wrapped(lock))

    assert isinstance(translated, DatabaseBusy)
    assert "busy" in translated.detail


async def test_sqlite_database_is_locked_is_busy() -> None:
    locked = OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))

    assert isinstance(await raised_by(locked), DatabaseBusy)


async def test_a_statement_timeout_says_the_database_did_not_answer_in_time() -> None:
    cancelled = postgres_error(asyncpg.QueryCanceledError, "canceling statement due to statement timeout")

    translated = await raised_by(wrapped(cancelled))

    assert type(translated) is DatabaseUnavailable
    assert "in time" in translated.detail


@pytest.mark.parametrize(
    "error",
    [
        wrapped(postgres_error(asyncpg.DiskFullError, 'could not extend file "base/1/2": No space left')),
        OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")),
    ],
    ids=["postgres", "sqlite"],
)
async def test_a_full_database_disk_is_insufficient_storage_not_unreachable(error: Exception) -> None:
    translated = await raised_by(error)

    assert isinstance(translated, InsufficientStorage)
    assert "no space left" in translated.detail
