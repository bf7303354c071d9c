"""The job queue the settings name: in this process by default, RabbitMQ for amqp:// URLs."""

from __future__ import annotations

import os
import socket
import uuid

from application.ports.job_queue import JobQueue


def job_queue_from_url(
    url: str | None, *, concurrency: int, retries: int, name: str = "ingesta.uploads"
) -> JobQueue:
    if url is None:
        from adapters.queue.in_process_job_queue import InProcessJobQueue

        return InProcessJobQueue(retries=retries)
    if url.startswith(("amqp://", "amqps://")):
        from adapters.queue.taskiq_job_queue import TaskiqJobQueue

        return TaskiqJobQueue(url, queue=name, prefetch=concurrency, retries=retries)
    raise ValueError(f"INGESTA_JOB_QUEUE_URL={url!r}: use amqp://user:password@host:5672/ (RabbitMQ)")


def worker_name() -> str:
    """Names a lease's holder in the record: which machine and process, unique per start."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
