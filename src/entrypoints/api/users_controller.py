"""GET /users, PATCH /users/{username}, POST /users/{username}/revoke-sessions: admins only."""

from __future__ import annotations

import msgspec
from litestar import Controller, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.use_cases.account_view import AccountView
from application.use_cases.list_users import ListUsers
from application.use_cases.revoke_user_sessions import RevokeUserSessions
from application.use_cases.update_user import UpdateUser
from domain.auth.role import Role
from entrypoints.api.guards import requires_role


class AccountChange(msgspec.Struct, forbid_unknown_fields=True):
    """Send either field or both; disabling also revokes every session of the account."""

    role: str | None = None
    disabled: bool | None = None


class UsersController(Controller):
    path = "/users"
    tags = ["users"]
    guards = [requires_role(Role.ADMIN)]
    request_max_body_size = 4 * 1024

    @get("/", summary="Every account, by username")
    async def list_users(self, list_users: NamedDependency[ListUsers]) -> list[AccountView]:
        return await list_users()

    @patch("/{username:str}", summary="Change an account's role, or disable or enable it")
    async def update_user(
        self, update_user: NamedDependency[UpdateUser], username: FromPath[str], data: AccountChange
    ) -> AccountView:
        role = None if data.role is None else Role.parse(data.role)
        return await update_user(username, role=role, disabled=data.disabled)

    @post("/{username:str}/revoke-sessions", status_code=204, summary="End every session of an account now")
    async def revoke_sessions(
        self, revoke_user_sessions: NamedDependency[RevokeUserSessions], username: FromPath[str]
    ) -> None:
        await revoke_user_sessions(username)
