from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.support.auth_fakes import (
    FakePasswordHasher,
    FakeTokenCodec,
    FixedClock,
    InMemoryRateLimiter,
    InMemoryRevocationStore,
    InMemoryUserRepository,
)

from application.errors import AuthenticationFailed, InvalidInput, InvalidToken, NotFound
from application.ports.user_repository import UserAccount
from application.use_cases.authenticate_token import AuthenticateToken
from application.use_cases.list_users import ListUsers
from application.use_cases.log_in import LogIn
from application.use_cases.revoke_user_sessions import RevokeUserSessions
from application.use_cases.update_user import UpdateUser
from domain.auth.rate_limit import RateLimit
from domain.auth.role import Role
from domain.auth.token_policy import TokenPolicy

pytestmark = pytest.mark.unit

PASSWORD = "correct horse battery"
POLICY = TokenPolicy(issuer="ingesta", audience="ingesta-api", session_max_seconds=3600)


class Harness:
    def __init__(self) -> None:
        self.clock = FixedClock()
        self.codec = FakeTokenCodec()
        self.revocations = InMemoryRevocationStore()
        self.users = InMemoryUserRepository(
            *(
                UserAccount(
                    id=f"id-{name}",
                    username=name,
                    password_hash=FakePasswordHasher.PREFIX + PASSWORD,
                    role=role,
                    created_at=datetime(2025, 1, 1, tzinfo=UTC),
                )
                for name, role in (("zoe", Role.UPLOADER), ("ana", Role.ADMIN))
            )
        )
        self.revoke = RevokeUserSessions(
            users=self.users, revocations=self.revocations, clock=self.clock, policy=POLICY
        )
        self.update = UpdateUser(users=self.users, revoke_sessions=self.revoke)
        self.authenticate = AuthenticateToken(codec=self.codec, revocations=self.revocations)
        self.log_in = LogIn(
            codec=self.codec,
            users=self.users,
            hasher=FakePasswordHasher(),
            rate_limiter=InMemoryRateLimiter(),
            clock=self.clock,
            policy=POLICY,
            rate_limit=RateLimit(limit=100, window_seconds=60),
        )

    async def token_of(self, username: str) -> str:
        return (await self.log_in(client="c", username=username, password=PASSWORD)).access_token


async def test_users_are_listed_by_name_without_password_hashes() -> None:
    views = await ListUsers(users=Harness().users)()

    assert [(view.username, view.role, view.disabled) for view in views] == [
        ("ana", "admin", False),
        ("zoe", "uploader", False),
    ]
    assert not hasattr(views[0], "password_hash")


async def test_revoking_sessions_ends_every_existing_token_but_not_later_logins() -> None:
    harness = Harness()
    first, second = await harness.token_of("zoe"), await harness.token_of("zoe")
    other = await harness.token_of("ana")

    await harness.revoke("zoe")
    harness.clock.advance(1)
    later = await harness.token_of("zoe")

    for token in (first, second):
        with pytest.raises(InvalidToken, match="revoked"):
            await harness.authenticate(token)
    assert (await harness.authenticate(later)).user_id == "id-zoe"
    assert (await harness.authenticate(other)).user_id == "id-ana"
    assert harness.revocations.revoked_users["id-zoe"][1] == harness.clock.now() - timedelta(
        seconds=1
    ) + timedelta(seconds=3600)


async def test_disabling_revokes_sessions_and_refuses_logins_until_enabled() -> None:
    harness = Harness()
    token = await harness.token_of("zoe")

    view = await harness.update("zoe", disabled=True)
    harness.clock.advance(1)

    assert view.disabled
    with pytest.raises(InvalidToken):
        await harness.authenticate(token)
    with pytest.raises(AuthenticationFailed):
        await harness.token_of("zoe")
    await harness.update("zoe", disabled=False)
    assert (await harness.authenticate(await harness.token_of("zoe"))).role == "uploader"


async def test_a_new_role_is_stored_and_existing_sessions_stay() -> None:
    harness = Harness()
    token = await harness.token_of("ana")

    view = await harness.update("ana", role=Role.UPLOADER)

    assert view.role == "uploader"
    assert (await harness.users.get_by_username("ana")).role is Role.UPLOADER  # type: ignore[union-attr]
    assert (await harness.authenticate(token)).role == "admin"  # until its renewal re-reads the account


async def test_unknown_users_and_empty_changes_are_refused() -> None:
    harness = Harness()

    with pytest.raises(NotFound):
        await harness.revoke("nobody")
    with pytest.raises(NotFound):
        await harness.update("nobody", disabled=True)
    with pytest.raises(InvalidInput):
        await harness.update("zoe")
