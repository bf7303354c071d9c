"""The Argon2 adapter hashes off the event loop, in a small pool of its own."""

from __future__ import annotations

import asyncio
import threading

import pytest
from argon2 import PasswordHasher as Argon2

from adapters.argon2_password_hasher import Argon2PasswordHasher

pytestmark = pytest.mark.unit

FAST = Argon2(time_cost=1, memory_cost=8, parallelism=1)


class BlockingArgon2:
    """Verifies only once the test releases it, the way a slow hash holds its thread."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.threads: set[str] = set()

    def hash(self, password: str) -> str:
        return FAST.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        self.threads.add(threading.current_thread().name)
        # Bounded so a regression fails the test instead of hanging it.
        self.release.wait(timeout=5)
        return bool(FAST.verify(password_hash, password))


async def test_the_event_loop_keeps_serving_while_a_password_is_verified() -> None:
    slow = BlockingArgon2()
    hasher = Argon2PasswordHasher(slow)  # type: ignore[arg-type]
    stored = await hasher.hash("correct horse battery")
    progressed: list[int] = []

    async def other_request() -> None:
        for tick in range(3):
            await asyncio.sleep(0)
            progressed.append(tick)
        slow.release.set()

    verified, _ = await asyncio.gather(hasher.verify(stored, "correct horse battery"), other_request())

    assert verified is True
    assert progressed == [0, 1, 2]
    assert threading.main_thread().name not in slow.threads


async def test_at_most_two_hashes_run_at_once() -> None:
    slow = BlockingArgon2()
    hasher = Argon2PasswordHasher(slow)  # type: ignore[arg-type]
    stored = await hasher.hash("correct horse battery")

    attempts = [asyncio.create_task(hasher.verify(stored, "wrong password!!")) for _ in range(6)]
    for _ in range(20):
        await asyncio.sleep(0.01)
    running = len(slow.threads)
    slow.release.set()
    results = await asyncio.gather(*attempts)

    assert results == [False] * 6
    assert running <= 2


async def test_a_real_mismatch_and_a_malformed_hash_are_false_not_errors() -> None:
    hasher = Argon2PasswordHasher(FAST)
    stored = await hasher.hash("correct horse battery")

    assert await hasher.verify(stored, "correct horse battery") is True
    assert await hasher.verify(stored, "wrong") is False
    assert await hasher.verify("not a hash", "wrong") is False
    await hasher.dummy_verify("anything")
