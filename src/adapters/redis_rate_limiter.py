"""Fixed-window attempt counters in Redis, shared by every worker process."""

from __future__ import annotations

from datetime import datetime

from redis.asyncio import Redis

from adapters.redis_client import epoch_key, translate_redis_errors

# One script, one round trip, one reply: a MULTI of INCR, EXPIRE and SET costs five replies to parse,
# which was most of an anonymous login's time. Redis runs a script atomically, so a counter never
# exists without its expiry. The expiry is relative (not EXPIREAT) because `now` comes from our clock,
# not from Redis's. A login stamps a fresh data set's start (the epoch, see `epoch_key`) before its
# token is issued, so that token is valid.
_COUNT_HIT = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
redis.call('SET', KEYS[2], ARGV[2], 'NX')
return hits
"""


class RedisRateLimiter:
    """INCR on one key per client and window; the key expires once its window is over."""

    def __init__(self, client: Redis, *, prefix: str = "ingesta:") -> None:
        self._client = client
        self._prefix = prefix
        # Sent once per connection as EVALSHA, with EVAL only when Redis has not seen it (after a restart).
        self._count_hit = client.register_script(_COUNT_HIT)

    async def hit(self, key: str, *, limit: int, window_seconds: int, now: datetime) -> int | None:
        moment = int(now.timestamp())
        window_start = moment - moment % window_seconds
        counter = f"{self._prefix}ratelimit:{key}:{window_start}"
        async with translate_redis_errors():
            hits = await self._count_hit(
                keys=[counter, epoch_key(self._prefix)], args=[window_seconds, moment]
            )
        if int(hits) <= limit:
            return None
        return max(1, window_start + window_seconds - moment)
