"""UploadCsv reports its steps to the Tracer port and its outcome to the UploadMetrics port."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import BinaryIO

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnits
from tests.support.observability_fakes import RecordingTracer, RecordingUploadMetrics
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.errors import ObjectStoreUnavailable
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError, UploadStatus

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n3,Eva\n"
WITH_ERRORS = b"id,name\n1,Ana\n1,Ana\n"


class SpanWitnessingObjectStore(InMemoryObjectStore):
    """Notes which spans were open while the object was stored."""

    def __init__(self, tracer: RecordingTracer) -> None:
        super().__init__()
        self.tracer = tracer
        self.spans_open_during_put: list[str] = []

    async def put(self, key: str, source: BinaryIO, *, size: int, sha256: str) -> None:
        self.spans_open_during_put = list(self.tracer.open)
        await super().put(key, source, size=size, sha256=sha256)


class World:
    def __init__(self) -> None:
        self.tracer = RecordingTracer()
        self.metrics = RecordingUploadMetrics()
        self.uploads = InMemoryUploadRepository()
        self.objects = SpanWitnessingObjectStore(self.tracer)
        self.datasets = InMemoryDatasetStore()
        self.upload_csv = UploadCsv(
            validator=VALIDATOR,
            units=FakeUploadUnits(self.uploads, self.datasets),
            datasets=self.datasets,
            objects=self.objects,
            clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
            tracer=self.tracer,
            metrics=self.metrics,
        )

    async def upload(self, content: bytes):  # type: ignore[no-untyped-def]
        return await self.upload_csv(
            UploadCommand(
                dataset="sales",
                on_error=OnError.REJECT,
                filename="sales.csv",
                uploaded_by="user-1",
                role=Role.UPLOADER,
                source=io.BytesIO(content),
            )
        )


async def test_a_loaded_upload_traces_the_put_beside_the_validation_then_the_load() -> None:
    world = World()

    await world.upload(CLEAN)

    assert sorted(world.tracer.finished[:2]) == ["object_store.put", "upload.validate"]
    assert world.tracer.finished[2:] == ["database.load"]
    # The file is archived while it is validated.
    assert world.objects.spans_open_during_put == ["upload.validate", "object_store.put"]
    assert world.metrics.finished_uploads == [(UploadStatus.LOADED, 3, 3)]


async def test_a_rejected_upload_is_counted_rejected_and_never_reaches_the_load_span() -> None:
    world = World()

    await world.upload(WITH_ERRORS)

    assert "database.load" not in world.tracer.finished
    assert world.metrics.finished_uploads == [(UploadStatus.REJECTED, 2, 0)]


async def test_an_outage_marks_its_span_failed_and_counts_the_upload_failed() -> None:
    world = World()
    world.objects.available = False

    with pytest.raises(ObjectStoreUnavailable):
        await world.upload(CLEAN)

    # The validation running beside the put stops with it.
    assert world.tracer.failed == ["object_store.put", "upload.validate"]
    assert world.metrics.finished_uploads == [(UploadStatus.FAILED, 0, 0)]
