"""Tracer over an OpenTelemetry tracer; only imported when the `otel` extra is installed and asked for."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from opentelemetry import propagate
from opentelemetry.trace import SpanKind
from opentelemetry.trace import Tracer as OtelTracer


class OpenTelemetryTracer:
    def __init__(self, tracer: OtelTracer) -> None:
        self._tracer = tracer

    @contextmanager
    def span(self, name: str) -> Iterator[None]:
        # start_as_current_span records an exception and sets the error status on the way out.
        with self._tracer.start_as_current_span(f"ingesta.{name}"):
            yield

    def carrier(self) -> dict[str, str]:
        # The global propagator: W3C Trace Context and Baggage unless OTEL_PROPAGATORS says otherwise.
        fields: dict[str, str] = {}
        propagate.inject(fields)
        return fields

    @contextmanager
    def continued(self, carrier: Mapping[str, str], name: str) -> Iterator[None]:
        parent = propagate.extract(dict(carrier))
        with self._tracer.start_as_current_span(f"ingesta.{name}", context=parent, kind=SpanKind.CONSUMER):
            yield
