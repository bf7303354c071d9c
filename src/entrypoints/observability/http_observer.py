"""The outermost layer of the service: a request id, a log line and metrics for every HTTP request.

It wraps the application's whole ASGI handler, router and exception handlers included, so unknown
routes, refused tokens and errors are counted and carry the request id like any other answer.
"""

from __future__ import annotations

import logging
import time

from litestar import Litestar
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.observability.prometheus_metrics import HTTP_LATENCY, HTTP_REQUESTS
from application.log_context import start_log_context
from entrypoints.observability.request_id import (
    REQUEST_ID_HEADER,
    current_request_id,
    current_scope,
    request_id_from,
)

logger = logging.getLogger("ingesta.http")
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
        started = time.perf_counter()
        status = 500

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"x-request-id"]
                message["headers"] = [*headers, (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self._app(scope, receive, send_with_request_id)
        finally:
            _record(scope, status, time.perf_counter() - started)


def _record(scope: Scope, status: int, seconds: float) -> None:
    # The router fills in the template; a path that matched no route keeps one bounded label.
    route = scope.get("path_template") or UNMATCHED_ROUTE
    method = scope.get("method", "")
    HTTP_REQUESTS.labels(method=method, route=route, status=str(status)).inc()
    HTTP_LATENCY.labels(method=method, route=route, status=str(status)).observe(seconds)
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
