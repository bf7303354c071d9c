"""The web page's session: a JWT in an HttpOnly cookie, checked like any bearer token."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler

from application.errors import InvalidToken
from application.uploads.upload_permission import refuse_role
from application.use_cases.authenticate_token import AuthenticateToken
from domain.auth.claims import TokenClaims
from entrypoints.container import Container
from entrypoints.settings import Settings
from entrypoints.web.web_security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    check_csrf,
    cookie_name,
    cookies_are_secure,
    session_csrf_token,
)

Connection = ASGIConnection[Any, Any, Any, Any]


def container_of(connection: Connection) -> Container:
    """For the upload policy (who may upload, how large a file may be)."""
    container: Container = connection.app.state.container
    return container


def settings_of(connection: Connection) -> Settings:
    settings: Settings = connection.app.state.settings
    return settings


def _authenticate(connection: Connection) -> AuthenticateToken:
    authenticate: AuthenticateToken = connection.app.state.authenticate()
    return authenticate


def read_cookie(connection: Connection, base: str) -> str | None:
    secure = cookies_are_secure(settings_of(connection))
    return connection.cookies.get(cookie_name(base, secure=secure)) or None


def session_token(connection: Connection) -> str | None:
    return read_cookie(connection, SESSION_COOKIE)


def csrf_token_for(connection: Connection, claims: TokenClaims | None) -> str | None:
    """What a form must carry: the session's bound token, or before login the CSRF cookie's value."""
    if claims is None:
        return read_cookie(connection, CSRF_COOKIE)
    return session_csrf_token(settings_of(connection).jwt_secret, claims.sid)


async def require_csrf(
    connection: Connection, submitted: str | None, claims: TokenClaims | None = None
) -> None:
    """Refuse a POST whose token is not the one this session (or this visitor before login) was given."""
    if claims is None:
        claims = await session_claims(connection)
    check_csrf(csrf_token_for(connection, claims), submitted)


async def session_claims(connection: Connection) -> TokenClaims | None:
    """The verified claims of the session cookie; None when there is none or it is no longer valid."""
    token = session_token(connection)
    if token is None:
        return None
    try:
        return await _authenticate(connection)(token)
    except InvalidToken:
        return None


async def requires_session(connection: Connection, _: BaseRouteHandler) -> None:
    """Guard: a valid session cookie; its claims are left in `connection.state.claims`."""
    claims = await session_claims(connection)
    if claims is None:
        raise InvalidToken("your session has ended; log in again")
    connection.state.claims = claims


async def requires_web_uploader(connection: Connection, handler: BaseRouteHandler) -> None:
    """Guard answered before the upload body is read: a session whose role may upload."""
    await requires_session(connection, handler)
    claims: TokenClaims = connection.state.claims
    refuse_role(container_of(connection).upload_policy(), claims.role)
