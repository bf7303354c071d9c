"""One async engine factory for the three supported databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def create_engine(url: str) -> AsyncEngine:
    """Build the engine for `url` with each dialect's settings for safe concurrent use."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    options: dict[str, Any] = {"pool_pre_ping": True}
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(parsed, **options)
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        return engine
    if backend == "mssql":
        # pyodbc's fast_executemany sends each batch as one array-bound round trip.
        options["fast_executemany"] = True
        options["pool_size"] = 5
    return create_async_engine(parsed, **options)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets several worker processes read while one writes; the busy timeout makes writers queue
    # instead of failing at once with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
