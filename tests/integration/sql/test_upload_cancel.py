"""Cancelling an upload job on each database: queued ones at once, running ones flagged, final ones
never moved, and a cancel racing the commit of the outcome ends one way only: loaded or cancelled."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.integration.sql.conftest import MakeUpload
from tests.support.sql_loads import add_upload
from tests.support.validators import VALIDATOR

from adapters.object_store.local_directory_object_store import LocalDirectoryObjectStore
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_upload_leases import SqlUploadLeases
from adapters.sql.sql_upload_repository import SqlUploadRepository
from adapters.sql.sql_upload_unit_of_work import SqlUploadUnits
from adapters.system_clock import SystemClock
from application.ports.dataset_store import LoadPlan
from application.ports.job_queue import UploadJob
from application.uploads.file_digest import digest_file
from application.use_cases.process_upload_job import ProcessUploadJob
from application.use_cases.upload_csv import UploadCommand, UploadCsv, new_upload
from domain.auth.role import Role
from domain.uploads.upload import OnError, Upload, UploadProgress, UploadStatus
from domain.validation.report import Column, ColumnType
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=60)
REASON = "cancelled by its owner; nothing was loaded and the archived file is kept"
COLUMNS = (Column("id", "ID", ColumnType.INTEGER),)


async def two_rows() -> AsyncIterator[Sequence[TypedRow]]:
    yield [TypedRow(2, (1,)), TypedRow(3, (2,))]


async def recorded(engine: AsyncEngine, make_upload: MakeUpload, status: UploadStatus) -> SqlUploadLeases:
    upload = make_upload("u-1", status=status)
    upload.progress = UploadProgress(phase=status.value)
    await add_upload(engine, upload)
    return SqlUploadLeases(engine)


async def status_of(engine: AsyncEngine, upload_id: str = "u-1") -> Upload:
    record = await SqlUploadRepository(engine).get(upload_id)
    assert record is not None
    return record


async def test_a_queued_upload_is_cancelled_at_once_and_no_worker_can_claim_it(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    leases = await recorded(engine, make_upload, UploadStatus.QUEUED)

    assert await leases.request_cancel("u-1", REASON) is UploadStatus.CANCELLED

    record = await status_of(engine)
    assert record.status is UploadStatus.CANCELLED and record.failure == REASON
    assert await leases.claim("u-1", "w", NOW, NOW + LEASE) is None


async def test_a_running_upload_is_flagged_for_its_worker_and_the_first_reason_stays(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    leases = await recorded(engine, make_upload, UploadStatus.LOADING)

    assert await leases.request_cancel("u-1", REASON) is UploadStatus.LOADING
    assert await leases.request_cancel("u-1", "a second reason") is UploadStatus.LOADING

    assert await leases.cancel_requested("u-1") == REASON
    assert (await status_of(engine)).status is UploadStatus.LOADING
    assert await leases.close_cancelled("u-1", REASON) is True
    assert (await status_of(engine)).status is UploadStatus.CANCELLED


async def test_a_final_upload_is_never_cancelled(engine: AsyncEngine, make_upload: MakeUpload) -> None:
    leases = await recorded(engine, make_upload, UploadStatus.LOADED)

    assert await leases.request_cancel("u-1", REASON) is None
    assert await leases.close_cancelled("u-1", REASON) is False
    assert await leases.cancel_requested("u-1") is None
    assert (await status_of(engine)).status is UploadStatus.LOADED


async def test_the_stale_job_of_a_cancelled_upload_carries_its_reason(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    leases = await recorded(engine, make_upload, UploadStatus.QUEUED)
    await leases.queue(UploadJob(upload_id="u-1"), NOW + LEASE)
    await leases.claim("u-1", "dead", NOW, NOW + LEASE)
    await leases.request_cancel("u-1", REASON)

    (stale,) = await leases.stale(NOW + 2 * LEASE, NOW, 10)

    assert stale.cancel_reason == REASON


async def test_a_cancel_asked_for_while_the_outcome_commits_waits_and_then_finds_it_final(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    leases = await recorded(engine, make_upload, UploadStatus.LOADING)
    upload = await status_of(engine)

    async with SqlUploadUnits(engine)() as uow:
        await uow.datasets.stage(upload.id, COLUMNS, two_rows(), LoadPlan())
        await uow.datasets.lock(upload.dataset)
        assert await uow.uploads.hold_against_cancel(upload.id) is None  # the record is held from here
        cancel = asyncio.create_task(leases.request_cancel(upload.id, REASON))
        await asyncio.sleep(0.3)
        assert not cancel.done()  # it waits for this transaction
        await uow.datasets.load(upload)
        upload.status = UploadStatus.LOADED
        await uow.uploads.save(upload)
        await uow.commit()

    assert await cancel is None  # refused: the upload is final
    assert (await status_of(engine)).status is UploadStatus.LOADED


async def test_a_cancel_asked_for_before_the_commit_is_seen_inside_it(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    leases = await recorded(engine, make_upload, UploadStatus.LOADING)
    await leases.request_cancel("u-1", REASON)

    async with SqlUploadUnits(engine)() as uow:
        assert await uow.uploads.hold_against_cancel("u-1") == REASON


CONTENT = b"id,name\n" + b"".join(f"{i},name {i}\n".encode() for i in range(3_000))


async def test_cancels_at_any_moment_of_a_run_end_loaded_or_cancelled_never_both(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    """The whole worker on the real database: a cancel at a different moment in each round, from
    before the run starts to after its commit. Each upload ends with all its rows and `loaded`, or
    with none and `cancelled`."""
    units, datasets = SqlUploadUnits(engine), SqlDatasetStore(engine)
    objects = LocalDirectoryObjectStore(tmp_path / "objects")
    leases, uploads, clock = SqlUploadLeases(engine), SqlUploadRepository(engine), SystemClock()
    upload_csv = UploadCsv(validator=VALIDATOR, units=units, datasets=datasets, objects=objects, clock=clock)
    worker = ProcessUploadJob(
        uploads=uploads,
        units=units,
        leases=leases,
        objects=objects,
        upload_csv=upload_csv,
        clock=clock,
        owner="w",
        lease_seconds=60,
        max_attempts=3,
    )
    outcomes = []
    for round_ in range(8):
        dataset = f"cancel_race_{round_}"
        content = CONTENT + f"{round_},round\n".encode()
        source = io.BytesIO(content)
        command = UploadCommand(
            dataset=dataset,
            on_error=OnError.REJECT,
            filename="r.csv",
            uploaded_by="u",
            role=Role.UPLOADER,
            source=source,
        )
        upload = new_upload(Upload.queued, command, dataset, digest_file(source), clock.now())
        async with units() as uow:
            await uow.uploads.add(upload)
            await uow.commit()
        await objects.put(upload.object_key, io.BytesIO(content), size=len(content), sha256=upload.sha256)

        run = asyncio.create_task(worker(UploadJob(upload_id=upload.id)))
        await asyncio.sleep(0.05 * round_)
        await leases.request_cancel(upload.id, REASON)
        await run
        record = await status_of(engine, upload.id)
        info = await datasets.describe(dataset)
        rows = 0 if info is None else info.row_count
        outcomes.append(record.status)
        if record.status is UploadStatus.LOADED:
            assert rows == 3_001 and record.rows.loaded == 3_001
        else:
            assert record.status is UploadStatus.CANCELLED and record.failure == REASON
            assert rows == 0 and record.rows.loaded == 0
    assert UploadStatus.CANCELLED in outcomes  # the early cancels, at least, must have won
