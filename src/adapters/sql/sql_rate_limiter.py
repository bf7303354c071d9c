"""Fixed-window attempt counters in the database, shared by every worker process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.auth_tables import rate_limit_hits
from adapters.sql.database_errors import translate_database_errors


class SqlRateLimiter:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def hit(self, key: str, *, limit: int, window_seconds: int, now: datetime) -> int | None:
        moment = int(now.timestamp())
        window_start = moment - moment % window_seconds
        hits = await self._count_hit(key, window_start, window_seconds)
        if hits <= limit:
            return None
        return max(1, window_start + window_seconds - moment)

    async def _count_hit(self, key: str, window_start: int, window_seconds: int) -> int:
        # Two workers may race to insert the first hit of a window; the loser retries and updates.
        for attempt in range(2):
            try:
                async with translate_database_errors(), self._engine.begin() as connection:
                    hits = await self._increment(connection, key, window_start)
                    # Old windows are useless; whoever passes by sweeps them so the table stays small.
                    stale = rate_limit_hits.c.window_start < window_start - window_seconds
                    await connection.execute(delete(rate_limit_hits).where(stale))
                    return hits
            except IntegrityError:
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _increment(self, connection: AsyncConnection, key: str, window_start: int) -> int:
        match = (rate_limit_hits.c.key == key) & (rate_limit_hits.c.window_start == window_start)
        # UPDATE ... SET hits = hits + 1 is atomic in every dialect; INSERT covers the first hit.
        bump = update(rate_limit_hits).where(match).values(hits=rate_limit_hits.c.hits + 1)
        if (await connection.execute(bump)).rowcount == 0:
            await connection.execute(
                insert(rate_limit_hits).values(key=key, window_start=window_start, hits=1)
            )
        return int((await connection.execute(select(rate_limit_hits.c.hits).where(match))).scalar_one())
