"""UploadLeases on the `uploads` table: conditional UPDATEs, so two workers never both win a record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.database_errors import translate_database_errors
from adapters.sql.upload_tables import uploads
from application.ports.job_queue import UploadJob
from application.ports.upload_leases import StaleJob
from domain.uploads.job_lease import JobLease
from domain.uploads.upload import JOB_STATUSES, UploadProgress, UploadStatus

_IN_JOB = uploads.c.status.in_([status.value for status in JOB_STATUSES])


def held_by(lease: JobLease) -> ColumnElement[bool]:
    """The record is `lease`'s: in a job status, its owner, its attempt (`attempts` counts claims)."""
    return and_(_IN_JOB, uploads.c.lease_owner == lease.owner, uploads.c.attempts == lease.attempt)


def _expired(now: datetime) -> ColumnElement[bool]:
    return or_(uploads.c.lease_until.is_(None), uploads.c.lease_until < now)


class SqlUploadLeases:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _update(self, upload_id: str, *conditions: Any, **values: Any) -> bool:
        statement = update(uploads).where(uploads.c.id == upload_id, _IN_JOB, *conditions).values(values)
        async with translate_database_errors(), self._engine.begin() as connection:
            result = await connection.execute(statement)
        return bool(result.rowcount)

    async def queue(self, job: UploadJob, until: datetime) -> None:
        await self._update(job.upload_id, job=msgspec.json.encode(job).decode(), lease_until=until)

    async def claim(self, upload_id: str, owner: str, now: datetime, until: datetime) -> int | None:
        claimable = or_(uploads.c.status == UploadStatus.QUEUED.value, _expired(now))
        statement = (
            update(uploads)
            .where(uploads.c.id == upload_id, _IN_JOB, claimable)
            .values(
                status=UploadStatus.VALIDATING.value,
                lease_owner=owner,
                lease_until=until,
                attempts=uploads.c.attempts + 1,
                progress=_encoded(UploadProgress(phase=UploadStatus.VALIDATING.value)),
            )
        )
        async with translate_database_errors(), self._engine.begin() as connection:
            if not (await connection.execute(statement)).rowcount:
                return None
            attempts = select(uploads.c.attempts).where(uploads.c.id == upload_id)
            return int((await connection.execute(attempts)).scalar_one())

    async def renew(self, upload_id: str, lease: JobLease, until: datetime) -> bool:
        return await self._update(upload_id, held_by(lease), lease_until=until)

    async def release(self, upload_id: str, lease: JobLease, until: datetime) -> None:
        await self._update(
            upload_id,
            held_by(lease),
            status=UploadStatus.QUEUED.value,
            lease_owner=None,
            lease_until=until,
            progress=_encoded(UploadProgress()),
        )

    async def enter(self, upload_id: str, status: UploadStatus, progress: UploadProgress) -> None:
        await self._update(upload_id, status=status.value, progress=_encoded(progress))

    async def report(self, upload_id: str, progress: UploadProgress) -> None:
        await self._update(upload_id, progress=_encoded(progress))

    async def waiting(self) -> int:
        query = select(func.count()).select_from(uploads).where(uploads.c.status == UploadStatus.QUEUED.value)
        async with translate_database_errors(), self._engine.connect() as connection:
            return int((await connection.execute(query)).scalar_one())

    async def stale(self, now: datetime, unleased_before: datetime, limit: int) -> list[StaleJob]:
        unleased = and_(uploads.c.lease_until.is_(None), uploads.c.created_at < unleased_before)
        query = (
            select(uploads.c.id, uploads.c.status, uploads.c.attempts, uploads.c.job, uploads.c.cancel_reason)
            .where(_IN_JOB, or_(uploads.c.lease_until < now, unleased))
            .order_by(uploads.c.created_at)
            .limit(limit)
        )
        async with translate_database_errors(), self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [
            StaleJob(
                job=_job(row.id, row.job),
                status=UploadStatus(row.status),
                attempts=row.attempts,
                cancel_reason=row.cancel_reason,
            )
            for row in rows
        ]

    async def requeue(self, upload_id: str, now: datetime, until: datetime) -> bool:
        return await self._update(
            upload_id,
            _expired(now),
            status=UploadStatus.QUEUED.value,
            lease_owner=None,
            lease_until=until,
            progress=_encoded(UploadProgress()),
        )

    async def fail(self, upload_id: str, now: datetime, reason: str) -> bool:
        return await self._update(
            upload_id,
            _expired(now),
            status=UploadStatus.FAILED.value,
            failure=reason,
            rows_loaded=0,
            lease_owner=None,
            progress=_encoded(UploadProgress(phase=UploadStatus.FAILED.value)),
        )

    async def request_cancel(self, upload_id: str, reason: str) -> UploadStatus | None:
        queued = update(uploads).where(
            uploads.c.id == upload_id, uploads.c.status == UploadStatus.QUEUED.value
        )
        running = update(uploads).where(uploads.c.id == upload_id, _IN_JOB)
        status = select(uploads.c.status).where(uploads.c.id == upload_id)
        async with translate_database_errors(), self._engine.begin() as connection:
            # No worker has it: nothing to stop, so it ends here (a worker's claim then finds it final).
            if (await connection.execute(queued.values(_cancelled(reason)))).rowcount:
                return UploadStatus.CANCELLED
            flag = running.values(cancel_reason=func.coalesce(uploads.c.cancel_reason, reason))
            if not (await connection.execute(flag)).rowcount:
                return None
            return UploadStatus((await connection.execute(status)).scalar_one())

    async def cancel_requested(self, upload_id: str) -> str | None:
        query = select(uploads.c.cancel_reason).where(uploads.c.id == upload_id)
        async with translate_database_errors(), self._engine.connect() as connection:
            return (await connection.execute(query)).scalar_one_or_none()

    async def close_cancelled(self, upload_id: str, reason: str) -> bool:
        return await self._update(upload_id, **_cancelled(reason))


def _cancelled(reason: str) -> dict[str, Any]:
    return {
        "status": UploadStatus.CANCELLED.value,
        "failure": reason,
        "cancel_reason": func.coalesce(uploads.c.cancel_reason, reason),
        "rows_loaded": 0,
        "lease_owner": None,
        "progress": _encoded(UploadProgress(phase=UploadStatus.CANCELLED.value)),
    }


def _encoded(progress: UploadProgress) -> str:
    return msgspec.json.encode(progress).decode()


def _job(upload_id: str, text: str | None) -> UploadJob:
    # A record queued before its options were kept (a crash between the two writes) runs with defaults.
    return UploadJob(upload_id=upload_id) if text is None else msgspec.json.decode(text, type=UploadJob)
