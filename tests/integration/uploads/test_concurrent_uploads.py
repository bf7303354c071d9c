"""Two uploads of the same content at the same moment, through the real SQL adapters: one load, one 409."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.support.validators import VALIDATOR

from adapters.object_store.local_directory_object_store import LocalDirectoryObjectStore
from adapters.sql.engine import create_engine
from adapters.sql.migrate import upgrade_database
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_upload_repository import SqlUploadRepository
from adapters.sql.sql_upload_unit_of_work import SqlUploadUnits
from adapters.system_clock import SystemClock
from application.errors import Conflict
from application.uploads.upload_command import UploadCommand
from application.use_cases.upload_csv import UploadCsv
from domain.auth.role import Role
from domain.uploads.upload import OnError, UploadStatus

pytestmark = pytest.mark.integration

CONTENT = b"id,name\n" + b"".join(f"{i},name {i}\n".encode() for i in range(20_000))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await upgrade_database(engine)
    yield engine
    await engine.dispose()


async def test_the_same_file_sent_twice_at_once_loads_once(engine: AsyncEngine, tmp_path: Path) -> None:
    uploads = SqlUploadRepository(engine)
    datasets = SqlDatasetStore(engine)
    dataset = f"race_{tmp_path.name[-8:].replace('-', '_').lower()}"
    upload_csv = UploadCsv(
        validator=VALIDATOR,
        units=SqlUploadUnits(engine),
        datasets=datasets,
        objects=LocalDirectoryObjectStore(tmp_path / "objects"),
        clock=SystemClock(),
    )

    def command() -> UploadCommand:
        return UploadCommand(
            dataset=dataset,
            on_error=OnError.REJECT,
            filename="race.csv",
            uploaded_by="racer",
            role=Role.UPLOADER,
            source=io.BytesIO(CONTENT),
        )

    outcomes = await asyncio.gather(upload_csv(command()), upload_csv(command()), return_exceptions=True)

    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    loaded = [o for o in outcomes if not isinstance(o, BaseException)]
    assert len(loaded) == 1 and len(conflicts) == 1, outcomes
    info = await datasets.describe(dataset)
    assert info is not None and info.row_count == 20_000
    records, _ = await uploads.list(uploaded_by="racer", limit=10, offset=0)
    mine = sorted(r.status for r in records if r.dataset == dataset)
    # The one that waited its turn was refused before archiving: a refused attempt, never a second load.
    assert mine == [UploadStatus.LOADED, UploadStatus.REFUSED]
    archived = [path for path in (tmp_path / "objects").rglob("*.csv")]
    assert len(archived) == 1
