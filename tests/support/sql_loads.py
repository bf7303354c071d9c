"""Writing through the SQL unit of work in adapter tests, as UploadCsv does (without its checks)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import msgspec
from sqlalchemy import Select, Table, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.dataset_tables import UPLOAD_KEY
from adapters.sql.sql_upload_unit_of_work import SqlUploadUnits
from adapters.sql.upload_keys import upload_keys
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


def with_upload_ids(table: Table) -> Select[Any]:
    """The table's rows with their upload's id first (in place of its integer key), as tests name it."""
    rest = [column for column in table.c if column.name != UPLOAD_KEY]
    return select(upload_keys.c.upload_id.label(UPLOAD_KEY), *rest).join(
        upload_keys, upload_keys.c.upload_key == table.c[UPLOAD_KEY]
    )


async def add_upload(engine: AsyncEngine, upload: Upload) -> None:
    async with SqlUploadUnits(engine)() as uow:
        await uow.uploads.add(upload)
        await uow.commit()


async def save_upload(engine: AsyncEngine, upload: Upload) -> None:
    async with SqlUploadUnits(engine)() as uow:
        await uow.uploads.save(upload)
        await uow.commit()
