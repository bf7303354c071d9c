"""A request body sent too slowly (a long pause, or a trickle) is cut with a 408; a normal one passes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import pytest

from entrypoints.api.body_deadline import BodyDeadline
from entrypoints.settings import SettingsError, load_settings

pytestmark = pytest.mark.unit

POST: dict[str, Any] = {"type": "http", "method": "POST", "headers": [(b"content-length", b"100000")]}
# Generous: only a request that is never cut would take this long.
NEVER = 10.0


class BodyReader:
    """An app that reads the whole body, then answers 200 with how many bytes it got (or 400)."""

    def __init__(self) -> None:
        self.received = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                await send({"type": "http.response.start", "status": 400, "headers": []})
                await send({"type": "http.response.body", "body": b"client left"})
                return
            self.received += len(message["body"])
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(self.received).encode()})


def chunks_then_silence(chunks: Sequence[bytes], pause: float) -> Any:
    """A client sending `chunks` `pause` seconds apart and then never again."""
    pending = list(chunks)

    async def receive() -> dict[str, Any]:
        if not pending:
            await asyncio.Event().wait()
        await asyncio.sleep(pause)
        return {"type": "http.request", "body": pending.pop(0), "more_body": True}

    return receive


async def run(app: Any, receive: Any, scope: dict[str, Any] = POST) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await asyncio.wait_for(app(scope, receive, send), NEVER)
    return sent


async def test_a_body_that_stops_arriving_is_answered_408() -> None:
    reader = BodyReader()
    app = BodyDeadline(reader, idle_seconds=0.05, min_bytes_per_second=0)

    sent = await run(app, chunks_then_silence([b"x" * 10], pause=0))

    assert [m.get("status") for m in sent if m["type"] == "http.response.start"] == [408]
    problem = json.loads(sent[-1]["body"])
    assert problem["status"] == 408 and "too slowly" in problem["detail"]
    assert dict(sent[0]["headers"])[b"content-type"] == b"application/problem+json"
    assert reader.received == 10


async def test_the_408_follows_accept_language() -> None:
    app = BodyDeadline(BodyReader(), idle_seconds=0.05, min_bytes_per_second=0)
    spanish = {**POST, "headers": [*POST["headers"], (b"accept-language", b"es-ES,es;q=0.9")]}

    sent = await run(app, chunks_then_silence([b"x"], pause=0), spanish)

    problem = json.loads(sent[-1]["body"])
    assert problem["title"] == "Tiempo de espera agotado" and "demasiado despacio" in problem["detail"]
    assert dict(sent[0]["headers"])[b"content-language"] == b"es"


async def test_a_trickle_below_the_minimum_rate_is_cut_after_the_grace_period() -> None:
    reader = BodyReader()
    app = BodyDeadline(reader, idle_seconds=NEVER, min_bytes_per_second=1000, grace_seconds=0.05)

    sent = await run(app, chunks_then_silence([b"x"] * 10_000, pause=0.005))

    assert sent[0]["status"] == 408
    assert reader.received < 10_000


async def test_a_body_sent_promptly_passes_untouched() -> None:
    reader = BodyReader()
    app = BodyDeadline(reader, idle_seconds=0.5, min_bytes_per_second=1000, grace_seconds=0.5)
    chunks = [{"type": "http.request", "body": b"x" * 1000, "more_body": True}] * 5
    messages = iter([*chunks, {"type": "http.request", "body": b"", "more_body": False}])

    async def receive() -> dict[str, Any]:
        return next(messages)

    sent = await run(app, receive)

    assert sent[0]["status"] == 200 and sent[1]["body"] == b"5000"


async def test_requests_without_a_body_are_not_bounded() -> None:
    seen: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(receive)

    async def receive() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    await run(
        BodyDeadline(app, idle_seconds=0.01, min_bytes_per_second=1),
        receive,
        {"type": "http", "method": "GET", "headers": []},
    )

    assert seen == [receive]


def test_the_bounds_are_settings_with_sane_defaults() -> None:
    assert load_settings({}).body_timeout_seconds == 60
    assert load_settings({}).min_upload_bytes_per_second == 1024
    settings = load_settings(
        {"INGESTA_BODY_TIMEOUT_SECONDS": "5", "INGESTA_MIN_UPLOAD_BYTES_PER_SECOND": "0"}
    )
    assert (settings.body_timeout_seconds, settings.min_upload_bytes_per_second) == (5, 0)
    with pytest.raises(SettingsError, match="INGESTA_BODY_TIMEOUT_SECONDS"):
        load_settings({"INGESTA_BODY_TIMEOUT_SECONDS": "0"})


def test_the_app_bounds_request_bodies() -> None:
    from tests.support.fake_app import no_preparation, use_fakes

    from entrypoints.api.app import create_app
    from entrypoints.container import build_container

    settings = load_settings({"INGESTA_BODY_TIMEOUT_SECONDS": "7"})
    container = build_container(settings)
    use_fakes(container)
    handler = create_app(settings, container, prepare=no_preparation).asgi_handler
    chain = []
    while handler is not None:
        chain.append(handler)
        handler = getattr(handler, "_app", None)
    deadline = next(h for h in chain if isinstance(h, BodyDeadline))
    assert deadline._idle == 7
