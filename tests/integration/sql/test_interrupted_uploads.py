"""The repository fails stale `received` uploads in one conditional update, on every database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.integration.sql.conftest import MakeUpload
from tests.support.sql_loads import add_upload

from adapters.sql.sql_upload_repository import SqlUploadRepository
from domain.uploads.upload import UploadStatus

pytestmark = pytest.mark.integration


async def test_only_received_uploads_created_before_the_moment_are_failed(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    repository = SqlUploadRepository(engine)
    stale = make_upload("stale", minutes=0)
    fresh = make_upload("fresh", minutes=30)
    finished = make_upload("finished", minutes=0, status=UploadStatus.REJECTED)
    for upload in (stale, fresh, finished):
        await add_upload(engine, upload)

    count = await repository.fail_received_before(stale.created_at + timedelta(minutes=1), "interrupted")

    assert count == 1
    failed = await repository.get("stale")
    assert failed is not None and failed.status is UploadStatus.FAILED and failed.failure == "interrupted"
    assert failed.rows.loaded == 0
    assert (await repository.get("fresh")).status is UploadStatus.RECEIVED  # type: ignore[union-attr]
    assert (await repository.get("finished")).status is UploadStatus.REJECTED  # type: ignore[union-attr]
