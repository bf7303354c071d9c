"""Lease fencing on each database: a run that stalled past its lease commits nothing once another run
took the upload over, and a takeover waits for a commit already past its fence."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.integration.sql.conftest import MakeUpload
from tests.support.job_world import LEASE, World
from tests.support.sql_loads import add_upload
from tests.support.stalling_leases import StallingLeases

from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_upload_leases import SqlUploadLeases
from adapters.sql.sql_upload_repository import SqlUploadRepository
from adapters.sql.sql_upload_unit_of_work import SqlUploadUnits
from application.ports.job_queue import UploadJob
from domain.contracts.table_schema import Field, FieldType, TableSchema
from domain.uploads.job_lease import JobLease
from domain.uploads.upload import UploadProgress, UploadStatus

pytestmark = pytest.mark.integration


def sql_world(engine: AsyncEngine) -> World:
    world = World()
    world.use(
        uploads=SqlUploadRepository(engine),
        datasets=SqlDatasetStore(engine, clock=world.clock),
        units=SqlUploadUnits(engine, clock=world.clock),
        leases=SqlUploadLeases(engine),
    )
    return world


def contract(price: FieldType) -> TableSchema:
    return TableSchema(fields=(Field("id", FieldType.INTEGER), Field("name"), Field("price", price)))


async def test_a_stalled_run_does_not_overwrite_the_outcome_of_the_run_that_took_over(
    engine: AsyncEngine,
) -> None:
    world = sql_world(engine)
    stored = await world.datasets.put_contract("sales", contract(FieldType.INTEGER), if_match=None)
    upload_id = await world.accepted()
    stalling = StallingLeases(world.leases, at=UploadStatus.VALIDATING)
    first = asyncio.create_task(world.worker("worker-1", leases=stalling)(world.queue.jobs.pop()))
    await stalling.stalled.wait()  # read contract v1 (prices must be integers), then stalled

    world.later(LEASE + 1)
    assert (await world.reaper()()).requeued == 1
    await world.datasets.put_contract("sales", contract(FieldType.NUMBER), if_match=stored.etag)
    taken_over = await world.worker("worker-2")(world.queue.jobs.pop())
    assert taken_over is not None and taken_over.status is UploadStatus.LOADED
    stalling.resume.set()
    await first

    # Without the fence: `rejected` (the stale run's verdict under v1) beside 12,000 loaded rows.
    record = await world.uploads.get(upload_id)
    assert record is not None and record.status is UploadStatus.LOADED and record.rows.loaded == 12_000
    info = await world.datasets.describe("sales")
    assert info is not None and info.row_count == 12_000


async def test_a_stalled_run_reaching_its_commit_first_rolls_back(engine: AsyncEngine) -> None:
    world = sql_world(engine)
    upload_id = await world.accepted()
    stalling = StallingLeases(world.leases, at=UploadStatus.LOADING)
    first = asyncio.create_task(world.worker("worker-1", leases=stalling)(world.queue.jobs.pop()))
    await stalling.stalled.wait()
    world.later(LEASE + 1)
    assert (await world.reaper()()).requeued == 1
    # The same worker process takes it again (one owner): only the attempt number tells the runs apart.
    claimed = await world.leases.claim(
        upload_id, "worker-1", world.clock.now(), world.clock.now() + timedelta(seconds=LEASE)
    )
    assert claimed == 2

    stalling.resume.set()
    await first

    info = await world.datasets.describe("sales")
    assert info is None or info.row_count == 0
    record = await world.uploads.get(upload_id)
    assert record is not None and record.status in {UploadStatus.VALIDATING, UploadStatus.LOADING}


async def test_a_takeover_waits_for_a_commit_already_past_its_fence(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    world = sql_world(engine)
    upload = make_upload("u-1", status=UploadStatus.QUEUED)
    upload.progress = UploadProgress()
    await add_upload(engine, upload)
    leases = SqlUploadLeases(engine)
    now = world.clock.now()
    await leases.queue(UploadJob(upload_id="u-1"), now)
    attempt = await leases.claim("u-1", "worker-1", now, now + timedelta(seconds=LEASE))
    assert attempt == 1
    late = now + timedelta(seconds=LEASE + 1)  # the lease ran out: the reaper may requeue it

    async with SqlUploadUnits(engine)() as uow:
        assert await uow.uploads.hold_lease("u-1", JobLease(owner="worker-1", attempt=1))
        requeue = asyncio.create_task(leases.requeue("u-1", late, late + timedelta(seconds=LEASE)))
        await asyncio.sleep(0.5)
        assert not requeue.done()  # the record is held until this transaction ends
        upload.fail("recorded by the run that held the lease")
        await uow.uploads.save(upload)
        await uow.commit()

    assert await requeue is False  # it came after the final record: nothing to requeue
    record = await world.uploads.get("u-1")
    assert record is not None and record.status is UploadStatus.FAILED
    with contextlib.suppress(Exception):
        requeue.cancel()
