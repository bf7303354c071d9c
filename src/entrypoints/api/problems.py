"""The one place that maps errors to HTTP: RFC 9457 problem details, no stack traces, no internals."""

from __future__ import annotations

import errno
import logging
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from application import errors
from domain.contracts.errors import InvalidContract
from domain.errors import DomainValidationError
from entrypoints.api.streamed_form import BODY_TOO_LARGE
from entrypoints.i18n.languages import preferred_language
from entrypoints.i18n.translation import translate
from entrypoints.observability.request_id import current_request_id

logger = logging.getLogger("ingesta.api")

PROBLEM_JSON = "application/problem+json"
BEARER_CHALLENGE = 'Bearer realm="ingesta", error="invalid_token"'

_STATUS_BY_ERROR: tuple[tuple[type[errors.ApplicationError], int], ...] = (
    (errors.InvalidInput, 400),
    (errors.AuthenticationFailed, 401),
    (errors.InvalidToken, 401),
    (errors.PermissionDenied, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.PreconditionFailed, 412),
    (errors.PayloadTooLarge, 413),
    (errors.UnsupportedContent, 415),
    (errors.UnprocessableRequest, 422),
    (errors.PreconditionRequired, 428),
    (errors.RateLimited, 429),
    (errors.NotSupported, 501),
    (errors.InsufficientStorage, 507),
    (errors.ServiceUnavailable, 503),
)


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    language: str = "en",
    **extra: Any,
) -> Response[dict[str, Any]]:
    """`title` and `detail` are written in English by the code and translated here, at the edge."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": translate(title or HTTPStatus(status).phrase, language),
        "status": status,
        "detail": translate(detail, language),
        **extra,
    }
    headers = {**(headers or {}), "Content-Language": language, "Vary": "Accept-Language"}
    # The id the response's X-Request-ID header carries, so a support request can quote it.
    if (request_id := current_request_id.get()) is not None:
        body["request_id"] = request_id
    return Response(content=body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def language_of(request: Request[Any, Any, Any]) -> str:
    """The language of the answer, negotiated once from `Accept-Language` (English without one)."""
    return preferred_language(request.headers.get("accept-language"))


def application_error_handler(
    request: Request[Any, Any, Any], error: errors.ApplicationError
) -> Response[Any]:
    status = next((code for kind, code in _STATUS_BY_ERROR if isinstance(error, kind)), 400)
    headers: dict[str, str] = {}
    extra: dict[str, Any] = {}
    if isinstance(error, errors.InvalidToken):
        headers["WWW-Authenticate"] = BEARER_CHALLENGE
    if isinstance(error, (errors.RateLimited, errors.ServiceUnavailable)):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, errors.Conflict) and error.existing_id:
        extra["existing_upload_id"] = error.existing_id
    return problem(
        status, error.detail, title=error.title, headers=headers, language=language_of(request), **extra
    )


def domain_error_handler(request: Request[Any, Any, Any], error: DomainValidationError) -> Response[Any]:
    return problem(400, str(error), title="Invalid request", language=language_of(request))


def invalid_contract_handler(request: Request[Any, Any, Any], error: InvalidContract) -> Response[Any]:
    """400 naming every unsupported property, so an admin can fix the schema in one go."""
    return problem(
        400,
        error.detail,
        title="Invalid contract",
        language=language_of(request),
        unsupported=list(error.unsupported),
    )


def http_exception_handler(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    extra: dict[str, Any] = {}
    language = language_of(request)
    if isinstance(error, ValidationException) and error.extra:
        extra["errors"] = field_errors(error.extra, language)
    headers = dict(error.headers or {})
    if error.status_code == 401:
        headers.setdefault("WWW-Authenticate", BEARER_CHALLENGE)
    detail = error.detail or HTTPStatus(error.status_code).phrase
    if error.status_code == 413:
        detail = "the request body is larger than this endpoint accepts"
        if "upload" in request.url.path:
            limit = request.app.state.container.settings().max_upload_bytes
            detail = BODY_TOO_LARGE.format(limit=limit)
    return problem(error.status_code, detail, headers=headers, language=language, **extra)


def field_errors(errors: Any, language: str) -> Any:
    """Litestar's per-field errors (`{"message": "Expected `int`, got `str`", "key": "limit", ...}`) with
    each message in `language`; keys, sources and the shape stay as Litestar writes them."""
    if language == "en" or not isinstance(errors, list):
        return errors
    return [
        {**item, "message": translate(item["message"], language)}
        if isinstance(item, dict) and isinstance(item.get("message"), str)
        else item
        for item in errors
    ]


def nesting_error_handler(request: Request[Any, Any, Any], _: RecursionError) -> Response[Any]:
    # Litestar decodes a JSON body before any handler or rate limit runs; `[[[[...` exhausts the stack.
    logger.warning("refused a too deeply nested body on %s %s", request.method, request.url.path)
    return problem(
        400, "the request body is nested too deeply", title="Invalid request", language=language_of(request)
    )


def unexpected_error_handler(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(
        500,
        "an unexpected error occurred; it has been logged",
        title="Internal server error",
        language=language_of(request),
    )


def os_error_handler(request: Request[Any, Any, Any], error: OSError) -> Response[Any]:
    # Litestar spools an upload's parts into the temporary folder before any handler runs.
    if error.errno in {errno.ENOSPC, errno.EDQUOT}:
        logger.error("no space left on %s %s: %s", request.method, request.url.path, error)
        return problem(
            507,
            "the server has no space left in its temporary folder to receive the request; try again later",
            title="Insufficient storage",
            headers={"Retry-After": "60"},
            language=language_of(request),
        )
    return unexpected_error_handler(request, error)


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    OSError: os_error_handler,
    errors.ApplicationError: application_error_handler,
    DomainValidationError: domain_error_handler,
    InvalidContract: invalid_contract_handler,
    HTTPException: http_exception_handler,
    RecursionError: nesting_error_handler,
    Exception: unexpected_error_handler,
}
