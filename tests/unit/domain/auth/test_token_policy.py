from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from domain.auth.claims import REQUIRED_CLAIMS, TokenClaims
from domain.auth.role import Role
from domain.auth.token_policy import TokenNotRenewable, TokenPolicy

pytestmark = pytest.mark.unit

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
POLICY = TokenPolicy(issuer="ingesta", audience="ingesta-api", ttl_seconds=900, session_max_seconds=3600)


def issued(now: datetime = START) -> TokenClaims:
    return POLICY.issue(user_id="user-1", role=Role.UPLOADER, now=now, jti="jti-1", sid="sid-1")


def test_an_issued_token_lives_exactly_the_ttl() -> None:
    claims = issued()

    assert claims.exp - claims.iat == 900
    assert claims.iat == claims.nbf == claims.auth_time == int(START.timestamp())


def test_an_issued_token_carries_every_required_claim() -> None:
    claims = issued()

    assert claims.sub == claims.user_id == "user-1"
    assert claims.role == "uploader"
    assert (claims.iss, claims.aud, claims.jti, claims.sid) == ("ingesta", "ingesta-api", "jti-1", "sid-1")
    assert set(REQUIRED_CLAIMS) == {
        "sub", "user_id", "role", "iat", "nbf", "exp", "jti", "iss", "aud", "sid", "auth_time"
    }  # fmt: skip


def test_renewal_adds_time_from_now_and_keeps_the_session_identity() -> None:
    claims = issued()
    later = START + timedelta(seconds=600)

    renewed = POLICY.renew(claims, now=later, jti="jti-2")

    assert renewed.exp == int(later.timestamp()) + 900
    assert renewed.exp > claims.exp
    assert renewed.iat == renewed.nbf == int(later.timestamp())
    assert (renewed.user_id, renewed.sub, renewed.role) == (claims.user_id, claims.sub, claims.role)
    assert (renewed.sid, renewed.auth_time) == (claims.sid, claims.auth_time)
    assert renewed.jti == "jti-2" != claims.jti


def test_renewal_at_exactly_exp_is_refused() -> None:
    claims = issued()

    with pytest.raises(TokenNotRenewable, match="expired"):
        POLICY.renew(claims, now=datetime.fromtimestamp(claims.exp, tz=UTC), jti="jti-2")


def test_renewal_one_second_before_exp_is_allowed() -> None:
    claims = issued()

    renewed = POLICY.renew(claims, now=datetime.fromtimestamp(claims.exp - 1, tz=UTC), jti="jti-2")

    assert renewed.exp == claims.exp - 1 + 900


def test_renewal_past_the_session_maximum_is_refused() -> None:
    # A long-lived token policy would let the token outlive the session; the session cap still holds.
    lenient = TokenPolicy(issuer="i", audience="a", ttl_seconds=900, session_max_seconds=1000)
    claims = msgspec.structs.replace(issued(), exp=int(START.timestamp()) + 5000)

    with pytest.raises(TokenNotRenewable, match="maximum length"):
        lenient.renew(claims, now=START + timedelta(seconds=1000), jti="jti-2")


def test_a_token_never_outlives_its_session() -> None:
    claims = issued()
    for elapsed in (800, 1600, 2400):
        claims = POLICY.renew(claims, now=START + timedelta(seconds=elapsed), jti=f"jti-{elapsed}")
    near_the_end = START + timedelta(seconds=3200)

    renewed = POLICY.renew(claims, now=near_the_end, jti="jti-last")

    assert renewed.exp == renewed.auth_time + 3600
    assert renewed.exp < int(near_the_end.timestamp()) + 900


def test_a_ttl_longer_than_the_session_is_capped_at_issue() -> None:
    short_sessions = TokenPolicy(issuer="i", audience="a", ttl_seconds=900, session_max_seconds=300)

    claims = short_sessions.issue(user_id="u", role=Role.GUEST, now=START, jti="j", sid="s")

    assert claims.exp == int(START.timestamp()) + 300


def test_renewals_chain_until_the_session_cap_and_then_stop() -> None:
    claims, now = issued(), START
    while True:
        now += timedelta(seconds=800)
        try:
            claims = POLICY.renew(claims, now=now, jti=f"jti-{now.timestamp()}")
        except TokenNotRenewable:
            break
        assert claims.exp <= claims.auth_time + 3600

    assert int(now.timestamp()) >= claims.exp
