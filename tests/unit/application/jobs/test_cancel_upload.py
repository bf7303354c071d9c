"""Cancelling upload jobs over fakes: queued ones at once, running ones by their worker, a cancel that
races the commit loses or wins whole, final ones refused with a sentence."""

from __future__ import annotations

import asyncio
import io
from typing import BinaryIO

import pytest
from tests.support.observability_fakes import RecordingUploadMetrics
from tests.unit.application.jobs.test_upload_jobs import CSV, World

from application.errors import Conflict, NotFound
from application.use_cases import process_upload_job
from application.use_cases.cancel_upload import BY_ADMIN, BY_OWNER, CancelUpload
from application.use_cases.get_upload import GetUpload
from application.use_cases.upload_csv import UploadCommand
from domain.auth.claims import TokenClaims
from domain.auth.role import Role
from domain.uploads.upload import OnError, UploadProgress, UploadStatus

pytestmark = pytest.mark.unit


def claims(user_id: str, role: Role = Role.UPLOADER) -> TokenClaims:
    return TokenClaims(
        sub=user_id,
        user_id=user_id,
        role=role,
        iat=0,
        nbf=0,
        exp=1,
        jti="j",
        iss="i",
        aud="a",
        sid="s",
        auth_time=0,
    )


# Enough rows for every phase; few, so that the runs stay quick.
SMALL = b"id,name\n1,Ana\n2,Luis\n3,Eva\n"

ANA, BEA, ADMIN = claims("ana"), claims("bea"), claims("root", Role.ADMIN)


def canceller(world: World, metrics: RecordingUploadMetrics | None = None) -> CancelUpload:
    return CancelUpload(get_upload=GetUpload(uploads=world.uploads), leases=world.leases, metrics=metrics)


async def test_a_queued_upload_is_cancelled_at_once_and_its_worker_then_does_nothing() -> None:
    world = World()
    upload_id = await world.accepted()

    answered = await canceller(world)(upload_id, ANA)

    assert answered.status is UploadStatus.CANCELLED and answered.failure == BY_OWNER
    await world.queue.run_all(world.worker())
    record = world.uploads.records[upload_id]
    assert record.status is UploadStatus.CANCELLED and record.rows.loaded == 0
    assert world.datasets.rows.get("sales", []) == []
    assert world.objects.objects[record.object_key] == CSV  # the archived file is kept, as documented


async def test_an_admin_may_cancel_anyone_s_upload_and_the_reason_says_who() -> None:
    world = World()
    upload_id = await world.accepted()

    answered = await canceller(world)(upload_id, ADMIN)

    assert answered.status is UploadStatus.CANCELLED and answered.failure == BY_ADMIN


async def test_another_user_cannot_cancel_it_nor_learn_that_it_exists() -> None:
    world = World()
    upload_id = await world.accepted()

    with pytest.raises(NotFound):
        await canceller(world)(upload_id, BEA)

    assert world.uploads.records[upload_id].status is UploadStatus.QUEUED


async def test_cancelling_a_final_upload_is_a_conflict_with_a_sentence() -> None:
    world = World()
    upload_id = await world.accepted(SMALL)
    await world.queue.run_all(world.worker())

    with pytest.raises(Conflict) as refused:
        await canceller(world)(upload_id, ANA)

    assert refused.value.detail == (
        f"upload {upload_id} is already loaded; only a queued or running upload can be cancelled"
    )
    assert len(world.datasets.rows["sales"]) == 3


async def test_an_upload_processed_in_its_request_cannot_be_cancelled() -> None:
    world = World()
    upload = await world.worker()._upload_csv(
        UploadCommand(
            dataset="sales",
            on_error=OnError.REJECT,
            filename="s.csv",
            uploaded_by="ana",
            role=Role.UPLOADER,
            source=io.BytesIO(SMALL),
        )
    )
    world.uploads.records[upload.id].status = UploadStatus.RECEIVED  # as while it is being processed

    with pytest.raises(Conflict, match="processed within its request"):
        await canceller(world)(upload.id, ANA)


