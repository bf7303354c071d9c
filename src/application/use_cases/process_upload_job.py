"""ProcessUploadJob: a worker's run of one queued upload, safe to repeat after any crash."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import timedelta

from application.errors import NotFound, ServiceUnavailable
from application.log_context import bind_log_context
from application.ports.clock import Clock
from application.ports.job_queue import UploadJob
from application.ports.object_store import ObjectStore
from application.ports.tracer import NoTracer, Tracer
from application.ports.upload_leases import UploadLeases
from application.ports.upload_metrics import NoUploadMetrics, UploadMetrics
from application.ports.upload_repository import UploadRepository
from application.ports.upload_unit_of_work import UploadUnits
from application.uploads.job_phases import JobPhases
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.job_lease import JobLease, LeaseLost
from domain.uploads.upload import Upload

logger = logging.getLogger("ingesta.jobs")

# How soon a running job notices that its cancel was asked for (one indexed read per poll).
CANCEL_POLL_SECONDS = 1.0
# How soon a renewal that failed (the database busy or away) is tried again.
RETRY_RENEWAL_SECONDS = 0.25

MISSING_OBJECT = "the archived file is missing from the object store; nothing was loaded"


def _cancelling() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


class ProcessUploadJob:
    """Exactly-once effect on top of at-least-once delivery.

    The record says where a job stands: a final record means a run committed (the rows and the final
    record go in one transaction), so a repeat does nothing; any other record means no row of it
    stays, so the run starts over from the archived object. A lease on the record, renewed while the
    worker lives, keeps two workers off one upload; a run whose worker died is taken once its lease
    runs out, and a run that only stalled past it commits nothing: its outcome is recorded only while
    its lease (owner and attempt) still holds, checked in the committing transaction. Dependencies
    that are down before the last attempt hand the upload back and raise, so the queue retries with
    backoff; at the last attempt the upload is recorded failed.
    """

    def __init__(
        self,
        *,
        uploads: UploadRepository,
        units: UploadUnits,
        leases: UploadLeases,
        objects: ObjectStore,
        upload_csv: UploadCsv,
        clock: Clock,
        owner: str,
        lease_seconds: float,
        max_attempts: int,
        tracer: Tracer | None = None,
        metrics: UploadMetrics | None = None,
    ) -> None:
        self._uploads = uploads
        self._units = units
        self._leases = leases
        self._objects = objects
        self._upload_csv = upload_csv
        self._clock = clock
        self._owner = owner
        self._lease = timedelta(seconds=lease_seconds)
        self._max_attempts = max_attempts
        self._tracer: Tracer = tracer or NoTracer()
        self._metrics: UploadMetrics = metrics or NoUploadMetrics()

    async def __call__(self, job: UploadJob) -> Upload | None:
        bind_log_context(upload_id=job.upload_id)
        # The worker's spans continue the trace of the request that queued the job.
        with self._tracer.continued(job.trace, "upload.job"):
            return await self._take(job)

    async def _take(self, job: UploadJob) -> Upload | None:
        with self._tracer.span("database.claim"):
            attempt = await self._claim(job.upload_id)
        if attempt is None:
            return await self._uploads.get(job.upload_id)
        lease = JobLease(owner=self._owner, attempt=attempt)
        upload = await self._uploads.get(job.upload_id)
        assert upload is not None  # claimed a moment ago; records are never deleted
        phases = JobPhases(self._leases, lease)
        run = asyncio.create_task(self._run(upload, job, phases, last_try=attempt >= self._max_attempts))
        watch = _Watch()
        async with self._renewing(upload.id, phases, run, watch):
            try:
                return await run
            except LeaseLost:
                # Fenced off at its commit: the run that took the upload over records the outcome.
                return await self._uploads.get(upload.id)
            except ServiceUnavailable:
                with contextlib.suppress(ServiceUnavailable):
                    await self._leases.release(upload.id, lease, self._clock.now() + self._lease)
                raise
            except asyncio.CancelledError:
                if run.cancelled() and not _cancelling():
                    if watch.cancel_reason is not None:
                        return await self._cancelled(upload.id, watch.cancel_reason)
                    raise LeaseLost(upload.id) from None
                raise

    async def _claim(self, upload_id: str) -> int | None:
        """The attempt this run is, or None when there is nothing (more) to do."""
        while True:
            upload = await self._uploads.get(upload_id)
            if upload is None:
                logger.warning("upload job %s has no record; nothing to do", upload_id)
                return None
            if upload.status.is_final:
                return None  # a run before this one committed: this delivery is a repeat
            now = self._clock.now()
            attempt = await self._leases.claim(upload_id, self._owner, now, now + self._lease)
            if attempt is not None:
                return attempt
            # Another worker holds a live lease: it finishes, or dies and its lease runs out.
            await asyncio.sleep(min(self._lease.total_seconds() / 4, 5.0))

    async def _run(self, upload: Upload, job: UploadJob, phases: JobPhases, *, last_try: bool) -> Upload:
        with tempfile.TemporaryFile() as source:
            try:
                with self._tracer.span("object_store.get"):
                    await self._objects.download(upload.object_key, source)
            except NotFound:
                return await self._failed(upload, MISSING_OBJECT, phases)
            except ServiceUnavailable:
                if not last_try:
                    raise
                reason = "the object store was unavailable; nothing was loaded"
                return await self._failed(upload, reason, phases)
            source.seek(0)
            command = UploadCommand(
                dataset=upload.dataset,
                on_error=upload.on_error,
                filename=upload.filename,
                uploaded_by=upload.uploaded_by,
                # Not asked again: the upload policy refused or let this upload in when it was
                # accepted, and `process_queued` never asks it (the job does not keep the role).
                role=Role.UPLOADER,
                source=source,
                language="es" if job.language == "es" else "en",
                mode=upload.mode,
                archived_key=upload.object_key,
                sheet=job.sheet,
            )
            return await self._upload_csv.process_queued(upload, command, phases, last_try=last_try)

    async def _cancelled(self, upload_id: str, reason: str) -> Upload | None:
        """The run was stopped before its commit (whose own check would have refused it anyway), so no
        row of it stays; a run that committed just before it was stopped keeps its final record."""
        closed = await asyncio.shield(self._leases.close_cancelled(upload_id, reason))
        logger.info("upload %s cancelled: %s", upload_id, reason)
        record = await self._uploads.get(upload_id)
        if closed and record is not None:
            self._metrics.finished(record)
        return record

    async def _failed(self, upload: Upload, reason: str, phases: JobPhases) -> Upload:
        # Through a unit of work, as every other outcome of an upload is recorded.
        upload.fail(reason)
        async with self._units() as uow:
            await phases.fence(uow.uploads, upload)
            await uow.uploads.save(upload)
            await uow.commit()
        return upload

    @contextlib.asynccontextmanager
    async def _renewing(
        self, upload_id: str, phases: JobPhases, run: asyncio.Task[Upload], watch: _Watch
    ) -> AsyncIterator[None]:
        """Renew the lease while `run` works, and look for a cancel every `CANCEL_POLL_SECONDS`. Once
        the lease is lost (the worker stalled past it and the reaper gave the upload to another) or a
        cancel is asked for, stop `run`: two runs must not load one upload, a cancelled one none. The
        two are separate tasks, so a slow cancel read never delays a renewal."""
        tasks = [
            asyncio.create_task(self._keep_lease(upload_id, phases.lease, run, phases)),
            asyncio.create_task(self._watch_cancel(upload_id, run, watch)),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _keep_lease(
        self, upload_id: str, lease: JobLease, run: asyncio.Task[Upload], phases: JobPhases
    ) -> None:
        """Renew a third of a lease after the last renewal was asked for (its `until` counts from
        then), whatever the renewal itself took; one that failed is tried again soon, not a third later."""
        period = self._lease.total_seconds() / 3
        asked = time.monotonic()
        while True:
            await asyncio.sleep(max(0.0, asked + period - time.monotonic()))
            started = time.monotonic()
            try:
                held = await self._leases.renew(upload_id, lease, self._clock.now() + self._lease)
            except ServiceUnavailable:
                # The lease may run out; the commit's fence then refuses this run.
                await asyncio.sleep(min(period, RETRY_RENEWAL_SECONDS))
                continue
            asked = started
            if not held:
                if phases.fenced:
                    return  # past its fence: the record is final, or about to be, by this run's commit
                logger.warning("upload %s: lease lost to the reaper; stopping this run", upload_id)
                run.cancel()
                return

    async def _watch_cancel(self, upload_id: str, run: asyncio.Task[Upload], watch: _Watch) -> None:
        while True:
            await asyncio.sleep(CANCEL_POLL_SECONDS)
            try:
                watch.cancel_reason = await self._leases.cancel_requested(upload_id)
            except ServiceUnavailable:
                continue
            if watch.cancel_reason is not None:
                logger.info("upload %s: cancel asked for; stopping this run", upload_id)
                run.cancel()
                return


class _Watch:
    """What the watch beside a run learnt: the reason of a cancel asked for, if one was."""

    cancel_reason: str | None = None
