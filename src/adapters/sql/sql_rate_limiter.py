"""Fixed-window attempt counters in the database, shared by every worker process."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Delete, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.rate_limit_leases import RateLimitLeases
from adapters.sql.auth_tables import rate_limit_hits
from adapters.sql.database_errors import translate_database_errors

# Dialects with INSERT ... ON CONFLICT DO UPDATE ... RETURNING: a hit is one statement there.
# Typed Any: the two dialects' Insert classes share this API but no common type declares it.
_UPSERTS: dict[str, Any] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class SqlRateLimiter:
    """One row per client key and window. A count is one upsert where the dialect has one (SQLite and
    PostgreSQL), and old windows are swept at most once per window by each worker, not on every login:
    the sweep's scan over the whole table (and its write) was most of a login's database time. A busy
    key is counted a lease of hits at a time (see adapters.rate_limit_leases), so one address's burst
    is not one transaction per login on one hot row."""

    def __init__(self, engine: AsyncEngine, *, dialect_name: str | None = None) -> None:
        """`dialect_name` chooses the statements (by default the engine's): tests render other dialects'."""
        self._engine = engine
        self._upsert = _UPSERTS.get(dialect_name or engine.dialect.name)
        self._next_sweep = 0
        self._leases = RateLimitLeases(self._reserve)

    async def hit(self, key: str, *, limit: int, window_seconds: int, now: datetime) -> int | None:
        return await self._leases.hit(
            key, limit=limit, window_seconds=window_seconds, moment=int(now.timestamp())
        )

    async def _reserve(self, key: str, window_start: int, window_seconds: int, hits: int, moment: int) -> int:
        return await self._count_hits(
            key, window_start, hits, self._sweep_due(moment, window_start, window_seconds)
        )

    def _sweep_due(self, moment: int, window_start: int, window_seconds: int) -> Delete | None:
        if moment < self._next_sweep:
            return None
        self._next_sweep = moment + window_seconds
        return delete(rate_limit_hits).where(rate_limit_hits.c.window_start < window_start - window_seconds)

    async def _count_hits(self, key: str, window_start: int, hits: int, sweep: Delete | None) -> int:
        # Two workers may race to insert the first hit of a window; the loser retries and updates.
        for attempt in range(2):
            try:
                async with translate_database_errors(), self._engine.begin() as connection:
                    count = await self._increment(connection, key, window_start, hits)
                    if sweep is not None:
                        await connection.execute(sweep)
                    return count
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _increment(self, connection: AsyncConnection, key: str, window_start: int, hits: int) -> int:
        if self._upsert is not None:
            table = rate_limit_hits
            upsert = (
                self._upsert(table)
                .values(key=key, window_start=window_start, hits=hits)
                .on_conflict_do_update(
                    index_elements=[table.c.key, table.c.window_start], set_={"hits": table.c.hits + hits}
                )
                .returning(table.c.hits)
            )
            return int((await connection.execute(upsert)).scalar_one())
        match = (rate_limit_hits.c.key == key) & (rate_limit_hits.c.window_start == window_start)
        # UPDATE ... SET hits = hits + 1 is atomic in every dialect; INSERT covers the first hit.
        bump = update(rate_limit_hits).where(match).values(hits=rate_limit_hits.c.hits + hits)
        if (await connection.execute(bump)).rowcount == 0:
            await connection.execute(
                insert(rate_limit_hits).values(key=key, window_start=window_start, hits=hits)
            )
        return int((await connection.execute(select(rate_limit_hits.c.hits).where(match))).scalar_one())
