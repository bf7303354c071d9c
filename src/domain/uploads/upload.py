"""The Upload entity: one file sent for one dataset, with its outcome and report."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec

from domain.validation.report import Column, RowCounts, Validation


class UploadStatus(StrEnum):
    RECEIVED = "received"
    LOADED = "loaded"
    REJECTED = "rejected"
    FAILED = "failed"


class OnError(StrEnum):
    """What to load when error-level validations fail."""

    REJECT = "reject"
    SKIP = "skip"
    ACCEPT = "accept"


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
    on_error: OnError = OnError.REJECT
    encoding: str | None = None
    delimiter: str | None = None
    rows: RowCounts = msgspec.field(default_factory=RowCounts)
    columns: tuple[Column, ...] = ()
    validations: tuple[Validation, ...] = ()
    insights: dict[str, object] | None = None
    failure: str | None = None
