"""UploadCsv with an object that is already in the archive: recorded by its key, never stored again."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError, UploadStatus

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n"
DUPLICATED = b"id,name\n1,Ana\n1,Ana\n"


def upload_csv() -> tuple[UploadCsv, InMemoryObjectStore, InMemoryUploadRepository]:
    uploads = InMemoryUploadRepository()
    objects = InMemoryObjectStore()
    datasets = InMemoryDatasetStore()
    use_case = UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(uploads, datasets),
        datasets=datasets,
        objects=objects,
        clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
    )
    return use_case, objects, uploads


def command(content: bytes, archived_key: str | None) -> UploadCommand:
    return UploadCommand(
        dataset="sales",
        on_error=OnError.REJECT,
        filename="2026-12-01.csv",
        uploaded_by="system-id",
        role=Role.UPLOADER,
        source=io.BytesIO(content),
        archived_key=archived_key,
    )


async def test_an_archived_object_is_recorded_by_its_key_and_not_stored_again() -> None:
    use_case, objects, uploads = upload_csv()

    upload = await use_case(command(CLEAN, "incoming/2026-12-01.csv"))

    assert upload.status is UploadStatus.LOADED
    assert upload.object_key == "incoming/2026-12-01.csv"
    assert uploads.records[upload.id].object_key == "incoming/2026-12-01.csv"
    assert objects.objects == {}


async def test_a_rejected_archived_object_is_recorded_by_its_key_too() -> None:
    use_case, objects, _ = upload_csv()

    upload = await use_case(command(DUPLICATED, "incoming/bad.csv"))

    assert upload.status is UploadStatus.REJECTED
    assert upload.object_key == "incoming/bad.csv"
    assert objects.objects == {}


async def test_without_an_archived_key_the_file_is_archived_under_a_new_key() -> None:
    use_case, objects, _ = upload_csv()

    upload = await use_case(command(CLEAN, None))

    assert upload.object_key == f"sales/2026/12/01/{upload.id}.csv"
    assert objects.objects[upload.object_key] == CLEAN
