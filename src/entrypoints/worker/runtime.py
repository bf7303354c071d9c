"""The worker loop: take upload jobs from the queue, and reap those whose worker was lost."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable

from adapters.observability.prometheus_metrics import JOB_DURATION, JOBS
from application.ports.job_queue import UploadJob
from entrypoints.container import Container

logger = logging.getLogger("ingesta.jobs")


async def run_worker(
    container: Container, stop: asyncio.Event, *, concurrency: int, reap_at_start: bool = True
) -> None:
    """Until `stop` is set; the reaper runs at once (a restart finds what the last run left) and then
    every `INGESTA_JOB_REAP_INTERVAL_SECONDS`. `ingesta serve` reaps once before its processes start,
    so its embedded workers wait one interval first."""
    queue = container.job_queue()

    async def handle(job: UploadJob) -> None:
        await timed(container.process_upload_job()(job))

    reaping = asyncio.create_task(_reap_until(container, stop, reap_at_start))
    try:
        await queue.work(handle, concurrency=concurrency, stop=stop)
    finally:
        reaping.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reaping


async def timed(run: Awaitable[object]) -> None:
    """Count and time one job: `done` once it returned, `retry` when it raised for the queue to retry."""
    start = time.perf_counter()
    outcome = "retry"
    try:
        await run
        outcome = "done"
    finally:
        JOBS.labels(outcome=outcome).inc()
        JOB_DURATION.labels(outcome=outcome).observe(time.perf_counter() - start)


async def _reap_until(container: Container, stop: asyncio.Event, at_start: bool) -> None:
    interval = container.settings().job_reap_interval_seconds
    if not at_start:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
    while not stop.is_set():
        try:
            await container.reap_upload_jobs()()
        except Exception:
            # A database or broker that is down now is tried again at the next round.
            logger.warning("could not reap upload jobs this round", exc_info=True)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)


class EmbeddedWorker:
    """The worker inside `ingesta serve`: started with the app, stopped (jobs given a grace) with it."""

    def __init__(self, container: Container) -> None:
        self._container = container
        self._stop = asyncio.Event()
        settings = container.settings()
        self._task = asyncio.create_task(
            run_worker(container, self._stop, concurrency=settings.job_concurrency, reap_at_start=False)
        )

    async def close(self, grace_seconds: float) -> None:
        self._stop.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace_seconds)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        except Exception:
            logger.exception("the embedded worker stopped with an error")
        await self._container.job_queue().close()
