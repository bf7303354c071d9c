"""POST /ui/login, /ui/renew and /ui/logout: the web session in an HttpOnly cookie."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from application.errors import AuthenticationFailed, InvalidToken
from application.use_cases.log_in import LogIn
from application.use_cases.log_out import LogOut
from application.use_cases.renew_token import RenewToken
from entrypoints.api.client_address import client_address
from entrypoints.web.rendering import NO_STORE, render
from entrypoints.web.web_security import (
    CSRF_FIELD,
    CSRF_HEADER,
    cookies_are_secure,
    csrf_cookie,
    expired_session_cookie,
    session_cookie,
    session_csrf_token,
)
from entrypoints.web.web_session import container_of, require_csrf, session_claims, session_token

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _secure(request: Request[Any, Any, Any]) -> bool:
    return cookies_are_secure(container_of(request).settings())


class SessionController(Controller):
    """Every POST here checks the CSRF double-submit token before doing anything."""

    path = "/ui"
    request_max_body_size = 64 * 1024

    @post("/login", status_code=303)
    async def login(
        self, request: Request[Any, Any, Any], log_in: NamedDependency[LogIn], data: Form
    ) -> Response[Any]:
        await require_csrf(request, data.get(CSRF_FIELD))
        username = (data.get("username") or "").strip()
        password = data.get("password") or ""
        anonymous = bool(data.get("anonymous"))
        if not anonymous and not (username and password):
            return render(request, "login.html", status=400, error_key="login.both", username=username)
        try:
            issued = await log_in(
                client=client_address(request),
                username=None if anonymous else username,
                password=None if anonymous else password,
            )
        except AuthenticationFailed:
            return render(request, "login.html", status=401, error_key="login.failed", username=username)
        secure = _secure(request)
        # The new session's own CSRF token (derived from its id), so one planted before login is worthless.
        container = container_of(request)
        sid = container.token_codec().decode(issued.access_token).sid
        cookies = [
            session_cookie(issued.access_token, issued.expires_in, secure=secure),
            csrf_cookie(session_csrf_token(container.settings().jwt_secret, sid), secure=secure),
        ]
        return Redirect("/ui/upload", status_code=303, cookies=cookies, headers=NO_STORE)

    @post("/renew", status_code=200)
    async def renew(
        self, request: Request[Any, Any, Any], renew_token: NamedDependency[RenewToken]
    ) -> Response[Any]:
        """Called by the page's script before the token expires; the old token is revoked at once."""
        await require_csrf(request, request.headers.get(CSRF_HEADER))
        token = session_token(request)
        if token is None:
            raise InvalidToken("there is no session to renew; log in again")
        issued = await renew_token(token)
        body = {"expires_in": issued.expires_in, "expires_at": issued.expires_at.isoformat()}
        cookie = session_cookie(issued.access_token, issued.expires_in, secure=_secure(request))
        return Response(body, cookies=[cookie], headers=NO_STORE)

    @post("/logout", status_code=303)
    async def logout(
        self, request: Request[Any, Any, Any], log_out: NamedDependency[LogOut], data: Form
    ) -> Response[Any]:
        claims = await session_claims(request)
        await require_csrf(request, data.get(CSRF_FIELD), claims)
        if claims is not None:
            await log_out(claims)
        return Redirect("/", status_code=303, cookies=[expired_session_cookie(secure=_secure(request))])
