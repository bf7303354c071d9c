"""Apply Alembic migrations programmatically, on an async engine of any supported dialect."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def upgrade_database(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database to `revision`; safe to call when it is already there."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())


async def is_at_head(engine: AsyncEngine) -> bool:
    """True when every migration has been applied (connectivity errors become DatabaseUnavailable)."""
    from alembic.script import ScriptDirectory

    from adapters.sql.database_errors import translate_database_errors

    async with translate_database_errors():
        revision = await current_revision(engine)
    return revision == ScriptDirectory.from_config(alembic_config()).get_current_head()
