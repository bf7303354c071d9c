"""Render a page or fragment with what every template needs: language, CSRF token and session."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from litestar import Request, Response
from litestar.datastructures import Cookie
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from domain.auth.claims import TokenClaims
from entrypoints.i18n.formats import format_datetime, format_number
from entrypoints.i18n.translation import translator as message_translator
from entrypoints.web.i18n import LANGUAGES, as_sentence, language_for, translator
from entrypoints.web.web_security import (
    CSRF_COOKIE,
    LANGUAGE_COOKIE,
    cookies_are_secure,
    csrf_cookie,
    language_cookie,
    new_csrf_token,
)
from entrypoints.web.web_session import container_of, csrf_token_for, read_cookie, settings_of

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
NO_STORE = {"Cache-Control": "no-store"}


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    # Autoescaping on for every template, whatever its name: a CSV cell with <script> must show as text.
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
    environment.filters["sentence"] = as_sentence
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))


def is_fragment_request(request: Request[Any, Any, Any]) -> bool:
    """The page's script asks for fragments; a plain form post or link gets a whole page."""
    return request.headers.get("x-requested-with", "").lower() == "xmlhttprequest"


def page_language(request: Request[Any, Any, Any]) -> str:
    """`?lang=` switches, the cookie remembers the switch, else the browser's `Accept-Language`."""
    return language_for(
        request.query_params.get("lang"),
        read_cookie(request, LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )


def render(
    request: Request[Any, Any, Any],
    template: str,
    *,
    claims: TokenClaims | None = None,
    status: int = 200,
    cookies: Sequence[Cookie] = (),
    **context: Any,
) -> Response[str]:
    settings = settings_of(request)
    secure = cookies_are_secure(settings)
    extra_cookies = list(cookies)
    query_language = request.query_params.get("lang")
    language = page_language(request)
    if query_language in LANGUAGES:
        extra_cookies.append(language_cookie(language, secure=secure))
    csrf = csrf_token_for(request, claims)
    if not csrf or csrf != read_cookie(request, CSRF_COOKIE):
        csrf = csrf or new_csrf_token()
        extra_cookies.append(csrf_cookie(csrf, secure=secure))
    engine = request.app.template_engine
    assert engine is not None, "create_app() sets template_config=entrypoints.web.template_config()"
    html = engine.get_template(template).render(
        t=translator(language),
        # Sentences the code wrote in English (rule titles, samples, errors), numbers and dates.
        m=message_translator(language),
        n=lambda number: format_number(number, language),
        when=lambda moment: format_datetime(moment, language),
        lang=language,
        csrf_token=csrf,
        claims=claims,
        may_upload=claims is not None and container_of(request).upload_policy().allows(claims.role),
        # Seconds left rather than a timestamp, so the page's renewal timer ignores the browser's clock.
        session_seconds_left=max(0, claims.exp - int(time.time())) if claims else 0,
        path=request.url.path,
        layout="fragment.html" if is_fragment_request(request) else "base.html",
        **context,
    )
    return Response(html, status_code=status, media_type="text/html", headers=NO_STORE, cookies=extra_cookies)
