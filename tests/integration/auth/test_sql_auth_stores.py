from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.auth_tables import rate_limit_hits
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.sql_rate_limiter import SqlRateLimiter
from adapters.sql.sql_revocation_store import SqlRevocationStore
from adapters.sql.sql_user_repository import SqlUserRepository
from application.errors import Conflict, DatabaseUnavailable
from application.ports.user_repository import UserAccount
from domain.auth.role import Role

pytestmark = pytest.mark.integration

LATER = datetime.now(UTC) + timedelta(hours=1)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await upgrade_database(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


def unique(prefix: str) -> str:
    # The PostgreSQL database lives for the whole session, so every test uses keys of its own.
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def account(username: str, role: Role = Role.UPLOADER) -> UserAccount:
    return UserAccount(
        id=str(uuid.uuid4()),
        username=username,
        password_hash="$argon2id$not-a-real-hash",
        role=role,
        created_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
    )


async def test_users_are_stored_and_found_by_username(engine: AsyncEngine) -> None:
    users = SqlUserRepository(engine)
    alice = account(unique("alice"), Role.ADMIN)
    before = await users.count()

    await users.add(alice)

    found = await users.get_by_username(alice.username)
    assert found is not None
    assert (found.id, found.username, found.password_hash, found.role) == (
        alice.id, alice.username, alice.password_hash, Role.ADMIN
    )  # fmt: skip
    assert found.created_at.replace(tzinfo=found.created_at.tzinfo or UTC) == alice.created_at
    assert await users.count() == before + 1
    assert await users.get_by_username(unique("nobody")) is None


async def test_a_duplicate_username_is_a_conflict_and_keeps_the_first(engine: AsyncEngine) -> None:
    users = SqlUserRepository(engine)
    first = account(unique("bob"))
    await users.add(first)

    with pytest.raises(Conflict, match=first.username):
        await users.add(account(first.username, Role.ADMIN))

    found = await users.get_by_username(first.username)
    assert found is not None and found.id == first.id and found.role is Role.UPLOADER


async def test_a_token_is_revoked_once(engine: AsyncEngine) -> None:
    revocations = SqlRevocationStore(engine)
    jti, sid = unique("jti"), unique("sid")
    assert not await revocations.is_revoked(jti, sid)

    assert await revocations.revoke_token(jti, LATER) is True
    assert await revocations.revoke_token(jti, LATER) is False

    assert await revocations.is_revoked(jti, sid)
    assert not await revocations.is_revoked(unique("jti"), sid)


async def test_a_revoked_session_covers_every_token_of_it(engine: AsyncEngine) -> None:
    revocations = SqlRevocationStore(engine)
    sid = unique("sid")

    await revocations.revoke_session(sid, LATER)
    await revocations.revoke_session(sid, LATER)  # logging out twice is fine

    assert await revocations.is_revoked(unique("jti"), sid)
    assert await revocations.is_revoked(unique("jti"), sid)
    assert not await revocations.is_revoked(unique("jti"), unique("sid"))


async def test_of_ten_concurrent_revocations_of_one_jti_exactly_one_wins(engine: AsyncEngine) -> None:
    revocations = SqlRevocationStore(engine)
    jti = unique("jti")

    outcomes = await asyncio.gather(*(revocations.revoke_token(jti, LATER) for _ in range(10)))

    assert outcomes.count(True) == 1
    assert outcomes.count(False) == 9


async def test_the_rate_limiter_counts_across_two_workers(database_url: str, engine: AsyncEngine) -> None:
    other_worker = create_engine(database_url)
    limiters = [SqlRateLimiter(engine), SqlRateLimiter(other_worker)]
    key, now = unique("login"), datetime(2025, 1, 1, 12, 0, 20, tzinfo=UTC)
    try:
        answers = [
            await limiters[attempt % 2].hit(key, limit=3, window_seconds=60, now=now) for attempt in range(5)
        ]
    finally:
        await other_worker.dispose()

    assert answers == [None, None, None, 40, 40]


async def test_the_rate_limit_starts_over_in_the_next_window(engine: AsyncEngine) -> None:
    limiter = SqlRateLimiter(engine)
    key, now = unique("login"), datetime(2025, 1, 1, 12, 0, 59, tzinfo=UTC)
    assert await limiter.hit(key, limit=1, window_seconds=60, now=now) is None
    assert await limiter.hit(key, limit=1, window_seconds=60, now=now) == 1

    assert await limiter.hit(key, limit=1, window_seconds=60, now=now + timedelta(seconds=1)) is None
    assert await limiter.hit(unique("login"), limit=1, window_seconds=60, now=now) is None


async def test_concurrent_first_hits_of_a_window_are_all_counted(engine: AsyncEngine) -> None:
    limiter = SqlRateLimiter(engine)
    key, now = unique("login"), datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)

    answers = await asyncio.gather(*(limiter.hit(key, limit=5, window_seconds=60, now=now) for _ in range(8)))

    assert answers.count(None) == 5
    assert answers.count(60) == 3


