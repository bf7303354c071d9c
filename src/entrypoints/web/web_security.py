"""The web page's cookies, CSRF double-submit check and security headers."""

from __future__ import annotations

import base64
import hashlib
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


def cookie_name(base: str, *, secure: bool) -> str:
    # `__Host-` cookies are only accepted over HTTPS, for path /, with no Domain: no sibling subdomain and
    # no plain-http man in the middle can set or overwrite them.
    return f"__Host-{base}" if secure else base


def _cookie(key: str, value: str, max_age: int, *, secure: bool) -> Cookie:
    return Cookie(
        key=cookie_name(key, secure=secure),
        value=value,
        path="/",
        max_age=max_age,
        httponly=True,
        secure=secure,
        samesite="strict",
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


def session_csrf_token(secret: str, sid: str) -> str:
    """The CSRF token of a session: derived from its id with a server key, so a planted one never fits."""
    digest = hmac.new(secret.encode(), f"ingesta-csrf:{sid}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def check_csrf(expected: str | None, submitted: str | None) -> None:
    """The form or header must echo the expected token: the session's own, or before login the cookie's."""
    if not expected or not submitted or not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise PermissionDenied(
            "the form has expired or did not come from this site; reload the page and try again"
        )
