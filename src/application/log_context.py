"""What a log line is about (the upload), carried in context so loggers need not be handed it.

The holder is a mutable dict in a context variable: a task started for part of a request copies the
reference, so the upload id it binds also reaches the request's own last log line.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar

_fields: ContextVar[dict[str, str] | None] = ContextVar("ingesta_log_fields", default=None)


def start_log_context() -> None:
    """A fresh, empty holder for one request or command."""
    _fields.set({})


def bind_log_context(**fields: str) -> None:
    holder = _fields.get()
    if holder is None:
        holder = {}
        _fields.set(holder)
    holder.update(fields)


def log_context() -> Mapping[str, str]:
    return _fields.get() or {}
