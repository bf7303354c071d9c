"""Log lines: one JSON object per line in production, readable text in development.

Every line carries the request id, and the user and upload where known. Nothing here reads headers,
bodies or cell values, so tokens, passwords and data cannot reach a log through the formatter.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Literal

import msgspec

from application.log_context import log_context
from entrypoints.observability.request_id import current_request_id, current_scope

_STANDARD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's copy of the message with terminal colour codes
}
_CONTEXT_FIELDS = ("request_id", "user_id", "upload_id")
_HANDLER_NAME = "ingesta"
# Anything msgspec cannot encode natively is written as its str(), like json.dumps(default=str).
_ENCODER = msgspec.json.Encoder(enc_hook=str)


class RequestContextFilter(logging.Filter):
    """Adds request_id, user_id and upload_id from context variables to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        record.upload_id = log_context().get("upload_id")
        scope = current_scope.get()
        user = None if scope is None else scope.get("user")
        record.user_id = getattr(user, "user_id", None)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line. Every request logs a line, so the line is cheap: the date and time to
    the second is formatted once per second, and the object is encoded by msgspec (`json` only for
    what msgspec refuses)."""

    def __init__(self) -> None:
        super().__init__()
        self._second = -1
        self._second_text = ""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, object] = {
            "time": self._time(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in _CONTEXT_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                event[field] = value
        event.update(_extra_fields(record))
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        try:
            return _ENCODER.encode(event).decode()
        except (TypeError, ValueError, OverflowError, msgspec.EncodeError):
            return json.dumps(event, default=str, ensure_ascii=False)

    def _time(self, record: logging.LogRecord) -> str:
        # ISO 8601 in UTC to the millisecond, as datetime.isoformat(timespec="milliseconds") writes it.
        second = int(record.created)
        if second != self._second:
            self._second_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = second
        return f"{self._second_text}.{int(record.msecs):03d}+00:00"


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = " ".join(
            f"{field}={getattr(record, field)}" for field in _CONTEXT_FIELDS if getattr(record, field, None)
        )
        return f"{line} [{context}]" if context else line


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the moment of logging, so redirections and captures apply."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr  # handle() holds the handler's lock around emit()
        super().emit(record)


def _extra_fields(record: logging.LogRecord) -> dict[str, object]:
    return {
        key: value
        for key, value in record.__dict__.items()
        if key not in _STANDARD_ATTRIBUTES and key not in _CONTEXT_FIELDS and not key.startswith("_")
    }


def configure_logging(log_format: Literal["json", "text"], level: int = logging.INFO) -> None:
    """Install one handler on the root logger; calling it again replaces it rather than adding one."""
    handler = StderrHandler()
    handler.set_name(_HANDLER_NAME)
    handler.addFilter(RequestContextFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    # Neither format writes the thread or process of a record: not collecting them makes every record,
    # one per request at least, cheaper to build.
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    root = logging.getLogger()
    for existing in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)


def log_format_for(env: str, configured: Literal["json", "text"] | None) -> Literal["json", "text"]:
    if configured is not None:
        return configured
    return "json" if env == "production" else "text"
