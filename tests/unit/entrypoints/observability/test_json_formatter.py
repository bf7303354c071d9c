"""The JSON formatter: one object per line with the context fields and a record's extras."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from entrypoints.observability.log_format import JsonFormatter, RequestContextFilter
from entrypoints.observability.request_id import current_request_id

pytestmark = pytest.mark.unit


def record(message: str, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("uvicorn.error", logging.WARNING, __file__, 1, message, (), None)
    made.__dict__.update(extra)
    return made


def test_a_line_is_one_json_object_with_request_id_and_extras_but_no_colour_copy() -> None:
    current_request_id.set("req-7")
    line = record("Started server\nprocess", color_message="\x1b[36mStarted\x1b[0m", worker=3)
    RequestContextFilter().filter(line)

    formatted = JsonFormatter().format(line)

    assert "\n" not in formatted
    event = json.loads(formatted)
    assert event["message"] == "Started server\nprocess" and event["level"] == "warning"
    assert event["request_id"] == "req-7" and event["worker"] == 3
    assert "color_message" not in event and "upload_id" not in event


@pytest.mark.parametrize("created", [1764624951.25, 1764624951.999, 0.0, 1764624999.0015])
def test_the_time_is_iso_8601_utc_to_the_millisecond(created: float) -> None:
    line = record("tick")
    line.created, line.msecs = created, int((created - int(created)) * 1000) + 0.0

    event = json.loads(JsonFormatter().format(line))

    assert event["time"] == datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")


def test_two_records_in_the_same_second_keep_their_own_milliseconds() -> None:
    formatter = JsonFormatter()
    first, second = record("a"), record("b")
    first.created, first.msecs = 1764624951.1, 100.0
    second.created, second.msecs = 1764624951.9, 900.0

    times = [json.loads(formatter.format(line))["time"] for line in (first, second)]

    assert times == ["2025-12-01T21:35:51.100+00:00", "2025-12-01T21:35:51.900+00:00"]


def test_values_json_cannot_encode_are_written_as_text() -> None:
    class Opaque:
        def __str__(self) -> str:
            return "opaque value"

    line = record("odd", odd=Opaque(), amount=Decimal("1.10"), when=datetime(2026, 12, 1, tzinfo=UTC))

    event = json.loads(JsonFormatter().format(line))

    assert event["odd"] == "opaque value" and event["amount"] == "1.10"
    assert event["when"].startswith("2026-12-01")
