"""Password hashing; the slow, salted kind."""

from __future__ import annotations

from typing import Protocol


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool:
        """True only when `password` matches; never raises for a mismatch or a malformed hash."""
        ...

    def dummy_verify(self, password: str) -> None:
        """Spend the time of one verification, so an unknown user costs as much as a wrong password."""
        ...
