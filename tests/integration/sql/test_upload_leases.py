"""SqlUploadLeases on each database: one claimer wins, leases fence their owner, final records never move."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.sql_loads import add_upload, save_upload

from adapters.sql.sql_upload_leases import SqlUploadLeases
from adapters.sql.sql_upload_repository import SqlUploadRepository
from application.ports.job_queue import UploadJob
from domain.uploads.job_lease import JobLease
from domain.uploads.upload import UploadProgress, UploadStatus

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)


async def queued(engine: AsyncEngine, make_upload, upload_id: str = "u-1") -> SqlUploadLeases:  # type: ignore[no-untyped-def]
    upload = make_upload(upload_id, status=UploadStatus.QUEUED)
    upload.progress = UploadProgress()
    await add_upload(engine, upload)
    leases = SqlUploadLeases(engine)
    await leases.queue(UploadJob(upload_id=upload_id, language="es", sheet="S"), NOW + LEASE)
    return leases


async def test_of_ten_concurrent_claims_exactly_one_wins(engine: AsyncEngine, make_upload) -> None:  # type: ignore[no-untyped-def]
    leases = await queued(engine, make_upload)

    won = await asyncio.gather(*(leases.claim("u-1", f"w{n}", NOW, NOW + LEASE) for n in range(10)))

    assert sorted(won, key=lambda a: a or 0) == [None] * 9 + [1]
    record = await SqlUploadRepository(engine).get("u-1")
    assert record is not None and record.status is UploadStatus.VALIDATING


async def test_a_live_lease_fences_others_until_it_runs_out(engine: AsyncEngine, make_upload) -> None:  # type: ignore[no-untyped-def]
    leases = await queued(engine, make_upload)
    assert await leases.claim("u-1", "first", NOW, NOW + LEASE) == 1

    assert await leases.claim("u-1", "second", NOW + LEASE / 2, NOW + LEASE) is None
    assert await leases.renew("u-1", JobLease(owner="second", attempt=1), NOW + 2 * LEASE) is False
    assert await leases.renew("u-1", JobLease(owner="first", attempt=1), NOW + 2 * LEASE) is True
    assert await leases.stale(NOW + LEASE, NOW, 10) == []
    later = NOW + 2 * LEASE + timedelta(seconds=1)
    (stale,) = await leases.stale(later, NOW, 10)
    assert stale.job == UploadJob(upload_id="u-1", language="es", sheet="S") and stale.attempts == 1
    assert await leases.claim("u-1", "second", later, later + LEASE) == 2
    # The first run's lease is gone, and so is that of the first attempt, whoever its owner was.
    assert await leases.renew("u-1", JobLease(owner="first", attempt=1), later + LEASE) is False
    assert await leases.renew("u-1", JobLease(owner="second", attempt=1), later + LEASE) is False
    assert await leases.renew("u-1", JobLease(owner="second", attempt=2), later + LEASE) is True


async def test_requeue_and_fail_leave_a_final_record_alone(engine: AsyncEngine, make_upload) -> None:  # type: ignore[no-untyped-def]
    leases = await queued(engine, make_upload)
    repository = SqlUploadRepository(engine)
    record = await repository.get("u-1")
    assert record is not None
    record.fail("done elsewhere")
    await save_upload(engine, record)
    far = NOW + 100 * LEASE

    assert await leases.requeue("u-1", far, far + LEASE) is False
    assert await leases.fail("u-1", far, "reaped") is False
    await leases.enter("u-1", UploadStatus.LOADING, UploadProgress(phase="loading"))
    final = await repository.get("u-1")
    assert final is not None and final.status is UploadStatus.FAILED and final.failure == "done elsewhere"


async def test_progress_and_phase_reach_the_record(engine: AsyncEngine, make_upload) -> None:  # type: ignore[no-untyped-def]
    leases = await queued(engine, make_upload)
    await leases.claim("u-1", "w", NOW, NOW + LEASE)

    await leases.enter("u-1", UploadStatus.LOADING, UploadProgress(phase="loading", rows_validated=9))
    await leases.report("u-1", UploadProgress(phase="loading", rows_validated=9, rows_loaded=5))

    record = await SqlUploadRepository(engine).get("u-1")
    assert record is not None and record.status is UploadStatus.LOADING
    assert msgspec.to_builtins(record.progress) == {
        "phase": "loading",
        "rows_validated": 9,
        "rows_loaded": 5,
        "rows_expected": None,
    }


async def test_waiting_counts_only_the_queued_uploads(engine: AsyncEngine, make_upload) -> None:  # type: ignore[no-untyped-def]
    leases = await queued(engine, make_upload, "u-1")
    await queued(engine, make_upload, "u-2")
    await queued(engine, make_upload, "u-3")
    assert await leases.waiting() == 3

    await leases.claim("u-1", "w", NOW, NOW + LEASE)  # taken: validating, no longer waiting
    await leases.fail("u-2", NOW + 2 * LEASE, "lost")

    assert await leases.waiting() == 1
