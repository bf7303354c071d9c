"""The complete error download read back from the local object store, through the real SQL adapters."""

from __future__ import annotations

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
from application.uploads.upload_command import UploadCommand
from application.use_cases.download_invalid_rows import BATCH_ROWS, DownloadInvalidRows
from application.use_cases.upload_csv import UploadCsv
from domain.auth.claims import TokenClaims
from domain.auth.role import Role
from domain.uploads.upload import OnError

pytestmark = pytest.mark.integration

GOOD_ROWS = 3 * BATCH_ROWS
BAD_EVERY = 100  # one row in a hundred has a non-numeric amount


def content() -> bytes:
    lines = ["id,amount"]
    for n in range(1, GOOD_ROWS + 1):
        lines.append(f"{n},{'n/a' if n % BAD_EVERY == 0 else n * 2}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await upgrade_database(engine)
    yield engine
    await engine.dispose()


def claims(user_id: str, role: str) -> TokenClaims:
    return TokenClaims(
        sub=user_id,
        user_id=user_id,
        role=role,
        iat=0,
        nbf=0,
        exp=0,
        jti="j",
        iss="i",
        aud="a",
        sid="s",
        auth_time=0,
    )


async def test_every_invalid_row_comes_back_from_the_archived_object(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    uploads, datasets = SqlUploadRepository(engine), SqlDatasetStore(engine)
    objects = LocalDirectoryObjectStore(tmp_path / "objects")
    dataset = f"errs_{tmp_path.name[-8:].replace('-', '_').lower()}"
    upload = await UploadCsv(
        validator=VALIDATOR,
        units=SqlUploadUnits(engine),
        datasets=datasets,
        objects=objects,
        clock=SystemClock(),
    )(
        UploadCommand(
            dataset=dataset,
            on_error=OnError.SKIP,
            filename="amounts.csv",
            uploaded_by="owner",
            role=Role.UPLOADER,
            source=io.BytesIO(content()),
        )
    )
    assert upload.rows.invalid == GOOD_ROWS // BAD_EVERY

    found = await DownloadInvalidRows(
        validator=VALIDATOR, uploads=uploads, datasets=datasets, objects=objects
    )(upload.id, claims("owner", "uploader"))
    rows = [row async for batch in found.batches for row in batch]

    assert found.header == ("id", "amount")
    assert [row.row for row in rows] == [n + 1 for n in range(BAD_EVERY, GOOD_ROWS + 1, BAD_EVERY)]
    assert all(row.cells[1] == "n/a" and row.reasons[0].startswith("type-error (amount)") for row in rows)
