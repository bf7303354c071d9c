"""The raw file is archived while it is validated, and nothing is loaded or rejected before it is archived."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import BinaryIO

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.errors import ObjectStoreUnavailable
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.contracts.table_schema import TableSchema
from domain.uploads.upload import OnError, UploadStatus
from domain.validation.report import Column, RuleStatus, Severity, Validation

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n3,Eva\n"
WITH_ERRORS = b"id,name\n1,Ana\n1,Ana\n"


class ValidationWitness:
    """A row rule that tells when validation has started, and can hold it until told to go on."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.release.set()
        self.cancelled_early = False

    def __call__(self, contract: TableSchema | None = None, /) -> Sequence[ValidationWitness]:
        return (self,)

    def start(self, columns: Sequence[Column]) -> None:
        self.started.set()
        self.cancelled_early = not self.release.wait(10)

    def observe(self, row: int, cells: Sequence[str]) -> None:
        pass

    def finish(self) -> Validation:
        return Validation("witness", "witness", Severity.INFO, RuleStatus.PASSED)


class ObservingStore(InMemoryObjectStore):
    """A put that waits until validation has begun (it never would if the two ran one after the other)."""

    def __init__(
        self,
        witness: ValidationWitness,
        datasets: InMemoryDatasetStore,
        uploads: InMemoryUploadRepository,
        *,
        fail: bool = False,
    ) -> None:
        super().__init__()
        self.witness = witness
        self.datasets = datasets
        self.uploads = uploads
        self.fail = fail
        self.rows_when_put_ended: dict[str, object] | None = None
        self.statuses_when_put_ended: list[UploadStatus] = []

    async def put(self, key: str, source: BinaryIO, *, size: int, sha256: str) -> None:
        began = await asyncio.to_thread(self.witness.started.wait, 5)
        assert began, "validation did not start while the file was being archived"
        await asyncio.sleep(0.05)  # time for a load that did not wait for the archive to begin
        self.rows_when_put_ended = dict(self.datasets.rows)
        self.statuses_when_put_ended = [upload.status for upload in self.uploads.records.values()]
        if self.fail:
            raise ObjectStoreUnavailable("the fake object store went down mid-put")
        await super().put(key, source, size=size, sha256=sha256)


def _world(
    *, fail: bool = False
) -> tuple[UploadCsv, ValidationWitness, ObservingStore, InMemoryUploadRepository]:
    uploads = InMemoryUploadRepository()
    datasets = InMemoryDatasetStore()
    witness = ValidationWitness()
    objects = ObservingStore(witness, datasets, uploads, fail=fail)
    use_case = UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(uploads, datasets),
        datasets=datasets,
        objects=objects,
        clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
        extra_rules=witness,
    )
    return use_case, witness, objects, uploads


def _command(content: bytes) -> UploadCommand:
    return UploadCommand(
        dataset="sales",
        on_error=OnError.REJECT,
        filename="s.csv",
        uploaded_by="u",
        role=Role.UPLOADER,
        source=io.BytesIO(content),
    )


async def test_the_file_is_archived_while_it_is_validated_and_loaded_only_after() -> None:
    upload_csv, _, objects, _ = _world()

    upload = await upload_csv(_command(CLEAN))

    assert upload.status is UploadStatus.LOADED
    assert objects.objects[upload.object_key] == CLEAN
    assert objects.rows_when_put_ended == {}
    assert len(objects.datasets.rows["sales"]) == 3


async def test_a_rejected_upload_is_recorded_only_once_its_file_is_archived() -> None:
    upload_csv, _, objects, _ = _world()

    upload = await upload_csv(_command(WITH_ERRORS))

    assert upload.status is UploadStatus.REJECTED
    assert objects.statuses_when_put_ended == [UploadStatus.RECEIVED]
    assert objects.objects[upload.object_key] == WITH_ERRORS


async def test_a_put_that_fails_loads_nothing_and_records_the_upload_failed_with_the_reason() -> None:
    upload_csv, _, objects, uploads = _world(fail=True)

    with pytest.raises(ObjectStoreUnavailable):
        await upload_csv(_command(CLEAN))

    (record,) = uploads.records.values()
    assert record.status is UploadStatus.FAILED
    assert record.failure == "the object store was unavailable; nothing was loaded"
    assert objects.datasets.rows.get("sales", []) == []
    assert objects.objects == {}


async def test_a_put_that_fails_stops_the_validation_running_beside_it() -> None:
    upload_csv, witness, _, uploads = _world(fail=True)
    witness.release.clear()  # validation holds at its start until released

    with pytest.raises(ObjectStoreUnavailable):
        await asyncio.wait_for(upload_csv(_command(CLEAN)), 5)

    (record,) = uploads.records.values()
    assert record.status is UploadStatus.FAILED
    witness.release.set()
