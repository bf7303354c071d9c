"""Writing through the SQL unit of work in adapter tests, as UploadCsv does (without its checks)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import msgspec
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.sql_upload_unit_of_work import SqlUploadUnits
from application.ports.clock import Clock
from application.ports.dataset_store import LoadPlan, LoadResult
from domain.uploads.upload import Upload
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


async def load_upload(
    engine: AsyncEngine,
    upload: Upload,
    columns: Sequence[Column],
    batches: AsyncIterator[Sequence[TypedRow]],
    plan: LoadPlan | None = None,
    *,
    clock: Clock | None = None,
) -> LoadResult:
    """Stage, lock, load, record `upload` with what the table received, commit."""
    async with SqlUploadUnits(engine, clock=clock)() as uow:
        await uow.datasets.stage(upload.id, columns, batches, plan or LoadPlan())
        await uow.datasets.lock(upload.dataset)
        result = await uow.datasets.load(upload)
        record = msgspec.structs.replace(upload)
        record.count_loaded(inserted=result.inserted, updated=result.updated)
        await uow.uploads.save(record)
        await uow.commit()
    return result


async def add_upload(engine: AsyncEngine, upload: Upload) -> None:
    async with SqlUploadUnits(engine)() as uow:
        await uow.uploads.add(upload)
        await uow.commit()


async def save_upload(engine: AsyncEngine, upload: Upload) -> None:
    async with SqlUploadUnits(engine)() as uow:
        await uow.uploads.save(upload)
        await uow.commit()
