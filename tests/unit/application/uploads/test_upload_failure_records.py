"""What an upload's record says after a failure must be what happened, never more or less."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository

from application.errors import DatabaseUnavailable
from application.ports.dataset_store import LoadPlan, LoadResult
from application.use_cases.upload_csv import UploadCommand, UploadCsv
from domain.uploads.upload import OnError, Upload, UploadStatus
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n"


class LostAfterCommit(InMemoryDatasetStore):
    """The load commits, then the connection drops before the acknowledgement reaches the service."""

    async def load(
        self,
        upload: Upload,
        columns: Sequence[Column],
        batches: AsyncIterator[Sequence[TypedRow]],
        plan: LoadPlan | None = None,
    ) -> LoadResult:
        await super().load(upload, columns, batches, plan)
        raise DatabaseUnavailable("the connection was lost during COMMIT")


async def test_a_load_that_committed_is_not_recorded_failed_when_its_acknowledgement_is_lost() -> None:
    uploads = InMemoryUploadRepository()
    datasets = LostAfterCommit(uploads)
    upload_csv = UploadCsv(
        uploads=uploads,
        datasets=datasets,
        objects=InMemoryObjectStore(),
        clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
    )
    command = UploadCommand(
        dataset="sales", on_error=OnError.REJECT, filename="a.csv", uploaded_by="u", source=io.BytesIO(CLEAN)
    )

    with pytest.raises(DatabaseUnavailable):
        await upload_csv(command)

    [record] = uploads.records.values()
    assert len(datasets.rows["sales"]) == 2
    assert record.status is UploadStatus.LOADED and record.failure is None
