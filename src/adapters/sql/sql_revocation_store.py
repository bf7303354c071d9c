"""Revoked tokens, sessions and users' sessions in the database, seen by every worker process."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sql.auth_tables import revoked_sessions, revoked_tokens, revoked_users
from adapters.sql.database_errors import translate_database_errors

PURGE_INTERVAL_SECONDS = 60.0


class SqlRevocationStore:
    """Rows are kept until the token or session they name could no longer be used, then purged."""

    def __init__(self, engine: AsyncEngine, *, margin_seconds: int = 300) -> None:
        self._engine = engine
        # Decoding accepts a token a little past its exp (the leeway); a revocation must outlive that.
        self._margin = margin_seconds
        self._last_purge = float("-inf")

    async def revoke_token(self, jti: str, expires_at: datetime) -> bool:
        # The primary key decides: of two concurrent inserts of one jti, exactly one commits.
        try:
            async with translate_database_errors(), self._engine.begin() as connection:
                await connection.execute(insert(revoked_tokens).values(jti=jti, expires_at=expires_at))
        except IntegrityError:
            return False
        await self._purge_now_and_then()
        return True

    async def revoke_session(self, sid: str, expires_at: datetime) -> None:
        try:
            async with translate_database_errors(), self._engine.begin() as connection:
                await connection.execute(insert(revoked_sessions).values(sid=sid, expires_at=expires_at))
        except IntegrityError:
            return  # already revoked: logging out twice is fine
        await self._purge_now_and_then()

    async def revoke_user_sessions(self, user_id: str, not_after: datetime, expires_at: datetime) -> None:
        values = {"not_after": not_after, "expires_at": expires_at}
        match = revoked_users.c.user_id == user_id
        for attempt in range(2):
            try:
                async with translate_database_errors(), self._engine.begin() as connection:
                    if (await connection.execute(update(revoked_users).where(match).values(values))).rowcount:
                        return
                    await connection.execute(insert(revoked_users).values(user_id=user_id, **values))
                    return
            except IntegrityError:
                if attempt:  # a concurrent first revocation inserted the row; the update wins now
                    raise

    async def is_revoked(
        self,
        jti: str,
        sid: str,
        *,
        user_id: str | None = None,
        auth_time: int = 0,
        issued_at: int | None = None,
    ) -> bool:
        # The database keeps its rows across restarts, so a token's age (`issued_at`) needs no check.
        conditions = [
            select(revoked_tokens.c.jti).where(revoked_tokens.c.jti == jti).exists(),
            select(revoked_sessions.c.sid).where(revoked_sessions.c.sid == sid).exists(),
        ]
        if user_id is not None and "\x00" not in user_id:
            session_start = datetime.fromtimestamp(auth_time, tz=UTC)
            cutoff = (revoked_users.c.user_id == user_id) & (revoked_users.c.not_after >= session_start)
            conditions.append(select(revoked_users.c.user_id).where(cutoff).exists())
        async with translate_database_errors(), self._engine.connect() as connection:
            return (await connection.execute(select(1).where(or_(*conditions)))).first() is not None

    async def purge_expired(self, now: datetime | None = None) -> int:
        """Delete revocations whose tokens could no longer be used anyway; the number deleted."""
        moment = (now or datetime.now(UTC)).timestamp() - self._margin
        cutoff = datetime.fromtimestamp(moment, tz=UTC)
        async with translate_database_errors(), self._engine.begin() as connection:
            return await _delete_before(connection, cutoff)

    async def _purge_now_and_then(self) -> None:
        # At most once a minute per process: cheap, and the tables stay as small as the live tokens.
        if time.monotonic() - self._last_purge < PURGE_INTERVAL_SECONDS:
            return
        self._last_purge = time.monotonic()
        await self.purge_expired()


async def _delete_before(connection: AsyncConnection, cutoff: datetime) -> int:
    deleted = 0
    for table in (revoked_tokens, revoked_sessions, revoked_users):
        deleted += (await connection.execute(delete(table).where(table.c.expires_at < cutoff))).rowcount
    return deleted
