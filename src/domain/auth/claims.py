"""The claims of an Ingesta access token; every one is required when decoding."""

from __future__ import annotations

import msgspec

from domain.auth.role import Role


class TokenClaims(msgspec.Struct, frozen=True, kw_only=True):
    sub: str
    user_id: str
    role: Role
    iat: int
    nbf: int
    exp: int
    jti: str
    iss: str
    aud: str
    sid: str
    auth_time: int


REQUIRED_CLAIMS: tuple[str, ...] = TokenClaims.__struct_fields__
