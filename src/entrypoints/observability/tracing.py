"""OpenTelemetry traces, on when the standard OTEL_* variables ask for them and the `otel` extra is here.

Off, the service runs with the no-op Tracer and no OpenTelemetry import at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from application.ports.tracer import NoTracer, Tracer
from entrypoints.observability.request_id import current_request_id

logger = logging.getLogger("ingesta.tracing")
DEFAULT_SERVICE_NAME = "ingesta"


@dataclass(frozen=True)
class Tracing:
    tracer: Tracer = field(default_factory=NoTracer)
    plugins: tuple[Any, ...] = ()
    shutdown: Callable[[], None] = lambda: None


def tracing_requested(environ: Mapping[str, str]) -> bool:
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporter = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter == "none":
        return False
    return bool(exporter or environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip())


def tracing_from_environment(environ: Mapping[str, str], *, http: bool = True) -> Tracing:
    """`http`: spans for HTTP requests too (the API); a worker (`ingesta worker`) serves none."""
    if not tracing_requested(environ):
        return Tracing()
    try:
        if http:
            # Litestar's plugin needs opentelemetry-instrumentation-asgi: fail here, not at app build.
            import litestar.plugins.opentelemetry  # noqa: F401
        from opentelemetry.sdk.resources import SERVICE_NAME, Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        exporter = _span_exporter(environ.get("OTEL_TRACES_EXPORTER", "otlp").strip().lower() or "otlp")
    except ImportError as error:
        logger.warning(
            "OTEL_* variables ask for traces but OpenTelemetry is not installed (%s); "
            "install ingesta[otel]. Going on without traces.",
            error.name or error,
        )
        return Tracing()
    if exporter is None:
        return Tracing()
    service_name = environ.get("OTEL_SERVICE_NAME") or DEFAULT_SERVICE_NAME
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return tracing_with(provider) if http else worker_tracing_with(provider)


def _span_exporter(name: str) -> Any:
    if name == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    if name == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    logger.warning("OTEL_TRACES_EXPORTER=%r is not supported (use otlp or console); no traces", name)
    return None


def _tag_request_id(span: Any, _: Any) -> None:
    # A trace found from a log line's request id, or the other way round.
    if span is not None and span.is_recording() and (request_id := current_request_id.get()):
        span.set_attribute("ingesta.request_id", request_id)


def worker_tracing_with(provider: Any) -> Tracing:
    """Spans for the jobs' steps only, continuing the trace each job carries from its request."""
    from adapters.observability.opentelemetry_tracer import OpenTelemetryTracer

    return Tracing(tracer=OpenTelemetryTracer(provider.get_tracer("ingesta")), shutdown=provider.shutdown)


def tracing_with(provider: Any) -> Tracing:
    """Spans for every HTTP request (Litestar's plugin) and for the upload's steps (our Tracer port)."""
    from litestar.plugins.opentelemetry import OpenTelemetryConfig, OpenTelemetryPlugin

    from adapters.observability.opentelemetry_tracer import OpenTelemetryTracer

    plugin = OpenTelemetryPlugin(
        OpenTelemetryConfig(
            tracer_provider=provider, exclude=["^/metrics"], server_request_hook_handler=_tag_request_id
        )
    )
    return Tracing(
        tracer=OpenTelemetryTracer(provider.get_tracer("ingesta")),
        plugins=(plugin,),
        shutdown=provider.shutdown,
    )
