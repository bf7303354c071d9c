"""Attempts refused before validation leave a small record for their sender's history (never the file)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.errors import ContentAlreadyLoaded, PayloadTooLarge, UnsupportedContent
from application.use_cases.upload_csv import UploadCommand, UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError, RefusalReason, Upload, UploadStatus
from domain.uploads.upload_policy import UploadPolicy

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n"


class World:
    def __init__(self, max_bytes: int | None = None) -> None:
        self.uploads = InMemoryUploadRepository()
        self.datasets = InMemoryDatasetStore()
        self.objects = InMemoryObjectStore()
        self.upload_csv = UploadCsv(
            validator=VALIDATOR,
            units=FakeUploadUnits(self.uploads, self.datasets),
            datasets=self.datasets,
            objects=self.objects,
            clock=FixedClock(datetime(2026, 12, 1, 12, 0, tzinfo=UTC)),
            policy=UploadPolicy(max_bytes=max_bytes),
        )

    async def upload(self, content: bytes, filename: str = "sales.csv") -> Upload:
        return await self.upload_csv(
            UploadCommand(
                dataset="sales",
                on_error=OnError.REJECT,
                filename=filename,
                uploaded_by="user-1",
                role=Role.UPLOADER,
                source=io.BytesIO(content),
            )
        )

    def refused(self) -> list[Upload]:
        return [u for u in self.uploads.records.values() if u.status is UploadStatus.REFUSED]


async def test_a_second_copy_of_loaded_content_is_recorded_refused_as_a_duplicate() -> None:
    world = World()
    first = await world.upload(CLEAN)

    with pytest.raises(ContentAlreadyLoaded):
        await world.upload(CLEAN, filename="C:\\exports\\again.csv")

    [refused] = world.refused()
    assert refused.refusal is RefusalReason.DUPLICATE
    assert (refused.filename, refused.bytes, refused.dataset, refused.uploaded_by) == (
        "again.csv",
        len(CLEAN),
        "sales",
        "user-1",
    )
    assert first.id in (refused.failure or "")
    # Nothing of the refused copy is stored, and the content still counts as loaded once.
    assert (refused.object_key, refused.sha256) == ("", "")
    assert list(world.objects.objects) == [first.object_key]
    assert len(world.datasets.rows["sales"]) == 2


async def test_binary_content_is_recorded_refused_as_unsupported() -> None:
    world = World()

    with pytest.raises(UnsupportedContent):
        await world.upload(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), filename="photo.png")

    [refused] = world.refused()
    assert refused.refusal is RefusalReason.UNSUPPORTED and refused.filename == "photo.png"
    assert world.objects.objects == {}


async def test_a_file_over_the_limit_is_recorded_refused_as_too_large() -> None:
    world = World(max_bytes=10)

    with pytest.raises(PayloadTooLarge):
        await world.upload(CLEAN)

    [refused] = world.refused()
    assert refused.refusal is RefusalReason.TOO_LARGE and refused.bytes == len(CLEAN)


async def test_a_refusal_is_answered_alike_when_its_record_cannot_be_written() -> None:
    world = World(max_bytes=10)
    world.uploads.available = False

    with pytest.raises(PayloadTooLarge):
        await world.upload(CLEAN)


async def test_a_rejected_upload_is_not_a_refused_one() -> None:
    world = World()

    upload = await world.upload(b"id,id\n1,2\n")

    assert upload.status is UploadStatus.REJECTED and upload.refusal is None
    assert world.refused() == []


async def test_refused_attempts_are_listed_in_the_history_with_their_reason() -> None:
    world = World()
    await world.upload(CLEAN)
    with pytest.raises(ContentAlreadyLoaded):
        await world.upload(CLEAN)

    items, total = await world.uploads.list(uploaded_by="user-1", limit=10, offset=0)

    assert total == 2
    assert sorted((item.status.value, item.refusal) for item in items) == [
        ("loaded", None),
        ("refused", RefusalReason.DUPLICATE),
    ]
