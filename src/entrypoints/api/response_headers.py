"""Headers every response carries unless its handler chose otherwise: no sniffing, no caching."""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

DEFAULTS = {"x-content-type-options": "nosniff", "cache-control": "no-store"}
# Static assets are the same for everyone and may be cached; they still must not be sniffed.
CACHEABLE_PREFIXES = ("/static/",)


async def add_default_headers(message: Message, scope: Scope) -> None:
    """`before_send` hook: it sees every response, error answers from middleware included."""
    if message["type"] != "http.response.start":
        return
    cacheable = str(scope.get("path", "")).startswith(CACHEABLE_PREFIXES)
    headers = MutableScopeHeaders.from_message(message)
    for name, value in DEFAULTS.items():
        if name not in headers and not (cacheable and name == "cache-control"):
            headers[name] = value
