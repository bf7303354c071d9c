"""UploadCsv writes through units of work: what each one commits, and what a failure leaves behind."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadRecords, FakeUploadUnitOfWork, FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.errors import ContentAlreadyLoaded, DatabaseUnavailable
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError, Upload, UploadStatus

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n"
BROKEN = b"id,name\n1,Ana\n1,Ana\n"


def command(content: bytes = CLEAN, uploaded_by: str = "user-1") -> UploadCommand:
    return UploadCommand(
        dataset="sales",
        on_error=OnError.REJECT,
        filename="sales.csv",
        uploaded_by=uploaded_by,
        role=Role.UPLOADER,
        source=io.BytesIO(content),
    )


class World:
    def __init__(self, unit: type[FakeUploadUnitOfWork] = FakeUploadUnitOfWork) -> None:
        self.uploads = InMemoryUploadRepository()
        self.datasets = InMemoryDatasetStore()
        self.objects = InMemoryObjectStore()
        self.units = FakeUploadUnits(self.uploads, self.datasets, unit=unit)
        self.upload_csv = UploadCsv(
            validator=VALIDATOR,
            units=self.units,
            datasets=self.datasets,
            objects=self.objects,
            clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
        )

    def loading_unit(self) -> FakeUploadUnitOfWork:
        [unit] = [u for u in self.units.opened if u.datasets.loaded]
        return unit


async def test_the_rows_and_the_loaded_record_commit_in_one_unit_of_work() -> None:
    world = World()

    upload = await world.upload_csv(command())

    unit = world.loading_unit()
    assert unit.committed
    assert world.uploads.records[upload.id].status is UploadStatus.LOADED
    assert world.uploads.records[upload.id].rows.loaded == len(world.datasets.rows["sales"]) == 2


async def test_a_rejected_upload_is_recorded_without_touching_the_dataset() -> None:
    world = World()

    upload = await world.upload_csv(command(BROKEN))

    assert upload.status is UploadStatus.REJECTED
    assert not any(unit.datasets.loaded for unit in world.units.opened)
    assert world.datasets.rows == {} and world.datasets.plans == []
    assert world.uploads.records[upload.id].status is UploadStatus.REJECTED


class SaveFailsOnceLoaded(FakeUploadRecords):
    async def save(self, upload: Upload) -> None:
        if upload.status is UploadStatus.LOADED:
            raise DatabaseUnavailable("the connection dropped while saving the record")
        await super().save(upload)


class RecordCannotBeSaved(FakeUploadUnitOfWork):
    def __init__(self, uploads: InMemoryUploadRepository, datasets: InMemoryDatasetStore) -> None:
        super().__init__(uploads, datasets)
        self.uploads = SaveFailsOnceLoaded(uploads)


async def test_rows_loaded_before_a_failed_record_save_are_rolled_back() -> None:
    world = World(unit=RecordCannotBeSaved)

    with pytest.raises(DatabaseUnavailable):
        await world.upload_csv(command())

    assert not world.loading_unit().committed
    assert world.datasets.rows == {}
    [record] = world.uploads.records.values()
    assert record.status is UploadStatus.FAILED and record.rows.loaded == 0


class AnotherProcessLoadsFirst(FakeUploadUnitOfWork):
    """While this upload waited for the dataset's lock, another process loaded the same content."""

    async def __aenter__(self) -> AnotherProcessLoadsFirst:
        lock = self.datasets.lock

        async def lock_after_the_other(dataset: str) -> None:
            await lock(dataset)
            theirs = Upload(
                id="theirs",
                dataset=dataset,
                status=UploadStatus.LOADED,
                filename="same.csv",
                bytes=len(CLEAN),
                sha256=hashlib.sha256(CLEAN).hexdigest(),
                object_key="sales/theirs.csv",
                uploaded_by="user-1",
                created_at=datetime(2026, 11, 30, tzinfo=UTC),
            )
            self.uploads.repository.records["theirs"] = theirs

        self.datasets.lock = lock_after_the_other  # type: ignore[method-assign]
        return self


async def test_content_loaded_by_another_process_meanwhile_is_refused_under_the_lock() -> None:
    world = World(unit=AnotherProcessLoadsFirst)

    with pytest.raises(ContentAlreadyLoaded, match="by upload theirs"):
        await world.upload_csv(command())

    assert world.datasets.rows == {}
    assert not any(unit.committed and unit.datasets.loaded for unit in world.units.opened)
    ours = next(u for u in world.uploads.records.values() if u.id != "theirs")
    assert ours.status is UploadStatus.FAILED
    assert ours.object_key not in world.objects.objects  # the copy it archived was not kept
