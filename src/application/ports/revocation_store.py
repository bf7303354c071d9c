"""Tokens, sessions and users' sessions that may no longer be used, shared by every worker process."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class RevocationStore(Protocol):
    async def revoke_token(self, jti: str, expires_at: datetime) -> bool:
        """Revoke one token atomically. True if this call revoked it, False if it already was."""
        ...

    async def revoke_session(self, sid: str, expires_at: datetime) -> None:
        """Revoke every token of a session, present and future."""
        ...

    async def revoke_user_sessions(self, user_id: str, not_after: datetime, expires_at: datetime) -> None:
        """Revoke every session of a user that started at or before `not_after`.

        Kept until `expires_at`, when every such session has reached its maximum length anyway.
        """
        ...

    async def is_revoked(
        self,
        jti: str,
        sid: str,
        *,
        user_id: str | None = None,
        auth_time: int = 0,
        issued_at: int | None = None,
    ) -> bool:
        """True if the token, its session, or (given `user_id`) its user's sessions up to `auth_time`
        (epoch seconds) were revoked. A store that may lose its data (Redis without persistence) raises
        InvalidToken for a token `issued_at` (epoch seconds) before it last did."""
        ...
