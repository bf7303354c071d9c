"""PresignUpload and CompleteDirectUpload: a file's bytes go from the client to S3, never through us."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import msgspec

from application.errors import Conflict, InvalidInput, NotFound, NotSupported, PayloadTooLarge
from application.ports.clock import Clock
from application.ports.dataset_store import DatasetStore
from application.ports.direct_uploads import CompletedPart, DirectUploads, PresignedPart
from application.ports.job_queue import JobQueue, UploadJob
from application.ports.tracer import NoTracer, Tracer
from application.ports.upload_leases import UploadLeases
from application.ports.upload_repository import UploadRepository
from application.ports.upload_unit_of_work import UploadUnits
from application.uploads.upload_command import display_filename
from application.uploads.upload_refusals import refuse_loaded, refuse_upsert_without_key
from domain.uploads.dataset_name import parse_dataset_name
from domain.uploads.object_key import object_key
from domain.uploads.upload import LoadMode, OnError, Upload, UploadStatus

SHA256_HEX = frozenset("0123456789abcdef")


class PresignRequest(msgspec.Struct, frozen=True, kw_only=True):
    dataset: str
    filename: str
    size: int
    uploaded_by: str
    sha256: str | None = None
    on_error: OnError = OnError.REJECT
    mode: LoadMode = LoadMode.APPEND


class Presigned(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    parts: tuple[PresignedPart, ...]
    expires_at: datetime
    part_size: int


class PresignUpload:
    """Records the upload `queued` with no job yet: until the client completes it, no worker looks.

    Its lease is the URLs' expiry: an upload never completed is then found by the reaper, whose worker
    finds no object and records it failed; its open multipart upload is aborted by the same reaper.
    """

    def __init__(
        self,
        *,
        units: UploadUnits,
        leases: UploadLeases,
        datasets: DatasetStore,
        direct: DirectUploads | None,
        clock: Clock,
        max_upload_bytes: int,
        expires_seconds: int = 3600,
    ) -> None:
        self._units = units
        self._leases = leases
        self._datasets = datasets
        self._direct = direct
        self._clock = clock
        self._max_bytes = max_upload_bytes
        self._expires = expires_seconds

    async def __call__(self, request: PresignRequest, language: str = "en") -> Presigned:
        direct = _needed(self._direct)
        dataset = parse_dataset_name(request.dataset)
        if request.size <= 0:
            raise InvalidInput("'size' is the file's size in bytes, at least 1")
        if request.size > self._max_bytes:
            raise PayloadTooLarge(
                f"the file has {request.size} bytes; the limit is {self._max_bytes} "
                "(INGESTA_MAX_UPLOAD_BYTES)"
            )
        sha256 = (request.sha256 or "").strip().lower()
        if sha256 and (len(sha256) != 64 or not set(sha256) <= SHA256_HEX):
            raise InvalidInput("'sha256' is the file's SHA-256 as 64 hexadecimal digits")
        if sha256:
            async with self._units() as uow:
                refuse_loaded(await uow.uploads.find_loaded(dataset, sha256), request.uploaded_by)
        refuse_upsert_without_key(request.mode, await self._datasets.get_contract(dataset), dataset)
        upload_id = str(uuid.uuid4())
        now = self._clock.now()
        upload = Upload.queued(
            id=upload_id,
            dataset=dataset,
            filename=display_filename(request.filename),
            bytes=request.size,
            sha256=sha256,  # empty until the worker reads the object, when none was declared
            object_key=object_key(dataset, upload_id, now, "csv"),
            uploaded_by=request.uploaded_by,
            created_at=now,
            on_error=request.on_error,
            mode=request.mode,
        )
        expires_at = now + timedelta(seconds=self._expires)
        async with self._units() as uow:
            await uow.uploads.add(upload)
            await uow.commit()
        await self._leases.queue(UploadJob(upload_id=upload_id, language=language), expires_at)
        part_size, parts = await direct.start(upload.object_key, request.size, self._expires)
        return Presigned(id=upload_id, parts=parts, expires_at=expires_at, part_size=part_size)


class CompleteDirectUpload:
    """Completes the object, checks its size (the worker checks the SHA-256 as it reads it) and queues
    the job; a wrong size deletes nothing the client cannot send again but fails the upload."""

    def __init__(
        self,
        *,
        uploads: UploadRepository,
        units: UploadUnits,
        leases: UploadLeases,
        direct: DirectUploads | None,
        queue: JobQueue,
        clock: Clock,
        queue_wait_seconds: float = 3600,
        tracer: Tracer | None = None,
    ) -> None:
        self._uploads = uploads
        self._units = units
        self._leases = leases
        self._direct = direct
        self._queue = queue
        self._clock = clock
        self._queue_wait = timedelta(seconds=queue_wait_seconds)
        self._tracer: Tracer = tracer or NoTracer()

    async def __call__(
        self, upload_id: str, parts: tuple[CompletedPart, ...], uploaded_by: str, language: str = "en"
    ) -> Upload:
        direct = _needed(self._direct)
        upload = await self._uploads.get(upload_id)
        if upload is None or upload.uploaded_by != uploaded_by:
            raise NotFound(f"no upload {upload_id!r} is visible to you")
        if upload.status is not UploadStatus.QUEUED or upload.progress is None:
            raise Conflict(f"upload {upload_id} is {upload.status.value}; only a presigned upload completes")
        if not parts:
            raise InvalidInput("send 'parts', a list with the part_number and etag of every part")
        size = await direct.complete(upload.object_key, parts)
        if size != upload.bytes:
            upload.fail(f"the object has {size} bytes where {upload.bytes} were declared; nothing was loaded")
            async with self._units() as uow:
                await uow.uploads.save(upload)
                await uow.commit()
            raise InvalidInput(upload.failure or "")
        job = UploadJob(upload_id=upload.id, language=language, trace=self._tracer.carrier())
        await self._leases.queue(job, self._clock.now() + self._queue_wait)
        await self._queue.enqueue(job)
        return upload


def _needed(direct: DirectUploads | None) -> DirectUploads:
    if direct is None:
        raise NotSupported(
            "presigned uploads need the S3 object store: this service keeps files in a local folder "
            "(INGESTA_OBJECT_STORE_URL=file://...), which no client can send bytes to; send the file "
            "with POST /uploads instead"
        )
    return direct
