"""Hand-written fakes of the auth ports; each exposes the state a test asserts on."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import msgspec

from application.errors import InvalidToken, UsernameTaken
from application.ports.user_repository import UserAccount
from domain.auth.claims import TokenClaims


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, moment: datetime | None = None) -> None:
        self.moment = moment or datetime(2025, 1, 1, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


class InMemoryRevocationStore:
    """Revoked jtis and sids in sets; `revoke_token` yields once so concurrent callers really interleave."""

    def __init__(self) -> None:
        self.revoked_tokens: dict[str, datetime] = {}
        self.revoked_sessions: dict[str, datetime] = {}
        # user id -> (sessions started at or before this moment are revoked, kept until)
        self.revoked_users: dict[str, tuple[datetime, datetime]] = {}

    async def revoke_token(self, jti: str, expires_at: datetime) -> bool:
        await asyncio.sleep(0)
        # Check-and-set with no await in between: atomic within one event loop, like SET NX or a PK insert.
        if jti in self.revoked_tokens:
            return False
        self.revoked_tokens[jti] = expires_at
        return True

    async def revoke_session(self, sid: str, expires_at: datetime) -> None:
        self.revoked_sessions[sid] = expires_at

    async def revoke_user_sessions(self, user_id: str, not_after: datetime, expires_at: datetime) -> None:
        self.revoked_users[user_id] = (not_after, expires_at)

    async def is_revoked(
        self,
        jti: str,
        sid: str,
        *,
        user_id: str | None = None,
        auth_time: int = 0,
        issued_at: int | None = None,
    ) -> bool:
        cutoff = self.revoked_users.get(user_id or "")
        if cutoff is not None and auth_time <= cutoff[0].timestamp():
            return True
        return jti in self.revoked_tokens or sid in self.revoked_sessions


class InMemoryUserRepository:
    """Accounts by username; `added` keeps the order in which they were stored."""

    def __init__(self, *accounts: UserAccount) -> None:
        self.added: list[UserAccount] = list(accounts)

    async def get_by_username(self, username: str) -> UserAccount | None:
        return next((account for account in self.added if account.username == username), None)

    async def get_by_id(self, user_id: str) -> UserAccount | None:
        return next((account for account in self.added if account.id == user_id), None)

    async def list_all(self) -> list[UserAccount]:
        return sorted(self.added, key=lambda account: account.username)

    async def update(self, account: UserAccount) -> None:
        self.added = [account if stored.id == account.id else stored for stored in self.added]

    async def delete(self, user_id: str) -> None:
        """Not a port method: tests remove an account the way an operator would in the database."""
        self.added = [stored for stored in self.added if stored.id != user_id]

    async def add(self, account: UserAccount) -> None:
        if await self.get_by_username(account.username) is not None:
            raise UsernameTaken(account.username)
        self.added.append(account)

    async def count(self) -> int:
        return len(self.added)


class InMemoryRateLimiter:
    """Fixed windows like the real limiters; `hits` counts every attempt per key."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self._windows: dict[tuple[str, int], int] = {}

    async def hit(self, key: str, *, limit: int, window_seconds: int, now: datetime) -> int | None:
        moment = int(now.timestamp())
        window_start = moment - moment % window_seconds
        self.hits[key] = self.hits.get(key, 0) + 1
        count = self._windows[(key, window_start)] = self._windows.get((key, window_start), 0) + 1
        if count <= limit:
            return None
        return max(1, window_start + window_seconds - moment)


class FakePasswordHasher:
    """A reversible "hash" so tests can read it; counts verifications to show equal work per failure."""

    PREFIX = "fake-hash:"

    def __init__(self) -> None:
        self.verifications = 0
        self.dummy_verifications = 0

    async def hash(self, password: str) -> str:
        return f"{self.PREFIX}{password}"

    async def verify(self, password_hash: str, password: str) -> bool:
        self.verifications += 1
        return password_hash == f"{self.PREFIX}{password}"

    async def dummy_verify(self, password: str) -> None:
        self.dummy_verifications += 1


class FakeTokenCodec:
    """Tokens are readable JSON with a marker; `decode` refuses anything it did not encode.

    It checks no times, so a use case's own expiry rules are what a test exercises.
    """

    MARKER = "fake-token:"

    def __init__(self) -> None:
        self.encoded: list[TokenClaims] = []

    def encode(self, claims: TokenClaims) -> str:
        self.encoded.append(claims)
        return self.MARKER + msgspec.json.encode(claims).decode()

    def decode(self, token: str) -> TokenClaims:
        if not token.startswith(self.MARKER):
            raise InvalidToken("the token is malformed")
        try:
            return msgspec.json.decode(token.removeprefix(self.MARKER), type=TokenClaims)
        except msgspec.ValidationError:
            raise InvalidToken("the token is malformed") from None
