from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import (
    FakeTokenCodec,
    FixedClock,
    InMemoryRateLimiter,
    InMemoryRevocationStore,
    InMemoryUserRepository,
)

from application.errors import InvalidToken
from application.use_cases.authenticate_token import AuthenticateToken
from application.use_cases.log_out import LogOut
from application.use_cases.renew_token import RenewToken
from domain.auth.role import Role
from domain.auth.token_policy import TokenPolicy

pytestmark = pytest.mark.unit

POLICY = TokenPolicy(issuer="ingesta", audience="ingesta-api", ttl_seconds=900, session_max_seconds=3600)


async def test_logout_revokes_every_token_of_the_session_until_it_would_end() -> None:
    codec, clock, revocations = FakeTokenCodec(), FixedClock(), InMemoryRevocationStore()
    claims = POLICY.issue(user_id="u", role=Role.GUEST, now=clock.now(), jti="j1", sid="session-1")
    first = codec.encode(claims)
    second = (
        await RenewToken(
            authenticate=AuthenticateToken(codec=codec, revocations=revocations),
            codec=codec,
            revocations=revocations,
            users=InMemoryUserRepository(),
            rate_limiter=InMemoryRateLimiter(),
            clock=clock,
            policy=POLICY,
        )(first)
    ).access_token
    authenticate = AuthenticateToken(codec=codec, revocations=revocations)

    await LogOut(revocations=revocations, policy=POLICY)(await authenticate(second))

    assert revocations.revoked_sessions == {
        "session-1": datetime.fromtimestamp(claims.auth_time + 3600, tz=UTC)
    }
    for token in (first, second):
        with pytest.raises(InvalidToken, match="revoked"):
            await authenticate(token)


async def test_logout_leaves_other_sessions_alone() -> None:
    codec, clock, revocations = FakeTokenCodec(), FixedClock(), InMemoryRevocationStore()
    mine = POLICY.issue(user_id="u", role=Role.GUEST, now=clock.now(), jti="j1", sid="s1")
    other = POLICY.issue(user_id="u", role=Role.GUEST, now=clock.now(), jti="j2", sid="s2")

    await LogOut(revocations=revocations, policy=POLICY)(mine)

    assert await AuthenticateToken(codec=codec, revocations=revocations)(codec.encode(other)) == other
