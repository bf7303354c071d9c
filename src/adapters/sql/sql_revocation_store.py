"""Revoked tokens and sessions in the database, so every worker process sees the same list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.auth_tables import revoked_sessions, revoked_tokens
from adapters.sql.database_errors import translate_database_errors


class SqlRevocationStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def revoke_token(self, jti: str, expires_at: datetime) -> bool:
        # The primary key decides: of two concurrent inserts of one jti, exactly one commits.
        try:
            async with translate_database_errors(), self._engine.begin() as connection:
                await connection.execute(insert(revoked_tokens).values(jti=jti, expires_at=expires_at))
        except IntegrityError:
            return False
        return True

    async def revoke_session(self, sid: str, expires_at: datetime) -> None:
        try:
            async with translate_database_errors(), self._engine.begin() as connection:
                await connection.execute(insert(revoked_sessions).values(sid=sid, expires_at=expires_at))
        except IntegrityError:
            return  # already revoked: logging out twice is fine

    async def is_revoked(self, jti: str, sid: str, *, issued_at: int | None = None) -> bool:
        # The database keeps its rows across restarts, so a token's age needs no check here.
        token = select(revoked_tokens.c.jti).where(revoked_tokens.c.jti == jti)
        session = select(revoked_sessions.c.sid).where(revoked_sessions.c.sid == sid)
        query = select(1).where(or_(token.exists(), session.exists()))
        async with translate_database_errors(), self._engine.connect() as connection:
            return (await connection.execute(query)).first() is not None
