"""Leased window counting: exact for a quiet key, few round trips for a busy one, never over the limit."""

from __future__ import annotations

import asyncio
import random
from collections import Counter

import pytest

from adapters.rate_limit_leases import MAX_LEASE, MAX_TRACKED_KEYS, RateLimitLeases

pytestmark = pytest.mark.unit

MOMENT = 1_700_000_000  # 20 s into a minute window


class SharedStore:
    """The counters every worker shares (Redis, the database), with the round trips they cost."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, int]] = Counter()
        self.round_trips = 0

    async def reserve(self, key: str, window_start: int, window_seconds: int, hits: int, moment: int) -> int:
        self.round_trips += 1
        await asyncio.sleep(0)  # another worker may run meanwhile
        self.counts[key, window_start] += hits
        return self.counts[key, window_start]


async def test_a_quiet_key_is_counted_one_hit_at_a_time_as_before() -> None:
    store = SharedStore()
    leases = RateLimitLeases(store.reserve)

    answers = [await leases.hit("login:a", limit=20, window_seconds=60, moment=MOMENT) for _ in range(22)]

    assert answers == [None] * 20 + [40, 40]
    assert store.round_trips == 20  # 20 // 16 = 1: no lease bigger than one hit for the default limit


async def test_a_busy_key_costs_one_round_trip_per_lease() -> None:
    store = SharedStore()
    leases = RateLimitLeases(store.reserve)

    for _ in range(10_000):
        assert await leases.hit("login:a", limit=1_000_000, window_seconds=60, moment=MOMENT) is None

    assert store.round_trips < 10_000 / MAX_LEASE + 10


async def test_a_spent_window_is_refused_without_asking_the_store_again() -> None:
    store = SharedStore()
    leases = RateLimitLeases(store.reserve)
    for _ in range(3):
        await leases.hit("login:a", limit=3, window_seconds=60, moment=MOMENT)
    trips = store.round_trips

    assert [await leases.hit("login:a", limit=3, window_seconds=60, moment=MOMENT) for _ in range(5)] == [
        40
    ] * 5
    assert store.round_trips == trips
    assert await leases.hit("login:a", limit=3, window_seconds=60, moment=MOMENT + 40) is None  # next window


async def test_workers_together_never_admit_more_than_the_limit() -> None:
    store = SharedStore()
    workers = [RateLimitLeases(store.reserve) for _ in range(4)]
    limit = 1000
    rng = random.Random(7)

    answers = await asyncio.gather(
        *(
            rng.choice(workers).hit("login:a", limit=limit, window_seconds=60, moment=MOMENT)
            for _ in range(3000)
        )
    )

    admitted = answers.count(None)
    assert admitted <= limit
    # What leases left unspent is lost, at most one lease per worker.
    assert admitted >= limit - len(workers) * (limit // 16)


async def test_memory_stays_bounded_whatever_the_number_of_addresses() -> None:
    leases = RateLimitLeases(SharedStore().reserve)

    for address in range(3 * MAX_TRACKED_KEYS):
        await leases.hit(f"login:{address}", limit=5, window_seconds=60, moment=MOMENT)

    assert len(leases._leases) <= MAX_TRACKED_KEYS
