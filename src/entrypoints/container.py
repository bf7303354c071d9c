"""The composition root: settings → adapters → use cases. Tests override any provider with a fake."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.argon2_password_hasher import Argon2PasswordHasher
from adapters.pyjwt_token_codec import PyJwtTokenCodec
from adapters.sql.database_ping import ping_database
from adapters.sql.engine import create_engine
from adapters.sql.sql_rate_limiter import SqlRateLimiter
from adapters.sql.sql_revocation_store import SqlRevocationStore
from adapters.sql.sql_user_repository import SqlUserRepository
from adapters.system_clock import SystemClock
from application.use_cases.authenticate_token import AuthenticateToken
from application.use_cases.create_user import CreateUser
from application.use_cases.log_in import LogIn
from application.use_cases.log_out import LogOut
from application.use_cases.renew_token import RenewToken
from domain.auth.token_policy import TokenPolicy
from entrypoints.settings import Settings


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    # Adapters
    clock = providers.Singleton(SystemClock)
    engine = providers.Singleton(create_engine, url=settings.provided.database_url)
    token_codec = providers.Singleton(
        PyJwtTokenCodec,
        secret=settings.provided.jwt_secret,
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.jwt_audience,
        leeway_seconds=settings.provided.jwt_leeway_seconds,
        algorithm=settings.provided.jwt_algorithm,
    )
    password_hasher = providers.Singleton(Argon2PasswordHasher)
    users = providers.Singleton(SqlUserRepository, engine=engine)
    revocations = providers.Singleton(SqlRevocationStore, engine=engine)
    rate_limiter = providers.Singleton(SqlRateLimiter, engine=engine)

    # Domain policy
    token_policy = providers.Singleton(
        TokenPolicy,
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.jwt_audience,
        ttl_seconds=settings.provided.access_token_ttl_seconds,
        session_max_seconds=settings.provided.session_max_seconds,
    )

    # Use cases
    log_in = providers.Factory(
        LogIn,
        codec=token_codec,
        users=users,
        hasher=password_hasher,
        rate_limiter=rate_limiter,
        clock=clock,
        policy=token_policy,
        rate_limit=settings.provided.login_rate_limit,
    )
    authenticate_token = providers.Factory(AuthenticateToken, codec=token_codec, revocations=revocations)
    renew_token = providers.Factory(
        RenewToken, codec=token_codec, revocations=revocations, clock=clock, policy=token_policy
    )
    log_out = providers.Factory(LogOut, revocations=revocations, policy=token_policy)
    create_user = providers.Factory(CreateUser, users=users, hasher=password_hasher, clock=clock)

    readiness_probes = providers.Callable(lambda engine: _probes(engine), engine=engine)


def _probes(engine: AsyncEngine) -> dict[str, Callable[[], Awaitable[None]]]:
    return {"database": partial(ping_database, engine)}


def build_container(settings: Settings) -> Container:
    container = Container(settings=settings)
    if settings.redis_url:
        _use_redis(container, settings.redis_url)
    return container


def _use_redis(container: Container, url: str) -> None:
    from adapters.redis_stores import RedisRateLimiter, RedisRevocationStore, redis_client

    client = providers.Singleton(redis_client, url=url)
    container.revocations.override(providers.Singleton(RedisRevocationStore, client=client))
    container.rate_limiter.override(providers.Singleton(RedisRateLimiter, client=client))
