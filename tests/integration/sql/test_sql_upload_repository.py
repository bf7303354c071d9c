from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.sql_upload_repository import SqlUploadRepository
from domain.uploads.upload import OnError, UploadStatus
from domain.validation.report import (
    Column,
    ColumnType,
    RowCounts,
    RuleStatus,
    Sample,
    Severity,
    Validation,
)

pytestmark = pytest.mark.integration


async def test_an_added_upload_reads_back_equal(engine: AsyncEngine, make_upload) -> None:
    repository = SqlUploadRepository(engine)
    upload = make_upload("u-1")

    await repository.add(upload)

    assert await repository.get("u-1") == upload


async def test_an_unknown_upload_is_none(engine: AsyncEngine) -> None:
    assert await SqlUploadRepository(engine).get("missing") is None


async def test_save_overwrites_outcome_and_report(engine: AsyncEngine, make_upload) -> None:
    repository = SqlUploadRepository(engine)
    upload = make_upload("u-1")
    await repository.add(upload)
    big_samples = tuple(Sample(row=i, column="name", value="Pérez 😀" * 3, message="x") for i in range(2000))
    upload.status = UploadStatus.LOADED
    upload.on_error = OnError.SKIP
    upload.encoding, upload.delimiter = "utf-8", ";"
    upload.rows = RowCounts(total=10, valid=8, invalid=2, loaded=8)
    upload.columns = (Column("name", "Name", ColumnType.STRING, required=True),)
    upload.validations = (
        Validation("missing-value", "Missing", Severity.ERROR, RuleStatus.FAILED, 2000, True, big_samples),
    )
    upload.insights = {"summary": "ok", "scores": [1, 2.5]}
    upload.failure = "nothing"

    await repository.save(upload)

    assert await repository.get("u-1") == upload


async def test_save_records_an_upload_that_was_never_added(engine: AsyncEngine, make_upload) -> None:
    repository = SqlUploadRepository(engine)
    upload = make_upload("u-9", status=UploadStatus.FAILED)

    await repository.save(upload)

    assert await repository.get("u-9") == upload


async def test_list_is_newest_first_paged_and_counted(engine: AsyncEngine, make_upload) -> None:
    repository = SqlUploadRepository(engine)
    for minute in range(5):
        await repository.add(make_upload(f"mine-{minute}", minutes=minute))
    await repository.add(make_upload("theirs", uploaded_by="user-2", minutes=10))

    first, total = await repository.list(uploaded_by="user-1", limit=2, offset=0)
    second, _ = await repository.list(uploaded_by="user-1", limit=2, offset=2)
    last, _ = await repository.list(uploaded_by="user-1", limit=2, offset=4)

    assert total == 5
    assert [u.id for u in first + second + last] == [f"mine-{m}" for m in (4, 3, 2, 1, 0)]


async def test_list_without_owner_shows_everyones(engine: AsyncEngine, make_upload) -> None:
    repository = SqlUploadRepository(engine)
    await repository.add(make_upload("a", uploaded_by="user-1", minutes=1))
    await repository.add(make_upload("b", uploaded_by="user-2", minutes=2))

    page, total = await repository.list(uploaded_by=None, limit=10, offset=0)

    assert (total, [u.id for u in page]) == (2, ["b", "a"])


async def test_find_loaded_matches_only_loaded_content_of_that_dataset(
    engine: AsyncEngine, make_upload
) -> None:
    repository = SqlUploadRepository(engine)
    await repository.add(make_upload("rejected", sha256="c" * 64, status=UploadStatus.REJECTED))
    await repository.add(
        make_upload("other-ds", dataset="other", sha256="c" * 64, status=UploadStatus.LOADED)
    )
    await repository.add(make_upload("loaded", sha256="c" * 64, status=UploadStatus.LOADED, minutes=1))

    found = await repository.find_loaded("sales", "c" * 64)

    assert found is not None and found.id == "loaded"
    assert await repository.find_loaded("sales", "d" * 64) is None


async def test_an_id_with_a_nul_is_simply_not_found(engine: AsyncEngine) -> None:
    assert await SqlUploadRepository(engine).get("u-1\x00") is None
