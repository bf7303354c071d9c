"""The job queue's depth as a Prometheus gauge, read from the upload records at each scrape.

The records are what every API process and worker share, whatever the broker, so the number is the
same whichever process is scraped; a per-process gauge would count only the jobs that process queued.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Gauge, generate_latest


def queue_depth_exposition(waiting: int) -> bytes:
    registry = CollectorRegistry()
    gauge = Gauge(
        "ingesta_upload_queue_depth",
        "Uploads queued and waiting for a worker (from the upload records, shared by every process).",
        registry=registry,
    )
    gauge.set(waiting)
    return generate_latest(registry)
