"""UploadRepository on SQLAlchemy Core: SQLite, PostgreSQL and SQL Server alike."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sql.database_errors import translate_database_errors
from adapters.sql.upload_records import (
    row_to_summary,
    row_to_upload,
)
from adapters.sql.upload_tables import uploads
from domain.uploads.upload import Upload, UploadStatus
from domain.uploads.upload_summary import UploadSummary

# A listing never reads the columns, samples or insights: they can be large, and a summary needs none.
_SUMMARY_COLUMNS = [column for column in uploads.c if column.name not in {"columns", "insights", "failure"}]


def list_query(uploaded_by: str | None, limit: int, offset: int) -> Select[Any]:
    # The id breaks ties between uploads of the same instant so pages never overlap; SQL Server also
    # needs the ORDER BY to accept OFFSET ... FETCH at all.
    query = select(*_SUMMARY_COLUMNS).order_by(uploads.c.created_at.desc(), uploads.c.id.desc())
    if uploaded_by is not None:
        query = query.where(uploads.c.uploaded_by == uploaded_by)
    return query.limit(limit).offset(offset)


def count_query(uploaded_by: str | None) -> Select[int]:
    query = select(func.count()).select_from(uploads)
    if uploaded_by is not None:
        query = query.where(uploads.c.uploaded_by == uploaded_by)
    return query


class SqlUploadRepository:
    """Upload records in the `uploads` table; connectivity failures raise DatabaseUnavailable."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get(self, upload_id: str) -> Upload | None:
        if "\x00" in upload_id:
            return None  # PostgreSQL refuses NUL in text; no id has one, so there is nothing to find
        async with translate_database_errors(), self._engine.connect() as connection:
            row = (await connection.execute(select(uploads).where(uploads.c.id == upload_id))).first()
        return None if row is None else row_to_upload(row)

    async def list(
        self, *, uploaded_by: str | None, limit: int, offset: int
    ) -> tuple[builtins.list[UploadSummary], int]:
        async with translate_database_errors(), self._engine.connect() as connection:
            rows = (await connection.execute(list_query(uploaded_by, limit, offset))).all()
            total = (await connection.execute(count_query(uploaded_by))).scalar_one()
        return [row_to_summary(row) for row in rows], int(total)

    async def fail_received_before(self, moment: datetime, reason: str) -> int:
        # Conditional on the status, so a record another process finishes meanwhile is left as it is.
        stale = update(uploads).where(
            uploads.c.status == UploadStatus.RECEIVED.value, uploads.c.created_at < moment
        )
        values = {"status": UploadStatus.FAILED.value, "failure": reason, "rows_loaded": 0}
        async with translate_database_errors(), self._engine.begin() as connection:
            result = await connection.execute(stale.values(values))
        return int(result.rowcount)
