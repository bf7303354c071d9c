"""Every route's error answers in Spanish when Accept-Language asks for it: a sweep over the whole app.

Each route is called the ways a client gets it wrong (no token, a guest's token, an unknown id, a body
or query of the wrong shape) and every problem+json answer is scanned for English words: its title, its
detail and Litestar's per-field errors.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar.routes import HTTPRoute
from tests.support.english_fragments import english_words
from tests.unit.entrypoints.api.test_upload_http import Api
from tests.unit.entrypoints.api.test_upload_http import api as api  # the fixture
from tests.unit.entrypoints.web.web_browser import Browser

pytestmark = pytest.mark.unit

SPANISH = {"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}
PARAMETER = re.compile(r"\{(\w+):(\w+)\}")
# Identifiers, not prose: the upload form's field names and media types named in a detail.
ALLOWED = frozenset({"file", "dataset"})
# Server-sent events stay open on success; their error paths are called with an unknown id below.
STREAMS = ("/events",)


def routes(api: Api) -> list[tuple[str, str]]:
    found = []
    for route in api.client.app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method in sorted(route.methods - {"HEAD", "OPTIONS"}):
            found.append(
                (method, PARAMETER.sub(lambda m: "7" if m.group(2) == "int" else "nope", route.path))
            )
    return found


def attempts(api: Api, method: str, path: str) -> list[dict[str, Any]]:
    """The wrong ways to call a route: each as keyword arguments for the test client."""
    ana, guest = api.token("ana"), api.token()
    bad_query = path + ("&" if "?" in path else "?") + "limit=abc&offset=-1&sheet="
    wrong = [
        {"headers": {}},
        {"headers": {"Authorization": "Bearer not-a-token"}},
        {"headers": {"Authorization": f"Bearer {guest}"}},
        {"headers": {"Authorization": f"Bearer {ana}"}, "url": bad_query},
    ]
    if method in {"POST", "PUT", "PATCH"}:
        as_json = {"Authorization": f"Bearer {ana}", "Content-Type": "application/json"}
        wrong += [
            {"headers": {"Authorization": f"Bearer {ana}"}, "json": {"unexpected": [1, 2]}},
            {"headers": {"Authorization": f"Bearer {ana}"}, "json": [[[]]]},
            *({"headers": as_json, "content": broken} for broken in (b"{", b"{x", b"{}x", b'{"a" 1}', b"-")),
        ]
    return wrong


def english_in(method: str, path: str, response: Any) -> list[tuple[str, str]] | None:
    """The English texts of a problem+json answer (None when the answer is no problem)."""
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return None
    where = f"{method} {path} -> {response.status_code}"
    body = response.json()
    texts = [body["title"], body["detail"]]
    texts += [
        error.get("message", "") if isinstance(error, dict) else str(error)
        for error in body.get("errors") or []
    ]
    leaks = [(where, text) for text in texts if english_words(text, allowed=ALLOWED)]
    if response.headers.get("content-language") != "es":
        leaks.append((where, "Content-Language: " + response.headers.get("content-language", "")))
    return leaks


def test_every_routes_error_answers_are_spanish(api: Api) -> None:
    checked = 0
    statuses: set[int] = set()
    leaks: list[tuple[str, str]] = []
    for method, path in routes(api):
        for attempt in attempts(api, method, path):
            url = attempt.pop("url", path)
            headers = {**SPANISH, **attempt.pop("headers")}
            if url.endswith(STREAMS) and "Authorization" in headers and "nope" not in url:
                continue
            response = api.client.request(method, url, headers=headers, **attempt)
            found = english_in(method, url, response)
            if found is not None:
                checked += 1
                statuses.add(response.status_code)
                leaks += found
    assert sorted(set(leaks)) == [], "\n".join(map(str, sorted(set(leaks))))
    # The sweep reached the app's error answers, not just a few: refused, unknown, malformed, wrong shape.
    assert checked > 100, checked
    assert {400, 401, 403, 404} <= statuses, statuses


def page_text(html: str) -> str:
    """What a page shows: no scripts, styles or tags."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", html))


def test_every_web_pages_error_answers_are_spanish(api: Api) -> None:
    browser = Browser(api.client, api.container)
    api.client.headers.update(SPANISH)
    browser.log_in("ana")
    token = {"X-CSRF-Token": browser.csrf()}
    leaks, refused = [], 0
    for method, path in routes(api):
        if not path.startswith("/ui/"):
            continue
        bodies: list[dict[str, Any]] = [{}]
        if method == "POST":
            bodies += [
                {"headers": token, "data": {"unexpected": "1"}},
                {"headers": token, "content": b"--x\r\n"},
            ]
        for body in bodies:
            response = api.client.request(method, path, follow_redirects=False, **body)
            if response.status_code < 400 or "html" not in response.headers.get("content-type", ""):
                continue
            refused += 1
            words = english_words(page_text(response.text), allowed=ALLOWED)
            if words:
                leaks.append((f"{method} {path} -> {response.status_code}", words))
    assert leaks == []
    assert refused > 10, refused
