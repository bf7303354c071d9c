"""RevokeUserSessions: every token a user holds stops working now; new logins still work."""

from __future__ import annotations

from datetime import timedelta

from application.errors import NotFound
from application.ports.clock import Clock
from application.ports.revocation_store import RevocationStore
from application.ports.user_repository import UserAccount, UserRepository
from domain.auth.token_policy import TokenPolicy


class RevokeUserSessions:
    def __init__(
        self, *, users: UserRepository, revocations: RevocationStore, clock: Clock, policy: TokenPolicy
    ) -> None:
        self._users = users
        self._revocations = revocations
        self._clock = clock
        self._policy = policy

    async def __call__(self, username: str) -> UserAccount:
        account = await self.find(username)
        await self.revoke(account)
        return account

    async def find(self, username: str) -> UserAccount:
        account = await self._users.get_by_username(username)
        if account is None:
            raise NotFound(f"there is no user named {username!r}")
        return account

    async def revoke(self, account: UserAccount) -> None:
        now = self._clock.now()
        # After one maximum session length no session that started before now can be used anyway.
        until = now + timedelta(seconds=self._policy.session_max_seconds)
        await self._revocations.revoke_user_sessions(account.id, now, until)
