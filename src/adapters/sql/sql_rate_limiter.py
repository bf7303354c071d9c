"""Fixed-window attempt counters in the database, shared by every worker process."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Delete, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.auth_tables import rate_limit_hits
from adapters.sql.database_errors import translate_database_errors

# Dialects with INSERT ... ON CONFLICT DO UPDATE ... RETURNING: a hit is one statement there.
# Typed Any: the two dialects' Insert classes share this API but no common type declares it.
_UPSERTS: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class SqlRateLimiter:
    """One row per client key and window. A hit is one upsert where the dialect has one (SQLite and
    PostgreSQL), and old windows are swept at most once per window by each worker, not on every login:
    the sweep's scan over the whole table (and its write) was most of a login's database time."""

    def __init__(self, engine: AsyncEngine, *, dialect_name: str | None = None) -> None:
        """`dialect_name` chooses the statements (by default the engine's): tests render other dialects'."""
        self._engine = engine
        self._upsert = _UPSERTS.get(dialect_name or engine.dialect.name)
        self._next_sweep = 0

    async def hit(self, key: str, *, limit: int, window_seconds: int, now: datetime) -> int | None:
        moment = int(now.timestamp())
        window_start = moment - moment % window_seconds
        hits = await self._count_hit(key, window_start, self._sweep_due(moment, window_start, window_seconds))
        if hits <= limit:
            return None
        return max(1, window_start + window_seconds - moment)

    def _sweep_due(self, moment: int, window_start: int, window_seconds: int) -> Delete | None:
        if moment < self._next_sweep:
            return None
        self._next_sweep = moment + window_seconds
        return delete(rate_limit_hits).where(rate_limit_hits.c.window_start < window_start - window_seconds)

    async def _count_hit(self, key: str, window_start: int, sweep: Delete | None) -> int:
        # Two workers may race to insert the first hit of a window; the loser retries and updates.
        for attempt in range(2):
            try:
                async with translate_database_errors(), self._engine.begin() as connection:
                    hits = await self._increment(connection, key, window_start)
                    if sweep is not None:
                        await connection.execute(sweep)
                    return hits
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _increment(self, connection: AsyncConnection, key: str, window_start: int) -> int:
        if self._upsert is not None:
            table = rate_limit_hits
            upsert = (
                self._upsert(table)
                .values(key=key, window_start=window_start, hits=1)
                .on_conflict_do_update(
                    index_elements=[table.c.key, table.c.window_start], set_={"hits": table.c.hits + 1}
                )
                .returning(table.c.hits)
            )
            return int((await connection.execute(upsert)).scalar_one())
        match = (rate_limit_hits.c.key == key) & (rate_limit_hits.c.window_start == window_start)
        # UPDATE ... SET hits = hits + 1 is atomic in every dialect; INSERT covers the first hit.
        bump = update(rate_limit_hits).where(match).values(hits=rate_limit_hits.c.hits + 1)
        if (await connection.execute(bump)).rowcount == 0:
            await connection.execute(
                insert(rate_limit_hits).values(key=key, window_start=window_start, hits=1)
            )
        return int((await connection.execute(select(rate_limit_hits.c.hits).where(match))).scalar_one())
