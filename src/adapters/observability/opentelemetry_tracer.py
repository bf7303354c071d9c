"""Tracer over an OpenTelemetry tracer; only imported when the `otel` extra is installed and asked for."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry.trace import Tracer as OtelTracer


class OpenTelemetryTracer:
    def __init__(self, tracer: OtelTracer) -> None:
        self._tracer = tracer

    @contextmanager
    def span(self, name: str) -> Iterator[None]:
        # start_as_current_span records an exception and sets the error status on the way out.
        with self._tracer.start_as_current_span(f"ingesta.{name}"):
            yield
