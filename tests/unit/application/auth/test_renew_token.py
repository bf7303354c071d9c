from __future__ import annotations

import asyncio
import uuid

import msgspec
import pytest
from tests.support.auth_fakes import (
    FakePasswordHasher,
    FakeTokenCodec,
    FixedClock,
    InMemoryRateLimiter,
    InMemoryRevocationStore,
    InMemoryUserRepository,
)

from application.auth.issued_token import IssuedToken
from application.errors import InvalidToken, RateLimited
from application.ports.user_repository import UserAccount
from application.use_cases.authenticate_token import AuthenticateToken
from application.use_cases.log_in import LogIn
from application.use_cases.renew_token import RenewToken
from domain.auth.rate_limit import RateLimit
from domain.auth.role import Role
from domain.auth.token_policy import TokenPolicy

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery"
POLICY = TokenPolicy(issuer="ingesta", audience="ingesta-api", ttl_seconds=900, session_max_seconds=3600)


class Harness:
    def __init__(self) -> None:
        self.codec = FakeTokenCodec()
        self.clock = FixedClock()
        self.revocations = InMemoryRevocationStore()
        self.users = InMemoryUserRepository()
        self.rate_limiter = InMemoryRateLimiter()
        self.renew = RenewToken(
            authenticate=AuthenticateToken(codec=self.codec, revocations=self.revocations),
            codec=self.codec,
            revocations=self.revocations,
            users=self.users,
            rate_limiter=self.rate_limiter,
            clock=self.clock,
            policy=POLICY,
            rate_limit=RateLimit(limit=1000, window_seconds=60),
        )

    async def log_in(self, username: str | None = None) -> IssuedToken:
        log_in = LogIn(
            codec=self.codec,
            users=self.users,
            hasher=FakePasswordHasher(),
            rate_limiter=InMemoryRateLimiter(),
            clock=self.clock,
            policy=POLICY,
            rate_limit=RateLimit(limit=100, window_seconds=60),
        )
        password = None if username is None else PASSWORD
        return await log_in(client="c", username=username, password=password)

    async def add_account(self, username: str, role: Role) -> UserAccount:
        account = UserAccount(
            id=str(uuid.uuid4()),
            username=username,
            password_hash=FakePasswordHasher.PREFIX + PASSWORD,
            role=role,
            created_at=self.clock.now(),
        )
        await self.users.add(account)
        return account


async def test_renewal_adds_time_and_keeps_the_session() -> None:
    harness = Harness()
    first = await harness.log_in()
    harness.clock.advance(300)

    second = await harness.renew(first.access_token)

    old, new = harness.codec.decode(first.access_token), harness.codec.decode(second.access_token)
    assert new.exp == int(harness.clock.now().timestamp()) + 900 == old.exp + 300
    assert (new.user_id, new.role, new.sid, new.auth_time) == (old.user_id, old.role, old.sid, old.auth_time)
    assert new.jti != old.jti
    assert second.expires_in == 900


async def test_renewal_asks_the_authentication_it_was_given() -> None:
    harness = Harness()
    first = await harness.log_in()
    seen: list[str] = []

    class RecordingAuthentication(AuthenticateToken):
        async def __call__(self, token: str):  # type: ignore[no-untyped-def]
            seen.append(token)
            return await super().__call__(token)

    renew = RenewToken(
        authenticate=RecordingAuthentication(codec=harness.codec, revocations=harness.revocations),
        codec=harness.codec,
        revocations=harness.revocations,
        users=harness.users,
        rate_limiter=harness.rate_limiter,
        clock=harness.clock,
        policy=POLICY,
    )

    await renew(first.access_token)

    assert seen == [first.access_token]


async def test_renewal_revokes_the_presented_token() -> None:
    harness = Harness()
    first = await harness.log_in()

    await harness.renew(first.access_token)

    old = harness.codec.decode(first.access_token)
    assert old.jti in harness.revocations.revoked_tokens
    assert harness.revocations.revoked_tokens[old.jti].timestamp() == old.exp


