"""Loading an upload into a dataset with a primary key: stage, settle the clashes, move in one statement."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.load_modes import (
    append_new,
    clash_samples,
    count_where,
    first_of_its_key,
    held_by,
    insert_all,
    replace_all,
    upsert,
)
from adapters.sql.staging import drop_staging, stage
from application.ports.dataset_store import KeyClash, KeyClashes, LoadPlan, LoadResult
from domain.uploads.upload import LoadMode, Upload, UploadStatus
from domain.validation.report import Column
from domain.validation.typed_row import TypedRow


async def load_keyed(
    connection: AsyncConnection,
    table: Table,
    upload: Upload,
    columns: Sequence[Column],
    batches: AsyncIterator[Sequence[TypedRow]],
    plan: LoadPlan,
    upload_value: int | str,
) -> tuple[Upload, LoadResult]:
    """The upload in its final state and what the table received; all inside the caller's transaction.

    `upload_value` is what the rows carry in the table's upload column (its key, or its id)."""
    key = plan.key
    staging, _ = await stage(connection, table, columns, key, upload_value, batches)
    first = first_of_its_key(staging, key)
    held = held_by(table, staging, key)
    if plan.mode is LoadMode.REPLACE:
        kept = await _count(connection, count_where(staging, first))
        await connection.execute(replace_all(table))
        await connection.execute(insert_all(table, staging, key))
        result = LoadResult(inserted=kept)
    elif plan.mode is LoadMode.UPSERT:
        kept = await _count(connection, count_where(staging, first))
        updated = await _count(connection, count_where(staging, first, held))
        await connection.execute(upsert(connection.dialect, table, staging, key))
        result = LoadResult(inserted=kept - updated, updated=updated)
    else:
        if plan.settle is not None:
            upload = plan.settle(await _clashes(connection, table, staging, key))
        result = LoadResult()
        if upload.status is UploadStatus.LOADED:
            new = await _count(connection, count_where(staging, first, ~held))
            await connection.execute(append_new(table, staging, key))
            result = LoadResult(inserted=new)
    await drop_staging(connection, staging)
    return upload, result


async def _count(connection: AsyncConnection, query: object) -> int:
    return int((await connection.execute(query)).scalar_one())  # type: ignore[call-overload]


async def _clashes(
    connection: AsyncConnection, table: Table, staging: Table, key: Sequence[str]
) -> KeyClashes:
    count = await _count(connection, count_where(staging, held_by(table, staging, key)))
    if count == 0:
        return KeyClashes()
    rows = (await connection.execute(clash_samples(table, staging, key))).all()
    samples = tuple(
        KeyClash(row=row[0], key=tuple(str(value) for value in row[1:-1]), upload_id=row[-1]) for row in rows
    )
    return KeyClashes(count=count, samples=samples)
