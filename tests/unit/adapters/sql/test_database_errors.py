from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from adapters.sql.database_errors import translate_database_errors
from application.errors import DatabaseUnavailable

pytestmark = pytest.mark.unit


class DriverError(Exception):
    pass


@pytest.mark.parametrize(
    "error",
    [
        ConnectionRefusedError(111, "refused"),
        TimeoutError(),
        OperationalError("SELECT 1", {}, DriverError("server closed the connection")),
        DBAPIError("SELECT 1", {}, DriverError("gone"), connection_invalidated=True),
        asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.CannotConnectNowError("the database system is starting up"),
    ],
    ids=type,
)
async def test_connectivity_failures_become_database_unavailable(error: Exception) -> None:
    with pytest.raises(DatabaseUnavailable) as raised:
        async with translate_database_errors():
            raise error

    assert raised.value.__cause__ is error


@pytest.mark.parametrize(
    "error",
    [IntegrityError("INSERT", {}, DriverError("duplicate key")), ValueError("a bug"), RuntimeError("reader")],
    ids=type,
)
async def test_other_failures_pass_through_unchanged(error: Exception) -> None:
    with pytest.raises(type(error)) as raised:
        async with translate_database_errors():
            raise error

    assert raised.value is error


async def test_a_schema_that_was_never_migrated_is_not_reported_as_an_outage() -> None:
    error = OperationalError("SELECT * FROM uploads", {}, DriverError("no such table: uploads"))

    with pytest.raises(OperationalError):
        async with translate_database_errors():
            raise error
