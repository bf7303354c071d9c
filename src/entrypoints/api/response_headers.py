"""Headers every response carries unless its handler chose otherwise: no sniffing, no caching."""

from __future__ import annotations

from collections.abc import Iterable

DEFAULTS = {"x-content-type-options": "nosniff", "cache-control": "no-store"}
# Static assets are the same for everyone and may be cached; they still must not be sniffed.
CACHEABLE_PREFIXES = ("/static/",)
_SNIFF = b"x-content-type-options"
_CACHE = b"cache-control"


def with_default_headers(
    headers: Iterable[tuple[bytes, bytes]], path: str, replaced: bytes, value: bytes
) -> list[tuple[bytes, bytes]]:
    """The response's headers with the defaults it lacks, and `replaced` set to `value` (the request id).

    One pass over the raw ASGI headers: it runs on every response, error answers from middleware
    included (the observer of every request calls it), and Litestar's header objects cost more than
    the rest of a light request's own work.
    """
    answer: list[tuple[bytes, bytes]] = []
    has_sniff = has_cache = False
    for name, content in headers:
        lower = name.lower()
        if lower == replaced:
            continue
        if lower == _SNIFF:
            has_sniff = True
        elif lower == _CACHE:
            has_cache = True
        answer.append((name, content))
    if not has_sniff:
        answer.append((_SNIFF, DEFAULTS["x-content-type-options"].encode()))
    if not has_cache and not path.startswith(CACHEABLE_PREFIXES):
        answer.append((_CACHE, DEFAULTS["cache-control"].encode()))
    answer.append((replaced, value))
    return answer
