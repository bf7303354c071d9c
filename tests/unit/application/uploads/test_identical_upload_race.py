"""Identical uploads racing: one is loaded and archived; the others are 409 and leave no archived copy."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime

import msgspec
import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.errors import Conflict
from application.uploads.upload_claims import UploadClaims
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError, Upload, UploadStatus

pytestmark = pytest.mark.unit

CONTENT = b"id,name\n" + b"".join(f"{i},name {i}\n".encode() for i in range(2_000))


def command() -> UploadCommand:
    return UploadCommand(
        dataset="sales",
        on_error=OnError.REJECT,
        filename="sales.csv",
        uploaded_by="user-1",
        role=Role.UPLOADER,
        source=io.BytesIO(CONTENT),
    )


class Service:
    """What one worker process holds: its claims, over the shared database and object store."""

    def __init__(
        self,
        uploads: InMemoryUploadRepository,
        objects: InMemoryObjectStore,
        datasets: InMemoryDatasetStore | None = None,
    ) -> None:
        self.claims = UploadClaims()
        self.datasets = datasets or InMemoryDatasetStore()
        self.uploads = uploads
        self.objects = objects

    def upload_csv(self) -> UploadCsv:
        # The container builds a use case per request; the claims are the process's singleton.
        return UploadCsv(
            validator=VALIDATOR,
            units=FakeUploadUnits(self.uploads, self.datasets),
            datasets=self.datasets,
            objects=self.objects,
            clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
            claims=self.claims,
        )


def outcomes_of(results: list[Upload | BaseException]) -> tuple[list[Upload], list[Conflict]]:
    loaded = [r for r in results if isinstance(r, Upload)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(loaded) + len(conflicts) == len(results), results
    return loaded, conflicts


async def test_ten_identical_uploads_in_one_process_archive_exactly_one_object() -> None:
    service = Service(InMemoryUploadRepository(), InMemoryObjectStore())

    results = await asyncio.gather(
        *(service.upload_csv()(command()) for _ in range(10)), return_exceptions=True
    )

    loaded, conflicts = outcomes_of(results)
    assert len(loaded) == 1 and len(conflicts) == 9
    assert list(service.objects.objects) == [loaded[0].object_key]
    assert all(c.existing_id == loaded[0].id for c in conflicts)
    # The nine waited their turn and were refused before anything of theirs was archived: each leaves only
    # a small record of the refused attempt, with no object.
    statuses = sorted(u.status.value for u in service.uploads.records.values())
    assert statuses == ["loaded"] + ["refused"] * 9
    assert {u.object_key for u in service.uploads.records.values() if u.status is UploadStatus.REFUSED} == {
        ""
    }


async def test_a_conflict_found_after_archiving_deletes_the_archived_copy() -> None:
    # Two worker processes: their in-process claims cannot see each other, the load's check can.
    uploads, objects = InMemoryUploadRepository(), InMemoryObjectStore()
    datasets = InMemoryDatasetStore()
    first, second = Service(uploads, objects, datasets), Service(uploads, objects, datasets)

    results = await asyncio.gather(
        first.upload_csv()(command()), second.upload_csv()(command()), return_exceptions=True
    )

    loaded, conflicts = outcomes_of(results)
    assert len(loaded) == 1 and len(conflicts) == 1
    assert list(objects.objects) == [loaded[0].object_key]
    statuses = sorted(u.status for u in uploads.records.values())
    assert statuses == [UploadStatus.FAILED, UploadStatus.LOADED]
    failed = next(u for u in uploads.records.values() if u.status is UploadStatus.FAILED)
    assert failed.failure is not None and "not kept" in failed.failure
    # Found under the dataset's lock, it is worded as the early check words it.
    assert conflicts[0].detail == f"this exact file was already loaded into 'sales' by upload {loaded[0].id}"


async def test_a_late_conflict_never_deletes_an_object_that_was_in_the_archive_before() -> None:
    # `ingesta load s3://…` records objects by their key: they are the caller's, not copies of ours.
    uploads, objects = InMemoryUploadRepository(), InMemoryObjectStore()
    objects.objects["incoming/a.csv"] = CONTENT
    objects.objects["incoming/b.csv"] = CONTENT
    datasets = InMemoryDatasetStore()
    first, second = Service(uploads, objects, datasets), Service(uploads, objects, datasets)

    def archived(key: str) -> UploadCommand:
        return msgspec.structs.replace(command(), archived_key=key)

    results = await asyncio.gather(
        first.upload_csv()(archived("incoming/a.csv")),
        second.upload_csv()(archived("incoming/b.csv")),
        return_exceptions=True,
    )

    loaded, conflicts = outcomes_of(results)
    assert len(loaded) == 1 and len(conflicts) == 1
    assert sorted(objects.objects) == ["incoming/a.csv", "incoming/b.csv"]


async def test_a_late_conflict_with_another_users_upload_does_not_name_it() -> None:
    # Two processes, two users: the loser learns the content is loaded, not by which upload.
    uploads, objects = InMemoryUploadRepository(), InMemoryObjectStore()
    datasets = InMemoryDatasetStore()
    first, second = Service(uploads, objects, datasets), Service(uploads, objects, datasets)
    mine = msgspec.structs.replace(command(), uploaded_by="user-2")

    results = await asyncio.gather(
        first.upload_csv()(command()), second.upload_csv()(mine), return_exceptions=True
    )

    loaded, conflicts = outcomes_of(results)
    assert len(loaded) == 1 and len(conflicts) == 1
    assert conflicts[0].existing_id is None and loaded[0].id not in conflicts[0].detail
    assert all(loaded[0].id not in (record.failure or "") for record in uploads.records.values())
    assert list(objects.objects) == [loaded[0].object_key]
