"""At start, uploads left `received` by a process that died are failed with the reason, others untouched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.upload_fakes import InMemoryUploadRepository

from application.use_cases.fail_interrupted_uploads import INTERRUPTED, FailInterruptedUploads
from domain.uploads.upload import Upload, UploadStatus

pytestmark = pytest.mark.unit

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def upload(upload_id: str, status: UploadStatus, age_seconds: int) -> Upload:
    return Upload(
        id=upload_id,
        dataset="sales",
        status=status,
        filename="sales.csv",
        bytes=10,
        sha256="a" * 64,
        object_key=f"sales/{upload_id}.csv",
        uploaded_by="user-1",
        created_at=NOW - timedelta(seconds=age_seconds),
    )


async def test_only_received_uploads_older_than_the_longest_processing_are_failed() -> None:
    uploads = InMemoryUploadRepository()
    for record in (
        upload("stale", UploadStatus.RECEIVED, age_seconds=7200),
        upload("in-progress", UploadStatus.RECEIVED, age_seconds=60),
        upload("old-but-loaded", UploadStatus.LOADED, age_seconds=7200),
    ):
        uploads.records[record.id] = record
    reaper = FailInterruptedUploads(uploads=uploads, clock=FixedClock(NOW), max_processing_seconds=3600)

    failed = await reaper()

    assert failed == 1
    assert uploads.records["stale"].status is UploadStatus.FAILED
    assert uploads.records["stale"].failure == INTERRUPTED
    assert uploads.records["in-progress"].status is UploadStatus.RECEIVED
    assert uploads.records["old-but-loaded"].status is UploadStatus.LOADED


async def test_nothing_to_fail_is_zero() -> None:
    reaper = FailInterruptedUploads(
        uploads=InMemoryUploadRepository(), clock=FixedClock(NOW), max_processing_seconds=3600
    )

    assert await reaper() == 0
