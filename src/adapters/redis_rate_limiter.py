"""Fixed-window attempt counters in Redis, shared by every worker process."""

from __future__ import annotations

from datetime import datetime

from redis.asyncio import Redis

from adapters.redis_client import epoch_key, translate_redis_errors


class RedisRateLimiter:
    """INCR on one key per client and window; the key expires once its window is over."""

    def __init__(self, client: Redis, *, prefix: str = "ingesta:") -> None:
        self._client = client
        self._prefix = prefix

    async def hit(self, key: str, *, limit: int, window_seconds: int, now: datetime) -> int | None:
        moment = int(now.timestamp())
        window_start = moment - moment % window_seconds
        counter = f"{self._prefix}ratelimit:{key}:{window_start}"
        # INCR and EXPIRE in one MULTI, so a counter never outlives its window without an expiry. The
        # expiry is relative (not EXPIREAT) because `now` comes from our clock, not from Redis's.
        async with translate_redis_errors(), self._client.pipeline(transaction=True) as pipeline:
            pipeline.incr(counter)
            pipeline.expire(counter, window_seconds)
            # A login stamps a fresh data set's start before its token is issued, so that token is valid.
            pipeline.set(epoch_key(self._prefix), moment, nx=True)
            hits, _, _ = await pipeline.execute()
        if int(hits) <= limit:
            return None
        return max(1, window_start + window_seconds - moment)
