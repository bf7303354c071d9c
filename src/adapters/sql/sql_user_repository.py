"""Accounts in the `users` table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.auth_tables import users
from adapters.sql.database_errors import translate_database_errors
from application.errors import UsernameTaken
from application.ports.user_repository import UserAccount
from domain.auth.role import Role


class SqlUserRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get_by_username(self, username: str) -> UserAccount | None:
        # PostgreSQL refuses NUL in text outright; no stored name has one, so there is nothing to find.
        return None if "\x00" in username else await self._one(users.c.username == username)

    async def get_by_id(self, user_id: str) -> UserAccount | None:
        return None if "\x00" in user_id else await self._one(users.c.id == user_id)

    async def list_all(self) -> list[UserAccount]:
        async with translate_database_errors(), self._engine.connect() as connection:
            rows = (await connection.execute(select(users).order_by(users.c.username))).all()
        return [_account(row) for row in rows]

    async def add(self, account: UserAccount) -> None:
        try:
            async with translate_database_errors(), self._engine.begin() as connection:
                await connection.execute(
                    insert(users).values(
                        id=account.id,
                        username=account.username,
                        password_hash=account.password_hash,
                        role=account.role.value,
                        created_at=account.created_at,
                        disabled=account.disabled,
                    )
                )
        except IntegrityError:
            raise UsernameTaken(account.username) from None

    async def update(self, account: UserAccount) -> None:
        change = (
            update(users)
            .where(users.c.id == account.id)
            .values(role=account.role.value, disabled=account.disabled)
        )
        async with translate_database_errors(), self._engine.begin() as connection:
            await connection.execute(change)

    async def count(self) -> int:
        async with translate_database_errors(), self._engine.connect() as connection:
            return int((await connection.execute(select(func.count()).select_from(users))).scalar_one())

    async def _one(self, condition: Any) -> UserAccount | None:
        async with translate_database_errors(), self._engine.connect() as connection:
            row = (await connection.execute(select(users).where(condition))).first()
        return None if row is None else _account(row)


def _account(row: Any) -> UserAccount:
    return UserAccount(
        id=row.id,
        username=row.username,
        password_hash=row.password_hash,
        role=Role(row.role),
        created_at=row.created_at,
        disabled=bool(row.disabled),
    )