async def test_a_cancel_asked_for_just_before_the_commit_is_seen_by_the_commit_itself() -> None:
    # The worker's watch polls once a second; this load is quicker, so only the commit's own check
    # stands between the cancel and a load that would also be "cancelled".
    world = World()
    upload_id = await world.accepted(SMALL)
    enter = world.leases.enter

    async def cancel_on_loading(upload_id: str, status: UploadStatus, progress: UploadProgress) -> None:
        await enter(upload_id, status, progress)
        if status is UploadStatus.LOADING:
            assert await canceller(world)(upload_id, ANA)

    world.leases.enter = cancel_on_loading  # type: ignore[method-assign]

    await world.queue.run_all(world.worker())

    record = world.uploads.records[upload_id]
    assert record.status is UploadStatus.CANCELLED and record.failure == BY_OWNER
    assert record.rows.loaded == 0 and world.datasets.rows.get("sales", []) == []


async def test_a_cancel_that_comes_after_the_commit_is_refused_and_the_load_stands() -> None:
    world = World()
    upload_id = await world.accepted(SMALL)
    await world.queue.run_all(world.worker())

    with pytest.raises(Conflict):
        await canceller(world)(upload_id, ADMIN)

    record = world.uploads.records[upload_id]
    assert record.status is UploadStatus.LOADED and record.failure is None


async def test_a_running_job_notices_its_cancel_and_stops_without_waiting_for_the_commit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(process_upload_job, "CANCEL_POLL_SECONDS", 0.001)
    world = World()
    upload_id = await world.accepted()
    stuck = asyncio.Event()

    async def endless_download(key: str, target: BinaryIO) -> None:
        stuck.set()
        await asyncio.Event().wait()  # a download that would never end by itself

    world.objects.download = endless_download  # type: ignore[method-assign]
    run = asyncio.create_task(world.worker()(world.queue.jobs[0]))
    await stuck.wait()

    answered = await canceller(world)(upload_id, ANA)
    assert answered.status is UploadStatus.VALIDATING  # still running: its cancel is on the way
    finished = await asyncio.wait_for(run, 5)

    assert finished is not None and finished.status is UploadStatus.CANCELLED
    assert world.uploads.records[upload_id].failure == BY_OWNER


async def test_the_reaper_closes_a_dead_worker_s_cancelled_upload_instead_of_running_it_again() -> None:
    world = World()
    upload_id = await world.accepted()
    await world.leases.claim(upload_id, "dead-worker", world.clock.now(), world.clock.now())
    await canceller(world)(upload_id, ANA)  # flagged; its worker is gone
    world.later(5)

    reaped = await world.reaper()()

    assert reaped.cancelled == 1 and reaped.requeued == 0 and world.queue.jobs[1:] == []
    assert world.uploads.records[upload_id].status is UploadStatus.CANCELLED


async def test_a_cancelled_upload_is_counted_once_in_its_final_status(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(process_upload_job, "CANCEL_POLL_SECONDS", 0.001)
    world, metrics = World(), RecordingUploadMetrics()
    queued = await world.accepted(SMALL)
    await canceller(world, metrics)(queued, ANA)  # final at once: counted here
    running = await world.accepted(SMALL + b"4,Ivo\n")

    stuck = asyncio.Event()

    async def endless_download(key: str, target: BinaryIO) -> None:
        stuck.set()
        await asyncio.Event().wait()

    world.objects.download = endless_download  # type: ignore[method-assign]
    run = asyncio.create_task(world.worker(metrics=metrics)(world.queue.jobs[-1]))
    await stuck.wait()
    await canceller(world, metrics)(running, ANA)  # still running: counted by its worker
    await asyncio.wait_for(run, 5)

    assert metrics.finished_uploads == [(UploadStatus.CANCELLED, 0, 0), (UploadStatus.CANCELLED, 0, 0)]
