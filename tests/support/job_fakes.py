"""Hand-written fakes of the job ports: leases over the in-memory upload records, and a queue to inspect."""

from __future__ import annotations

import asyncio
from datetime import datetime

import msgspec
from tests.support.upload_fakes import InMemoryUploadRepository

from application.errors import DatabaseUnavailable
from application.ports.job_queue import JobHandler, UploadJob
from application.ports.upload_leases import StaleJob
from domain.uploads.job_lease import JobLease
from domain.uploads.upload import JOB_STATUSES, Upload, UploadProgress, UploadStatus


class Lease(msgspec.Struct, kw_only=True):
    owner: str | None = None
    until: datetime | None = None
    attempts: int = 0
    job: UploadJob | None = None


class InMemoryUploadLeases:
    """Leases beside the fake repository's records; writes check the record's status like the SQL ones."""

    def __init__(self, uploads: InMemoryUploadRepository) -> None:
        self.uploads = uploads
        self.leases: dict[str, Lease] = uploads.leases
        self.phases: list[tuple[str, UploadStatus]] = []
        self.reports: list[UploadProgress] = []

    def _record(self, upload_id: str) -> Upload | None:
        if not self.uploads.available:
            raise DatabaseUnavailable("the fake database is down")
        upload = self.uploads.records.get(upload_id)
        return upload if upload is not None and upload.status in JOB_STATUSES else None

    def _lease(self, upload_id: str) -> Lease:
        return self.leases.setdefault(upload_id, Lease())

    def _expired(self, upload_id: str, now: datetime) -> bool:
        until = self._lease(upload_id).until
        return until is None or until < now

    async def waiting(self) -> int:
        if not self.uploads.available:
            raise DatabaseUnavailable("the fake database is down")
        return sum(upload.status is UploadStatus.QUEUED for upload in self.uploads.records.values())

    async def queue(self, job: UploadJob, until: datetime) -> None:
        if self._record(job.upload_id) is not None:
            lease = self._lease(job.upload_id)
            lease.job, lease.until = job, until

    async def claim(self, upload_id: str, owner: str, now: datetime, until: datetime) -> int | None:
        upload = self._record(upload_id)
        if upload is None or not (upload.status is UploadStatus.QUEUED or self._expired(upload_id, now)):
            return None
        lease = self._lease(upload_id)
        lease.owner, lease.until, lease.attempts = owner, until, lease.attempts + 1
        upload.status = UploadStatus.VALIDATING
        return lease.attempts

    def held(self, upload_id: str, lease: JobLease) -> bool:
        current = self._lease(upload_id)
        return (
            self._record(upload_id) is not None
            and current.owner == lease.owner
            and current.attempts == lease.attempt
        )

    async def renew(self, upload_id: str, lease: JobLease, until: datetime) -> bool:
        if not self.held(upload_id, lease):
            return False
        self._lease(upload_id).until = until
        return True

    async def release(self, upload_id: str, lease: JobLease, until: datetime) -> None:
        upload = self._record(upload_id)
        if upload is not None and self.held(upload_id, lease):
            upload.status = UploadStatus.QUEUED
            self._lease(upload_id).owner, self._lease(upload_id).until = None, until

    async def enter(self, upload_id: str, status: UploadStatus, progress: UploadProgress) -> None:
        upload = self._record(upload_id)
        if upload is not None:
            upload.status, upload.progress = status, progress
            self.phases.append((upload_id, status))

    async def report(self, upload_id: str, progress: UploadProgress) -> None:
        upload = self._record(upload_id)
        if upload is not None:
            upload.progress = progress
            self.reports.append(progress)

    async def stale(self, now: datetime, unleased_before: datetime, limit: int) -> list[StaleJob]:
        found = []
        for upload in sorted(self.uploads.records.values(), key=lambda u: u.created_at):
            lease = self._lease(upload.id)
            late = (lease.until is not None and lease.until < now) or (
                lease.until is None and upload.created_at < unleased_before
            )
            if upload.status in JOB_STATUSES and late:
                job = lease.job or UploadJob(upload_id=upload.id)
                reason = self.uploads.cancel_requests.get(upload.id)
                found.append(
                    StaleJob(job=job, status=upload.status, attempts=lease.attempts, cancel_reason=reason)
                )
        return found[:limit]

    async def requeue(self, upload_id: str, now: datetime, until: datetime) -> bool:
        upload = self._record(upload_id)
        if upload is None or not self._expired(upload_id, now):
            return False
        upload.status = UploadStatus.QUEUED
        self._lease(upload_id).owner, self._lease(upload_id).until = None, until
        return True

    async def fail(self, upload_id: str, now: datetime, reason: str) -> bool:
        upload = self._record(upload_id)
        if upload is None or not self._expired(upload_id, now):
            return False
        upload.fail(reason)
        return True

    async def request_cancel(self, upload_id: str, reason: str) -> UploadStatus | None:
        upload = self._record(upload_id)
        if upload is None:
            return None
        self.uploads.cancel_requests.setdefault(upload_id, reason)
        if upload.status is UploadStatus.QUEUED:
            upload.cancel(reason)
            self._lease(upload_id).owner = None
        return upload.status

    async def cancel_requested(self, upload_id: str) -> str | None:
        if not self.uploads.available:
            raise DatabaseUnavailable("the fake database is down")
        return self.uploads.cancel_requests.get(upload_id)

    async def close_cancelled(self, upload_id: str, reason: str) -> bool:
        upload = self._record(upload_id)
        if upload is None:
            return False
        upload.cancel(reason)
        self._lease(upload_id).owner = None
        return True


class RecordingJobQueue:
    """Keeps what was enqueued; `run_all` hands each job to a handler, as a worker would."""

    def __init__(self, *, available: bool = True) -> None:
        self.jobs: list[UploadJob] = []
        self.available = available

    async def enqueue(self, job: UploadJob) -> None:
        if not self.available:
            from application.errors import JobQueueUnavailable

            raise JobQueueUnavailable("the fake job queue is down")
        self.jobs.append(job)

    async def work(self, handler: JobHandler, *, concurrency: int, stop: asyncio.Event) -> None:
        await stop.wait()

    async def run_all(self, handler: JobHandler) -> None:
        while self.jobs:
            await handler(self.jobs.pop(0))

    async def close(self) -> None:
        return None
