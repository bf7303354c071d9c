"""The outermost layer of the service: a request id, default headers, a log line and metrics for every
HTTP request.

It wraps the application's whole ASGI handler, router and exception handlers included, so unknown
routes, refused tokens and errors are counted and carry the request id like any other answer.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from litestar import Litestar
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.observability.prometheus_metrics import HTTP_LATENCY, HTTP_REQUESTS
from application.log_context import start_log_context
from entrypoints.api.response_headers import with_default_headers
from entrypoints.observability.request_id import (
    REQUEST_ID_HEADER,
    current_request_id,
    current_scope,
    request_id_from,
)

logger = logging.getLogger("ingesta.http")
_REQUEST_ID = REQUEST_ID_HEADER.encode()
UNMATCHED_ROUTE = "unmatched"


def observe_requests(app: Litestar) -> Litestar:
    app.asgi_handler = ObservedRequests(app.asgi_handler)
    return app


class ObservedRequests:
    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        request_id = request_id_from(_header(scope, REQUEST_ID_HEADER))
        # Set, never reset: the exception handlers and the server's logging run in this task after us.
        current_request_id.set(request_id)
        current_scope.set(scope)  # type: ignore[arg-type]
        start_log_context()
        path = str(scope.get("path", ""))
        started = time.perf_counter()
        status = 500

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = with_default_headers(
                    message.get("headers", ()), path, _REQUEST_ID, request_id.encode()
                )
            await send(message)

        try:
            await self._app(scope, receive, send_with_request_id)
        finally:
            _record(scope, status, time.perf_counter() - started)


# The metric children of each (method, route, status): `labels()` takes a lock and builds keys on every
# call, a good part of what a light request costs. Bounded: routes are templates, methods and statuses few.
_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def _metrics_of(method: str, route: str, status: int) -> tuple[Any, Any]:
    key = (method, route, status)
    children = _children.get(key)
    if children is None:
        labels = {"method": method, "route": route, "status": str(status)}
        children = _children[key] = (HTTP_REQUESTS.labels(**labels), HTTP_LATENCY.labels(**labels))
    return children


def _record(scope: Scope, status: int, seconds: float) -> None:
    # The router fills in the template; a path that matched no route keeps one bounded label.
    route = scope.get("path_template") or UNMATCHED_ROUTE
    method = scope.get("method", "")
    requests, latency = _metrics_of(str(method), str(route), status)
    requests.inc()
    latency.observe(seconds)
    logger.info(
        "%s %s %d",
        method,
        route,
        status,
        extra={"method": method, "route": route, "status": status, "duration_ms": round(seconds * 1000, 1)},
    )


def _header(scope: Scope, name: str) -> str | None:
    wanted = name.encode()
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])  # type: ignore[assignment]
    for key, value in headers:
        if key.lower() == wanted:
            return value.decode("latin-1")
    return None
