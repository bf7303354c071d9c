"""POST /auth/login, /auth/renew, /auth/logout and GET /auth/me."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import Body

from application.auth.issued_token import IssuedToken
from application.errors import InvalidInput
from application.use_cases.log_in import LogIn
from application.use_cases.log_out import LogOut
from application.use_cases.renew_token import RenewToken
from domain.auth.claims import TokenClaims
from entrypoints.api.client_address import client_address
from entrypoints.api.schemas import LoginRequest

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]
    # Credentials are tiny; a large body here is abuse, refused before it is read.
    request_max_body_size = 64 * 1024

    @post("/login", exclude_from_auth=True, status_code=200, response_headers=NO_STORE)
    async def login(
        self,
        request: Request[Any, Any, Any],
        log_in: NamedDependency[LogIn],
        data: Annotated[
            LoginRequest | None, Body(description="Omit, or send {}, for an anonymous session")
        ] = None,
    ) -> IssuedToken:
        """Log in anonymously (role `guest`) or with a provisioned account's username and password."""
        credentials = data or LoginRequest()
        if (credentials.username is None) != (credentials.password is None):
            raise InvalidInput("send both username and password, or neither for an anonymous session")
        return await log_in(
            client=client_address(request), username=credentials.username, password=credentials.password
        )

    @post("/renew", status_code=200, response_headers=NO_STORE)
    async def renew(
        self, request: Request[TokenClaims, str, Any], renew_token: NamedDependency[RenewToken]
    ) -> IssuedToken:
        """A new token with time added; the presented one is revoked at once."""
        return await renew_token(request.auth)

    @get("/me")
    async def me(self, request: Request[TokenClaims, str, Any]) -> TokenClaims:
        """The verified claims of the presented token."""
        return request.user

    @post("/logout", status_code=204)
    async def logout(self, request: Request[TokenClaims, str, Any], log_out: NamedDependency[LogOut]) -> None:
        """Revoke the presented token's session: every token of it."""
        await log_out(request.user)
