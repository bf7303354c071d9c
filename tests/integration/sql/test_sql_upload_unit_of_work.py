"""The SQL unit of work on every database: one transaction for an upload's record, rows and lock,
committed only when asked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import pytest
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine
from tests.integration.sql.conftest import MakeUpload
from tests.support.sql_loads import add_upload, save_upload

from adapters.sql.dataset_tables import dataset_table_name
from adapters.sql.sql_dataset_store import SqlDatasetStore
from adapters.sql.sql_upload_repository import SqlUploadRepository
from adapters.sql.sql_upload_unit_of_work import SqlUploadUnits
from application.ports.dataset_store import LoadPlan
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
from domain.validation.typed_row import TypedRow

pytestmark = pytest.mark.integration

COLUMNS = (Column("id", "ID", ColumnType.INTEGER), Column("name", "Name", ColumnType.STRING))


async def two_rows() -> AsyncIterator[Sequence[TypedRow]]:
    yield [TypedRow(2, (1, "Ana")), TypedRow(3, (2, "Luis"))]


async def has_table(engine: AsyncEngine, name: str) -> bool:
    async with engine.connect() as connection:
        return bool(await connection.run_sync(lambda sync: inspect(sync).has_table(name)))


async def test_rolls_back_uncommitted_work_by_default(engine: AsyncEngine, make_upload: MakeUpload) -> None:
    upload = make_upload("u-1")

    async with SqlUploadUnits(engine)() as uow:
        await uow.datasets.stage(upload.id, COLUMNS, two_rows(), LoadPlan())
        await uow.datasets.lock("sales")
        assert (await uow.datasets.load(upload)).inserted == 2
        await uow.uploads.add(upload)

    assert await SqlUploadRepository(engine).get("u-1") is None
    assert await SqlDatasetStore(engine).describe("sales") is None
    assert not await has_table(engine, dataset_table_name("sales"))


async def test_rolls_back_on_error(engine: AsyncEngine, make_upload: MakeUpload) -> None:
    upload = make_upload("u-1")

    with pytest.raises(RuntimeError, match="after the load"):
        async with SqlUploadUnits(engine)() as uow:
            await uow.datasets.stage(upload.id, COLUMNS, two_rows(), LoadPlan())
            await uow.datasets.lock("sales")
            await uow.datasets.load(upload)
            await uow.uploads.save(upload)
            raise RuntimeError("a bug after the load")

    assert await SqlUploadRepository(engine).get("u-1") is None
    assert await SqlDatasetStore(engine).describe("sales") is None


async def test_commit_keeps_the_record_and_the_rows_together(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    upload = make_upload("u-1")

    async with SqlUploadUnits(engine)() as uow:
        await uow.datasets.stage(upload.id, COLUMNS, two_rows(), LoadPlan())
        await uow.datasets.lock("sales")
        result = await uow.datasets.load(upload)
        upload.count_loaded(inserted=result.inserted, updated=result.updated)
        await uow.uploads.save(upload)
        await uow.commit()

    assert await SqlUploadRepository(engine).get("u-1") == upload
    info = await SqlDatasetStore(engine).describe("sales")
    assert info is not None and info.row_count == 2


async def test_a_unit_of_work_reads_its_own_uncommitted_writes(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    upload = make_upload("u-1", status=UploadStatus.LOADED)

    async with SqlUploadUnits(engine)() as uow:
        await uow.uploads.add(upload)
        assert await uow.uploads.get("u-1") == upload
        found = await uow.uploads.find_loaded("sales", upload.sha256)

    assert found is not None and found.id == "u-1"
    assert await SqlUploadRepository(engine).get("u-1") is None


async def test_load_refuses_to_run_without_the_datasets_lock(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    upload = make_upload("u-1")

    with pytest.raises(RuntimeError, match="lock"):
        async with SqlUploadUnits(engine)() as uow:
            await uow.datasets.stage(upload.id, COLUMNS, two_rows(), LoadPlan())
            await uow.datasets.load(upload)


async def test_rows_are_staged_before_anything_else_is_written(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    upload = make_upload("u-1")

    with pytest.raises(RuntimeError, match="stage the rows first"):
        async with SqlUploadUnits(engine)() as uow:
            await uow.uploads.add(upload)
            await uow.datasets.stage(upload.id, COLUMNS, two_rows(), LoadPlan())

    assert await SqlUploadRepository(engine).get("u-1") is None


async def test_an_added_upload_reads_back_equal(engine: AsyncEngine, make_upload: MakeUpload) -> None:
    upload = make_upload("u-1")

    await add_upload(engine, upload)

    assert await SqlUploadRepository(engine).get("u-1") == upload


async def test_save_overwrites_outcome_and_report(engine: AsyncEngine, make_upload: MakeUpload) -> None:
    repository = SqlUploadRepository(engine)
    upload = make_upload("u-1")
    await add_upload(engine, upload)
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

    await save_upload(engine, upload)

    assert await repository.get("u-1") == upload


async def test_save_records_an_upload_that_was_never_added(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    upload = make_upload("u-9", status=UploadStatus.FAILED)

    await save_upload(engine, upload)

    assert await SqlUploadRepository(engine).get("u-9") == upload


async def test_find_loaded_matches_only_loaded_content_of_that_dataset(
    engine: AsyncEngine, make_upload: MakeUpload
) -> None:
    await add_upload(engine, make_upload("rejected", sha256="c" * 64, status=UploadStatus.REJECTED))
    await add_upload(
        engine, make_upload("other-ds", dataset="other", sha256="c" * 64, status=UploadStatus.LOADED)
    )
    await add_upload(engine, make_upload("loaded", sha256="c" * 64, status=UploadStatus.LOADED, minutes=1))

    async with SqlUploadUnits(engine)() as uow:
        found = await uow.uploads.find_loaded("sales", "c" * 64)
        missing = await uow.uploads.find_loaded("sales", "d" * 64)

    assert found is not None and found.id == "loaded"
    assert missing is None
