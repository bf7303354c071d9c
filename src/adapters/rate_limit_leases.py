"""Fixed-window limits counted in a shared store, a lease of several hits at a time for a busy key.

A worker asks the shared store (Redis, the database) for one hit at a time while a key is quiet, so a
quiet key is limited exactly as before. When one key is busy in this worker (many logins from one
address: an office behind one NAT, a load test), the worker reserves a few hits at once and spends them
locally, so the store sees one round trip per lease instead of one per login, and a second worker adds
throughput instead of contention on the same counter. Once the store says the window is spent, this
worker refuses that key locally until the window ends, so a flood costs no round trips at all.

Never more than `limit` hits are admitted per window across all workers: a lease is counted in the
store before any of it is spent. The price is that hits leased but not spent by the window's end are
lost; a lease is at most 1/16 of the limit (and at most 64), so a worker can waste at most that.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

MAX_LEASE = 64
LEASE_SHARE = 16  # a lease is at most limit // LEASE_SHARE hits
MAX_TRACKED_KEYS = 4096

# reserve(key, window_start, window_seconds, hits, moment) -> the key's count in that window after adding
# `hits`; `moment` is now, in epoch seconds.
Reserve = Callable[[str, int, int, int, int], Awaitable[int]]


@dataclass
class _Lease:
    window_start: int
    remaining: int = 0
    spent: int = 0
    window_spent: bool = False


class RateLimitLeases:
    def __init__(self, reserve: Reserve) -> None:
        self._reserve = reserve
        self._leases: dict[str, _Lease] = {}

    async def hit(self, key: str, *, limit: int, window_seconds: int, moment: int) -> int | None:
        """None while `key` is within `limit` in the window holding `moment`; else seconds to wait."""
        window_start = moment - moment % window_seconds
        retry_after = max(1, window_start + window_seconds - moment)
        lease = self._lease(key, window_start)
        if lease.remaining > 0:
            lease.remaining -= 1
            lease.spent += 1
            return None
        if lease.window_spent:
            return retry_after
        # Grow with this worker's demand for the key: 1, 1, 2, 4, ... up to the cap.
        wanted = max(1, min(lease.spent, limit // LEASE_SHARE, MAX_LEASE))
        count = await self._reserve(key, window_start, window_seconds, wanted, moment)
        granted = max(0, min(wanted, limit - (count - wanted)))
        if count >= limit:
            lease.window_spent = True
        if granted == 0:
            return retry_after
        lease.remaining += granted - 1
        lease.spent += 1
        return None

    def _lease(self, key: str, window_start: int) -> _Lease:
        lease = self._leases.get(key)
        if lease is None or lease.window_start != window_start:
            if len(self._leases) >= MAX_TRACKED_KEYS:
                # Memory stays bounded whatever the number of addresses: old windows go first, then all.
                self._leases = {k: v for k, v in self._leases.items() if v.window_start >= window_start}
                if len(self._leases) >= MAX_TRACKED_KEYS:
                    self._leases.clear()
            lease = self._leases[key] = _Lease(window_start)
        return lease
