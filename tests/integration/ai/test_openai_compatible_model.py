from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from adapters.ai.openai_compatible_model import OpenAICompatibleModel
from application.ports.language_model import LanguageModelUnavailable

pytestmark = pytest.mark.integration

SCHEMA = {"type": "object", "properties": {"summary": {"type": "string"}}}


@dataclass
class Script:
    """What the local server answers next, and what it was sent."""

    status: int = 200
    body: bytes = b""
    delay: float = 0
    requests: list[tuple[dict[str, str], dict[str, Any]]] = field(default_factory=list)


def _completion(content: str) -> bytes:
    return json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()


@pytest.fixture
def server() -> Iterator[tuple[str, Script]]:
    script = Script()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            script.requests.append((dict(self.headers), json.loads(self.rfile.read(length))))
            time.sleep(script.delay)
            self.send_response(script.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(script.body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1", script
    httpd.shutdown()
    httpd.server_close()


async def test_good_json_is_returned_and_the_request_asks_for_the_schema(server: tuple[str, Script]) -> None:
    url, script = server
    script.body = _completion('{"summary": "fine"}')
    model = OpenAICompatibleModel(base_url=url, model="m1", api_key="k-123")

    answer = await model.complete_json("sys", "usr", SCHEMA, timeout=5)

    assert answer == {"summary": "fine"}
    headers, body = script.requests[0]
    assert headers["Authorization"] == "Bearer k-123"
    assert body["model"] == "m1"
    assert body["messages"] == [{"role": "system", "content": "sys"}, {"role": "user", "content": "usr"}]
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA


async def test_json_in_a_code_fence_is_read(server: tuple[str, Script]) -> None:
    url, script = server
    script.body = _completion('```json\n{"summary": "fenced"}\n```')

    answer = await OpenAICompatibleModel(base_url=url, model="m").complete_json("s", "u", SCHEMA, timeout=5)

    assert answer == {"summary": "fenced"}


async def test_json_object_mode_is_available_for_older_servers(server: tuple[str, Script]) -> None:
    url, script = server
    script.body = _completion('{"summary": "x"}')
    model = OpenAICompatibleModel(base_url=url, model="m", response_format="json_object")

    await model.complete_json("s", "u", SCHEMA, timeout=5)

    assert script.requests[0][1]["response_format"] == {"type": "json_object"}
    assert "Authorization" not in script.requests[0][0]


async def test_malformed_json_content_is_unavailable(server: tuple[str, Script]) -> None:
    url, script = server
    script.body = _completion('{"summary": "cut off')

    with pytest.raises(LanguageModelUnavailable, match="JSON"):
        await OpenAICompatibleModel(base_url=url, model="m").complete_json("s", "u", SCHEMA, timeout=5)


async def test_a_response_that_is_not_a_completion_is_unavailable(server: tuple[str, Script]) -> None:
    url, script = server
    script.body = b"<html>proxy error</html>"

    with pytest.raises(LanguageModelUnavailable, match="not a chat completion"):
        await OpenAICompatibleModel(base_url=url, model="m").complete_json("s", "u", SCHEMA, timeout=5)


async def test_a_server_error_is_unavailable(server: tuple[str, Script]) -> None:
    url, script = server
    script.status, script.body = 500, b'{"error": "overloaded"}'

    with pytest.raises(LanguageModelUnavailable, match="HTTP 500"):
        await OpenAICompatibleModel(base_url=url, model="m").complete_json("s", "u", SCHEMA, timeout=5)


async def test_a_slow_server_is_unavailable_after_the_timeout(server: tuple[str, Script]) -> None:
    url, script = server
    script.delay, script.body = 3, _completion("{}")
    started = time.monotonic()

    with pytest.raises(LanguageModelUnavailable, match=r"longer than 0\.3s"):
        await OpenAICompatibleModel(base_url=url, model="m").complete_json("s", "u", SCHEMA, timeout=0.3)

    assert time.monotonic() - started < 2


async def test_a_server_that_is_not_there_is_unavailable() -> None:
    model = OpenAICompatibleModel(base_url="http://127.0.0.1:9/v1", model="m")

    with pytest.raises(LanguageModelUnavailable, match="cannot reach"):
        await model.complete_json("s", "u", SCHEMA, timeout=2)
