"""GET /users, PATCH /users/{username}, POST /users/{username}/revoke-sessions: admins only."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath

from application.use_cases.account_view import AccountView
from domain.auth.role import Role
from entrypoints.api.dependencies import container_of
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
    async def list_users(self, request: Request[Any, Any, Any]) -> list[AccountView]:
        return await container_of(request).list_users()()

    @patch("/{username:str}", summary="Change an account's role, or disable or enable it")
    async def update_user(
        self, request: Request[Any, Any, Any], username: FromPath[str], data: AccountChange
    ) -> AccountView:
        role = None if data.role is None else Role.parse(data.role)
        return await container_of(request).update_user()(username, role=role, disabled=data.disabled)

    @post("/{username:str}/revoke-sessions", status_code=204, summary="End every session of an account now")
    async def revoke_sessions(self, request: Request[Any, Any, Any], username: FromPath[str]) -> None:
        await container_of(request).revoke_user_sessions()(username)
