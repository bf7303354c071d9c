"""An upload as the HTTP API answers it: its own struct, so the entity can change without changing the
JSON clients read (the fields and their order are those the API has always sent).

The class is named `Upload` because that is its name in the OpenAPI document; callers import it as
`UploadResource` to keep it apart from the entity.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from domain.uploads import upload as entity
from domain.uploads.upload import LoadMode, OnError, RefusalReason, UploadProgress, UploadStatus
from domain.validation.report import Column, RowCounts, Validation


class Upload(msgspec.Struct, kw_only=True):
    id: str
    dataset: str
    status: UploadStatus
    filename: str
    bytes: int
    sha256: str
    object_key: str
    uploaded_by: str
    created_at: datetime
    # The defaults are the entity's, so the OpenAPI document describes the same object as before.
    on_error: OnError = OnError.REJECT
    encoding: str | None = None
    delimiter: str | None = None
    rows: RowCounts = msgspec.field(default_factory=RowCounts)
    columns: tuple[Column, ...] = ()
    validations: tuple[Validation, ...] = ()
    insights: dict[str, Any] | None = None
    failure: str | None = None
    mode: LoadMode = LoadMode.APPEND
    # The contract version the file was checked against (None until the upload was validated).
    schema_version: int | None = None
    # Of `rows.loaded`: rows new to the dataset, and rows that replaced one with the same key (upsert).
    inserted: int = 0
    updated: int = 0
    # A queued upload's phase and rows so far (None for an upload processed in its request).
    progress: UploadProgress | None = None
    # The upload this one corrects (POST /uploads/{id}/corrections), if any.
    corrects: str | None = None
    # Only for status `refused`: duplicate | too_large | unsupported (the sentence is in `failure`).
    refusal: RefusalReason | None = None

    @classmethod
    def of(cls, upload: entity.Upload) -> Upload:
        return cls(**{name: getattr(upload, name) for name in cls.__struct_fields__})
