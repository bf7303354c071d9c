from __future__ import annotations

import pytest
from tests.support.auth_fakes import FakePasswordHasher, FixedClock, InMemoryUserRepository

from application.errors import Conflict, InvalidInput
from application.use_cases.create_user import MIN_PASSWORD_LENGTH, CreateUser
from domain.auth.role import Role

pytestmark = pytest.mark.unit

GOOD_PASSWORD = "a long enough password"


def create_user(users: InMemoryUserRepository) -> CreateUser:
    return CreateUser(users=users, hasher=FakePasswordHasher(), clock=FixedClock())


async def test_create_user_stores_the_account_with_a_hash_not_the_password() -> None:
    users = InMemoryUserRepository()

    account = await create_user(users)(
        username="alice@example.org", password=GOOD_PASSWORD, role=Role.UPLOADER
    )

    assert users.added == [account]
    assert account.role is Role.UPLOADER
    assert account.password_hash == FakePasswordHasher.PREFIX + GOOD_PASSWORD != GOOD_PASSWORD
    assert account.created_at == FixedClock().now()


async def test_create_user_refuses_a_short_password_and_stores_nothing() -> None:
    users = InMemoryUserRepository()

    with pytest.raises(InvalidInput, match=f"at least {MIN_PASSWORD_LENGTH} characters"):
        await create_user(users)(username="alice", password="x" * (MIN_PASSWORD_LENGTH - 1), role=Role.ADMIN)

    assert users.added == []


@pytest.mark.parametrize("username", ["", " alice", "-alice", "al ice", "alice;drop", "é", "a" * 151])
async def test_create_user_refuses_a_bad_username_and_stores_nothing(username: str) -> None:
    users = InMemoryUserRepository()

    with pytest.raises(InvalidInput, match="username"):
        await create_user(users)(username=username, password=GOOD_PASSWORD, role=Role.UPLOADER)

    assert users.added == []


async def test_create_user_refuses_a_duplicate_username_with_conflict() -> None:
    users = InMemoryUserRepository()
    first = await create_user(users)(username="alice", password=GOOD_PASSWORD, role=Role.UPLOADER)

    with pytest.raises(Conflict, match="alice"):
        await create_user(users)(username="alice", password="another long password", role=Role.ADMIN)

    assert users.added == [first]
