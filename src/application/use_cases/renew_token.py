"""RenewToken: a new token with time added, and the presented one revoked at once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from application.auth.issued_token import IssuedToken, issue
from application.errors import InvalidToken, RateLimited
from application.ports.clock import Clock
from application.ports.rate_limiter import RateLimiter
from application.ports.revocation_store import RevocationStore
from application.ports.token_codec import TokenCodec
from application.ports.user_repository import UserRepository
from application.use_cases.authenticate_token import AuthenticateToken
from domain.auth.claims import TokenClaims
from domain.auth.rate_limit import RateLimit
from domain.auth.role import Role
from domain.auth.token_policy import TokenNotRenewable, TokenPolicy

DEFAULT_RENEW_RATE_LIMIT = RateLimit(limit=10, window_seconds=60)


class RenewToken:
    """Only an unexpired, unrevoked token of a live account renews; of two concurrent renewals one wins.

    The account is read again, so a deleted or disabled account stops at its next renewal and a changed
    role takes effect in the renewed token.
    """

    def __init__(
        self,
        *,
        authenticate: AuthenticateToken,
        codec: TokenCodec,
        revocations: RevocationStore,
        users: UserRepository,
        rate_limiter: RateLimiter,
        clock: Clock,
        policy: TokenPolicy,
        rate_limit: RateLimit = DEFAULT_RENEW_RATE_LIMIT,
    ) -> None:
        self._authenticate = authenticate
        self._codec = codec
        self._revocations = revocations
        self._users = users
        self._rate_limiter = rate_limiter
        self._clock = clock
        self._policy = policy
        self._rate_limit = rate_limit

    async def __call__(self, token: str) -> IssuedToken:
        claims = await self._authenticate(token)
        now = self._clock.now()
        await self._throttle(claims, now)
        role = await self._current_role(claims)
        try:
            renewed = self._policy.renew(claims, now=now, jti=uuid.uuid4().hex, role=role)
        except TokenNotRenewable as refusal:
            raise InvalidToken(str(refusal)) from refusal
        # The atomic revoke is the arbiter between concurrent renewals of the same token.
        if not await self._revocations.revoke_token(claims.jti, datetime.fromtimestamp(claims.exp, tz=UTC)):
            raise InvalidToken("the token has been revoked")
        return issue(self._codec, renewed)

    async def _throttle(self, claims: TokenClaims, now: datetime) -> None:
        # Every renewal leaves a revocation behind; a session renewing in a loop would fill the store.
        retry_after = await self._rate_limiter.hit(
            f"renew:{claims.sid}",
            limit=self._rate_limit.limit,
            window_seconds=self._rate_limit.window_seconds,
            now=now,
        )
        if retry_after is not None:
            raise RateLimited("this session renews too often; try again later", retry_after=retry_after)

    async def _current_role(self, claims: TokenClaims) -> Role | None:
        account = await self._users.get_by_id(claims.user_id)
        if account is None:
            if claims.role == Role.GUEST.value:
                return None  # an anonymous session: there never was an account
            raise InvalidToken("the account no longer exists; log in again")
        if account.disabled:
            raise InvalidToken("the account is disabled")
        return account.role
