"""CreateUser: provision an account with a role and a password."""

from __future__ import annotations

import re
import uuid

from application.errors import InvalidInput
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.user_repository import UserAccount, UserRepository
from domain.auth.role import Role

_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,149}")
MIN_PASSWORD_LENGTH = 12


class CreateUser:
    def __init__(self, *, users: UserRepository, hasher: PasswordHasher, clock: Clock) -> None:
        self._users = users
        self._hasher = hasher
        self._clock = clock

    async def __call__(self, *, username: str, password: str, role: Role) -> UserAccount:
        if not _USERNAME.fullmatch(username):
            raise InvalidInput(
                f"username {username!r} is not valid: 1-150 letters, digits, '.', '_', '@' or '-', "
                "starting with a letter or digit"
            )
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidInput(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
        account = UserAccount(
            id=str(uuid.uuid4()),
            username=username,
            password_hash=await self._hasher.hash(password),
            role=role,
            created_at=self._clock.now(),
        )
        await self._users.add(account)
        return account
