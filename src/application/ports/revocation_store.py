"""Tokens and sessions that may no longer be used, shared by every worker process."""

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

    async def is_revoked(self, jti: str, sid: str, *, issued_at: int | None = None) -> bool:
        """True if the token or its session was revoked. A store that may lose its data (Redis without
        persistence) raises InvalidToken for a token `issued_at` (epoch seconds) before it last did."""
        ...
