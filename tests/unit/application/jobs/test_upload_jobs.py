"""Uploads as jobs over fakes: accepted and queued, run once, repeated harmlessly, reaped when lost."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from tests.support.job_world import CSV, LEASE, World

from application.errors import ContentAlreadyLoaded, DatabaseUnavailable, JobQueueUnavailable
from application.ports.job_queue import UploadJob
from application.use_cases.process_upload_job import MISSING_OBJECT, LeaseLost
from application.use_cases.reap_upload_jobs import Reaped, gave_up
from domain.uploads.job_lease import JobLease
from domain.uploads.upload import UploadProgress, UploadStatus

pytestmark = pytest.mark.unit


async def test_an_accepted_upload_is_archived_recorded_queued_and_its_job_enqueued() -> None:
    world = World()

    upload_id = await world.accepted()

    record = world.uploads.records[upload_id]
    assert record.status is UploadStatus.QUEUED and record.progress == UploadProgress(
        phase="queued", rows_expected=12_000
    )
    assert world.objects.objects[record.object_key] == CSV
    assert world.queue.jobs == [UploadJob(upload_id=upload_id, language="es")]
    assert world.leases.leases[upload_id].job == world.queue.jobs[0]
    assert world.datasets.rows == {}


async def test_content_already_loaded_is_refused_before_anything_is_archived() -> None:
    world = World()
    await world.queue.run_all(world.worker())  # nothing yet
    first = await world.accepted()
    await world.queue.run_all(world.worker())
    assert world.uploads.records[first].status is UploadStatus.LOADED
    archived = dict(world.objects.objects)

    with pytest.raises(ContentAlreadyLoaded):
        await world.accepted()

    assert world.objects.objects == archived and not world.queue.jobs
    # Besides the loaded upload, only the refused attempt is recorded (no object, no job).
    statuses = sorted(record.status.value for record in world.uploads.records.values())
    assert statuses == ["loaded", "refused"]


async def test_a_queue_that_is_down_leaves_the_upload_failed_with_a_reason() -> None:
    world = World()
    world.queue.available = False

    with pytest.raises(JobQueueUnavailable):
        await world.accepted()

    (record,) = world.uploads.records.values()
    assert record.status is UploadStatus.FAILED and "job queue" in (record.failure or "")


async def test_a_worker_loads_the_queued_upload_through_validating_and_loading() -> None:
    world = World()
    upload_id = await world.accepted()

    await world.queue.run_all(world.worker())

    record = world.uploads.records[upload_id]
    assert record.status is UploadStatus.LOADED and record.rows.loaded == 12_000
    assert len(world.datasets.rows["sales"]) == 12_000
    assert [status for _, status in world.leases.phases] == [UploadStatus.VALIDATING, UploadStatus.LOADING]
    assert record.progress == UploadProgress(
        phase="loaded", rows_validated=12_000, rows_loaded=12_000, rows_expected=12_000
    )


async def test_a_repeated_delivery_after_the_commit_loads_nothing_twice() -> None:
    world = World()
    upload_id = await world.accepted()
    job = world.queue.jobs[0]
    await world.queue.run_all(world.worker())

    again = await world.worker("worker-2")(job)

    assert again is not None and again.status is UploadStatus.LOADED
    assert len(world.datasets.rows["sales"]) == 12_000
    assert world.leases.leases[upload_id].attempts == 1


async def test_a_database_outage_mid_load_hands_the_job_back_then_a_retry_finishes_it_once() -> None:
    world = World()
    upload_id = await world.accepted()
    job = world.queue.jobs[0]
    world.datasets.fail_after_batches = 0

    with pytest.raises(DatabaseUnavailable):
        await world.worker()(job)

    record = world.uploads.records[upload_id]
    assert record.status is UploadStatus.QUEUED and world.datasets.rows.get("sales", []) == []
    world.datasets.fail_after_batches = None
    finished = await world.worker("worker-2")(job)
    assert finished is not None and finished.status is UploadStatus.LOADED
    assert len(world.datasets.rows["sales"]) == 12_000
    assert world.leases.leases[upload_id].attempts == 2


async def test_at_the_last_attempt_an_outage_is_recorded_failed_instead_of_retried() -> None:
    world = World(max_attempts=1)
    upload_id = await world.accepted()
    world.datasets.fail_after_batches = 0

    finished = await world.worker()(world.queue.jobs[0])

    assert finished is not None and finished.status is UploadStatus.FAILED
    assert world.uploads.records[upload_id].failure == "the database became unavailable; no row was kept"


async def test_an_archived_object_that_vanished_fails_the_upload_with_the_reason() -> None:
    world = World()
    upload_id = await world.accepted()
    world.objects.objects.clear()

    await world.queue.run_all(world.worker())

    record = world.uploads.records[upload_id]
    assert record.status is UploadStatus.FAILED and record.failure == MISSING_OBJECT


async def test_a_dead_workers_upload_is_requeued_after_its_lease_and_finished_by_another() -> None:
    world = World()
    upload_id = await world.accepted()
    job = world.queue.jobs.pop()
    # A worker claimed it, then died (kill -9): the record stays `validating` under a lease.
    assert await world.leases.claim(
        upload_id, "dead", world.clock.now(), world.clock.now() + timedelta(seconds=LEASE)
    )

    assert await world.reaper()() == Reaped(requeued=0, failed=0)
    world.later(LEASE + 1)
    reaped = await world.reaper()()

    assert reaped.requeued == 1 and world.queue.jobs == [job]
    assert world.uploads.records[upload_id].status is UploadStatus.QUEUED
    await world.queue.run_all(world.worker())
    assert world.uploads.records[upload_id].status is UploadStatus.LOADED
    assert len(world.datasets.rows["sales"]) == 12_000


async def test_after_max_attempts_the_reaper_fails_the_upload_with_a_reason() -> None:
    world = World(max_attempts=2)
    upload_id = await world.accepted()
    for owner in ("dead-1", "dead-2"):
        now = world.clock.now()
        await world.leases.claim(upload_id, owner, now, now + timedelta(seconds=LEASE))
        world.later(LEASE + 1)

    reaped = await world.reaper()()

    assert reaped.failed == 1
    record = world.uploads.records[upload_id]
    assert record.status is UploadStatus.FAILED and record.failure == gave_up(2)


async def test_a_record_queued_without_its_job_is_requeued_once_the_queue_wait_passed() -> None:
    world = World()
    world.queue.available = True
    upload_id = await world.accepted()
    world.leases.leases[upload_id].until = None  # the crash came between recording and queueing
    world.queue.jobs.clear()

    assert (await world.reaper()()).requeued == 0
    world.later(LEASE + 1)
    assert (await world.reaper()()).requeued == 1
    assert world.queue.jobs == [UploadJob(upload_id=upload_id, language="es")]


async def test_a_final_record_is_never_moved_by_the_reaper() -> None:
    world = World()
    upload_id = await world.accepted()
    await world.queue.run_all(world.worker())
    world.later(10 * LEASE)

    assert await world.reaper()() == Reaped(requeued=0, failed=0)
    assert world.uploads.records[upload_id].status is UploadStatus.LOADED
    assert world.queue.jobs == []


async def test_a_run_that_lost_its_lease_stops_before_loading_and_leaves_the_record_to_the_reaper() -> None:
    world = World()
    upload_id = await world.accepted()

    async def lost(upload_id: str, lease: JobLease, until: datetime) -> bool:
        return False  # the reaper gave the upload to another worker meanwhile

    world.leases.renew = lost  # type: ignore[method-assign]

    with pytest.raises(LeaseLost):
        await world.worker(lease=0.003)(world.queue.jobs[0])

    assert world.uploads.records[upload_id].status in {UploadStatus.VALIDATING, UploadStatus.LOADING}
    assert world.datasets.rows.get("sales", []) == []
