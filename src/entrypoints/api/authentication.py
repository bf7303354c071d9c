"""Bearer authentication for every route not marked `exclude_from_auth`; runs before any body is read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.base import DefineMiddleware
from litestar.types import ASGIApp

from application.errors import InvalidToken
from application.use_cases.authenticate_token import AuthenticateToken


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header; tokens are read from nowhere else."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("send the access token as 'Authorization: Bearer <token>'")
    return token.strip()


class BearerAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    def __init__(
        self, app: ASGIApp, *, authenticate: Callable[[], AuthenticateToken], **options: Any
    ) -> None:
        super().__init__(app, **options)
        # A provider, asked per request: a test's later override of the token stores stays in force.
        self._authenticate = authenticate

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:  # type: ignore[type-arg]
        token = bearer_token(connection.headers.get("authorization"))
        claims = await self._authenticate()(token)
        return AuthenticationResult(user=claims, auth=token)


def authentication_middleware(authenticate: Callable[[], AuthenticateToken]) -> DefineMiddleware:
    return DefineMiddleware(
        BearerAuthenticationMiddleware,
        authenticate=authenticate,
        exclude=["^/schema", "^/static", "^/$", "^/ui"],
        exclude_from_auth_key="exclude_from_auth",
    )
