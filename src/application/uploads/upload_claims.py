"""UploadClaims: within one process, identical uploads into one dataset take turns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class UploadClaims:
    """One lock per (dataset, sha256), alive only while someone holds or waits for it.

    The second of two identical uploads waits for the first to finish, then finds it loaded and
    answers 409 before archiving anything. Across processes the dataset store's own check under the
    dataset's lock still decides; this only makes that late, costlier path rare.
    """

    def __init__(self) -> None:
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._users: dict[tuple[str, str], int] = {}
        self._idle: asyncio.Event | None = None

    @asynccontextmanager
    async def claim(self, dataset: str, sha256: str) -> AsyncIterator[None]:
        key = (dataset, sha256)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        self._idle_event().clear()
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]
            if not self._users:
                self._idle_event().set()

    async def wait_until_idle(self) -> None:
        """Return once no upload holds or waits for a claim (each records its outcome before letting go)."""
        await self._idle_event().wait()

    def _idle_event(self) -> asyncio.Event:
        # Made on first use, inside the running event loop.
        if self._idle is None:
            self._idle = asyncio.Event()
            if not self._users:
                self._idle.set()
        return self._idle
