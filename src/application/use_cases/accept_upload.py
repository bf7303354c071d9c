"""AcceptUpload: archive the raw file, record the upload `queued` and hand it to a worker (202)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from application.errors import InvalidInput, ServiceUnavailable
from application.log_context import bind_log_context
from application.ports.clock import Clock
from application.ports.dataset_store import DatasetStore
from application.ports.job_queue import JobQueue, UploadJob
from application.ports.object_store import ObjectStore
from application.ports.tracer import NoTracer, Tracer
from application.ports.upload_leases import UploadLeases
from application.ports.upload_unit_of_work import UploadUnits
from application.uploads.file_digest import digest_file
from application.uploads.refused_attempts import RefusedAttempts
from application.uploads.upload_claims import UploadClaims
from application.uploads.upload_command import UploadCommand, new_upload
from application.uploads.upload_permission import refuse_role, refuse_size
from application.uploads.upload_refusals import refuse_binary, refuse_loaded, refuse_upsert_without_key
from domain.uploads.content_sniffing import is_xlsx
from domain.uploads.dataset_name import parse_dataset_name
from domain.uploads.upload import Upload
from domain.uploads.upload_policy import UploadPolicy

logger = logging.getLogger("ingesta.uploads")


class AcceptUpload:
    """What can be answered at once is (400, 409, 415); the rest is a worker's, which reads the archive.

    Afterwards the upload is `queued` with its job on the queue, or `failed` with the reason; its
    object is archived before the job exists, so a worker never needs this process's disk.
    """

    def __init__(
        self,
        *,
        units: UploadUnits,
        leases: UploadLeases,
        datasets: DatasetStore,
        objects: ObjectStore,
        queue: JobQueue,
        clock: Clock,
        claims: UploadClaims | None = None,
        queue_wait_seconds: float = 3600,
        policy: UploadPolicy | None = None,
        tracer: Tracer | None = None,
        refusals: RefusedAttempts | None = None,
    ) -> None:
        self._units = units
        self._leases = leases
        self._datasets = datasets
        self._objects = objects
        self._queue = queue
        self._clock = clock
        self._claims = claims or UploadClaims()
        self._queue_wait = timedelta(seconds=queue_wait_seconds)
        self._policy = policy or UploadPolicy()
        self._tracer: Tracer = tracer or NoTracer()
        self._refusals = refusals or RefusedAttempts(units=units, clock=clock)

    async def __call__(self, command: UploadCommand) -> Upload:
        # The same policy as an upload processed in its request: the worker's run does not ask again.
        refuse_role(self._policy, command.role)
        dataset = parse_dataset_name(command.dataset)
        digest = await asyncio.to_thread(digest_file, command.source)
        async with self._refusals.recorded(command.attempt(digest.size)):
            refuse_size(self._policy, digest.size)
            refuse_binary(digest)
        if command.sheet is not None and not is_xlsx(digest.head):
            raise InvalidInput("'sheet' names a sheet of an .xlsx workbook; this file is CSV text")
        async with self._claims.claim(dataset, digest.sha256):
            async with self._units() as uow:
                loaded = await uow.uploads.find_loaded(dataset, digest.sha256)
            async with self._refusals.recorded(command.attempt(digest.size)):
                refuse_loaded(loaded, command.uploaded_by)
            refuse_upsert_without_key(command.mode, await self._datasets.get_contract(dataset), dataset)
            upload = new_upload(Upload.queued, command, dataset, digest, self._clock.now())
            upload.expect_rows(digest.rows_expected)
            async with self._units() as uow:
                await uow.uploads.add(upload)
                await uow.commit()
        bind_log_context(upload_id=upload.id)
        job = UploadJob(
            upload_id=upload.id, language=command.language, sheet=command.sheet, trace=self._tracer.carrier()
        )
        try:
            if command.archived_key is None:
                with self._tracer.span("object_store.put"):
                    await self._objects.put(
                        upload.object_key, command.source, size=digest.size, sha256=digest.sha256
                    )
            await self._leases.queue(job, self._clock.now() + self._queue_wait)
            await self._queue.enqueue(job)
        except BaseException as error:
            await asyncio.shield(self._fail(upload, error))
            raise
        return upload

    async def _fail(self, upload: Upload, error: BaseException) -> None:
        what = "the object store or the job queue" if isinstance(error, ServiceUnavailable) else "a fault"
        upload.fail(f"not queued: {what} stopped it; nothing was loaded")
        try:
            async with self._units() as uow:
                await uow.uploads.save(upload)
                await uow.commit()
        except ServiceUnavailable:
            # The record stays `queued` without a job; the lease reaper queues it again later.
            logger.error("could not record upload %s as failed", upload.id)
