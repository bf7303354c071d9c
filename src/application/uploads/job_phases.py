"""UploadPhases for a job: each phase and the rows loaded so far go to the record, for GET and SSE."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Sequence

from application.errors import ServiceUnavailable
from application.ports.upload_leases import UploadLeases
from application.ports.upload_records import UploadRecords
from domain.uploads.job_lease import JobLease, LeaseLost
from domain.uploads.upload import Upload, UploadProgress, UploadStatus
from domain.validation.typed_row import TypedRow

logger = logging.getLogger("ingesta.jobs")

# Often enough for a progress bar, rarely enough to cost the load nothing measurable.
REPORT_EVERY_SECONDS = 1.0
# A report is only news: one that cannot be written soon (a database lock held by the load) is dropped.
REPORT_TIMEOUT_SECONDS = 2.0


class JobPhases:
    def __init__(self, leases: UploadLeases, lease: JobLease) -> None:
        self._leases = leases
        self.lease = lease
        # A fence passed: the transaction that records the outcome holds the record until it ends.
        self.fenced = False
        self._pending: asyncio.Task[None] | None = None
        self._validated = 0  # rows validated as last reported: the count never goes back

    async def validating(self, upload: Upload) -> None:
        await self._leases.enter(
            upload.id, UploadStatus.VALIDATING, _progress(upload, UploadStatus.VALIDATING)
        )

    async def validated_rows(self, upload: Upload, rows: int) -> None:
        expected = None if upload.progress is None else upload.progress.rows_expected
        if not expected:
            return  # a workbook: no rows expected to measure them against
        # Below the rows expected until validation has ended: only `loading` (or the outcome) says all.
        rows = min(rows, expected - 1)
        if rows > self._validated:
            self._validated = rows
            self._report(upload.id, _progress(upload, UploadStatus.VALIDATING, validated=rows))

    async def loading(self, upload: Upload) -> None:
        # A validation count still on its way must not land after the phase it belongs to.
        await self._settled()
        progress = _progress(upload, UploadStatus.LOADING, validated=upload.rows.total)
        await self._leases.enter(upload.id, UploadStatus.LOADING, progress)

    async def counted(
        self, upload: Upload, batches: AsyncIterator[Sequence[TypedRow]]
    ) -> AsyncIterator[Sequence[TypedRow]]:
        loaded, last = 0, time.monotonic()
        async for batch in batches:
            yield batch
            loaded += len(batch)
            if time.monotonic() - last >= REPORT_EVERY_SECONDS:
                last = time.monotonic()
                self._report(upload.id, _progress(upload, UploadStatus.LOADING, upload.rows.total, loaded))

    async def fence(self, records: UploadRecords, upload: Upload) -> None:
        await self._settled()
        if not await records.hold_lease(upload.id, self.lease):
            logger.warning(
                "upload %s: attempt %d no longer holds its lease (it stalled past it and another run "
                "took the upload over); what this attempt did is rolled back",
                upload.id,
                self.lease.attempt,
            )
            raise LeaseLost(upload.id)
        self.fenced = True

    def _report(self, upload_id: str, progress: UploadProgress) -> None:
        # Never awaited by the load: on SQLite the load may hold the only write lock until it commits.
        if self._pending is not None and not self._pending.done():
            return
        self._pending = asyncio.create_task(self._write(upload_id, progress))

    async def _settled(self) -> None:
        if self._pending is not None:
            await asyncio.wait({self._pending})

    async def _write(self, upload_id: str, progress: UploadProgress) -> None:
        try:
            await asyncio.wait_for(self._leases.report(upload_id, progress), REPORT_TIMEOUT_SECONDS)
        except (TimeoutError, ServiceUnavailable):
            logger.debug("progress of upload %s not recorded", upload_id)


def _progress(upload: Upload, phase: UploadStatus, validated: int = 0, loaded: int = 0) -> UploadProgress:
    expected = None if upload.progress is None else upload.progress.rows_expected
    return UploadProgress(
        phase=phase.value, rows_validated=validated, rows_loaded=loaded, rows_expected=expected
    )
