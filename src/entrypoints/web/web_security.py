"""The web page's cookies, CSRF double-submit check and security headers."""

from __future__ import annotations

import hmac
import secrets

from litestar import Response
from litestar.datastructures import Cookie

from application.errors import PermissionDenied
from entrypoints.settings import Settings

SESSION_COOKIE = "ingesta_session"
CSRF_COOKIE = "ingesta_csrf"
LANGUAGE_COOKIE = "ingesta_lang"
CSRF_FIELD = "_csrf"
CSRF_HEADER = "x-csrf-token"
ONE_YEAR = 365 * 24 * 3600

# No inline script or style anywhere, so the policy needs no 'unsafe-inline' and no nonces.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


async def add_security_headers(response: Response) -> Response:  # type: ignore[type-arg]
    """`after_request` hook for every web page, fragment and static asset."""
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    return response


def cookies_are_secure(settings: Settings) -> bool:
    # Plain-http local runs and tests could not keep a Secure cookie; everywhere else it is required.
    return settings.env not in {"development", "test"}


def _cookie(key: str, value: str, max_age: int, *, secure: bool) -> Cookie:
    return Cookie(
        key=key, value=value, path="/", max_age=max_age, httponly=True, secure=secure, samesite="strict"
    )


def session_cookie(token: str, max_age: int, *, secure: bool) -> Cookie:
    return _cookie(SESSION_COOKIE, token, max_age, secure=secure)


def expired_session_cookie(*, secure: bool) -> Cookie:
    return _cookie(SESSION_COOKIE, "", 0, secure=secure)


def csrf_cookie(token: str, *, secure: bool) -> Cookie:
    return _cookie(CSRF_COOKIE, token, ONE_YEAR, secure=secure)


def language_cookie(language: str, *, secure: bool) -> Cookie:
    return _cookie(LANGUAGE_COOKIE, language, ONE_YEAR, secure=secure)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def check_csrf(expected: str | None, submitted: str | None) -> None:
    """Double submit: the form or header must echo the cookie, which another site can neither read nor set."""
    if not expected or not submitted or not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise PermissionDenied(
            "the form has expired or did not come from this site; reload the page and try again"
        )
