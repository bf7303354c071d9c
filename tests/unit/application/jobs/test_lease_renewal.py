"""A running job keeps its lease on time, and a run past its fence is not stopped by its own commit."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from types import TracebackType
from typing import Any

import pytest
from tests.support.fake_upload_units import FakeUploadUnitOfWork, FakeUploadUnits
from tests.support.job_world import World
from tests.support.stalling_leases import StallingLeases

from application.ports.upload_leases import UploadLeases
from application.use_cases import process_upload_job
from domain.uploads.job_lease import JobLease
from domain.uploads.upload import UploadStatus

pytestmark = pytest.mark.unit

SHORT_LEASE = 0.06  # renewed every 20 ms


class CountedRenewals:
    """Delegates to `leases`; counts renewals, and its cancel reads never answer (a database that is
    slow to read, or a process starved of CPU, as on a loaded machine)."""

    def __init__(self, leases: UploadLeases) -> None:
        self._leases = leases
        self.renewed = 0
        self.thrice = asyncio.Event()

    async def renew(self, upload_id: str, lease: JobLease, until: datetime) -> bool:
        self.renewed += 1
        if self.renewed == 3:
            self.thrice.set()
        return await self._leases.renew(upload_id, lease, until)

    async def cancel_requested(self, upload_id: str) -> str | None:
        await asyncio.Event().wait()
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._leases, name)


async def test_a_slow_cancel_read_does_not_hold_up_the_renewals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process_upload_job, "CANCEL_POLL_SECONDS", 0.001)
    world = World()
    await world.accepted()
    stalling = StallingLeases(world.leases, at=UploadStatus.LOADING)
    counted = CountedRenewals(stalling)  # type: ignore[arg-type]
    run = asyncio.create_task(world.worker(lease=SHORT_LEASE, leases=counted)(world.queue.jobs.pop()))
    await stalling.stalled.wait()

    # Renewed after the cancel read, one after the other, the lease was never renewed at all.
    await asyncio.wait_for(counted.thrice.wait(), 2)
    stalling.resume.set()
    finished = await asyncio.wait_for(run, 5)
    assert finished is not None and finished.status is UploadStatus.LOADED


async def test_a_run_past_its_fence_is_not_stopped_by_the_renewal_its_own_commit_refuses(
    caplog: pytest.LogCaptureFixture,
) -> None:
    world = World()
    refused = asyncio.Event()

    class SlowToClose(FakeUploadUnitOfWork):
        """After its commit, the unit of work takes a while to end (SQLite drops its staging table):
        long enough for a renewal to find the record final."""

        async def __aexit__(
            self,
            exc_type: type[BaseException] | None,
            exc: BaseException | None,
            traceback: TracebackType | None,
        ) -> None:
            if self.committed and self.datasets.loaded:
                await asyncio.wait_for(refused.wait(), 2)
            await super().__aexit__(exc_type, exc, traceback)

    class RefusedAfterTheCommit:
        def __init__(self, leases: UploadLeases) -> None:
            self._leases = leases

        async def renew(self, upload_id: str, lease: JobLease, until: datetime) -> bool:
            held = await self._leases.renew(upload_id, lease, until)
            if not held:
                refused.set()
            return held

        def __getattr__(self, name: str) -> Any:
            return getattr(self._leases, name)

    world.units = FakeUploadUnits(world.uploads, world.datasets, unit=SlowToClose)
    upload_id = await world.accepted()
    worker = world.worker(lease=SHORT_LEASE, leases=RefusedAfterTheCommit(world.leases))  # type: ignore[arg-type]

    with caplog.at_level(logging.WARNING, logger="ingesta.jobs"):
        finished = await asyncio.wait_for(worker(world.queue.jobs.pop()), 5)

    assert refused.is_set()
    # Stopped there, the run raised LeaseLost: the queue retried a job already done, logged as lost.
    assert finished is not None and finished.status is UploadStatus.LOADED
    assert world.uploads.records[upload_id].status is UploadStatus.LOADED
    assert not any("lease lost" in record.getMessage() for record in caplog.records)
