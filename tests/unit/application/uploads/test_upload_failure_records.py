"""What an upload's record says after a failure must be what happened, never more or less."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from tests.support.auth_fakes import FixedClock
from tests.support.fake_upload_units import FakeUploadUnitOfWork, FakeUploadUnits
from tests.support.upload_fakes import InMemoryDatasetStore, InMemoryObjectStore, InMemoryUploadRepository
from tests.support.validators import VALIDATOR

from application.errors import DatabaseUnavailable
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError, UploadStatus

pytestmark = pytest.mark.unit

CLEAN = b"id,name\n1,Ana\n2,Luis\n"


class LostAfterCommit(FakeUploadUnitOfWork):
    """The load commits, then the connection drops before the acknowledgement reaches the service."""

    async def commit(self) -> None:
        await super().commit()
        if self.datasets.loaded:
            raise DatabaseUnavailable("the connection was lost during COMMIT")


async def test_a_load_that_committed_is_not_recorded_failed_when_its_acknowledgement_is_lost() -> None:
    uploads = InMemoryUploadRepository()
    datasets = InMemoryDatasetStore()
    upload_csv = UploadCsv(
        validator=VALIDATOR,
        units=FakeUploadUnits(uploads, datasets, unit=LostAfterCommit),
        datasets=datasets,
        objects=InMemoryObjectStore(),
        clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)),
    )
    command = UploadCommand(
        dataset="sales",
        on_error=OnError.REJECT,
        filename="a.csv",
        uploaded_by="u",
        role=Role.UPLOADER,
        source=io.BytesIO(CLEAN),
    )

    with pytest.raises(DatabaseUnavailable):
        await upload_csv(command)

    [record] = uploads.records.values()
    assert len(datasets.rows["sales"]) == 2
    assert record.status is UploadStatus.LOADED and record.failure is None
