"""Turning driver failures into the application's DatabaseUnavailable, and nothing else.

SQLAlchemy wraps most driver errors, but the PostgreSQL COPY fast path talks to the asyncpg connection
directly, so the drivers' own connection errors are recognised too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from application.errors import DatabaseUnavailable


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


def is_connectivity_error(error: BaseException) -> bool:
    if isinstance(error, OperationalError) and any(text in str(error).lower() for text in _NOT_AN_OUTAGE):
        return False
    if isinstance(error, (OperationalError, InterfaceError, PoolTimeoutError, OSError, TimeoutError)):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, DRIVER_CONNECTION_ERRORS)


@asynccontextmanager
async def translate_database_errors() -> AsyncIterator[None]:
    """Wrap every database round trip: connectivity failures become DatabaseUnavailable, others pass."""
    try:
        yield
    except DatabaseUnavailable:
        raise
    except Exception as error:
        if is_connectivity_error(error):
            raise DatabaseUnavailable("the database is not reachable right now; try again shortly") from error
        raise
