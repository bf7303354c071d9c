"""ListUsers: every provisioned account, for operators."""

from __future__ import annotations

from application.ports.user_repository import UserRepository
from application.use_cases.account_view import AccountView, view_of


class ListUsers:
    def __init__(self, *, users: UserRepository) -> None:
        self._users = users

    async def __call__(self) -> list[AccountView]:
        return [view_of(account) for account in await self._users.list_all()]
