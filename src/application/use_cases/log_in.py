"""LogIn: an anonymous guest session, or a provisioned account's own role."""

from __future__ import annotations

import uuid

from application.errors import AuthenticationFailed, RateLimited
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.rate_limiter import RateLimiter
from application.ports.token_codec import TokenCodec
from application.ports.user_repository import UserRepository
from application.use_cases.issued_token import IssuedToken, issue
from domain.auth.rate_limit import RateLimit
from domain.auth.role import Role
from domain.auth.token_policy import TokenPolicy


class LogIn:
    """Issue a token for a new session; the role comes from server state, never from the request."""

    def __init__(
        self,
        *,
        codec: TokenCodec,
        users: UserRepository,
        hasher: PasswordHasher,
        rate_limiter: RateLimiter,
        clock: Clock,
        policy: TokenPolicy,
        rate_limit: RateLimit,
    ) -> None:
        self._codec = codec
        self._users = users
        self._hasher = hasher
        self._rate_limiter = rate_limiter
        self._clock = clock
        self._policy = policy
        self._rate_limit = rate_limit

    async def __call__(self, *, client: str, username: str | None, password: str | None) -> IssuedToken:
        now = self._clock.now()
        retry_after = await self._rate_limiter.hit(
            f"login:{client}",
            limit=self._rate_limit.limit,
            window_seconds=self._rate_limit.window_seconds,
            now=now,
        )
        if retry_after is not None:
            raise RateLimited("too many logins from this address; try again later", retry_after=retry_after)
        if username is None and password is None:
            user_id, role = str(uuid.uuid4()), Role.GUEST
        else:
            user_id, role = await self._verify(username or "", password or "")
        claims = self._policy.issue(
            user_id=user_id, role=role, now=now, jti=uuid.uuid4().hex, sid=uuid.uuid4().hex
        )
        return issue(self._codec, claims)

    async def _verify(self, username: str, password: str) -> tuple[str, Role]:
        account = await self._users.get_by_username(username)
        if account is None:
            await self._hasher.dummy_verify(password)
        elif await self._hasher.verify(account.password_hash, password):
            return account.id, account.role
        raise AuthenticationFailed("unknown user or wrong password")
