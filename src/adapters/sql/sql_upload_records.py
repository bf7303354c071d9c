"""UploadRecords on one SQLAlchemy connection: the unit of work's view of the `uploads` table."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.database_errors import translate_database_errors
from adapters.sql.sql_upload_leases import held_by
from adapters.sql.upload_records import loaded_upload, row_to_upload, upload_to_row, upsert_upload
from adapters.sql.upload_tables import uploads
from domain.uploads.job_lease import JobLease
from domain.uploads.upload import Upload


class SqlUploadRecords:
    """Reads and writes join the unit of work's transaction; driver failures are translated."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, upload_id: str) -> Upload | None:
        if "\x00" in upload_id:
            return None  # PostgreSQL refuses NUL in text; no id has one, so there is nothing to find
        query = select(uploads).where(uploads.c.id == upload_id)
        async with translate_database_errors():
            row = (await self._connection.execute(query)).first()
        return None if row is None else row_to_upload(row)

    async def find_loaded(self, dataset: str, sha256: str) -> Upload | None:
        async with translate_database_errors():
            row = (await self._connection.execute(loaded_upload(dataset, sha256))).first()
        return None if row is None else row_to_upload(row)

    async def add(self, upload: Upload) -> None:
        async with translate_database_errors():
            await self._connection.execute(insert(uploads).values(upload_to_row(upload)))

    async def hold_lease(self, upload_id: str, lease: JobLease) -> bool:
        # A write, not a read: it takes the record's row lock (the database's write lock on SQLite)
        # until this transaction ends, so a requeue or a claim waits for our commit or rollback.
        statement = (
            update(uploads)
            .where(uploads.c.id == upload_id, held_by(lease))
            .values(lease_owner=uploads.c.lease_owner)
        )
        async with translate_database_errors():
            return bool((await self._connection.execute(statement)).rowcount)

    async def hold_against_cancel(self, upload_id: str) -> str | None:
        # A write that changes nothing takes the row's lock until this transaction ends: a cancel
        # asked for meanwhile waits, then finds the record final. On SQLite the database lock does it.
        hold = (
            update(uploads)
            .where(uploads.c.id == upload_id, uploads.c.cancel_reason.is_(None))
            .values(status=uploads.c.status)
        )
        async with translate_database_errors():
            if (await self._connection.execute(hold)).rowcount:
                return None
            reason = select(uploads.c.cancel_reason).where(uploads.c.id == upload_id)
            return (await self._connection.execute(reason)).scalar_one_or_none()

    async def save(self, upload: Upload) -> None:
        async with translate_database_errors():
            await upsert_upload(self._connection, upload)
