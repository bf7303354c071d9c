"""FailInterruptedUploads: at start, close the records of uploads a stopped process left `received`."""

from __future__ import annotations

import logging
from datetime import timedelta

from application.ports.clock import Clock
from application.ports.upload_repository import UploadRepository

logger = logging.getLogger("ingesta.uploads")

INTERRUPTED = "interrupted: the service stopped while processing it"


class FailInterruptedUploads:
    """An upload still `received` after the longest an upload may take has no process working on it.

    A killed process (kill -9, power loss) or a database that was down when the failure was to be
    recorded leaves such records; without this they would read as "in progress" forever.
    """

    def __init__(self, *, uploads: UploadRepository, clock: Clock, max_processing_seconds: int) -> None:
        self._uploads = uploads
        self._clock = clock
        self._max_processing = timedelta(seconds=max_processing_seconds)

    async def __call__(self) -> int:
        cutoff = self._clock.now() - self._max_processing
        failed = await self._uploads.fail_received_before(cutoff, INTERRUPTED)
        if failed:
            logger.warning("marked %d interrupted upload(s) as failed", failed)
        return failed
