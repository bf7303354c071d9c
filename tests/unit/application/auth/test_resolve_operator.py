"""The account a pipeline's uploads belong to, and why the built-in `system` account never logs in."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import (
    FakePasswordHasher,
    FakeTokenCodec,
    FixedClock,
    InMemoryRateLimiter,
    InMemoryUserRepository,
)

from application.errors import AuthenticationFailed, NotFound, PermissionDenied
from application.ports.user_repository import UserAccount
from application.use_cases.log_in import LogIn
from application.use_cases.resolve_operator import SYSTEM_USERNAME, ResolveOperator
from domain.auth.rate_limit import RateLimit
from domain.auth.role import Role
from domain.auth.token_policy import TokenPolicy

pytestmark = pytest.mark.unit

UPLOAD_ROLES = frozenset({Role.UPLOADER, Role.ADMIN})


def account(username: str, role: Role) -> UserAccount:
    return UserAccount(
        id=f"id-{username}",
        username=username,
        password_hash=f"{FakePasswordHasher.PREFIX}a long enough password",
        role=role,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


def resolver(users: InMemoryUserRepository) -> ResolveOperator:
    return ResolveOperator(users=users, clock=FixedClock(), upload_roles=UPLOAD_ROLES)


class AcceptingHasher(FakePasswordHasher):
    """Accepts any password for any hash: only an explicit refusal in LogIn keeps a disabled account out."""

    async def verify(self, password_hash: str, password: str) -> bool:
        self.verifications += 1
        return True


def log_in(users: InMemoryUserRepository, hasher: FakePasswordHasher) -> LogIn:
    return LogIn(
        codec=FakeTokenCodec(),
        users=users,
        hasher=hasher,
        rate_limiter=InMemoryRateLimiter(),
        clock=FixedClock(),
        policy=TokenPolicy(issuer="ingesta", audience="ingesta-api"),
        rate_limit=RateLimit.parse("20/minute"),
    )


async def test_without_a_name_the_system_account_is_created_once_and_then_reused() -> None:
    users = InMemoryUserRepository()

    first = await resolver(users)(None)
    second = await resolver(users)(None)

    assert first.username == SYSTEM_USERNAME and first.role is Role.UPLOADER
    assert second.id == first.id
    assert [a.username for a in users.added] == [SYSTEM_USERNAME]
    assert not first.can_log_in


async def test_a_named_account_that_may_upload_is_the_operator() -> None:
    users = InMemoryUserRepository(account("etl", Role.UPLOADER))

    operator = await resolver(users)("etl")

    assert operator.id == "id-etl" and operator.can_log_in


async def test_an_unknown_name_is_refused_and_no_account_is_created() -> None:
    users = InMemoryUserRepository()

    with pytest.raises(NotFound, match="ingesta users create"):
        await resolver(users)("nobody")
    assert users.added == []


async def test_an_account_whose_role_may_not_upload_is_refused() -> None:
    users = InMemoryUserRepository(account("viewer", Role.GUEST))

    with pytest.raises(PermissionDenied, match="viewer"):
        await resolver(users)("viewer")


async def test_the_system_account_cannot_log_in_whatever_the_password() -> None:
    users = InMemoryUserRepository()
    await resolver(users)(None)
    hasher = AcceptingHasher()

    with pytest.raises(AuthenticationFailed):
        await log_in(users, hasher)(client="1.2.3.4", username=SYSTEM_USERNAME, password="anything at all")
    # Refused before any hash is compared, with the same work as an unknown user.
    assert hasher.verifications == 0 and hasher.dummy_verifications == 1


async def test_the_system_account_takes_the_least_role_this_deployment_lets_upload() -> None:
    users = InMemoryUserRepository()
    only_admins = ResolveOperator(users=users, clock=FixedClock(), upload_roles=frozenset({Role.ADMIN}))

    operator = await only_admins(None)

    assert operator.role is Role.ADMIN and not operator.can_log_in
