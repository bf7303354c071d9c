"""Turning driver failures into the application's DatabaseUnavailable, and nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from application.errors import DatabaseUnavailable


def is_connectivity_error(error: BaseException) -> bool:
    if isinstance(error, (OperationalError, InterfaceError, PoolTimeoutError, OSError, TimeoutError)):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


@asynccontextmanager
async def translate_database_errors() -> AsyncIterator[None]:
    """Connectivity failures become DatabaseUnavailable; other errors (integrity, bugs) pass through."""
    try:
        yield
    except BaseException as error:
        if is_connectivity_error(error):
            raise DatabaseUnavailable("the database is not reachable right now; try again shortly") from error
        raise
