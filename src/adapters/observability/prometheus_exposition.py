"""The text a Prometheus scraper reads: this process's metrics, or every worker's when multiprocess."""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROCESS_DIRECTORY_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
EXPOSITION_MEDIA_TYPE = CONTENT_TYPE_LATEST


def exposition() -> bytes:
    if os.environ.get(MULTIPROCESS_DIRECTORY_VARIABLE):
        # Each worker writes its values to files in the directory; a fresh registry sums them all.
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)
