"""LogIn: an anonymous guest session, or a provisioned account's own role."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import datetime

from application.auth.issued_token import IssuedToken, issue
from application.errors import AuthenticationFailed, RateLimited
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.rate_limiter import RateLimiter
from application.ports.token_codec import TokenCodec
from application.ports.user_repository import UserRepository
from domain.auth.rate_limit import RateLimit
from domain.auth.role import Role
from domain.auth.token_policy import TokenPolicy

DEFAULT_ACCOUNT_RATE_LIMIT = RateLimit(limit=10, window_seconds=60)


def _digest(username: str) -> str:
    # Usernames are case-folded (some databases compare them so) and hashed: any length, any character
    # makes a short key.
    return hashlib.sha256(username.casefold().encode("utf-8", "surrogatepass")).hexdigest()[:32]


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
        account_rate_limit: RateLimit = DEFAULT_ACCOUNT_RATE_LIMIT,
    ) -> None:
        self._codec = codec
        self._users = users
        self._hasher = hasher
        self._rate_limiter = rate_limiter
        self._clock = clock
        self._policy = policy
        self._rate_limit = rate_limit
        self._account_rate_limit = account_rate_limit

    async def __call__(self, *, client: str, username: str | None, password: str | None) -> IssuedToken:
        now = self._clock.now()
        if username is None and password is None:
            # Guests have their own bucket: a crowd of anonymous visitors must not lock accounts out.
            await self._throttle(f"login:anonymous:{client}", self._rate_limit, now, "from this address")
            user_id, role = str(uuid.uuid4()), Role.GUEST
        else:
            await self._throttle(f"login:{client}", self._rate_limit, now, "from this address")
            # Per account as well, whatever the address: spreading guesses over many hosts does not help.
            account_key = f"login:account:{_digest(username or '')}"
            await self._throttle(account_key, self._account_rate_limit, now, "for this account")
            user_id, role = await self._verify(username or "", password or "")
        # 128 random bits each, written like uuid4().hex without building two UUID objects per login.
        claims = self._policy.issue(
            user_id=user_id, role=role, now=now, jti=os.urandom(16).hex(), sid=os.urandom(16).hex()
        )
        return issue(self._codec, claims)

    async def _throttle(self, key: str, rate_limit: RateLimit, now: datetime, scope: str) -> None:
        retry_after = await self._rate_limiter.hit(
            key, limit=rate_limit.limit, window_seconds=rate_limit.window_seconds, now=now
        )
        if retry_after is not None:
            raise RateLimited(f"too many logins {scope}; try again later", retry_after=retry_after)

    async def _verify(self, username: str, password: str) -> tuple[str, Role]:
        account = await self._users.get_by_username(username)
        if account is None or not account.can_log_in:
            await self._hasher.dummy_verify(password)
        elif await self._hasher.verify(account.password_hash, password) and not account.disabled:
            return account.id, account.role
        raise AuthenticationFailed("unknown user or wrong password")
