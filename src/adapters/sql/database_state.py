"""What is in a database before any migration: nothing at all, or someone's tables."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.database_errors import translate_database_errors


async def has_no_tables(engine: AsyncEngine) -> bool:
    """True only for a database without a single table: migrating it can surprise no one."""
    async with translate_database_errors(), engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    return not names
