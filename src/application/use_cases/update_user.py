"""UpdateUser: change an account's role or disable (and re-enable) it."""

from __future__ import annotations

import msgspec

from application.errors import InvalidInput
from application.ports.user_repository import UserRepository
from application.use_cases.account_view import AccountView, view_of
from application.use_cases.revoke_user_sessions import RevokeUserSessions
from domain.auth.role import Role


class UpdateUser:
    """Disabling also revokes every session at once; a new role applies from the next login or renewal."""

    def __init__(self, *, users: UserRepository, revoke_sessions: RevokeUserSessions) -> None:
        self._users = users
        self._revoke_sessions = revoke_sessions

    async def __call__(
        self, username: str, *, role: Role | None = None, disabled: bool | None = None
    ) -> AccountView:
        if role is None and disabled is None:
            raise InvalidInput("name what to change: a role, or disabled true or false")
        account = await self._revoke_sessions.find(username)
        changed = msgspec.structs.replace(
            account,
            role=account.role if role is None else role,
            disabled=account.disabled if disabled is None else disabled,
        )
        await self._users.update(changed)
        if changed.disabled and not account.disabled:
            await self._revoke_sessions.revoke(changed)
        return view_of(changed)
