"""What login and renewal hand back: the token and the facts a client needs about it."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec

from application.ports.token_codec import TokenCodec
from domain.auth.claims import TokenClaims
from domain.auth.role import Role


class IssuedToken(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    expires_at: datetime
    user_id: str
    role: Role


def issue(codec: TokenCodec, claims: TokenClaims) -> IssuedToken:
    return IssuedToken(
        access_token=codec.encode(claims),
        expires_in=claims.exp - claims.iat,
        expires_at=datetime.fromtimestamp(claims.exp, tz=UTC),
        user_id=claims.user_id,
        role=claims.role,
    )
