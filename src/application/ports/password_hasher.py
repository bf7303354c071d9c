"""Password hashing; the slow, salted kind. Asynchronous, so the slow part never blocks the event loop."""

from __future__ import annotations

from typing import Protocol


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool:
        """True only when `password` matches; never raises for a mismatch or a malformed hash."""
        ...

    async def dummy_verify(self, password: str) -> None:
        """Spend the time of one verification, so an unknown user costs as much as a wrong password."""
        ...
