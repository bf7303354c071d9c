"""Errors on the web page become a sentence in the page's language, never JSON or a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException
from litestar.response import Redirect

from application.errors import ApplicationError, InvalidToken
from domain.contracts.errors import InvalidContract
from domain.errors import DomainValidationError
from entrypoints.api.problems import application_error_handler
from entrypoints.i18n.translation import translate
from entrypoints.web.i18n import as_sentence
from entrypoints.web.rendering import is_fragment_request, page_language, render
from entrypoints.web.web_security import cookies_are_secure, expired_session_cookie
from entrypoints.web.web_session import container_of

logger = logging.getLogger("ingesta.web")


def web_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    if isinstance(error, InvalidToken) and not is_fragment_request(request):
        secure = cookies_are_secure(container_of(request).settings())
        return Redirect("/", cookies=[expired_session_cookie(secure=secure)])
    status, english = _status_and_detail(request, error)
    # The detail is written in English by the code; the page's sentence around it is in its language.
    detail = as_sentence(translate(english, page_language(request)))
    uploading = request.method == "POST" and request.url.path == "/ui/upload"
    message_key = "error.upload" if uploading else "error.generic"
    return render(
        request,
        "error.html",
        status=status,
        message_key=message_key,
        detail=detail,
        not_found=status == 404,
        session_ended=isinstance(error, InvalidToken),
        existing_id=getattr(error, "existing_id", None),
    )


def _status_and_detail(request: Request[Any, Any, Any], error: Exception) -> tuple[int, str]:
    if isinstance(error, ApplicationError):
        # The API's one mapping from error kind to status is reused, so the page and the API agree.
        status = application_error_handler(request, error).status_code or 400
        return status, error.detail
    if isinstance(error, DomainValidationError):
        return 400, str(error)
    if isinstance(error, InvalidContract):
        return 400, error.detail
    if isinstance(error, NotFoundException):
        return 404, ""
    if isinstance(error, HTTPException):
        detail = error.detail if error.status_code < 500 else ""
        if error.status_code == 413:
            detail = "the file is larger than this service accepts"
        return error.status_code, detail
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return 500, ""


# Every kind the API maps is listed, so these (closer to the route) replace the API's JSON handlers.
WEB_EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {
    kind: web_error_handler
    for kind in (ApplicationError, DomainValidationError, InvalidContract, HTTPException, Exception)
}
