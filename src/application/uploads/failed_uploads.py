"""Closing an upload that did not finish: its record says `failed` with the reason, never `received`."""

from __future__ import annotations

import asyncio
import logging

from application.errors import (
    Conflict,
    DatabaseUnavailable,
    InsufficientStorage,
    InvalidInput,
    ObjectStoreUnavailable,
    ServiceUnavailable,
    UnsupportedContent,
)
from application.ports.object_store import ObjectStore
from application.ports.upload_unit_of_work import UploadUnits
from application.uploads.upload_phases import NO_PHASES, UploadPhases
from domain.uploads.upload import Upload, UploadStatus

logger = logging.getLogger("ingesta.uploads")


class FailedUploads:
    """Records `upload` failed for the error that stopped it, unless its load had committed after all."""

    def __init__(self, *, units: UploadUnits, objects: ObjectStore) -> None:
        self._units = units
        self._objects = objects

    async def close(
        self, upload: Upload, error: BaseException, *, archived_here: bool, phases: UploadPhases = NO_PHASES
    ) -> None:
        """`archived_here`: the object was stored by this upload (not recorded by a caller's key);
        `phases` fences a job's run that another run took over."""
        reason = failure_reason(upload, error)
        # An object recorded by its key (`ingesta load s3://…`) was the caller's before: never delete it.
        if isinstance(error, Conflict) and archived_here:
            # Another process loaded the same content meanwhile: a second copy would only cost space.
            try:
                await self._objects.delete(upload.object_key)
                reason = f"{reason}; this copy was not kept"
            except ServiceUnavailable:
                logger.warning("could not delete the archived copy of duplicate upload %s", upload.id)
        await self._record(upload, reason, phases)

    async def _record(self, upload: Upload, reason: str, phases: UploadPhases) -> None:
        try:
            async with self._units() as uow:
                # First: a stalled job's run that another took over records nothing, not even this.
                await phases.fence(uow.uploads, upload)
                recorded = await uow.uploads.get(upload.id)
                if recorded is not None and recorded.status is UploadStatus.LOADED:
                    # The load committed and only its acknowledgement was lost: the record is true.
                    logger.warning("upload %s was loaded although the database failed afterwards", upload.id)
                    return
                upload.fail(reason)
                await uow.uploads.save(upload)
                await uow.commit()
        except ServiceUnavailable:
            # The record stays `received`; FailInterruptedUploads closes it at the next start.
            logger.error(
                "could not record upload %s as failed: the database is unavailable; "
                "the next start of the service will mark it failed",
                upload.id,
            )


def failure_reason(upload: Upload, error: BaseException) -> str:
    """What the failed record says: the refusal's own sentence, or what kind of outage stopped it."""
    if isinstance(error, InsufficientStorage):
        return f"{error.detail}; no row was kept"
    if isinstance(error, ObjectStoreUnavailable):
        return "the object store was unavailable; nothing was loaded"
    if isinstance(error, DatabaseUnavailable):
        return "the database became unavailable; no row was kept"
    if isinstance(error, Conflict | InvalidInput | UnsupportedContent):
        return error.detail
    if isinstance(error, asyncio.CancelledError):
        return "the upload was interrupted; no row was kept"
    logger.error("upload %s failed", upload.id, exc_info=error)
    return "processing failed; no row was kept"
