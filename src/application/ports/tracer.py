"""Tracer: a named span around a step of a use case, so traces show where an upload spends its time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol


class Tracer(Protocol):
    def span(self, name: str) -> AbstractContextManager[None]:
        """Time the block as one span named `name`; an exception inside marks the span failed."""
        ...

    def carrier(self) -> dict[str, str]:
        """The trace the caller is in, as W3C Trace Context fields (`traceparent`, ...) for a job
        message to carry to another process; empty when tracing is off."""
        ...

    def continued(self, carrier: Mapping[str, str], name: str) -> AbstractContextManager[None]:
        """A span named `name` in the trace `carrier` came from (a new trace when it is empty), so a
        worker's spans join the request that queued the job."""
        ...


class NoTracer:
    """The default: tracing off costs one empty context manager per step."""

    @contextmanager
    def span(self, name: str) -> Iterator[None]:
        yield

    def carrier(self) -> dict[str, str]:
        return {}

    @contextmanager
    def continued(self, carrier: Mapping[str, str], name: str) -> Iterator[None]:
        yield
