"""Upload entity <-> `uploads` row, and the upsert both SQL adapters use to record an upload's state."""

from __future__ import annotations

from typing import Any

import msgspec
from sqlalchemy import Row, Select, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sql.upload_tables import uploads
from domain.uploads.upload import LoadMode, OnError, RefusalReason, Upload, UploadProgress, UploadStatus
from domain.uploads.upload_summary import RuleOutcome, UploadSummary, failed_rules
from domain.validation.report import Column, RowCounts, Validation


def upload_to_row(upload: Upload) -> dict[str, Any]:
    return {
        "id": upload.id,
        "dataset": upload.dataset,
        "status": upload.status.value,
        "filename": upload.filename,
        "bytes": upload.bytes,
        "sha256": upload.sha256,
        "object_key": upload.object_key,
        "uploaded_by": upload.uploaded_by,
        "created_at": upload.created_at,
        "on_error": upload.on_error.value,
        "encoding": upload.encoding,
        "delimiter": upload.delimiter,
        "rows_total": upload.rows.total,
        "rows_valid": upload.rows.valid,
        "rows_invalid": upload.rows.invalid,
        "rows_loaded": upload.rows.loaded,
        "columns": msgspec.json.encode(upload.columns).decode(),
        "validations": msgspec.json.encode(upload.validations).decode(),
        "insights": None if upload.insights is None else msgspec.json.encode(upload.insights).decode(),
        "failure": upload.failure,
        "mode": upload.mode.value,
        "schema_version": upload.schema_version,
        "rows_inserted": upload.inserted,
        "rows_updated": upload.updated,
        "progress": None if upload.progress is None else msgspec.json.encode(upload.progress).decode(),
        "corrects": upload.corrects,
        "refusal": None if upload.refusal is None else upload.refusal.value,
    }


def row_to_upload(row: Row[Any]) -> Upload:
    values = row._mapping
    insights = values["insights"]
    return Upload(
        id=values["id"],
        dataset=values["dataset"],
        status=UploadStatus(values["status"]),
        filename=values["filename"],
        bytes=values["bytes"],
        sha256=values["sha256"],
        object_key=values["object_key"],
        uploaded_by=values["uploaded_by"],
        created_at=values["created_at"],
        on_error=OnError(values["on_error"]),
        encoding=values["encoding"],
        delimiter=values["delimiter"],
        rows=_row_counts(values),
        columns=msgspec.json.decode(values["columns"], type=tuple[Column, ...]),
        validations=msgspec.json.decode(values["validations"], type=tuple[Validation, ...]),
        insights=None if insights is None else msgspec.json.decode(insights, type=dict[str, Any]),
        failure=values["failure"],
        mode=LoadMode(values["mode"]),
        schema_version=values["schema_version"],
        inserted=values["rows_inserted"],
        updated=values["rows_updated"],
        progress=_progress(values["progress"]),
        corrects=values["corrects"],
        refusal=_refusal(values["refusal"]),
    )


def row_to_summary(row: Row[Any]) -> UploadSummary:
    values = row._mapping
    outcomes = msgspec.json.decode(values["validations"], type=tuple[RuleOutcome, ...])
    return UploadSummary(
        id=values["id"],
        dataset=values["dataset"],
        status=UploadStatus(values["status"]),
        filename=values["filename"],
        bytes=values["bytes"],
        object_key=values["object_key"],
        uploaded_by=values["uploaded_by"],
        created_at=values["created_at"],
        on_error=OnError(values["on_error"]),
        rows=_row_counts(values),
        failed_rules=failed_rules(outcomes),
        corrects=values["corrects"],
        refusal=_refusal(values["refusal"]),
    )


async def upsert_upload(connection: AsyncConnection, upload: Upload) -> None:
    """Update the record; insert it if it is not there yet (portable: no dialect-specific MERGE)."""
    row = upload_to_row(upload)
    result = await connection.execute(update(uploads).where(uploads.c.id == upload.id).values(row))
    if result.rowcount == 0:
        await connection.execute(insert(uploads).values(row))


def loaded_upload(dataset: str, sha256: str) -> Select[Any]:
    """The first upload that loaded this exact content into this dataset."""
    return (
        select(uploads)
        .where(
            uploads.c.dataset == dataset,
            uploads.c.sha256 == sha256,
            uploads.c.status == UploadStatus.LOADED.value,
        )
        .order_by(uploads.c.created_at)
        .limit(1)
    )


def _row_counts(values: Any) -> RowCounts:
    return RowCounts(
        total=values["rows_total"],
        valid=values["rows_valid"],
        invalid=values["rows_invalid"],
        loaded=values["rows_loaded"],
    )


def _progress(text: str | None) -> UploadProgress | None:
    return None if text is None else msgspec.json.decode(text, type=UploadProgress)


def _refusal(code: str | None) -> RefusalReason | None:
    return None if code is None else RefusalReason(code)
