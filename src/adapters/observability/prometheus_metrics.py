"""Every Prometheus metric Ingesta exposes, defined once per process in the default registry.

Labels are bounded: a route template (`/uploads/{upload_id:str}`), never a raw path, so ids cannot
multiply the series. With PROMETHEUS_MULTIPROC_DIR set before import, prometheus-client writes each
worker's values to files there and /metrics sums them.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter(
    "ingesta_http_requests",
    "HTTP requests answered, by method, route template and status code.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "ingesta_http_request_duration_seconds",
    "Time from the request's arrival to the end of its response, by method, route template and status.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
UPLOADS = Counter("ingesta_uploads", "Uploads finished, by final status.", ["status"])
ROWS_VALIDATED = Counter("ingesta_rows_validated", "Data rows read and validated by finished uploads.")
ROWS_LOADED = Counter("ingesta_rows_loaded", "Data rows loaded into the database by finished uploads.")
DEPENDENCY_ERRORS = Counter(
    "ingesta_dependency_errors",
    "Requests stopped by a dependency: database_unavailable, database_busy, object_store_unavailable, "
    "session_store_unavailable, disk_full.",
    ["kind"],
)
JOBS = Counter(
    "ingesta_upload_jobs",
    "Upload jobs a worker ran, by outcome: done (the upload is final) or retry (handed back to the queue).",
    ["outcome"],
)
JOB_DURATION = Histogram(
    "ingesta_upload_job_duration_seconds",
    "Time a worker spent on one upload job, by outcome.",
    ["outcome"],
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600),
)
