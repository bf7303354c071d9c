"""`ingesta db upgrade`: apply pending migrations to INGESTA_DATABASE_URL."""

from __future__ import annotations

import argparse
import re
import sys

from entrypoints.cli import messages
from entrypoints.cli.cli_language import say


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    database = commands.add_parser("db", help=say("help.db"))
    actions = database.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser(
        "upgrade",
        help=say("help.db.upgrade"),
        epilog=say("help.db.upgrade.epilog"),
    )
    upgrade.set_defaults(handler=upgrade_command)


def upgrade_command(_: argparse.Namespace) -> int:
    # Alembic and SQLAlchemy load only when a migration runs; see entrypoints.cli.main.
    import asyncio

    from sqlalchemy.exc import DBAPIError

    from application.errors import DatabaseUnavailable
    from entrypoints.settings import load_settings

    url = load_settings().database_url
    try:
        revision = asyncio.run(_upgrade(url))
    except (DatabaseUnavailable, OSError, ImportError, DBAPIError) as error:
        print(f"ingesta: {why_not_connected(url, error)}", file=sys.stderr)
        return 1
    print(say("cli.database_at", revision=revision))
    return 0


def why_not_connected(url: str, error: BaseException) -> str:
    """One line saying why the database cannot be used and what fixes it; never a traceback."""
    text = str(getattr(error, "orig", None) or error)
    if isinstance(error, ImportError) and ("odbc" in text.lower()):
        return messages.odbc_manager_missing()
    driver = re.search(r"Can't open lib '([^']+)'", text)
    if driver:
        return messages.odbc_driver_missing(driver.group(1))
    if "no default driver specified" in text:
        return messages.odbc_driver_missing(None)
    if isinstance(error, ImportError):
        return messages.database_driver_missing(text)
    # The DBAPI's own first line, without SQLAlchemy's links and the statement.
    reason = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    if isinstance(error, OSError) or "not reachable" in reason or "timeout" in reason.lower():
        return messages.database_unreachable(url, _reason(error, reason))
    return messages.database_refused(url, reason)


def _reason(error: BaseException, reason: str) -> str:
    cause = error.__cause__ or error
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    return reason


async def _upgrade(url: str) -> str | None:
    from adapters.sql.engine import DatabaseTimeouts, create_engine
    from adapters.sql.migrate import current_revision, upgrade_database

    engine = create_engine(url, timeouts=DatabaseTimeouts.for_migrations())
    try:
        await upgrade_database(engine)
        return await current_revision(engine)
    finally:
        await engine.dispose()
