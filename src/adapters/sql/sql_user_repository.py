"""Accounts in the `users` table."""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.auth_tables import users
from adapters.sql.database_errors import translate_database_errors
from application.errors import Conflict
from application.ports.user_repository import UserAccount
from domain.auth.role import Role


class SqlUserRepository:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get_by_username(self, username: str) -> UserAccount | None:
        async with translate_database_errors(), self._engine.connect() as connection:
            row = (await connection.execute(select(users).where(users.c.username == username))).first()
        if row is None:
            return None
        return UserAccount(
            id=row.id,
            username=row.username,
            password_hash=row.password_hash,
            role=Role(row.role),
            created_at=row.created_at,
        )

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
                    )
                )
        except IntegrityError:
            raise Conflict(f"a user named {account.username!r} already exists") from None

    async def count(self) -> int:
        async with translate_database_errors(), self._engine.connect() as connection:
            return int((await connection.execute(select(func.count()).select_from(users))).scalar_one())
