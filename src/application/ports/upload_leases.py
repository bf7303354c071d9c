"""The job side of upload records: which worker holds a queued upload, until when, and how far it got."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import msgspec

from application.ports.job_queue import UploadJob
from domain.uploads.job_lease import JobLease
from domain.uploads.upload import UploadProgress, UploadStatus


class StaleJob(msgspec.Struct, frozen=True, kw_only=True):
    """An upload in a job status whose lease ran out: its worker died, or its job was lost."""

    job: UploadJob
    status: UploadStatus
    attempts: int
    # Why its owner or an admin asked to cancel it (None if nobody did): then it ends cancelled.
    cancel_reason: str | None = None


class UploadLeases(Protocol):
    """Every write is conditional on the record still being in a job status: a final record never moves.

    Adapters translate their library's failures into `DatabaseUnavailable`.
    """

    async def queue(self, job: UploadJob, until: datetime) -> None:
        """Keep the job's options with its `queued` record; a worker should take it before `until`."""
        ...

    async def claim(self, upload_id: str, owner: str, now: datetime, until: datetime) -> int | None:
        """Take the upload for `owner` until `until` (status `validating`), if it is queued or its lease
        ran out before `now`; return the attempt this is (1 for the first), None when not taken."""
        ...

    async def renew(self, upload_id: str, lease: JobLease, until: datetime) -> bool:
        """Extend `lease`; False once the upload is final or taken by another run (even of its owner)."""
        ...

    async def release(self, upload_id: str, lease: JobLease, until: datetime) -> None:
        """Give the upload back (status `queued`, no holder) for a retry that should come before `until`."""
        ...

    async def enter(self, upload_id: str, status: UploadStatus, progress: UploadProgress) -> None:
        """Record the phase a worker entered (`validating`, `loading`) and its progress so far."""
        ...

    async def report(self, upload_id: str, progress: UploadProgress) -> None:
        """Record progress only (rows validated or loaded so far)."""
        ...

    async def waiting(self) -> int:
        """How many uploads are `queued`: recorded, archived and waiting for a worker (retries too)."""
        ...

    async def stale(self, now: datetime, unleased_before: datetime, limit: int) -> list[StaleJob]:
        """Uploads in a job status whose lease ran out before `now`, or that never got one (a crash
        between recording and queueing) and were created before `unleased_before`; oldest first."""
        ...

    async def requeue(self, upload_id: str, now: datetime, until: datetime) -> bool:
        """Back to `queued` with a new deadline, if its lease still ran out before `now`; True if so."""
        ...

    async def fail(self, upload_id: str, now: datetime, reason: str) -> bool:
        """Mark it failed with `reason`, if its lease still ran out before `now`; True if so."""
        ...

    async def request_cancel(self, upload_id: str, reason: str) -> UploadStatus | None:
        """Cancel a `queued` upload at once (answer `cancelled`), or flag a running one for its worker
        (answer its status; the first reason stays); None when it is in no job status. The flag stays:
        every later commit of the upload's outcome checks it (`UploadRecords.hold_against_cancel`)."""
        ...

    async def cancel_requested(self, upload_id: str) -> str | None:
        """The reason a cancel of the upload was asked for, if one was."""
        ...

    async def close_cancelled(self, upload_id: str, reason: str) -> bool:
        """Record it `cancelled` with `reason`, if it is still in a job status; True if so."""
        ...
