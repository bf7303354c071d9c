"""`ingesta upload` following a job: its progress line with a percentage and the time left (rewritten
on a terminal, now and then otherwise), and Ctrl-C asking the service to cancel the upload."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from entrypoints.cli import follow_upload
from entrypoints.cli.cli_language import use_language
from entrypoints.cli.follow_upload import follow

pytestmark = pytest.mark.unit


def body(status: str, validated: int = 0, loaded: int = 0, expected: int | None = 1000) -> dict[str, Any]:
    progress = {
        "phase": status,
        "rows_validated": validated,
        "rows_loaded": loaded,
        "rows_expected": expected,
    }
    return {"id": "u-1", "status": status, "progress": progress}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ticking(step: float) -> Iterator[float]:
    moment = 0.0
    while True:
        yield moment
        moment += step


def client_answering(states: list[dict[str, Any]], seen: list[str]) -> httpx.Client:
    answers = iter(states)

    def service(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        return httpx.Response(200, json=next(answers))

    return httpx.Client(base_url="http://ingesta.test", transport=httpx.MockTransport(service))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    use_language("en")
    yield
    use_language("en")


def test_on_a_terminal_the_line_shows_rows_a_percentage_and_the_time_left() -> None:
    states = [
        body("validating"),
        body("loading", 1000, 0),
        body("loading", 1000, 500),
        body("loaded", 1000, 1000),
    ]
    out, seen = Terminal(), []
    clock = ticking(10.0)

    final = follow(
        client_answering(states, seen),
        "t",
        body("queued"),
        poll_seconds=0,
        out=out,
        clock=lambda: next(clock),
    )

    assert final["status"] == "loaded"
    shown = out.getvalue()
    assert "\rvalidating: 0 of about 1,000 rows, 0 %" in shown
    # 10 s for validation (half the work): about 10 s left; then 75 % after 20 s: about 7 s left.
    assert "\rloading: 0 of 1,000 rows, 50 %, about 10 s left" in shown
    assert "\rloading: 500 of 1,000 rows, 75 %, about 7 s left" in shown
    assert shown.endswith("\n")


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "\rvalidating: 400 of about 1,000 rows, 20 %, about 40 s left"),
        ("es", "\rvalidando: 400 de unas 1.000 filas, 20 %, quedan unos 40 s"),
    ],
)
def test_rows_validated_so_far_move_the_line_during_validation(language: str, line: str) -> None:
    use_language(language)
    states = [body("validating"), body("validating", 400), body("loaded", 1000, 1000)]
    out, seen = Terminal(), []
    clock = ticking(10.0)

    follow(
        client_answering(states, seen),
        "t",
        body("queued"),
        poll_seconds=0,
        out=out,
        clock=lambda: next(clock),
    )

    assert line in out.getvalue()


def test_without_a_terminal_a_line_is_written_now_and_then_not_at_every_poll() -> None:
    states = [body("loading", 1000, n) for n in range(0, 1000, 50)] + [body("loaded", 1000, 1000)]
    out, seen = io.StringIO(), []
    clock = ticking(1.0)

    follow(
        client_answering(states, seen),
        "t",
        body("queued"),
        poll_seconds=0,
        out=out,
        clock=lambda: next(clock),
    )

    lines = out.getvalue().splitlines()
    assert len(seen) == 21 and 2 <= len(lines) <= 4  # one line per 10 s of 21 s, and the final one
    assert "\r" not in out.getvalue() and lines[-1] == "loaded…"


def test_in_spanish_the_line_is_spanish_with_spanish_numbers() -> None:
    use_language("es")
    out, seen = Terminal(), []
    clock = ticking(10.0)
    states = [body("validating", expected=12000), body("loading", 12000, 6000, 12000), body("loaded")]

    follow(
        client_answering(states, seen),
        "t",
        body("queued"),
        poll_seconds=0,
        out=out,
        clock=lambda: next(clock),
    )

    assert "cargando: 6.000 de 12.000 filas, 75 %, quedan unos 3 s" in out.getvalue()


def test_ctrl_c_while_following_asks_the_service_to_cancel_and_waits_for_the_outcome() -> None:
    seen: list[str] = []
    answers = iter([body("validating"), None, body("validating"), body("cancelled")])

    def service(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        if request.method == "POST":
            return httpx.Response(202, json=body("validating"))
        answer = next(answers)
        if answer is None:
            raise KeyboardInterrupt  # the user pressed Ctrl-C while the command waited
        return httpx.Response(200, json=answer)

    client = httpx.Client(base_url="http://ingesta.test", transport=httpx.MockTransport(service))
    out = io.StringIO()

    final = follow(client, "t", body("queued"), poll_seconds=0, out=out)

    assert final["status"] == "cancelled"
    assert "POST /uploads/u-1/cancel" in seen
    assert "Ctrl-C: asking the service to cancel upload u-1; nothing of it will be loaded" in out.getvalue()


def test_a_cancel_that_comes_too_late_says_so_and_the_outcome_stands() -> None:
    answers = iter([None, body("loaded", 1000, 1000)])

    def service(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            detail = "upload u-1 is already loaded; only a queued or running upload can be cancelled"
            return httpx.Response(409, json={"status": 409, "title": "Conflict", "detail": detail})
        answer = next(answers)
        if answer is None:
            raise KeyboardInterrupt
        return httpx.Response(200, json=answer)

    client = httpx.Client(base_url="http://ingesta.test", transport=httpx.MockTransport(service))
    out = io.StringIO()

    final = follow(client, "t", body("loading", 1000, 900), poll_seconds=0, out=out)

    assert final["status"] == "loaded"
    assert "too late to cancel: upload u-1 is already loaded" in out.getvalue()


def test_every_final_status_of_the_service_ends_the_following() -> None:
    assert {"loaded", "rejected", "failed", "cancelled", "refused"} == follow_upload.FINAL
