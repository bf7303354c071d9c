"""A bound on how slowly a client may send a request body, so half-sent uploads cannot hold the server.

Two limits, checked while the body is read: the longest pause between two chunks, and (after a grace
period) an average rate. A request over either is treated as disconnected (the app stops reading) and
answered 408 Request Timeout, unless a response had already started.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from entrypoints.i18n.languages import preferred_language
from entrypoints.i18n.translation import translate

_NO_BODY_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
_PROBLEM = {
    "type": "about:blank",
    "title": "Request Timeout",
    "status": 408,
    "detail": "the request body arrived too slowly; send it again on a faster connection",
}


class BodyDeadline:
    def __init__(
        self,
        app: ASGIApp,
        *,
        idle_seconds: float,
        min_bytes_per_second: float,
        grace_seconds: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._idle = idle_seconds
        self._rate = min_bytes_per_second
        self._grace = grace_seconds
        self._clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or not _has_body(scope):
            await self._app(scope, receive, send)
            return
        started = self._clock()
        received = 0
        body_done = timed_out = responded = False

        async def bounded_receive() -> ReceiveMessage:
            nonlocal received, body_done, timed_out
            if body_done:  # the wait for a disconnect after the body is not bounded here
                return await receive()
            if timed_out:
                return {"type": "http.disconnect"}
            rate_deadline = started + max(self._grace, received / self._rate) if self._rate > 0 else None
            wait = self._idle
            if rate_deadline is not None:
                wait = min(wait, rate_deadline - self._clock())
            try:
                message = await asyncio.wait_for(receive(), timeout=max(wait, 0.0))
            except TimeoutError:
                timed_out = True
                return {"type": "http.disconnect"}
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal responded
            if timed_out and not responded:
                return  # the app's answer to a "disconnect" it was told about; ours replaces it
            if message["type"] == "http.response.start":
                responded = True
            await send(message)

        await self._app(scope, bounded_receive, guarded_send)
        if timed_out and not responded:
            await _send_timeout(send, _accept_language(scope))


def _has_body(scope: Scope) -> bool:
    headers = dict(scope.get("headers", []))
    if b"content-length" in headers:
        return headers[b"content-length"] not in (b"0", b"")
    return b"transfer-encoding" in headers or scope.get("method", "GET") not in _NO_BODY_METHODS


def _accept_language(scope: Scope) -> str:
    raw = dict(scope.get("headers", [])).get(b"accept-language", b"")
    return preferred_language(raw.decode("latin-1"))


async def _send_timeout(send: Send, language: str) -> None:
    problem = {**_PROBLEM, "title": translate(str(_PROBLEM["title"]), language)}
    problem["detail"] = translate(str(_PROBLEM["detail"]), language)
    body = json.dumps(problem).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 408,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-language", language.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
