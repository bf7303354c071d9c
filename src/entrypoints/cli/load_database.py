"""Before `ingesta load` writes: a database that is ready, migrated here only when that surprises no one."""

from __future__ import annotations

from adapters.sql.database_errors import translate_database_errors
from adapters.sql.database_state import has_no_tables
from adapters.sql.migrate import is_at_head, upgrade_database
from entrypoints.container import Container
from entrypoints.startup import DatabaseNotReady

NOT_AT_THIS_VERSION = (
    "the database at INGESTA_DATABASE_URL is not migrated to this version of Ingesta; "
    "run `ingesta db upgrade` first"
)


async def prepare_for_load(container: Container) -> None:
    """Embedded SQLite and an empty database are migrated; any other database must be at this version.

    A database with tables is shared with a service or other software: its operator decides when
    to migrate it, so it gets the one-line advice instead (`DatabaseNotReady`).
    """
    sql_engine = container.sql_engine()
    if container.settings().uses_embedded_database or await has_no_tables(sql_engine):
        async with translate_database_errors():
            await upgrade_database(sql_engine)
        return
    if not await is_at_head(sql_engine):
        raise DatabaseNotReady(NOT_AT_THIS_VERSION)
