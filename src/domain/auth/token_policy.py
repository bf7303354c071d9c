"""When tokens are issued and renewed, and for how long: pure rules, time passed in."""

from __future__ import annotations

from datetime import datetime

import msgspec

from domain.auth.claims import TokenClaims
from domain.auth.role import Role
from domain.errors import DomainError


class TokenNotRenewable(DomainError):
    """The presented token may not be renewed; the message says why."""


class TokenPolicy(msgspec.Struct, frozen=True, kw_only=True):
    issuer: str
    audience: str
    ttl_seconds: int = 900
    session_max_seconds: int = 28_800

    def issue(self, *, user_id: str, role: Role, now: datetime, jti: str, sid: str) -> TokenClaims:
        """A token for a new session starting now."""
        start = int(now.timestamp())
        return self._claims(user_id=user_id, role=role, start=start, iat=start, jti=jti, sid=sid)

    def renew(self, claims: TokenClaims, *, now: datetime, jti: str, role: Role | None = None) -> TokenClaims:
        """A token for the same session with time added; only while `claims` is unexpired.

        `role` is the account's current role (read again at renewal); None keeps the token's own, which is
        only right for anonymous sessions, whose role no account can change.

        Renewal ignores the decoding leeway: a token past its `exp` is expired for renewal even if a
        clock-skew allowance still accepts it elsewhere.
        """
        moment = int(now.timestamp())
        if moment >= claims.exp:
            raise TokenNotRenewable("the token has expired; log in again")
        if moment >= self.session_ends_at(claims):
            raise TokenNotRenewable("the session has reached its maximum length; log in again")
        return self._claims(
            user_id=claims.user_id,
            role=claims.role if role is None else role,
            start=claims.auth_time,
            iat=moment,
            jti=jti,
            sid=claims.sid,
        )

    def session_ends_at(self, claims: TokenClaims) -> int:
        return claims.auth_time + self.session_max_seconds

    def _claims(self, *, user_id: str, role: Role, start: int, iat: int, jti: str, sid: str) -> TokenClaims:
        # A token never outlives its session, so the absolute cap holds even between renewals.
        exp = min(iat + self.ttl_seconds, start + self.session_max_seconds)
        return TokenClaims(
            sub=user_id,
            user_id=user_id,
            role=role,
            iat=iat,
            nbf=iat,
            exp=exp,
            jti=jti,
            iss=self.issuer,
            aud=self.audience,
            sid=sid,
            auth_time=start,
        )
