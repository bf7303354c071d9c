"""Argon2id password hashes (argon2-cffi's recommended parameters), computed off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import Argon2Error, InvalidHashError

_T = TypeVar("_T")
# Each hash takes ~50 ms of CPU and 64 MiB; two at a time keep the loop (and memory) free for everything
# else, and a burst of wrong passwords queues here instead of stalling every other request.
HASHING_THREADS = 2


class Argon2PasswordHasher:
    def __init__(self, hasher: _Argon2 | None = None, *, threads: int = HASHING_THREADS) -> None:
        self._argon2 = hasher or _Argon2()
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="argon2")
        # Verified against when the user is unknown, so both failures take the same time.
        self._dummy_hash: str | None = None

    async def hash(self, password: str) -> str:
        return await self._run(self._argon2.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await self._run(self._verify, password_hash, password)

    async def dummy_verify(self, password: str) -> None:
        if self._dummy_hash is None:
            self._dummy_hash = await self.hash("ingesta-dummy-password")
        await self.verify(self._dummy_hash, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return bool(self._argon2.verify(password_hash, password))
        except (Argon2Error, InvalidHashError):
            return False

    async def _run(self, work: Callable[[str, str], _T] | Callable[[str], _T], *arguments: str) -> _T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, work, *arguments)  # type: ignore[arg-type]