def statements_sent(engine: AsyncEngine) -> list[str]:
    sent: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: sent.append(args[2].split()[0]))
    return sent


async def test_a_hit_is_one_statement_and_old_windows_are_swept_once_per_window(engine: AsyncEngine) -> None:
    limiter = SqlRateLimiter(engine)
    key, now = unique("login"), datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    await limiter.hit(key, limit=5, window_seconds=60, now=now - timedelta(minutes=5))  # a stale window
    sent = statements_sent(engine)

    await limiter.hit(key, limit=5, window_seconds=60, now=now)
    first = list(sent)
    sent.clear()
    for _ in range(3):
        await limiter.hit(key, limit=5, window_seconds=60, now=now + timedelta(seconds=1))

    assert first == ["INSERT", "DELETE"]
    assert sent == ["INSERT"] * 3  # INSERT ... ON CONFLICT DO UPDATE ... RETURNING: no sweep, no SELECT
    async with engine.connect() as connection:
        windows = (
            await connection.execute(
                select(rate_limit_hits.c.window_start).where(rate_limit_hits.c.key == key)
            )
        ).scalars()
        assert list(windows) == [int(now.timestamp())]


async def test_an_unreachable_database_is_database_unavailable() -> None:
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/nothing")
    try:
        with pytest.raises(DatabaseUnavailable):
            await SqlRevocationStore(engine).is_revoked("jti", "sid")
        with pytest.raises(DatabaseUnavailable):
            await SqlRateLimiter(engine).hit("k", limit=1, window_seconds=1, now=datetime.now(UTC))
    finally:
        await engine.dispose()


async def test_accounts_are_listed_found_by_id_and_updated(engine: AsyncEngine) -> None:
    users = SqlUserRepository(engine)
    bob = account(unique("bob"), Role.ADMIN)
    await users.add(bob)

    await users.update(msgspec.structs.replace(bob, role=Role.UPLOADER, disabled=True))

    found = await users.get_by_id(bob.id)
    assert found is not None and (found.role, found.disabled) == (Role.UPLOADER, True)
    assert bob.username in [listed.username for listed in await users.list_all()]
    assert await users.get_by_username("bob\x00") is None
    assert await users.get_by_id("id\x00") is None


async def test_revoking_a_users_sessions_covers_sessions_started_until_then(engine: AsyncEngine) -> None:
    revocations = SqlRevocationStore(engine)
    user, now = unique("user"), datetime.now(UTC).replace(microsecond=0)

    await revocations.revoke_user_sessions(user, now - timedelta(seconds=5), LATER)
    await revocations.revoke_user_sessions(user, now, LATER)

    start = int(now.timestamp())
    assert await revocations.is_revoked(unique("j"), unique("s"), user_id=user, auth_time=start)
    assert not await revocations.is_revoked(unique("j"), unique("s"), user_id=user, auth_time=start + 1)
    assert not await revocations.is_revoked(unique("j"), unique("s"), user_id=unique("other"), auth_time=0)


async def test_expired_revocations_are_purged(engine: AsyncEngine) -> None:
    revocations = SqlRevocationStore(engine, margin_seconds=0)
    past = datetime.now(UTC) - timedelta(hours=1)
    old_jti, old_sid, old_user = unique("old"), unique("old"), unique("old")
    await revocations.revoke_token(old_jti, past)
    await revocations.revoke_session(old_sid, past)
    await revocations.revoke_user_sessions(old_user, past, past)
    live_jti = unique("live")

    await SqlRevocationStore(engine, margin_seconds=0).revoke_token(live_jti, LATER)

    assert not await revocations.is_revoked(old_jti, unique("s"))
    assert not await revocations.is_revoked(unique("j"), old_sid)
    assert not await revocations.is_revoked(unique("j"), unique("s"), user_id=old_user, auth_time=0)
    assert await revocations.is_revoked(live_jti, unique("s"))
