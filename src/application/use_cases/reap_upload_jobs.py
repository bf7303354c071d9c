"""ReapUploadJobs: queue again, or fail with a reason, the uploads whose worker or job was lost."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import msgspec

from application.errors import ServiceUnavailable
from application.ports.clock import Clock
from application.ports.direct_uploads import DirectUploads
from application.ports.job_queue import JobQueue
from application.ports.upload_leases import UploadLeases

logger = logging.getLogger("ingesta.jobs")

BATCH = 100


def gave_up(attempts: int) -> str:
    return f"interrupted: {attempts} worker(s) stopped while processing it; nothing was loaded"


class Reaped(msgspec.Struct, frozen=True):
    requeued: int = 0
    failed: int = 0
    aborted: int = 0
    cancelled: int = 0


class ReapUploadJobs:
    """Run at start and every few seconds by every worker; the conditional writes make it safe to race.

    A record in a job status past its lease has no live worker: a killed worker stops renewing, a job
    lost with an in-process queue never gets one. Each is queued again (a duplicate delivery is
    harmless, see ProcessUploadJob) until it has had `max_attempts` workers, then failed with a reason.
    """

    def __init__(
        self,
        *,
        leases: UploadLeases,
        queue: JobQueue,
        clock: Clock,
        max_attempts: int,
        queue_wait_seconds: float = 3600,
        direct: DirectUploads | None = None,
        multipart_max_age_seconds: float = 86_400,
    ) -> None:
        self._leases = leases
        self._queue = queue
        self._clock = clock
        self._max_attempts = max_attempts
        self._queue_wait = timedelta(seconds=queue_wait_seconds)
        self._direct = direct
        self._multipart_max_age = timedelta(seconds=multipart_max_age_seconds)

    async def __call__(self) -> Reaped:
        now = self._clock.now()
        requeued = failed = cancelled = 0
        for stale in await self._leases.stale(now, now - self._queue_wait, BATCH):
            upload_id = stale.job.upload_id
            if stale.cancel_reason is not None:
                # Its worker died after a cancel was asked for: running it again would undo the cancel.
                if await self._leases.close_cancelled(upload_id, stale.cancel_reason):
                    cancelled += 1
            elif stale.attempts >= self._max_attempts:
                if await self._leases.fail(upload_id, now, gave_up(stale.attempts)):
                    failed += 1
            elif await self._leases.requeue(upload_id, now, now + self._queue_wait):
                await self._queue.enqueue(stale.job)
                requeued += 1
        aborted = await self._abort_open_transfers(now)
        if requeued or failed or cancelled or aborted:
            logger.warning(
                "upload jobs past their lease: %d queued again, %d failed, %d cancelled; "
                "%d multipart upload(s) aborted",
                requeued,
                failed,
                cancelled,
                aborted,
            )
        return Reaped(requeued, failed, aborted, cancelled)

    async def _abort_open_transfers(self, now: datetime) -> int:
        """Multipart uploads older than any transfer may take belong to a killed process or a client
        that gave up: invisible in listings, billed until aborted."""
        if self._direct is None:
            return 0
        try:
            return await self._direct.abort_stale(now - self._multipart_max_age)
        except ServiceUnavailable:
            logger.warning("could not list open multipart uploads this round")
            return 0
