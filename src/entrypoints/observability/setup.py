"""Logging and tracing for one service process, set up from the settings and the OTEL_* variables."""

from __future__ import annotations

import os
from collections.abc import Mapping

from entrypoints.observability.log_format import configure_logging, log_format_for
from entrypoints.observability.tracing import Tracing, tracing_from_environment
from entrypoints.settings import Settings


def set_up_observability(
    settings: Settings,
    tracing: Tracing | None = None,
    environ: Mapping[str, str] | None = None,
) -> Tracing:
    """Configure logging; the tracing returned goes to the container (`build_container(tracer=...)`)."""
    configure_logging(log_format_for(settings.env, settings.log_format))
    return tracing or tracing_from_environment(os.environ if environ is None else environ)
