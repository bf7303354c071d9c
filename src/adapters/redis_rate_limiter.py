"""Fixed-window attempt counters in Redis, shared by every worker process."""

from __future__ import annotations

from datetime import datetime

from redis.asyncio import Redis

from adapters.rate_limit_leases import RateLimitLeases
from adapters.redis_client import epoch_key, translate_redis_errors

# One script, one round trip, one reply: a MULTI of INCR, EXPIRE and SET costs five replies to parse,
# which was most of an anonymous login's time. Redis runs a script atomically, so a counter never
# exists without its expiry. The expiry is relative (not EXPIREAT) because `now` comes from our clock,
# not from Redis's. A login that asks Redis stamps a fresh data set's start (the epoch, see `epoch_key`)
# before its token is issued, so that token is valid. (One spending a lease after Redis lost its data
# issues a token the revocation check then refuses as older than the data set: a second login, never
# a token that outlives its revocation.)
_COUNT_HITS = """
local hits = redis.call('INCRBY', KEYS[1], ARGV[3])
if hits == tonumber(ARGV[3]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
redis.call('SET', KEYS[2], ARGV[2], 'NX')
return hits
"""


class RedisRateLimiter:
    """One counter per client key and window; it expires once its window is over. A busy key is
    counted a lease of hits at a time (see adapters.rate_limit_leases)."""

    def __init__(self, client: Redis, *, prefix: str = "ingesta:") -> None:
        self._client = client
        self._prefix = prefix
        # Sent as EVALSHA, with EVAL only when Redis has not seen the script yet (after a restart).
        self._count_hits = client.register_script(_COUNT_HITS)
        self._leases = RateLimitLeases(self._reserve)

    async def hit(self, key: str, *, limit: int, window_seconds: int, now: datetime) -> int | None:
        return await self._leases.hit(
            key, limit=limit, window_seconds=window_seconds, moment=int(now.timestamp())
        )

    async def _reserve(self, key: str, window_start: int, window_seconds: int, hits: int, moment: int) -> int:
        counter = f"{self._prefix}ratelimit:{key}:{window_start}"
        async with translate_redis_errors():
            count = await self._count_hits(
                keys=[counter, epoch_key(self._prefix)], args=[window_seconds, moment, hits]
            )
        return int(count)
