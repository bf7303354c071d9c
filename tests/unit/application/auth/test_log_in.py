from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import (
    FakePasswordHasher,
    FakeTokenCodec,
    FixedClock,
    InMemoryRateLimiter,
    InMemoryUserRepository,
)

from application.errors import AuthenticationFailed, RateLimited
from application.ports.user_repository import UserAccount
from application.use_cases.log_in import LogIn
from domain.auth.rate_limit import RateLimit
from domain.auth.role import Role
from domain.auth.token_policy import TokenPolicy

pytestmark = pytest.mark.unit

ALICE = UserAccount(
    id="0b8a4a52-2a47-4c5e-9d5b-6a1c3a0f5d11",
    username="alice",
    password_hash=FakePasswordHasher.PREFIX + "correct horse battery",
    role=Role.ADMIN,
    created_at=datetime(2025, 1, 1, tzinfo=UTC),
)


class Harness:
    def __init__(self, rate_limit: str = "20/minute", account_rate_limit: str = "10/minute") -> None:
        self.codec = FakeTokenCodec()
        self.users = InMemoryUserRepository(ALICE)
        self.hasher = FakePasswordHasher()
        self.rate_limiter = InMemoryRateLimiter()
        self.clock = FixedClock()
        self.log_in = LogIn(
            codec=self.codec,
            users=self.users,
            hasher=self.hasher,
            rate_limiter=self.rate_limiter,
            clock=self.clock,
            policy=TokenPolicy(issuer="ingesta", audience="ingesta-api"),
            rate_limit=RateLimit.parse(rate_limit),
            account_rate_limit=RateLimit.parse(account_rate_limit),
        )


async def test_anonymous_login_is_a_guest_with_a_new_uuid_each_time() -> None:
    harness = Harness()

    first = await harness.log_in(client="1.2.3.4", username=None, password=None)
    second = await harness.log_in(client="1.2.3.4", username=None, password=None)

    assert first.role == second.role == "guest"
    assert str(uuid.UUID(first.user_id)) == first.user_id
    assert first.user_id != second.user_id
    assert harness.codec.encoded[0].sid != harness.codec.encoded[1].sid


async def test_account_login_gets_the_accounts_own_id_and_role() -> None:
    harness = Harness()

    issued = await harness.log_in(client="c", username="alice", password="correct horse battery")

    assert (issued.user_id, issued.role) == (ALICE.id, "admin")
    claims = harness.codec.decode(issued.access_token)
    assert (claims.sub, claims.user_id, claims.role) == (ALICE.id, ALICE.id, "admin")


async def test_login_reports_the_token_lifetime() -> None:
    harness = Harness()

    issued = await harness.log_in(client="c", username=None, password=None)

    assert issued.token_type == "bearer"
    assert issued.expires_in == 900
    assert issued.expires_at == datetime.fromtimestamp(harness.clock.now().timestamp() + 900, tz=UTC)


async def test_unknown_user_and_wrong_password_fail_with_the_same_message() -> None:
    harness = Harness()

    with pytest.raises(AuthenticationFailed) as unknown:
        await harness.log_in(client="c", username="mallory", password="correct horse battery")
    with pytest.raises(AuthenticationFailed) as wrong:
        await harness.log_in(client="c", username="alice", password="wrong password!!")

    assert unknown.value.detail == wrong.value.detail
    assert harness.codec.encoded == []


async def test_an_unknown_user_still_costs_one_password_verification() -> None:
    harness = Harness()

    with pytest.raises(AuthenticationFailed):
        await harness.log_in(client="c", username="mallory", password="whatever password")

    assert harness.hasher.dummy_verifications == 1


async def test_an_empty_password_for_a_known_user_fails() -> None:
    harness = Harness()

    with pytest.raises(AuthenticationFailed):
        await harness.log_in(client="c", username="alice", password="")


async def test_too_many_logins_from_one_client_are_rate_limited_with_retry_after() -> None:
    harness = Harness(rate_limit="3/minute")
    harness.clock.moment = datetime(2025, 1, 1, 12, 0, 15, tzinfo=UTC)
    for _ in range(3):
        await harness.log_in(client="10.0.0.1", username=None, password=None)

    with pytest.raises(RateLimited) as limited:
        await harness.log_in(client="10.0.0.1", username=None, password=None)

    assert limited.value.retry_after == 45
    assert len(harness.codec.encoded) == 3


async def test_the_rate_limit_counts_each_client_separately_and_resets_with_the_window() -> None:
    harness = Harness(rate_limit="1/minute")
    await harness.log_in(client="10.0.0.1", username=None, password=None)

    await harness.log_in(client="10.0.0.2", username=None, password=None)
    harness.clock.advance(60)
    await harness.log_in(client="10.0.0.1", username=None, password=None)

    assert harness.rate_limiter.hits == {"login:anonymous:10.0.0.1": 2, "login:anonymous:10.0.0.2": 1}


async def test_failed_logins_count_against_the_rate_limit() -> None:
    harness = Harness(rate_limit="2/minute")
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            await harness.log_in(client="c", username="alice", password="guessing password")

    with pytest.raises(RateLimited):
        await harness.log_in(client="c", username="alice", password="correct horse battery")


async def test_password_attempts_for_one_account_are_limited_across_every_address() -> None:
    harness = Harness(rate_limit="100/minute", account_rate_limit="3/minute")
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        with pytest.raises(AuthenticationFailed):
            await harness.log_in(client=address, username="alice", password="guessing password")

    with pytest.raises(RateLimited) as limited:
        await harness.log_in(client="10.0.0.4", username="alice", password="correct horse battery")

    assert "account" in limited.value.detail
    assert harness.hasher.verifications == 3
    assert harness.codec.encoded == []


async def test_the_account_limit_counts_unknown_names_too_and_each_name_separately() -> None:
    harness = Harness(rate_limit="100/minute", account_rate_limit="1/minute")
    with pytest.raises(AuthenticationFailed):
        await harness.log_in(client="c", username="mallory", password="guessing password")

    with pytest.raises(RateLimited):
        await harness.log_in(client="c", username="mallory", password="guessing password")
    issued = await harness.log_in(client="c", username="alice", password="correct horse battery")

    assert issued.role == "admin"


async def test_anonymous_logins_do_not_use_up_the_password_logins_of_an_address() -> None:
    harness = Harness(rate_limit="2/minute")
    for _ in range(2):
        await harness.log_in(client="10.0.0.9", username=None, password=None)
    with pytest.raises(RateLimited):
        await harness.log_in(client="10.0.0.9", username=None, password=None)

    issued = await harness.log_in(client="10.0.0.9", username="alice", password="correct horse battery")

    assert issued.role == "admin"


async def test_a_huge_username_makes_a_short_rate_limit_key() -> None:
    harness = Harness()
    with pytest.raises(AuthenticationFailed):
        await harness.log_in(client="c", username="x" * 60_000 + "\x00", password="guessing password")

    assert all(len(key) <= 100 for key in harness.rate_limiter.hits)
