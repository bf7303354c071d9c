"""Provisioned accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import msgspec

from domain.auth.role import Role


class UserAccount(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    username: str
    password_hash: str
    role: Role
    created_at: datetime


class UserRepository(Protocol):
    async def get_by_username(self, username: str) -> UserAccount | None: ...

    async def add(self, account: UserAccount) -> None:
        """Store a new account; an existing username raises `Conflict`."""
        ...

    async def count(self) -> int: ...
