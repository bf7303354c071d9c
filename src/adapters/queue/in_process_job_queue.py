"""JobQueue inside one process: the embedded default, so `ingesta serve` alone runs uploads as jobs."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from application.ports.job_queue import JobHandler, UploadJob

logger = logging.getLogger("ingesta.jobs")


class InProcessJobQueue:
    """An asyncio queue; a job that fails is retried after a growing delay, up to `retries` times.

    Nothing survives the process: a job lost with it is found by the lease reaper at the next start
    (its record is still `queued`, `validating` or `loading`) and queued again.
    """

    def __init__(self, *, retries: int = 3, backoff_seconds: float = 1.0) -> None:
        self._jobs: asyncio.Queue[tuple[UploadJob, int]] = asyncio.Queue()
        self._retries = retries
        self._backoff = backoff_seconds
        self._later: set[asyncio.Task[None]] = set()

    @property
    def depth(self) -> int:
        return self._jobs.qsize()

    async def enqueue(self, job: UploadJob) -> None:
        self._jobs.put_nowait((job, 0))

    async def work(self, handler: JobHandler, *, concurrency: int, stop: asyncio.Event) -> None:
        async with asyncio.TaskGroup() as group:
            for _ in range(max(1, concurrency)):
                group.create_task(self._worker(handler, stop))

    async def _worker(self, handler: JobHandler, stop: asyncio.Event) -> None:
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                taking = asyncio.ensure_future(self._jobs.get())
                await asyncio.wait({taking, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not taking.done():
                    taking.cancel()
                    return
                job, retried = taking.result()
                try:
                    await handler(job)
                except Exception:
                    self._retry_later(job, retried)
        finally:
            stopping.cancel()

    def _retry_later(self, job: UploadJob, retried: int) -> None:
        if retried >= self._retries:
            logger.error("upload job %s failed %d times; the reaper decides", job.upload_id, retried + 1)
            return
        delay = self._backoff * 2**retried
        logger.warning("upload job %s failed; retrying in %.1f s", job.upload_id, delay, exc_info=True)

        async def later() -> None:
            await asyncio.sleep(delay)
            self._jobs.put_nowait((job, retried + 1))

        task = asyncio.create_task(later())
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def close(self) -> None:
        for task in list(self._later):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
