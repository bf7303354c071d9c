"""Is the database answering right now?"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.database_errors import translate_database_errors


async def ping_database(engine: AsyncEngine) -> None:
    async with translate_database_errors(), engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
