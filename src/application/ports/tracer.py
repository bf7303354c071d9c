"""Tracer: a named span around a step of a use case, so traces show where an upload spends its time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class Tracer(Protocol):
    def span(self, name: str) -> AbstractContextManager[None]:
        """Time the block as one span named `name`; an exception inside marks the span failed."""
        ...


class NoTracer:
    """The default: tracing off costs one empty context manager per step."""

    @contextmanager
    def span(self, name: str) -> Iterator[None]:
        yield
