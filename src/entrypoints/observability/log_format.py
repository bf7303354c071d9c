"""Log lines: one JSON object per line in production, readable text in development.

Every line carries the request id, and the user and upload where known. Nothing here reads headers,
bodies or cell values, so tokens, passwords and data cannot reach a log through the formatter.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Literal

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
    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
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
        return json.dumps(event, default=str, ensure_ascii=False)


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
    root = logging.getLogger()
    for existing in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)


def log_format_for(env: str, configured: Literal["json", "text"] | None) -> Literal["json", "text"]:
    if configured is not None:
        return configured
    return "json" if env == "production" else "text"
