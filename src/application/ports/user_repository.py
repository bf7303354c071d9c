"""Provisioned accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import msgspec

from domain.auth.role import Role

# Stored in place of a password hash (shadow(5)'s convention): no password can ever match it.
LOGIN_DISABLED = "!"


class UserAccount(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    username: str
    password_hash: str
    role: Role
    created_at: datetime
    # A disabled account can neither log in nor renew; its sessions are revoked when it is disabled.
    disabled: bool = False

    @property
    def can_log_in(self) -> bool:
        """False for accounts that only own work done by the system, such as `ingesta load`'s `system`."""
        return not self.password_hash.startswith(LOGIN_DISABLED)


class UserRepository(Protocol):
    async def get_by_username(self, username: str) -> UserAccount | None: ...

    async def get_by_id(self, user_id: str) -> UserAccount | None: ...

    async def list_all(self) -> list[UserAccount]:
        """Every account, by username."""
        ...

    async def add(self, account: UserAccount) -> None:
        """Store a new account; an existing username raises `Conflict`."""
        ...

    async def update(self, account: UserAccount) -> None:
        """Store the role and disabled flag of an existing account (matched by id)."""
        ...

    async def count(self) -> int: ...
