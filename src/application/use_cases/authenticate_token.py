"""AuthenticateToken: the verified claims of a presented bearer token, or InvalidToken."""

from __future__ import annotations

from application.errors import InvalidToken
from application.ports.revocation_store import RevocationStore
from application.ports.token_codec import TokenCodec
from domain.auth.claims import TokenClaims


class AuthenticateToken:
    def __init__(self, *, codec: TokenCodec, revocations: RevocationStore) -> None:
        self._codec = codec
        self._revocations = revocations

    async def __call__(self, token: str) -> TokenClaims:
        claims = self._codec.decode(token)
        if await self._revocations.is_revoked(
            claims.jti,
            claims.sid,
            user_id=claims.user_id,
            auth_time=claims.auth_time,
            issued_at=claims.iat,
        ):
            raise InvalidToken("the token has been revoked")
        return claims
