"""`ingesta db upgrade`: apply pending migrations to INGESTA_DATABASE_URL."""

from __future__ import annotations

import argparse
import sys


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    database = commands.add_parser("db", help="manage the database schema")
    actions = database.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser(
        "upgrade",
        help="apply pending migrations",
        epilog="example: INGESTA_DATABASE_URL=... ingesta db upgrade",
    )
    upgrade.set_defaults(handler=upgrade_command)


def upgrade_command(_: argparse.Namespace) -> int:
    # Alembic and SQLAlchemy load only when a migration runs; see entrypoints.cli.main.
    import asyncio

    from application.errors import DatabaseUnavailable
    from entrypoints.settings import load_settings

    try:
        revision = asyncio.run(_upgrade(load_settings().database_url))
    except (DatabaseUnavailable, OSError) as error:
        print(f"ingesta: the database is not reachable: {error}", file=sys.stderr)
        return 1
    print(f"database is at revision {revision}")
    return 0


async def _upgrade(url: str) -> str | None:
    from adapters.sql.engine import DatabaseTimeouts, create_engine
    from adapters.sql.migrate import current_revision, upgrade_database

    engine = create_engine(url, timeouts=DatabaseTimeouts.for_migrations())
    try:
        await upgrade_database(engine)
        return await current_revision(engine)
    finally:
        await engine.dispose()
