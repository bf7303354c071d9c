"""A run that stalled past its lease, while another run took the upload over, records nothing."""

from __future__ import annotations

import asyncio
import logging

import pytest
from tests.support.job_world import LEASE, World
from tests.support.stalling_leases import StallingLeases

from domain.contracts.table_schema import Field, FieldType, TableSchema
from domain.uploads.upload import UploadStatus

pytestmark = pytest.mark.unit


def contract(price: FieldType) -> TableSchema:
    return TableSchema(fields=(Field("id", FieldType.INTEGER), Field("name"), Field("price", price)))


async def test_a_stalled_run_does_not_overwrite_the_outcome_of_the_run_that_took_over(
    caplog: pytest.LogCaptureFixture,
) -> None:
    world = World()
    # Under this contract the file's prices ("1.50") are invalid: the upload (on_error reject) is rejected.
    stored = await world.datasets.put_contract("sales", contract(FieldType.INTEGER), if_match=None)
    upload_id = await world.accepted()
    job = world.queue.jobs.pop()
    stalling = StallingLeases(world.leases, at=UploadStatus.VALIDATING)
    first = asyncio.create_task(world.worker("worker-1", leases=stalling)(job))
    await stalling.stalled.wait()  # it read contract v1 and stalls (a GC pause, a stopped VM) past its lease

    world.later(LEASE + 1)
    assert (await world.reaper()()).requeued == 1
    await world.datasets.put_contract("sales", contract(FieldType.NUMBER), if_match=stored.etag)
    taken_over = await world.worker("worker-2")(world.queue.jobs.pop())
    assert taken_over is not None and taken_over.status is UploadStatus.LOADED
    stalling.resume.set()
    with caplog.at_level(logging.WARNING, logger="ingesta.jobs"):
        stale = await first

    # Without the fence the stale run's rejection overwrote the record: `rejected`, 12,000 rows loaded.
    record = world.uploads.records[upload_id]
    assert record.status is UploadStatus.LOADED and record.rows.loaded == 12_000
    assert len(world.datasets.rows["sales"]) == 12_000
    assert stale is not None and stale.status is UploadStatus.LOADED  # what the record says, not its own
    assert any("attempt 1 no longer holds its lease" in r.getMessage() for r in caplog.records)


async def test_a_stalled_run_reaching_its_commit_first_rolls_back_and_leaves_the_load_to_the_new() -> None:
    world = World()
    upload_id = await world.accepted()
    job = world.queue.jobs.pop()
    stalling = StallingLeases(world.leases, at=UploadStatus.LOADING)
    first = asyncio.create_task(world.worker("worker-1", leases=stalling)(job))
    await stalling.stalled.wait()  # validated, about to load
    world.later(LEASE + 1)
    assert (await world.reaper()()).requeued == 1
    # The run that takes over stalls too, before loading, so the stale run reaches its commit first.
    second_stalling = StallingLeases(world.leases, at=UploadStatus.LOADING)
    second = asyncio.create_task(world.worker("worker-2", leases=second_stalling)(world.queue.jobs.pop()))
    await second_stalling.stalled.wait()

    stalling.resume.set()
    await first

    # Without the fence the stale run committed its rows and a `loaded` record under worker-2's lease.
    assert world.datasets.rows.get("sales", []) == []
    assert world.uploads.records[upload_id].status is UploadStatus.LOADING
    assert not any(unit.datasets.loaded and unit.committed for unit in world.units.opened)
    second_stalling.resume.set()
    finished = await second
    assert finished is not None and finished.status is UploadStatus.LOADED
    assert len(world.datasets.rows["sales"]) == 12_000
    assert world.leases.leases[upload_id].attempts == 2


async def test_the_same_worker_taking_the_upload_again_fences_its_own_stalled_run() -> None:
    world = World()
    upload_id = await world.accepted()
    job = world.queue.jobs.pop()
    stalling = StallingLeases(world.leases, at=UploadStatus.LOADING)
    first = asyncio.create_task(world.worker("worker-1", leases=stalling)(job))
    await stalling.stalled.wait()
    world.later(LEASE + 1)
    await world.reaper()()
    # The same process (one owner name) takes the requeued job: only the attempt tells the runs apart.
    second_stalling = StallingLeases(world.leases, at=UploadStatus.LOADING)
    second = asyncio.create_task(world.worker("worker-1", leases=second_stalling)(world.queue.jobs.pop()))
    await second_stalling.stalled.wait()

    stalling.resume.set()
    await first
    assert world.datasets.rows.get("sales", []) == []
    second_stalling.resume.set()
    await second
    assert world.uploads.records[upload_id].status is UploadStatus.LOADED
    assert len(world.datasets.rows["sales"]) == 12_000
