"""Turning driver failures into the application's errors: outages, busy locks and full disks.

SQLAlchemy wraps driver errors, and its asyncpg dialect wraps most of them as a plain DBAPIError (not
OperationalError), so the driver's own error is looked for along the whole cause chain, by class, by
SQLSTATE and by the few messages SQLite and SQL Server only say in words.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from enum import Enum

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from application.errors import ApplicationError, DatabaseBusy, DatabaseUnavailable, InsufficientStorage


class Failure(Enum):
    UNREACHABLE = "unreachable"
    TOO_SLOW = "too slow"
    BUSY = "busy"
    FULL = "full"


def _driver_connection_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    try:
        import asyncpg

        errors += [
            asyncpg.PostgresConnectionError,
            asyncpg.InterfaceError,
            asyncpg.CannotConnectNowError,
            asyncpg.TooManyConnectionsError,
        ]
    except ImportError:  # pragma: no cover - each driver is optional at run time
        pass
    try:
        import pyodbc

        errors += [pyodbc.OperationalError, pyodbc.InterfaceError]
    except ImportError:  # pragma: no cover - pyodbc needs unixODBC installed
        pass
    return tuple(errors)


DRIVER_CONNECTION_ERRORS = _driver_connection_errors()
# OperationalError also covers a schema that was never migrated; that is a deployment fault, not an outage.
_NOT_AN_OUTAGE = ("no such table", "does not exist", "invalid object name")

# PostgreSQL SQLSTATEs (class 08 is every connection exception).
_SQLSTATES = {
    "57P01": Failure.UNREACHABLE,  # admin_shutdown: "terminating connection due to administrator command"
    "57P02": Failure.UNREACHABLE,  # crash_shutdown
    "57P03": Failure.UNREACHABLE,  # cannot_connect_now: "the database system is starting up"
    "53300": Failure.UNREACHABLE,  # too_many_connections
    "57014": Failure.TOO_SLOW,  # query_canceled: statement_timeout
    "55P03": Failure.BUSY,  # lock_not_available: lock_timeout
    "53100": Failure.FULL,  # disk_full
}
# Said only in words by SQLite and SQL Server (and by PostgreSQL before a SQLSTATE is known).
_MESSAGES = (
    ("database or disk is full", Failure.FULL),  # SQLite
    ("could not allocate space", Failure.FULL),  # SQL Server 1105
    ("no space left on device", Failure.FULL),
    ("database is locked", Failure.BUSY),  # SQLite, after its busy timeout
    ("lock request time out period exceeded", Failure.BUSY),  # SQL Server 1222, after LOCK_TIMEOUT
    ("the database system is starting up", Failure.UNREACHABLE),
    ("the database system is shutting down", Failure.UNREACHABLE),
    ("terminating connection due to administrator command", Failure.UNREACHABLE),
)


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__


def classify(error: BaseException) -> Failure | None:
    """The kind of failure `error` is; None when it is not the database's condition (a bug, a conflict)."""
    chain = list(_chain(error))
    for link in chain:
        state = getattr(link, "sqlstate", None)
        if isinstance(state, str) and state in _SQLSTATES:
            return _SQLSTATES[state]
        if isinstance(state, str) and state.startswith("08"):
            return Failure.UNREACHABLE
    text = " ".join(str(link) for link in chain).lower()
    for message, failure in _MESSAGES:
        if message in text:
            return failure
    if isinstance(error, OperationalError) and any(words in text for words in _NOT_AN_OUTAGE):
        return None
    if any(isinstance(link, (TimeoutError, PoolTimeoutError)) for link in chain):
        return Failure.TOO_SLOW
    if any(isinstance(link, (OperationalError, InterfaceError, OSError)) for link in chain):
        return Failure.UNREACHABLE
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return Failure.UNREACHABLE
    if any(isinstance(link, DRIVER_CONNECTION_ERRORS) for link in chain):
        return Failure.UNREACHABLE
    return None


def application_error(failure: Failure) -> ApplicationError:
    if failure is Failure.BUSY:
        return DatabaseBusy("the database is busy (a lock is held by other work); try again shortly")
    if failure is Failure.FULL:
        return InsufficientStorage("the database has no space left on its disk; nothing was written")
    if failure is Failure.TOO_SLOW:
        return DatabaseUnavailable("the database did not answer in time; try again shortly")
    return DatabaseUnavailable("the database is not reachable right now; try again shortly")


@asynccontextmanager
async def translate_database_errors() -> AsyncIterator[None]:
    """Wrap every database round trip: outages, busy locks and full disks become application errors."""
    try:
        yield
    except ApplicationError:
        raise
    except Exception as error:
        failure = classify(error)
        if failure is not None:
            raise application_error(failure) from error
        raise
