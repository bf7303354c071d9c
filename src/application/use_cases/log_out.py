"""LogOut: revoke every token of the presented token's session."""

from __future__ import annotations

from datetime import UTC, datetime

from application.ports.revocation_store import RevocationStore
from domain.auth.claims import TokenClaims
from domain.auth.token_policy import TokenPolicy


class LogOut:
    def __init__(self, *, revocations: RevocationStore, policy: TokenPolicy) -> None:
        self._revocations = revocations
        self._policy = policy

    async def __call__(self, claims: TokenClaims) -> None:
        # Kept until the session could no longer be renewed anyway, then it may be purged.
        ends_at = datetime.fromtimestamp(self._policy.session_ends_at(claims), tz=UTC)
        await self._revocations.revoke_session(claims.sid, ends_at)
