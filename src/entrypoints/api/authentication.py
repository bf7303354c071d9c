"""Bearer authentication for every route not marked `exclude_from_auth`; runs before any body is read."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.base import DefineMiddleware

from application.errors import InvalidToken
from entrypoints.container import Container


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header; tokens are read from nowhere else."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("send the access token as 'Authorization: Bearer <token>'")
    return token.strip()


class BearerAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:  # type: ignore[type-arg]
        token = bearer_token(connection.headers.get("authorization"))
        container: Container = connection.app.state.container
        claims = await container.authenticate_token()(token)
        return AuthenticationResult(user=claims, auth=token)


def authentication_middleware() -> DefineMiddleware:
    return DefineMiddleware(
        BearerAuthenticationMiddleware,
        exclude=["^/schema", "^/static", "^/$", "^/ui"],
        exclude_from_auth_key="exclude_from_auth",
    )