async def test_a_revoked_token_does_not_renew() -> None:
    harness = Harness()
    first = await harness.log_in()
    await harness.renew(first.access_token)

    with pytest.raises(InvalidToken, match="revoked"):
        await harness.renew(first.access_token)


async def test_the_renewed_token_renews_again() -> None:
    harness = Harness()
    first = await harness.log_in()
    second = await harness.renew(first.access_token)

    third = await harness.renew(second.access_token)

    assert harness.codec.decode(third.access_token).sid == harness.codec.decode(first.access_token).sid


async def test_an_expired_token_does_not_renew_and_is_not_revoked() -> None:
    harness = Harness()
    first = await harness.log_in()
    harness.clock.advance(900)

    with pytest.raises(InvalidToken, match="expired"):
        await harness.renew(first.access_token)

    assert harness.revocations.revoked_tokens == {}


async def test_a_token_of_a_logged_out_session_does_not_renew() -> None:
    harness = Harness()
    first = await harness.log_in()
    claims = harness.codec.decode(first.access_token)
    await harness.revocations.revoke_session(claims.sid, harness.clock.now())

    with pytest.raises(InvalidToken):
        await harness.renew(first.access_token)


async def test_a_malformed_token_does_not_renew() -> None:
    with pytest.raises(InvalidToken):
        await Harness().renew("not a token")


async def test_of_two_concurrent_renewals_of_one_token_exactly_one_succeeds() -> None:
    harness = Harness()
    first = await harness.log_in()

    outcomes = await asyncio.gather(
        harness.renew(first.access_token), harness.renew(first.access_token), return_exceptions=True
    )

    assert sum(isinstance(outcome, IssuedToken) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, InvalidToken) for outcome in outcomes) == 1


async def test_of_ten_concurrent_renewals_exactly_one_succeeds() -> None:
    harness = Harness()
    first = await harness.log_in()

    outcomes = await asyncio.gather(
        *(harness.renew(first.access_token) for _ in range(10)), return_exceptions=True
    )

    assert [type(outcome) for outcome in outcomes].count(IssuedToken) == 1
    assert all(isinstance(outcome, (IssuedToken, InvalidToken)) for outcome in outcomes)


async def test_a_deleted_account_does_not_renew() -> None:
    harness = Harness()
    admin = await harness.add_account("root", Role.ADMIN)
    first = await harness.log_in("root")
    await harness.users.delete(admin.id)

    with pytest.raises(InvalidToken, match="no longer exists"):
        await harness.renew(first.access_token)


async def test_a_disabled_account_does_not_renew() -> None:
    harness = Harness()
    admin = await harness.add_account("root", Role.ADMIN)
    first = await harness.log_in("root")
    await harness.users.update(msgspec.structs.replace(admin, disabled=True))

    with pytest.raises(InvalidToken, match="disabled"):
        await harness.renew(first.access_token)


async def test_a_renewed_token_carries_the_accounts_current_role() -> None:
    harness = Harness()
    admin = await harness.add_account("root", Role.ADMIN)
    first = await harness.log_in("root")
    await harness.users.update(msgspec.structs.replace(admin, role=Role.UPLOADER))

    renewed = await harness.renew(first.access_token)

    assert renewed.role == "uploader"
    assert harness.codec.decode(renewed.access_token).role == "uploader"


async def test_an_anonymous_session_keeps_renewing_without_an_account() -> None:
    harness = Harness()
    first = await harness.log_in()

    renewed = await harness.renew(first.access_token)

    assert renewed.role == "guest"


async def test_renewals_of_one_session_are_rate_limited() -> None:
    harness = Harness()
    harness.renew._rate_limit = RateLimit(limit=2, window_seconds=60)
    token = (await harness.log_in()).access_token
    for _ in range(2):
        token = (await harness.renew(token)).access_token

    with pytest.raises(RateLimited, match="renews too often"):
        await harness.renew(token)

    assert harness.rate_limiter.hits == {f"renew:{harness.codec.decode(token).sid}": 3}
    assert len(harness.revocations.revoked_tokens) == 2
