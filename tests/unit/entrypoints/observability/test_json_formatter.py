"""The JSON formatter: one object per line with the context fields and a record's extras."""

from __future__ import annotations

import json
import logging

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
